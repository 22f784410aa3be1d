from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

from common.permissions import permission_required
from common.versions import version_of
from teams import fragments as team_fragments
from teams import selectors as team_selectors

from .dashboard import dashboard_panels, queue_page


def home(request):
    teams_version = version_of("teams")
    cycle, team_count = team_selectors.cycle_listing(year=None, versions=teams_version)
    context = {"cycle": cycle}
    if cycle:
        # Read only if the cached cards are missing.
        context["teams"] = team_selectors.teams_page(cycle=cycle, page_number=1, team_count=team_count)
        context["cards"] = team_fragments.team_cards(
            cycle=cycle, teams=context["teams"], heading="h3", teams_version=teams_version
        )
    return render(request, "home.html", context)


def privacy(request):
    """What the site keeps about people, why, who sees it and for how long: public, for everyone,
    signed in or not. The lengths that are settings or constants are read from them, so that the
    page says what the site does (tests/igfmag/test_privacy.py holds the rest to the code)."""
    context = {
        "outbox_retention_days": settings.IGFMAG_OUTBOX_RETENTION_DAYS,
        "session_days": settings.SESSION_COOKIE_AGE // (24 * 3600),
    }
    return render(request, "privacy.html", context)


@login_required
def dashboard(request):
    return render(request, "dashboard.html", {"panels": dashboard_panels(request)})


@permission_required("accounts.review_role_claims_user")
def role_claims_waiting(request):
    return _queue(request, "role_claims", _("MAG confirmations waiting"), "claims", "role_claims_decide")


@permission_required("teams.decide_facilitatorrole")
def volunteers_waiting(request):
    return _queue(
        request, "volunteers", _("Facilitator volunteers waiting"), "volunteers", "teams:facilitators_decide"
    )


def _queue(request, name, title, heading_id, decide_url_name):
    """A queue of the dashboard in full; `heading_id` names the table's scroll region (its template)."""
    context = {"queue": queue_page(request, name), "title": title, "heading_id": heading_id}
    return render(request, "dashboard/queue.html", {**context, "decide_url": reverse(decide_url_name)})


@requires_csrf_token
def permission_denied(request, exception):
    """The 403 page: why (the message of the `Refused` a view raised) and what to do next."""
    return render(
        request,
        "403.html",
        {
            "exception": str(exception),
            "next_url": getattr(exception, "next_url", ""),
            "next_label": getattr(exception, "next_label", ""),
        },
        status=403,
    )


@requires_csrf_token
def csrf_failure(request, reason=""):
    """A form sent without its valid security token (an old page, cookies off): say how to send it again."""
    return render(request, "403_csrf.html", status=403)
