from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "aid.core"
    verbose_name = "Clinic and content"
