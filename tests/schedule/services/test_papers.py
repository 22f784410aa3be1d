"""Read-ahead papers (asked of a member, given as a link or a file within bounds, reminded once)
and written input on the agenda's items (bounded per person)."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from accounts.models import AuditEvent
from notifications.enums import MailKind
from notifications.models import NotificationLedger
from schedule.enums import PaperStatus
from schedule.models import AgendaInput, Meeting, MeetingPaper
from schedule.models.papers import INPUTS_PER_AUTHOR, PAPER_FILE_MAX_BYTES
from schedule.services import papers, record_reminders
from tests.factories import MembershipFactory, UserFactory
from tests.support.mail import send_queued

AGENDA = (
    "Welcome\n\n1. Hybrid formats\n2) Workshop process\n   - a sub-point\n"
    "- Any other business\n* Any other business\n"
)


@pytest.fixture
def member(team):
    return MembershipFactory(team=team, user__email="amina@example.org", user__display_name="Amina").user


@pytest.fixture
def meeting(team, facilitator, now):
    return Meeting.objects.create(
        team=team,
        title="Second call",
        organizer=facilitator,
        agenda=AGENDA,
        start=now + timedelta(days=10),
        end=now + timedelta(days=10, hours=1),
    )


def _paper(meeting, facilitator, member, days=3):
    return papers.paper_request(
        actor=facilitator, meeting=meeting, title="Background note", owner_id=member.pk, due_days_before=days
    )


def test_agenda_items_are_the_top_level_list_items_once():
    meeting = Meeting(agenda=AGENDA)
    assert meeting.agenda_items() == ["Hybrid formats", "Workshop process", "Any other business"]
    assert Meeting(agenda="").agenda_items() == []
    marked = "1. Welcome and **facilitators**\n2. See [the note](https://example.org) on `snake_case`"
    assert Meeting(agenda=marked).agenda_items() == ["Welcome and facilitators", "See the note on snake_case"]


def test_a_paper_is_due_days_before_the_meeting_and_follows_it(meeting, facilitator, member, now):
    paper = _paper(meeting, facilitator, member)
    assert paper.status == PaperStatus.REQUESTED and paper.due_at == now + timedelta(days=7)
    meeting.start += timedelta(days=1)
    meeting.end += timedelta(days=1)
    meeting.save()
    assert MeetingPaper.objects.get(pk=paper.pk).due_at == now + timedelta(days=8)
    assert AuditEvent.objects.filter(details__part="paper requested").count() == 1


@pytest.mark.parametrize("days", [0, 31])
def test_due_days_are_bounded(meeting, facilitator, member, days):
    with pytest.raises(ValidationError):
        _paper(meeting, facilitator, member, days=days)
    assert not MeetingPaper.objects.exists()


def test_a_paper_is_asked_of_a_member_of_the_team(meeting, facilitator):
    outsider = UserFactory()
    with pytest.raises(ValidationError, match="member of the group"):
        papers.paper_request(
            actor=facilitator, meeting=meeting, title="Note", owner_id=outsider.pk, due_days_before=3
        )


def test_a_link_or_a_file_never_both(meeting, facilitator, member):
    paper = _paper(meeting, facilitator, member)
    upload = SimpleUploadedFile("note.pdf", b"%PDF-1.4 small")
    with pytest.raises(ValidationError, match="one of the two"):
        papers.paper_provide(actor=member, paper=paper, link="https://example.org/a", upload=upload)
    with pytest.raises(ValidationError, match="one of the two"):
        papers.paper_provide(actor=member, paper=paper)
    paper.status = PaperStatus.PROVIDED
    paper.link = "https://example.org/a"
    paper.file = "papers/x.pdf"
    with pytest.raises(IntegrityError), transaction.atomic():
        paper.save()


def test_a_file_is_stored_under_a_random_name_and_replaced_cleanly(meeting, facilitator, member):
    paper = _paper(meeting, facilitator, member)
    upload = SimpleUploadedFile("../../etc/My note.PDF", b"%PDF-1.4 small")
    paper = papers.paper_provide(actor=member, paper=paper, upload=upload)
    first = Path(paper.file.path)
    assert paper.status == PaperStatus.PROVIDED and paper.provided_by == member
    assert paper.file.name.startswith("papers/") and paper.file.name.endswith(".pdf")
    assert "note" not in paper.file.name.lower() and ".." not in paper.file.name
    assert paper.original_name == "My note.PDF" and paper.size == len(b"%PDF-1.4 small")
    assert first.exists()
    paper = papers.paper_provide(actor=facilitator, paper=paper, link="https://example.org/b")
    assert paper.link == "https://example.org/b" and not paper.file and not first.exists()


@pytest.mark.parametrize(
    ("name", "size", "message"),
    [("note.exe", 10, "one of these kinds"), ("note.html", 10, "one of these kinds"), ("note", 10, "kinds")],
)
def test_uploads_are_bounded(meeting, facilitator, member, name, size, message):
    paper = _paper(meeting, facilitator, member)
    with pytest.raises(ValidationError, match=message):
        papers.paper_provide(actor=member, paper=paper, upload=SimpleUploadedFile(name, b"x" * size))
    assert MeetingPaper.objects.get(pk=paper.pk).status == PaperStatus.REQUESTED


def test_a_file_too_big_is_refused(meeting, facilitator, member):
    paper = _paper(meeting, facilitator, member)
    upload = SimpleUploadedFile("big.pdf", b"x" * (PAPER_FILE_MAX_BYTES + 1))
    with pytest.raises(ValidationError, match="at most 10 MB"):
        papers.paper_provide(actor=member, paper=paper, upload=upload)


def test_display_names_are_cleaned():
    assert papers.display_name("C:\\Users\\x\\report.docx") == "report.docx"
    assert papers.display_name('a"b\r\n<c>.pdf') == "a_b_c_.pdf"
    assert papers.display_name("../..") == "paper"
    assert len(papers.display_name("x" * 500 + ".pdf")) == 200
    assert papers.display_name("x" * 500 + ".pdf").endswith(".pdf")


def test_the_paper_reminder_goes_once_to_its_owner(meeting, facilitator, member, now, time_machine):
    _paper(meeting, facilitator, member, days=3)  # due in 7 days: reminded from 6 days on
    done = _paper(meeting, facilitator, member, days=3)
    papers.paper_provide(actor=member, paper=done, link="https://example.org/done")
    assert record_reminders.record_reminders() == []
    time_machine.move_to(now + timedelta(days=6), tick=False)
    assert len(record_reminders.record_reminders()) == 1
    assert record_reminders.record_reminders() == []  # the chore runs again: nothing twice
    assert list(NotificationLedger.objects.values_list("kind", "user__email")) == [
        (MailKind.PAPER_DUE, member.email)
    ]
    send_queued()
    (message,) = mail.outbox
    assert message.to == [member.email] and "Background note" in message.subject
    assert f"/meetings/{meeting.pk}/#papers" in message.body


def test_a_paper_without_owner_or_of_a_cancelled_meeting_is_not_reminded(
    meeting, facilitator, member, now, time_machine
):
    papers.paper_request(actor=facilitator, meeting=meeting, title="Note", owner_id=None, due_days_before=3)
    time_machine.move_to(now + timedelta(days=9), tick=False)
    assert record_reminders.record_reminders() == []


def test_input_on_an_agenda_item_or_in_general(meeting, member):
    papers.input_add(actor=member, meeting=meeting, item="Hybrid formats", text=" Good idea ")
    papers.input_add(actor=member, meeting=meeting, item="", text="Sorry, bad line")
    assert list(AgendaInput.objects.values_list("item", "text")) == [
        ("Hybrid formats", "Good idea"),
        ("", "Sorry, bad line"),
    ]
    with pytest.raises(ValidationError, match="item of the agenda"):
        papers.input_add(actor=member, meeting=meeting, item="Not on it", text="x")


def test_input_is_bounded_per_person(meeting, member):
    AgendaInput.objects.bulk_create(
        AgendaInput(meeting=meeting, author=member, text="x") for _ in range(INPUTS_PER_AUTHOR)
    )
    with pytest.raises(ValidationError, match="the most one person may"):
        papers.input_add(actor=member, meeting=meeting, item="", text="one more")


def test_nothing_is_added_once_the_meeting_is_over(meeting, facilitator, member, now, time_machine):
    time_machine.move_to(meeting.end, tick=False)
    with pytest.raises(ValidationError, match="over"):
        papers.input_add(actor=member, meeting=meeting, item="", text="late")
    with pytest.raises(ValidationError, match="over"):
        _paper(meeting, facilitator, member)


def test_an_owner_who_left_the_group_is_not_reminded(meeting, facilitator, member, now, time_machine):
    _paper(meeting, facilitator, member)
    member.memberships.all().delete()
    time_machine.move_to(now + timedelta(days=6), tick=False)
    assert record_reminders.record_reminders() == []


def test_a_deleted_paper_s_file_leaves_the_disk(
    meeting, facilitator, member, django_capture_on_commit_callbacks
):
    paper = _paper(meeting, facilitator, member)
    paper = papers.paper_provide(actor=member, paper=paper, upload=SimpleUploadedFile("n.pdf", b"%PDF"))
    path = Path(paper.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        meeting.delete()
    assert not path.exists()
