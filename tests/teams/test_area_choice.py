"""Choosing an issue area: a list while there are few, past AREA_LIST_MAX a box that the server reads
(the slug, the name in full in the original or the reader's language, part of one), the names it
suggests as one types, and the two pages that offer areas, which no longer grow with them."""

import json

import pytest
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from registry.forms import RegistryFilterForm
from registry.selectors import filter_areas
from teams.area_choice import AREA_LIST_MAX, AmbiguousArea, area_resolve
from teams.forms import GroupForm
from teams.models import IssueArea, IssueTeam
from teams.widgets import SuggestInput
from tests.factories import IntersessionalActivityFactory, IssueAreaFactory
from tests.support.sizes import html_size

pytestmark = pytest.mark.django_db

AREAS = IssueArea.objects.all()


@pytest.fixture
def rights():
    return IssueAreaFactory(
        name="Human rights", slug="human-rights", translations={"fr": {"name": "Droits humains"}}
    )


@pytest.fixture
def rights_online():
    return IssueAreaFactory(name="Human rights online", slug="rights-online")


@pytest.fixture
def access():
    return IssueAreaFactory(name="Universal access", slug="universal-access")


def _areas(n, prefix="Theme"):
    """n areas more, committed (the groups' version moves, as when the admin saves one)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        IssueArea.objects.bulk_create(
            IssueArea(name=f"{prefix} {i:03d}", slug=f"{prefix.lower()}-{i:03d}")
            for i in range(IssueArea.objects.filter(name__startswith=prefix).count(), n)
        )
        IssueAreaFactory()  # a save: the version moves (bulk_create sends no signal)


# What a text names


def test_the_slug_names_its_area(rights, rights_online):
    assert area_resolve(areas=AREAS, text=" human-rights ") == rights


def test_a_name_in_full_names_its_area_even_beside_longer_names(rights, rights_online):
    assert area_resolve(areas=AREAS, text="HUMAN RIGHTS") == rights


def test_the_name_in_the_readers_language_names_its_area(rights, rights_online):
    with translation.override("fr"):
        assert area_resolve(areas=AREAS, text="droits humains") == rights
        assert area_resolve(areas=AREAS, text="humains") == rights
    # Not in another language than the reader's.
    assert area_resolve(areas=AREAS, text="droits humains") is None


def test_part_of_a_name_only_one_area_holds_names_it(rights, rights_online, access):
    assert area_resolve(areas=AREAS, text="univ") == access
    assert area_resolve(areas=AREAS, text="online") == rights_online


def test_part_of_several_names_names_them_back_at_most_ten(rights, rights_online):
    with pytest.raises(AmbiguousArea) as several:
        area_resolve(areas=AREAS, text="rights")
    assert several.value.names == ["Human rights", "Human rights online"] and not several.value.more
    _areas(12, prefix="Rights")
    with pytest.raises(AmbiguousArea) as many:
        area_resolve(areas=AREAS, text="rights")
    assert len(many.value.names) == 10 and many.value.more


def test_nothing_names_no_area(rights):
    assert area_resolve(areas=AREAS, text="") is None
    assert area_resolve(areas=AREAS, text="   ") is None
    assert area_resolve(areas=AREAS, text="gardening") is None
    assert area_resolve(areas=AREAS, text="x" * 201) is None
    assert area_resolve(areas=AREAS, text="rights\x00") is None
    # Only among the areas offered.
    assert area_resolve(areas=AREAS.exclude(pk=rights.pk), text="human-rights") is None


def test_a_text_costs_at_most_three_bounded_queries(rights, rights_online):
    _areas(40)
    with CaptureQueriesContext(connection) as queries, pytest.raises(AmbiguousArea):
        area_resolve(areas=AREAS, text="e")
    assert len(queries) == 3 and all("LIMIT" in query["sql"] for query in queries.captured_queries)


# The new-group form


def test_the_new_group_form_lists_a_few_areas(secretariat, rights, access):
    form = GroupForm(user=secretariat)
    html = str(form["area"])
    assert "<select" in html and '<option value="human-rights">Human rights</option>' in html
    bound = GroupForm({"kind": "issue_team", "area": "universal-access"}, user=secretariat)
    assert bound.is_valid(), bound.errors
    assert bound.cleaned_data["area"] == access


def test_the_new_group_form_gives_a_box_past_thirty_areas(secretariat, rights, rights_online):
    _areas(AREA_LIST_MAX)
    form = GroupForm(user=secretariat)
    assert isinstance(form.fields["area"].widget, SuggestInput)
    html = str(form["area"])
    assert "<select" not in html and 'data-suggest="/teams/areas/suggest/"' in html
    assert "Type part of its name" in str(form.as_div())
    named = GroupForm({"kind": "issue_team", "area": "rights online"}, user=secretariat)
    assert named.is_valid(), named.errors
    assert named.cleaned_data["area"] == rights_online
    several = GroupForm({"kind": "issue_team", "area": "rights"}, user=secretariat)
    assert several.errors["area"] == [
        "Several issue areas match “rights”: Human rights, Human rights online. Type more of the name."
    ]
    assert 'value="rights"' in str(several["area"])  # the text as typed, to type more of
    nothing = GroupForm({"kind": "issue_team", "area": "gardening"}, user=secretariat)
    assert nothing.errors["area"] == ["No issue area matches “gardening”."]
    empty = GroupForm({"kind": "other", "title": "A group", "area": ""}, user=secretariat)
    assert empty.is_valid(), empty.errors
    assert empty.cleaned_data["area"] is None


def test_the_box_shows_the_area_it_read_by_its_name(secretariat, rights):
    _areas(AREA_LIST_MAX)
    form = GroupForm({"kind": "other", "title": "x" * 201, "area": "human-rights"}, user=secretariat)
    assert not form.is_valid()  # the name too long: shown again
    assert 'value="Human rights"' in str(form["area"])
    with translation.override("fr"):
        form = GroupForm(user=secretariat, initial={"area": rights})
        assert 'value="Droits humains"' in str(form["area"])
        form = GroupForm(user=secretariat, initial={"area": "human-rights"})
        assert 'value="Droits humains"' in str(form["area"])


def test_an_issue_team_is_created_from_the_box(client, cycle, secretariat, rights, rights_online):
    _areas(AREA_LIST_MAX)
    client.force_login(secretariat)
    page = client.get(reverse("teams:create")).content.decode()
    assert "<select" in page and '<option value="theme-000">' not in page  # the kinds only
    assert "js/suggest_box" in page
    response = client.post(reverse("teams:create"), {"kind": "issue_team", "area": "Human Rights Online"})
    assert response.status_code == 302
    assert IssueTeam.objects.get().area == rights_online


@pytest.mark.parametrize("url_name", ["teams:create", "teams:list"])
def test_the_new_group_page_and_the_list_that_leads_to_it_do_not_grow_with_the_areas(
    client, cycle, secretariat, url_name
):
    client.force_login(secretariat)
    _areas(AREA_LIST_MAX + 1)
    url = reverse(url_name)

    def measure():
        with CaptureQueriesContext(connection) as queries:
            size = html_size(client, url)
        return size, len(queries)

    size, queries = measure()
    _areas(300)
    assert measure() == (size, queries)


# The registry's filter


def _registry(areas):
    """One entry working on each of `areas`, committed."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        for area in areas:
            IntersessionalActivityFactory(name=f"DC on {area.name}", areas=[area])


