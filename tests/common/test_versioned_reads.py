import pytest

from common.versions import version_bump, version_of, versioned_get_or_set, versions_of


@pytest.mark.django_db(transaction=True)
def test_versions_of_gives_each_groups_version_in_one_read():
    teams_people, polls_meetings = versions_of(("teams", "people"), ("polls", "meetings"))
    assert teams_people == version_of("teams", "people")
    assert polls_meetings == version_of("polls", "meetings")


@pytest.mark.django_db(transaction=True)
def test_a_versioned_read_is_built_once_per_version_and_each_reader_gets_a_copy():
    built = []

    def build():
        built.append(1)
        return {"rows": [1, 2]}

    key = f"test:versioned:{version_of('teams')}"
    first = versioned_get_or_set(key, build, 60)
    first["rows"].append(3)  # a caller changing what it got changes no one else's
    assert versioned_get_or_set(key, build, 60) == {"rows": [1, 2]}
    assert len(built) == 1

    version_bump("teams")  # outside a transaction: at once
    assert versioned_get_or_set(f"test:versioned:{version_of('teams')}", build, 60) == {"rows": [1, 2]}
    assert len(built) == 2
