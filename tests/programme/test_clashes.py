"""The clash check's computation (programme/clashes.py): pure, no database."""

import random
from datetime import UTC, datetime, timedelta

import pytest

from programme.clashes import ClashKind, at_night, edit_url, find_clashes
from programme.selectors.clashes import OutsideSpan, Person, PlacedSession, person_key

START = datetime(2027, 9, 14, 12, 0, tzinfo=UTC)


def session(pk, start, minutes=60, people=(), title=None):
    return PlacedSession(
        id=pk,
        title=title or f"Session {pk}",
        starts_at=start,
        ends_at=start + timedelta(minutes=minutes),
        people=tuple(people),
    )


def speaker(name, email="", zone=""):
    return Person(key=person_key(email=email, name=name), name=name, zone=zone)


def facilitator(name, user_id, email=""):
    key = person_key(email=email) if email else f"user:{user_id}"
    return Person(key=key, name=name, speaker=False)


def event(pk, start, minutes=60, summary="NRI annual meeting", all_day=False):
    return OutsideSpan(
        id=pk,
        summary=summary,
        calendar="NRI events",
        starts_at=start,
        ends_at=start + timedelta(minutes=minutes),
        all_day=all_day,
    )


def of_kind(clashes, kind):
    return [clash for clash in clashes if clash.kind == kind]


# --- The same person in two sessions at once --------------------------------------------------------


def test_a_speaker_in_two_overlapping_sessions_is_a_clash_named_without_their_address():
    ana = speaker("Ana Lima", "ana@example.org")
    clashes = find_clashes(
        [session(1, START, people=[ana]), session(2, START + timedelta(minutes=30), people=[ana])]
    )
    [clash] = clashes
    assert clash.kind == ClashKind.PERSON
    assert clash.session_ids == (1, 2)
    assert clash.names == ("Ana Lima",)
    assert clash.fix == "Move one of them."
    assert "@" not in repr(clash.names) + clash.fix


def test_back_to_back_sessions_do_not_clash():
    ana = speaker("Ana Lima", "ana@example.org")
    assert (
        find_clashes([session(1, START, people=[ana]), session(2, START + timedelta(hours=1), people=[ana])])
        == []
    )


def test_addresses_are_matched_whatever_their_case():
    clashes = find_clashes(
        [
            session(1, START, people=[speaker("Ana Lima", "Ana.Lima@Example.ORG")]),
            session(2, START, people=[speaker("A. Lima", "ana.lima@example.org")]),
        ]
    )
    assert [clash.kind for clash in clashes] == [ClashKind.PERSON]


def test_without_an_address_the_exact_name_matches_and_the_fix_says_to_check_with_the_speaker():
    clashes = find_clashes(
        [session(1, START, people=[speaker("Bo Chen")]), session(2, START, people=[speaker("Bo Chen")])]
    )
    [clash] = clashes
    assert clash.by_name_only
    assert clash.fix.startswith("Check with the speaker")
    # Another spelling, or two addresses for one name, are two people.
    assert (
        find_clashes(
            [session(1, START, people=[speaker("Bo Chen")]), session(2, START, people=[speaker("bo chen")])]
        )
        == []
    )
    assert (
        find_clashes(
            [
                session(1, START, people=[speaker("Bo Chen", "bo@example.org")]),
                session(2, START, people=[speaker("Bo Chen", "bo.chen@example.net")]),
            ]
        )
        == []
    )


def test_a_facilitator_of_both_convening_groups_is_in_both_sessions():
    kim = facilitator("Kim Facilitator", 7)
    clashes = find_clashes([session(1, START, people=[kim]), session(2, START, people=[kim])])
    assert [(clash.kind, clash.names) for clash in clashes] == [(ClashKind.PERSON, ("Kim Facilitator",))]


def test_a_facilitator_who_speaks_elsewhere_at_the_same_time_is_found_by_address():
    clashes = find_clashes(
        [
            session(1, START, people=[facilitator("Kim", 7, "kim@example.org")]),
            session(2, START, people=[speaker("Kim Lee", "KIM@example.org")]),
        ]
    )
    assert [clash.kind for clash in clashes] == [ClashKind.PERSON]


