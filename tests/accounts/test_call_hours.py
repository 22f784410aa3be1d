"""The profile's call hours: the model's bounds, the service, and the form on the profile page."""

from datetime import time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.enums import AuditAction
from accounts.models import AuditEvent, CallHours
from accounts.services import call_hours_set
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Sunday to Thursday, 08:00–16:00, never after 18:00: a Friday–Saturday weekend.
GULF_WEEK = {
    "days": {day: ["08:00", "16:00"] for day in (6, 0, 1, 2, 3)},
    "never_before": None,
    "never_after": time(18, 0),
}


def week_post(**changes):
    data = {f"day_{day}": "on" for day in (6, 0, 1, 2, 3)}
    data |= {f"from_{day}": "08:00" for day in (6, 0, 1, 2, 3)}
    data |= {f"to_{day}": "16:00" for day in (6, 0, 1, 2, 3)}
    data |= {"never_before": "", "never_after": "18:00"}
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_call_hours_set_stores_days_and_audits():
    person = UserFactory()
    hours = call_hours_set(user=person, hours=GULF_WEEK)

    assert hours.working_days() == [0, 1, 2, 3, 6]
    assert hours.span(4) is None
    assert hours.span(6) == (time(8), time(16))
    assert AuditEvent.objects.filter(
        action=AuditAction.PROFILE_UPDATED, subject=person, details__fields=["call_hours"]
    ).exists()


def test_call_hours_set_none_clears():
    person = UserFactory()
    call_hours_set(user=person, hours=GULF_WEEK)
    assert call_hours_set(user=person, hours=None) is None
    assert not CallHours.objects.filter(user=person).exists()


@pytest.mark.parametrize(
    "hours, message",
    [
        ({"days": {}}, "at least one working day"),
        ({"days": {7: []}}, "Monday to Sunday"),
        ({"days": {0: ["17:00", "09:00"]}}, "start before they end"),
        ({"days": {0: ["09:00"]}}, "both hours"),
        ({"days": {0: []}, "never_before": time(18), "never_after": time(9)}, "later than"),
    ],
)
def test_call_hours_set_refuses_what_makes_no_sense(hours, message):
    with pytest.raises(ValidationError, match=message):
        call_hours_set(user=UserFactory(), hours=hours)


def test_profile_form_saves_ones_own_hours_only(client):
    amina, other = UserFactory(), UserFactory()
    call_hours_set(user=other, hours={"days": {0: []}})
    client.force_login(amina)

    response = client.post(reverse("call_hours_edit"), week_post())

    assert response.status_code == 302
    hours = CallHours.objects.get(user=amina)
    assert hours.days == {str(day): ["08:00", "16:00"] for day in (0, 1, 2, 3, 6)}
    assert hours.never_after == time(18)
    assert CallHours.objects.get(user=other).days == {"0": []}  # nobody edits another's
    page = client.get(reverse("profile_edit")).content.decode()
    assert 'name="day_6" checked' in page.replace('type="checkbox" ', "").replace(' id="id_day_6"', "")


def test_profile_form_clears(client):
    amina = UserFactory()
    call_hours_set(user=amina, hours=GULF_WEEK)
    client.force_login(amina)

    # Whatever the rest of the form holds: clearing needs none of it.
    response = client.post(reverse("call_hours_edit"), {"clear": "1", "from_0": "25:00", "never_after": "x"})

    assert response.status_code == 302
    assert not CallHours.objects.filter(user=amina).exists()


@pytest.mark.parametrize(
    "changes, message",
    [
        (
            {f"day_{day}": None for day in (6, 0, 1, 2, 3)}
            | {f"from_{d}": "" for d in (6, 0, 1, 2, 3)}
            | {f"to_{d}": "" for d in (6, 0, 1, 2, 3)},
            "Tick at least one working day",
        ),
        ({"from_0": "17:00", "to_0": "09:00"}, "start before they end"),
        ({"to_0": ""}, "both hours of the day"),
        ({"from_4": "09:00", "to_4": "10:00"}, "Tick the day"),
        ({"never_before": "19:00"}, "later than"),
        ({"never_before": "25:00"}, "Enter a valid time"),
    ],
)
def test_profile_form_shows_errors_and_changes_nothing(client, changes, message):
    amina = UserFactory()
    client.force_login(amina)

    response = client.post(reverse("call_hours_edit"), week_post(**changes))

    assert response.status_code == 200
    assert message in response.content.decode().replace("&#x27;", "'").replace("&ldquo;", "“")
    assert not CallHours.objects.filter(user=amina).exists()


def test_call_hours_need_sign_in(client):
    response = client.post(reverse("call_hours_edit"), week_post())
    assert response.status_code == 302
    assert not CallHours.objects.exists()
