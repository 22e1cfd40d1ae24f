from django.apps import AppConfig


class InteropConfig(AppConfig):
    name = "kunnskapsbro.interop"
    label = "interop"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Import og eksport"
