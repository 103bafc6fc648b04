from django.urls import path

from accord.portal import language, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("results.<str:fmt>", views.download, name="download"),
    path("where/", views.where, name="where"),
    path("institutions/<int:pk>/", views.institution, name="institution"),
    path("documents/<int:pk>/", views.document_file, name="document"),
    path("countries/<slug:slug>/", views.country, name="country"),
    path("regions/<slug:slug>/", views.region, name="region"),
    path("statistics/", views.statistics_page, name="statistics"),
    path("map/", views.world_map, name="map"),
    path("about/", views.about, name="about"),
    path("language/<str:code>/", language.switch_language, name="language"),
]
