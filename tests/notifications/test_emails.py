"""What people read in their inbox: titles as typed, the site named, guests able to stop all
email and to open their meeting without an account, every email in the site's one layout."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.sites.models import Site
from django.core import mail
from django.utils.html import escape
from icalendar import Calendar

from notifications.enums import LedgerStatus, MailKind
from notifications.models import Announcement, GuestAddress, NotificationLedger, OutboxMessage, Subscription
from notifications.services.announcements import announcement_send, subscription_request
from notifications.services.notices import STOPPED_REASON
from notifications.services.outbox import outbox_send
from schedule.models import Invitee
from schedule.services import meetings, poll_mail, polls, reminders
from tests.factories import MembershipFactory, MilestoneFactory, UserFactory
from tests.support.emails import FOLLOWER, GUEST, START, TITLE, every_email
from tests.support.mail import send_queued

pytestmark = pytest.mark.django_db

ESCAPED = escape(TITLE)  # Q&amp;A with O&#x27;Neil: &quot;drafts&quot; &lt;due&gt;
# The kinds whose subject carries the typed title, and those whose text does.
TITLED = [
    "speaker_invitation",
    "speaker_nudge",
    "speaker_confirmed",
    "speaker_time",
    "reminder",
    "change",
    "overdue",
    "announcement",
    "announcement_subscriber",
    "poll_invitation",
    "poll_invitation_guest",
    "poll_reminder",
    "poll_reminder_guest",
    "poll_summary",
    "poll_change",
    "poll_change_guest",
    "poll_answered",
    "meeting_invitation",
    "meeting_invitation_guest",
    "meeting_update",
    "meeting_cancel",
    "meeting_reminder",
    "paper_due",
]
ENTITIES = re.compile(r"&(amp|lt|gt|quot|#x27|#39);")
# The one button of base email layout (notifications/email/_button.html).
BUTTON = re.compile(r'<td style="background:#0b4f8a;border-radius:4px;">\s*<a href="([^"]+)"')
# Emails whose point is a code to type or a text to read: no button.
WITHOUT_BUTTON = {"announcement", "announcement_subscriber", "account_login_code", "account_confirmation"}


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(START, tick=False):
        yield


def html_of(message):
    (html,) = [content for content, mimetype in message.alternatives if mimetype == "text/html"]
    return html


@pytest.fixture
def emails(client):
    return every_email(client)


# --- 1. titles arrive as typed ---------------------------------------------------------------


def test_subjects_and_text_carry_a_typed_title_as_typed_and_the_html_escapes_it_once(emails):
    for kind in TITLED:
        message = emails[kind]
        assert TITLE in message.subject, kind
        assert TITLE in message.body, kind
        assert not ENTITIES.search(message.subject + message.body), (kind, message.subject)
        html = html_of(message)
        assert ESCAPED in html and TITLE not in html, kind
        assert "&amp;amp;" not in html and "&amp;#x27;" not in html, kind
    assert TITLE in emails["digest"].body and not ENTITIES.search(emails["digest"].body)


def test_a_subject_is_one_line_whatever_the_title(client, team):
    member = MembershipFactory(team=team).user
    MilestoneFactory(cycle=team.cycle, title="Two\nlines <b>", due_at=START + timedelta(days=14))
    outbox_send(reminders.sweep())
    (message,) = [m for m in mail.outbox if m.to == [member.email]]
    assert message.subject == "[IGF MAG] Reminder: Two lines <b> is due in 14 days"


# --- 2. every email names the site, allauth's included ------------------------------------------


def test_the_sign_in_code_names_the_site_and_has_an_html_part(client):
    UserFactory(email="coder@example.org")
    client.post("/accounts/login/code/", {"email": "coder@example.org"})
    (message,) = mail.outbox
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", message.body, re.MULTILINE).group(1)
    assert "Hello from !" not in message.body and "using !" not in message.body
    assert message.subject == "[IGF MAG] Sign-In Code" and "IGF MAG" in message.body
    html = html_of(message)
    assert code in html and ">IGF MAG</a>" in html and '<html lang="en" dir="ltr">' in html


def test_every_email_has_a_subject_a_text_and_an_html_part_that_name_the_site(emails):
    assert len(emails) == 32  # with the five of invitations to speak and the programme's change
    for kind, message in emails.items():
        assert message.subject.startswith("[IGF MAG] ") and len(message.subject) > len("[IGF MAG] "), kind
        assert "IGF MAG · http://testserver/" in message.body, kind
        html = html_of(message)
        assert ">IGF MAG</a>" in html and "<title>" in html and "<title></title>" not in html, kind


def test_the_site_row_carries_the_sites_name_and_address():
    site = Site.objects.get_current()
    assert (site.name, site.domain) == ("IGF MAG", "testserver")


# --- 3. guests: stop all email, and their meeting without an account -----------------------------


def _guest_poll(team, facilitator):
    poll = polls.poll_create(
        actor=facilitator,
        team=team,
        title="First call",
        slots=[START + timedelta(days=5)],
        deadline=START + timedelta(days=2),
        guests=[GUEST],
    )
    poll_mail.poll_invitations_send(poll.pk)
    send_queued()
    return poll


def test_a_guest_stops_all_email_in_one_click_and_gets_no_more_guest_mail(client, team, facilitator):
    poll = _guest_poll(team, facilitator)
    (invitation,) = [m for m in mail.outbox if m.to == [GUEST]]
    stop_url = invitation.extra_headers["List-Unsubscribe"].strip("<>")
    assert invitation.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"Stop all email to this address: {stop_url}" in invitation.body
    assert f'href="{stop_url}"' in html_of(invitation) and "Stop all email to this address" in html_of(
        invitation
    )
    path = stop_url.replace("http://testserver", "")

    page = client.get(path)  # a link scanner's GET stops nothing
    assert "Stop all email" in page.content.decode() and not GuestAddress.objects.get(email=GUEST).is_stopped
    assert client.post(path, {"List-Unsubscribe": "One-Click"}).content == b"Unsubscribed."
    assert GuestAddress.objects.get(email=GUEST).is_stopped

    mail.outbox.clear()
    with time_machine.travel(START + timedelta(days=1, hours=1), tick=False):
        poll_mail.poll_chores()
        send_queued()
    assert {m.to[0] for m in mail.outbox} == {facilitator.email}  # the nudge, to the member only
    skipped = NotificationLedger.objects.get(key__startswith="poll-nudge", user__isnull=True)
    assert (skipped.status, skipped.reason, skipped.outbox) == (LedgerStatus.SKIPPED, STOPPED_REASON, None)

    mail.outbox.clear()
    scheduled = meetings.meeting_create_from_slot(actor=facilitator, poll=poll, slot=poll.slots.get())
    meetings.meeting_notices_send(scheduled.pk)  # what the worker does after the commit
    send_queued()
    assert [m.to for m in mail.outbox] == [[facilitator.email]]


def test_a_guest_who_stopped_all_email_can_take_it_back(client, team, facilitator):
    poll = _guest_poll(team, facilitator)
    address = GuestAddress.objects.get(email=GUEST)
    client.post(f"/email/stop/{address.token}/")
    page = client.post(f"/email/stop/{address.token}/", {"resume": "1"}).content.decode()
    assert "Stop all email to this address" in page and not GuestAddress.objects.get(email=GUEST).is_stopped
    mail.outbox.clear()
    scheduled = meetings.meeting_create_from_slot(actor=facilitator, poll=poll, slot=poll.slots.get())
    meetings.meeting_notices_send(scheduled.pk)  # what the worker does after the commit
    send_queued()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([facilitator.email, GUEST])


def test_a_follower_who_stopped_all_email_gets_no_announcement_and_no_confirmation(client, team, secretariat):
    Subscription.objects.create(team=team, email=FOLLOWER, name="Fay", confirmed_at=START)
    first = Announcement.objects.create(author=secretariat, subject="News", body="b", to_everyone=True)
    announcement_send(first.pk)
    send_queued()
    (news,) = [m for m in mail.outbox if m.to == [FOLLOWER]]
    # The one-click header leaves this team; the visible link stops everything.
    stop_url = re.search(r"Stop all email to this address: (\S+)", news.body).group(1)
    assert "/subscriptions/" in news.extra_headers["List-Unsubscribe"] and "/email/stop/" in stop_url
    client.post(stop_url.replace("http://testserver", ""))

    mail.outbox.clear()
    second = Announcement.objects.create(author=secretariat, subject="More news", body="b", to_everyone=True)
    announcement_send(second.pk)
    subscription_request(team=team, name="Fay", email=FOLLOWER)  # someone types the address again
    send_queued()
    assert [m.to for m in mail.outbox] == [[secretariat.email]]


def test_sign_in_codes_reach_an_address_that_stopped_guest_mail(client):
    GuestAddress.objects.create(email="later@example.org", stopped_at=START)
    UserFactory(email="later@example.org")
    client.post("/accounts/login/code/", {"email": "later@example.org"})
    assert [m.to for m in mail.outbox] == [["later@example.org"]]
    assert OutboxMessage.objects.get(to_email="later@example.org").kind == MailKind.ACCOUNT


def test_a_guests_details_link_opens_their_meeting_without_signing_in(client, team, facilitator):
    poll = _guest_poll(team, facilitator)
    guest = poll.invitees.get(user__isnull=True)
    polls.vote_submit(invitee=guest, answers={poll.slots.get().pk: "yes"}, guest_time_zone="Asia/Kathmandu")
    mail.outbox.clear()
    meeting = meetings.meeting_create_from_slot(
        actor=facilitator,
        poll=poll,
        slot=poll.slots.get(),
        agenda="1. **Chairs**",
        video_link="https://meet.example.org/x",
    )
    meetings.meeting_notices_send(meeting.pk)  # what the worker does after the commit
    send_queued()
    (invitation,) = [m for m in mail.outbox if m.to == [GUEST]]
    details = re.search(r"The meeting's page:\n(\S+)", invitation.body).group(1)
    assert details == f"http://testserver/meetings/guest/{guest.token}/"
    (member_mail,) = [m for m in mail.outbox if m.to == [facilitator.email]]
    assert f"http://testserver/meetings/{meeting.pk}/" in member_mail.body

    page = client.get(details.replace("http://testserver", ""))
    text = page.content.decode()
    assert page.status_code == 200 and "First call" in text and "<strong>Chairs</strong>" in text
    assert (
        '14:45–15:45 +0545</time> <span class="utc">(09:00–10:00 UTC)</span>' in text
    )  # their zone, with UTC
    assert facilitator.email not in text and facilitator.name not in text

    calendar_url = BUTTON.search(html_of(invitation)).group(1)
    ics = client.get(calendar_url.replace("http://testserver", ""))
    event = Calendar.from_ical(ics.content).walk("VEVENT")[0]
    assert ics.status_code == 200 and [str(a) for a in [event["attendee"]]] == [f"mailto:{GUEST}"]

    Invitee.objects.filter(pk=guest.pk).update(revoked_at=START)
    assert client.get(details.replace("http://testserver", "")).status_code == 404
    assert client.get(calendar_url.replace("http://testserver", "")).status_code == 404


def test_a_guest_link_before_the_poll_became_a_meeting_or_an_unknown_one_shows_nothing(
    client, team, facilitator
):
    guest = _guest_poll(team, facilitator).invitees.get(user__isnull=True)
    assert client.get(f"/meetings/guest/{guest.token}/").status_code == 404
    assert client.get("/meetings/guest/not-a-token/").status_code == 404


# --- 4. one layout, one button, the reader's language and direction ---------------------------------


def test_every_html_email_is_the_one_layout_with_one_button_that_the_text_repeats(emails):
    for kind, message in emails.items():
        html = html_of(message)
        assert '<html lang="en" dir="ltr">' in html and 'name="viewport"' in html, kind
        assert "max-width:600px" in html and "font-family:system-ui" in html, kind
        buttons = BUTTON.findall(html)
        assert len(buttons) == (0 if kind in WITHOUT_BUTTON else 1), (kind, buttons)
        for url in buttons:  # the text part has the same action, its URL alone on a line
            assert re.search(rf"^{re.escape(url.replace('&amp;', '&'))}$", message.body, re.MULTILINE), kind
    assert "/polls/answer/" in BUTTON.search(html_of(emails["poll_invitation_guest"])).group(1)
    assert "/polls/answer/" in BUTTON.search(html_of(emails["poll_change_guest"])).group(1)
    assert "/deliverables/" in BUTTON.search(html_of(emails["overdue"])).group(1)
    assert "/confirm/" in BUTTON.search(html_of(emails["subscription"])).group(1)
    assert BUTTON.search(html_of(emails["meeting_invitation"])).group(1).endswith("/invite.ics")


def test_an_arabic_readers_email_reads_right_to_left(team):
    reader = MembershipFactory(team=team, user__language="ar").user
    MilestoneFactory(cycle=team.cycle, title="Open consultations", due_at=START + timedelta(days=14))
    outbox_send(reminders.sweep())
    (message,) = [m for m in mail.outbox if m.to == [reader.email]]
    html = html_of(message)
    assert '<html lang="ar" dir="rtl">' in html and "text-align:right" in html
