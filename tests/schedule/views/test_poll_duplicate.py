"""The "Run it again" page of a poll: what its POST makes, once, and what it refuses on the form."""

from datetime import timedelta

import pytest
from django.urls import reverse

from igfmag.celery import app as celery_app
from notifications.models import NotificationLedger
from schedule.models import AvailabilityPoll, Slot, Vote
from schedule.services import polls
from tests.conftest import BASE_NOW as NOW
from tests.factories import MembershipFactory

pytestmark = pytest.mark.usefixtures("now")


@pytest.fixture
def eager_tasks():
    """Tasks enqueued on commit run at once, in the test's process, as a worker would run them."""
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


@pytest.fixture
def source(team, facilitator):
    """Last round's poll, entered in UTC, with a member's answer and a guest."""
    member = MembershipFactory(team=team).user
    poll = polls.poll_create(
        actor=facilitator,
        team=team,
        title="Call 1",
        slots=[NOW + timedelta(days=2, hours=5), NOW + timedelta(days=3, hours=5)],
        deadline=NOW + timedelta(days=1),
        guests=["guest@example.org"],
    )
    polls.vote_submit(invitee=poll.invitees.get(user=member), answers={s.pk: "yes" for s in poll.slots.all()})
    return poll


def _url(poll):
    return reverse("schedule:poll_duplicate", args=[poll.pk])


FORM = {"title": "Call 2", "shift": "7", "days": "", "time_zone": "UTC", "deadline_local": ""}


def test_the_poll_page_offers_it_to_those_who_run_the_poll_only(client, team, facilitator, source):
    client.force_login(facilitator)
    assert _url(source) in client.get(reverse("schedule:poll", args=[source.pk])).content.decode()
    member = source.invitees.exclude(user=facilitator).exclude(user=None).get().user
    client.force_login(member)
    assert _url(source) not in client.get(reverse("schedule:poll", args=[source.pk])).content.decode()


def test_the_form_starts_with_the_old_title_and_one_week(client, facilitator, source):
    client.force_login(facilitator)
    response = client.get(_url(source))
    form = response.context["form"]
    assert (form["title"].value(), form["shift"].value(), form["time_zone"].value()) == ("Call 1", "7", "UTC")
    assert 'name="title" value="Call 1"' in response.content.decode()


def test_the_post_makes_the_poll_with_moved_slots_and_no_answers(
    client, team, facilitator, source, eager_tasks, django_capture_on_commit_callbacks
):
    client.force_login(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(source), {**FORM, "shift": "other", "days": "10"})
    copy = AvailabilityPoll.objects.exclude(pk=source.pk).get()
    assert response.status_code == 302 and response["Location"] == reverse("schedule:poll", args=[copy.pk])
    assert list(copy.slots.values_list("start", flat=True)) == [
        NOW + timedelta(days=12, hours=5),
        NOW + timedelta(days=13, hours=5),
    ]
    assert copy.deadline == NOW + timedelta(days=11)
    assert copy.title == "Call 2"
    assert set(copy.invitees.values_list("user", "email")) == set(
        source.invitees.values_list("user", "email")
    )
    assert copy.invitees.filter(user=None).get().email == "guest@example.org"
    assert not Vote.objects.filter(invitee__poll=copy).exists()
    assert NotificationLedger.objects.filter(key__startswith=f"poll-invite:{copy.pk}:").count() == 3


def test_a_form_posted_twice_makes_one_poll_and_invites_once(
    client, facilitator, source, eager_tasks, django_capture_on_commit_callbacks
):
    client.force_login(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(_url(source), FORM)
    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(_url(source), FORM, follow=True)
    copy = AvailabilityPoll.objects.exclude(pk=source.pk).get()
    assert first["Location"] == second.redirect_chain[-1][0] == reverse("schedule:poll", args=[copy.pk])
    assert "already made from the same form" in second.content.decode()
    assert Slot.objects.filter(poll=copy).count() == 2
    assert NotificationLedger.objects.filter(key__startswith=f"poll-invite:{copy.pk}:").count() == 3


def test_preview_shows_the_new_slots_and_makes_nothing(client, facilitator, source):
    client.force_login(facilitator)
    response = client.post(_url(source), {**FORM, "shift": "14", "preview": "1"})
    assert response.status_code == 200
    assert list(response.context["preview"]) == [
        NOW + timedelta(days=16, hours=5),
        NOW + timedelta(days=17, hours=5),
    ]
    assert AvailabilityPoll.objects.count() == 1


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"shift": "other", "days": ""}, "days", "Give the number of days, from 1 to 120."),
        ({"shift": "other", "days": "121"}, "days", "less than or equal to 120"),
        ({"shift": "3"}, "shift", "Select a valid choice"),
        ({"title": ""}, "title", "This field is required."),
        (
            {"deadline_local": "2000-01-02T10:00"},
            None,
            "The deadline for answers is in the past.",
        ),
    ],
)
def test_bad_forms_are_shown_again_with_their_errors(client, facilitator, source, change, field, message):
    client.force_login(facilitator)
    response = client.post(_url(source), {**FORM, **change})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert message in " ".join(errors.get(field or "__all__", [])), errors
    assert AvailabilityPoll.objects.count() == 1


def test_slots_still_in_the_past_are_refused_on_the_form(client, team, facilitator):
    old = polls.poll_create(
        actor=facilitator,
        team=team,
        title="Call 1",
        slots=[NOW + timedelta(days=2)],
        deadline=NOW + timedelta(days=1),
    )
    Slot.objects.filter(poll=old).update(start=NOW - timedelta(days=20))
    client.force_login(facilitator)
    response = client.post(_url(old), FORM)
    assert response.status_code == 200
    assert "1 slot would still be in the past" in response.content.decode()
    assert AvailabilityPoll.objects.count() == 1
