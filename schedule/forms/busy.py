"""The form that adds one of a person's own calendars (their busy times): its private address or
its file."""

from django.utils.translation import gettext_lazy as _

from .outside import CalendarSourceForm


class BusyCalendarForm(CalendarSourceForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["url"].label = _("Private address (URL)")
        self.fields["url"].help_text = _(
            "Your calendar's secret .ics address: it is fetched now and again every six hours, "
            "and never shown again, only its site."
        )
        self.fields["upload"].label = _("Or a file")
