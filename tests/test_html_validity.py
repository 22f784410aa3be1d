"""Every page is valid HTML: the Nu HTML Checker (npm vnu-jar) finds no error on any page, as the
secretariat, a member, someone invited to a poll and a visitor see it, forms with errors included."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import time_machine
from django.http import HttpResponseServerError
from django.template import loader
from django.test import Client
from django.urls import reverse

from accounts.models import User
from programme.models import ProgrammeSession
from proposals.models import Proposal
from review.models import Criterion
from schedule.models import AvailabilityPoll, Meeting, MeetingSeries
from teams.selectors import current_cycle
from tests.conftest import _missing
from tests.support.site import PANEL_PROPOSAL_TITLE, SITE_NOW, error_pages, site_with_pages

VNU = Path(__file__).resolve().parents[1] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _client_for(email):
    client = Client()
    if email:
        client.force_login(User.objects.get(email=email))
    return client


def _invalid_submissions():
    """Forms sent back with their errors: (who, path, data)."""
    poll = AvailabilityPoll.objects.get(title="Second call")  # tests/support/site.py: Amina's, with a guest
    slot = poll.slots.first()
    return [
        (
            "amina@example.org",
            reverse("schedule:poll_edit", args=[poll.pk]),
            {
                "time_zone": "UTC",
                "slots": "next Tuesday",
                "remove": [slot.pk],
                "deadline_local": "2025-07-13T12:00",
            },
        ),
        (
            "amina@example.org",
            reverse("schedule:poll_finalise", args=[poll.pk]),
            {"slot": slot.pk, "title": "Call"},
        ),
        # Running a poll again (issue 16, part 6): every field wrong, then a preview of the new slots.
        (
            "amina@example.org",
            reverse("schedule:poll_duplicate", args=[poll.pk]),
            {"title": "", "shift": "other", "days": "999", "time_zone": "UTC", "deadline_local": "yesterday"},
        ),
        (
            "amina@example.org",
            reverse("schedule:poll_duplicate", args=[poll.pk]),
            {"title": "Third call", "shift": "14", "time_zone": "UTC", "preview": "1"},
        ),
        # A series of calls (issue 16), every field wrong.
        (
            "amina@example.org",
            reverse("schedule:poll_series", args=[poll.pk]),
            {"slots": ["0"], "every_weeks": "9", "count": "99", "until": "soon", "title": "", "create": ""},
        ),
        (
            "secretariat@example.org",
            reverse("schedule:series_cadence", args=[MeetingSeries.objects.get().pk]),
            {"every_weeks": "0", "count": "99"},
        ),
        (None, reverse("account_signup"), {"email": "not an address", "password1": "short"}),
        (None, reverse("account_login"), {"login": "amina@example.org", "password": "wrong"}),
        (
            "amina@example.org",
            reverse("account_change_password"),
            {"oldpassword": "wrong", "password1": "x", "password2": "y"},
        ),
        ("amina@example.org", reverse("profile_edit"), {"display_name": "", "time_zone": "Nowhere/Else"}),
        # The profile's call hours (issue 16), every field wrong.
        (
            "amina@example.org",
            reverse("call_hours_edit"),
            {"day_0": "on", "from_0": "17:00", "to_0": "09:00", "from_4": "10:00", "never_before": "25:00"},
        ),
        # Closing one's account (issue 17) without the confirming tick.
        ("amina@example.org", reverse("account_close"), {}),
        # The busy times page (issue 16, part 2): an address that is none.
        ("amina@example.org", reverse("schedule:busy_calendars"), {"url": "not an address"}),
        ("secretariat@example.org", reverse("schedule:create"), {"title": "", "due_date": "yesterday"}),
        (
            "secretariat@example.org",
            reverse("registry:create"),
            {"kind": "dc", "name": "", "last_active_on": "yesterday", "contact_email": "not an address"},
        ),
        (
            "secretariat@example.org",
            reverse("registry:check", args=["connecting-the-unconnected"]),
            {"checked_on": "2999-01-01", "note": "x" * 5_001},
        ),
        (
            "amina@example.org",
            reverse("schedule:action_item_add", args=[Meeting.objects.get(title="First call").pk]),
            {
                "text": "",
                "owner_kind": "member",
                "owner": "nobody",
                "due_local": "9999-01-01T10:00",
                "time_zone": "UTC",
            },
        ),
        ("amina@example.org", reverse("teams:create"), {"kind": "bpf", "title": "x" * 201}),
        (
            "secretariat@example.org",
            reverse("proposals:kinds"),
            {"name": "Main session", "default_minutes": "0", "floor_share": "95"},
        ),
        (
            "amina@example.org",
            reverse("schedule:paper_request", args=[Meeting.objects.get(title="First call").pk]),
            {"title": "", "owner": "nobody", "due_days_before": "99"},
        ),
        # A session proposal (tests/support/site.py: Amina's team's): its form and its editors' box.
        (
            "amina@example.org",
            reverse(
                "proposals:edit",
                args=[Proposal.objects.get(title__startswith="Trust in a fragmented internet").pk],
            ),
            {"kind": "", "title": "", "minutes": "5", "languages": ["xx"], "policy_questions": ["0"]},
        ),
        (
            "amina@example.org",
            reverse(
                "proposals:editors",
                args=[Proposal.objects.get(title__startswith="Trust in a fragmented internet").pk],
            ),
            {"member": "nobody"},
        ),
        # The review round's criterion form (issue 14, part 4), every field wrong.
        (
            "secretariat@example.org",
            reverse("review:criterion_add", args=[2021]),
            {"name": "", "max_score": "99"},
        ),
        (
            "secretariat@example.org",
            reverse(
                "review:criterion_edit",
                args=[2021, Criterion.objects.filter(round__cycle__year=2021).order_by("pk").first().pk],
            ),
            {"name": "", "max_score": "0"},
        ),
        # The panel planner's form (issue 14, part 2), every field wrong.
        (
            "amina@example.org",
            reverse("proposals:panel", args=[Proposal.objects.get(title=PANEL_PROPOSAL_TITLE).pk]),
            {"name": "", "role": "keynote", "opening_minutes": "61", "followup_minutes": "-1", "email": "x"},
        ),
        # Building the programme (issue 15): the build page's item form, a session's page (the
        # demo's youth session), a room or channel, the MAG's approval of a version, an outside
        # calendar; every field wrong, a link that is no link among them (common.forms.LinkInput),
        # a date that is no date (common.forms.DayInput, LocalDateTimeInput).
        (
            "secretariat@example.org",
            reverse("programme:build_add_item"),
            {
                "title": "",
                "convener": "nobody",
                "starts_local": "9999-01-01T10:00",
                "time_zone": "Nowhere/Else",
            },
        ),
        (
            "secretariat@example.org",
            reverse(
                "programme:session_edit",
                args=[ProgrammeSession.objects.get(cycle=current_cycle(), convener="youth").pk],
            ),
            {
                "title": "",
                "starts_local": "9999-01-01T10:00",
                "time_zone": "UTC",
                "minutes": "0",
                "modality": "by pigeon",
                "join_url": "not a link",
            },
        ),
        (
            "secretariat@example.org",
            reverse("programme:resources"),
            {"name": "", "kind": "nope", "capacity": "-1", "join_url": "meet dot example"},
        ),
        (
            "secretariat@example.org",
            reverse("programme:release_approve", args=[1]),
            {"approved_on": "yesterday", "meeting": "999999", "decision": "x"},
        ),
        (
            "secretariat@example.org",
            reverse("schedule:year_new"),
            {"name": "", "annual_meeting_on": "not a date"},
        ),
        (
            "secretariat@example.org",
            reverse("schedule:outside_calendars"),
            {"name": "", "url": "not an address", "note": "x" * 5_001},
        ),
    ]


def _other_error_pages():
    """(name, response, expected status) of the error pages no link leads to."""
    csrf_client = Client(enforce_csrf_checks=True)
    return [
        ("form without its security token", csrf_client.post(reverse("account_login"), {"login": "x"}), 403),
        ("malformed host", Client().get("/", HTTP_HOST="not a host!"), 400),
        ("server error", HttpResponseServerError(loader.get_template("500.html").render()), 500),
    ]


def _check(files):
    """Runs the checker once over all files (one Java start-up) and returns its error messages."""
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    return json.loads(result.stderr or '{"messages": []}')["messages"]


@pytest.mark.django_db
def test_every_page_passes_the_nu_html_checker(tmp_path):
    if not shutil.which("java"):
        _missing("java is not installed (the Nu HTML Checker needs it)")
    if not VNU.exists():
        _missing("vnu-jar is not installed (make test runs npm ci)")
    with time_machine.travel(SITE_NOW, tick=False):
        pages = site_with_pages()
        files = {}
        for email, paths in pages.items():
            client = _client_for(email)
            for path in paths:
                response = client.get(path, follow=True)
                assert response.status_code == 200, (email, path, response.status_code)
                files[tmp_path / f"{len(files):03d}.html"] = f"{email or 'visitor'} GET {path}", response
        for email, path, data in _invalid_submissions():
            response = _client_for(email).post(path, data)
            assert response.status_code == 200, (email, path, response.status_code)
            files[tmp_path / f"{len(files):03d}.html"] = f"{email or 'visitor'} POST {path}", response
        for email, path_statuses in error_pages().items():
            for path, status in path_statuses:
                response = _client_for(email).get(path)
                assert response.status_code == status, (email, path, response.status_code)
                files[tmp_path / f"{len(files):03d}.html"] = f"{email or 'visitor'} GET {path}", response
        for name, response, status in _other_error_pages():
            assert response.status_code == status, (name, response.status_code)
            files[tmp_path / f"{len(files):03d}.html"] = name, response
    for file, (_, response) in files.items():
        file.write_bytes(response.content)

    messages = _check(files)
    names = {file.name: name for file, (name, _) in files.items()}
    errors = [
        f"{names.get(m.get('url', '').rsplit('/', 1)[-1], m.get('url'))} "
        f"line {m.get('lastLine')}: {m['message']}"
        f" [{m.get('extract', '').strip()}]"
        for m in messages
    ]
    assert not errors, f"{len(errors)} errors on {len(files)} pages:\n" + "\n".join(errors)
    assert len(files) > 60


@pytest.mark.django_db
@pytest.mark.clock
def test_the_voting_form_with_suggestions_passes_the_nu_html_checker(
    tmp_path, now, client, team, facilitator
):
    """The voting form pre-filled for a member (schedule/selectors/poll_suggestions.py): suggestions
    with their reasons, a slot taken by a meeting, and one answered yes before it was taken."""
    if not shutil.which("java"):
        _missing("java is not installed (the Nu HTML Checker needs it)")
    if not VNU.exists():
        _missing("vnu-jar is not installed (make test runs npm ci)")
    from datetime import timedelta

    from django.test import TestCase

    from schedule.models import MeetingAttendee
    from schedule.services.polls import poll_create, vote_submit
    from tests.factories import MembershipFactory

    member = MembershipFactory(team=team, user__time_zone="Asia/Dubai").user
    day = now.replace(minute=0, second=0, microsecond=0) + timedelta(days=3)
    starts = [day + timedelta(hours=h) for h in (0, 2, 4, 14)]
    with TestCase.captureOnCommitCallbacks(execute=True):
        poll = poll_create(
            actor=facilitator, team=team, title="Second call", deadline=now + timedelta(days=1), slots=starts
        )
        first = poll.slots.get(start=starts[0])
        vote_submit(invitee=poll.invitees.get(user=member), answers={first.pk: "yes"})
        for start in starts[:2]:
            meeting = Meeting.objects.create(
                team=team, title="Board <call> & friends", start=start, end=start + timedelta(hours=1)
            )
            MeetingAttendee.objects.create(meeting=meeting, user=member)
    client.force_login(member)
    response = client.get(reverse("schedule:poll", args=[poll.pk]))
    page = response.content.decode()
    assert "please review your answer" in page and 'class="suggestion"' in page
    file = tmp_path / "suggestions.html"
    file.write_bytes(response.content)
    errors = [f"line {m.get('lastLine')}: {m['message']}" for m in _check([file])]
    assert not errors, "\n".join(errors)
