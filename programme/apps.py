from django.apps import AppConfig

from common.versions import versioned_by


class ProgrammeConfig(AppConfig):
    name = "programme"
    verbose_name = "Preparatory-phase programme"

    def ready(self):
        from . import (
            personal_data,  # noqa: F401 - answers accounts' request for a person's data (issue 17)
            receivers,  # noqa: F401 - connects them to accounts' signals (needs the app registry)
        )

        model = self.get_model
        versioned_by(
            "programme",
            model("ProgrammeSession"),
            model("Resource"),
            model("ResourceBooking"),
            model("ProgrammeRelease"),
        )
        # Personal choices change one person's schedule only: their own version.
        versioned_by("programme_selections", model("ProgrammeSelection"))
