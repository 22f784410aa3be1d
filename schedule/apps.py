from django.apps import AppConfig


class ScheduleConfig(AppConfig):
    name = "schedule"
    verbose_name = "Schedule"

    def ready(self):
        from . import receivers  # noqa: F401 — connects them to teams' signals (needs the app registry)
