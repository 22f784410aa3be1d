"""The panel planner's arithmetic, in words: pure functions of a session's length, the floor's share
its kind asks for, and its panelists (anything with the attributes of proposals.models.Panelist).
No queries; every sentence is translated whole, in the active language, with plural forms.

The DC call put it so: "seven on a panel uses 35 minutes if you assume they talk twice and are
restricted to three minutes and two minutes followup". A speaker's minutes are their opening and
their follow-up; the chair's and the moderator's are their time in all (the two fields added); a
rapporteur reports afterwards and takes none of the session's time. What is left is the floor's.

Balance is weighed among the speakers only, and a value not given (a stakeholder group, a region,
a gender) never counts against the panel:
- a stakeholder group or a UN regional group holding more than half of two or more speakers is a
  warning (fewer than two groups among three or more speakers, all given, is the case where one
  holds them all, said as such);
- three or more speakers all of one given gender is a warning (a speaker whose gender is not given
  may be of another; "another gender" is not one gender).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.enums import Gender, StakeholderGroup, UNRegion
from common.lists import joined

from .enums import PanelRole, Presence

# Balance rules start at these panel sizes (speakers): one speaker has no balance to keep.
MAJORITY_FROM = 2
ONE_GENDER_FROM = 3


def number(value: int) -> str:
    return number_format(value, force_grouping=True)


def minutes_text(value: int) -> str:
    """'1 minute', '35 minutes' in the active language."""
    return ngettext("%(count)s minute", "%(count)s minutes", value) % {"count": number(value)}


def percent(part: int, whole: int) -> int:
    """`part` of `whole` in whole percent, rounded down: a floor of 29.9 % is said to be 29 %, never
    30 %, so the figure and the warning agree."""
    return part * 100 // whole if whole > 0 else 0


@dataclass(frozen=True)
class BudgetLine:
    """A row of the time budget: what, how many minutes, and the share of the session."""

    label: str
    minutes: int
    share: int

    @property
    def minutes_text(self) -> str:
        return minutes_text(self.minutes)


@dataclass(frozen=True)
class PanelPlan:
    length: int
    floor_share_wanted: int
    speakers: int
    speaker_minutes: int
    chair_minutes: int
    moderator_minutes: int
    in_room: int
    online: int
    sentences: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    budget: list[BudgetLine] = field(default_factory=list)

    @property
    def panel_minutes(self) -> int:
        return self.speaker_minutes + self.chair_minutes + self.moderator_minutes

    @property
    def floor_minutes(self) -> int:
        """The session's minutes the panel leaves; negative when it overruns."""
        return self.length - self.panel_minutes

    @property
    def overrun(self) -> int:
        return max(0, -self.floor_minutes)

    @property
    def floor_percent(self) -> int:
        return percent(max(0, self.floor_minutes), self.length)

    @property
    def floor_too_short(self) -> bool:
        # Compared exactly (not the rounded percent): 27 minutes of 90 is 30 %, 26 is not.
        return max(0, self.floor_minutes) * 100 < self.floor_share_wanted * self.length


def _turns(person) -> int:
    return person.opening_minutes + person.followup_minutes


def speakers_sentence(speakers: Sequence) -> str:
    """What the speakers use, the DC call's way when they all have the same turns."""
    count = len(speakers)
    if count == 0:
        return _("No speakers yet.")
    total = sum(_turns(person) for person in speakers)
    turns = {(person.opening_minutes, person.followup_minutes) for person in speakers}
    values = {"count": number(count), "total": minutes_text(total)}
    if len(turns) > 1:
        opening = sum(person.opening_minutes for person in speakers)
        followup = sum(person.followup_minutes for person in speakers)
        return ngettext(
            "%(count)s speaker uses %(total)s in all: %(opening)s to open and %(followup)s to follow up.",
            "%(count)s speakers use %(total)s in all: %(opening)s to open and %(followup)s to follow up.",
            count,
        ) % {**values, "opening": minutes_text(opening), "followup": minutes_text(followup)}
    ((opening, followup),) = turns
    if opening and followup:
        return ngettext(
            "%(count)s speaker uses %(total)s if they speak twice: "
            "%(opening)s to open and %(followup)s to follow up.",
            "%(count)s speakers use %(total)s if each speaks twice: "
            "%(opening)s to open and %(followup)s to follow up.",
            count,
        ) % {**values, "opening": minutes_text(opening), "followup": number(followup)}
    if opening or followup:
        return ngettext(
            "%(count)s speaker uses %(total)s if they speak once, for %(turn)s.",
            "%(count)s speakers use %(total)s if each speaks once, for %(turn)s.",
            count,
        ) % {**values, "turn": minutes_text(opening or followup)}
    return (
        ngettext("%(count)s speaker has no minutes yet.", "%(count)s speakers have no minutes yet.", count)
        % values
    )


