"""registry/views.py: the public list and its filters, an entry's page for the public and for the
secretariat, and the secretariat's forms."""

from datetime import timedelta

import pytest
from django.urls import reverse

from registry.models import ActivityCheck, IntersessionalActivity
from registry.selectors import ACTIVITIES_PER_PAGE, CHECKS_SHOWN
from tests.factories import ActivityCheckFactory, IntersessionalActivityFactory, IssueAreaFactory
from tests.support.sizes import assert_html_does_not_grow

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(now, secretariat):
    access = IssueAreaFactory(name="Universal access", slug="universal-access")
    rights = IssueAreaFactory(name="Human rights", slug="human-rights")
    today = now.date()
    entries = {
        "rights": IntersessionalActivityFactory(
            name="DC on Internet Rights", kind="dc", areas=[rights], last_active_on=today - timedelta(days=20)
        ),
        "access": IntersessionalActivityFactory(
            name="PN on Meaningful Access", kind="pn", areas=[access], last_active_on=today
        ),
        "asleep": IntersessionalActivityFactory(
            name="DC on Connecting the Unconnected",
            kind="dc",
            areas=[access],
            last_active_on=today - timedelta(days=800),
        ),
    }
    ActivityCheckFactory(
        activity=entries["asleep"],
        checked_on=today - timedelta(days=3),
        outcome="unreachable",
        checked_by=secretariat,
        note="Wrote to coordinator.person@example.net twice, no answer.",
    )
    return entries


def _names(response):
    return [activity.name for activity in response.context["page"].object_list]


def test_the_public_list_shows_every_entry_without_signing_in(client, registry):
    response = client.get(reverse("registry:list"))
    assert response.status_code == 200
    assert _names(response) == [
        "DC on Connecting the Unconnected",
        "DC on Internet Rights",
        "PN on Meaningful Access",
    ]
    page = response.content.decode()
    assert "Could not be reached" in page and "Not checked yet" in page
    assert "coordinator.person@example.net" not in page  # a check's note is the secretariat's
    assert "Add an entry" not in page


@pytest.mark.parametrize(
    "query, expected",
    [
        ("kind=pn", ["PN on Meaningful Access"]),
        ("area=universal-access", ["DC on Connecting the Unconnected", "PN on Meaningful Access"]),
        ("status=inactive", ["DC on Connecting the Unconnected"]),
        ("area=universal-access&status=active", ["PN on Meaningful Access"]),
        ("kind=dc&status=quiet", []),
    ],
)
def test_filters_by_kind_issue_area_and_activity(client, registry, query, expected):
    response = client.get(reverse("registry:list") + "?" + query)
    assert _names(response) == expected
    if not expected:
        assert "No entry matches these filters." in response.content.decode()


def test_an_unknown_filter_value_says_so_and_is_left_out(client, registry):
    response = client.get(reverse("registry:list") + "?area=no-such-area&kind=dc")
    assert response.status_code == 200
    assert _names(response) == ["DC on Connecting the Unconnected", "DC on Internet Rights"]
    assert "No issue area matches “no-such-area”." in response.content.decode()


def test_the_pages_keep_the_filters(client, now):
    for _ in range(ACTIVITIES_PER_PAGE + 1):
        IntersessionalActivityFactory(kind="bpf")
    response = client.get(reverse("registry:list") + "?kind=bpf")
    assert len(_names(response)) == ACTIVITIES_PER_PAGE
    assert 'href="?kind=bpf&amp;page=2"' in response.content.decode()
    assert len(_names(client.get(reverse("registry:list") + "?kind=bpf&page=2"))) == 1


def test_an_entry_shows_the_public_its_contact_and_latest_outcome_only(client, registry):
    response = client.get(registry["asleep"].get_absolute_url())
    page = response.content.decode()
    assert "Could not be reached" in page
    assert "Inactive (no activity for over two years)" in page
    assert registry["asleep"].contact_email in page
    assert "coordinator.person@example.net" not in page
    assert "Checks (seen by the secretariat only)" not in page and "Record a check" not in page


