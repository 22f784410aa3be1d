"""A review entry's page, a reviewer's score form and the message to proposers are cached whole
(review.views._cached_page): each change they show shows at once, in the reader's language and
zone, with the reader's own CSRF token; one reader's copy never reaches another, and the anonymised
phase leaks no proposer's name through the cache."""

import csv
import io

import pytest
from django.conf import settings
from django.urls import reverse

from review import decisions, services
from review.models import Criterion
from teams.models import IssueArea
from tests.factories import MagFactory, SecretariatFactory
from tests.review.conftest import SECRET_NAME, SECRET_ORG, csv_text, import_text, workshop_line

# Versions move on commit: each request commits, so that the cached pages see each change.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("committed_requests")]


def get(client, user, name, *args, language=None) -> str:
    client.force_login(user)
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    else:
        client.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
    response = client.get(reverse(f"review:{name}", args=args))
    assert response.status_code == 200
    page = response.content.decode()
    assert "csrf-token-of-the-request" not in page
    return page


# --- A review entry's page ---------------------------------------------------------------------------


def test_each_change_shows_at_once_on_the_entry_page(
    client, cycle, secretariat, imported, django_capture_on_commit_callbacks
):
    page = get(client, secretariat, "entry", imported.pk)
    assert "No decision yet." in page and SECRET_NAME in page
    with django_capture_on_commit_callbacks(execute=True):
        decisions.decision_make(
            actor=secretariat, entry=imported, outcome="preparatory", reasons="Better as an opener."
        )
    page = get(client, secretariat, "entry", imported.pk)
    assert "Better as an opener." in page and "Suggested for the preparatory phase" in page
    with django_capture_on_commit_callbacks(execute=True):
        secretariat.display_name = "Desk Renamed"
        secretariat.save()
    assert "Desk Renamed" in get(client, secretariat, "entry", imported.pk)
    with django_capture_on_commit_callbacks(execute=True):
        imported.title = "Youth and open data"
        imported.save()
    assert "Youth and open data" in get(client, secretariat, "entry", imported.pk)
    with django_capture_on_commit_callbacks(execute=True):
        area = IssueArea.objects.get(pk=imported.issue_area_id)
        area.name = "Trust, renamed"
        area.save()
    assert "Trust, renamed" in get(client, secretariat, "entry", imported.pk)
    client.post(reverse("review:anonymise", args=[cycle.year]), {"anonymised": "on"})
    page = get(client, secretariat, "entry", imported.pk)
    assert "Youth and open data" in page
    assert SECRET_NAME not in page and SECRET_ORG not in page
    client.post(reverse("review:anonymise", args=[cycle.year]), {})
    assert SECRET_NAME in get(client, secretariat, "entry", imported.pk)


def test_a_decision_posted_on_the_entry_page_shows_at_once(client, secretariat, imported):
    assert "No decision yet." in get(client, secretariat, "entry", imported.pk)
    data = {"outcome": "declined", "time_zone": "europe/zurich", "reasons": "Out of scope.", "condition": ""}
    response = client.post(reverse("review:decide", args=[imported.pk]), data)
    assert response.status_code == 302
    page = get(client, secretariat, "entry", imported.pk)
    assert "Out of scope." in page and "No decision yet." not in page


def test_an_unknown_zone_typed_in_the_decision_form_says_so_and_saves_nothing(client, secretariat, imported):
    client.force_login(secretariat)
    data = {"outcome": "accepted", "time_zone": "Mars/Olympus", "reasons": "", "condition": ""}
    response = client.post(reverse("review:decide", args=[imported.pk]), data)
    assert response.status_code == 200
    assert "is not a time zone we know" in response.content.decode()
    assert imported.decisions.count() == 0


def test_each_reader_gets_the_entry_page_in_their_zone_and_language(
    client, secretariat, imported, django_capture_on_commit_callbacks
):
    zurich = SecretariatFactory(email="zurich@example.org", time_zone="Europe/Zurich")
    tokyo = SecretariatFactory(email="tokyo@example.org", time_zone="Asia/Tokyo")
    with django_capture_on_commit_callbacks(execute=True):
        decisions.decision_make(actor=secretariat, entry=imported, outcome="accepted", reasons="Good.")
    for _twice in range(2):  # each reader's page, then each from the cache
        page = get(client, zurich, "entry", imported.pk)
        assert 'value="Europe/Zurich"' in page and "Asia/Tokyo" not in page
        page = get(client, tokyo, "entry", imported.pk)
        assert 'value="Asia/Tokyo"' in page and "Europe/Zurich" not in page
        assert "Record the decision" in get(client, tokyo, "entry", imported.pk)
        assert "Enregistrer la décision" in get(client, tokyo, "entry", imported.pk, language="fr")


