"""The secretariat's list of the programme's clashes (programme/views/clashes.py)."""

from datetime import timedelta

import pytest
from django.urls import reverse

from programme.clashes import edit_url
from tests.programme.clash_support import later, placed_session

pytestmark = pytest.mark.django_db

URL = reverse("programme:clashes")


def _page(client, query=""):
    response = client.get(URL + query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_secretariat_sees_each_clash_in_words_with_its_way_to_fix_it(
    client, cycle, team, secretariat, now, django_capture_on_commit_callbacks
):
    secretariat.time_zone = "Europe/Paris"
    secretariat.save()
    with django_capture_on_commit_callbacks(execute=True):
        first = placed_session(
            cycle=cycle,
            team=team,
            start=later(now, hours=13),
            title="Trust online",
            panel=[("Ana Lima", "ana.lima@example.org", "Europe/Paris")],
        )
        second = placed_session(
            cycle=cycle,
            team=team,
            start=later(now, hours=13.5),
            title="Youth voices",
            panel=[("Ana Lima", "Ana.Lima@example.org", "Europe/Paris")],
        )
    client.force_login(secretariat)
    page = _page(client)

    assert "The same person in two sessions at once: <strong>1</strong>" in page
    assert "<bdi>Ana Lima</bdi>, in both:" in page
    assert "“Trust online”" in page and "“Youth voices”" in page
    assert "Move one of them." in page
    assert f'href="{edit_url(first.pk)}"' in page and f'href="{edit_url(second.pk)}"' in page
    assert "@example.org" not in page
    # In the reader's zone, with UTC beside it.
    assert "CEST" in page or "CET" in page
    assert "UTC" in page


def test_a_session_at_night_names_the_speakers_and_their_own_time(client, cycle, team, secretariat, now):
    start = now.replace(hour=17, minute=0, second=0, microsecond=0) + timedelta(days=3)  # 02:00 in Tokyo
    placed_session(
        cycle=cycle,
        team=team,
        start=start,
        title="Late call",
        panel=[("Kenji Sato", "kenji@example.org", "Asia/Tokyo"), ("Ana", "", "")],
    )
    client.force_login(secretariat)
    page = _page(client)
    assert "At night for 1 of the 1 speakers whose time zone is known:" in page
    assert "Kenji Sato (Tokyo)" in page and "02:00" in page
    assert "Move it out of the night for Kenji Sato." in page


def test_without_clashes_the_page_says_so(client, cycle, secretariat):
    client.force_login(secretariat)
    assert "No clashes: nothing to fix." in _page(client)


def test_many_clashes_come_in_pages(client, cycle, team, secretariat, now):
    for i in range(55):
        placed_session(
            cycle=cycle,
            team=team,
            start=now.replace(hour=17, minute=0, second=0, microsecond=0) + timedelta(days=3 + i),
            title=f"Night {i:02}",
            panel=[("Kenji Sato", "kenji@example.org", "Asia/Tokyo")],
        )
    client.force_login(secretariat)
    first = _page(client)
    assert "Sessions at night for most of their speakers: <strong>55</strong>" in first
    assert "“Night 49”" in first and "“Night 50”" not in first
    assert "Page 1 of 2" in first
    second = _page(client, "?page=2")
    assert "“Night 50”" in second and "“Night 54”" in second and "“Night 49”" not in second
    # A page past the last is the last; junk is the first.
    assert "“Night 54”" in _page(client, "?page=9")
    assert "“Night 00”" in _page(client, "?page=junk")


def test_a_clash_fixed_on_the_build_page_leaves_the_list_at_once(
    client, cycle, team, secretariat, now, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        placed_session(
            cycle=cycle,
            team=team,
            start=later(now),
            title="Trust online",
            panel=[("Ana", "ana@example.org", "")],
        )
        second = placed_session(
            cycle=cycle,
            team=team,
            start=later(now),
            title="Youth voices",
            panel=[("Ana", "ana@example.org", "")],
        )
    client.force_login(secretariat)
    assert "<bdi>Ana</bdi>, in both:" in _page(client)
    with django_capture_on_commit_callbacks(execute=True):
        second.starts_at = later(now, hours=1)  # back to back: no longer a clash
        second.save()
    page = _page(client)
    assert "<bdi>Ana</bdi>, in both:" not in page and "No clashes: nothing to fix." in page
