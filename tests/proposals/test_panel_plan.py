"""proposals/panel.py: the planner's arithmetic and its sentences, on unsaved panelists (no queries)."""

import pytest
from django.utils import translation

from proposals.models import Panelist
from proposals.panel import percent, plan, speakers_sentence

DC_SENTENCE = "7 speakers use 35 minutes if each speaks twice: 3 minutes to open and 2 to follow up."


def person(
    role="speaker",
    opening=3,
    followup=2,
    *,
    group="civil_society",
    region="african",
    gender="",
    presence="in_room",
    name="Someone",
):
    return Panelist(
        name=name,
        role=role,
        opening_minutes=opening,
        followup_minutes=followup,
        stakeholder_group=group,
        region=region,
        gender=gender,
        presence=presence,
    )


GROUPS = ["government", "private_sector", "civil_society", "technical", "igo"]
REGIONS = ["african", "asia_pacific", "eastern_european", "grulac", "weog"]


def balanced_speakers(count=7, **kwargs):
    return [
        person(group=GROUPS[i % 5], region=REGIONS[(i + 2) % 5], gender=("woman", "man")[i % 2], **kwargs)
        for i in range(count)
    ]


def dc_panel():
    """The DC call's main session: seven speakers at 3 + 2 minutes, a chair with 5, a moderator with 10."""
    return [
        *balanced_speakers(7),
        person("chair", 5, 0, group="igo", region="weog"),
        person("moderator", 6, 4, group="technical", region="grulac", presence="online"),
    ]


def test_the_dc_example_seven_speakers_use_35_minutes_of_a_90_minute_main_session():
    result = plan(length=90, floor_share=30, panelists=dc_panel())
    assert result.speaker_minutes == 35
    assert result.chair_minutes == 5 and result.moderator_minutes == 10
    assert result.panel_minutes == 50 and result.floor_minutes == 40
    assert result.floor_percent == 44  # 40 of 90 is 44.4 %: rounded down
    assert result.sentences[:4] == [
        DC_SENTENCE,
        "The chair has 5 minutes in all.",
        "The moderator has 10 minutes in all.",
        "That leaves 40 minutes for the floor: 44% of the 90 minutes of the session.",
    ]
    assert result.sentences[4:] == [
        "8 people will be in the room: 7 speakers, the chair.",
        "1 person will take part online: the moderator.",
    ]
    assert result.warnings == [] and result.notes == []
    assert [(line.label, line.minutes, line.share) for line in result.budget] == [
        ("7 speakers", 35, 38),
        ("Chair", 5, 5),
        ("Moderator", 10, 11),
        ("The floor", 40, 44),
    ]
    assert (result.in_room, result.online) == (8, 1)


def test_the_speakers_sentence_alone_says_the_dc_calls_words():
    assert speakers_sentence(balanced_speakers(7)) == DC_SENTENCE
    assert speakers_sentence(balanced_speakers(1)) == (
        "1 speaker uses 5 minutes if they speak twice: 3 minutes to open and 2 to follow up."
    )


def test_speakers_with_one_turn_or_none():
    assert speakers_sentence([person(opening=4, followup=0)] * 3) == (
        "3 speakers use 12 minutes if each speaks once, for 4 minutes."
    )
    assert speakers_sentence([person(opening=0, followup=1)] * 2) == (
        "2 speakers use 2 minutes if each speaks once, for 1 minute."
    )
    assert speakers_sentence([person(opening=0, followup=0)] * 2) == "2 speakers have no minutes yet."
    assert speakers_sentence([]) == "No speakers yet."


def test_speakers_with_different_turns_are_summed():
    speakers = [person(opening=3, followup=2), person(opening=5, followup=1), person(opening=1, followup=0)]
    assert speakers_sentence(speakers) == (
        "3 speakers use 12 minutes in all: 9 minutes to open and 3 minutes to follow up."
    )
    assert plan(length=60, floor_share=30, panelists=speakers).speaker_minutes == 12


def test_an_empty_panel_leaves_the_whole_session_to_the_floor():
    result = plan(length=90, floor_share=30, panelists=[])
    assert result.floor_minutes == 90 and result.floor_percent == 100
    assert result.sentences == ["No one is on the panel yet: the floor has the whole session, 90 minutes."]
    assert result.warnings == [] and result.notes == []
    assert (result.in_room, result.online, result.speakers) == (0, 0, 0)


def test_a_rapporteur_takes_none_of_the_sessions_time():
    result = plan(length=60, floor_share=30, panelists=[person("rapporteur", 10, 10, presence="online")])
    assert result.floor_minutes == 60
    assert "1 person will take part online: the rapporteur." in result.sentences
    assert "Nobody will be in the room: the whole panel takes part online." in result.sentences
    assert result.notes == ["The panel has no chair yet.", "The panel has no moderator yet."]


@pytest.mark.parametrize(
    "length, floor, warned",
    [
        (90, 27, False),  # exactly 30 %: no warning
        (90, 26, True),  # 28.9 %
        (100, 30, False),
        (100, 29, True),
        (61, 19, True),  # asked 32 %: 19 of 61 is 31.1 %, compared exactly, not rounded
    ],
)
def test_the_floor_share_warning_at_its_boundary(length, floor, warned):
    speaking = length - floor
    panel = [
        person(opening=speaking, followup=0, group=GROUPS[0]),
        person("chair", 0, 0),
        person("moderator", 0, 0),
    ]
    result = plan(length=length, floor_share=30 if length != 61 else 32, panelists=panel)
    assert result.floor_minutes == floor
    assert result.floor_too_short is warned
    floor_warnings = [w for w in result.warnings if w.startswith("The floor keeps")]
    assert bool(floor_warnings) is warned
    if warned:
        wanted = 30 if length != 61 else 32
        assert floor_warnings == [
            f"The floor keeps {percent(floor, length)}% of the session, less than the {wanted}% "
            "this kind of session should leave it."
        ]


