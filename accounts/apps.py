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
        # A person's call hours change how the polls they are invited to judge each slot.
        versioned_by("people", self.get_model("CallHours"))
        # The audit log's pages: a new event shows at once, without asking the database for the newest.
        versioned_by("audit", self.get_model("AuditEvent"))
        self._version_permission_rows(user)

    @staticmethod
    def _version_permission_rows(user):
        """Permission rows (what ModelBackend reads) change by the admin's ticks: a person's or a
        group's permissions, a person's groups. Each such change gives "permissions" a new version."""
        from django.contrib.auth.models import Group, Permission
        from django.db.models.signals import m2m_changed

        from common.versions import version_bump

        def bump(sender, action, **kwargs):
            if action in ("post_add", "post_remove", "post_clear"):
                version_bump("permissions")

        for through in (user.user_permissions.through, user.groups.through, Group.permissions.through):
            m2m_changed.connect(
                bump, sender=through, weak=False, dispatch_uid=f"version:permissions:{through}"
            )
        versioned_by("permissions", Group, Permission)
