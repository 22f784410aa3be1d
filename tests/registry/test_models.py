"""registry/models.py: the one rule of a body's status, at its boundaries, with "now" pinned."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError

from registry.enums import ActivityStatus, CheckOutcome
from registry.models import IntersessionalActivity, status_cutoffs, validate_past_day
from tests.factories import ActivityCheckFactory, IntersessionalActivityFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "last_active_on, status",
    [
        (date(2027, 6, 15), ActivityStatus.ACTIVE),  # today
        (date(2026, 6, 15), ActivityStatus.ACTIVE),  # a year ago to the day
        (date(2026, 6, 14), ActivityStatus.QUIET),  # a year and a day
        (date(2025, 6, 15), ActivityStatus.QUIET),  # two years ago to the day
        (date(2025, 6, 14), ActivityStatus.INACTIVE),  # two years and a day
        (date(2000, 1, 1), ActivityStatus.INACTIVE),
    ],
)
def test_status_on_a_day_and_the_lists_filter_agree(last_active_on, status):
    on = date(2027, 6, 15)
    activity = IntersessionalActivityFactory(last_active_on=last_active_on)
    assert activity.status_on(on) == status
    for other in ActivityStatus:
        found = IntersessionalActivity.objects.with_status(other, on).filter(pk=activity.pk).exists()
        assert found is (other == status), other


def test_status_counts_from_today_in_utc(now):
    activity = IntersessionalActivityFactory(last_active_on=now.date() - timedelta(days=366))
    assert activity.status == ActivityStatus.QUIET
    assert activity.get_status_display() == "Quiet (no activity for over a year)"
    with time_machine.travel(now - timedelta(days=2), tick=False):
        assert activity.status == ActivityStatus.ACTIVE


def test_cutoffs_of_29_february_fall_on_28_february():
    assert status_cutoffs(date(2028, 2, 29)) == (date(2027, 2, 28), date(2026, 2, 28))


def test_a_last_activity_must_be_a_day_that_has_happened_since_2000(now):
    validate_past_day(now.date())
    validate_past_day(date(2000, 1, 1))
    for day in (now.date() + timedelta(days=1), date(1999, 12, 31)):
        with pytest.raises(ValidationError, match="Choose a date between 1 January 2000 and today"):
            validate_past_day(day)


def test_the_latest_outcome_is_shown_only_when_read_with_the_entry(now):
    check = ActivityCheckFactory(outcome=CheckOutcome.UNREACHABLE)
    assert check.activity.latest_outcome_display == ""
    check.activity.latest_outcome = check.outcome
    assert check.activity.latest_outcome_display == "Could not be reached"
