from django.apps import AppConfig

from common.versions import versioned_by


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        # Connects the receivers of allauth's signals; imported here because allauth's models need
        # the app registry ready.
        from . import receivers  # noqa: F401

        # What cached pages show of people (names and addresses in the audit log, a meeting's
        # attendees, the secretariat's queues; zones, groups and regions in rosters): any change
        # shows at once; a sign-in, which writes only last_login, changes nothing.
        user = self.get_model("User")
        versioned_by(
            "people", user, fields=tuple(f.name for f in user._meta.concrete_fields if f.name != "last_login")
        )
