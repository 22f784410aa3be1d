"""Releasing the programme (the secretariat: the changes previewed in words, "Release version N",
the MAG's approval) and its versions, readable by anyone as the public programme is: the list and
each version as released, by day, with its changelog. Each POST is one service call."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from common.feedback import add_to_form
from common.fragments import CSRF_PLACEHOLDER, render_blocks, versioned_value, with_csrf_token
from common.permissions import Refused, has_perm, permission_required

from ..forms.releases import ApproveForm, ReleaseForm
from ..selectors import releases as selectors
from ..services import releases as services

RELEASE = "programme.release_programmerelease"
APPROVE = "programme.approve_programmerelease"
VIEW_RECORD = "schedule.view_record_meeting"
# The versions pages show releases only: their rows move the "programme" version when saved.
VERSION_NAMES = ("programme",)
PAGE_TIMEOUT = 86400


def secretariat_only(request, obj):
    return Refused(_("Only the secretariat releases the programme; its versions are public."))


def _no_object(request, **kwargs):
    return None


# The release page's preview reads the sessions, their speakers and kinds (proposals), their issue
# areas (teams) and who released each version (people); the approval form the year's meetings.
RELEASE_PAGE_NAMES = ("programme", "proposals", "teams", "people")
APPROVE_PAGE_NAMES = ("programme", "meetings")


def _cached(request, key: str, template: str, build, names=VERSION_NAMES):
    """A page's blocks cached per language and zone (its times are in the reader's), under the
    versions `names` of what it shows; the request's CSRF token put in after."""
    zone = timezone.get_current_timezone_name()
    blocks = versioned_value(
        f"{key}:{get_language()}:{zone}",
        names,
        lambda: render_blocks(template, {**build(), "csrf_token": CSRF_PLACEHOLDER}),
        timeout=PAGE_TIMEOUT,
    )
    return render(
        request,
        "_cached_blocks.html",
        {name: with_csrf_token(html, request) for name, html in blocks.items()},
    )


@require_http_methods(["GET", "POST"])
@permission_required(RELEASE, get_object=_no_object, refused=secretariat_only)
def releases_page(request, obj=None):
    """The draft's changes since the last version, in words, and "Release version N". The page as
    first shown is alike for the whole secretariat: cached."""
    cycle = selectors.release_cycle()
    if request.method == "GET":
        return _cached(
            request,
            f"programme-releases:{cycle.pk}",
            "programme/releases/releases.html",
            lambda: _releases_context(cycle, None),
            names=RELEASE_PAGE_NAMES,
        )
    form = ReleaseForm(request.POST)
    if form.is_valid():
        try:
            release = services.programme_release(
                actor=request.user,
                cycle=cycle,
                number=form.cleaned_data["number"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(
                request, _("Version %(number)s of the programme is released.") % {"number": release.number}
            )
            return redirect("programme:version", release.number)
    return render(request, "programme/releases/releases.html", _releases_context(cycle, form))


def _releases_context(cycle, form) -> dict:
    number, changes = services.changelog_preview(cycle)
    return {
        "cycle": cycle,
        "number": number,
        "changes": changes,
        "form": form or ReleaseForm(initial={"number": number}),
        "releases": list(selectors.releases_of(cycle)[:50]),
    }


def versions(request):
    """Every released version of the year's programme: public."""
    cycle = selectors.release_cycle()
    return _cached(
        request,
        f"programme-versions:{cycle.pk}",
        "programme/releases/versions.html",
        lambda: {"cycle": cycle, "releases": list(selectors.releases_of(cycle)[:200])},
    )


def version(request, number):
    """One version as it was released, by day, with its changelog: public. The approval's meeting
    is linked for those who may read its record. Before the cache answers, only the release's key
    is read (and, for a signed-in reader of an approved version, its meeting)."""
    key = selectors.release_key(number=number)
    link = False
    if key["approved_meeting_id"] and request.user.is_authenticated:
        meeting = selectors.approval_meeting(key["approved_meeting_id"])
        link = meeting is not None and has_perm(request.user, VIEW_RECORD, meeting)
    may_approve = has_perm(request.user, APPROVE)
    approval = (
        f"{key['approved_on']}:{key['approved_meeting_id']}:{key['approved_decision_id']}"
        f":{int(link)}:{int(may_approve)}"
    )

    def build():
        cycle = selectors.release_cycle()
        release = selectors.release_get(cycle=cycle, number=number, whole=True)
        return {
            "cycle": cycle,
            "release": release,
            "days": selectors.snapshot_by_day(release.snapshot),
            "conveners": selectors.convener_legend(),
            "meeting_link": link,
            "may_approve": may_approve,
        }

    return _cached(
        request, f"programme-version:{key['pk']}:{approval}", "programme/releases/version.html", build
    )


@require_http_methods(["GET", "POST"])
@permission_required(APPROVE, get_object=_no_object, refused=secretariat_only)
def release_approve(request, number, obj=None):
    """The secretariat records that the MAG approved this version."""
    if request.method == "GET":
        # Alike for the whole secretariat on one day (the date offered is today's).
        key = selectors.release_key(number=number)

        def build():
            cycle = selectors.release_cycle()
            release = selectors.release_get(cycle=cycle, number=number)
            return {"cycle": cycle, "release": release, "form": _approve_form(cycle, release, None)}

        return _cached(
            request,
            f"programme-approve:{key['pk']}:{timezone.localdate()}",
            "programme/releases/approve.html",
            build,
            names=APPROVE_PAGE_NAMES,
        )
    cycle = selectors.release_cycle()
    release = selectors.release_get(cycle=cycle, number=number)
    form = _approve_form(cycle, release, request.POST)
    if form.is_valid():
        try:
            services.release_approve(actor=request.user, release=release, **form.service_arguments())
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(
                request, _("Version %(number)s is marked approved by the MAG.") % {"number": release.number}
            )
            return redirect("programme:version", release.number)
    return render(
        request, "programme/releases/approve.html", {"cycle": cycle, "release": release, "form": form}
    )


def _approve_form(cycle, release, data) -> ApproveForm:
    return ApproveForm(
        data,
        initial={
            "approved_on": release.approved_on or timezone.localdate(),
            "meeting": release.approved_meeting_id,
            "decision": release.approved_decision_id,
        },
        meetings=services.approval_meetings(cycle),
        decisions=services.approval_decisions(cycle),
    )
