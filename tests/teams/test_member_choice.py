"""Choosing a member of a group in a "Name or email" box: what the server takes it to name, the names
it suggests as one types (never an address), and the pages that use it, which no longer list the
group."""

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from schedule.forms.papers import PaperRequestForm
from schedule.forms.records import ActionItemForm
from schedule.models import ActionItem, Meeting
from teams.member_choice import AmbiguousMember, member_resolve
from tests.factories import FacilitatorRoleFactory, MembershipFactory, UserFactory
from tests.support.sizes import html_size

pytestmark = pytest.mark.django_db


def _member(team, name, email):
    return MembershipFactory(team=team, user__display_name=name, user__email=email).user


@pytest.fixture
def ana(team):
    return _member(team, "Ana Lima", "ana@example.org")


@pytest.fixture
def ana_maria(team):
    return _member(team, "Ana María Souza", "souza@example.org")


def test_an_address_in_full_names_its_member_whatever_its_case(team, ana, ana_maria):
    assert member_resolve(team_id=team.pk, text="  SOUZA@Example.org ") == ana_maria


def test_a_name_that_only_one_member_holds_names_them(team, ana, ana_maria):
    assert member_resolve(team_id=team.pk, text="lima") == ana
    assert member_resolve(team_id=team.pk, text="maría") == ana_maria


def test_a_name_in_full_names_its_member_even_beside_longer_names(team, ana, ana_maria):
    assert member_resolve(team_id=team.pk, text="ana lima") == ana


def test_a_name_several_members_hold_names_them_back(team, ana, ana_maria):
    with pytest.raises(AmbiguousMember) as several:
        member_resolve(team_id=team.pk, text="ana")
    assert several.value.names == ["Ana Lima", "Ana María Souza"]


def test_nobody_outside_the_group_is_found_by_name_nor_by_address(team, other_team, ana):
    outsider = _member(other_team, "Olga Outside", "olga@example.org")
    assert member_resolve(team_id=team.pk, text=outsider.email) is None
    assert member_resolve(team_id=team.pk, text="Olga") is None


def test_part_of_an_address_names_nobody(team, ana):
    assert member_resolve(team_id=team.pk, text="ana@example") is None
    assert member_resolve(team_id=team.pk, text="example.org") is None


def _action_form(team, owner, kind="member"):
    data = {
        "text": "Draft",
        "owner_kind": kind,
        "owner": owner,
        "due_local": "2027-07-01 10:00",
        "time_zone": "UTC",
    }
    return ActionItemForm(data, team=team)


def test_the_action_form_says_what_is_wrong_with_the_member(team, ana, ana_maria):
    form = _action_form(team, "ana")
    assert not form.is_valid()
    assert form.errors["owner"] == [
        "Several members match “ana”: Ana Lima, Ana María Souza. Type more of the name, or the email."
    ]
    form = _action_form(team, "zed")
    assert form.errors["owner"] == ["No member of this group matches “zed”."]
    form = _action_form(team, "")
    assert form.errors["owner"] == ["Name the member who does it, or choose the secretariat."]


def test_the_action_form_gives_the_member_or_the_secretariat(team, ana):
    form = _action_form(team, "Ana Lima")
    assert form.is_valid(), form.errors
    assert form.action_fields()["owner_id"] == ana.pk and not form.action_fields()["owner_is_secretariat"]
    form = _action_form(team, "nobody at all", kind="secretariat")
    assert form.is_valid(), form.errors
    assert form.action_fields()["owner_id"] is None and form.action_fields()["owner_is_secretariat"]


def test_the_paper_form_may_ask_nobody_yet(team, ana):
    form = PaperRequestForm({"title": "Note", "owner": "", "due_days_before": "3"}, team=team)
    assert form.is_valid() and form.cleaned_data["owner"] is None
    form = PaperRequestForm({"title": "Note", "owner": "ana@example.org", "due_days_before": "3"}, team=team)
    assert form.is_valid() and form.cleaned_data["owner"] == ana.pk


def _suggest(client, team, text):
    response = client.get(reverse("teams:member_suggest", args=[team.cycle.year, team.slug]), {"q": text})
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    return json.loads(response.content)


def test_the_suggestions_are_names_only_and_at_most_ten(client, team, facilitator):
    for i in range(14):
        _member(team, f"Member {i:02d}", f"member{i}@example.org")
    client.force_login(facilitator)
    answer = _suggest(client, team, "mem")
    assert answer["names"] == [f"Member {i:02d}" for i in range(10)]
    assert answer["status"] == "More than 10 members match: type more of the name."
    assert "@" not in json.dumps(answer)
    assert _suggest(client, team, "member 13") == {"names": ["Member 13"], "status": "1 member matches."}
    # Part of an address matches nobody; one letter asks for nothing.
    assert _suggest(client, team, "member1@")["names"] == []
    assert _suggest(client, team, "example")["names"] == []
    assert _suggest(client, team, "m") == {"names": [], "status": ""}


