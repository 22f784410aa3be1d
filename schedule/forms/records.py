"""The forms of a meeting's record: minutes and links, a decision, an action item, a parking-lot item."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import MARKDOWN_MAX, LocalDateTimeField, ZonedForm, text_field
from common.timezones import TimeZoneChoiceField

from ..enums import ActionItemStatus
from ..models.records import DECIDED_BY_MAX, ITEM_TEXT_MAX

SECRETARIAT = "secretariat"


def _link(label):
    return forms.URLField(label=label, required=False, assume_scheme="https", max_length=500)


class RecordForm(forms.Form):
    minutes = text_field(_("Minutes (Markdown)"), MARKDOWN_MAX, rows=12)
    recording_url = _link(_("Link to the recording"))
    transcript_url = _link(_("Link to the transcript"))
    report_url = _link(_("Link to the report"))

    @classmethod
    def initial_for(cls, record) -> dict:
        if record is None:
            return {}
        names = ("minutes", "recording_url", "transcript_url", "report_url")
        return {name: getattr(record, name) for name in names}


# The record page holds the four forms at once: each its own element ids (the field names stay).
class DecisionForm(forms.Form):
    ids = "decision-%s"
    text = text_field(_("Decision"), ITEM_TEXT_MAX, rows=3, required=True)
    decided_by = forms.CharField(
        label=_("Decided by"),
        max_length=DECIDED_BY_MAX,
        initial=_("the group"),
        help_text=_("For example: the group, the MAG, the chair."),
    )


class ActionItemForm(ZonedForm):
    ids = "action-%s"
    text = text_field(_("Action"), ITEM_TEXT_MAX, rows=2, required=True)
    owner = forms.ChoiceField(label=_("Who does it"))
    due_local = LocalDateTimeField(label=_("Due (date and time)"))
    time_zone = TimeZoneChoiceField(
        label=_("in the time zone"), help_text=_("The time above is read in this zone and stored in UTC.")
    )

    def __init__(self, *args, members: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [
            ("", "—"),
            (SECRETARIAT, _("The secretariat")),
            (_("Members of the group"), [(str(pk), name) for pk, name in members]),
        ]

    def action_fields(self) -> dict:
        """The keyword arguments of `action_item_add` the form gives."""
        data = self.cleaned_data
        chosen = data["owner"]
        return {
            "text": data["text"],
            "due_at": data["due_local"],
            "entered_time_zone": data["time_zone"],
            "owner_id": None if chosen == SECRETARIAT else int(chosen),
            "owner_is_secretariat": chosen == SECRETARIAT,
        }


class ParkingLotForm(forms.Form):
    ids = "parking-%s"
    text = text_field(_("Item for a later meeting"), ITEM_TEXT_MAX, rows=2, required=True)


class ActionItemStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ActionItemStatus.choices)
