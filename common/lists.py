"""A list of names or places as the reader's language writes one: "Amina, Bo, Chen"; Chinese
separates with "、", Arabic with "،". One translatable separator, so each language sets its own."""

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import pgettext


def separator() -> str:
    return pgettext("between the items of a list, as in: Amina, Bo, Chen", ", ")


def joined(items) -> str:
    return separator().join(str(item) for item in items)


def joined_html(items) -> SafeString:
    """`joined` for a page: each item escaped (names are what people typed)."""
    return mark_safe(conditional_escape(separator()).join(conditional_escape(item) for item in items))
