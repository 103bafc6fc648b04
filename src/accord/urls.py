from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("staff/", include("accord.backoffice.urls")),
    path("", include("accord.api.urls")),
    path("", include("accord.publish.urls")),
    path("", include("accord.portal.urls")),
]