def test_one_clash_per_pair_of_sessions_naming_everyone_they_share():
    ana, bo = speaker("Ana", "ana@example.org"), speaker("Bo", "bo@example.org")
    # Ana chairs and speaks on the first panel: still one person.
    clashes = find_clashes([session(1, START, people=[ana, ana, bo]), session(2, START, people=[bo, ana])])
    [clash] = clashes
    assert clash.names == ("Ana", "Bo")


def test_three_sessions_at_once_with_one_person_are_three_clashes():
    ana = speaker("Ana", "ana@example.org")
    sessions = [session(pk, START + timedelta(minutes=10 * pk), people=[ana]) for pk in (1, 2, 3)]
    assert sorted(clash.session_ids for clash in find_clashes(sessions)) == [(1, 2), (1, 3), (2, 3)]


def test_a_long_session_clashes_with_each_short_one_it_covers_not_with_the_one_after():
    ana = speaker("Ana", "ana@example.org")
    sessions = [
        session(1, START, minutes=240, people=[ana]),
        session(2, START + timedelta(minutes=30), people=[ana]),
        session(3, START + timedelta(hours=2), people=[ana]),
        session(4, START + timedelta(hours=4), people=[ana]),
    ]
    assert sorted(clash.session_ids for clash in find_clashes(sessions)) == [(1, 2), (1, 3)]


def _brute_force_pairs(sessions):
    pairs = set()
    for i, first in enumerate(sessions):
        for second in sessions[i + 1 :]:
            shared = {p.key for p in first.people} & {p.key for p in second.people}
            if shared and first.starts_at < second.ends_at and second.starts_at < first.ends_at:
                pairs.add(frozenset((first.id, second.id)))
    return pairs


def _random_programme(seed, sessions=300, people=60):
    rng = random.Random(seed)
    pool = [speaker(f"Person {n}", f"p{n}@example.org", "Europe/London") for n in range(people)]
    return [
        session(
            pk,
            START + timedelta(minutes=15 * rng.randrange(0, 400)),
            minutes=rng.choice([15, 30, 60, 90, 120]),
            people=rng.sample(pool, rng.randrange(0, 5)),
        )
        for pk in range(1, sessions + 1)
    ]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_sweep_finds_exactly_the_pairs_that_checking_every_pair_finds(seed):
    sessions = _random_programme(seed)
    found = {frozenset(clash.session_ids) for clash in of_kind(find_clashes(sessions), ClashKind.PERSON)}
    assert found == _brute_force_pairs(sessions)
    assert found  # the programme is busy enough to have some


def test_a_programme_of_two_thousand_sessions_is_checked():
    # Its speed is measured by bench/clashes.py; here, that it finishes and agrees with every pair.
    sessions = _random_programme(4, sessions=2000, people=800)
    events = [event(n, START + timedelta(hours=7 * n), minutes=120) for n in range(20)]
    clashes = find_clashes(sessions, events)
    found = {frozenset(clash.session_ids) for clash in of_kind(clashes, ClashKind.PERSON)}
    assert found == _brute_force_pairs(sessions)
    assert len(of_kind(clashes, ClashKind.OUTSIDE)) == sum(
        1 for s in sessions for e in events if s.starts_at < e.ends_at and e.starts_at < s.ends_at
    )


# --- A session against an outside calendar's event --------------------------------------------------


def test_a_session_during_an_outside_event_clashes_with_it_and_names_it():
    clashes = find_clashes(
        [session(1, START, title="Youth summit")], [event(9, START + timedelta(minutes=30))]
    )
    [clash] = clashes
    assert clash.kind == ClashKind.OUTSIDE
    assert clash.event.id == 9
    assert "NRI annual meeting" in clash.fix and "NRI events" in clash.fix


def test_a_session_that_ends_when_an_event_starts_or_starts_when_it_ends_does_not_clash():
    sessions = [session(1, START), session(2, START + timedelta(hours=3))]
    assert find_clashes(sessions, [event(9, START + timedelta(hours=1), minutes=120)]) == []


def test_an_event_of_no_length_clashes_with_a_session_running_at_its_moment_only():
    sessions = [
        session(1, START),
        session(2, START + timedelta(hours=1)),
        session(3, START + timedelta(hours=5)),
    ]
    clashes = find_clashes(
        sessions,
        [event(8, START + timedelta(hours=1), minutes=0), event(9, START + timedelta(minutes=5), minutes=0)],
    )
    assert sorted((clash.session_ids, clash.event.id) for clash in clashes) == [((1,), 9), ((2,), 8)]


