from django.apps import AppConfig


class IgfmagConfig(AppConfig):
    name = "igfmag"
    verbose_name = "igfmag"
