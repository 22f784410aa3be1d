from django.apps import AppConfig

from common.versions import versioned_by


class TeamsConfig(AppConfig):
    name = "teams"
    verbose_name = "Issue teams"

    def ready(self):
        # Connects the receivers of accounts' role signals; imported here because they use the
        # models, which need the app registry ready.
        # personal_data answers accounts' request for a person's data (issue 17).
        from . import personal_data, receivers  # noqa: F401

        model = self.get_model
        versioned_by(
            "teams",
            model("Cycle"),
            model("IssueArea"),
            model("PolicyQuestion"),
            model("IssueTeam"),
            model("Membership"),
            model("FacilitatorRole"),
            model("CarryOverAnswer"),
        )
