from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        # Connects the receivers of allauth's signals; imported here because allauth's models need
        # the app registry ready.
        from . import receivers  # noqa: F401
