"""Which of the site's languages a code names."""

from django.utils.translation import get_language, get_supported_language_variant


def site_language(code: str | None = None) -> str:
    """The site's language for `code` ("fr-CA" → "fr"), by default the active one (the page's); ""
    when the site has no such language."""
    try:
        return get_supported_language_variant(code if code is not None else (get_language() or ""))
    except LookupError:
        return ""