def test_the_cached_entry_page_carries_each_readers_own_token_and_stays_the_secretariats(
    client, secretariat, imported, reviewer
):
    get(client, secretariat, "entry", imported.pk)
    other = SecretariatFactory(email="other-desk@example.org")
    page = get(client, other, "entry", imported.pk)
    assert page.count('name="csrfmiddlewaretoken"') >= 1
    client.force_login(reviewer)
    assert client.get(reverse("review:entry", args=[imported.pk])).status_code == 403


def test_the_entry_page_is_small(client, secretariat, imported):
    """The decision's zone is typed, not chosen from every zone: a few KB, not 32."""
    assert len(get(client, secretariat, "entry", imported.pk).encode()) < 12_000


# --- A reviewer's score form -------------------------------------------------------------------------


def _score_data(value, comment=""):
    return {
        **{f"criterion_{criterion.pk}": str(value) for criterion in Criterion.objects.all()},
        "comment": comment,
    }


def test_each_change_shows_at_once_on_the_score_form(
    client, cycle, secretariat, imported, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assignment = services.assignment_add(actor=secretariat, entry=imported, reviewer=reviewer)
    page = get(client, reviewer, "score", assignment.pk)
    assert "Relevance" in page and SECRET_NAME in page and "Solid work" not in page
    response = client.post(reverse("review:score", args=[assignment.pk]), _score_data(2, "Solid work"))
    assert response.status_code == 302
    page = get(client, reviewer, "score", assignment.pk)
    assert "Solid work" in page and 'value="2"' in page
    client.force_login(secretariat)
    client.post(reverse("review:criterion_add", args=[cycle.year]), {"name": "Clarity", "max_score": "4"})
    clarity = f'name="criterion_{Criterion.objects.get(name="Clarity").pk}"'
    assert clarity in get(client, reviewer, "score", assignment.pk)
    client.force_login(secretariat)
    client.post(
        reverse("review:criterion_remove", args=[cycle.year, Criterion.objects.get(name="Clarity").pk])
    )
    assert clarity not in get(client, reviewer, "score", assignment.pk)
    with django_capture_on_commit_callbacks(execute=True):
        imported.title = "Youth and open data"
        imported.save()
    assert "Youth and open data" in get(client, reviewer, "score", assignment.pk)
    client.force_login(secretariat)
    client.post(reverse("review:anonymise", args=[cycle.year]), {"anonymised": "on"})
    page = get(client, reviewer, "score", assignment.pk)
    assert SECRET_NAME not in page and SECRET_ORG not in page
    assert "Save my review" in page
    assert "Enregistrer mon évaluation" in get(client, reviewer, "score", assignment.pk, language="fr")


def test_a_reviewers_form_never_reaches_another_reviewer(
    client, secretariat, imported, reviewer, django_capture_on_commit_callbacks
):
    other = MagFactory(email="other-reviewer@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        mine = services.assignment_add(actor=secretariat, entry=imported, reviewer=reviewer)
        theirs = services.assignment_add(actor=secretariat, entry=imported, reviewer=other)
    client.force_login(reviewer)
    client.post(reverse("review:score", args=[mine.pk]), _score_data(3, "Only mine"))
    assert "Only mine" in get(client, reviewer, "score", mine.pk)  # now cached
    assert "Only mine" not in get(client, other, "score", theirs.pk)
    client.force_login(other)
    assert client.get(reverse("review:score", args=[mine.pk])).status_code == 403
    client.force_login(secretariat)
    assert client.get(reverse("review:score", args=[mine.pk])).status_code == 403


# --- The message to proposers ------------------------------------------------------------------------


def test_each_change_shows_at_once_on_the_message_to_proposers(
    client, cycle, secretariat, imported, django_capture_on_commit_callbacks
):
    page = get(client, secretariat, "announce", cycle.year)
    assert "Nothing sent to the proposers yet." in page and "Freshly made area" not in page
    with django_capture_on_commit_callbacks(execute=True):
        IssueArea.objects.create(name="Freshly made area", slug="freshly-made-area")
    assert "Freshly made area" in get(client, secretariat, "announce", cycle.year)
    area = IssueArea.objects.get(pk=imported.issue_area_id)
    data = {
        "areas": [area.pk],
        "outcomes": ["in_review"],
        "subject": "Dates of the meeting",
        "body": "Hello.",
        "send": "",
    }
    response = client.post(reverse("review:announce", args=[cycle.year]), data)
    assert response.status_code == 302
    page = get(client, secretariat, "announce", cycle.year)
    assert "Dates of the meeting" in page and "Nothing sent to the proposers yet." not in page
    assert "Envoyé" in get(client, secretariat, "announce", cycle.year, language="fr")


def test_the_message_to_proposers_shows_each_reader_their_zone_and_stays_the_secretariats(
    client, cycle, secretariat, imported, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        decisions.proposer_announcement_send(
            actor=secretariat,
            cycle=cycle,
            subject="News",
            body="Body",
            areas=[IssueArea.objects.get(pk=imported.issue_area_id)],
            outcomes=["in_review"],
        )
    tokyo = SecretariatFactory(email="tokyo@example.org", time_zone="Asia/Tokyo")
    for _twice in range(2):
        assert "UTC" in get(client, secretariat, "announce", cycle.year)
        assert "JST" in get(client, tokyo, "announce", cycle.year)
        assert "JST" not in get(client, secretariat, "announce", cycle.year)
    client.force_login(reviewer)
    assert client.get(reverse("review:announce", args=[cycle.year])).status_code == 403


# --- The CSV export, built from plain values ----------------------------------------------------------


def export(client, user, cycle, language=None) -> list[list[str]]:
    client.force_login(user)
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    else:
        client.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
    response = client.get(reverse("review:export", args=[cycle.year]))
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_a_decision_an_import_and_a_score_show_at_once_in_the_export(
    client, cycle, secretariat, imported, reviewer, django_capture_on_commit_callbacks
):
    rows = export(client, secretariat, cycle)
    assert len(rows) == 2 and rows[1][7] == "In review"
    assert rows[1][2:8] == [
        imported.kind.name,
        imported.issue_area.name,
        "Roundtable",
        "Civil society",
        "African Group",
        "In review",
    ]
    with django_capture_on_commit_callbacks(execute=True):
        decisions.decision_make(
            actor=secretariat, entry=imported, outcome="format_changed", recommended_format="roundtable"
        )
    rows = export(client, secretariat, cycle)
    assert rows[1][7] == "Accepted in another format" and rows[1][8] == "Roundtable"
    assert export(client, secretariat, cycle, language="fr")[1][7] != "Accepted in another format"
    with django_capture_on_commit_callbacks(execute=True):
        import_text(secretariat, cycle, csv_text(workshop_line(title="A second workshop")))
    assert [row[1] for row in export(client, secretariat, cycle)[1:]] == [
        "Youth and data",
        "A second workshop",
    ]
    with django_capture_on_commit_callbacks(execute=True):
        assignment = services.assignment_add(actor=secretariat, entry=imported, reviewer=reviewer)
        scores = {criterion.pk: 2 for criterion in Criterion.objects.all()}
        services.review_save(actor=reviewer, assignment=assignment, scores=scores, comment="")
    assert export(client, secretariat, cycle)[1][-1] == "4.0"


# --- The language of every cached page of the review -------------------------------------------------


@pytest.mark.parametrize(
    "name, role, english, french",
    [
        ("round", "secretariat", "Export as CSV", "Exporter en CSV"),
        ("overview", "secretariat", "Export as CSV", "Exporter en CSV"),
        ("announce", "secretariat", "Export as CSV", "Exporter en CSV"),
        ("mine", "reviewer", "The criteria", "Les critères"),
    ],
)
def test_a_language_switch_shows_at_once_on_the_cached_pages(
    client, request, cycle, imported, name, role, english, french
):
    reader = request.getfixturevalue(role)
    for _twice in range(2):  # each language's page, then each from the cache
        page = get(client, reader, name, cycle.year)
        assert english in page and french not in page
        page = get(client, reader, name, cycle.year, language="fr")
        assert french in page and english not in page
