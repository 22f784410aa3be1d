from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from schedule import selectors as schedule_selectors
from teams import selectors as team_selectors


def home(request):
    cycle = team_selectors.current_cycle()
    teams = team_selectors.teams_for_cycle(cycle=cycle) if cycle else []
    return render(request, "home.html", {"cycle": cycle, "teams": teams})


@login_required
def dashboard(request):
    return render(request, "dashboard.html", {"dash": team_selectors.dashboard_for(user=request.user),
                                              "due_next": schedule_selectors.due_next_for(user=request.user),
                                              "polls": schedule_selectors.polls_for_dashboard(user=request.user)})
