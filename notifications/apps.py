from django.apps import AppConfig

from common.versions import versioned_by


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        from . import (
            personal_data,  # noqa: F401 - answers accounts' request for a person's data (issue 17)
            receivers,  # noqa: F401 - connects them to accounts' signals (needs the app registry)
        )

        versioned_by("announcements", self.get_model("Announcement"))