def _entry_names(response):
    return [
        line.split(">")[-1]
        for line in response.content.decode().split("</a>")
        if 'href="/registry/dc-' in line.rsplit("<a", 1)[-1]
    ]


def test_the_registry_lists_a_few_areas_some_entry_works_on(now, rights, access):
    _registry([rights])
    form = RegistryFilterForm({"area": "human-rights"}, areas=filter_areas())
    html = str(form["area"])
    assert "<select" in html and "Universal access" not in html
    assert form.filters().area == rights


def test_the_registry_gives_a_box_past_thirty_areas(now, rights, rights_online, access):
    _registry([rights, rights_online, *IssueAreaFactory.create_batch(AREA_LIST_MAX)])
    form = RegistryFilterForm({"area": "human-rights"}, areas=filter_areas())
    assert form.filters().area == rights
    assert 'value="Human rights"' in str(form["area"]) and "<select" not in str(form["area"])
    # Any area may be typed (the suggestions offer all): one no entry works on lists none.
    assert RegistryFilterForm({"area": "universal"}, areas=filter_areas()).filters().area == access
    refused = RegistryFilterForm({"area": "rights", "kind": "dc"}, areas=filter_areas())
    assert refused.filters().area is None and refused.filters().kind == "dc"
    assert "Several issue areas match “rights”" in str(refused.errors)
    many = RegistryFilterForm({"area": "issue area"}, areas=filter_areas())
    assert many.filters().area is None
    (message,) = many.errors["area"]
    assert message.startswith("Many issue areas match “issue area”, among them Issue area")
    assert message.count("Issue area ") == 10 and message.endswith(". Type more of the name.")


