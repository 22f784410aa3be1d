"""A person's download of everything the site holds about them (issue 17, point 5): every kind of
data is in it, nobody else's rows or addresses are, and no code or link that acts for them."""

import io
import json
import re
import zipfile
from datetime import UTC

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.personal_data import personal_data_of
from notifications.enums import MailKind
from notifications.models import OutboxMessage
from proposals.models import Panelist
from tests.accounts.personal_data_support import grow_personal_data
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CODE = re.compile(r"\n([A-Z0-9]{4}-[A-Z0-9]{4})\n")
# Every part the file holds; each must have a row once the person has done everything.
SECTIONS = (
    "profile",
    "email_addresses",
    "call_hours",
    "audit_log",
    "memberships",
    "facilitator_roles",
    "busy_calendars",
    "busy_times",
    "calendar_feed",
    "poll_answers",
    "meeting_answers",
    "action_items",
    "agenda_input",
    "meeting_papers",
    "email_preferences",
    "emails_sent_to_you",
    "followed_groups",
    "stopped_addresses",
    "announcements_written",
    "proposals",
    "proposal_comments",
    "panel_places",
    "nominations",
    "nomination_supports",
    "reviews",
    "workshop_proposals",
    "my_schedule",
)


def download(client) -> tuple[dict, str, object]:
    response = client.post(reverse("data_export"))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == ["README.txt", "data.json"]
    raw = archive.read("data.json").decode()
    return json.loads(raw), raw + archive.read("README.txt").decode(), response


@pytest.fixture
def person(db):
    return UserFactory(email="amina@example.org", display_name="Amina")


@pytest.fixture
def other(db):
    return UserFactory(email="hiroshi@example.org", display_name="Hiroshi")


def test_the_download_holds_every_kind_of_the_persons_data_and_nobody_elses(client, person, other, now):
    grow_personal_data(person, other, 2, now)
    # A sign-in code sent to the person: in their inbox, never in the file.
    Client().post(reverse("account_request_login_code"), {"email": person.email})
    code = CODE.search(mail.outbox[-1].body).group(1)
    assert OutboxMessage.objects.filter(kind=MailKind.ACCOUNT, to_email=person.email).exists()
    client.force_login(person)

    data, everything, response = download(client)

    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == f'attachment; filename="igfmag-my-data-{now:%Y%m%d}.zip"'
    assert "no-store" in response["Cache-Control"]
    assert data["format"] == "igfmag-personal-data/1" and data["person_id"] == person.pk
    assert data["generated_at"] == now.strftime("%Y-%m-%dT%H:%M:%SZ")
    for key in SECTIONS:
        assert data[key], f"{key} is empty"
        assert f"[{key}]" in everything, f"the README does not name {key}"
    assert data["profile"]["email"] == "amina@example.org"
    assert data["busy_calendars"][0]["address"] == "https://cal.example.net/private/person.ics"
    assert len(data["memberships"]) == 2 and len(data["action_items"]) == 2
    assert [vote["answer"] for poll in data["poll_answers"] for vote in poll["answers"]] == ["yes", "yes"]
    assert {entry["title"] for entry in data["workshop_proposals"]} == {"My workshop 0", "My workshop 1"}
    assert all(row["by"] == "you" for row in data["audit_log"])
    # Every time is ISO 8601 in UTC.
    times = re.findall(r'"(\d{4}-\d\d-\d\d[T ]\d\d:\d\d[^"]*)"', everything)
    assert times and all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", t) for t in times), times
    assert data["calendar_feed"]["created_at"].endswith("Z")

    # Nobody else's address, row or secret.
    assert "hiroshi@example.org" not in everything and "@elsewhere.example" not in everything
    assert "[address withheld]" in everything
    assert "For the other" not in everything and "Input of Hiroshi" not in everything
    assert "Draft for Hiroshi" not in everything
    assert code not in everything and code.replace("-", "") not in everything
    sign_in = [mail for mail in data["emails_sent_to_you"] if mail["kind"] == MailKind.ACCOUNT]
    assert sign_in and all(mail["text"] == "" for mail in sign_in)
    feed_token = person.calendar_feed.token
    unsubscribe = person.notification_preferences.unsubscribe_token
    assert feed_token not in everything and unsubscribe not in everything
    rsvp = person.meeting_attendances.first().rsvp_token
    assert rsvp not in everything


