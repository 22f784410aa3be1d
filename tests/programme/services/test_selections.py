"""A person's own schedule: a released session added once, a draft one refused, removed again."""

import pytest
from django.core.exceptions import ValidationError

from programme.enums import SessionStatus
from programme.models import ProgrammeSelection
from programme.services.selections import selection_add, selection_remove
from tests.programme.public_helpers import programme_session, release

pytestmark = pytest.mark.django_db


def test_a_released_session_is_added_once_and_removed(now, cycle, mag):
    session = programme_session(cycle)
    release(cycle)
    selection_add(actor=mag, session=session)
    selection_add(actor=mag, session=session)
    assert ProgrammeSelection.objects.filter(user=mag, session=session).count() == 1
    assert selection_remove(actor=mag, session=session) is True
    assert selection_remove(actor=mag, session=session) is False


def test_a_session_not_on_the_released_programme_is_refused(now, cycle, mag):
    session = programme_session(cycle)
    with pytest.raises(ValidationError, match="not on the published programme"):
        selection_add(actor=mag, session=session)  # nothing released yet
    release(cycle)
    draft = programme_session(cycle, title="Draft", status=SessionStatus.UNPLACED, starts_at=None)
    with pytest.raises(ValidationError):
        selection_add(actor=mag, session=draft)
    assert not ProgrammeSelection.objects.exists()
