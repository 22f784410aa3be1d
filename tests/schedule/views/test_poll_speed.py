"""The poll pages serve what is the same for everyone from the cache (by the polls' version, the
language and the reader's zone) and add each reader's own part on every request: these tests hold
that a vote shows at once for everyone, that nobody sees another's answers ticked or an address,
that zones and guests keep their own page, and that a warm page costs few queries."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.services import profile_update
from schedule.forms.polls import VoteForm
from schedule.models import Vote
from schedule.services import polls
from schedule.services.poll_changes import poll_update
from schedule.views.polls import _vote_fieldsets, _vote_slots
from teams.enums import FacilitatorStatus
from tests.factories import FacilitatorRoleFactory, MembershipFactory

pytestmark = pytest.mark.usefixtures("now")


@pytest.fixture
def poll(now, team, facilitator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return polls.poll_create(
            actor=facilitator,
            team=team,
            title="First call",
            deadline=now + timedelta(days=1),
            # 23:00 UTC is night in London, afternoon in Los Angeles.
            slots=[
                (now + timedelta(days=2)).replace(hour=h, minute=0, second=0, microsecond=0) for h in (9, 23)
            ],
            guests=["gita@example.org"],
        )


@pytest.fixture
def member(team, poll, django_capture_on_commit_callbacks):
    """A second member, invited when they joined (the invitation is versioned like a vote)."""
    with django_capture_on_commit_callbacks(execute=True):
        user = MembershipFactory(team=team, user__display_name="Maya", user__time_zone="UTC").user
        poll.invitees.get_or_create(user=user)
    return user


def _page(client, poll, **params):
    response = client.get(reverse("schedule:poll", args=[poll.pk]), params)
    assert response.status_code == 200
    return response.content.decode()


def _vote(client, poll, answers, capture):
    data = {f"slot_{slot.pk}": answer for slot, answer in zip(poll.slots.all(), answers, strict=True)}
    with capture(execute=True):  # the polls' version changes on commit, as in production
        response = client.post(reverse("schedule:poll", args=[poll.pk]), data)
    assert response.status_code == 302


def _ticked(html, name, value):
    """The radio button `name` = `value` is there and checked."""
    start = f'name="{name}" value="{value}"'
    return start in html and " checked" in html.split(start, 1)[1].split(">", 1)[0]


def _checked(html, slot, answer):
    return _ticked(html, f"slot_{slot.pk}", answer)


def test_a_vote_shows_at_once_to_everyone_reading_the_cached_page(
    client, poll, facilitator, member, django_capture_on_commit_callbacks
):
    client.force_login(facilitator)
    before = _page(client, poll)  # fills the cache
    assert "0 of 3 answered" in before and "Maya" in before

    client.force_login(member)
    _vote(client, poll, ["yes", "no"], django_capture_on_commit_callbacks)

    client.force_login(facilitator)
    after = _page(client, poll)
    assert "1 of 3 answered" in after
    maya = after.split('<th scope="row">Maya</th>', 1)[1].split("</tr>", 1)[0]
    assert "✓ Yes" in maya and "✗ No" in maya
    tfoot = after.split("<tfoot>", 1)[1]
    assert "<td>1 / 0 / 0</td>" in tfoot and "<td>0 / 0 / 1</td>" in tfoot


def test_each_voter_sees_their_own_answers_ticked_and_nobody_elses(
    client, poll, facilitator, member, django_capture_on_commit_callbacks
):
    first, second = poll.slots.all()
    client.force_login(member)
    _vote(client, poll, ["yes", "no"], django_capture_on_commit_callbacks)
    mine = _page(client, poll)
    assert _checked(mine, first, "yes") and _checked(mine, second, "no")
    assert not _checked(mine, first, "no")

    client.force_login(facilitator)  # the same cached parts, another reader
    theirs = _page(client, poll)
    assert " checked" not in theirs.split("<form", 2)[1].split("</form>", 1)[0]
    # Their own row comes first, empty; Maya's answers are in hers.
    body = theirs.split("<tbody>", 1)[1]
    assert body.index(facilitator.name) < body.index("Maya")


def test_no_page_shows_a_guests_address_whoever_filled_the_cache(client, poll, facilitator, member):
    guest = poll.invitees.get(email="gita@example.org")
    client.force_login(facilitator)
    assert "gita@example.org" not in _page(client, poll)
    client.force_login(member)
    assert "gita@example.org" not in _page(client, poll)
    client.logout()
    as_guest = client.get(reverse("schedule:poll_guest", args=[guest.token])).content.decode()
    assert "gita@example.org" not in as_guest
    assert "Maya" not in as_guest and "<tbody>" not in as_guest  # no names for a guest link
    assert 'name="name"' in as_guest and 'name="time_zone"' in as_guest  # the guest's own fields


def test_the_slots_are_shown_in_each_readers_zone(client, poll, facilitator, member):
    client.force_login(member)  # UTC
    in_utc = _page(client, poll)
    facilitator.time_zone = "America/Los_Angeles"
    facilitator.save()
    client.force_login(facilitator)
    in_la = _page(client, poll)
    night = '<span class="badge bad">☾ night for you</span></legend>'
    assert "23:00 UTC</time>" + " " + night in in_utc and "09:00 UTC</time></legend>" in in_utc
    assert "02:00 PDT</time>" in in_la and "(09:00 UTC)</span> " + night in in_la
    assert '16:00 PDT</time> <span class="utc">(23:00 UTC)</span></legend>' in in_la


def test_a_guests_answers_count_at_once(client, poll, facilitator, django_capture_on_commit_callbacks):
    guest = poll.invitees.get(email="gita@example.org")
    client.force_login(facilitator)
    assert "0 of 2 answered" in _page(client, poll)
    client.logout()
    data = {f"slot_{slot.pk}": "maybe" for slot in poll.slots.all()}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("schedule:poll_guest", args=[guest.token]),
            {**data, "name": "Gita", "time_zone": "Asia/Kolkata"},
        )
    assert Vote.objects.filter(invitee=guest).count() == 2
    client.force_login(facilitator)
    page = _page(client, poll)
    assert "1 of 2 answered" in page and "Gita" in page


def test_a_form_sent_back_keeps_django_s_fields_and_errors(client, poll, member):
    client.force_login(member)
    first = poll.slots.first()
    page = client.post(reverse("schedule:poll", args=[poll.pk]), {f"slot_{first.pk}": "yes"}).content.decode()
    assert "Answer for every slot." in page
    assert _checked(page, first, "yes")


def test_the_light_voting_form_is_what_djangos_radio_buttons_write(poll, member):
    slots = list(poll.slots.all())
    current = {slots[0].pk: "maybe"}
    form = VoteForm(slots=slots, current=current)
    fast = _vote_fieldsets(_vote_slots([(slot.pk, "", False) for slot in slots]), current)
    template = Template(
        '{% for choice in field %}<label class="choice">{{ choice.tag }} {{ choice.choice_label }}</label>'
        "{% endfor %}"
    )
    for slot in slots:
        assert template.render(Context({"field": form[f"slot_{slot.pk}"]})) in fast


def test_a_warm_poll_page_costs_few_queries(client, poll, member):
    client.force_login(member)
    _page(client, poll)  # fills the cache
    with CaptureQueriesContext(connection) as queries:
        _page(client, poll)
    # The session and the user: the poll, what the reader is to it and the shared parts are cached.
    assert len(queries) <= 2


def test_finalise_is_cached_and_follows_the_votes(
    client, poll, facilitator, member, django_capture_on_commit_callbacks
):
    url = reverse("schedule:poll_finalise", args=[poll.pk])
    client.force_login(facilitator)
    assert "0 can attend" in client.get(url).content.decode()
    client.force_login(member)
    _vote(client, poll, ["no", "yes"], django_capture_on_commit_callbacks)
    client.force_login(facilitator)
    page = client.get(url).content.decode()
    assert "1 can attend (1 yes, 0 if need be)" in page
    # The best slot (the one Maya can attend) is proposed.
    assert _ticked(page, "slot", poll.slots.last().pk)


def test_a_new_name_or_zone_in_a_profile_shows_at_once(
    client, poll, facilitator, member, django_capture_on_commit_callbacks
):
    client.force_login(facilitator)
    assert "Maya" in _page(client, poll)
    with django_capture_on_commit_callbacks(execute=True):
        profile_update(user=member, data={"display_name": "Maya R.", "time_zone": "America/Los_Angeles"})
    page = _page(client, poll)
    assert "Maya R." in page, page[page.index("<tbody") :][:800]
    assert "Los Angeles 02:00" in page  # the 09:00 UTC slot is now night for her


def test_leaving_the_team_closes_the_cached_poll_at_once(
    client, poll, team, member, django_capture_on_commit_callbacks
):
    client.force_login(member)
    assert "Your answers" in _page(client, poll)  # what she is to the poll is now cached
    with django_capture_on_commit_callbacks(execute=True):
        team.memberships.get(user=member).delete()
        poll.invitees.filter(user=member).delete()
    assert client.get(reverse("schedule:poll", args=[poll.pk])).status_code == 403


def test_a_new_facilitator_gets_the_facilitators_links_at_once(
    client, poll, team, member, django_capture_on_commit_callbacks
):
    client.force_login(member)
    assert "Choose a slot and invite" not in _page(client, poll)
    with django_capture_on_commit_callbacks(execute=True):
        FacilitatorRoleFactory(team=team, user=member, status=FacilitatorStatus.CONFIRMED)
    assert "Choose a slot and invite" in _page(client, poll)


def test_a_comment_and_a_new_deadline_show_at_once_on_the_cached_page(
    client, poll, facilitator, member, now, django_capture_on_commit_callbacks
):
    client.force_login(facilitator)
    assert "Tuesday suits me" not in _page(client, poll)  # fills the cache
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("schedule:poll_comment", args=[poll.pk]), {"text": "Tuesday suits me"})
    with django_capture_on_commit_callbacks(execute=True):
        poll_update(actor=facilitator, poll=poll, deadline=now + timedelta(hours=5))
    client.force_login(facilitator)
    page = _page(client, poll)
    assert "Tuesday suits me" in page and "(in 5 hours)" in page


def test_the_countdown_moves_on_while_the_page_is_cached(client, poll, member):
    client.force_login(member)
    assert "(in 1 day)" in _page(client, poll)
    with time_machine.travel(timezone.now() + timedelta(hours=20), tick=False):
        assert "(in 4 hours)" in _page(client, poll)


def test_each_guest_link_keeps_its_own_name_zone_and_token(
    client, poll, facilitator, now, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        poll_update(actor=facilitator, poll=poll, add_guests=["hari@example.org"])
    gita, hari = poll.invitees.get(email="gita@example.org"), poll.invitees.get(email="hari@example.org")
    gita_url = reverse("schedule:poll_guest", args=[gita.token])
    data = {f"slot_{slot.pk}": "yes" for slot in poll.slots.all()}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(gita_url, {**data, "name": "Gita", "time_zone": "UTC"})
    gitas = client.get(gita_url).content.decode()
    haris = client.get(reverse("schedule:poll_guest", args=[hari.token])).content.decode()
    assert gita.token in gitas and gita.token not in haris and hari.token in haris
    assert 'value="Gita"' in gitas and 'value="Gita"' not in haris
    assert _checked(gitas, poll.slots.first(), "yes") and " checked" not in haris.split("<form", 2)[1]
    # Gita chose her zone; Hari's page is reloaded in his browser's.
    assert "data-reload-with-zone" not in gitas and "data-reload-with-zone" in haris


def test_a_members_own_row_is_theirs_on_the_shared_grid(
    client, poll, facilitator, member, django_capture_on_commit_callbacks
):
    client.force_login(member)
    _vote(client, poll, ["yes", "no"], django_capture_on_commit_callbacks)
    mine = _page(client, poll).split("<tbody>", 1)[1]
    client.force_login(facilitator)
    theirs = _page(client, poll).split("<tbody>", 1)[1]
    # Each reader's own row first; Maya's once on each page.
    assert mine.index("Maya") < mine.index(facilitator.name) and mine.count(">Maya<") == 1
    assert theirs.index(facilitator.name) < theirs.index("Maya") and theirs.count(">Maya<") == 1
