"""The site's frame, rendered once per process for each language and kind of reader.

The navigation and the language menu hold no one's data: only which links a signed-in person, the
secretariat or a visitor gets, in the page's language. Rendering their dozen `{% url %}` links, the
translations and the six languages' names was most of a light page's own work, so each variant is
rendered the first time it is asked for and kept in the process (a few kilobytes in all; URLs and
catalogues change only with a deploy, which starts new processes). What is someone's own stays out:
the CSRF tokens of the sign-out and language forms, the page's address, the reader's time zone."""

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

_rendered: dict[tuple, str] = {}


def _once(key: tuple, template_name: str, context: dict) -> str:
    if settings.DEBUG:  # a developer's edit of the template shows at once
        return mark_safe(render_to_string(template_name, context))  # noqa: S308
    # The links depend on the URLs too: another URLconf or prefix (a test's, a sub-path) is another key.
    key = (*key, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    html = _rendered.get(key)
    if html is None:
        html = _rendered[key] = render_to_string(template_name, context)
    return mark_safe(html)  # noqa: S308 (our own template, rendered with autoescape)


@register.simple_tag(takes_context=True)
def site_nav(context):
    """The navigation's links for this kind of reader (templates/_site_nav.html)."""
    user = context.get("user")
    signed_in = bool(user and user.is_authenticated)
    secretariat = signed_in and user.is_secretariat
    key = ("nav", get_language(), signed_in, secretariat)
    return _once(key, "_site_nav.html", {"signed_in": signed_in, "secretariat": secretariat})


@register.simple_tag
def language_options():
    """The language menu's options, the page's language selected (templates/_language_options.html)."""
    return _once(("languages", get_language()), "_language_options.html", {})
