"""Papers and written input on the meeting page: who asks, who gives, who downloads (and how the
file goes out), who reads whose input."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from schedule.enums import PaperStatus
from schedule.models import AgendaInput, Meeting, MeetingPaper
from schedule.models.papers import INPUT_TEXT_MAX, INPUTS_PER_AUTHOR, INPUTS_PER_MEETING
from schedule.services import papers
from tests.factories import MembershipFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def member(team):
    return MembershipFactory(team=team, user__email="amina@example.org", user__display_name="Amina").user


@pytest.fixture
def colleague(team):
    return MembershipFactory(team=team, user__email="bo@example.org", user__display_name="Bo").user


@pytest.fixture
def meeting(team, facilitator, now):
    return Meeting.objects.create(
        team=team,
        title="Second call",
        organizer=facilitator,
        agenda="1. Hybrid formats\n2. Workshop process",
        start=now + timedelta(days=10),
        end=now + timedelta(days=10, hours=1),
    )


@pytest.fixture
def paper(meeting, facilitator, member):
    return papers.paper_request(
        actor=facilitator, meeting=meeting, title="Background note", owner_id=member.pk, due_days_before=3
    )


def _page(client, meeting):
    return client.get(reverse("schedule:meeting", args=[meeting.pk])).content.decode()


def _provide(client, paper, **data):
    return client.post(
        reverse("schedule:paper_provide", args=[paper.meeting_id, paper.pk]), data, follow=True
    )


def test_a_facilitator_asks_a_member_for_a_paper(client, meeting, facilitator, member):
    client.force_login(facilitator)
    assert reverse("schedule:paper_request", args=[meeting.pk]) in _page(client, meeting)
    form = client.get(reverse("schedule:paper_request", args=[meeting.pk])).content.decode()
    assert member.name not in form and 'value="3"' in form  # the members are not listed
    response = client.post(
        reverse("schedule:paper_request", args=[meeting.pk]),
        {"title": "Background note", "owner": member.email.upper(), "due_days_before": "3"},
        follow=True,
    )
    assert "is asked for" in response.content.decode()
    paper = MeetingPaper.objects.get()
    assert paper.owner == member and paper.due_days_before == 3


def test_bad_due_days_are_refused_with_a_message(client, meeting, facilitator, member):
    client.force_login(facilitator)
    response = client.post(
        reverse("schedule:paper_request", args=[meeting.pk]),
        {"title": "Note", "owner": member.email, "due_days_before": "90"},
    )
    assert response.status_code == 200 and "less than or equal to 30" in response.content.decode()
    assert not MeetingPaper.objects.exists()


def test_the_owner_uploads_and_the_team_downloads_it_as_an_attachment(
    client, meeting, paper, member, colleague
):
    client.force_login(member)
    html = _page(client, meeting)
    assert "Give the paper" in html and "Background note" in html
    upload = SimpleUploadedFile("../../Background note.pdf", PDF, content_type="text/html")
    assert "thank you" in _provide(client, paper, file=upload).content.decode()
    paper.refresh_from_db()
    assert paper.status == PaperStatus.PROVIDED and "Background" not in paper.file.name
    client.force_login(colleague)
    html = _page(client, meeting)
    assert reverse("schedule:paper_file", args=[meeting.pk, paper.pk]) in html
    assert "Give the paper" not in html and "Replace the paper" not in html  # not theirs
    response = client.get(reverse("schedule:paper_file", args=[meeting.pk, paper.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="Background note.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/octet-stream"


def test_the_file_is_refused_outside_the_team(client, meeting, paper, member, other_facilitator):
    papers.paper_provide(actor=member, paper=paper, upload=SimpleUploadedFile("n.pdf", PDF))
    url = reverse("schedule:paper_file", args=[meeting.pk, paper.pk])
    assert client.get(url)["Location"].startswith(reverse("account_login"))
    client.force_login(other_facilitator)
    assert client.get(url).status_code == 403
    client.force_login(member)
    other = Meeting.objects.create(
        team=meeting.team, title="Other", start=meeting.start, end=meeting.end, organizer=member
    )
    assert client.get(reverse("schedule:paper_file", args=[other.pk, paper.pk])).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("note.html", b"<script>alert(1)</script>", "one of these kinds"),
        ("note.pdf.exe", b"MZ", "one of these kinds"),
        ("big.pdf", b"x" * 101, "Share a link to it instead"),
    ],
)
def test_bad_uploads_are_refused_with_a_message(
    client, meeting, paper, member, monkeypatch, name, content, message
):
    monkeypatch.setattr("schedule.services.papers.PAPER_FILE_MAX_BYTES", 100)
    client.force_login(member)
    html = _provide(client, paper, file=SimpleUploadedFile(name, content)).content.decode()
    assert message in html
    assert MeetingPaper.objects.get(pk=paper.pk).status == PaperStatus.REQUESTED


def test_a_link_and_a_file_at_once_are_refused(client, meeting, paper, member):
    client.force_login(member)
    html = _provide(
        client, paper, link="https://example.org/n", file=SimpleUploadedFile("n.pdf", PDF)
    ).content.decode()
    assert "one of the two" in html
    assert MeetingPaper.objects.get(pk=paper.pk).status == PaperStatus.REQUESTED


def test_another_member_cannot_give_someone_else_s_paper(client, paper, colleague):
    client.force_login(colleague)
    assert _provide(client, paper, link="https://example.org/n").status_code == 403


def test_written_input_is_read_by_the_chair_and_its_author_only(
    client, meeting, facilitator, member, colleague, secretariat
):
    client.force_login(member)
    response = client.post(
        reverse("schedule:input_add", args=[meeting.pk]),
        {"item": "Hybrid formats", "text": "My line is bad: I support option B."},
        follow=True,
    )
    assert "sent to the chair" in response.content.decode()
    assert AgendaInput.objects.get().item == "Hybrid formats"
    assert "I support option B" in _page(client, meeting)  # the author sees their own
    client.force_login(colleague)
    html = _page(client, meeting)
    assert "I support option B" not in html and "You have given no written input" in html
    for reader in (facilitator, secretariat):
        client.force_login(reader)
        html = _page(client, meeting)
        assert "I support option B" in html and "Amina" in html and "<h3>Hybrid formats</h3>" in html


def test_input_on_an_item_not_on_the_agenda_is_refused(client, meeting, member):
    client.force_login(member)
    html = client.post(
        reverse("schedule:input_add", args=[meeting.pk]), {"item": "Elsewhere", "text": "x"}, follow=True
    ).content.decode()
    assert "Select a valid choice" in html and not AgendaInput.objects.exists()


def test_the_meeting_page_does_not_list_the_team_for_a_paper(client, meeting, facilitator, team):
    for _ in range(30):
        MembershipFactory(team=team)
    client.force_login(facilitator)
    assert "<select" not in _page(client, meeting).split('id="papers"', 1)[1].split("</section>", 1)[0]


def test_a_facilitator_withdraws_a_paper_and_its_file_goes(
    client, meeting, paper, member, facilitator, django_capture_on_commit_callbacks
):
    paper = papers.paper_provide(actor=member, paper=paper, upload=SimpleUploadedFile("n.pdf", PDF))
    stored = paper.file.path
    client.force_login(member)
    url = reverse("schedule:paper_withdraw", args=[meeting.pk, paper.pk])
    assert "Withdraw" not in _page(client, meeting)
    assert client.post(url).status_code == 403
    client.force_login(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        html = client.post(url, follow=True).content.decode()
    assert "is withdrawn" in html and not MeetingPaper.objects.exists()
    assert not Path(stored).exists()


def test_a_paper_not_in_by_its_due_time_shows_late(client, meeting, paper, facilitator, now, time_machine):
    client.force_login(facilitator)
    assert "Late" not in _page(client, meeting)
    time_machine.move_to(now + timedelta(days=7), tick=False)
    assert ">Late<" in _page(client, meeting)


def test_an_owner_who_left_the_group_cannot_give_the_paper(client, paper, member):
    member.memberships.all().delete()
    client.force_login(member)
    assert _provide(client, paper, link="https://example.org/n").status_code == 403


def test_the_chair_s_page_stays_light_with_all_the_input_a_meeting_holds(client, meeting, facilitator, team):
    authors = [MembershipFactory(team=team).user for _ in range(INPUTS_PER_MEETING // INPUTS_PER_AUTHOR)]
    for author in authors:
        for n in range(INPUTS_PER_AUTHOR):
            papers.input_add(
                actor=author, meeting=meeting, item="", text=f"{n} " + "x" * (INPUT_TEXT_MAX - 2)
            )
    client.force_login(facilitator)
    assert len(_page(client, meeting).encode()) < 55_000  # under the 60 KB every page keeps to, with room
