from django.apps import AppConfig

from common.versions import versioned_by


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = "Intersessional registry"

    def ready(self):
        # An entry's issue areas are set in the same transaction as the entry's save, which bumps.
        versioned_by("registry", self.get_model("IntersessionalActivity"), self.get_model("ActivityCheck"))
