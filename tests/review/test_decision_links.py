"""A decision's email links to what it is about: the proposal's page for its group's
facilitators; an imported workshop's contact, who has no page here, gets no link (never the
site's home)."""

from datetime import timedelta

import time_machine
from django.urls import reverse

from notifications.emails import absolute_url
from notifications.enums import MailKind
from notifications.models import OutboxMessage
from review import decisions
from review.enums import EntryStatus

from .conftest import SECRET_EMAIL


def _mail(address, kind=MailKind.DECISION):
    return OutboxMessage.objects.get(to_email__iexact=address, kind=kind)


def test_the_facilitators_decision_links_to_the_proposals_page(team_entry, secretariat, facilitator, now):
    decisions.decision_make(
        actor=secretariat,
        entry=team_entry,
        outcome=EntryStatus.CONDITIONAL,
        condition="Add a speaker from Africa.",
        deadline=now + timedelta(days=4),
    )
    page = absolute_url(reverse("proposals:detail", args=[team_entry.proposal_id]))
    mail = _mail(facilitator.email)
    assert f"See the proposal:\n{page}" in mail.body_text and f'href="{page}"' in mail.body_html
    # The condition's reminder too.
    with time_machine.travel(now + timedelta(days=2, hours=1), tick=False):
        decisions.conditions_sweep()
    reminder = _mail(facilitator.email, kind=MailKind.CONDITION_REMINDER)
    assert f"See the proposal:\n{page}" in reminder.body_text


def test_an_imported_workshops_contact_gets_no_link_to_the_home_page(imported, secretariat, now):
    decisions.decision_make(actor=secretariat, entry=imported, outcome=EntryStatus.ACCEPTED)
    mail = _mail(SECRET_EMAIL)
    assert "See the proposal:" not in mail.body_text and "/proposals/" not in mail.body_text
