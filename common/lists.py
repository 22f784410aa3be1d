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
    """`joined` for a page: each item escaped (names are what people typed) and isolated (`<bdi>`),
    so that "Carlos Mendoza (Mexico City 07:00)" keeps its brackets on an Arabic page and an Arabic
    name does not turn an English list around."""
    return mark_safe(
        conditional_escape(separator()).join(f"<bdi>{conditional_escape(item)}</bdi>" for item in items)
    )


def isolated(text) -> str:
    """Text set apart from the sentence around it for the bidirectional algorithm (Unicode's
    FIRST STRONG ISOLATE ... POP DIRECTIONAL ISOLATE): plain text's <bdi>, for words that reach
    emails as well as pages. "قبل 08:00 (Mexico City 00:00)" keeps its brackets and its order."""
    return f"\u2068{text}\u2069"
