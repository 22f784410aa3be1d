import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from icalendar import Calendar

from notifications.services.outbox import outbox_send
from schedule.enums import PollStatus
from schedule.models import Invitee, Meeting, Vote
from schedule.selectors.poll_results import poll_results
from schedule.services import meetings, poll_mail, polls
from tests.factories import MembershipFactory
from tests.support.mail import send_queued
from tests.support.text import plain

NOW = datetime(2027, 3, 20, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _poll(team, actor, slots, **kwargs):
    return polls.poll_create(
        actor=actor,
        team=team,
        title="First call",
        slots=slots,
        deadline=kwargs.pop("deadline", NOW + timedelta(days=2)),
        **kwargs,
    )


# --- creating -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "slots, deadline, message",
    [
        ([NOW - timedelta(hours=1)], NOW + timedelta(hours=1), "1 slot is in the past."),
        ([NOW + timedelta(days=3)] * 2, NOW + timedelta(days=1), "Some slots are listed twice."),
        (
            [NOW + timedelta(days=3)],
            NOW + timedelta(days=4),
            "The deadline for answers must come before the first slot.",
        ),
        (
            [NOW + timedelta(days=3, hours=h) for h in range(101)],
            NOW + timedelta(days=1),
            "at most 100 slots",
        ),
        ([], NOW + timedelta(days=1), "Add at least one slot."),
        ([NOW + timedelta(days=3)], NOW - timedelta(days=1), "The deadline for answers is in the past."),
    ],
)
def test_bad_polls_are_refused_and_nothing_is_saved(team, facilitator, slots, deadline, message):
    with pytest.raises(ValidationError, match=message):
        _poll(team, facilitator, slots, deadline=deadline)
    from schedule.models import AvailabilityPoll

    assert not AvailabilityPoll.objects.exists()


def test_members_and_guests_are_invited_once(team, facilitator):
    MembershipFactory.create_batch(2, team=team)
    poll = _poll(
        team, facilitator, [NOW + timedelta(days=3)], guests=["Guest@Example.org", "guest@example.org"]
    )
    poll_mail.poll_invitations_send(poll.pk)
    poll_mail.poll_invitations_send(poll.pk)  # a retried task
    send_queued()
    assert poll.invitees.count() == 4  # facilitator, two members, one guest
    assert len(mail.outbox) == 4
    guest_mail = next(m for m in mail.outbox if m.to == ["guest@example.org"])
    assert re.search(r"http://testserver/polls/answer/[\w-]+/", guest_mail.body)
    # A guest has no preferences page: the one-click unsubscribe stops all email to the address.
    assert re.fullmatch(
        r"<http://testserver/email/stop/[\w-]+/>", guest_mail.extra_headers["List-Unsubscribe"]
    )


def test_secretariat_launches_the_same_poll_for_several_teams(team, other_team, secretariat):
    created = polls.polls_launch(
        actor=secretariat,
        teams=[team, other_team],
        title="First call",
        slots=[NOW + timedelta(days=3), NOW + timedelta(days=4)],
        deadline=NOW + timedelta(days=2),
    )
    assert [p.team for p in created] == [team, other_team]
    assert all(p.slots.count() == 2 for p in created)


# --- voting ---------------------------------------------------------------------------------


def test_a_vote_is_replaced_not_added(team, facilitator):
    poll = _poll(team, facilitator, [NOW + timedelta(days=3), NOW + timedelta(days=4)])
    first, second = poll.slots.all()
    invitee = poll.invitees.get(user=facilitator)
    polls.vote_submit(invitee=invitee, answers={first.pk: "yes", second.pk: "no"})
    polls.vote_submit(invitee=invitee, answers={first.pk: "maybe", second.pk: "yes"})
    assert dict(Vote.objects.values_list("slot_id", "answer")) == {first.pk: "maybe", second.pk: "yes"}


