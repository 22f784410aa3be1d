"""The ceiling of the page benchmark (bench/pages.py): the fastest a signed-in page can be here.

Settings and URLconf in one: the production settings (same database, cache, session engine and
middleware, the secretariat's two-factor check included) with one view that does one query and
renders a small template for the signed-in person. Served by gunicorn beside the app, with the
same worker count, so that each page's throughput reads as a share of what Django itself allows.
"""

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path

from igfmag.settings.production import *  # noqa: F403
from igfmag.settings.production import BASE_DIR, TEMPLATES

ROOT_URLCONF = "bench.ceiling"
TEMPLATES = [{**TEMPLATES[0], "DIRS": [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]}]


@login_required
def ceiling(request):
    milestones = apps.get_model("schedule.Milestone").objects.filter(status="published").order_by("due_at")
    return render(request, "ceiling.html", {"titles": list(milestones.values_list("title", flat=True)[:10])})


urlpatterns = [path("", ceiling)]
