from django.contrib import admin
from django.urls import include, path

# Every address but the public pages: the same in each university's space
# (accord.spaces), which puts the portal under `u/<slug>/`.
shared = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("staff/", include("accord.backoffice.urls")),
    path("", include("accord.api.urls")),
    path("", include("accord.publish.urls")),
]
urlpatterns = [*shared, path("", include("accord.portal.urls"))]
