"""registry/admin.py: the secretariat reads entries and checks in the admin; changes go through the
registry's own pages (its services), never behind them."""

import pytest
from django.urls import reverse

from tests.factories import ActivityCheckFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["intersessionalactivity", "activitycheck"])
def test_the_admin_lists_but_never_adds_or_changes(client, now, secretariat, model):
    check = ActivityCheckFactory()
    client.force_login(secretariat)
    listing = client.get(reverse(f"admin:registry_{model}_changelist"))
    assert listing.status_code == 200 and check.activity.name in listing.content.decode()
    assert client.get(reverse(f"admin:registry_{model}_add")).status_code == 403
    pk = check.activity.pk if model == "intersessionalactivity" else check.pk
    response = client.post(reverse(f"admin:registry_{model}_change", args=[pk]), {})
    assert response.status_code == 403
