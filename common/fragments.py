"""Rendered parts of a page kept in the cache, fetched in ONE cache round trip per page.

The {% cache %} tag costs a round trip per block, and a block keyed by `version_of(...)` one more
for the version: under load each trip is milliseconds, as much as the rest of a cached page. Here:

- `versioned_fragment`: the versions and the fragment in one `get_many`. The fragment is stored
  under a key without the version, beside the version it was built at; a fragment built at another
  version is rebuilt. A bump during a rebuild leaves the old version stored with it: the next
  reader rebuilds, nobody reads stale.
- `fragments`: fragments keyed by what they show (a fingerprint of the rows read), all fetched at
  once, the missing ones rendered and stored at once.
- `VersionedBatch`: several `versioned_value`s of one page (the object, the reader's places, each
  part) read in one `get_many` with their versions, each then taken as the page needs it.

Keys must name everything the fragment varies by besides the versions (language, zone, page...).
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.cache import cache
from django.middleware.csrf import get_token
from django.template import Context
from django.template.loader import get_template
from django.template.loader_tags import BlockNode
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from . import versions

_PREFIX = "igfmag:fragment:"
# What a cached fragment holds where a form's CSRF token goes (render it with
# {"csrf_token": CSRF_PLACEHOLDER}): `with_csrf_token` puts the request's own in, every request.
CSRF_PLACEHOLDER = "csrf-token-of-the-request"
_TOKEN = "_fragments_csrf_token"


def request_csrf_token(request) -> str:
    """The request's CSRF token, one for all its forms, fragments and templates alike: each
    `get_token` masks the secret anew (any masked token is valid, and a response's forms sharing
    one still differ from every other response's), which costs some 300 Python calls of random
    characters each time. Made anew if the secret changed meanwhile (a sign-in rotates it)."""
    secret = request.META.get("CSRF_COOKIE")
    made = request.__dict__.get(_TOKEN)
    if made is None or made[0] != secret:
        token = get_token(request)
        request.__dict__[_TOKEN] = made = (request.META.get("CSRF_COOKIE"), token)
    return made[1]


def with_csrf_token(html: str, request) -> SafeString:
    """A cached fragment with the request's CSRF token where its forms hold the placeholder."""
    if CSRF_PLACEHOLDER not in html:
        return mark_safe(html)  # noqa: S308 - rendered from escaped templates
    return mark_safe(html.replace(CSRF_PLACEHOLDER, request_csrf_token(request)))  # noqa: S308 - rendered from escaped templates


def versioned_value(
    key: str, names: tuple[str, ...], compute: Callable, *, timeout: int, max_age=None, keep=None
):
    """The value stored under `key` if it was computed at the current version of `names` (and, with
    `max_age`, less than that long ago: for what also changes without a version, such as counts
    that workers move), else `compute()`, stored (unless `keep(value)` says not to: a value made
    from junk that anyone can vary, which would only fill the cache). One cache round trip when it
    is fresh."""
    current, found = versions.version_and_get(*names, keys=(_PREFIX + key,))
    now = timezone.now()
    stored = found.get(_PREFIX + key)
    if _fresh(stored, current) and (max_age is None or now - stored[1] < max_age):
        return stored[2]
    value = compute()
    if keep is None or keep(value):
        cache.set(_PREFIX + key, (current, now, value), timeout)
    return value


def versioned_value_until(
    key: str, names: tuple[str, ...], compute: Callable, *, timeout: int, keep=None
) -> dict:
    """`versioned_value` for a dict that also says, as `until`, the moment it goes stale without a
    version changing (a draft shown falling late), or None: built anew from that moment on."""
    current, found = versions.version_and_get(*names, keys=(_PREFIX + key,))
    now = timezone.now()
    stored = found.get(_PREFIX + key)
    if _fresh(stored, current) and (stored[2]["until"] is None or now < stored[2]["until"]):
        return stored[2]
    value = compute()
    if keep is None or keep(value):
        cache.set(_PREFIX + key, (current, now, value), timeout)
    return value


def _fresh(stored, current: str) -> bool:
    return isinstance(stored, tuple) and len(stored) == 3 and stored[0] == current


def versioned_values(
    names: tuple[str, ...], builds: dict[str, Callable], *, timeout: int
) -> tuple[str, dict]:
    """`version_of(*names)` and, in the same round trip, `{key: value}` of the values stored under
    `builds`' keys at that version; those missing or built at another version are `build()`, and
    stored in one more round trip. For a page that needs its version and a few values built from
    it: one round trip instead of two when nothing changed."""
    current, found = versions.version_and_get(*names, keys=tuple(_PREFIX + key for key in builds))
    now, values, made = timezone.now(), {}, {}
    for key, build in builds.items():
        stored = found.get(_PREFIX + key)
        if _fresh(stored, current):
            values[key] = stored[2]
        else:
            values[key] = build()
            made[_PREFIX + key] = (current, now, values[key])
    if made:
        cache.set_many(made, timeout)
    return current, values


def versioned_value_key(key: str) -> str:
    """The cache key under which `versioned_value(key, ...)` stores: for a page that fetches it in a
    round trip of its own (`version_and_get(..., keys=...)`), then `versioned_value_found`."""
    return _PREFIX + key


def versioned_value_found(key: str, current: str, found: dict):
    """What `versioned_value(key, names, ...)` would return from the cache, taken from `found` (a
    `version_and_get` that read `versioned_value_key(key)`), `current` being `version_of(*names)`;
    None if it is missing or was built at another version (no `max_age`)."""
    stored = found.get(_PREFIX + key)
    return stored[2] if _fresh(stored, current) else None


def versioned_fragment(
    key: str, names: tuple[str, ...], render: Callable[[], str], *, timeout: int
) -> SafeString:
    """The fragment `key` as built at the current version of `names`, rendered by `render()` if not."""
    return mark_safe(versioned_value(key, names, lambda: str(render()), timeout=timeout))


class VersionedBatch:
    """`versioned_value` for several keys at once: the versions of `names` (every name any of the
    keys is built from) and the entries under `keys` in ONE cache round trip, each then taken with
    `value()` (same entries as `versioned_value` reads and writes). An entry that varies by what is
    only known once something else is read (whether the meeting has started) passes it as `state`:
    it is stored beside the versions, and an entry made in another state is rebuilt."""

    def __init__(self, names: tuple[str, ...], keys):
        joined, self._found = versions.version_and_get(*names, keys=tuple(_PREFIX + key for key in keys))
        self._versions = dict(zip(names, joined.split("."), strict=True))

    def value(self, key: str, names: tuple[str, ...], compute: Callable, *, timeout: int, state: str = ""):
        """The value stored under `key` (one of the batch's) if it was computed at the current version
        of `names` (some of the batch's) and in `state`, else `compute()`, stored."""
        current = ".".join(self._versions[name] for name in names) + (f"#{state}" if state else "")
        stored = self._found.get(_PREFIX + key)
        if isinstance(stored, tuple) and len(stored) == 3 and stored[0] == current:
            return stored[2]
        value = compute()
        cache.set(_PREFIX + key, (current, timezone.now(), value), timeout)
        return value


def cached_many(builds: dict[str, Callable], *, timeout: int, local: bool = False) -> dict[str, object]:
    """`{key: build}` → `{key: value}`: the values cached under the keys in one round trip, the
    missing ones built by `build()` and stored in one. Keys must name all a value varies by.
    `local`: the keys name the versions of all the values are built from (a value under such a key
    never changes), so this process's copies are read first (common.versions.versioned_get_or_set):
    no round trip at all when it has them all."""
    found = versions.local_get_many(list(builds)) if local else {}
    missing = [key for key in builds if key not in found]
    if missing:
        shared = cache.get_many(missing)
        found.update(shared)
        made = {key: build() for key, build in builds.items() if key not in found}
        if made:
            cache.set_many(made, timeout)
            found.update(made)
        if local:
            versions.local_set_many({**shared, **made}, timeout)
    return {key: found[key] for key in builds}


def fragments(
    parts: dict[str, tuple[str, Callable[[], str]]], *, prefix: str, timeout: int
) -> dict[str, SafeString]:
    """Each part's fragment (`{name: (key, render)}`), through `cached_many`."""
    keys = {name: f"{_PREFIX}{prefix}:{name}:{key}" for name, (key, _render) in parts.items()}
    html = cached_many(
        {keys[name]: (lambda render=render: str(render())) for name, (_key, render) in parts.items()},
        timeout=timeout,
    )
    return {name: mark_safe(html[keys[name]]) for name in parts}


# The blocks of base.html a page fills: what `render_blocks` renders, `_cached_blocks.html` puts back.
PAGE_BLOCKS = ("head_title", "extra_head", "content", "extra_body")


def render_blocks(template_name: str, context: dict) -> dict[str, str]:
    """The blocks a page template (one that extends base.html) fills, each rendered alone without
    the request, the site's frame or context processors (a form's CSRF token is the context's
    `csrf_token`: CSRF_PLACEHOLDER for a cached page): to cache a page's own part as its template
    stands, and show it with `render(request, "_cached_blocks.html", blocks)`, the same HTML."""
    template = get_template(template_name).template
    found = {node.name: node for node in template.nodelist.get_nodes_by_type(BlockNode)}
    rendered = {}
    for name in PAGE_BLOCKS:
        if name not in found:
            rendered[name] = ""
            continue
        bound = Context(context, autoescape=template.engine.autoescape)
        with bound.render_context.push_state(template), bound.bind_template(template):
            bound.template_name = template.name
            rendered[name] = str(found[name].render(bound))
    return rendered