def _lead_sentence(role: str, people: Sequence) -> str:
    minutes = minutes_text(sum(_turns(person) for person in people))
    count = len(people)
    if role == PanelRole.CHAIR:
        text = ngettext(
            "The chair has %(minutes)s in all.", "The %(count)s chairs have %(minutes)s in all.", count
        )
    else:
        text = ngettext(
            "The moderator has %(minutes)s in all.",
            "The %(count)s moderators have %(minutes)s in all.",
            count,
        )
    return text % {"minutes": minutes, "count": number(count)}


def _role_counts(people: Sequence) -> str:
    """'4 speakers, the chair, the moderator': who they are, by role, in the panel's order of roles."""
    by_role = Counter(person.role for person in people)
    parts = []
    for role in PanelRole.values:
        count = by_role.get(role, 0)
        if not count:
            continue
        if role == PanelRole.SPEAKER:
            parts.append(
                ngettext("%(count)s speaker", "%(count)s speakers", count) % {"count": number(count)}
            )
        elif role == PanelRole.CHAIR:
            parts.append(ngettext("the chair", "%(count)s chairs", count) % {"count": number(count)})
        elif role == PanelRole.MODERATOR:
            parts.append(ngettext("the moderator", "%(count)s moderators", count) % {"count": number(count)})
        else:
            parts.append(
                ngettext("the rapporteur", "%(count)s rapporteurs", count) % {"count": number(count)}
            )
    return joined(parts)


def presence_sentences(panelists: Sequence) -> list[str]:
    in_room = [person for person in panelists if person.presence != Presence.ONLINE]
    online = [person for person in panelists if person.presence == Presence.ONLINE]
    if not panelists:
        return []
    sentences = []
    if in_room:
        sentences.append(
            ngettext(
                "%(count)s person will be in the room: %(roles)s.",
                "%(count)s people will be in the room: %(roles)s.",
                len(in_room),
            )
            % {"count": number(len(in_room)), "roles": _role_counts(in_room)}
        )
    else:
        sentences.append(_("Nobody will be in the room: the whole panel takes part online."))
    if online:
        sentences.append(
            ngettext(
                "%(count)s person will take part online: %(roles)s.",
                "%(count)s people will take part online: %(roles)s.",
                len(online),
            )
            % {"count": number(len(online)), "roles": _role_counts(online)}
        )
    else:
        sentences.append(_("Nobody takes part online."))
    return sentences


def _majority_warning(speakers: Sequence, attribute: str, labels: dict, *, group: bool) -> str | None:
    """One value of `attribute` held by more than half of the speakers (values not given don't count)."""
    count = len(speakers)
    given = Counter(getattr(person, attribute) for person in speakers if getattr(person, attribute))
    if count < MAJORITY_FROM or not given:
        return None
    value, held = given.most_common(1)[0]
    if held * 2 <= count:
        return None
    values = {"count": number(count), "held": number(held), "name": labels.get(value, value)}
    if held == count:
        if group:
            text = ngettext(
                "The speaker is from one stakeholder group only: %(name)s.",
                "All %(count)s speakers are from one stakeholder group: %(name)s.",
                count,
            )
        else:
            text = ngettext(
                "The speaker is from one UN regional group only: %(name)s.",
                "All %(count)s speakers are from one UN regional group: %(name)s.",
                count,
            )
    elif group:
        text = ngettext(
            "%(held)s of the %(count)s speaker is from one stakeholder group (%(name)s): more than half.",
            "%(held)s of the %(count)s speakers are from one stakeholder group (%(name)s): more than half.",
            count,
        )
    else:
        text = ngettext(
            "%(held)s of the %(count)s speaker is from one UN regional group (%(name)s): more than half.",
            "%(held)s of the %(count)s speakers are from one UN regional group (%(name)s): more than half.",
            count,
        )
    return text % values


