"""200 people answer one poll at once through the live server on PostgreSQL: no answer is lost
and none is doubled."""

import http.cookiejar
import re
import threading
import urllib.parse
import urllib.request
from datetime import timedelta

import pytest

from schedule.models import Invitee, Vote
from schedule.services import polls

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
VOTERS, CLIENT_THREADS = 200, 40
ANSWERS = ["yes", "maybe", "no"]


def _vote(base, token, slot_ids, voter_number):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    url = f"{base}/polls/answer/{token}/"
    page = opener.open(url, timeout=60).read().decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = {"csrfmiddlewaretoken": csrf, "name": f"Voter {voter_number}", "time_zone": "Asia/Kolkata"}
    expected = {}
    for index, slot_id in enumerate(slot_ids):
        expected[slot_id] = data[f"slot_{slot_id}"] = ANSWERS[(voter_number + index) % 3]
    request = urllib.request.Request(
        url, data=urllib.parse.urlencode(data).encode(), headers={"Referer": url}
    )
    response = opener.open(request, timeout=60)
    assert response.status == 200
    return expected


def test_two_hundred_voters_at_once_lose_and_double_nothing(now, live_server, team, facilitator):
    poll = polls.poll_create(
        actor=facilitator,
        team=team,
        title="First call",
        deadline=now + timedelta(days=1),
        slots=[now + timedelta(days=2, hours=h) for h in range(5)],
        guests=[f"voter{i}@example.org" for i in range(VOTERS)],
    )
    slot_ids = list(poll.slots.values_list("pk", flat=True))
    tokens = list(poll.invitees.filter(user__isnull=True).order_by("pk").values_list("token", flat=True))
    expected, errors = {}, []
    barrier = threading.Barrier(CLIENT_THREADS)

    def client(worker):
        barrier.wait()
        for number in range(worker, VOTERS, CLIENT_THREADS):
            try:
                expected[tokens[number]] = _vote(live_server.url, tokens[number], slot_ids, number)
            except Exception as error:  # noqa: BLE001 — reported below with the voter
                errors.append((number, repr(error)))

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENT_THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    rows = list(Vote.objects.filter(invitee__poll=poll).values_list("invitee__token", "slot_id", "answer"))
    stored = {}
    for token, slot_id, answer in rows:
        stored.setdefault(token, {})[slot_id] = answer
    assert stored == expected  # every voter's every answer, as sent
    assert len(rows) == VOTERS * len(slot_ids)  # and no row twice
    assert Invitee.objects.filter(poll=poll, answered_at__isnull=False).count() == VOTERS


def test_a_poll_run_again_twice_at_once_makes_one_copy(now, team, facilitator):
    """A double click sends the "Run it again" form twice at the same instant: the source poll's
    locked row makes the second wait, then find the first's copy."""
    from django.db import connection

    from schedule.models import AvailabilityPoll

    source = polls.poll_create(
        actor=facilitator,
        team=team,
        title="Call 1",
        deadline=now + timedelta(days=1),
        slots=[now + timedelta(days=2, hours=h) for h in range(3)],
    )
    barrier, results, errors = threading.Barrier(4), [], []

    def run_again():
        try:
            barrier.wait()
            copy, created = polls.poll_duplicate(
                actor=facilitator, poll=source, shift=timedelta(days=7), title="Call 2"
            )
            results.append((copy.pk, created))
        except Exception as error:  # noqa: BLE001 — reported below
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run_again) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    copy = AvailabilityPoll.objects.exclude(pk=source.pk).get()
    assert sorted(created for _pk, created in results) == [False, False, False, True]
    assert {pk for pk, _created in results} == {copy.pk}
    assert copy.invitees.count() == 1 and copy.slots.count() == 3
