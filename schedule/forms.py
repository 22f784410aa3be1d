from datetime import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from igfmag.timezones import zone_choices
from notifications.enums import DEFAULT_REMINDER_OFFSETS
from teams.models import IssueTeam

from .enums import DeliverableStatus, MilestoneKind
from .models import Milestone


class TeamChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, team):
        return team.area.name


def aware_from_local(naive: datetime, zone_name: str) -> datetime:
    """The UTC moment of a wall-clock time in a zone; a time the clocks skip is refused."""
    import zoneinfo
    from datetime import UTC

    zone = zoneinfo.ZoneInfo(zone_name)
    # Django's DateTimeField makes the value aware in the active zone; only its wall-clock matters.
    naive = naive.replace(tzinfo=None)
    aware = naive.replace(tzinfo=zone)
    # A time in the spring-forward gap does not survive the round trip through UTC.
    if aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != naive:
        raise forms.ValidationError(
            _("%(time)s does not exist in %(zone)s: the clocks skip it. Choose another time.")
            % {"time": naive.strftime("%d %b %Y %H:%M"), "zone": zone_name})
    return aware.astimezone(UTC)


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=MilestoneKind.choices)
    due_local = forms.DateTimeField(label=_("Due (date and time)"),
                                    widget=forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                               format="%Y-%m-%dT%H:%M"),
                                    input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    time_zone = forms.ChoiceField(label=_("in the time zone"), choices=zone_choices,
                                  help_text=_("The time above is read in this zone and stored in UTC."))
    all_teams = forms.BooleanField(label=_("All teams of the year"), required=False, initial=True)
    teams = TeamChoiceField(label=_("Or only these teams"), queryset=IssueTeam.objects.none(), required=False,
                            widget=forms.CheckboxSelectMultiple)
    requires_deliverable = forms.BooleanField(label=_("Each team in scope delivers something (deadlines only)"),
                                              required=False)
    is_public = forms.BooleanField(label=_("Show on the public timeline"), required=False, initial=True)
    reminder_offsets = forms.CharField(
        label=_("Reminders (days before)"), initial=", ".join(map(str, DEFAULT_REMINDER_OFFSETS)), required=False,
        help_text=_("Whole numbers of days, separated by commas; leave empty for no reminders."))

    def __init__(self, *args, cycle, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teams"].queryset = IssueTeam.objects.filter(cycle=cycle).select_related("area")

    @classmethod
    def initial_for(cls, milestone: Milestone) -> dict:
        from django.utils import timezone
        import zoneinfo

        local = timezone.localtime(milestone.due_at, zoneinfo.ZoneInfo(milestone.entered_time_zone))
        return {"title": milestone.title, "description": milestone.description, "kind": milestone.kind,
                "due_local": local.replace(tzinfo=None), "time_zone": milestone.entered_time_zone,
                "all_teams": milestone.all_teams, "teams": list(milestone.teams.all()),
                "requires_deliverable": milestone.requires_deliverable, "is_public": milestone.is_public,
                "reminder_offsets": ", ".join(map(str, milestone.reminder_offsets))}

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
                raise forms.ValidationError(_("“%(value)s” is not a whole number of days.") % {"value": part}) from None
            if days <= 0:
                raise forms.ValidationError(_("Reminder offsets must be 1 day or more; “%(value)s” is not.")
                                            % {"value": part})
            offsets.append(days)
        return sorted(set(offsets), reverse=True)

    def clean(self):
        data = super().clean()
        if data.get("due_local") and data.get("time_zone"):
            try:
                data["due_at"] = aware_from_local(data["due_local"], data["time_zone"])
            except forms.ValidationError as error:
                self.add_error("due_local", error)
        if not data.get("all_teams") and not data.get("teams"):
            self.add_error("teams", _("Choose the teams this milestone concerns, or all teams."))
        if data.get("requires_deliverable") and data.get("kind") != MilestoneKind.DEADLINE:
            self.add_error("requires_deliverable", _("Only a deadline can ask the teams for a deliverable."))
        return data

    def milestone_fields(self) -> dict:
        data = self.cleaned_data
        return {"title": data["title"], "description": data["description"], "kind": data["kind"],
                "due_at": data["due_at"], "entered_time_zone": data["time_zone"], "all_teams": data["all_teams"],
                "requires_deliverable": data["requires_deliverable"], "is_public": data["is_public"],
                "reminder_offsets": data["reminder_offsets"]}


class DeliverableForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=[(DeliverableStatus.IN_PROGRESS, _("In progress")),
                                                           (DeliverableStatus.SUBMITTED, _("Submitted"))])
    link = forms.URLField(label=_("Link"), required=False, assume_scheme="https")
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def clean(self):
        data = super().clean()
        if data.get("status") == DeliverableStatus.SUBMITTED and not (data.get("link") or data.get("note", "").strip()):
            self.add_error("link", _("Give a link or a note with what you submit."))
        return data
