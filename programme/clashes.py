"""Clashes in a year's programme: the same person in two sessions at once, a session against an
outside calendar's event, a session at night for most of its confirmed speakers.

`clashes_by_session(cycle)` is what the build page shows beside each session (filled in by the
clash checker)."""

from __future__ import annotations


def clashes_by_session(cycle) -> dict[int, list]:
    """Each placed session's id → its clashes (an empty dict while none are computed)."""
    return {}
