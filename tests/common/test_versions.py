import pytest
from django.core.cache import cache
from django.db import transaction

from common.versions import version_and_get, version_bump, version_of
from tests.factories import MilestoneFactory


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


@pytest.mark.django_db(transaction=True)
def test_saving_a_versioned_model_anywhere_bumps_its_version():
    milestones, teams = version_of("milestones"), version_of("teams")
    milestone = MilestoneFactory()  # also makes its cycle: a team-side change
    assert version_of("milestones") != milestones
    after_create = version_of("milestones")
    milestone.delete()
    assert version_of("milestones") != after_create
    assert version_of("teams") != teams


@pytest.mark.django_db(transaction=True)
def test_version_and_get_reads_the_version_and_the_entries_at_once():
    cache.set("some:entry", ("v", 1))
    version, found = version_and_get("polls", keys=("some:entry", "some:missing"))
    assert version == version_of("polls")
    assert found == {"some:entry": ("v", 1)}
