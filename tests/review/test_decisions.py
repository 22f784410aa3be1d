"""The MAG's decisions: recorded with their history, mailed once to the proposers in their
language, a conditional accept's one reminder and its lapse at the deadline."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError

from notifications.enums import MailKind
from notifications.models import ChoreError, OutboxMessage
from proposals.enums import SessionFormat
from review import decisions, services
from review.enums import EntryStatus
from review.models import Decision

from .conftest import HEADER, SECRET_EMAIL, csv_text, import_text, workshop_line

OTHER_EMAIL = "other@proposer.example"


def mails(address, kind=MailKind.DECISION):
    return list(OutboxMessage.objects.filter(to_email__iexact=address, kind=kind).order_by("id"))


def test_accept_mails_the_imported_proposer_once_in_their_language(imported, secretariat, now):
    imported.language = "fr"
    imported.save(update_fields=["language"])
    decisions.decision_make(actor=secretariat, entry=imported, outcome=EntryStatus.ACCEPTED, reasons="Bien.")
    imported.refresh_from_db()
    assert imported.status == EntryStatus.ACCEPTED
    [mail] = mails(SECRET_EMAIL)
    assert "Youth and data" in mail.subject
    assert "Accepté" in mail.subject
    assert mail.body_text.startswith("Bonjour Zenobia Quillfeather,")
    assert "Bien." in mail.body_text
    decisions.conditions_sweep()
    assert len(mails(SECRET_EMAIL)) == 1


def test_the_language_of_the_import_writes_the_decision(review_round, secretariat, cycle, now):
    text = csv_text(workshop_line() + ",Russian", header=HEADER + ",language")
    [entry] = import_text(secretariat, cycle, text)
    decisions.decision_make(actor=secretariat, entry=entry, outcome=EntryStatus.ACCEPTED)
    [mail] = mails(SECRET_EMAIL)
    assert mail.body_text.startswith("Здравствуйте, Zenobia Quillfeather!")
    assert "Ваше предложение" in mail.subject


def test_changed_decision_mails_again_once_and_keeps_history(imported, secretariat, now):
    decisions.decision_make(actor=secretariat, entry=imported, outcome=EntryStatus.ACCEPTED)
    decisions.decision_make(
        actor=secretariat,
        entry=imported,
        outcome=EntryStatus.FORMAT_CHANGED,
        recommended_format=SessionFormat.choices[0][0],
        reasons="Shorter is better.",
    )
    assert len(mails(SECRET_EMAIL)) == 2
    assert list(Decision.objects.filter(entry=imported).values_list("outcome", flat=True)) == [
        EntryStatus.ACCEPTED,
        EntryStatus.FORMAT_CHANGED,
    ]


def test_proposal_entry_mails_each_facilitator_in_their_language(team_entry, secretariat, facilitator, now):
    facilitator.language = "es"
    facilitator.save(update_fields=["language"])
    decisions.decision_make(actor=secretariat, entry=team_entry, outcome=EntryStatus.DECLINED, reasons="No.")
    [mail] = mails(facilitator.email)
    assert mail.to_user_id == facilitator.pk
    assert "Team workshop" in mail.subject
    assert mail.body_text.startswith("Estimado/a")


def test_anonymised_phase_still_mails_the_proposer_and_names_no_other(
    review_round, imported, secretariat, cycle, now
):
    services.round_anonymise(actor=secretariat, cycle=cycle, anonymised=True)
    [other] = import_text(
        secretariat,
        cycle,
        csv_text(workshop_line(title="Other", proposers="Otto Other", contact_email=OTHER_EMAIL)),
    )
    decisions.decision_make(actor=secretariat, entry=imported, outcome=EntryStatus.ACCEPTED)
    decisions.decision_make(actor=secretariat, entry=other, outcome=EntryStatus.DECLINED)
    [mine] = mails(SECRET_EMAIL)
    assert OTHER_EMAIL not in mine.body_text + mine.body_html
    assert "Otto Other" not in mine.body_text
    [theirs] = mails(OTHER_EMAIL)
    assert SECRET_EMAIL not in theirs.body_text + theirs.body_html


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"outcome": EntryStatus.CONDITIONAL, "condition": "", "days": 7}, "condition"),
        ({"outcome": EntryStatus.CONDITIONAL, "condition": "Add a speaker", "days": -1}, "deadline"),
        ({"outcome": EntryStatus.CONDITIONAL, "condition": "Add a speaker", "days": None}, "deadline"),
        ({"outcome": EntryStatus.CONDITIONAL, "condition": "Add a speaker", "days": 365 * 20}, "deadline"),
        ({"outcome": EntryStatus.FORMAT_CHANGED, "days": None}, "recommended_format"),
        ({"outcome": EntryStatus.CONDITION_NOT_MET, "days": None}, "outcome"),
    ],
)
def test_bad_decisions_save_nothing(imported, secretariat, now, fields, field):
    days = fields.pop("days")
    deadline = None if days is None else now + timedelta(days=days)
    with pytest.raises(ValidationError) as raised:
        decisions.decision_make(actor=secretariat, entry=imported, deadline=deadline, **fields)
    assert field in raised.value.message_dict
    assert not Decision.objects.exists()
    assert not OutboxMessage.objects.exists()


def _conditional(entry, actor, now, days=7):
    return decisions.decision_make(
        actor=actor,
        entry=entry,
        outcome=EntryStatus.CONDITIONAL,
        condition="Add a speaker from another region.",
        deadline=now + timedelta(days=days),
    )


def test_condition_reminds_once_then_lapses_once(imported, secretariat, now):
    _conditional(imported, secretariat, now)
    [decision_mail] = mails(SECRET_EMAIL)
    assert "Add a speaker from another region." in decision_mail.body_text
    decisions.conditions_sweep()
    assert not mails(SECRET_EMAIL, MailKind.CONDITION_REMINDER)
    with time_machine.travel(now + timedelta(days=5, hours=1), tick=False):
        decisions.conditions_sweep()
        decisions.conditions_sweep()
    assert len(mails(SECRET_EMAIL, MailKind.CONDITION_REMINDER)) == 1
    with time_machine.travel(now + timedelta(days=7, minutes=1), tick=False):
        decisions.conditions_sweep()
        decisions.conditions_sweep()
    imported.refresh_from_db()
    assert imported.status == EntryStatus.CONDITION_NOT_MET
    assert len(mails(SECRET_EMAIL)) == 2


def test_short_condition_reminds_halfway(imported, secretariat, now):
    _conditional(imported, secretariat, now, days=2)
    with time_machine.travel(now + timedelta(hours=23), tick=False):
        decisions.conditions_sweep()
    assert not mails(SECRET_EMAIL, MailKind.CONDITION_REMINDER)
    with time_machine.travel(now + timedelta(hours=25), tick=False):
        decisions.conditions_sweep()
    assert len(mails(SECRET_EMAIL, MailKind.CONDITION_REMINDER)) == 1


def test_fulfilled_condition_does_not_lapse(imported, secretariat, now):
    _conditional(imported, secretariat, now)
    decisions.condition_fulfil(actor=secretariat, entry=imported)
    with time_machine.travel(now + timedelta(days=8), tick=False):
        decisions.conditions_sweep()
    imported.refresh_from_db()
    assert imported.status == EntryStatus.CONDITION_MET
    with pytest.raises(ValidationError):
        decisions.condition_fulfil(actor=secretariat, entry=imported)


def test_one_bad_row_does_not_stop_the_others(imported, secretariat, cycle, now, monkeypatch):
    [other] = import_text(
        secretariat, cycle, csv_text(workshop_line(title="Other", contact_email=OTHER_EMAIL))
    )
    _conditional(imported, secretariat, now)
    _conditional(other, secretariat, now)
    real = decisions._lapse

    def failing(entry_id, when):
        if entry_id == imported.pk:
            raise RuntimeError("broken row")
        return real(entry_id, when)

    monkeypatch.setattr(decisions, "_lapse", failing)
    with time_machine.travel(now + timedelta(days=8), tick=False):
        decisions.conditions_sweep()
    other.refresh_from_db()
    imported.refresh_from_db()
    assert other.status == EntryStatus.CONDITION_NOT_MET
    assert imported.status == EntryStatus.CONDITIONAL
    assert ChoreError.objects.filter(item=f"review entry {imported.pk}").exists()


# --- Announcements to proposers (issue 14, part 6) -----------------------------------------------------


def test_announcement_reaches_the_chosen_proposers_once_each_in_their_language(
    review_round, imported, team_entry, secretariat, facilitator, cycle, now
):
    from teams.models import IssueArea

    services.round_anonymise(actor=secretariat, cycle=cycle, anonymised=True)
    [elsewhere] = import_text(
        secretariat,
        cycle,
        csv_text(workshop_line(title="Elsewhere", area="", contact_email=OTHER_EMAIL)),
    )
    facilitator.language = "es"
    facilitator.save(update_fields=["language"])
    decisions.decision_make(actor=secretariat, entry=imported, outcome=EntryStatus.DECLINED)
    areas = list(IssueArea.objects.filter(pk__in=[imported.issue_area_id, team_entry.issue_area_id]))
    outcomes = [EntryStatus.DECLINED, EntryStatus.IN_REVIEW]
    assert (
        len(decisions.announcement_recipients(review_round=review_round, areas=areas, outcomes=outcomes)) == 2
    )
    sent = decisions.proposer_announcement_send(
        actor=secretariat, cycle=cycle, subject="Thank you", body="Dear all.", areas=areas, outcomes=outcomes
    )
    assert sent.recipient_count == 2
    [guest_mail] = mails(SECRET_EMAIL, MailKind.ANNOUNCEMENT)
    assert guest_mail.subject.endswith("Thank you") and "Dear all." in guest_mail.body_text
    assert facilitator.email not in guest_mail.body_text + guest_mail.body_html
    [lead_mail] = mails(facilitator.email, MailKind.ANNOUNCEMENT)
    assert lead_mail.body_text.startswith("Estimado/a")
    assert SECRET_EMAIL not in lead_mail.body_text + lead_mail.body_html
    assert not mails(OTHER_EMAIL, MailKind.ANNOUNCEMENT)


def test_announcement_to_nobody_is_refused(review_round, imported, secretariat, cycle, now):
    from teams.models import IssueArea

    with pytest.raises(ValidationError):
        decisions.proposer_announcement_send(
            actor=secretariat,
            cycle=cycle,
            subject="Hello",
            body="Body",
            areas=[IssueArea.objects.get(pk=imported.issue_area_id)],
            outcomes=[EntryStatus.ACCEPTED],
        )
    assert not OutboxMessage.objects.exists()


def test_beat_runs_the_conditions_chore(imported, secretariat, now, settings):
    from review.tasks import sweep_review_conditions

    entry = settings.CELERY_BEAT_SCHEDULE["sweep-review-conditions"]
    assert entry["task"] == sweep_review_conditions.name
    _conditional(imported, secretariat, now, days=1)
    with time_machine.travel(now + timedelta(days=1, seconds=1), tick=False):
        assert sweep_review_conditions() == 1
        assert sweep_review_conditions() == 0


def test_a_groups_proposal_mails_link_to_its_page_and_an_imported_ones_to_no_page(
    team_entry, imported, secretariat, facilitator, now
):
    from django.urls import reverse

    proposal_url = reverse("proposals:detail", args=[team_entry.proposal_id])
    _conditional(team_entry, secretariat, now)
    _conditional(imported, secretariat, now)
    with time_machine.travel(now + timedelta(days=5, hours=1), tick=False):
        decisions.conditions_sweep()
    for kind in (MailKind.DECISION, MailKind.CONDITION_REMINDER):
        [group_mail] = mails(facilitator.email, kind)
        assert f"See the proposal:\nhttp://testserver{proposal_url}" in group_mail.body_text
        assert f'href="http://testserver{proposal_url}"' in group_mail.body_html
        [guest_mail] = mails(SECRET_EMAIL, kind)
        assert "See the proposal" not in guest_mail.body_text
        assert "/proposals/" not in guest_mail.body_text and "/dashboard/" not in guest_mail.body_text
