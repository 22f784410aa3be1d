from django.apps import AppConfig

from common.versions import versioned_by


class ScheduleConfig(AppConfig):
    name = "schedule"
    verbose_name = "Schedule"

    def ready(self):
        # Connects the receivers of teams' signals and accounts' request for a person's data (issue 17)
        # (they need the app registry).
        from . import personal_data, receivers  # noqa: F401

        model = self.get_model
        versioned_by("milestones", model("Milestone"), model("Deliverable"))
        versioned_by(
            "polls",
            model("AvailabilityPoll"),
            model("Slot"),
            model("Invitee"),
            model("Vote"),
            model("PollComment"),
        )
        # Adding or removing a busy calendar changes whether the polls ask for its busy times (what
        # a poll keeps of its reader); a fetch saves only its own fields and moves nothing.
        versioned_by("people", model("BusyCalendar"), fields=("user", "url"))
        versioned_by(
            "meetings",
            model("Meeting"),
            model("MeetingAttendee"),
            model("MeetingRecord"),
            model("Decision"),
            model("ActionItem"),
            model("ParkingLotItem"),
            # The meeting page keeps each reader's papers and written input in the cache.
            model("MeetingPaper"),
            model("AgendaInput"),
        )
