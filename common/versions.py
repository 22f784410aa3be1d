"""Versions of what many people read and few change, for cached fragments and conditional GET.

Each app declares, in its AppConfig.ready(), which models make up a versioned thing
(`versioned_by("milestones", Milestone, Deliverable)`): every save or delete of one of them, from
a service, the admin or a test factory, bumps the version. A service that writes in bulk
(`QuerySet.update()`, `bulk_create()`: no signals) calls `version_bump("milestones")` itself inside
its transaction. The new version is written when the transaction commits, so a reader never caches a
page built from data that was then rolled back. Readers key their cached fragments and their ETags
by `version_of("milestones", ...)`: a change makes every old key unreachable at once, and the old
entries simply expire. If the cache loses a version (eviction, a restart), a fresh one is made:
the cost is one rebuild, never a stale page.

Names are short and fixed (one per concept): "milestones", "teams", "polls", "meetings",
"announcements". Keep the list here so that a newcomer sees what is versioned. "people" is how
people are named and placed (a name, an address, a time zone, call hours, an organisation, groups, a
role claim; not a sign-in): fragments that show people (rosters, the audit log, a meeting's attendees,
the secretariat's queues) key by it, so a rename shows at once. "permissions" is the permission
rows granted to people and groups (Django's ModelBackend). "outbox" is the secretariat's own
changes to it (a retry): the workers' changes are not versioned, the outbox's pages bound their
age instead. "registry" is the intersessional registry's entries and checks. "audit" is the audit
log's events (written only by accounts.services.audit_record, in the transaction of the change).
"""

import uuid

from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from .release import release

KNOWN = frozenset(
    {
        "milestones",
        "teams",
        "polls",
        "meetings",
        "announcements",
        "people",
        "permissions",
        "outbox",
        "registry",
        "audit",
        "proposals",
        "review",
        "programme",
        "programme_selections",
    }
)
_PREFIX = "igfmag:version:"


def _key(name: str) -> str:
    if name not in KNOWN:
        raise ValueError(f"unknown version name {name!r}: add it to common.versions.KNOWN")
    # Under the running build's name: a deploy starts from new versions (common/release.py).
    return f"{_PREFIX}{release()}:{name}"


def version_of(*names: str) -> str:
    """One string that changes whenever any of the named things changes (one cache round trip)."""
    return version_and_get(*names)[0]


def version_and_get(*names: str, keys: tuple[str, ...] = ()) -> tuple[str, dict]:
    """`version_of(*names)` and `cache.get_many(keys)` in the same round trip to the cache: for
    entries that keep the version they were made under beside their value, under a fixed key."""
    version_keys = [_key(name) for name in names]
    found = cache.get_many([*version_keys, *keys])
    for key in version_keys:
        if key not in found:
            # add() keeps a version another process made in the meantime.
            cache.add(key, uuid.uuid4().hex[:12], timeout=None)
            found[key] = cache.get(key)
    version = ".".join(str(found[key]) for key in version_keys)
    return version, {key: found[key] for key in keys if key in found}


def versions_of(*groups: tuple[str, ...]) -> list[str]:
    """`version_of(*group)` of each group, all in one round trip."""
    flat = version_of(*(name for group in groups for name in group)).split(".")
    versions, start = [], 0
    for group in groups:
        versions.append(".".join(flat[start : start + len(group)]))
        start += len(group)
    return versions


def version_bump(*names: str) -> None:
    """Give the named things a new version once the current transaction commits."""
    keys = [_key(name) for name in names]

    def write():
        cache.set_many({key: uuid.uuid4().hex[:12] for key in keys}, timeout=None)

    transaction.on_commit(write)


def versioned_by(name: str, *models, fields: tuple[str, ...] = ()) -> None:
    """Every save or delete of one of `models` gives `name` a new version (on commit). With
    `fields`, a save that names only other fields (`save(update_fields=["last_login"])`, at every
    sign-in) leaves the version alone."""
    _key(name)
    watched = frozenset(fields)

    def bump(sender, update_fields=None, **kwargs):
        if watched and update_fields is not None and watched.isdisjoint(update_fields):
            return
        version_bump(name)

    for model in models:
        for signal in (post_save, post_delete):
            signal.connect(bump, sender=model, weak=False, dispatch_uid=f"version:{name}:{model._meta.label}")


# This process's copy of what was cached under a versioned key: such a key names the versions of
# everything its value was built from, so the value under it never changes, and a copy kept here is
# as good as the shared cache's, without its round trip. Bounded (LocMemCache culls past
# MAX_ENTRIES) and copied on every read (it pickles), so a caller may change what it gets.
_local = LocMemCache("igfmag-versioned", {"TIMEOUT": 86400, "OPTIONS": {"MAX_ENTRIES": 500}})


def versioned_get_or_set(key: str, build, timeout: int):
    """The value cached under `key`, which must contain a `version_of(...)` of everything `build()`
    reads (else a change would not show): from this process's memory, else from the shared cache,
    else built and stored in both."""
    value = _local.get(key)
    if value is None:
        value = cache.get(key)
        if value is None:
            value = build()
            cache.set(key, value, timeout)
        _local.set(key, value, timeout)
    return value


def local_get_many(keys: list[str]) -> dict:
    """This process's copies of the values under `keys`, which must be versioned keys as above."""
    return _local.get_many(keys)


def local_set_many(values: dict, timeout: int) -> None:
    _local.set_many(values, timeout)
