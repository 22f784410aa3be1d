"""A person's place in the teams: which they are in, which they facilitate.

Nearly every page asks it (may this person see the poll, edit the meeting, report the
deliverable?), and it changes only when someone joins, leaves or takes a role: it is read once for
the person, kept in the cache under the teams' version (teams/apps.py bumps it on every membership
and role change, on commit) and on the person's object for the rest of the request. A page that
asks twice, or about two teams, pays one cache round trip instead of a query per question.
"""

from dataclasses import dataclass

from django.apps import apps

from common.fragments import versioned_value, versioned_value_found, versioned_value_key
from common.versions import version_and_get

from .enums import FacilitatorStatus

# How long a person's entry may sit unread (a new teams version makes it unreachable anyway).
PLACES_TIMEOUT = 3600
_ON_USER = "_team_places"


@dataclass(frozen=True)
class Places:
    member_of: frozenset[int]  # team ids
    leads: frozenset[int]  # team ids where the person is a confirmed chair or co-chair


NOWHERE = Places(member_of=frozenset(), leads=frozenset())


# What a person's places are read from: their memberships and roles.
PLACES_VERSIONS = ("teams",)


def places_key(user) -> str:
    return f"team-places:{user.pk}"


def places_of(user, *, batch=None) -> Places:
    """The teams `user` is in and leads (NOWHERE for a visitor who is not signed in). A page that
    reads its cached parts in one round trip (a `common.fragments.VersionedBatch` that holds
    `places_key(user)`) passes it, to read them with the rest."""
    if user is None or not user.is_authenticated:
        return NOWHERE
    places = user.__dict__.get(_ON_USER)
    if places is None:
        read = batch.value if batch is not None else versioned_value
        places = read(places_key(user), PLACES_VERSIONS, lambda: _read(user.pk), timeout=PLACES_TIMEOUT)
        user.__dict__[_ON_USER] = places
    return places


def version_and_places(user, *names: str) -> str:
    """`version_of(*names)`, "teams" among them, and in the same round trip `user`'s places if they
    are cached at that teams version (kept on the person for the request): for a page that needs
    both, one round trip instead of two."""
    if user is None or not user.is_authenticated or _ON_USER in user.__dict__:
        return version_and_get(*names)[0]
    key = places_key(user)
    version, found = version_and_get(*names, keys=(versioned_value_key(key),))
    places = versioned_value_found(key, version.split(".")[names.index("teams")], found)
    if places is not None:
        user.__dict__[_ON_USER] = places
    return version


def forget_places(user) -> None:
    """Drop what this request read of `user`'s places: for a service that has just changed them and
    asks again in the same request (the cached entry goes with the version, on commit)."""
    user.__dict__.pop(_ON_USER, None)


def _read(user_id: int) -> Places:
    # Through the app registry, not an import: the models declare their permissions with the rules
    # (teams/rules.py) that read this module.
    membership = apps.get_model("teams", "Membership")
    facilitator_role = apps.get_model("teams", "FacilitatorRole")
    return Places(
        member_of=frozenset(membership.objects.filter(user_id=user_id).values_list("team_id", flat=True)),
        leads=frozenset(
            facilitator_role.objects.filter(user_id=user_id, status=FacilitatorStatus.CONFIRMED).values_list(
                "team_id", flat=True
            )
        ),
    )
