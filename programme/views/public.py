"""The public programme (anyone, signed in or not, once a version is released): the programme by
day with its filters, a session's page, and a signed-in person's own schedule and feed.

The programme and a session's page are the same for every reader with the same language, zone and
filters: cached whole under the versions of all they show. What is one reader's own (whether the
session is on their schedule) is put in around the cached part, one query."""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.fragments import CSRF_PLACEHOLDER, versioned_value, with_csrf_token
from schedule.services.feeds import calendar_feed_get, calendar_feed_reset

from ..enums import CONVENER_STYLE, Convener
from ..forms.public import ProgrammeFilterForm
from ..models import ProgrammeSession
from ..selectors import public as selectors
from ..services.selections import selection_add, selection_remove

# What the pages show: sessions and releases; kinds and confirmed speakers; issue areas, questions
# and the year.
PAGE_VERSIONS = ("programme", "proposals", "teams")
PAGE_TIMEOUT = 3600


def _asked(query) -> str:
    """The filters as asked in the address, for a cache key: "blank" when none is sent, else a
    digest of the values as sent (any text, so not in the key itself)."""
    if not query:
        return "blank"
    sent = "\n".join(query.get(name, "") for name in ProgrammeFilterForm.base_fields)
    return hashlib.blake2b(sent.encode(), digest_size=10).hexdigest()


def _kept(filters: selectors.Filters) -> str:
    """The valid filters but the day, for the day switcher's links: "kind=intro&" or ""."""
    params = {
        "kind": filters.kind.slug if filters.kind else "",
        "area": filters.area.slug if filters.area else "",
        "convener": filters.convener,
        "held": filters.held,
    }
    kept = urlencode({name: value for name, value in params.items() if value})
    return kept + "&" if kept else ""


def _legend() -> list[dict]:
    return [
        {"value": convener.value, "label": convener.label, "short": CONVENER_STYLE[convener]["short"]}
        for convener in Convener
    ]


def _programme_context(request, zone, today) -> dict:
    found = selectors.published()
    context = {"cycle": found.cycle, "release": found.release, "published": found.is_public}
    if not found.is_public:
        return context
    cycle = found.cycle
    days = selectors.days_of(selectors.public_sessions(cycle), zone)
    form = ProgrammeFilterForm(
        request.GET or None,
        kinds=selectors.filter_kinds(cycle),
        areas=selectors.filter_areas(cycle),
        days=days,
    )
    filters = form.filters() if request.GET else selectors.Filters()
    day = filters.day or (today if today in days else (days[0] if days else None))
    sessions = selectors.day_sessions(cycle, filters, day, zone) if day else []
    return {
        **context,
        "form": form,
        "legend": _legend(),
        "days": days,
        "day": day,
        "keep": _kept(filters),
        "filtered": filters != selectors.Filters(),
        "sessions": sessions[: selectors.DAY_MAX_SESSIONS],
        "more": len(sessions) > selectors.DAY_MAX_SESSIONS,
        "day_max": selectors.DAY_MAX_SESSIONS,
        "kept": not form.errors,
    }


def programme(request):
    """Public: the released programme, a day at a time, with its filters (a GET form)."""
    zone = timezone.get_current_timezone()
    zone_name = timezone.get_current_timezone_name()
    today = selectors.today_in(zone)

    def build() -> dict:
        context = _programme_context(request, zone, today)
        return {
            "content": render_to_string("programme/public/_programme.html", context, request=None),
            "kept": context.get("kept", True),
        }

    # Alike for everyone with the same filters, language and zone (the days are the zone's); the
    # day shown when none is asked is today's, when the programme has it. Filters the form refuses
    # are shown with their message, and not kept: anyone may send any text.
    key = f"programme-public:{_asked(request.GET)}:{get_language()}:{zone_name}:{today}"
    shown = versioned_value(key, PAGE_VERSIONS, build, timeout=PAGE_TIMEOUT, keep=lambda shown: shown["kept"])
    context = {"content": mark_safe(shown["content"])}  # noqa: S308 - rendered from escaped templates
    return render(request, "programme/public/programme.html", context)


def session(request, pk):
    """Public once released: a session's description, convener, issue areas and policy questions,
    confirmed speakers, where to join, and the buttons to add it to one's calendar and schedule."""
    zone_name = timezone.get_current_timezone_name()

    def build() -> dict:
        found = selectors.public_session(pk)  # 404 for a draft or an unknown id: not kept
        context = {
            "session": found,
            "convener_short": found.convener_short,
            "speakers": selectors.speakers_of(found),
        }
        return {
            "title": found.title,
            "content": render_to_string("programme/public/_session.html", context, request=None),
        }

    shown = versioned_value(
        f"programme-session:{pk}:{get_language()}:{zone_name}", PAGE_VERSIONS, build, timeout=PAGE_TIMEOUT
    )
    context = {
        "title": shown["title"],
        "content": mark_safe(shown["content"]),  # noqa: S308 - rendered from escaped templates
        "pk": pk,
        "chosen": pk in selectors.chosen_ids(request.user, [pk]),
    }
    return render(request, "programme/public/session.html", context)


@require_POST
@login_required
def choose(request, pk):
    """Adds the session to the person's schedule, or removes it ("remove" sent)."""
    chosen = get_object_or_404(ProgrammeSession, pk=pk)
    back = "programme:mine" if request.POST.get("back") == "mine" else "programme:session"
    back_url = reverse(back) if back == "programme:mine" else reverse(back, args=[pk])
    if request.POST.get("action") == "remove":
        if selection_remove(actor=request.user, session=chosen):
            messages.success(request, _("“%(title)s” is off your schedule.") % {"title": chosen.title})
        return redirect(back_url)
    try:
        selection_add(actor=request.user, session=chosen)
    except ValidationError as error:
        if not selectors.is_public_session(pk):
            raise Http404 from error
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("“%(title)s” is on your schedule.") % {"title": chosen.title})
    return redirect(back_url)


@login_required
def mine(request):
    """The sessions the person chose, each with its remove button, and their personal feed's
    address (the same secret as their calendar's: one address to keep, one reset). The list is
    cached for its owner, per language and zone, under the choices' version too."""
    user = request.user

    def build() -> str:
        found = selectors.published()
        sessions = selectors.my_sessions(user, found.cycle) if found.is_public else []
        context = {"published": found.is_public, "sessions": sessions, "csrf_token": CSRF_PLACEHOLDER}
        return render_to_string("programme/public/_mine.html", context, request=None)

    listed = versioned_value(
        f"programme-mine:{user.pk}:{get_language()}:{timezone.get_current_timezone_name()}",
        (*PAGE_VERSIONS, "programme_selections"),
        build,
        timeout=PAGE_TIMEOUT,
    )
    feed = calendar_feed_get(user=user)
    context = {
        "content": with_csrf_token(listed, request),
        "feed_url": request.build_absolute_uri(reverse("programme:feed", args=[feed.token])),
    }
    return render(request, "programme/public/mine.html", context)


@require_POST
@login_required
def feed_reset(request):
    calendar_feed_reset(user=request.user)
    messages.success(
        request,
        _("Your feed's address is new; the old one no longer works (your calendar's address is new too)."),
    )
    return redirect("programme:mine")
