"""proposals/invitations.py: inviting a panelist to speak, their answer through the private link,
the emails each sends once (ledger), the .ics of a confirmed speaker, and the nudge chore."""

from datetime import timedelta

import icalendar
import pytest
import time_machine
from django.core.exceptions import ValidationError

from notifications.enums import Chore, MailKind
from notifications.models import ChoreRun, NotificationLedger, OutboxMessage
from notifications.sealing import REDACTED
from proposals import invitations, services
from proposals.enums import InvitationState
from tests.factories import PanelistFactory, panel_proposal
from tests.support.mail import newly_sent

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(team, facilitator, now):
    return panel_proposal(team=team, actor=facilitator, starts_at=now + timedelta(days=60))


@pytest.fixture
def speaker(proposal):
    return PanelistFactory(proposal=proposal, name="Ana Speaker", email="ana@example.org")


def invite(facilitator, speaker, now, days=10, language="fr"):
    return invitations.panelist_invite(
        actor=facilitator, panelist=speaker, reply_by=(now + timedelta(days=days)).date(), language=language
    )


def test_inviting_sends_one_email_with_a_private_link_the_outbox_hides(facilitator, speaker, now):
    invited = invite(facilitator, speaker, now)
    assert invited.invitation == InvitationState.INVITED and invited.token and invited.invitation_round == 1
    message = OutboxMessage.objects.get(to_email="ana@example.org")
    assert invited.token not in message.readable_text and REDACTED in message.readable_text
    (sent,) = newly_sent()
    assert invited.token in sent.body
    assert "Ana Speaker" in sent.body and "UTC" in sent.body
    assert sent.subject.count("Trust and safety online") == 1


def test_the_invitation_is_written_in_the_chosen_language(facilitator, speaker, now):
    invite(facilitator, speaker, now, language="fr")
    (sent,) = newly_sent()
    assert NotificationLedger.objects.get(kind=MailKind.SPEAKER_INVITATION).key.startswith("speaker-invite:")
    assert sent.to == ["ana@example.org"] and "Bonjour Ana Speaker," in sent.body
    # Only what the speaker may see: no one else's address.
    assert "@example.org" not in sent.body.replace("ana@example.org", "")


def test_no_email_no_invitation_and_nothing_saved(facilitator, proposal, now):
    nobody = PanelistFactory(proposal=proposal, email="")
    with pytest.raises(ValidationError):
        invite(facilitator, nobody, now)
    nobody.refresh_from_db()
    assert nobody.invitation == "" and not OutboxMessage.objects.exists()


@pytest.mark.parametrize("days", [0, -1, 365 * 11])
def test_a_reply_by_date_must_be_after_today_and_within_the_window(facilitator, speaker, now, days):
    with pytest.raises(ValidationError):
        invite(facilitator, speaker, now, days=days)
    speaker.refresh_from_db()
    assert speaker.invitation == "" and speaker.token is None


def test_confirming_sends_the_session_ics_once(facilitator, speaker, now, proposal):
    token = invite(facilitator, speaker, now).token
    newly_sent()
    answered = invitations.invitation_answer(token=token, confirm=True, zone="Asia/Kathmandu")
    assert answered.invitation == InvitationState.CONFIRMED and answered.time_zone == "Asia/Kathmandu"
    with pytest.raises(ValidationError):
        invitations.invitation_answer(token=token, confirm=False)
    (sent,) = newly_sent()
    assert "+0545 (" in sent.body and "UTC)" in sent.body  # Kathmandu time, UTC beside
    (ics,) = [content for _name, content, _type in sent.attachments]
    calendar = icalendar.Calendar.from_ical(ics)
    (event,) = calendar.walk("VEVENT")
    assert event["uid"] == f"proposal-{proposal.pk}-panelist-{speaker.pk}@" + str(event["uid"]).split("@")[1]
    assert event.decoded("dtstart") == proposal.starts_at
    assert event.decoded("dtend") == proposal.starts_at + timedelta(minutes=proposal.minutes)
    assert event["sequence"] == 1
    speaker.refresh_from_db()
    assert speaker.invitation == InvitationState.CONFIRMED


def test_confirming_before_the_time_is_fixed_sends_no_ics(facilitator, team, now):
    untimed = panel_proposal(team=team, actor=facilitator, title="No time yet")
    speaker = PanelistFactory(proposal=untimed, email="bo@example.org")
    token = invite(facilitator, speaker, now, language="en").token
    newly_sent()
    invitations.invitation_answer(token=token, confirm=True)
    (sent,) = newly_sent()
    assert not sent.attachments and "not fixed yet" in sent.body


def test_declining_sends_nothing_and_inviting_again_sends_a_new_link(facilitator, speaker, now):
    first = invite(facilitator, speaker, now).token
    newly_sent()
    invitations.invitation_answer(token=first, confirm=False)
    assert newly_sent() == []
    again = invite(facilitator, speaker, now, days=5)
    assert again.token != first and again.invitation_round == 2
    assert invitations.invitation_get(token=first) is None
    assert len(newly_sent()) == 1


