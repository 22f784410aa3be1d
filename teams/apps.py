from django.apps import AppConfig


class TeamsConfig(AppConfig):
    name = "teams"
    verbose_name = "Issue teams"

    def ready(self):
        # Connects the receivers of accounts' role signals; imported here because they use the
        # models, which need the app registry ready.
        from . import receivers  # noqa: F401
