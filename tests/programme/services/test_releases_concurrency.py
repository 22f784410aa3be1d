"""Two people release the same version at once, on PostgreSQL: one version is made, the other
request is told it was released already, and each touched person is recorded for one notice."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from notifications.models import NotificationLedger
from programme.models import ProgrammeRelease
from programme.services import releases
from tests.factories import SecretariatFactory
from tests.programme.release_helpers import a_programme, session_pages  # noqa: F401

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_releases_at_once_make_one_version_and_one_notice_each(now, team, facilitator, secretariat):
    youth, _dialogue, _chooser = a_programme(team, facilitator, now=now)
    releases.programme_release(actor=secretariat, cycle=team.cycle, number=1)
    youth.starts_at += timedelta(hours=2)
    youth.save()
    other = SecretariatFactory(email="other-secretariat@example.org")
    barrier = threading.Barrier(2)
    outcomes = []

    def release(actor):
        try:
            barrier.wait()
            releases.programme_release(actor=actor, cycle=team.cycle, number=2)
            outcomes.append("released")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=release, args=(actor,)) for actor in (secretariat, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes)[1] == "released" and "released already" in sorted(outcomes)[0]
    assert list(ProgrammeRelease.objects.order_by("number").values_list("number", flat=True)) == [1, 2]
    keys = list(
        NotificationLedger.objects.filter(key__startswith="programme-release:").values_list("key", flat=True)
    )
    assert len(keys) == len(set(keys)) == 4
