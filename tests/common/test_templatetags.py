"""The template tags and filters of every page: `{% when %}` and `|markdown`."""

from datetime import UTC, datetime

from django.template import Context, Template


def _render(source, **context):
    return Template("{% load common %}" + source).render(Context(context))


def test_time_datetime_attribute_is_valid_html_without_microseconds():
    html = _render("{% when value %}", value=datetime(2026, 11, 25, 22, 30, 0, 123456, tzinfo=UTC))
    assert '<time datetime="2026-11-25T22:30:00Z">' in html


def test_markdown_headings_sit_below_the_section_heading_without_skipping_a_level():
    agenda = "# Welcome\n\nIntroductions.\n\n### Session ideas\n\n## Any other business\n\n###### Deep"
    html = _render("{{ agenda|markdown:2 }}", agenda=agenda)
    assert "<h3>Welcome</h3>" in html  # `#` under the page's h2
    assert "<h4>Session ideas</h4>" in html  # `###` right after an h3: h4, not a skipped h5
    assert "<h4>Any other business</h4>" in html
    assert "<h5>Deep</h5>" in html


def test_markdown_headings_never_go_past_h6_and_scripts_still_go():
    html = _render(
        "{{ notes|markdown:5 }}", notes="# One\n\n## Two\n\n<script>alert(1)</script> <h1>Raw</h1>"
    )
    assert "<h6>One</h6>" in html and "<h6>Two</h6>" in html
    assert "<script" not in html and "<h1>" not in html
