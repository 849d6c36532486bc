from django.apps import AppConfig


class HandoutsConfig(AppConfig):
    name = "aid.handouts"
