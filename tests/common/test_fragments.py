"""common/fragments.py: a fragment and its versions in one round trip, rebuilt once they move."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import transaction

from common.fragments import (
    cached_many,
    fragments,
    render_blocks,
    versioned_fragment,
    versioned_value,
    versioned_values,
)
from common.versions import version_bump, version_of


def _counting(text):
    calls = []

    def render():
        calls.append(1)
        return text

    return render, calls


@pytest.mark.django_db(transaction=True)
def test_a_versioned_fragment_is_rendered_once_per_version():
    render, calls = _counting("<p>one</p>")
    assert versioned_fragment("k", ("meetings", "people"), render, timeout=60) == "<p>one</p>"
    assert versioned_fragment("k", ("meetings", "people"), render, timeout=60) == "<p>one</p>"
    assert len(calls) == 1
    with transaction.atomic():
        version_bump("people")
    render_two, calls_two = _counting("<p>two</p>")
    assert versioned_fragment("k", ("meetings", "people"), render_two, timeout=60) == "<p>two</p>"
    assert len(calls_two) == 1


@pytest.mark.django_db(transaction=True)
def test_fragments_by_content_render_only_what_is_missing():
    render_a, calls_a = _counting("a")
    render_b, calls_b = _counting("b")
    first = fragments({"a": ("1", render_a), "b": ("1", render_b)}, prefix="t", timeout=60)
    again = fragments({"a": ("1", render_a), "b": ("2", render_b)}, prefix="t", timeout=60)
    assert first == again == {"a": "a", "b": "b"}
    assert (len(calls_a), len(calls_b)) == (1, 2)


@pytest.mark.django_db(transaction=True)
def test_a_value_with_a_max_age_is_computed_again_once_it_is_that_old():
    computed = []
    with time_machine.travel(datetime(2027, 1, 5, 9, 0, tzinfo=UTC), tick=False) as clock:
        for _ in range(2):
            versioned_value(
                "v", ("outbox",), lambda: computed.append(1), timeout=60, max_age=timedelta(seconds=15)
            )
        assert len(computed) == 1
        clock.shift(timedelta(seconds=15))
        versioned_value(
            "v", ("outbox",), lambda: computed.append(1), timeout=60, max_age=timedelta(seconds=15)
        )
        assert len(computed) == 2


@pytest.mark.django_db(transaction=True)
def test_versioned_values_come_with_their_version_and_are_built_once_per_version():
    render, calls = _counting("counts")
    version, values = versioned_values(("milestones", "teams"), {"facts": render}, timeout=60)
    assert values == {"facts": "counts"} and version == version_of("milestones", "teams")
    assert versioned_values(("milestones", "teams"), {"facts": render}, timeout=60)[1] == {"facts": "counts"}
    assert len(calls) == 1
    with transaction.atomic():
        version_bump("teams")
    render_two, calls_two = _counting("new counts")
    assert versioned_values(("milestones", "teams"), {"facts": render_two}, timeout=60)[1] == {
        "facts": "new counts"
    }
    assert len(calls_two) == 1


@pytest.mark.django_db(transaction=True)
def test_local_copies_of_versioned_keys_skip_the_shared_cache(monkeypatch):
    key = f"test:local:{version_of('polls')}"
    render, calls = _counting("<p>poll</p>")
    assert cached_many({key: render}, timeout=60, local=True) == {key: "<p>poll</p>"}
    # This process keeps its copy: the shared cache is not asked again.
    monkeypatch.setattr(cache, "get_many", lambda keys: pytest.fail("asked the shared cache"))
    assert cached_many({key: render}, timeout=60, local=True) == {key: "<p>poll</p>"}
    assert len(calls) == 1


def test_render_blocks_renders_each_block_a_page_fills_and_none_for_the_others():
    blocks = render_blocks("review/mine.html", {"content": "<p>Mine</p>"})
    assert blocks == {
        "head_title": "My reviews",
        "extra_head": "",
        "content": "\n&lt;p&gt;Mine&lt;/p&gt;",
        "extra_body": "",
    }
