"""The one way igfmag shows a time: in the viewer's zone, with UTC beside it."""
from datetime import UTC

from django import template
from django.utils import timezone
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def when(value, utc=True):
    """`{% when meeting.start %}` → <time datetime="…Z">Tue 14 Sep 2021, 14:00 CEST</time> (12:00 UTC)."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    in_utc = value.astimezone(UTC)
    text = f"{local:%a %d %b %Y, %H:%M} {local.tzname()}"
    if not utc or local.utcoffset() == in_utc.utcoffset():
        return format_html('<time datetime="{}">{}</time>', in_utc.isoformat().replace("+00:00", "Z"), text)
    return format_html('<time datetime="{}">{}</time> <span class="utc">({} UTC)</span>',
                       in_utc.isoformat().replace("+00:00", "Z"), text, f"{in_utc:%H:%M}")
