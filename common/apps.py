from django.apps import AppConfig


class CommonConfig(AppConfig):
    """What every app uses: time zones and the one time formatter (the `when` tag), forms' date and
    text limits, permission helpers, feedback messages and CSV export. It imports no app of ours."""

    name = "common"