def test_the_secretariat_sees_the_checks_notes_and_who_checked(client, registry, secretariat):
    client.force_login(secretariat)
    page = client.get(registry["asleep"].get_absolute_url()).content.decode()
    assert "coordinator.person@example.net" in page
    assert "Checks (seen by the secretariat only)" in page
    assert "<td>Secretariat</td>" in page  # who checked
    assert "Record a check" in page and "Edit" in page


def test_an_unknown_entry_is_404(client, db):
    assert client.get(reverse("registry:detail", args=["nothing-here"])).status_code == 404


def test_the_secretariat_adds_an_entry(client, now, secretariat):
    area = IssueAreaFactory()
    client.force_login(secretariat)
    response = client.post(
        reverse("registry:create"),
        {
            "kind": "bpf",
            "name": "Best Practice Forum on Gender and Digital Rights",
            "description": "",
            "areas": [area.pk],
            "last_active_on": f"{now.date():%Y-%m-%d}",
            "contact_email": "bpf-gender@lists.example.org",
            "name__fr": "Forum sur les meilleures pratiques : genre et droits numériques",
        },
    )
    activity = IntersessionalActivity.objects.get()
    assert response.status_code == 302 and response["Location"] == activity.get_absolute_url()
    assert activity.slug == "best-practice-forum-on-gender-and-digital-rights"
    assert activity.translations == {
        "fr": {"name": "Forum sur les meilleures pratiques : genre et droits numériques"}
    }


