"""Pages of a log that only grows (the outbox, the audit log, announcements), newest first.

A numbered page needs a COUNT over the whole table on every load and an OFFSET that reads every
row before the page: both grow with the log. A keyed page instead starts right after (or before)
the row a link names, through the index on (created_at, id), and reads one page and one row more
(to know whether there is another page): the same cost on the first page and on the ten
thousandth, whatever the log's size. Links say "newer" and "older", not "page 7 of 200".

A cursor is "<microseconds since 1970>_<id>" of the row at the page's edge; a cursor that does
not parse (typed by hand, cut short, absurd) gives the newest page, never an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

from django.db.models import Q, QuerySet

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
_CURSOR = re.compile(r"(-?\d{1,20})_(\d{1,19})")
_MAX_ID = 2**63 - 1


def _cursor_of(row) -> str:
    return f"{(row.created_at - _EPOCH) // _MICROSECOND}_{row.pk}"


def _parse(cursor: str | None) -> tuple[datetime, int] | None:
    match = _CURSOR.fullmatch(cursor or "")
    if not match:
        return None
    try:
        moment = _EPOCH + int(match[1]) * _MICROSECOND
    except OverflowError:
        return None
    pk = int(match[2])
    return (moment, pk) if pk <= _MAX_ID else None


@dataclass
class KeysetPage:
    rows: list
    newer_url: str = ""  # empty on the newest page
    older_url: str = ""  # empty on the oldest page
    newest_url: str = ""  # back to the start, from any later page
    params: dict = field(default_factory=dict)

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)

    @property
    def has_other_pages(self) -> bool:
        return bool(self.newer_url or self.older_url)


def keyset_page(rows: QuerySet, query, *, per_page: int, keep: tuple[str, ...] = ()) -> KeysetPage:
    """One page of `rows` (newest first by created_at, then id) from the request's query
    (`?older=<cursor>` or `?newer=<cursor>`); links keep the parameters named in `keep` (filters)."""
    kept = {name: query[name] for name in keep if query.get(name)}

    def url(**cursor) -> str:
        return "?" + urlencode({**kept, **cursor})

    older, newer = _parse(query.get("older")), _parse(query.get("newer"))
    if newer and not older:
        moment, pk = newer
        found = list(
            rows.filter(Q(created_at__gt=moment) | Q(created_at=moment, pk__gt=pk)).order_by(
                "created_at", "pk"
            )[: per_page + 1]
        )
        more_newer = len(found) > per_page
        page_rows = found[:per_page][::-1]
        has_older = True  # the row the cursor named, at least
    else:
        if older:
            moment, pk = older
            rows = rows.filter(Q(created_at__lt=moment) | Q(created_at=moment, pk__lt=pk))
        found = list(rows.order_by("-created_at", "-pk")[: per_page + 1])
        page_rows = found[:per_page]
        more_newer = older is not None
        has_older = len(found) > per_page
    page = KeysetPage(rows=page_rows, params=kept)
    if more_newer:
        page.newest_url = url()
        page.newer_url = url(newer=_cursor_of(page_rows[0])) if page_rows else url()
    if has_older and page_rows:
        page.older_url = url(older=_cursor_of(page_rows[-1]))
    return page
