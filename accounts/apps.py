from django.apps import AppConfig

from common.versions import versioned_by

# What pages show of a person beside their own (rosters, facilitators, balance tables): a change to
# one of these gives "people" a new version; a sign-in (last_login) or a role change does not.
SHOWN_FIELDS = frozenset(
    {"email", "display_name", "organisation", "stakeholder_group", "un_region", "gender"}
)


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        # Connects the receivers of allauth's signals; imported here because allauth's models need
        # the app registry ready.
        from . import receivers  # noqa: F401

        versioned_by("people", self.get_model("User"), fields=SHOWN_FIELDS)
