"""A reviewer's "My reviews" is cached for them alone (review.views.mine): each change shows at
once, and no one sees another's assignments or, in the anonymised phase, a proposer's name."""

import pytest
from django.urls import reverse

from review import services
from review.models import Criterion
from tests.review.conftest import SECRET_NAME, SECRET_ORG

# Versions move on commit: each request commits, so that the cached page sees each change.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("committed_requests")]


def mine(client, user, cycle) -> str:
    client.force_login(user)
    return client.get(reverse("review:mine", args=[cycle.year])).content.decode()


def test_an_assignment_and_its_review_show_at_once_and_to_its_reviewer_only(
    client, cycle, secretariat, imported, reviewer, mag, django_capture_on_commit_callbacks
):
    assert "No proposal is assigned to you." in mine(client, reviewer, cycle)
    assert "No proposal is assigned to you." in mine(client, mag, cycle)
    with django_capture_on_commit_callbacks(execute=True):
        assignment = services.assignment_add(actor=secretariat, entry=imported, reviewer=reviewer)
    page = mine(client, reviewer, cycle)
    assert "Youth and data" in page and "To do" in page
    assert "Youth and data" not in mine(client, mag, cycle)
    criteria = Criterion.objects.order_by("position")
    data = {f"criterion_{criterion.pk}": "1" for criterion in criteria}
    client.force_login(reviewer)
    response = client.post(reverse("review:score", args=[assignment.pk]), {**data, "comment": "Solid"})
    assert response.status_code == 302
    assert "Scored" in mine(client, reviewer, cycle)
    assert "Youth and data" not in mine(client, mag, cycle)


def test_the_anonymised_phase_leaks_no_name_through_the_cache(
    client, cycle, secretariat, imported, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.assignment_add(actor=secretariat, entry=imported, reviewer=reviewer)
    assert SECRET_NAME not in mine(client, reviewer, cycle)  # cached while names are shown elsewhere
    client.force_login(secretariat)
    client.post(reverse("review:anonymise", args=[cycle.year]), {"anonymised": "on"})
    page = mine(client, reviewer, cycle)
    assert "Youth and data" in page
    assert SECRET_NAME not in page and SECRET_ORG not in page


def test_a_removed_assignment_leaves_my_reviews_at_once(client, cycle, secretariat, imported, reviewer):
    assignment = services.assignment_add(actor=secretariat, entry=imported, reviewer=reviewer)
    assert "Youth and data" in mine(client, reviewer, cycle)  # cached
    client.force_login(secretariat)
    client.post(reverse("review:assignment_remove", args=[assignment.pk]))
    assert "No proposal is assigned to you." in mine(client, reviewer, cycle)
