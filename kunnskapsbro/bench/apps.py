from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The synthetic national data generator and the benchmark of DESIGN.md §5."""

    name = "kunnskapsbro.bench"
    label = "bench"
    default_auto_field = "django.db.models.BigAutoField"