def test_an_unverified_address_of_someone_else_does_not_bring_their_mail(client, person, other, now):
    """Anyone may type another's address as their own second one: until verified it is not theirs."""
    EmailAddress.objects.create(user=person, email=other.email, verified=False, primary=False)
    grow_personal_data(other, person, 1, now)
    client.force_login(person)

    data, everything, _response = download(client)

    assert not [mail for mail in data["emails_sent_to_you"] if mail["to"] == other.email]
    assert {row["email"] for row in data["panel_places"]} == {person.email}
    assert data["followed_groups"] == []
    assert other.email not in everything


def test_a_person_who_did_nothing_gets_every_part_empty_but_the_profile(client, person):
    client.force_login(person)
    data, _everything, _response = download(client)
    assert data["profile"]["display_name"] == "Amina"
    assert data["call_hours"] is None and data["memberships"] == [] and data["emails_sent_to_you"] == []


def test_the_page_says_what_the_file_holds_and_the_profile_links_to_it(client, person):
    client.force_login(person)
    page = client.get(reverse("data_export")).content.decode()
    assert "What the file holds" in page and 'method="post"' in page
    assert reverse("data_export") in client.get(reverse("profile_edit")).content.decode()


def test_a_visitor_is_sent_to_sign_in(client):
    for method in (client.get, client.post):
        response = method(reverse("data_export"))
        assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_personal_data_queries_do_not_grow_with_the_amount_of_data(
    person, other, now, django_assert_max_num_queries
):

    grow_personal_data(person, other, 2, now)
    with CaptureQueriesContext(connection) as small:
        personal_data_of(user=person)
    grow_personal_data(person, other, 18, now)
    with CaptureQueriesContext(connection) as large:
        data = personal_data_of(user=person)
    assert len(data.as_json()["memberships"]) == 20
    assert len(large.captured_queries) == len(small.captured_queries)


def test_an_address_written_in_other_letters_is_still_the_persons(client, person, other, now):
    """A facilitator may type "Amina@Example.org" on a panel: it is Amina's, and kept as typed."""
    grow_personal_data(other, person, 1, now)
    panelist = Panelist.objects.filter(email=person.email).get()
    Panelist.objects.filter(pk=panelist.pk).update(email="Amina@Example.ORG")
    client.force_login(person)

    data, _everything, _response = download(client)

    assert [row["email"] for row in data["panel_places"]] == ["Amina@Example.ORG"]


def test_an_email_whose_text_was_removed_says_when(client, person, other, now, settings):
    """After the outbox's retention the site keeps no text: the file says so rather than an empty text."""
    from datetime import timedelta

    from notifications.services.outbox import outbox_purge

    grow_personal_data(person, other, 1, now)
    mine = OutboxMessage.objects.filter(to_email=person.email).exclude(kind=MailKind.ACCOUNT).first()
    OutboxMessage.objects.filter(pk=mine.pk).update(
        status="sent", created_at=now - timedelta(days=settings.IGFMAG_OUTBOX_RETENTION_DAYS + 1)
    )
    assert outbox_purge(now=now) >= 1
    client.force_login(person)
    data, _everything, _response = download(client)
    (row,) = [mail for mail in data["emails_sent_to_you"] if mail["subject"] == mine.subject]
    assert row["text"] == "" and row["text_removed_at"] == now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    kept = [mail for mail in data["emails_sent_to_you"] if mail["subject"] != mine.subject]
    assert all(mail["text_removed_at"] is None for mail in kept)
