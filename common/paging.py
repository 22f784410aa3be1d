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


def _cursor_of(row, by: str = "created_at") -> str:
    return f"{(getattr(row, by) - _EPOCH) // _MICROSECOND}_{row.pk}"


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
    oldest_url: str = ""  # the same, for a list shown oldest first
    params: dict = field(default_factory=dict)

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)

    @property
    def has_other_pages(self) -> bool:
        return bool(self.newer_url or self.older_url)


def keyset_page(
    rows: QuerySet,
    query,
    *,
    per_page: int,
    keep: tuple[str, ...] = (),
    by: str = "created_at",
    oldest_first: bool = False,
) -> KeysetPage:
    """One page of `rows` (newest first by created_at, then id) from the request's query
    (`?older=<cursor>` or `?newer=<cursor>`); links keep the parameters named in `keep` (filters).
    `by` names another moment to order by (a non-null column or annotation); `oldest_first` turns
    the list round, for a queue: the first page holds the oldest rows, `newer_url` goes on."""
    kept = {name: query[name] for name in keep if query.get(name)}

    def url(**cursor) -> str:
        return "?" + urlencode({**kept, **cursor})

    def after(moment, pk):
        return Q(**{f"{by}__gt": moment}) | Q(**{by: moment, "pk__gt": pk})

    def before(moment, pk):
        return Q(**{f"{by}__lt": moment}) | Q(**{by: moment, "pk__lt": pk})

    ascending, descending = (by, "pk"), (f"-{by}", "-pk")
    # On: the way the list reads from its first page; back: towards the first page.
    if oldest_first:
        on_name, back_name, on_rows, back_rows = "newer", "older", (after, ascending), (before, descending)
    else:
        on_name, back_name, on_rows, back_rows = "older", "newer", (before, descending), (after, ascending)
    on, back = _parse(query.get(on_name)), _parse(query.get(back_name))
    if back and not on:
        found = list(rows.filter(back_rows[0](*back)).order_by(*back_rows[1])[: per_page + 1])
        more_back = len(found) > per_page
        page_rows = found[:per_page][::-1]
        more_on = True  # the row the cursor named, at least
    else:
        if on:
            rows = rows.filter(on_rows[0](*on))
        found = list(rows.order_by(*on_rows[1])[: per_page + 1])
        page_rows = found[:per_page]
        more_back = on is not None
        more_on = len(found) > per_page
    links = {}
    if more_back:
        links["oldest_url" if oldest_first else "newest_url"] = url()
        links[f"{back_name}_url"] = url(**{back_name: _cursor_of(page_rows[0], by)}) if page_rows else url()
    if more_on and page_rows:
        links[f"{on_name}_url"] = url(**{on_name: _cursor_of(page_rows[-1], by)})
    return KeysetPage(rows=page_rows, params=kept, **links)
