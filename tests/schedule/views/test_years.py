"""The rollover's pages: a draft year is the secretariat's alone, bad input comes back on the form with
nothing saved, the switch asks for its confirmation."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.enums import AuditAction
from accounts.models import AuditEvent
from schedule.services.years import cycle_draft, cycle_switch
from teams.models import Cycle, IssueTeam, Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(team, secretariat):
    return cycle_draft(
        actor=secretariat,
        previous=team.cycle,
        name="IGF 2022",
        previous_meeting_on=date(2021, 12, 6),
        annual_meeting_on=date(2022, 11, 28),
        carry={team.pk: ""},
    )


@pytest.mark.parametrize("page", ["teams:cycle", "teams:detail"])
def test_a_draft_years_groups_are_hidden_from_all_but_the_secretariat(client, draft, mag, secretariat, page):
    group = IssueTeam.objects.get(cycle=draft)
    kwargs = {"year": draft.year} if page == "teams:cycle" else {"year": draft.year, "slug": group.slug}
    client.force_login(mag)
    assert client.get(reverse(page, kwargs=kwargs)).status_code == 404
    client.force_login(secretariat)
    assert client.get(reverse(page, kwargs=kwargs)).status_code == 200


def test_a_draft_years_group_cannot_be_joined(client, draft, mag):
    group = IssueTeam.objects.get(cycle=draft)
    client.force_login(mag)
    response = client.post(
        reverse("teams:join", kwargs={"year": draft.year, "slug": group.slug}), {"capacity": "mag"}
    )
    assert response.status_code == 404
    assert not group.memberships.exists()


def test_a_meeting_date_outside_the_new_year_is_said_on_the_form_and_nothing_is_saved(
    client, team, secretariat
):
    client.force_login(secretariat)
    response = client.post(
        reverse("schedule:year_new"),
        {
            "name": "IGF 2022",
            "previous_meeting_on": "2021-12-06",
            "annual_meeting_on": "2031-11-28",
            f"keep_{team.pk}": "on",
        },
    )
    assert response.status_code == 200
    assert "Choose a day in 2022: the annual meeting falls in its own year." in response.content.decode()
    assert not Cycle.objects.filter(year=2022).exists()


def test_the_new_year_form_drafts_and_sends_to_the_review(client, team, secretariat):
    client.force_login(secretariat)
    response = client.post(
        reverse("schedule:year_new"),
        {
            "name": "IGF 2022",
            "previous_meeting_on": "2021-12-06",
            "annual_meeting_on": "2022-11-28",
            f"title_{team.pk}": "Trust and safety",
            f"keep_{team.pk}": "on",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("schedule:year_draft", args=[2022])
    assert IssueTeam.objects.get(cycle__year=2022).title == "Trust and safety"
    page = client.get(response["Location"]).content.decode()
    assert "Trust and safety" in page and reverse("roster_import") in page


def test_the_switch_without_its_confirmation_changes_nothing(client, draft, secretariat):
    client.force_login(secretariat)
    response = client.post(reverse("schedule:year_switch", args=[draft.year]), {})
    assert response.status_code == 400
    assert "Tick the box to confirm the switch." in response.content.decode()
    assert Cycle.objects.get(is_current=True).year == 2021
    assert not AuditEvent.objects.filter(action=AuditAction.CYCLE_SWITCHED).exists()


def test_the_confirmed_switch_makes_the_draft_current(client, draft, secretariat):
    client.force_login(secretariat)
    response = client.post(reverse("schedule:year_switch", args=[draft.year]), {"confirm": "on"})
    assert response.status_code == 302
    assert Cycle.objects.get(is_current=True) == draft
    assert AuditEvent.objects.filter(action=AuditAction.CYCLE_SWITCHED, actor=secretariat).count() == 1


def test_after_the_switch_the_old_years_pages_are_read_only_with_a_year_switcher(
    client, team, draft, secretariat, mag
):
    cycle_switch(actor=secretariat, cycle=draft, confirmed=True)
    client.force_login(mag)
    listing = client.get(reverse("teams:cycle", args=[2021])).content.decode()
    assert "IGF 2021 is not the current year" in listing
    assert f'href="{reverse("teams:cycle", args=[2022])}"' in listing
    page = client.get(team.get_absolute_url()).content.decode()
    assert reverse("teams:join", kwargs={"year": 2021, "slug": team.slug}) not in page
    assert "not the current year" in page
    current = client.get(reverse("teams:cycle", args=[2022])).content.decode()
    assert 'aria-current="page">IGF 2022<' in current
    group = IssueTeam.objects.get(cycle=draft)
    assert (
        reverse("teams:join", kwargs={"year": 2022, "slug": group.slug})
        in client.get(group.get_absolute_url()).content.decode()
    )


def test_the_dashboard_asks_last_years_member_once_whether_to_join(
    client, team, draft, secretariat, mag, django_capture_on_commit_callbacks
):
    Membership.objects.create(team=team, user=mag, capacity="mag")
    cycle_switch(actor=secretariat, cycle=draft, confirmed=True)
    group = IssueTeam.objects.get(cycle=draft)
    client.force_login(mag)
    dashboard = client.get(reverse("dashboard")).content.decode()
    url = reverse("teams:carry_over", kwargs={"year": 2022, "slug": group.slug})
    assert url in dashboard
    with django_capture_on_commit_callbacks(execute=True):  # the dashboard's panel is rebuilt on commit
        response = client.post(url, {"answer": "join"})
    assert response.status_code == 302 and response["Location"] == reverse("dashboard")
    assert Membership.objects.get(team=group, user=mag).capacity == "mag"
    assert url not in client.get(reverse("dashboard")).content.decode()
