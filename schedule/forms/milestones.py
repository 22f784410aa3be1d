"""Forms of milestones and deliverables: what the secretariat publishes and teams report."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from common.forms import (
    DESCRIPTION_MAX,
    NOTE_MAX,
    LinkInput,
    LocalDateTimeField,
    ZonedForm,
    local_wall_clock,
    text_field,
)
from common.localized import TranslationsFormMixin
from common.timezones import TimeZoneChoiceField
from notifications.enums import DEFAULT_REMINDER_OFFSETS
from notifications.validators import MAX_REMINDER_DAYS, validate_reminder_offsets
from teams.forms import TeamChoiceField
from teams.models import IssueTeam

from ..enums import DeliverableStatus, MilestoneKind
from ..models import Milestone


class MilestoneForm(TranslationsFormMixin, ZonedForm):
    translated_fields = ("title", "description")

    title = forms.CharField(label=_("Title"), max_length=200)
    description = text_field(_("Description"), DESCRIPTION_MAX)
    kind = forms.ChoiceField(label=_("Kind"), choices=MilestoneKind.choices)
    due_local = LocalDateTimeField(label=_("Due (date and time)"))
    time_zone = TimeZoneChoiceField(
        label=_("in the time zone"), help_text=_("The time above is read in this zone and stored in UTC.")
    )
    all_teams = forms.BooleanField(label=_("All issue teams of the year"), required=False, initial=True)
    teams = TeamChoiceField(
        label=_("Or only these groups (of any kind)"),
        queryset=IssueTeam.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    requires_deliverable = forms.BooleanField(
        label=_("Each group in scope delivers something (deadlines only)"), required=False
    )
    is_public = forms.BooleanField(label=_("Show on the public timeline"), required=False, initial=True)
    reminder_offsets = forms.CharField(
        label=_("Reminders (days before)"),
        initial=", ".join(map(str, DEFAULT_REMINDER_OFFSETS)),
        required=False,
        max_length=100,
        help_text=_("Whole numbers of days, separated by commas; leave empty for no reminders."),
    )

    def __init__(self, *args, cycle, original_language=settings.LANGUAGE_CODE, translations=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The title and description in each other language, below the rest (milestone_form.html).
        self.add_translation_fields(original_language, translations)
        self.fields["teams"].queryset = IssueTeam.objects.filter(cycle=cycle).select_related("area")

    @classmethod
    def initial_for(cls, milestone: Milestone) -> dict:
        return {
            "title": milestone.title,
            "description": milestone.description,
            "kind": milestone.kind,
            "due_local": local_wall_clock(milestone.due_at, milestone.entered_time_zone),
            "time_zone": milestone.entered_time_zone,
            "all_teams": milestone.all_teams,
            "teams": list(milestone.teams.all()),
            "requires_deliverable": milestone.requires_deliverable,
            "is_public": milestone.is_public,
            "reminder_offsets": ", ".join(map(str, milestone.reminder_offsets)),
        }

    def clean_reminder_offsets(self):
        raw = self.cleaned_data["reminder_offsets"]
        offsets = []
        for part in raw.replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            try:
                days = int(part)
            except ValueError:
                raise forms.ValidationError(
                    _("“%(value)s” is not a whole number of days.") % {"value": part}
                ) from None
            if days <= 0:
                raise forms.ValidationError(
                    _("Reminder offsets must be 1 day or more; “%(value)s” is not.") % {"value": part}
                )
            if days > MAX_REMINDER_DAYS:
                raise forms.ValidationError(
                    _("Reminders go at most %(max)d days before; “%(value)s” is too many.")
                    % {"max": MAX_REMINDER_DAYS, "value": part}
                )
            offsets.append(days)
        offsets = sorted(set(offsets), reverse=True)
        validate_reminder_offsets(offsets)
        return offsets

    def clean(self):
        data = super().clean()
        if data.get("due_local"):
            data["due_at"] = data["due_local"]
        if not data.get("all_teams") and not data.get("teams"):
            self.add_error("teams", _("Choose the groups this milestone concerns, or all issue teams."))
        if data.get("requires_deliverable") and data.get("kind") != MilestoneKind.DEADLINE:
            self.add_error("requires_deliverable", _("Only a deadline can ask the teams for a deliverable."))
        return data

    def milestone_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "description": data["description"],
            "kind": data["kind"],
            "due_at": data["due_at"],
            "entered_time_zone": data["time_zone"],
            "all_teams": data["all_teams"],
            "requires_deliverable": data["requires_deliverable"],
            "is_public": data["is_public"],
            "reminder_offsets": data["reminder_offsets"],
            "translations": self.translations(),
        }


class DeliverableForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (DeliverableStatus.IN_PROGRESS, _("In progress")),
            (DeliverableStatus.SUBMITTED, _("Submitted")),
        ],
    )
    link = forms.URLField(
        label=_("Link"), required=False, assume_scheme="https", max_length=200, widget=LinkInput
    )
    note = text_field(_("Note"), NOTE_MAX, rows=3)

    def clean(self):
        data = super().clean()
        if data.get("status") == DeliverableStatus.SUBMITTED and not (
            data.get("link") or data.get("note", "").strip()
        ):
            self.add_error("link", _("Give a link or a note with what you submit."))
        return data


# --- Availability polls and meetings ---------------------------------------------------------
