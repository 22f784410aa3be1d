"""The forms of answering a meeting's invitation, marking who came, and a group's quorum rule."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import MaxCharsValidator
from teams.enums import QuorumKind
from teams.models import QUORUM_COUNT_MAX

from ..enums import ANSWERS, MeetingResponse
from ..models.meetings import RESPONSE_NOTE_MAX


class AnswerForm(forms.Form):
    response = forms.ChoiceField(label=_("Answer"), choices=ANSWERS, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=RESPONSE_NOTE_MAX,
        validators=[MaxCharsValidator(RESPONSE_NOTE_MAX)],
        help_text=_("Seen by the facilitators and the secretariat only."),
    )

    @classmethod
    def initial_for(cls, attendee, asked: str = "") -> dict:
        """The answer given so far (or the one a link asks for), and its note."""
        chosen = asked if asked in dict(ANSWERS) else attendee.response
        return {"response": chosen if chosen in dict(ANSWERS) else None, "note": attendee.response_note}


class AttendanceForm(forms.Form):
    """Who came, for a page of attendees (`shown`): one checkbox each, ticked for those marked
    present, or, for someone not marked yet, if they said they would attend."""

    present = forms.TypedMultipleChoiceField(
        label=_("Present"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    shown = forms.TypedMultipleChoiceField(coerce=int, required=False, widget=forms.MultipleHiddenInput)

    def __init__(self, *args, attendees, **kwargs):
        super().__init__(*args, **kwargs)
        self.attendees = attendees
        choices = [(a.pk, a.display_name) for a in attendees]
        self.fields["present"].choices = self.fields["shown"].choices = choices
        self.initial.setdefault("shown", [a.pk for a in attendees])
        self.initial.setdefault(
            "present",
            [
                a.pk
                for a in attendees
                if (a.present if a.present is not None else a.response == MeetingResponse.ATTENDING)
            ],
        )

    def rows(self):
        """Each attendee with their checkbox, for a table with their answer beside it."""
        boxes = {str(box.data["value"]): box for box in self["present"]}
        return [(attendee, boxes[str(attendee.pk)]) for attendee in self.attendees]


class QuorumForm(forms.Form):
    quorum_kind = forms.ChoiceField(label=_("Quorum rule"), choices=QuorumKind.choices)
    quorum_value = forms.IntegerField(
        label=_("Quorum (members or percent)"), required=False, min_value=1, max_value=QUORUM_COUNT_MAX
    )

    def clean(self):
        data = super().clean()
        kind, value = data.get("quorum_kind"), data.get("quorum_value")
        if kind == QuorumKind.NONE:
            data["quorum_value"] = None
        elif kind and value is None and "quorum_value" not in self.errors:
            self.add_error(
                "quorum_value", _("Say how many members, or what percent of them, make the quorum.")
            )
        elif kind == QuorumKind.SHARE and value is not None and value > 100:
            self.add_error("quorum_value", _("A share is at most 100 percent."))
        return data
