from django.apps import AppConfig


class EducationConfig(AppConfig):
    name = "kunnskapsbro.education"
    label = "education"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Utdanningssamarbeid"
