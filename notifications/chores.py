"""Background chores that survive their bad items, and the record the secretariat reads.

Every chore that loops over items (milestones, polls, meetings, people, recipients) runs inside
`chore_run(chore)` and hands each item to `run.each`: the item's work runs in its own transaction
(a savepoint inside an outer one), and an item that raises is rolled back, logged, recorded as a
`ChoreError` and skipped, so that one bad milestone never stops the reminders of the others. The
run itself is recorded in `ChoreRun` (last finished, last clean, last crashed), which the outbox
page's health panel shows.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import ChoreError, ChoreRun

logger = logging.getLogger(__name__)

# Errors older than this are forgotten: the panel is about the machinery's present health.
ERROR_RETENTION = timedelta(days=30)


def chore_error_record(*, chore: str, item: str, error: BaseException | str) -> None:
    """Record one failure where the secretariat sees it; a failure that recurs (same chore, item
    and message) counts up on its row. Best effort: when the database itself is the problem, the
    log is all we have, and recording must not hide the original error."""
    message = (error if isinstance(error, str) else f"{type(error).__name__}: {error}")[:2000]
    item = str(item)[:200]
    now = timezone.now()
    try:
        with transaction.atomic():
            updated = ChoreError.objects.filter(chore=chore, item=item, message=message).update(
                last_at=now, occurrences=F("occurrences") + 1
            )
            if not updated:
                ChoreError.objects.create(chore=chore, item=item, message=message, first_at=now, last_at=now)
            ChoreError.objects.filter(last_at__lt=now - ERROR_RETENTION).delete()
    except Exception:  # noqa: BLE001 — the database may be what failed; the log keeps the error
        logger.exception("Could not record the failure of %s on %s", chore, item)


class ChoreRunner:
    """One run of a chore. `each` isolates items; `failures` counts those that failed."""

    def __init__(self, chore: str):
        self.chore = chore
        self.failures = 0

    def fail(self, item: str, error: BaseException) -> None:
        self.failures += 1
        logger.error("%s failed on %s: %s", self.chore, item, error, exc_info=error)
        chore_error_record(chore=self.chore, item=item, error=error)

    def each(
        self,
        items: Iterable,
        work: Callable[[object], list | None],
        *,
        describe: Callable[[object], str] = str,
    ) -> list:
        """Run `work(item)` for each item in its own transaction; return the concatenation of
        what the items returned (lists of outbox ids). A failing item is rolled back, with the
        tasks it would have enqueued on commit, and recorded."""
        results = []
        for item in items:
            try:
                with transaction.atomic():
                    results += work(item) or []
            except Exception as error:  # noqa: BLE001 — any failure of one item is isolated
                self.fail(describe(item), error)
        return results


def _mark(chore: str, **fields) -> None:
    ChoreRun.objects.bulk_create([ChoreRun(chore=chore)], ignore_conflicts=True)
    ChoreRun.objects.filter(chore=chore).update(**fields)


@contextmanager
def chore_run(chore: str) -> Iterator[ChoreRunner]:
    """Record one run of `chore`. An error that escapes the run (not an item's) is recorded as a
    crash and raised again, so that the task fails visibly and beat's next run tries again."""
    runner = ChoreRunner(chore)
    try:
        yield runner
    except Exception as error:
        logger.exception("%s stopped", chore)
        chore_error_record(chore=chore, item="", error=error)
        try:
            _mark(chore, last_crashed_at=timezone.now())
        except Exception:  # noqa: BLE001 — as above: the database may be away
            logger.exception("Could not record the crash of %s", chore)
        raise
    now = timezone.now()
    fields = {"last_finished_at": now, "last_failed_items": runner.failures}
    if not runner.failures:
        fields["last_success_at"] = now
    _mark(chore, **fields)