def test_voting_on_a_closed_poll_is_refused(team, facilitator):
    poll = _poll(team, facilitator, [NOW + timedelta(days=3)])
    invitee = poll.invitees.get(user=facilitator)
    with (
        time_machine.travel(NOW + timedelta(days=2, minutes=1), tick=False),
        pytest.raises(ValidationError, match="This poll is closed"),
    ):
        polls.vote_submit(invitee=invitee, answers={poll.slots.get().pk: "yes"})
    assert not Vote.objects.exists()


def test_answers_for_another_polls_slots_are_refused(team, facilitator):
    poll = _poll(team, facilitator, [NOW + timedelta(days=3)])
    other = _poll(team, facilitator, [NOW + timedelta(days=5)])
    with pytest.raises(ValidationError, match="another poll"):
        polls.vote_submit(invitee=poll.invitees.get(user=facilitator), answers={other.slots.get().pk: "yes"})


def test_nobody_can_change_someone_elses_vote_through_the_page(client, team, facilitator, community):
    MembershipFactory(team=team, user=community)
    poll = _poll(team, facilitator, [NOW + timedelta(days=3)])
    slot = poll.slots.get()
    client.force_login(community)
    # The form only ever writes the signed-in person's own invitation.
    client.post(reverse("schedule:poll", args=[poll.pk]), {f"slot_{slot.pk}": "no"})
    assert list(Vote.objects.values_list("invitee__user", "answer")) == [(community.pk, "no")]


def test_ranking_weighs_attendance_then_fairness_and_says_why(team, facilitator):
    kolkata = MembershipFactory(team=team, user__display_name="Priya", user__time_zone="Asia/Kolkata").user
    auckland = MembershipFactory(
        team=team, user__display_name="Aroha", user__time_zone="Pacific/Auckland"
    ).user
    early = NOW + timedelta(days=3, hours=-9 + 7)  # 07:00 UTC: 12:30 Kolkata, 20:00 Auckland (NZDT)
    late = NOW + timedelta(days=3, hours=-9 + 13)  # 13:00 UTC: 18:30 Kolkata, 02:00 Auckland
    poll = _poll(team, facilitator, [early, late])
    slot_early, slot_late = poll.slots.all()
    for person in (facilitator, kolkata, auckland):
        polls.vote_submit(
            invitee=poll.invitees.get(user=person), answers={slot_early.pk: "yes", slot_late.pk: "yes"}
        )

    results = poll_results(poll=poll, show_names=True)

    assert [r.slot for r in results.ranking] == [slot_early, slot_late]
    assert plain(results.ranking[0].explanation()) == (
        "Tue 23 Mar 2027, 07:00 UTC: 3 can attend (3 yes, 0 if need be); nobody before 07:00 or after 22:00"
    )
    assert plain(results.ranking[1].explanation()) == (
        "Tue 23 Mar 2027, 13:00 UTC: 3 can attend (3 yes, 0 if need be); "
        "night for 1 who can attend: Aroha (Auckland 02:00)"
    )
    hidden = plain(poll_results(poll=poll, show_names=False).ranking[1].explanation())
    assert "Aroha" not in hidden and hidden.endswith("night for 1 who can attend: Auckland 02:00")


# --- chores ---------------------------------------------------------------------------------


