"""Reminders for many people at once: each email is what rendering it alone would give, the
sweep's queries grow per chunk of people and not per person, and nothing goes twice."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications.emails import render_for_user
from notifications.models import NotificationLedger, NotificationPreferences, OutboxMessage
from notifications.services import notices
from notifications.services.outbox import outbox_send
from notifications.services.preferences import unsubscribe_url_for
from schedule.models import Milestone
from schedule.services import reminders
from teams.models import Membership
from tests.factories import CycleFactory, IssueTeamFactory, MembershipFactory, MilestoneFactory


def _milestone_due_for(cycle, now, people: list[dict]):
    team = IssueTeamFactory(cycle=cycle)
    users = [
        MembershipFactory(team=team, **{f"user__{k}": v for k, v in person.items()}).user for person in people
    ]
    milestone = MilestoneFactory(
        cycle=cycle,
        title="Taking stock: Q&A <draft>",
        due_at=now + timedelta(hours=12),
        reminder_offsets=[1],
        description="Bring the notes\nand the figures",
    )
    return milestone, users


@pytest.mark.django_db
def test_each_person_gets_the_email_a_render_of_their_own_gives(now, cycle):
    """Emails rendered once per language and zone, with the name and unsubscribe link filled in,
    are exactly those rendered one by one: names with markup, accents, spaces; three languages."""
    people = [
        {"display_name": "Amina Diallo", "time_zone": "Africa/Dakar"},
        {"display_name": "Amina <b>Dia</b> & co", "time_zone": "Africa/Dakar"},
        {"display_name": "José  Ñúñez", "time_zone": "Africa/Dakar"},  # two spaces: rendered alone
        {"display_name": "Léa Martin", "time_zone": "Europe/Paris", "language": "fr"},
        {"display_name": "Chloé Petit", "time_zone": "Europe/Paris", "language": "fr"},
        {"display_name": "ليلى", "time_zone": "Asia/Riyadh", "language": "ar"},
        {"display_name": "سارة", "time_zone": "Asia/Riyadh", "language": "ar"},
        {"display_name": "", "email": "no.name@example.org", "time_zone": "UTC"},
        {"display_name": "", "email": "other.name@example.org", "time_zone": "UTC"},
    ]
    milestone, users = _milestone_due_for(cycle, now, people)

    assert len(reminders.sweep()) == len(users)

    for user in users:
        message = OutboxMessage.objects.get(to_user=user)
        prefs = NotificationPreferences.objects.get(user=user)
        alone = render_for_user(
            "reminder",
            {"milestone": milestone, "days": 1},
            user=user,
            unsubscribe_url=unsubscribe_url_for(prefs),
        )
        assert (message.subject, message.body_text, message.body_html) == (
            alone.subject,
            alone.text,
            alone.html,
        )
        assert message.headers["List-Unsubscribe"] == f"<{unsubscribe_url_for(prefs)}>"
    assert "Amina &lt;b&gt;Dia&lt;/b&gt; &amp; co" in OutboxMessage.objects.get(to_user=users[1]).body_html
    assert not OutboxMessage.objects.filter(body_html__icontains=notices._MARK).exists()


def _sweep_queries(now, members: int) -> int:
    """The queries of a sweep of one milestone for `members` new people."""
    _milestone_due_for(CycleFactory(), now, [{"time_zone": "UTC"}] * members)
    with CaptureQueriesContext(connection) as queries:
        sent = reminders.sweep()
    NotificationLedger.objects.all().delete()
    OutboxMessage.objects.all().delete()
    Milestone.objects.all().delete()
    Membership.objects.all().delete()
    assert len(sent) == members
    return len(queries)


@pytest.mark.django_db
def test_the_sweeps_queries_grow_per_chunk_of_people_not_per_person(now, monkeypatch):
    monkeypatch.setattr(reminders, "RECORD_CHUNK", 10)
    monkeypatch.setattr(notices, "RECORD_CHUNK", 10)
    one_chunk, one_chunk_full = _sweep_queries(now, 3), _sweep_queries(now, 10)
    two_chunks, three_chunks = _sweep_queries(now, 20), _sweep_queries(now, 30)

    assert one_chunk == one_chunk_full  # 3 or 10 people: the same queries
    per_chunk = two_chunks - one_chunk_full
    assert three_chunks - two_chunks == per_chunk
    assert per_chunk <= 15


@pytest.mark.django_db
def test_sweeps_and_sends_run_again_send_nothing_twice(now, cycle):
    milestone, users = _milestone_due_for(cycle, now, [{"time_zone": "UTC"}] * 12)

    first = reminders.sweep()
    assert reminders.sweep() == []  # the next minute's sweep
    assert outbox_send(first) == 12
    assert outbox_send(first) == 0  # a task delivered twice by the broker
    assert reminders.sweep() == []

    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in users)
    assert NotificationLedger.objects.count() == OutboxMessage.objects.count() == 12
