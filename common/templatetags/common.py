"""The one way igfmag shows a time: in the viewer's zone, with UTC beside it."""

from datetime import UTC, datetime

import nh3
from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from markdown import Markdown
from markdown.treeprocessors import Treeprocessor

from common.lists import joined_html, separator
from common.localized import LocalizedText
from common.timezones import day_label, in_zone, local_and_utc, plain_when

register = template.Library()


@register.simple_tag
def list_separator():
    """The separator alone, before a last item the template writes itself ("and 3 more")."""
    return separator()


@register.filter
def as_list(items):
    """{{ names|as_list }}: the items with the reader's language's separator (common/lists.py)."""
    return joined_html(items)


@register.simple_tag
def when(value, zone=None, end=None, compact=False):
    """The one way a page shows a moment: in the reader's zone, UTC beside it unless that zone is UTC.

    `{% when meeting.start %}` →
    <time datetime="…Z">Tue 14 Sep 2021, 14:00 CEST</time> <span class="utc">(12:00 UTC)</span>
    `end=meeting.end` shows the span; `zone=` another person's zone (a row per participant);
    `compact=True` leaves out the year and puts UTC on its own line (grid headers)."""
    if value is None:
        return ""
    local, in_utc = local_and_utc(value, zone, end=end, compact=compact)
    # A valid HTML date-time: whole seconds (HTML allows at most three fraction digits, Python writes six).
    stamp = value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    if in_utc is None:
        return format_html('<time datetime="{}">{}</time>', stamp, local)
    if compact:
        return format_html(
            '<time datetime="{}">{}</time><br><span class="utc">{}</span>', stamp, local, in_utc
        )
    return format_html('<time datetime="{}">{}</time> <span class="utc">({})</span>', stamp, local, in_utc)


@register.filter
def day(value, short=False):
    """{{ date|day }} → 'Tue 22 Dec 2026', {{ date|day:"short" }} → 'Tue 22 Dec', in the reader's
    language (common/timezones.py's patterns, so a day reads as it does inside a moment). A moment
    gives its day in the reader's zone (an email's: the recipient's)."""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return day_label(value, with_year=not short) if value else ""


@register.filter
def when_text(value, end=None):
    """Plain text for emails: 'Tue 14 Sep 2021, 14:00 CEST (12:00 UTC)' in the active zone (the
    recipient's); `{{ meeting.start|when_text:meeting.end }}` for a span."""
    return plain_when(value, end=end) if value else ""


@register.filter
def detail(value):
    """A stored detail (the audit log's): a moment kept as ISO 8601 text is shown as `{% when %}` shows
    moments; anything else as it is."""
    if isinstance(value, str) and len(value) >= 20 and value[4:5] == "-" and value[10:11] == "T":
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        if moment.tzinfo is not None:
            return when(moment)
    return value


@register.filter
def countdown(value):
    """'in 3 days', 'in 5 hours', '2 days ago': how far a moment is from now. Days are calendar
    days in the viewer's zone, so a deadline 14 days away across a DST change says 14, not 13."""
    now = timezone.now()
    seconds = (value - now).total_seconds()
    zone = timezone.get_current_timezone()
    days = abs((in_zone(value, zone).date() - in_zone(now, zone).date()).days)
    if abs(seconds) < 24 * 3600:
        hours = int(abs(seconds) // 3600)
        if seconds >= 0:
            return (
                ngettext("in %(n)d hour", "in %(n)d hours", hours) % {"n": hours}
                if hours
                else _("in less than an hour")
            )
        return _("less than a day ago")
    if seconds >= 0:
        return ngettext("in %(n)d day", "in %(n)d days", days) % {"n": days}
    return ngettext("%(n)d day ago", "%(n)d days ago", days) % {"n": days}


# What Markdown from agendas and notes may keep after rendering; everything else is dropped. No h1:
# that is the page's own title (headings are moved below their section's, see _HeadingsBelow).
MARKDOWN_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "a",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "code",
    "pre",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
HEADINGS = {f"h{level}" for level in range(1, 7)}


class _HeadingsBelow(Treeprocessor):
    """A person's `# Heading` sits below the page's heading of the section that shows it: under an
    h2, `#` becomes h3 and `##` h4. A level is never skipped (`#` then `###` give h3, h4), as the
    outline must not jump, and h6 is the deepest."""

    def __init__(self, md, section_level):
        super().__init__(md)
        self.section_level = section_level

    def run(self, root):
        previous = self.section_level
        for element in root.iter():
            if element.tag in HEADINGS:
                level = min(int(element.tag[1]) + self.section_level, previous + 1, 6)
                element.tag = f"h{level}"
                previous = level


@register.filter
def markdown(text, section_level=1):
    """Markdown to HTML, sanitised with nh3: no scripts, no styles, links get rel=noopener.
    `{{ meeting.agenda|markdown:2 }}` under an <h2>: its headings start at h3."""
    renderer = Markdown(extensions=["extra", "sane_lists"], output_format="html")
    renderer.treeprocessors.register(_HeadingsBelow(renderer, int(section_level)), "headings_below", 1)
    html = renderer.convert(text or "")
    return mark_safe(
        nh3.clean(
            html,
            tags=MARKDOWN_TAGS,
            attributes={"a": {"href", "title"}},
            link_rel="noopener noreferrer nofollow",
            url_schemes={"http", "https", "mailto"},
        )
    )


@register.simple_tag
def localized(obj, field):
    """`{% localized milestone "title" %}`: the text in the reader's language, else the original
    marked with its language and "(in English)". `{% localized milestone "title" as title %}`
    keeps it for a `blocktranslate` or for `{{ title.text }}` where no markup may go (an
    attribute, the page's <title>)."""
    if obj is None:
        return LocalizedText("", "")
    return obj.localized(field)