def test_nudge_before_the_deadline_then_close_and_summarise_once(team, facilitator):
    answered = MembershipFactory(team=team).user
    silent = MembershipFactory(team=team).user
    poll = _poll(team, facilitator, [NOW + timedelta(days=3)], deadline=NOW + timedelta(days=2))
    polls.vote_submit(invitee=poll.invitees.get(user=answered), answers={poll.slots.get().pk: "yes"})
    mail.outbox.clear()
    for hours in (23, 25, 30, 47):  # a nudge is due from 24 hours before the deadline
        with time_machine.travel(NOW + timedelta(hours=hours), tick=False):
            outbox_send(poll_mail.poll_chores())
    nudged = sorted(m.to[0] for m in mail.outbox)
    assert nudged == sorted([facilitator.email, silent.email])
    assert all(m.subject == "[IGF MAG] Last day to answer: First call" for m in mail.outbox)

    mail.outbox.clear()
    for hours in (48, 49, 60):
        with time_machine.travel(NOW + timedelta(hours=hours, minutes=1), tick=False):
            outbox_send(poll_mail.poll_chores())
    poll.refresh_from_db()
    assert poll.status == PollStatus.CLOSED
    assert [(m.to[0], m.subject) for m in mail.outbox] == [
        (facilitator.email, "[IGF MAG] Poll closed: the best times for First call")
    ]
    assert "1 of 3 answered" in mail.outbox[0].body


# --- meetings -------------------------------------------------------------------------------


def _ics(message):
    ((name, content, mimetype),) = message.attachments
    assert name == "invite.ics" and mimetype.startswith("text/calendar")
    return Calendar.from_ical(content)


def test_finalise_reschedule_cancel_send_invitations_with_one_uid_and_growing_sequence(team, facilitator):
    guest_poll = _poll(team, facilitator, [NOW + timedelta(days=3)], guests=["guest@example.org"])
    slot = guest_poll.slots.get()
    mail.outbox.clear()

    meeting = meetings.meeting_create_from_slot(
        actor=facilitator,
        poll=guest_poll,
        slot=slot,
        video_link="https://meet.example.org/igf",
        agenda="1. Chairs",
    )
    meetings.meeting_notices_send(meeting.pk)  # what the worker does after the commit
    send_queued()
    invitation = _ics(next(m for m in mail.outbox if m.to == ["guest@example.org"]))
    event = invitation.walk("VEVENT")[0]
    assert str(invitation["method"]) == "REQUEST"
    assert event["dtstart"].dt == slot.start and event["dtend"].dt == slot.start + timedelta(hours=1)
    assert event["sequence"] == 0
    assert str(event["attendee"]) == "mailto:guest@example.org"  # the guest's copy names the guest alone
    assert str(event["organizer"]).startswith("mailto:")
    guest_poll.refresh_from_db()
    assert guest_poll.status == PollStatus.FINALISED

    mail.outbox.clear()
    meetings.meeting_update(
        actor=facilitator,
        meeting=meeting,
        start=slot.start + timedelta(hours=2),
        end=slot.start + timedelta(hours=3),
    )
    meetings.meeting_notices_send(meeting.pk)  # what the worker does after the commit
    send_queued()
    update = _ics(mail.outbox[0]).walk("VEVENT")[0]
    assert str(update["uid"]) == str(event["uid"]) and update["sequence"] == 1
    assert update["dtstart"].dt == slot.start + timedelta(hours=2)

    mail.outbox.clear()
    meetings.meeting_update(actor=facilitator, meeting=meeting, notes="Only notes")  # quiet change
    meetings.meeting_notices_send(meeting.pk)  # what the worker does after the commit
    assert send_queued() == 0

    meetings.meeting_cancel(actor=facilitator, meeting=meeting)
    meetings.meeting_notices_send(meeting.pk)  # what the worker does after the commit
    send_queued()
    cancel = _ics(mail.outbox[0])
    assert str(cancel["method"]) == "CANCEL" and cancel.walk("VEVENT")[0]["sequence"] == 2
    assert len(mail.outbox) == 2


def test_a_poll_becomes_one_meeting_only(team, facilitator):
    poll = _poll(team, facilitator, [NOW + timedelta(days=3)])
    meetings.meeting_create_from_slot(actor=facilitator, poll=poll, slot=poll.slots.get())
    with pytest.raises(ValidationError, match="already became a meeting"):
        meetings.meeting_create_from_slot(actor=facilitator, poll=poll, slot=poll.slots.get())
    assert Meeting.objects.count() == 1


