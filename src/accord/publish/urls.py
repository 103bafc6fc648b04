from django.urls import path

from accord.publish import views

app_name = "publish"

urlpatterns = [
    path("staff/publish/", views.index, name="index"),
    path("staff/publish/list/", views.list_page, name="list"),
    path(
        "staff/publish/list.pdf", views.list_download, {"fmt": "pdf"}, name="list-pdf"
    ),
    path(
        "staff/publish/list.html",
        views.list_download,
        {"fmt": "html"},
        name="list-html",
    ),
    path("staff/publish/diff/", views.diff_page, name="diff"),
    path("staff/publish/diff/end/", views.end_dropped_page, name="end-dropped"),
    path("staff/publish/due/", views.due_page, name="due"),
    path("staff/publish/due/<int:agreement_id>/", views.mark_page, name="mark"),
]
