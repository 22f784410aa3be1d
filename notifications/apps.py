from django.apps import AppConfig

from common.versions import versioned_by


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        from . import receivers  # noqa: F401 - connects them to accounts' signals (needs the app registry)

        versioned_by("announcements", self.get_model("Announcement"))