def test_a_bad_entry_comes_back_with_its_messages(client, now, secretariat):
    client.force_login(secretariat)
    response = client.post(
        reverse("registry:create"),
        {"kind": "dc", "name": "", "last_active_on": "15/06/2027", "website": "not a site"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "This field is required." in page
    assert "Enter a date like 2027-06-15." in page
    assert "Enter a valid URL." in page
    assert not IntersessionalActivity.objects.exists()


def test_a_future_last_activity_is_refused_on_the_form(client, now, secretariat):
    client.force_login(secretariat)
    response = client.post(
        reverse("registry:create"),
        {"kind": "dc", "name": "DC", "last_active_on": f"{now.date() + timedelta(days=1):%Y-%m-%d}"},
    )
    assert "Choose a date between 1 January 2000 and today" in response.content.decode()


def test_the_secretariat_edits_an_entry(client, registry, secretariat):
    activity = registry["rights"]
    client.force_login(secretariat)
    form = client.get(reverse("registry:edit", args=[activity.slug])).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(name="DC on Internet Rights and Principles", areas=[a.pk for a in data["areas"]])
    data["last_active_on"] = f"{data['last_active_on']:%Y-%m-%d}"
    response = client.post(reverse("registry:edit", args=[activity.slug]), data)
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.name == "DC on Internet Rights and Principles"


def test_the_secretariat_records_a_check_and_the_public_sees_its_outcome(client, registry, secretariat, now):
    activity = registry["rights"]
    client.force_login(secretariat)
    response = client.post(
        reverse("registry:check", args=[activity.slug]),
        {"outcome": "does_not_fulfil", "checked_on": f"{now.date():%Y-%m-%d}", "note": "No annual report."},
    )
    assert response.status_code == 302
    assert ActivityCheck.objects.get(activity=activity).checked_by == secretariat
    client.logout()
    page = client.get(activity.get_absolute_url()).content.decode()
    assert "Does not fulfil its obligations" in page and "No annual report." not in page


def test_a_bad_check_comes_back_with_its_messages(client, registry, secretariat, now):
    client.force_login(secretariat)
    response = client.post(
        reverse("registry:check", args=[registry["rights"].slug]),
        {"checked_on": f"{now.date() + timedelta(days=2):%Y-%m-%d}", "note": "x" * 5_001},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "This field is required." in page  # the outcome
    assert "Choose a date between 1 January 2000 and today" in page
    assert "at most 5,000 characters" in page
    assert not ActivityCheck.objects.filter(activity=registry["rights"]).exists()


def test_the_list_page_stays_small(client, now):
    for _ in range(3 * ACTIVITIES_PER_PAGE):
        IntersessionalActivityFactory(description="x" * 5_000, areas=[IssueAreaFactory()])
    response = client.get(reverse("registry:list"))
    assert len(_names(response)) == ACTIVITIES_PER_PAGE
    assert len(response.content) < 60_000  # descriptions stay on the entries' pages


def test_the_navigation_links_the_registry_for_everyone(client, db, community):
    assert reverse("registry:list") in client.get(reverse("home")).content.decode()
    client.force_login(community)
    assert reverse("registry:list") in client.get(reverse("teams:list")).content.decode()


def test_the_cached_list_shows_a_new_check_at_once(
    client, registry, secretariat, now, django_capture_on_commit_callbacks
):
    activity = registry["rights"]
    assert "Does not fulfil its obligations" not in client.get(reverse("registry:list")).content.decode()
    client.force_login(secretariat)
    with django_capture_on_commit_callbacks(execute=True):  # committed: the registry's version moves
        client.post(
            reverse("registry:check", args=[activity.slug]),
            {"outcome": "does_not_fulfil", "checked_on": f"{now.date():%Y-%m-%d}", "note": "No report."},
        )
    client.logout()
    assert "Does not fulfil its obligations" in client.get(reverse("registry:list")).content.decode()


def test_the_cached_entry_shows_a_new_check_at_once_and_its_notes_to_the_secretariat_only(
    client, registry, secretariat, now, django_capture_on_commit_callbacks
):
    activity = registry["rights"]
    assert "Not checked yet" in client.get(activity.get_absolute_url()).content.decode()
    client.force_login(secretariat)
    assert "No check recorded yet." in client.get(activity.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # committed: the registry's version moves
        client.post(
            reverse("registry:check", args=[activity.slug]),
            {"outcome": "does_not_fulfil", "checked_on": f"{now.date():%Y-%m-%d}", "note": "No report."},
        )
    page = client.get(activity.get_absolute_url()).content.decode()
    assert "Does not fulfil its obligations" in page and "No report." in page
    client.logout()
    page = client.get(activity.get_absolute_url()).content.decode()
    assert "Does not fulfil its obligations" in page
    assert "No report." not in page and "Record a check" not in page


def test_the_cached_pages_show_a_renamed_issue_area_and_checker_at_once(
    client, registry, secretariat, django_capture_on_commit_callbacks
):
    filtered = reverse("registry:list") + "?kind=dc&status=active"
    entry = registry["asleep"].get_absolute_url()
    assert "Human rights" in client.get(filtered).content.decode()
    client.force_login(secretariat)
    assert "Human rights" not in client.get(entry).content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # committed: the versions move
        area = registry["rights"].areas.get()
        area.name = "Rights online"
        area.save()
        registry["asleep"].areas.add(area)
        registry["asleep"].save()
        secretariat.display_name = "The checker"
        secretariat.save()
    assert "Rights online" in client.get(filtered).content.decode()
    page = client.get(entry).content.decode()
    assert "Rights online" in page and "<td>The checker</td>" in page


def test_an_entry_s_page_stays_small_however_many_checks_it_has(
    client, registry, secretariat, now, django_capture_on_commit_callbacks
):
    activity = registry["asleep"]

    def checks(n):
        with django_capture_on_commit_callbacks(execute=True):  # committed: the cached page is rebuilt
            for days in range(n):
                ActivityCheckFactory(
                    activity=activity,
                    checked_on=now.date() - timedelta(days=10 + days),
                    checked_by=secretariat,
                    note="Wrote to the coordinators; no answer yet. " * 20,
                )

    checks(CHECKS_SHOWN)
    client.force_login(secretariat)
    assert_html_does_not_grow(client, activity.get_absolute_url(), lambda: checks(3 * CHECKS_SHOWN))
