"""Forms of availability polls: slots entered as wall-clock times in a chosen zone, votes,
comments, and choosing the slot that becomes the meeting."""

from datetime import timedelta

from django import forms
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from common.forms import (
    COMMENT_MAX,
    DESCRIPTION_MAX,
    MARKDOWN_MAX,
    AmbiguousTime,
    LinkInput,
    LocalDateTimeField,
    ZonedForm,
    aware_from_local,
    parse_wall_clock,
    text_field,
)
from common.timezones import TimeZoneChoiceField
from teams.forms import TeamChoiceField
from teams.models import IssueTeam

from ..enums import MAX_SHIFT_DAYS, MAX_SLOTS, Answer


def _slot_from_text(text: str, zone_name: str, line: int | None = None):
    """A slot typed as text (one per line, or a generated date × time of day). A time that happens
    twice in the zone is refused here: a line has no room to say which one is meant."""
    where = _("Line %(line)d: ") % {"line": line} if line else ""
    wall = parse_wall_clock(text)
    if wall is None:
        raise forms.ValidationError(
            where + _("“%(text)s” is not a date and time like 2027-09-14 14:00.") % {"text": text.strip()}
        )
    try:
        return aware_from_local(wall, zone_name)
    except AmbiguousTime:
        raise forms.ValidationError(
            where
            + _("%(text)s happens twice in %(zone)s (the clocks go back): choose a time outside that hour.")
            % {"text": text.strip(), "zone": zone_name}
        ) from None
    except forms.ValidationError as error:
        raise forms.ValidationError([where + message for message in error.messages]) from None


class _SlotEntryForm(ZonedForm):
    """Slots typed one per line (`slots`, declared by each form with its own label) or generated from
    dates × times of day, and guests by email (`guests`): read into `slot_times` and `guest_list`.
    Shared by a new poll and a change to one."""

    dates = forms.CharField(
        label=_("Or generate: dates"),
        required=False,
        max_length=1000,
        help_text=_("Separated by commas, like 2027-09-14, 2027-09-15."),
    )
    times = forms.CharField(
        label=_("× times of day"),
        required=False,
        max_length=1000,
        help_text=_("Separated by commas, like 07:00, 13:00, 21:00."),
    )

    def clean(self):
        data = super().clean()
        zone = data.get("time_zone")
        if not zone:
            return data
        slots, errors = _slots_from_input(data, zone)
        if errors:
            self.add_error("slots", errors)
        data["slot_times"] = slots
        data["guest_list"] = _guest_list(data)
        return data


class PollForm(_SlotEntryForm):
    field_order = [
        "title",
        "description",
        "duration_minutes",
        "time_zone",
        "deadline_local",
        "slots",
        "dates",
        "times",
        "guests",
    ]

    title = forms.CharField(label=_("Title"), max_length=200, initial=_("First call"))
    description = text_field(_("Description"), DESCRIPTION_MAX, rows=3)
    duration_minutes = forms.TypedChoiceField(
        label=_("Duration"),
        coerce=int,
        initial=60,
        choices=[(30, _("30 minutes")), (60, _("1 hour")), (90, _("90 minutes")), (120, _("2 hours"))],
    )
    time_zone = TimeZoneChoiceField(label=_("Times below are in"))
    deadline_local = LocalDateTimeField(label=_("Answers by"))
    slots = text_field(
        _("Slots, one per line"),
        40 * MAX_SLOTS,
        rows=6,
        help_text=_("Each line a start time like 2027-09-14 14:00."),
    )
    guests = text_field(
        _("Guests by email (optional)"),
        20_000,
        rows=2,
        help_text=_("One address per line; each gets a private link and needs no account."),
    )

    def poll_fields(self) -> dict:
        """The keyword arguments of `poll_create` the form gives."""
        data = self.cleaned_data
        return {
            "title": data["title"],
            "description": data["description"],
            "duration_minutes": data["duration_minutes"],
            "deadline": data["deadline_local"],
            "slots": data["slot_times"],
            "entered_time_zone": data["time_zone"],
            "guests": data["guest_list"],
        }