def test_no_floor_share_asked_means_no_floor_warning():
    result = plan(length=30, floor_share=0, panelists=[person(opening=30, followup=0)])
    assert result.floor_minutes == 0
    assert "That leaves no time for the floor." in result.sentences
    assert not any("floor keeps" in w for w in result.warnings)


def test_a_panel_that_overruns_says_by_how_much():
    panel = [*balanced_speakers(9, opening=6, followup=4), person("chair", 5, 0), person("moderator", 5, 0)]
    result = plan(length=90, floor_share=30, panelists=panel)
    assert result.floor_minutes == -10 and result.overrun == 10 and result.floor_percent == 0
    assert result.warnings[0] == "The panel overruns the session by 10 minutes."
    assert not any("floor keeps" in w for w in result.warnings)  # said once, as the overrun
    assert not any("for the floor" in s for s in result.sentences)
    assert result.budget[-1].minutes == 0


def test_an_overrun_of_one_minute_is_singular():
    result = plan(length=15, floor_share=30, panelists=[person(opening=10, followup=6)])
    assert result.warnings[0] == "The panel overruns the session by 1 minute."


@pytest.mark.parametrize(
    "groups, expected",
    [
        (["government", "civil_society"], None),  # half each: not more than half
        (["government", "government"], "All 2 speakers are from one stakeholder group: Government."),
        (
            ["government", "government", "civil_society"],
            "2 of the 3 speakers are from one stakeholder group (Government): more than half.",
        ),
        (["government", "government", "civil_society", "technical"], None),  # exactly half
        (["government", "", ""], None),  # groups not given never count against
        (
            ["government", "government", ""],
            "2 of the 3 speakers are from one stakeholder group (Government): more than half.",
        ),
        (["government"], None),  # one speaker: no balance to keep
        (
            ["igo", "igo", "igo"],
            "All 3 speakers are from one stakeholder group: Intergovernmental organisation.",
        ),
    ],
)
def test_stakeholder_group_balance(groups, expected):
    speakers = [person(group=group, region=REGIONS[i]) for i, group in enumerate(groups)]
    warnings = plan(length=90, floor_share=0, panelists=speakers).warnings
    assert [w for w in warnings if "stakeholder group" in w] == ([expected] if expected else [])


@pytest.mark.parametrize(
    "regions, expected",
    [
        (["weog", "african", "grulac"], None),
        (
            ["weog", "weog", "grulac"],
            "2 of the 3 speakers are from one UN regional group (Western European and Others Group): "
            "more than half.",
        ),
        (["weog"] * 4, "All 4 speakers are from one UN regional group: Western European and Others Group."),
        (["weog", "weog", "", ""], None),
    ],
)
def test_regional_balance(regions, expected):
    speakers = [person(group=GROUPS[i], region=region) for i, region in enumerate(regions)]
    warnings = plan(length=90, floor_share=0, panelists=speakers).warnings
    assert [w for w in warnings if "regional group" in w] == ([expected] if expected else [])


@pytest.mark.parametrize(
    "genders, expected",
    [
        (["man", "man", "man"], "All 3 speakers are men."),
        (["woman", "woman", "woman", "woman"], "All 4 speakers are women."),
        (["non_binary"] * 3, "All 3 speakers are non-binary."),
        (["man", "man"], None),  # fewer than three
        (["man", "man", ""], None),  # a gender not given never counts against
        (["man", "man", "woman"], None),
        (["other", "other", "other"], None),  # "another gender" is no one gender
        (["", "", ""], None),
    ],
)
def test_gender_balance(genders, expected):
    speakers = [person(group=GROUPS[i], region=REGIONS[i], gender=gender) for i, gender in enumerate(genders)]
    warnings = plan(length=90, floor_share=0, panelists=speakers).warnings
    assert warnings == ([expected] if expected else [])


def test_chairs_and_moderators_are_not_weighed_for_balance():
    panel = [
        *balanced_speakers(3),
        person("chair", group="government", region="weog", gender="man"),
        person("moderator", group="government", region="weog", gender="man"),
    ]
    assert plan(length=90, floor_share=30, panelists=panel).warnings == []


def test_two_chairs_are_counted_together():
    panel = [person("chair", 3, 2), person("chair", 4, 0), person("moderator", 1, 1)]
    result = plan(length=30, floor_share=30, panelists=panel)
    assert result.chair_minutes == 9
    assert "The 2 chairs have 9 minutes in all." in result.sentences
    assert "3 people will be in the room: 2 chairs, the moderator." in result.sentences


def test_the_sentences_are_translated_with_plural_forms():
    with translation.override("fr"):
        result = plan(length=90, floor_share=30, panelists=dc_panel())
    # Whatever the catalogue holds yet, the sentence is built whole in the active language.
    assert result.speaker_minutes == 35 and len(result.sentences) == 6


def test_large_numbers_are_formatted_by_django(settings):
    settings.USE_THOUSAND_SEPARATOR = True
    result = plan(length=480, floor_share=0, panelists=[person(opening=60, followup=60)] * 30)
    assert result.speaker_minutes == 3600
    assert result.sentences[0] == (
        "30 speakers use 3,600 minutes if each speaks twice: 60 minutes to open and 60 to follow up."
    )
    assert result.warnings[0] == "The panel overruns the session by 3,120 minutes."
