from django.apps import AppConfig

from common.versions import versioned_by


class ReviewConfig(AppConfig):
    name = "review"
    verbose_name = "Review of workshop proposals"

    def ready(self):
        from . import personal_data  # noqa: F401 - answers accounts' request for a person's data (issue 17)

        model = self.get_model
        versioned_by(
            "review",
            model("ReviewRound"),
            model("Criterion"),
            model("Entry"),
            model("Assignment"),
            model("Score"),
            # The overview and the round show each entry's decision.
            model("Decision"),
            model("ProposerAnnouncement"),
        )