def _slots_from_input(data: dict, zone: str) -> tuple[list, list[str]]:
    """The slots typed one per line (`slots`) and generated from `dates` × `times`, read in `zone`;
    with the errors, each naming its line."""
    slots, errors = [], []
    for number, line in enumerate((data.get("slots") or "").splitlines(), start=1):
        if line.strip():
            try:
                slots.append(_slot_from_text(line, zone, number))
            except forms.ValidationError as error:
                errors.extend(error.messages)
    dates = [d.strip() for d in (data.get("dates") or "").split(",") if d.strip()]
    times = [t.strip() for t in (data.get("times") or "").split(",") if t.strip()]
    if bool(dates) != bool(times):
        errors.append(_("To generate slots, give both dates and times of day."))
    for date in dates:
        for time in times:
            try:
                slots.append(_slot_from_text(f"{date} {time}", zone))
            except forms.ValidationError as error:
                errors.extend(error.messages)
    return slots, errors


def _guest_list(data: dict) -> list[str]:
    return [g for g in (data.get("guests") or "").replace(",", "\n").splitlines() if g.strip()]


class PollEditForm(_SlotEntryForm):
    """One change to an open poll: move the deadline, add slots (as when creating it), remove slots
    (confirming that their answers go), add guests."""

    field_order = [
        "time_zone",
        "deadline_local",
        "slots",
        "dates",
        "times",
        "remove",
        "confirm_remove",
        "guests",
    ]

    time_zone = TimeZoneChoiceField(label=_("Times below are in"))
    deadline_local = LocalDateTimeField(
        label=_("Move the deadline to"), required=False, help_text=_("Leave empty to keep the deadline.")
    )
    slots = text_field(
        _("Add slots, one per line"),
        40 * MAX_SLOTS,
        rows=4,
        help_text=_("Each line a start time like 2027-09-14 14:00."),
    )
    remove = forms.TypedMultipleChoiceField(
        label=_("Remove slots"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    confirm_remove = forms.BooleanField(
        label=_("Yes, delete the answers given to the slots I remove"), required=False
    )
    guests = text_field(
        _("Add guests by email"),
        20_000,
        rows=2,
        help_text=_("One address per line; each gets a private link and needs no account."),
    )

    def __init__(self, *args, slots, **kwargs):
        """`slots`: the poll's slots, each with `answer_count`."""
        super().__init__(*args, **kwargs)
        self.slots = slots
        self.fields["remove"].choices = [(slot.pk, str(slot.pk)) for slot in slots]

    def clean(self):
        data = super().clean()
        removed = set(data.get("remove") or [])
        answers = sum(slot.answer_count for slot in self.slots if slot.pk in removed)
        if answers and not data.get("confirm_remove"):
            self.add_error(
                "confirm_remove",
                ngettext(
                    "%(n)d answer was given to the slots you remove and will be deleted: "
                    "tick the box to confirm.",
                    "%(n)d answers were given to the slots you remove and will be deleted: "
                    "tick the box to confirm.",
                    answers,
                )
                % {"n": answers},
            )
        return data

    def change_fields(self) -> dict:
        """The keyword arguments of `poll_update` the form gives."""
        data = self.cleaned_data
        return {
            "add_slots": data["slot_times"],
            "remove_slot_ids": data["remove"],
            "add_guests": data["guest_list"],
            "deadline": data.get("deadline_local"),
        }


class BulkPollForm(PollForm):
    teams = TeamChoiceField(
        label=_("Teams"), queryset=IssueTeam.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, cycle, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["guests"]
        self.fields["teams"].queryset = IssueTeam.objects.filter(cycle=cycle).select_related("area")

    def poll_fields(self) -> dict:
        """The keyword arguments of `polls_launch` the form gives."""
        fields = super().poll_fields()
        del fields["guests"]
        return {**fields, "teams": list(self.cleaned_data["teams"])}


OTHER_SHIFT = "other"


class PollDuplicateForm(ZonedForm):
    """Run a poll again: its slots moved by one week, two, or a number of days; the deadline moved
    alike unless a new one is given; a title (the old one to start with)."""

    field_order = ["title", "shift", "days", "time_zone", "deadline_local"]

    title = forms.CharField(label=_("Title"), max_length=200)
    shift = forms.ChoiceField(
        label=_("Move the slots"),
        choices=[
            ("7", _("One week later")),
            ("14", _("Two weeks later")),
            (OTHER_SHIFT, _("Another number of days")),
        ],
        initial="7",
        widget=forms.RadioSelect,
    )
    days = forms.IntegerField(
        label=_("Number of days"), min_value=1, max_value=MAX_SHIFT_DAYS, required=False
    )
    time_zone = TimeZoneChoiceField(label=_("The deadline below is in"))
    deadline_local = LocalDateTimeField(
        label=_("New deadline for answers"),
        required=False,
        help_text=_("Leave empty to move the deadline by as much as the slots."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].help_text = gettext("From 1 to %(max)d days.") % {"max": MAX_SHIFT_DAYS}

    def clean(self):
        data = super().clean()
        if data.get("shift") == OTHER_SHIFT and not data.get("days") and "days" not in self.errors:
            self.add_error(
                "days", gettext("Give the number of days, from 1 to %(max)d.") % {"max": MAX_SHIFT_DAYS}
            )
        return data

    def shift_by(self) -> timedelta:
        data = self.cleaned_data
        return timedelta(days=data["days"] if data["shift"] == OTHER_SHIFT else int(data["shift"]))

    def duplicate_fields(self) -> dict:
        """The keyword arguments of `poll_duplicate` the form gives."""
        data = self.cleaned_data
        return {"title": data["title"], "shift": self.shift_by(), "deadline": data.get("deadline_local")}


class FinaliseForm(forms.Form):
    slot = forms.ModelChoiceField(label=_("Slot"), queryset=None, widget=forms.RadioSelect, empty_label=None)
    title = forms.CharField(label=_("Meeting title"), max_length=200)
    video_link = forms.URLField(
        label=_("Video link"), required=False, assume_scheme="https", max_length=200, widget=LinkInput
    )
    agenda = text_field(_("Agenda (Markdown)"), MARKDOWN_MAX, rows=5)
    is_public = forms.BooleanField(
        label=_(
            "Public: show its title, time, agenda and video link on the public meetings page and calendar"
        ),
        required=False,
    )
    confirm_unattended = forms.BooleanField(
        label=_("Schedule it anyway, although nobody said yes or if need be"), required=False
    )

    def __init__(self, *args, results, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = results.poll.slots.all()
        self.by_slot = {r.slot.pk: r for r in results.slots}
        self.fields["slot"].label_from_instance = lambda slot: self.by_slot[slot.pk].explanation()

    def clean(self):
        data = super().clean()
        slot = data.get("slot")
        result = self.by_slot.get(slot.pk) if slot is not None else None
        if result is not None and not result.available and not data.get("confirm_unattended"):
            self.add_error(
                "confirm_unattended",
                _(
                    "Nobody said yes or if need be to this slot: everyone invited may miss the meeting. "
                    "Choose another slot, or tick the box to schedule it anyway."
                ),
            )
        return data

    def meeting_fields(self) -> dict:
        """The keyword arguments of `meeting_create_from_slot` the form gives."""
        return {
            name: self.cleaned_data[name] for name in ("slot", "title", "video_link", "agenda", "is_public")
        }

    @property
    def asks_to_confirm(self) -> bool:
        """Show the box: the slot chosen (or proposed) is one nobody can attend."""
        if self.is_bound:
            return "confirm_unattended" in self.errors or bool(self.data.get("confirm_unattended"))
        slot = self.initial.get("slot")
        return slot is not None and not self.by_slot[slot.pk].available


class VoteForm(forms.Form):
    """One yes / if need be / no choice per slot (radio buttons: keyboard-friendly and labelled)."""

    def __init__(self, *args, slots, current, guest=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.slots = slots
        for slot in slots:
            self.fields[f"slot_{slot.pk}"] = forms.ChoiceField(
                label=str(slot.pk),
                choices=Answer.choices,
                widget=forms.RadioSelect,
                initial=current.get(slot.pk),
                error_messages={"required": _("Answer for every slot.")},
            )
        if guest:
            self.fields["name"] = forms.CharField(label=_("Your name"), max_length=120)
            self.fields["time_zone"] = TimeZoneChoiceField(label=_("Your time zone"))

    def answers(self) -> dict[int, str]:
        return {slot.pk: self.cleaned_data[f"slot_{slot.pk}"] for slot in self.slots}


class CommentForm(forms.Form):
    text = text_field(
        _("Comment"),
        COMMENT_MAX,
        rows=2,
        required=True,
        error_messages={"required": _("Write something first.")},
    )
