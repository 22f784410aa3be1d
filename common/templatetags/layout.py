"""The site's frame, rendered once per process for each language and kind of reader.

The navigation and the language menu hold no one's data: only which links a signed-in person, the
secretariat or a visitor gets, in the page's language. Rendering their dozen `{% url %}` links, the
translations and the six languages' names was most of a light page's own work, so each variant is
rendered the first time it is asked for and kept in the process (a few kilobytes in all; URLs and
catalogues change only with a deploy, which starts new processes). What is someone's own stays out:
the CSRF tokens of the sign-out and language forms, the page's address, the reader's time zone.

The rest of base.html around the page's own blocks is kept the same way ({% frame %}): its
translations, static files' addresses and `{% url %}` links cost every page about 2,000 Python
calls. What is someone's own is rendered as a placeholder and put in on every request."""

from types import SimpleNamespace

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from common.fragments import CSRF_PLACEHOLDER, with_csrf_token

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


def _reader(context) -> tuple[bool, bool]:
    """The kind of reader the frame is for: (signed in, secretariat)."""
    user = context.get("user")
    signed_in = bool(user and user.is_authenticated)
    return signed_in, signed_in and user.is_secretariat


@register.simple_tag(takes_context=True)
def site_nav(context):
    """The navigation's links for this kind of reader (templates/_site_nav.html)."""
    signed_in, secretariat = _reader(context)
    key = ("nav", get_language(), signed_in, secretariat)
    return _once(key, "_site_nav.html", {"signed_in": signed_in, "secretariat": secretariat})


@register.simple_tag
def language_options():
    """The language menu's options, the page's language selected (templates/_language_options.html)."""
    return _once(("languages", get_language()), "_language_options.html", {})


# What the frame holds where the reader's own page address and time zone go (no character that
# escaping or a translation would change), put in on every request like the CSRF token.
_NEXT_PLACEHOLDER = "next-address-of-the-request"
_ZONE_PLACEHOLDER = "time-zone-of-the-request"
_PLACEHOLDERS = {
    "csrf_token": CSRF_PLACEHOLDER,
    "request": SimpleNamespace(get_full_path=_NEXT_PLACEHOLDER),
    "TIME_ZONE": _ZONE_PLACEHOLDER,
}


class FrameNode(template.Node):
    # Nothing inside is a {% block %}: no page can fill a part kept whole. Saying so spares every
    # page's {% extends %} a walk through the frame's nodes in search of blocks.
    child_nodelists = ()

    def __init__(self, part: str, nodelist):
        self.part, self.nodelist = part, nodelist

    def render(self, context):
        request = context.get("request")
        if request is None:  # rendered outside a request (no token, no address): as written
            return self.nodelist.render(context)
        # Who reads, in which language, with which URLs: the same for every part of one rendering.
        reader = context.render_context.get(FrameNode)
        if reader is None:
            reader = context.render_context[FrameNode] = (
                *_reader(context),
                get_language(),
                get_urlconf() or settings.ROOT_URLCONF,
                get_script_prefix(),
            )
        key = ("frame", self.part, *reader)
        html = None if settings.DEBUG else _rendered.get(key)  # DEBUG: a template's edit shows at once
        if html is None:
            with context.push(_PLACEHOLDERS):
                html = self.nodelist.render(context)
            if not settings.DEBUG:
                _rendered[key] = html
        if _NEXT_PLACEHOLDER in html:
            html = html.replace(_NEXT_PLACEHOLDER, escape(request.get_full_path()))
        if _ZONE_PLACEHOLDER in html:
            html = html.replace(_ZONE_PLACEHOLDER, escape(context.get("TIME_ZONE") or "UTC"))
        return with_csrf_token(html, request)


@register.tag
def frame(parser, token):
    """`{% frame "part" %}...{% endframe %}`: a part of base.html that holds no one's data but the
    CSRF token, `request.get_full_path` and `TIME_ZONE`, rendered once per process for each part
    name (unique to the site), language and kind of reader."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% frame %} takes the part's name")
    nodelist = parser.parse(("endframe",))
    parser.delete_first_token()
    return FrameNode(bits[1].strip("\"'"), nodelist)