def test_a_confirmed_speaker_is_not_invited_again(facilitator, speaker, now):
    invitations.invitation_answer(token=invite(facilitator, speaker, now).token, confirm=True)
    with pytest.raises(ValidationError):
        invite(facilitator, speaker, now)


def test_a_withdrawn_proposal_closes_the_link(facilitator, speaker, now, proposal):
    token = invite(facilitator, speaker, now).token
    services.proposal_withdraw(actor=facilitator, proposal=proposal)
    with pytest.raises(ValidationError):
        invitations.invitation_answer(token=token, confirm=True)
    speaker.refresh_from_db()
    assert speaker.invitation == InvitationState.WITHDRAWN


def _cancel_event(sent):
    ((name, content, mimetype),) = sent.attachments
    assert name == "session.ics" and "method=CANCEL" in mimetype
    calendar = icalendar.Calendar.from_ical(content)
    assert calendar["method"] == "CANCEL"
    (event,) = calendar.walk("VEVENT")
    assert event["status"] == "CANCELLED"
    return event


def test_withdrawing_tells_the_invited_and_the_confirmed_once_each_in_their_language(
    facilitator, speaker, proposal, now
):
    invitations.invitation_answer(token=invite(facilitator, speaker, now, language="fr").token, confirm=True)
    waiting = PanelistFactory(proposal=proposal, name="Bo Waiting", email="bo@example.org")
    invite(facilitator, waiting, now, language="en")
    declined = PanelistFactory(proposal=proposal, email="cy@example.org")
    invitations.invitation_answer(token=invite(facilitator, declined, now).token, confirm=False)
    PanelistFactory(proposal=proposal, email="never@example.org")  # never invited
    (confirmed_ics,) = [
        content
        for sent in newly_sent()
        if sent.to == ["ana@example.org"]
        for _n, content, _t in sent.attachments
    ]
    sequence_before = icalendar.Calendar.from_ical(confirmed_ics).walk("VEVENT")[0]["sequence"]

    services.proposal_withdraw(actor=facilitator, proposal=proposal)
    sent = {message.to[0]: message for message in newly_sent()}
    assert set(sent) == {"ana@example.org", "bo@example.org"}
    assert "Bonjour Ana Speaker," in sent["ana@example.org"].body
    assert "withdrawn its proposal" in sent["bo@example.org"].body and not sent["bo@example.org"].attachments
    event = _cancel_event(sent["ana@example.org"])
    assert event["uid"].startswith(f"proposal-{proposal.pk}-panelist-{speaker.pk}@")
    assert event["sequence"] > sequence_before
    assert NotificationLedger.objects.filter(key__startswith="speaker-withdrawn:").count() == 2

    # Withdrawn again (back to draft and withdrawn): nobody is told twice.
    services.proposal_reopen(actor=facilitator, proposal=proposal)
    services.proposal_withdraw(actor=facilitator, proposal=proposal)
    assert newly_sent() == []


def test_confirmed_again_after_a_withdrawal_the_entry_outranks_the_cancellation(
    facilitator, speaker, proposal, now
):
    invitations.invitation_answer(token=invite(facilitator, speaker, now).token, confirm=True)
    services.proposal_withdraw(actor=facilitator, proposal=proposal)
    cancelled = _cancel_event(newly_sent()[-1])["sequence"]
    services.proposal_reopen(actor=facilitator, proposal=proposal)
    invitations.invitation_answer(token=invite(facilitator, speaker, now).token, confirm=True)
    (ics,) = [content for _n, content, _t in newly_sent()[-1].attachments]
    assert icalendar.Calendar.from_ical(ics).walk("VEVENT")[0]["sequence"] > cancelled


def test_a_speaker_taken_off_the_panel_is_told_once(facilitator, speaker, proposal, now):
    invitations.invitation_answer(token=invite(facilitator, speaker, now, language="es").token, confirm=True)
    waiting = PanelistFactory(proposal=proposal, email="bo@example.org")
    token = invite(facilitator, waiting, now, language="en").token
    declined = PanelistFactory(proposal=proposal, email="cy@example.org")
    invitations.invitation_answer(token=invite(facilitator, declined, now).token, confirm=False)
    newly_sent()

    services.panelist_remove(actor=facilitator, panelist=speaker)
    (sent,) = newly_sent()
    assert sent.to == ["ana@example.org"] and "Estimado/a Ana Speaker:" in sent.body
    event = _cancel_event(sent)
    assert event["uid"].startswith(f"proposal-{proposal.pk}-panelist-{speaker.pk}@")
    assert event["sequence"] > proposal.time_sequence
    services.panelist_remove(actor=facilitator, panelist=waiting)
    (sent,) = newly_sent()
    assert sent.to == ["bo@example.org"] and "changed the panel" in sent.body and not sent.attachments
    assert invitations.invitation_withdrawn(token=token, panelist=None)
    services.panelist_remove(actor=facilitator, panelist=declined)
    assert newly_sent() == []


