"""Closing an account from the profile (issue 17): the page, the confirmation, the person signed
out; then the rosters, the CSV exports, a poll's answers, a meeting and the audit log as others read
them, cached pages included: the closed account's name and address are nowhere, its answers count."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse

from accounts.enums import AuditAction
from accounts.models import AuditEvent, User
from schedule.models import Meeting, Vote
from schedule.services import polls
from teams.enums import Capacity
from tests.factories import MagFactory, MembershipFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("committed_requests")]

NAME, ADDRESS = "Amina Diallo", "amina@example.org"


@pytest.fixture
def amina(team):
    person = MagFactory(email=ADDRESS, display_name=NAME)
    MembershipFactory(team=team, user=person, capacity=Capacity.MAG)
    return person


def _team_url(name, team):
    return reverse(name, kwargs={"year": team.cycle.year, "slug": team.slug})


def _close(client, person):
    client.force_login(person)
    return client.post(reverse("account_close"), {"understood": "on"})


def test_the_profile_links_to_the_page_that_says_what_closing_does(client, amina):
    client.force_login(amina)
    assert reverse("account_close") in client.get(reverse("profile_edit")).content.decode()
    page = client.get(reverse("account_close")).content.decode()
    assert "Close your account" in page and "stay counted" in page and "cannot be undone" in page


def test_without_the_tick_nothing_closes(client, amina):
    client.force_login(amina)
    response = client.post(reverse("account_close"), {})
    assert response.status_code == 200
    assert "Tick the box" in response.content.decode()
    amina.refresh_from_db()
    assert amina.email == ADDRESS and amina.is_active


def test_closing_signs_out_and_says_so(client, amina):
    response = _close(client, amina)
    assert response.status_code == 302 and response["Location"] == reverse("account_closed")
    page = client.get(response["Location"]).content.decode()
    assert "Your account is closed" in page
    assert client.get(reverse("profile_edit")).status_code == 302  # signed out
    amina.refresh_from_db()
    assert amina.is_closed


def test_a_second_post_changes_nothing(client, amina):
    _close(client, amina)
    events = AuditEvent.objects.count()
    again = client.post(reverse("account_close"), {"understood": "on"})
    assert again.status_code == 302 and again["Location"].startswith(reverse("account_login"))
    assert AuditEvent.objects.count() == events
    assert AuditEvent.objects.filter(action=AuditAction.ACCOUNT_CLOSED).count() == 1


def test_the_last_secretariat_member_is_told_why_not(client, secretariat):
    client.force_login(secretariat)
    page = client.get(reverse("account_close")).content.decode()
    assert "last secretariat account" in page and "Close my account" not in page
    response = client.post(reverse("account_close"), {"understood": "on"})
    assert response.status_code == 200
    secretariat.refresh_from_db()
    assert secretariat.is_active and not secretariat.is_closed


def test_rosters_and_the_roster_csv_forget_the_name_at_once(client, amina, team, facilitator):
    client.force_login(facilitator)
    assert NAME in client.get(_team_url("teams:detail", team)).content.decode()  # cached now
    _close(client, amina)

    client.force_login(facilitator)
    page = client.get(_team_url("teams:detail", team)).content.decode()
    assert NAME not in page and ADDRESS not in page
    rows = list(csv.reader(io.StringIO(client.get(_team_url("teams:roster_csv", team)).content.decode())))
    assert [row[1] for row in rows[1:]] == ["facilitator@example.org"]


def test_a_polls_answers_count_and_show_as_a_closed_account(client, amina, team, facilitator, now):
    poll = polls.poll_create(
        actor=facilitator,
        team=team,
        title="First call",
        deadline=now + timedelta(days=1),
        slots=[now + timedelta(days=3)],
    )
    polls.vote_submit(invitee=poll.invitees.get(user=amina), answers={poll.slots.get().pk: "yes"})
    client.force_login(facilitator)
    assert NAME in client.get(reverse("schedule:poll", args=[poll.pk])).content.decode()  # cached now

    _close(client, amina)

    client.force_login(facilitator)
    page = client.get(reverse("schedule:poll", args=[poll.pk])).content.decode()
    assert NAME not in page and "Closed account" in page
    assert Vote.objects.filter(invitee__poll=poll, answer="yes").count() == 1


def test_attendance_exports_show_a_closed_account(client, amina, team, facilitator, secretariat, now):
    meeting = Meeting.objects.create(
        team=team,
        title="Call",
        organizer=facilitator,
        start=now - timedelta(days=2),
        end=now - timedelta(days=2) + timedelta(hours=1),
    )
    meeting.attendees.create(user=amina, present=True)
    _close(client, amina)

    client.force_login(secretariat)
    export = client.get(reverse("schedule:year_attendance_csv", kwargs={"year": team.cycle.year}))
    text = export.content.decode()
    assert export.status_code == 200 and NAME not in text and ADDRESS not in text
    assert "Closed account" in text


def test_the_audit_log_says_an_account_was_closed_not_what_it_held(client, amina, secretariat):
    client.force_login(amina)
    client.post(
        reverse("profile_edit"), {"display_name": NAME, "organisation": "Ministry", "time_zone": "UTC"}
    )
    client.force_login(secretariat)
    client.get(reverse("audit_log"))  # cached now
    _close(client, amina)

    client.force_login(secretariat)
    page = client.get(reverse("audit_log")).content.decode()
    assert "Account closed" in page and "Closed account" in page
    assert "amina" not in page.lower() and NAME not in page
    assert not User.objects.filter(email=ADDRESS).exists()
