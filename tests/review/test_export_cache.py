"""The round's CSV export is cached (review.views.export), by the phase, the language and the groups
whose scores the reader may not see: each change shows at once, the anonymised phase leaks no name,
and a MAG member who facilitates a group never gets its scores from a text made for another reader."""

import csv
import io

import pytest
from django.urls import reverse

from review import services
from review.models import Criterion
from tests.review.conftest import SECRET_NAME, SECRET_ORG

# Versions move on commit: each request commits, so that the cached export sees each change.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("committed_requests")]


def export(client, user, cycle) -> list[list[str]]:
    client.force_login(user)
    response = client.get(reverse("review:export", args=[cycle.year]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"] == f'attachment; filename="igfmag-{cycle.year}-workshop-reviews.csv"'
    )
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_each_change_shows_at_once_in_the_export(
    client, cycle, secretariat, team_entry, reviewer, django_capture_on_commit_callbacks
):
    assert export(client, secretariat, cycle)[1][-3:] == ["0", "0", ""]
    with django_capture_on_commit_callbacks(execute=True):
        assignment = services.assignment_add(actor=secretariat, entry=team_entry, reviewer=reviewer)
    assert export(client, secretariat, cycle)[1][-3:] == ["1", "0", ""]
    relevance = Criterion.objects.get(name="Relevance")
    with django_capture_on_commit_callbacks(execute=True):
        services.review_save(actor=reviewer, assignment=assignment, scores={relevance.pk: 4}, comment="")
    assert export(client, secretariat, cycle)[1][-3:] == ["1", "1", "4.0"]
    with django_capture_on_commit_callbacks(execute=True):
        team_entry.title = "Renamed workshop"
        team_entry.save()
    assert export(client, secretariat, cycle)[1][1] == "Renamed workshop"


def test_a_facilitator_never_gets_their_groups_scores_from_the_secretariats_text(
    client, cycle, secretariat, team_entry, facilitator, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assignment = services.assignment_add(actor=secretariat, entry=team_entry, reviewer=reviewer)
        relevance = Criterion.objects.get(name="Relevance")
        services.review_save(actor=reviewer, assignment=assignment, scores={relevance.pk: 4}, comment="")
    for _twice in range(2):  # each reader's text, then each from the cache
        assert export(client, secretariat, cycle)[1][-2:] == ["1", "4.0"]
        assert export(client, facilitator, cycle)[1][-2:] == ["", ""]
        assert export(client, reviewer, cycle)[1][-2:] == ["1", "4.0"]


def test_the_anonymised_phase_leaks_no_name_through_the_cached_export(client, cycle, secretariat, imported):
    named = export(client, secretariat, cycle)
    assert "proposers" in named[0] and SECRET_NAME in str(named)
    client.post(reverse("review:anonymise", args=[cycle.year]), {"anonymised": "on"})
    anonymised = export(client, secretariat, cycle)
    assert "proposers" not in anonymised[0] and "Youth and data" in str(anonymised)
    assert SECRET_NAME not in str(anonymised) and SECRET_ORG not in str(anonymised)
    client.post(reverse("review:anonymise", args=[cycle.year]), {})
    assert SECRET_NAME in str(export(client, secretariat, cycle))