def test_the_suggestions_show_a_new_member_a_new_name_and_a_departure_at_once(
    client, team, facilitator, django_capture_on_commit_callbacks
):
    client.force_login(facilitator)
    assert _suggest(client, team, "ana")["names"] == []
    with django_capture_on_commit_callbacks(execute=True):  # the new version of the groups
        ana = _member(team, "Ana Lima", "ana@example.org")
    assert _suggest(client, team, "ana")["names"] == ["Ana Lima"]
    with django_capture_on_commit_callbacks(execute=True):  # the new version of people
        ana.display_name = "Ana Souza"
        ana.save()
    assert _suggest(client, team, "ana")["names"] == ["Ana Souza"]
    with django_capture_on_commit_callbacks(execute=True):
        ana.memberships.get(team=team).delete()
    assert _suggest(client, team, "ana") == {"names": [], "status": "No member matches."}


def test_the_suggestions_of_one_group_reach_only_its_leads(client, team, other_team, facilitator):
    _member(team, "Ana Lima", "ana@example.org")
    _member(other_team, "Ana Souza", "souza@example.org")
    other_facilitator = FacilitatorRoleFactory(team=other_team).user
    client.force_login(facilitator)
    assert _suggest(client, team, "ana")["names"] == ["Ana Lima"]  # now cached
    client.force_login(other_facilitator)
    url = reverse("teams:member_suggest", args=[team.cycle.year, team.slug])
    assert client.get(url, {"q": "ana"}).status_code == 403
    assert _suggest(client, other_team, "ana")["names"] == ["Ana Souza"]
    client.force_login(facilitator)
    assert (
        client.get(
            reverse("teams:member_suggest", args=[other_team.cycle.year, other_team.slug]), {"q": "ana"}
        ).status_code
        == 403
    )


def _grow_group(team, n):
    with TestCase.captureOnCommitCallbacks(execute=True):
        for _ in range(n):
            MembershipFactory(team=team, user=UserFactory())


@pytest.mark.parametrize("url_name", ["schedule:meeting_record", "schedule:paper_request"])
def test_the_pages_that_choose_a_member_do_not_grow_with_the_group(now, client, team, facilitator, url_name):
    meeting = Meeting.objects.create(
        team=team,
        title="Call",
        organizer=facilitator,
        start=now + timedelta(days=2),
        end=now + timedelta(days=2, hours=1),
    )
    client.force_login(facilitator)
    url = reverse(url_name, args=[meeting.pk])
    _grow_group(team, 4)

    def measure():
        with CaptureQueriesContext(connection) as queries:
            size = html_size(client, url)
        return size, len(queries)

    size, queries = measure()
    _grow_group(team, 55)
    bigger, more_queries = measure()
    assert bigger <= size + 256 and more_queries == queries


def test_the_suggestions_cost_the_same_whatever_the_group_and_nothing_more_when_asked_again(
    client, team, facilitator
):
    client.force_login(facilitator)
    url = reverse("teams:member_suggest", args=[team.cycle.year, team.slug])
    _grow_group(team, 4)

    def queries(text):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, {"q": text}).status_code == 200
        return len(captured)

    first = queries("user")
    _grow_group(team, 55)  # a new version of the groups: asked anew
    assert queries("user") == first
    # The same text again: the group and the names are those read just now, not read again.
    assert queries("user") <= first - 2


def test_an_action_item_for_an_ambiguous_name_is_refused_then_saved_for_a_unique_one(
    now, client, team, facilitator, ana, ana_maria
):
    now_meeting = Meeting.objects.create(
        team=team,
        title="Call",
        organizer=facilitator,
        start=now - timedelta(hours=2),
        end=now - timedelta(hours=1),
    )
    client.force_login(facilitator)
    response = client.post(
        reverse("schedule:action_item_add", args=[now_meeting.pk]),
        {
            "text": "Draft",
            "owner_kind": "member",
            "owner": "ana",
            "due_local": "2027-07-01 10:00",
            "time_zone": "UTC",
        },
    )
    assert response.status_code == 200 and not ActionItem.objects.exists()
    assert "Several members match “ana”" in response.content.decode()
    response = client.post(
        reverse("schedule:action_item_add", args=[now_meeting.pk]),
        {
            "text": "Draft",
            "owner_kind": "member",
            "owner": "souza",
            "due_local": "2027-07-01 10:00",
            "time_zone": "UTC",
        },
    )
    assert response.status_code == 302 and ActionItem.objects.get().owner == ana_maria
