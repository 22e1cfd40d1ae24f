from django.urls import path  # noqa: F401

from . import export_views

app_name = "interop"
urlpatterns: list = [
    path(
        "eksport/portefolje.<str:fmt>",
        export_views.portfolio_export,
        name="portfolio_export",
    ),
]
