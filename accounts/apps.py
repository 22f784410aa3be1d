from django.apps import AppConfig

from common.versions import versioned_by


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        # Connects the receivers of allauth's signals; imported here because allauth's models need
        # the app registry ready.
        from . import receivers  # noqa: F401

        # What names and places a person on cached pages (the audit log, a meeting's attendees):
        # a rename shows at once there; a sign-in (last_login) changes nothing.
        versioned_by("people", self.get_model("User"), fields=("display_name", "email", "time_zone"))