def test_meeting_reminder_the_day_before_once(team, facilitator):
    poll = _poll(team, facilitator, [NOW + timedelta(days=3)])
    meeting = meetings.meeting_create_from_slot(actor=facilitator, poll=poll, slot=poll.slots.get())
    meetings.meeting_notices_send(meeting.pk)  # what the worker does after the commit
    mail.outbox.clear()
    for hours in (47, 49, 50, 60):
        with time_machine.travel(NOW + timedelta(hours=hours), tick=False):
            outbox_send(meetings.meeting_reminders())
    assert [m.subject for m in mail.outbox] == ["[IGF MAG] Reminder: First call in 23 hours"]
    assert meeting.start == NOW + timedelta(days=3)


def test_meeting_page_shows_each_zone_and_sanitised_markdown(client, team, facilitator):
    MembershipFactory(team=team, user__time_zone="Asia/Kathmandu", user__display_name="Rahul")
    poll = _poll(team, facilitator, [NOW + timedelta(days=3)])
    meeting = meetings.meeting_create_from_slot(
        actor=facilitator,
        poll=poll,
        slot=poll.slots.get(),
        agenda="# Opening\n\n**Chairs** <script>alert(1)</script> [link](javascript:alert(2))",
    )
    meetings.meeting_notices_send(meeting.pk)  # what the worker does after the commit
    client.force_login(facilitator)
    page = plain(client.get(reverse("schedule:meeting", args=[meeting.pk])).content.decode())
    assert "<strong>Chairs</strong>" in page and "<script>alert(1)" not in page and "javascript:" not in page
    assert '<h2>Agenda</h2><div class="prose"><h3>Opening</h3>' in page  # a heading, below the page's
    assert (
        'Tue 23 Mar 2027, 14:45–15:45 +0545</time> <span class="utc">(09:00–10:00 UTC)</span>' in page
        and "Rahul" in page
    )


# --- guest links and who sees names -----------------------------------------------------------


def test_guest_answers_through_the_link_and_unknown_or_revoked_links_reveal_nothing(
    client, team, facilitator
):
    poll = _poll(team, facilitator, [NOW + timedelta(days=3)], guests=["guest@example.org"])
    guest = poll.invitees.get(user__isnull=True)
    url = reverse("schedule:poll_guest", args=[guest.token])
    slot = poll.slots.get()
    response = client.post(
        url,
        {f"slot_{slot.pk}": "yes", "name": "Gita <b>Guest</b>", "time_zone": "Asia/Kathmandu"},
        follow=True,
    )
    assert "Your answers are saved." in plain(response.content.decode())
    guest.refresh_from_db()
    assert (guest.name, guest.guest_time_zone) == ("Gita <b>Guest</b>", "Asia/Kathmandu")
    page = plain(client.get(url).content.decode())
    assert "guest@example.org" not in page
    assert "Gita <b>" not in page  # a guest does not see names, and names are escaped anyway

    Invitee.objects.filter(pk=guest.pk).update(revoked_at=NOW)
    gone = client.get(url)
    assert gone.status_code == 410 and "First call" not in plain(gone.content.decode())
    missing = client.get(reverse("schedule:poll_guest", args=["not-a-token"]))
    assert missing.status_code == 404 and "First call" not in plain(missing.content.decode())


def test_team_members_see_names_and_the_guests_name_but_never_its_address(
    client, team, facilitator, community
):
    MembershipFactory(team=team, user=community)
    poll = _poll(team, facilitator, [NOW + timedelta(days=3)], guests=["guest@example.org"])
    guest = poll.invitees.get(user__isnull=True)
    polls.vote_submit(invitee=guest, answers={poll.slots.get().pk: "yes"}, guest_name="Gita")
    client.force_login(community)
    page = plain(client.get(reverse("schedule:poll", args=[poll.pk])).content.decode())
    assert "Gita" in page and "Team Facilitator" in page and "guest@example.org" not in page
