from django.apps import AppConfig

from common.versions import versioned_by


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = "Session proposals"

    def ready(self):
        # Connects the receivers, and the answer to accounts' request for a person's data (issue 17)
        # (they need the app registry).
        from . import personal_data, receivers  # noqa: F401

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
