"""Every kind of HTML email, as a phone shows it: no sideways scrolling at 390 px, and axe-core
finds nothing serious. Screenshots at 600 and 390 px land in var/screenshots/email_*."""

from datetime import timedelta

import pytest
import time_machine

from notifications.services.guests import guest_address_for
from schedule.services import meetings, polls
from tests.browser.conftest import SCREENSHOTS, assert_accessible
from tests.factories import FacilitatorRoleFactory
from tests.support.emails import START, every_email

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_every_html_email_fits_a_phone_and_passes_axe(client, new_page):
    with time_machine.travel(START, tick=False):
        emails = every_email(client)
    page = new_page()
    for kind, message in emails.items():
        (html,) = [content for content, mimetype in message.alternatives if mimetype == "text/html"]
        page.set_viewport_size({"width": 600, "height": 800})
        page.set_content(html)
        page.screenshot(path=str(SCREENSHOTS / f"email_{kind}_600.png"), full_page=True)
        page.set_viewport_size({"width": 390, "height": 800})
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, kind
        assert_accessible(page, f"email_{kind}_390")


@pytest.mark.django_db(transaction=True)
def test_a_guests_meeting_page_and_stop_page_fit_a_phone_and_pass_axe(live_server, new_page):
    with time_machine.travel(START, tick=False):
        lead = FacilitatorRoleFactory().user
        poll = polls.poll_create(
            actor=lead,
            team=lead.memberships.get().team,
            title="First call",
            slots=[START + timedelta(days=5)],
            deadline=START + timedelta(days=2),
            guests=["guest@example.org"],
        )
        guest = poll.invitees.get(user__isnull=True)
        polls.vote_submit(invitee=guest, answers={}, guest_time_zone="America/Sao_Paulo")
        meetings.meeting_create_from_slot(
            actor=lead, poll=poll, slot=poll.slots.get(), agenda="1. **Chairs**"
        )
        address = guest_address_for(email="guest@example.org")
    page = new_page(timezone_id="America/Sao_Paulo")
    page.set_viewport_size({"width": 390, "height": 800})
    for name, path in [
        ("guest_meeting_page", f"/meetings/guest/{guest.token}/"),
        ("guest_stop_page", f"/email/stop/{address.token}/"),
    ]:
        page.goto(live_server.url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        assert_accessible(page, name)
    page.get_by_role("button", name="Stop all email to this address").click()
    page.get_by_role("heading", name="No more email to this address").wait_for()
