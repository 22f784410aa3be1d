"""A release's changes in words, in the reader's language and zone (times through the one
formatter, with UTC beside them): the release page's preview, a version's page, the notices."""

from django import template
from django.utils.translation import gettext as _

from common.timezones import plain_when
from proposals.enums import Modality

from ..services.releases import parse_when

register = template.Library()


def _when(value) -> str:
    return plain_when(parse_when(value)) if value else ""


def _field_words(change) -> str:
    field, before, after = change.get("field"), change["before"], change["after"]
    title = change["title"]
    if field == "minutes":
        return _("Changed: “%(title)s” lasts %(after)s minutes instead of %(before)s.") % {
            "title": title,
            "after": after,
            "before": before,
        }
    if field == "modality":
        labels = dict(Modality.choices)
        return _("Changed: “%(title)s” is held %(after)s instead of %(before)s.") % {
            "title": title,
            "after": str(labels.get(after, after)).lower(),
            "before": str(labels.get(before, before)).lower(),
        }
    if field == "venue":
        return _("Changed: “%(title)s” takes place at %(after)s instead of %(before)s.") % {
            "title": title,
            "after": after or _("no venue"),
            "before": before or _("no venue"),
        }
    if field == "join_url":
        return _("Changed: the link to join “%(title)s”.") % {"title": title}
    if field == "kind":
        return _("Changed: “%(title)s” is now of the kind “%(after)s”.") % {"title": title, "after": after}
    if field == "speakers":
        return _("Changed: the confirmed speakers of “%(title)s”.") % {"title": title}
    return _("Changed: “%(title)s”.") % {"title": title}


@register.simple_tag
def change_words(change) -> str:
    """One change as a sentence: "Moved: “Youth session” from Tue 8 Jun 2021, 15:00 CEST (13:00
    UTC) to ..."."""
    kind, title = change["kind"], change["title"]
    if kind == "added":
        return _("Added: “%(title)s” on %(when)s.") % {"title": title, "when": _when(change["after"])}
    if kind == "moved":
        return _("Moved: “%(title)s” from %(before)s to %(after)s.") % {
            "title": title,
            "before": _when(change["before"]),
            "after": _when(change["after"]),
        }
    if kind == "cancelled":
        return _("Cancelled: “%(title)s”, which was on %(when)s.") % {
            "title": title,
            "when": _when(change["before"]),
        }
    if kind == "restored":
        return _("Restored: “%(title)s” on %(when)s.") % {"title": title, "when": _when(change["after"])}
    if kind == "renamed":
        return _("Renamed: “%(before)s” to “%(after)s”.") % {
            "before": change["before"],
            "after": change["after"],
        }
    return _field_words(change)
