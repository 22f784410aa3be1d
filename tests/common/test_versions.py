import pytest
from django.db import transaction

from common.versions import version_bump, version_of


@pytest.mark.django_db(transaction=True)
def test_a_version_changes_when_its_thing_changes_and_only_then():
    first = version_of("milestones", "teams")
    assert version_of("milestones", "teams") == first
    with transaction.atomic():
        version_bump("milestones")
        # Not before the commit: a reader in between must not cache what may be rolled back.
        assert version_of("milestones", "teams") == first
    assert version_of("milestones", "teams") != first


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_keeps_the_version():
    first = version_of("polls")
    with pytest.raises(RuntimeError), transaction.atomic():
        version_bump("polls")
        raise RuntimeError
    assert version_of("polls") == first


def test_an_unknown_name_is_a_programming_error():
    with pytest.raises(ValueError):
        version_of("milestone")