def test_an_all_day_event_clashes_with_every_session_of_its_days():
    day = datetime(2027, 9, 14, tzinfo=UTC)
    sessions = [
        session(1, day + timedelta(hours=1)),
        session(2, day + timedelta(hours=23)),
        session(3, day + timedelta(days=2)),
    ]
    clashes = find_clashes(sessions, [event(9, day, minutes=2 * 24 * 60, all_day=True)])
    assert sorted(clash.session_ids for clash in clashes) == [(1,), (2,)]


@pytest.mark.parametrize("seed", [5, 6])
def test_the_sweep_finds_every_session_and_event_that_overlap(seed):
    rng = random.Random(seed)
    sessions = _random_programme(seed, sessions=200)
    events = [
        event(
            n, START + timedelta(minutes=15 * rng.randrange(0, 400)), minutes=rng.choice([0, 30, 240, 1440])
        )
        for n in range(1, 40)
    ]

    def overlaps(s, e):
        if e.starts_at == e.ends_at:
            return s.starts_at <= e.starts_at < s.ends_at
        return s.starts_at < e.ends_at and e.starts_at < s.ends_at

    found = {
        (clash.session_ids[0], clash.event.id)
        for clash in of_kind(find_clashes(sessions, events), ClashKind.OUTSIDE)
    }
    assert found == {(s.id, e.id) for s in sessions for e in events if overlaps(s, e)}


# --- A session at night for most of its confirmed speakers ------------------------------------------


def test_a_session_at_night_for_more_than_half_of_its_speakers_is_a_clash_naming_them(now):
    # 05:00 UTC: night in New York and Buenos Aires, morning in Nairobi (08:00).
    panel = [
        speaker("Ana", "ana@example.org", "America/New_York"),
        speaker("Bo", "bo@example.org", "America/Argentina/Buenos_Aires"),
        speaker("Chi", "chi@example.org", "Africa/Nairobi"),
    ]
    [clash] = find_clashes([session(1, START.replace(hour=5), people=panel)])
    assert clash.kind == ClashKind.NIGHT
    assert [(s.name, s.place) for s in clash.at_night] == [("Ana", "New York"), ("Bo", "Buenos Aires")]
    assert clash.speakers_known == 3
    assert clash.fix == "Move it out of the night for Ana, Bo."


def test_a_session_at_night_for_exactly_half_of_its_speakers_is_not_a_clash(now):
    panel = [
        speaker("Ana", "ana@example.org", "America/New_York"),
        speaker("Bo", "bo@example.org", "America/Argentina/Buenos_Aires"),
        speaker("Chi", "chi@example.org", "Africa/Nairobi"),
        speaker("Dev", "dev@example.org", "Asia/Kolkata"),
    ]
    assert find_clashes([session(1, START.replace(hour=5), people=panel)]) == []


def test_speakers_without_a_known_zone_and_facilitators_are_not_counted(now):
    panel = [
        speaker("Ana", "ana@example.org", "America/New_York"),
        speaker("Bo", "bo@example.org", ""),
        speaker("Chi", "chi@example.org", "Not/AZone"),
        facilitator("Kim", 7),
        facilitator("Lee", 8),
    ]
    [clash] = find_clashes([session(1, START.replace(hour=5), people=panel)])
    assert clash.speakers_known == 1
    # Nobody's zone known: nothing to say.
    assert find_clashes([session(1, START.replace(hour=5), people=panel[1:])]) == []


def test_a_session_that_only_ends_in_the_night_is_at_night_and_one_that_ends_as_it_starts_is_not(now):
    london = "Europe/London"  # UTC+1 in September
    assert at_night(session(1, START.replace(hour=20), minutes=90), london)  # 21:00-22:30
    assert not at_night(session(1, START.replace(hour=20), minutes=60), london)  # 21:00-22:00
    assert not at_night(session(1, START.replace(hour=6), minutes=60), london)  # 07:00-08:00