def _gender_warning(speakers: Sequence) -> str | None:
    count = len(speakers)
    genders = {person.gender for person in speakers}
    if count < ONE_GENDER_FROM or len(genders) != 1:
        return None
    (gender,) = genders
    values = {"count": number(count)}
    if gender == Gender.WOMAN:
        return ngettext("The speaker is a woman.", "All %(count)s speakers are women.", count) % values
    if gender == Gender.MAN:
        return ngettext("The speaker is a man.", "All %(count)s speakers are men.", count) % values
    if gender == Gender.NON_BINARY:
        return (
            ngettext("The speaker is non-binary.", "All %(count)s speakers are non-binary.", count) % values
        )
    return None  # not given, or "another gender", which is no one gender


def balance_warnings(speakers: Sequence) -> list[str]:
    found = [
        _majority_warning(speakers, "stakeholder_group", dict(StakeholderGroup.choices), group=True),
        _majority_warning(speakers, "region", dict(UNRegion.choices), group=False),
        _gender_warning(speakers),
    ]
    return [warning for warning in found if warning]


def plan(*, length: int, floor_share: int, panelists: Iterable) -> PanelPlan:
    """The plan of a panel in a session of `length` minutes whose kind asks the floor to keep
    `floor_share` percent of it."""
    panelists = list(panelists)
    by_role = {role: [p for p in panelists if p.role == role] for role in PanelRole.values}
    speakers, chairs, moderators = (
        by_role[PanelRole.SPEAKER],
        by_role[PanelRole.CHAIR],
        by_role[PanelRole.MODERATOR],
    )
    online = sum(1 for person in panelists if person.presence == Presence.ONLINE)
    result = PanelPlan(
        length=length,
        floor_share_wanted=floor_share,
        speakers=len(speakers),
        speaker_minutes=sum(_turns(person) for person in speakers),
        chair_minutes=sum(_turns(person) for person in chairs),
        moderator_minutes=sum(_turns(person) for person in moderators),
        in_room=len(panelists) - online,
        online=online,
    )
    sentences, warnings, notes = result.sentences, result.warnings, result.notes

    if not panelists:
        sentences.append(
            _("No one is on the panel yet: the floor has the whole session, %(length)s.")
            % {"length": minutes_text(length)}
        )
    else:
        sentences.append(speakers_sentence(speakers))
        for role, people in ((PanelRole.CHAIR, chairs), (PanelRole.MODERATOR, moderators)):
            if people:
                sentences.append(_lead_sentence(role, people))
        floor = result.floor_minutes
        if floor > 0:
            sentences.append(
                _("That leaves %(floor)s for the floor: %(share)s%% of the %(length)s of the session.")
                % {
                    "floor": minutes_text(floor),
                    "share": number(result.floor_percent),
                    "length": minutes_text(length),
                }
            )
        elif floor == 0:
            sentences.append(_("That leaves no time for the floor."))
        sentences.extend(presence_sentences(panelists))

    if result.overrun:
        warnings.append(
            _("The panel overruns the session by %(minutes)s.") % {"minutes": minutes_text(result.overrun)}
        )
    elif result.floor_too_short:
        warnings.append(
            _(
                "The floor keeps %(share)s%% of the session, less than the %(wanted)s%% "
                "this kind of session should leave it."
            )
            % {"share": number(result.floor_percent), "wanted": number(floor_share)}
        )
    warnings.extend(balance_warnings(speakers))
    if panelists and not chairs:
        notes.append(_("The panel has no chair yet."))
    if panelists and not moderators:
        notes.append(_("The panel has no moderator yet."))

    result.budget.extend(
        [
            BudgetLine(
                ngettext("%(count)s speaker", "%(count)s speakers", len(speakers))
                % {"count": number(len(speakers))},
                result.speaker_minutes,
                percent(result.speaker_minutes, length),
            ),
            BudgetLine(_("Chair"), result.chair_minutes, percent(result.chair_minutes, length)),
            BudgetLine(_("Moderator"), result.moderator_minutes, percent(result.moderator_minutes, length)),
            BudgetLine(_("The floor"), max(0, result.floor_minutes), result.floor_percent),
        ]
    )
    return result


def plan_for(proposal, panelists: Iterable) -> PanelPlan:
    """The plan of `proposal`'s panel (its kind read with it: proposals.selectors.proposal_get)."""
    return plan(length=proposal.minutes, floor_share=proposal.kind.floor_share, panelists=panelists)
