"""What schedule holds about a person, for their own download (accounts/personal_data.py):
their busy calendars and intervals, their private feed (that it exists, never its secret), their
answers to polls, their answers to and attendance of meetings, the action items given to them,
their written input and the papers asked of them. Connected in ScheduleConfig.ready()."""

from django.db.models import Prefetch, Q
from django.dispatch import receiver
from django.utils.translation import gettext as _

from accounts.personal_data import Section, iso
from accounts.signals import personal_data_requested

from .models import (
    ActionItem,
    AgendaInput,
    BusyCalendar,
    BusyTime,
    CalendarFeed,
    Invitee,
    MeetingAttendee,
    MeetingPaper,
    PollComment,
    Vote,
)


def _meeting(meeting) -> dict:
    return {
        "meeting": meeting.title,
        "group": str(meeting.team.name),
        "meeting_start": iso(meeting.start),
        "meeting_end": iso(meeting.end),
    }


@receiver(personal_data_requested, dispatch_uid="schedule.personal_data")
def personal_data(sender, user, **kwargs) -> list[Section]:
    """Eleven queries, whatever the number of calendars, answers or meetings."""
    return [
        Section(
            "busy_calendars",
            _("Your busy calendars"),
            _busy_calendars(user),
            note=_("With the private addresses you gave: keep this file to yourself."),
        ),
        Section("busy_times", _("Your busy times (from your calendars)"), _busy_times(user)),
        Section(
            "calendar_feed",
            _("Your private calendar feed"),
            _feed(user),
            note=_("Only when it was made: its secret address is not in the file."),
        ),
        Section("poll_answers", _("Your answers to availability polls"), _poll_answers(user)),
        Section("meeting_answers", _("Your answers to meetings and your attendance"), _meeting_answers(user)),
        Section("action_items", _("Action items given to you"), _action_items(user)),
        Section("agenda_input", _("Your written input on meetings' agendas"), _agenda_input(user)),
        Section("meeting_papers", _("Read-ahead papers asked of you or given by you"), _papers(user)),
    ]


def _feed(user) -> dict | None:
    made = CalendarFeed.objects.filter(user=user).values_list("created_at", flat=True).first()
    return None if made is None else {"created_at": iso(made)}


def _busy_calendars(user) -> list[dict]:
    # The address is the person's own secret: it is theirs to take, as they gave it.
    return [
        {
            "address": row["url"],
            "uploaded_file": not row["url"],
            "created_at": iso(row["created_at"]),
            "last_fetched_at": iso(row["last_fetched_at"]),
            "last_error": row["last_error"],
        }
        for row in BusyCalendar.objects.filter(user=user)
        .values("url", "created_at", "last_fetched_at", "last_error")
        .order_by("created_at", "id")
    ]


def _busy_times(user) -> list[dict]:
    return [
        {"starts_at": iso(start), "ends_at": iso(end)}
        for start, end in BusyTime.objects.filter(user=user)
        .values_list("starts_at", "ends_at")
        .order_by("starts_at", "id")
    ]


def _poll_answers(user) -> list[dict]:
    invitations = (
        Invitee.objects.filter(user=user)
        .select_related("poll__team__cycle", "poll__team__area")
        .prefetch_related(
            Prefetch("votes", queryset=Vote.objects.select_related("slot").order_by("slot__start", "id")),
            Prefetch("comments", queryset=PollComment.objects.order_by("created_at", "id")),
        )
        .order_by("created_at", "id")
    )
    return [
        {
            "poll": invitee.poll.title,
            "group": str(invitee.poll.team.name),
            "invited_at": iso(invitee.created_at),
            "answered_at": iso(invitee.answered_at),
            "withdrawn_at": iso(invitee.revoked_at),
            "answers": [
                {
                    "slot_start": iso(vote.slot.start),
                    "answer": vote.answer,
                    "answer_label": vote.get_answer_display(),
                    "updated_at": iso(vote.updated_at),
                }
                for vote in invitee.votes.all()
            ],
            "comments": [
                {"at": iso(comment.created_at), "text": comment.text} for comment in invitee.comments.all()
            ],
        }
        for invitee in invitations
    ]


def _meeting_answers(user) -> list[dict]:
    attendances = (
        MeetingAttendee.objects.filter(user=user)
        .select_related("meeting__team__cycle", "meeting__team__area")
        .order_by("meeting__start", "id")
    )
    return [
        {
            **_meeting(attendee.meeting),
            "answer": attendee.response,
            "answer_label": attendee.get_response_display(),
            "note": attendee.response_note,
            "answered_at": iso(attendee.responded_at),
            "present": attendee.present,
            "presence_marked_at": iso(attendee.marked_at),
        }
        for attendee in attendances
    ]


def _action_items(user) -> list[dict]:
    items = (
        ActionItem.objects.filter(owner=user)
        .select_related("meeting__team__cycle", "meeting__team__area")
        .order_by("due_at", "id")
    )
    return [
        {
            **_meeting(item.meeting),
            "action": item.text,
            "due_at": iso(item.due_at),
            "status": item.status,
            "status_label": item.get_status_display(),
            "created_at": iso(item.created_at),
            "closed_at": iso(item.closed_at),
        }
        for item in items
    ]


def _agenda_input(user) -> list[dict]:
    inputs = (
        AgendaInput.objects.filter(author=user)
        .select_related("meeting__team__cycle", "meeting__team__area")
        .order_by("created_at", "id")
    )
    return [
        {
            **_meeting(entry.meeting),
            "agenda_item": entry.item,
            "text": entry.text,
            "at": iso(entry.created_at),
        }
        for entry in inputs
    ]


def _papers(user) -> list[dict]:
    papers = (
        MeetingPaper.objects.filter(Q(owner=user) | Q(provided_by=user))
        .select_related("meeting__team__cycle", "meeting__team__area")
        .order_by("created_at", "id")
    )
    return [
        {
            **_meeting(paper.meeting),
            "title": paper.title,
            "asked_of_you": paper.owner_id == user.pk,
            "status": paper.status,
            "status_label": paper.get_status_display(),
            "link": paper.link,
            "file_name": paper.original_name,
            "provided_at": iso(paper.provided_at),
        }
        for paper in papers
    ]
