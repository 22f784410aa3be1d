"""The deliverable page's form, rendered once per version of the deliverable: it shows what was saved
at once, and a form sent back with errors is never the cached one."""

from datetime import timedelta

from django.urls import reverse

from schedule.models import Deliverable
from tests.conftest import BASE_NOW as NOW
from tests.factories import MembershipFactory, MilestoneFactory


def test_the_form_shows_what_was_just_saved(client, team, facilitator, django_capture_on_commit_callbacks):
    milestone = MilestoneFactory(cycle=team.cycle, requires_deliverable=True, due_at=NOW + timedelta(days=5))
    deliverable = Deliverable.objects.create(milestone=milestone, team=team)
    url = reverse("schedule:deliverable", args=[deliverable.pk])
    client.force_login(facilitator)
    assert "https://docs.example.org/proposal" not in client.get(url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"status": "in_progress", "link": "https://docs.example.org/proposal", "note": ""})
    assert 'value="https://docs.example.org/proposal"' in client.get(url).content.decode()

    # A form sent back with errors shows the errors and what was typed, not the cached form.
    page = client.post(url, {"status": "submitted", "link": "", "note": ""}).content.decode()
    assert "Give a link or a note with what you submit." in page


def test_who_may_not_update_gets_no_form_whoever_filled_the_cache(client, team, facilitator, community):
    MembershipFactory(team=team, user=community)
    milestone = MilestoneFactory(cycle=team.cycle, requires_deliverable=True, due_at=NOW + timedelta(days=5))
    deliverable = Deliverable.objects.create(milestone=milestone, team=team)
    url = reverse("schedule:deliverable", args=[deliverable.pk])
    client.force_login(facilitator)
    assert 'name="link"' in client.get(url).content.decode()
    client.force_login(community)
    response = client.get(url)
    assert response.status_code == 200 and 'name="link"' not in response.content.decode()
