"""The forms of a meeting's record: minutes and links, a decision, an action item, a parking-lot item."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import MARKDOWN_MAX, LinkInput, LocalDateTimeField, ZonedForm, text_field
from common.timezones import TimeZoneChoiceField
from teams.member_choice import MemberField

from ..enums import ActionItemStatus
from ..models.records import DECIDED_BY_MAX, ITEM_TEXT_MAX

MEMBER = "member"
SECRETARIAT = "secretariat"


def _link(label):
    return forms.URLField(
        label=label, required=False, assume_scheme="https", max_length=500, widget=LinkInput
    )


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
    # A member of the group, named in a box (a list of them all grows with the group), or the
    # secretariat.
    owner_kind = forms.ChoiceField(
        label=_("Who does it"),
        choices=[(MEMBER, _("A member of the group")), (SECRETARIAT, _("The secretariat"))],
        initial=MEMBER,
        widget=forms.RadioSelect,
    )
    owner = MemberField(label=_("The member"), required=False)
    due_local = LocalDateTimeField(label=_("Due (date and time)"))
    time_zone = TimeZoneChoiceField(
        label=_("in the time zone"), help_text=_("The time above is read in this zone and stored in UTC.")
    )

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].for_team(team)

    def clean(self):
        data = super().clean()
        if data.get("owner_kind") == SECRETARIAT:
            data["owner"] = None  # what the box may still hold is not asked for
            self.errors.pop("owner", None)
        elif data.get("owner_kind") == MEMBER and "owner" not in self.errors and data.get("owner") is None:
            self.add_error("owner", _("Name the member who does it, or choose the secretariat."))
        return data

    def action_fields(self) -> dict:
        """The keyword arguments of `action_item_add` the form gives."""
        data = self.cleaned_data
        by_secretariat = data["owner_kind"] == SECRETARIAT
        return {
            "text": data["text"],
            "due_at": data["due_local"],
            "entered_time_zone": data["time_zone"],
            "owner_id": None if by_secretariat else data["owner"],
            "owner_is_secretariat": by_secretariat,
        }


class ParkingLotForm(forms.Form):
    ids = "parking-%s"
    text = text_field(_("Item for a later meeting"), ITEM_TEXT_MAX, rows=2, required=True)


class ActionItemStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ActionItemStatus.choices)
