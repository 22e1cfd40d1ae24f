from django.urls import path  # noqa: F401

from . import export_views, views

app_name = "interop"
urlpatterns: list = [
    path(
        "eksport/portefolje.<str:fmt>",
        export_views.portfolio_export,
        name="portfolio_export",
    ),
    # Import (issue 4): /data/import/...
    path("import/", views.import_list, name="import_list"),
    path("import/ny/", views.import_upload, name="import_upload"),
    path("import/mal.xlsx", views.import_template, name="import_template"),
    path("import/duplikater/", views.duplicate_list, name="duplicates"),
    path("import/duplikater/slaa-sammen/", views.project_merge, name="project_merge"),
    path("import/<int:pk>/", views.import_detail, name="import_detail"),
    path("import/<int:pk>/kolonner/", views.import_mapping, name="import_mapping"),
    path("import/<int:pk>/lagre/", views.import_commit, name="import_commit"),
]
