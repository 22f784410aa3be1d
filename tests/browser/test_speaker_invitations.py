"""Invitations to speak: a facilitator invites a speaker from the panel planner; the speaker opens
the private link from the email, reads the session's time in their own zone with UTC beside it and
confirms; the planner then shows them as confirmed. The speaker's page passes axe, fits a 390 px
phone and reads right to left."""

import re
import zoneinfo
from datetime import timedelta

import pytest
from django.core import mail
from playwright.sync_api import expect

from common.timezones import plain_when
from proposals import invitations
from proposals.enums import InvitationState
from tests.browser.conftest import assert_accessible, signs_in
from tests.browser.test_layout import MEASURE, _context_for
from tests.factories import PanelistFactory, panel_proposal
from tests.support.mail import send_queued

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_facilitator_invites_a_speaker_who_confirms_in_their_zone(
    now, live_server, new_page, team, facilitator
):
    proposal = panel_proposal(
        team=team, actor=facilitator, title="Trust by design", starts_at=now + timedelta(days=40)
    )
    speaker = PanelistFactory(proposal=proposal, name="Ana Speaker", email="ana@example.org")
    base = live_server.url

    page = new_page()
    signs_in(page, base, facilitator.email)
    page.wait_for_url(f"{base}/dashboard/")
    page.goto(f"{base}/proposals/{proposal.pk}/panel/")
    page.get_by_role("link", name="Invite Ana Speaker").click()
    page.get_by_label("Reply by").fill(f"{now + timedelta(days=10):%Y-%m-%d}")
    page.get_by_label("Language of the emails").select_option(label="English")
    assert_accessible(page, "speaker-invite")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_role("status")).to_contain_text("The invitation to Ana Speaker is on its way.")
    expect(page.get_by_role("row", name=re.compile("Ana Speaker"))).to_contain_text("Invited")

    # The email, as the worker sends it.
    mail.outbox.clear()
    send_queued()
    (email,) = [m for m in mail.outbox if m.to == ["ana@example.org"]]
    link = re.search(r"http://testserver(/proposals/invitation/[\w-]+/)", email.body).group(1)

    # The speaker, in Kathmandu, without an account.
    guest = new_page(timezone_id="Asia/Kathmandu")
    guest.goto(base + link)
    local = plain_when(
        proposal.starts_at,
        zoneinfo.ZoneInfo("Asia/Kathmandu"),
        end=proposal.starts_at + timedelta(minutes=proposal.minutes),
    )
    expect(guest.locator("#session-time")).to_have_text(local)
    expect(guest.locator("#session-time")).to_contain_text("UTC")
    assert_accessible(guest, "speaker-invitation")
    guest.get_by_role("button", name="Confirm").click()
    expect(guest.locator("main")).to_contain_text("You confirmed. Thank you!")
    speaker.refresh_from_db()
    assert speaker.invitation == InvitationState.CONFIRMED and speaker.time_zone == "Asia/Kathmandu"

    page.reload()
    expect(page.get_by_role("row", name=re.compile("Ana Speaker"))).to_contain_text("Confirmed")


@pytest.mark.parametrize("language, width", [("en", 390), ("ar", 1280), ("ar", 390)])
def test_the_speakers_page_fits_a_phone_and_reads_right_to_left(
    now, live_server, browser, team, facilitator, language, width
):
    proposal = panel_proposal(
        team=team,
        actor=facilitator,
        title="A session with a rather long title about trust, safety and norms online",
        starts_at=now + timedelta(days=40),
    )
    speaker = PanelistFactory(
        proposal=proposal,
        name="A speaker with a long name, of a long-named organisation",
        email="a@example.org",
        invitation=InvitationState.INVITED,
        token="layout-token",
        reply_by=(now + timedelta(days=9)).date(),
    )
    context = _context_for(browser, live_server.url, None, language, width)
    page = context.new_page()
    page.goto(f"{live_server.url}/proposals/invitation/{speaker.token}/")
    measured = page.evaluate(MEASURE)
    assert measured["dir"] == ("rtl" if language == "ar" else "")
    assert measured["width"] <= measured["window"] and not measured["unreachable"], measured
    context.close()


def test_a_withdrawn_proposal_tells_the_speaker_whose_link_then_says_so(
    now, live_server, new_page, team, facilitator
):
    """The facilitator withdraws the proposal; the invited speaker gets one email, and the link in
    it says the invitation was withdrawn and nothing more about the session."""
    proposal = panel_proposal(
        team=team, actor=facilitator, title="Trust by design", starts_at=now + timedelta(days=40)
    )
    PanelistFactory(proposal=proposal, name="Ana Speaker", email="ana@example.org")
    invitations.panelist_invite(
        actor=facilitator,
        panelist=proposal.panelists.get(),
        reply_by=(now + timedelta(days=10)).date(),
        language="en",
    )
    send_queued()  # the invitation itself
    base = live_server.url
    page = new_page()
    signs_in(page, base, facilitator.email)
    page.wait_for_url(f"{base}/dashboard/")
    page.goto(f"{base}/proposals/{proposal.pk}/")
    page.get_by_text("Withdraw the proposal").click()
    page.get_by_role("button", name="Withdraw", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("The proposal is withdrawn.")

    mail.outbox.clear()
    send_queued()
    (email,) = [m for m in mail.outbox if m.to == ["ana@example.org"]]
    assert "Invitation withdrawn" in email.subject
    link = re.search(r"http://testserver(/proposals/invitation/[\w-]+/)", email.body).group(1)

    guest = new_page()
    guest.goto(base + link)
    expect(guest.get_by_role("heading", level=1)).to_have_text("Invitation withdrawn")
    expect(guest.locator("main")).not_to_contain_text("Trust by design")
    expect(guest.get_by_role("button", name="Confirm")).to_have_count(0)
    assert_accessible(guest, "speaker-invitation-withdrawn")


@pytest.mark.parametrize("language, width", [("en", 390), ("ar", 390)])
def test_the_withdrawn_page_fits_a_phone_and_reads_right_to_left(
    now, live_server, browser, team, facilitator, language, width
):
    proposal = panel_proposal(team=team, actor=facilitator, starts_at=now + timedelta(days=40))
    PanelistFactory(proposal=proposal, invitation=InvitationState.WITHDRAWN, token="withdrawn-token")
    context = _context_for(browser, live_server.url, None, language, width)
    page = context.new_page()
    page.goto(f"{live_server.url}/proposals/invitation/withdrawn-token/")
    measured = page.evaluate(MEASURE)
    assert measured["dir"] == ("rtl" if language == "ar" else "")
    assert measured["width"] <= measured["window"] and not measured["unreachable"], measured
    context.close()
