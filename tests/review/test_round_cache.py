"""The secretariat's round and overview pages are cached, alike for the whole secretariat
(review.views._cached_page): each change shows at once, and the anonymised phase leaks no name
through the cache."""

import pytest
from django.urls import reverse

from review import services
from review.models import Criterion
from tests.review.conftest import SECRET_NAME, SECRET_ORG, csv_text, import_text, workshop_line

# Versions move on commit: each request commits, so that the cached pages see each change.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("committed_requests")]


def page(client, user, cycle, name) -> str:
    client.force_login(user)
    response = client.get(reverse(f"review:{name}", args=[cycle.year]))
    assert response.status_code == 200
    return response.content.decode()


def test_each_change_shows_at_once_on_the_round_and_the_overview(
    client, cycle, secretariat, review_round, reviewer, django_capture_on_commit_callbacks
):
    for name in ("round", "overview"):
        assert "Youth and data" not in page(client, secretariat, cycle, name)
    client.post(reverse("review:criterion_add", args=[cycle.year]), {"name": "Clarity", "max_score": "4"})
    assert "Clarity" in page(client, secretariat, cycle, "round")
    with django_capture_on_commit_callbacks(execute=True):
        entry = import_text(secretariat, cycle, csv_text(workshop_line()))[0]
    for name in ("round", "overview"):
        assert "Youth and data" in page(client, secretariat, cycle, name)
    with django_capture_on_commit_callbacks(execute=True):
        assignment = services.assignment_add(actor=secretariat, entry=entry, reviewer=reviewer)
    assert "Rhea Viewer" in page(client, secretariat, cycle, "round")
    with django_capture_on_commit_callbacks(execute=True):
        reviewer.display_name = "Rhea Renamed"
        reviewer.save()
    assert "Rhea Renamed" in page(client, secretariat, cycle, "round")
    scores = {criterion.pk: 2 for criterion in Criterion.objects.all()}
    with django_capture_on_commit_callbacks(execute=True):
        services.review_save(actor=reviewer, assignment=assignment, scores=scores, comment="")
    assert "6.0" in page(client, secretariat, cycle, "overview")


def test_the_anonymised_phase_leaks_no_name_through_the_cached_pages(client, cycle, secretariat, imported):
    assert SECRET_NAME in page(client, secretariat, cycle, "round")  # cached with the names
    page(client, secretariat, cycle, "overview")
    client.post(reverse("review:anonymise", args=[cycle.year]), {"anonymised": "on"})
    for name in ("round", "overview"):
        shown = page(client, secretariat, cycle, name)
        assert "Youth and data" in shown
        assert SECRET_NAME not in shown and SECRET_ORG not in shown


def test_the_cached_round_page_carries_the_readers_own_token(client, cycle, secretariat, imported):
    page(client, secretariat, cycle, "round")
    client.logout()
    shown = page(client, secretariat, cycle, "round")
    assert "csrf-token-of-the-request" not in shown
    assert shown.count('name="csrfmiddlewaretoken"') >= 6


def test_a_decision_shows_at_once_on_the_cached_overview_and_round(
    client, cycle, secretariat, imported, django_capture_on_commit_callbacks
):
    from review.decisions import decision_make
    from review.models import Entry

    for name in ("round", "overview"):
        assert "Suggested for the preparatory phase" not in page(client, secretariat, cycle, name)
    entry = Entry.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        decision_make(actor=secretariat, entry=entry, outcome="preparatory", reasons="Better as an opener.")
    assert "Suggested for the preparatory phase" in page(client, secretariat, cycle, "overview")


def test_an_edited_criterion_shows_at_once(client, cycle, secretariat, review_round):
    assert "Relevance" in page(client, secretariat, cycle, "round")
    assert "Relevance" in page(client, secretariat, cycle, "criteria")
    relevance = Criterion.objects.get(name="Relevance")
    client.post(
        reverse("review:criterion_edit", args=[cycle.year, relevance.pk]),
        {"name": "Pertinence", "description": "", "max_score": "9"},
    )
    for name in ("round", "criteria"):
        shown = page(client, secretariat, cycle, name)
        assert "Pertinence" in shown and "Relevance" not in shown
