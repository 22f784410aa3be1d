from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.csrf import requires_csrf_token

from common.versions import version_of
from schedule.selectors.milestones import due_next_for
from schedule.selectors.polls import polls_for_dashboard
from teams import fragments as team_fragments
from teams import selectors as team_selectors


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


@login_required
def dashboard(request):
    return render(
        request,
        "dashboard.html",
        {
            "dash": team_selectors.dashboard_for(user=request.user),
            "due_next": due_next_for(user=request.user),
            "polls": polls_for_dashboard(user=request.user),
        },
    )


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