def test_an_unknown_token_is_refused(db):
    with pytest.raises(ValidationError):
        invitations.invitation_answer(token="nope", confirm=True)


def test_the_nudge_goes_once_three_days_before_and_not_to_those_who_answered(
    facilitator, speaker, proposal, now
):
    invite(facilitator, speaker, now, days=10, language="en")
    answered = PanelistFactory(proposal=proposal, email="cy@example.org")
    invitations.invitation_answer(token=invite(facilitator, answered, now, days=10).token, confirm=False)
    newly_sent()
    assert invitations.speaker_nudges(now=now + timedelta(days=6)) == []
    with time_machine.travel(now + timedelta(days=7, hours=1), tick=False):
        assert len(invitations.speaker_nudges()) == 1
        assert invitations.speaker_nudges() == []
        (sent,) = newly_sent()
    assert sent.to == ["ana@example.org"] and "reminder" in sent.body.lower()
    assert invitations.speaker_nudges(now=now + timedelta(days=11)) == []


def test_one_bad_row_is_recorded_and_the_others_are_nudged(facilitator, speaker, proposal, now, monkeypatch):
    other = PanelistFactory(proposal=proposal, email="di@example.org")
    invite(facilitator, speaker, now, days=5)
    invite(facilitator, other, now, days=5)
    real = invitations._notice

    def broken(panelist, **kwargs):
        if panelist.pk == speaker.pk:
            raise RuntimeError("template broke")
        return real(panelist, **kwargs)

    monkeypatch.setattr(invitations, "_notice", broken)
    with time_machine.travel(now + timedelta(days=2, hours=1), tick=False):
        assert len(invitations.speaker_nudges()) == 1
    run = ChoreRun.objects.get(chore=Chore.SPEAKER_NUDGES)
    assert run.last_failed_items == 1
    assert NotificationLedger.objects.filter(kind=MailKind.SPEAKER_NUDGE).count() == 1


def test_the_proposal_counts_its_invitations(facilitator, speaker, proposal, now):
    from proposals.selectors import panel_summary

    invite(facilitator, speaker, now)
    other = PanelistFactory(proposal=proposal, email="ed@example.org")
    invitations.invitation_answer(token=invite(facilitator, other, now).token, confirm=True)
    summary = panel_summary(proposal=proposal)
    assert (summary.invited, summary.confirmed, summary.declined) == (1, 1, 0)


def test_a_new_address_withdraws_the_invitation_sent_to_the_old_one(facilitator, speaker, now):
    token = invite(facilitator, speaker, now).token
    services.panelist_update(
        actor=facilitator, panelist=speaker, name="Ana Speaker", email="ana@new.example.org"
    )
    speaker.refresh_from_db()
    assert speaker.invitation == InvitationState.NOT_INVITED and speaker.token is None
    assert invitations.invitation_get(token=token) is None


def test_beat_runs_the_nudges_every_minute(settings, facilitator, speaker, now):
    from proposals.tasks import sweep_speaker_nudges

    entry = settings.CELERY_BEAT_SCHEDULE["sweep-speaker-nudges"]
    assert entry == {"task": "proposals.tasks.sweep_speaker_nudges", "schedule": 60.0}
    invite(facilitator, speaker, now, days=4)
    with time_machine.travel(now + timedelta(days=1, hours=1), tick=False):
        assert sweep_speaker_nudges() == 1
        assert sweep_speaker_nudges() == 0


def test_a_confirmed_speaker_gets_the_new_time_and_ics_once_per_change(facilitator, speaker, proposal, now):
    invitations.invitation_answer(token=invite(facilitator, speaker, now, language="en").token, confirm=True)
    waiting = PanelistFactory(proposal=proposal, email="fa@example.org")
    invite(facilitator, waiting, now)
    newly_sent()
    moved = now + timedelta(days=61)
    services.proposal_update(actor=facilitator, proposal=proposal, starts_at=moved)
    (sent,) = newly_sent()  # the confirmed speaker only
    assert sent.to == ["ana@example.org"] and "New time" in sent.subject
    (event,) = icalendar.Calendar.from_ical(sent.attachments[0][1]).walk("VEVENT")
    assert event.decoded("dtstart") == moved and event["sequence"] == 2
    services.proposal_update(actor=facilitator, proposal=proposal, title="Same time, new title")
    assert newly_sent() == []


def test_setting_the_time_later_sends_the_ics_to_those_who_confirmed(facilitator, team, now):
    untimed = panel_proposal(team=team, actor=facilitator, title="Time later")
    speaker = PanelistFactory(proposal=untimed, email="go@example.org")
    invitations.invitation_answer(token=invite(facilitator, speaker, now).token, confirm=True)
    newly_sent()
    services.proposal_update(actor=facilitator, proposal=untimed, starts_at=now + timedelta(days=20))
    (sent,) = newly_sent()
    (event,) = icalendar.Calendar.from_ical(sent.attachments[0][1]).walk("VEVENT")
    assert event["sequence"] == 1
