"""The template tags and filters of every page: `{% when %}` and `|markdown`."""
from datetime import UTC, datetime

from django.template import Context, Template


def _render(source, **context):
    return Template("{% load igfmag %}" + source).render(Context(context))


def test_time_datetime_attribute_is_valid_html_without_microseconds():
    html = _render("{% when value %}", value=datetime(2026, 11, 25, 22, 30, 0, 123456, tzinfo=UTC))
    assert '<time datetime="2026-11-25T22:30:00Z">' in html
