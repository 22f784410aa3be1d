"""common/fragments.py: a fragment and its versions in one round trip, rebuilt once they move."""

import pytest
from django.db import transaction

from common.fragments import fragments, versioned_fragment
from common.versions import version_bump


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
