from django.apps import AppConfig

from common.versions import versioned_by


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = "Session proposals"

    def ready(self):
        from . import receivers  # noqa: F401 - connects them (needs the app registry)

        model = self.get_model
        versioned_by(
            "proposals",
            model("SessionKind"),
            model("Proposal"),
            model("ProposalEvent"),
            model("ProposalComment"),
            model("Panelist"),
            # Shown on the proposal's page (cached under this version): each nomination, its count.
            model("Nomination"),
            model("NominationSupport"),
        )
