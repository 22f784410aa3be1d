"""Groups of every kind (issue 13, part 1): the model, group_create, the New group page, the group
list by kind, and what every kind shares with issue teams (joining, facilitators, the page)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.enums import AuditAction
from accounts.models import AuditEvent
from teams import services
from teams.enums import Capacity, FacilitatorKind, GroupKind
from teams.models import IssueTeam, Membership
from tests.factories import (
    CycleFactory,
    FacilitatorRoleFactory,
    GroupFactory,
    IssueAreaFactory,
    IssueTeamFactory,
    MembershipFactory,
)


def _detail(team, name="teams:detail"):
    return reverse(name, kwargs={"year": team.cycle.year, "slug": team.slug})


# The model


def test_a_group_is_named_by_its_title_an_issue_team_by_its_area(team, cycle):
    group = GroupFactory(cycle=cycle, title="Hybrid meetings", description="How we meet.")
    assert team.name == "Trust, security and stability" and group.name == "Hybrid meetings"
    assert group.summary == "How we meet." and team.summary == "What this area is about."
    assert str(group) == "Hybrid meetings (2021)"
    assert group.get_absolute_url() == f"/teams/2021/{group.slug}/"


def test_a_group_name_in_another_language_falls_back_to_the_original(cycle):
    group = GroupFactory(
        cycle=cycle, title="Hybrid meetings", translations={"fr": {"title": "Réunions hybrides"}}
    )
    assert group.localized("name", "fr") == "Réunions hybrides"
    spanish = group.localized("name", "es")
    assert spanish == "Hybrid meetings" and spanish.fell_back


def test_one_issue_team_per_area_and_cycle_but_other_groups_may_share_the_area(team, cycle):
    GroupFactory(cycle=cycle, kind=GroupKind.BPF, area=team.area, slug="bpf-trust")
    with pytest.raises(IntegrityError), transaction.atomic():
        IssueTeamFactory(cycle=cycle, area=team.area, slug="another")
    assert IssueTeam.objects.filter(area=team.area).count() == 2


def test_a_slug_is_unique_in_its_cycle_only(cycle):
    GroupFactory(cycle=cycle, slug="strategy")
    GroupFactory(cycle=CycleFactory(year=2022, is_current=False), slug="strategy")
    with pytest.raises(IntegrityError), transaction.atomic():
        GroupFactory(cycle=cycle, slug="strategy")


def test_conveners_are_what_a_bpf_or_a_pn_calls_its_facilitators(cycle):
    bpf = GroupFactory(cycle=cycle, kind=GroupKind.BPF)
    role = FacilitatorRoleFactory(team=bpf, kind=FacilitatorKind.CHAIR)
    assert role.title == "Convener"
    assert bpf.facilitator_choices() == [("chair", "Convener"), ("co_chair", "Co-convener")]
    wg = GroupFactory(cycle=cycle)
    assert FacilitatorRoleFactory(team=wg, kind=FacilitatorKind.CO_CHAIR).title == "Co-chair"


def test_a_group_needs_a_name_or_an_area_and_an_issue_team_its_area(cycle):
    with pytest.raises(ValidationError) as refused:
        IssueTeam(cycle=cycle, kind=GroupKind.ISSUE_TEAM, title="Named", slug="named").full_clean()
    assert "An issue team needs its issue area." in refused.value.message_dict["area"]
    with pytest.raises(ValidationError) as refused:
        IssueTeam(cycle=cycle, kind=GroupKind.NRI, slug="nameless").full_clean()
    assert "Give the group a name." in refused.value.message_dict["title"]
    IssueTeam(cycle=cycle, kind=GroupKind.NRI, title="NRIs", slug="nris").full_clean()


def test_a_second_convener_is_told_in_the_groups_words(cycle, mag):
    bpf = GroupFactory(cycle=cycle, kind=GroupKind.BPF)
    FacilitatorRoleFactory(team=bpf, kind=FacilitatorKind.CHAIR)
    with pytest.raises(ValidationError, match="already has a convener"):
        services.facilitator_volunteer(user=mag, team=bpf, kind=FacilitatorKind.CHAIR)


# group_create


def test_the_secretariat_creates_a_group_of_any_kind_and_it_is_audited(cycle, secretariat):
    bpf = services.group_create(
        actor=secretariat, cycle=cycle, kind=GroupKind.BPF, title="BPF on Cybersecurity", description="x"
    )
    assert (bpf.kind, bpf.slug, bpf.area) == (GroupKind.BPF, "bpf-on-cybersecurity", None)
    event = AuditEvent.objects.get(action=AuditAction.GROUP_CREATED)
    assert event.actor == secretariat and event.details == {"kind": "bpf", "slug": "bpf-on-cybersecurity"}
    # Nobody joins a BPF by creating it: its conveners are confirmed as for any group.
    assert not bpf.memberships.exists()
    # The same name again gets its own address.
    again = services.group_create(
        actor=secretariat, cycle=cycle, kind=GroupKind.OTHER, title="BPF on Cybersecurity"
    )
    assert again.slug == "bpf-on-cybersecurity-2"


def test_an_issue_team_needs_a_free_area_and_is_named_by_it(cycle, secretariat, team):
    area = IssueAreaFactory(name="Environment", slug="environment")
    created = services.group_create(actor=secretariat, cycle=cycle, kind=GroupKind.ISSUE_TEAM, area=area)
    assert (created.name, created.slug) == ("Environment", "environment")
    with pytest.raises(ValidationError, match="needs its issue area"):
        services.group_create(actor=secretariat, cycle=cycle, kind=GroupKind.ISSUE_TEAM)
    with pytest.raises(ValidationError, match="already has its issue team"):
        services.group_create(actor=secretariat, cycle=cycle, kind=GroupKind.ISSUE_TEAM, area=team.area)


def test_a_mag_member_creates_a_working_group_and_is_its_first_member(cycle, mag):
    wg = services.group_create(actor=mag, cycle=cycle, kind=GroupKind.MAG_WORKING_GROUP, title="Strategy")
    assert Membership.objects.get(team=wg).user == mag
    assert Membership.objects.get(team=wg).capacity == Capacity.MAG
    assert AuditEvent.objects.filter(action=AuditAction.MEMBERSHIP_JOINED, subject=mag).exists()


@pytest.mark.parametrize(
    "who, kind, message",
    [
        ("mag", GroupKind.BPF, "may not create a group of this kind"),
        ("community", GroupKind.MAG_WORKING_GROUP, "may not create a group of this kind"),
        ("secretariat", "club", "Choose the kind of group"),
        ("secretariat", GroupKind.PN, "Give the group a name"),
    ],
)
def test_what_group_create_refuses_saves_nothing(request, cycle, who, kind, message):
    with pytest.raises(ValidationError, match=message):
        services.group_create(actor=request.getfixturevalue(who), cycle=cycle, kind=kind)
    assert not IssueTeam.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.GROUP_CREATED).exists()


def test_a_name_too_long_is_refused_and_a_past_cycle_takes_no_new_group(cycle, secretariat):
    with pytest.raises(ValidationError, match="within 200 characters"):
        services.group_create(actor=secretariat, cycle=cycle, kind=GroupKind.OTHER, title="x" * 201)
    past = CycleFactory(year=2019, is_current=False)
    with pytest.raises(ValidationError, match="current cycle only"):
        services.group_create(actor=secretariat, cycle=past, kind=GroupKind.OTHER, title="Old")
    assert not IssueTeam.objects.exists()


# Pages


def test_the_new_group_page_offers_only_the_kinds_one_may_create(client, cycle, mag, secretariat):
    client.force_login(mag)
    page = client.get(reverse("teams:create")).content.decode()
    assert 'value="mag_working_group"' in page and 'value="bpf"' not in page
    client.force_login(secretariat)
    page = client.get(reverse("teams:create")).content.decode()
    assert all(f'value="{kind}"' in page for kind in GroupKind.values)


def test_the_new_group_page_offers_a_new_issue_area_at_once(
    client, cycle, secretariat, django_capture_on_commit_callbacks
):
    client.force_login(secretariat)
    assert "Data governance" not in client.get(reverse("teams:create")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the groups' new version
        area = IssueAreaFactory(name="Data governance")
    page = client.get(reverse("teams:create")).content.decode()
    assert f'<option value="{area.slug}">Data governance</option>' in page
    assert "csrf-token-of-the-request" not in page and 'name="csrfmiddlewaretoken"' in page


def test_the_secretariat_creates_a_group_from_the_page(client, cycle, secretariat):
    client.force_login(secretariat)
    response = client.post(
        reverse("teams:create"),
        {"kind": "dc_coordination", "title": "Dynamic Coalition Coordination Group", "description": "DCs."},
    )
    group = IssueTeam.objects.get()
    assert response.status_code == 302 and response["Location"] == group.get_absolute_url()
    page = client.get(group.get_absolute_url()).content.decode()
    assert "<h1>Dynamic Coalition Coordination Group</h1>" in page
    assert "Dynamic Coalition coordination group" in page  # its kind


def test_bad_input_on_the_new_group_page_is_explained_and_saves_nothing(client, cycle, mag):
    client.force_login(mag)
    for data, message in [
        ({"kind": "bpf", "title": "A forum"}, "You may not create a group of this kind."),
        ({"kind": "mag_working_group", "title": ""}, "Give the group a name."),
        ({"kind": "mag_working_group", "title": "x" * 201}, "at most 200 characters"),
        ({"kind": "mag_working_group", "title": "A", "description": "x" * 5001}, "5000"),
    ]:
        response = client.post(reverse("teams:create"), data)
        assert response.status_code == 200 and message in response.content.decode().replace(
            "\u202f", ""
        ).replace(",", ""), data
    assert not IssueTeam.objects.exists()


def test_the_group_list_shows_each_kind_under_its_heading_issue_teams_first(client, team, cycle):
    GroupFactory(cycle=cycle, title="Hybrid meetings")
    GroupFactory(cycle=cycle, kind=GroupKind.BPF, title="BPF on Gender")
    page = client.get(reverse("teams:list")).content.decode()
    headings = [
        page.index(f"<h2>{h}</h2>") for h in ("Issue teams", "MAG working groups", "Best Practice Forums")
    ]
    assert headings == sorted(headings)
    assert page.index("Trust, security and stability") < headings[1] < page.index("Hybrid meetings")
    assert page.index("BPF on Gender") > headings[2]
    assert "Looking for a convener" in page


def test_the_new_group_link_is_for_those_who_may_create(client, cycle, community, mag):
    assert reverse("teams:create") not in client.get(reverse("teams:list")).content.decode()
    client.force_login(community)
    assert reverse("teams:create") not in client.get(reverse("teams:list")).content.decode()
    client.force_login(mag)
    assert reverse("teams:create") in client.get(reverse("teams:list")).content.decode()


def test_a_group_without_an_area_works_as_a_team(
    client, cycle, community, mag, secretariat, django_capture_on_commit_callbacks
):
    bpf = GroupFactory(
        cycle=cycle, kind=GroupKind.BPF, title="BPF on Gender", description="Gender and access."
    )
    client.force_login(community)
    page = client.post(_detail(bpf, "teams:join"), {"capacity": "bpf"}, follow=True).content.decode()
    assert "You are a member as: Best Practice Forum." in page and "Gender and access." in page
    assert "Policy questions" not in page
    assert "This group is looking for a convener." in page
    client.force_login(mag)
    page = client.get(bpf.get_absolute_url()).content.decode()
    assert '<option value="chair">Convener</option>' in page
    with django_capture_on_commit_callbacks(execute=True):  # the teams' version moves on commit
        client.post(_detail(bpf, "teams:volunteer"), {"kind": "chair"})
    client.force_login(secretariat)
    roster = client.get(_detail(bpf, "teams:roster_csv"))
    assert roster.status_code == 200 and f"roster-2021-{bpf.slug}.csv" in roster["Content-Disposition"]
    page = client.get(bpf.get_absolute_url()).content.decode()
    assert "Mag Member (convener)" in page
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "BPF on Gender" in dashboard and "<td>Convener</td>" in dashboard
    assert "no convener" in dashboard  # among the groups looking for facilitators


def test_my_groups_on_the_dashboard(client, cycle, mag):
    wg = GroupFactory(cycle=cycle, title="Strategy")
    MembershipFactory(team=wg, user=mag, capacity=Capacity.MAG)
    client.force_login(mag)
    assert "Strategy" in client.get(reverse("dashboard")).content.decode()


def test_an_issue_team_for_a_taken_area_is_refused_on_the_page(client, team, secretariat):
    client.force_login(secretariat)
    response = client.post(reverse("teams:create"), {"kind": "issue_team", "area": team.area.slug})
    assert response.status_code == 200
    assert "This issue area already has its issue team this year." in response.content.decode()
    response = client.post(reverse("teams:create"), {"kind": "issue_team", "area": "no-such-area"})
    assert (
        response.status_code == 200 and "No issue area matches “no-such-area”." in response.content.decode()
    )
    assert IssueTeam.objects.count() == 1