@pytest.mark.parametrize(
    "start, zone, night",
    [
        # London goes onto summer time on Sunday 28 March 2027 at 01:00 UTC: 06:00 UTC is 06:00 the
        # day before (night) and 07:00 on the day (morning).
        (datetime(2027, 3, 27, 6, 0, tzinfo=UTC), "Europe/London", True),
        (datetime(2027, 3, 28, 6, 0, tzinfo=UTC), "Europe/London", False),
        # ...and 21:00 UTC is 21:00 before (evening) and 22:00 after (night).
        (datetime(2027, 3, 27, 21, 0, tzinfo=UTC), "Europe/London", False),
        (datetime(2027, 3, 28, 21, 0, tzinfo=UTC), "Europe/London", True),
        # New York leaves summer time on Sunday 7 November 2027 at 06:00 UTC: 02:00 UTC is 22:00 the
        # evening before (night) and 21:00 after (evening).
        (datetime(2027, 11, 6, 2, 0, tzinfo=UTC), "America/New_York", True),
        (datetime(2027, 11, 8, 2, 0, tzinfo=UTC), "America/New_York", False),
        # ...and 11:30 UTC is 07:30 before (morning), 06:30 after (night).
        (datetime(2027, 11, 6, 11, 30, tzinfo=UTC), "America/New_York", False),
        (datetime(2027, 11, 8, 11, 30, tzinfo=UTC), "America/New_York", True),
        # London leaves summer time on 31 October 2027: 06:30 UTC is 07:30 before, 06:30 after.
        (datetime(2027, 10, 30, 6, 30, tzinfo=UTC), "Europe/London", False),
        (datetime(2027, 10, 31, 6, 30, tzinfo=UTC), "Europe/London", True),
    ],
)
def test_night_follows_each_speakers_clock_across_its_changes(now, start, zone, night):
    panel = [speaker("Ana", "ana@example.org", zone)]
    clashes = find_clashes([session(1, start, minutes=30, people=panel)])
    assert bool(clashes) is night


def test_a_session_across_the_night_of_the_clock_change_is_at_night_in_both_zones(now):
    # 00:30-02:30 UTC on 28 March 2027: London's clock jumps from 01:00 to 02:00 during it.
    panel = [
        speaker("Ana", "ana@example.org", "Europe/London"),
        speaker("Bo", "bo@example.org", "America/New_York"),
    ]
    [clash] = find_clashes([session(1, datetime(2027, 3, 28, 0, 30, tzinfo=UTC), minutes=120, people=panel)])
    assert {s.name for s in clash.at_night} == {"Ana", "Bo"}


# --- Together ----------------------------------------------------------------------------------------


def test_clashes_come_by_kind_then_by_time():
    ana = speaker("Ana", "ana@example.org", "Asia/Tokyo")
    sessions = [
        session(1, START.replace(hour=16), people=[ana]),  # 01:00 in Tokyo
        session(2, START.replace(hour=16), people=[ana]),
        session(3, START.replace(hour=9)),
    ]
    clashes = find_clashes(sessions, [event(9, START.replace(hour=9))])
    assert [(clash.kind, clash.session_ids) for clash in clashes] == [
        (ClashKind.PERSON, (1, 2)),
        (ClashKind.OUTSIDE, (3,)),
        (ClashKind.NIGHT, (1,)),
        (ClashKind.NIGHT, (2,)),
    ]


def test_the_way_to_fix_it_links_to_the_sessions_page_on_the_build_page():
    assert edit_url(42).startswith("/programme/build/42/")


def test_an_event_without_a_title_is_named_so_never_by_its_uid():
    [clash] = find_clashes([session(1, START)], [event(9, START, summary="")])
    assert clash.fix.startswith("Move it off “(no title)” (NRI events)")


def test_each_clash_reads_as_one_sentence_with_names_only():
    ana = speaker("Ana Lima", "ana@example.org", "Asia/Tokyo")
    sessions = [
        session(1, START.replace(hour=16), people=[ana], title="Trust online"),
        session(2, START.replace(hour=16), people=[ana], title="Youth voices"),
    ]
    texts = [
        str(clash) for clash in find_clashes(sessions, [event(9, START.replace(hour=16), summary="ICANN 80")])
    ]
    assert texts == [
        "Ana Lima: in “Trust online” and “Youth voices” at once.",
        "“Trust online” is during “ICANN 80” (NRI events).",
        "“Youth voices” is during “ICANN 80” (NRI events).",
        "“Trust online” is at night for Ana Lima.",
        "“Youth voices” is at night for Ana Lima.",
    ]
