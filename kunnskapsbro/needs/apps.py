from django.apps import AppConfig


class NeedsConfig(AppConfig):
    name = "kunnskapsbro.needs"
    label = "needs"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Kunnskapsbehov"
