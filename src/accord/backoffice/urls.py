from django.urls import path

from accord.backoffice import views

app_name = "backoffice"

urlpatterns = [
    path("", views.index, name="index"),
    path("changes/", views.changes, name="changes"),
    path(
        "changes/<str:model>/<int:history_id>/revert/",
        views.revert,
        name="revert",
    ),
    path("changes/set/revert/", views.revert_set, name="revert-set"),
    path("duplicates/", views.duplicates, name="duplicates"),
    path("duplicates/merge/", views.merge, name="merge"),
    path("merges/", views.merges, name="merges"),
    path("merges/<int:merge_id>/undo/", views.undo_merge, name="undo-merge"),
    path("import/", views.import_list, name="import"),
    path("import/<str:token>/", views.staged_import, name="import-staged"),
]