def test_the_registry_list_is_filtered_from_the_box_and_from_a_link(client, now, rights, rights_online):
    _registry([rights, rights_online, *IssueAreaFactory.create_batch(AREA_LIST_MAX)])
    for query in ("?area=human-rights", "?area=human+rights", "?area=HUMAN+RIGHTS"):
        response = client.get(reverse("registry:list") + query)
        page = response.content.decode()
        assert "DC on Human rights online" not in page and "DC on Human rights<" in page, query
        assert 'value="Human rights"' in page and "js/suggest_box" in page
    page = client.get(reverse("registry:list") + "?area=rights").content.decode()
    assert "Several issue areas match “rights”" in page
    assert "DC on Human rights online" in page and "DC on Human rights<" in page  # the filter left out


def test_the_registry_list_does_not_grow_with_the_areas(client, now):
    url = reverse("registry:list")
    _registry(IssueAreaFactory.create_batch(AREA_LIST_MAX + 1))  # more entries than a page
    with TestCase.captureOnCommitCallbacks(execute=True):
        last = IntersessionalActivityFactory(name="Zz, last of the list", areas=[IssueAreaFactory()])

    def measure():
        with CaptureQueriesContext(connection) as queries:
            size = html_size(client, url + "?area=issue-area")
        return html_size(client, url), size, len(queries)

    before = measure()
    # Areas that some entry works on, all offered by the filter: the first page shows other entries.
    with TestCase.captureOnCommitCallbacks(execute=True):
        last.areas.add(*IssueAreaFactory.create_batch(270))
    assert filter_areas().count() == AREA_LIST_MAX + 272
    assert measure() == before


# The suggestions


def _suggest(client, text, **headers):
    response = client.get(reverse("teams:area_suggest"), {"q": text}, **headers)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, max-age=60"
    return json.loads(response.content)


def test_anyone_is_offered_at_most_ten_names(client, rights, rights_online):
    _areas(14, prefix="Rights")
    answer = _suggest(client, "rights")
    assert len(answer["names"]) == 10 and answer["names"][:2] == ["Human rights", "Human rights online"]
    assert answer["status"] == "More than 10 issue areas match: type more of the name."
    assert _suggest(client, "ONLINE") == {"names": ["Human rights online"], "status": "1 issue area matches."}
    assert _suggest(client, "gardening") == {"names": [], "status": "No issue area matches."}
    assert _suggest(client, "h") == {"names": [], "status": ""}
    assert _suggest(client, "") == {"names": [], "status": ""}
    # A text longer than any name is cut: no error.
    assert _suggest(client, "x" * 5_000)["names"] == []


def test_the_names_are_in_the_readers_language(client, rights, rights_online):
    assert _suggest(client, "droits", HTTP_ACCEPT_LANGUAGE="fr")["names"] == ["Droits humains"]
    assert _suggest(client, "rights", HTTP_ACCEPT_LANGUAGE="fr")["names"] == [
        "Droits humains",
        "Human rights online",
    ]
    assert _suggest(client, "droits")["names"] == []


def test_a_new_or_renamed_area_is_offered_at_once(client, django_capture_on_commit_callbacks):
    assert _suggest(client, "gover")["names"] == []
    with django_capture_on_commit_callbacks(execute=True):
        area = IssueAreaFactory(name="Data governance")
    assert _suggest(client, "gover")["names"] == ["Data governance"]
    with django_capture_on_commit_callbacks(execute=True):
        area.name = "AI governance"
        area.save()
    assert _suggest(client, "gover")["names"] == ["AI governance"]


def test_the_suggestions_cost_the_same_whatever_the_areas_and_nothing_when_asked_again(client):
    url = reverse("teams:area_suggest")

    def queries(text):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, {"q": text}).status_code == 200
        return len(captured)

    _areas(5)
    first = queries("theme")
    _areas(300)
    assert queries("theme") == first == 1
    assert queries("theme") == 0
