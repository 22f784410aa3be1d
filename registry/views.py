"""Pages of the intersessional registry: the public list and entries; the secretariat's forms."""

import hashlib

from django.contrib import messages
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from common.feedback import form_saved
from common.fragments import versioned_value
from common.permissions import has_perm, permission_required

from . import selectors, services
from .forms import ActivityForm, CheckForm, RegistryFilterForm
from .models import today

# How long a rendered page of the list may sit unread (a new version makes it unreachable anyway).
LIST_TIMEOUT = 3600


def _activity(request, slug, **kwargs):
    return selectors.activity_get(slug=slug)


def _kept(filters: selectors.Filters) -> str:
    """The valid filters, for the page links to keep: "kind=dc&" or "" (an invalid one, told on
    the form, is left out of the links too)."""
    params = {
        "kind": filters.kind,
        "area": filters.area.slug if filters.area else "",
        "status": filters.status,
    }
    kept = urlencode({name: value for name, value in params.items() if value})
    return kept + "&" if kept else ""


def _asked(query) -> str:
    """The filters as asked in the address, for a cache key: "blank" when none is sent (the unbound
    form), else a digest of the three values as sent (any text, so not in the key itself)."""
    if not query:
        return "blank"
    sent = "\n".join(query.get(name, "") for name in RegistryFilterForm.base_fields)
    return hashlib.blake2b(sent.encode(), digest_size=10).hexdigest()


def activity_list(request):
    """Public: every Dynamic Coalition, Best Practice Forum and Policy Network, filtered by kind,
    issue area and activity (a GET form)."""
    page_number = selectors.page_number(request.GET.get("page"))

    def build() -> dict:
        areas = selectors.filter_areas()
        form = (
            RegistryFilterForm(request.GET, areas=areas) if request.GET else RegistryFilterForm(areas=areas)
        )
        filters = form.filters() if request.GET else selectors.Filters()
        page = selectors.activities_page(filters=filters, page_number=page_number)
        return {
            "fields": render_to_string("registry/_filter_fields.html", {"form": form}),
            "results": render_to_string(
                "registry/_results.html", {"page": page, "keep": _kept(filters)}, request=None
            ),
            "filtered": filters != selectors.Filters(),
            "kept": not form.errors,
        }

    # Everyone sees the same form and results for the same filters and page: cached in one entry
    # under the registry's and the areas' versions, per language and day (an entry's status moves
    # with the registry's day, UTC). Filters the form refuses are shown with their message, and not
    # kept: anyone may send any text.
    key = f"registry-list:{_asked(request.GET)}:{page_number}:{get_language()}:{today()}"
    shown = versioned_value(
        key, ("registry", "teams"), build, timeout=LIST_TIMEOUT, keep=lambda shown: shown["kept"]
    )
    context = {
        "fields": mark_safe(shown["fields"]),  # noqa: S308 - rendered from escaped templates
        "results": mark_safe(shown["results"]),  # noqa: S308 - rendered from escaped templates
        "filtered": shown["filtered"],
        "can_manage": has_perm(request.user, "registry.manage_intersessionalactivity"),
    }
    return render(request, "registry/activity_list.html", context)


def activity_detail(request, slug):
    """Public: an entry; the secretariat also sees its checks and the buttons to keep it."""
    user = request.user
    # The registry's rules answer these without the entry: only the secretariat keeps it.
    can = {
        "sees_checks": has_perm(user, "registry.read_checks_intersessionalactivity"),
        "can_manage": has_perm(user, "registry.manage_intersessionalactivity"),
        "can_check": has_perm(user, "registry.check_intersessionalactivity"),
    }

    def build() -> dict:
        activity = selectors.activity_get(slug=slug)
        context = {
            "activity": activity,
            "checks": selectors.checks_of(activity) if can["sees_checks"] else None,
            **can,
        }
        return {
            "title": activity.localized("name").text,
            "content": render_to_string("registry/_detail.html", context, request=None),
        }

    # The same page for everyone with the same permissions, cached per language and day (the
    # status moves with the registry's day, UTC). An unknown address raises 404 and is not kept.
    # The checks show who made them: their page follows the people's version too.
    names = ("registry", "teams", "people") if can["sees_checks"] else ("registry", "teams")
    variant = "".join("1" if allowed else "0" for allowed in can.values())
    key = f"registry-entry:{slug}:{variant}:{get_language()}:{today()}"
    shown = versioned_value(key, names, build, timeout=LIST_TIMEOUT)
    context = {"title": shown["title"], "content": mark_safe(shown["content"])}  # noqa: S308 - rendered from escaped templates
    return render(request, "registry/activity_detail.html", context)


def _activity_form(request, activity=None):
    form = ActivityForm(
        request.POST or None,
        initial=ActivityForm.initial_for(activity) if activity else {},
        **(
            {"original_language": activity.original_language, "translations": activity.translations}
            if activity
            else {}
        ),
    )

    def save(data):
        fields, areas = form.activity_fields(), list(data["areas"])
        if activity is None:
            return services.activity_create(actor=request.user, areas=areas, **fields)
        return services.activity_update(actor=request.user, activity=activity, areas=areas, **fields)

    saved = form_saved(request, form, save)
    if saved:
        messages.success(request, _("“%(name)s” is saved in the registry.") % {"name": saved.name})
        return redirect(saved)
    return render(request, "registry/activity_form.html", {"form": form, "activity": activity})


@require_http_methods(["GET", "POST"])
@permission_required("registry.manage_intersessionalactivity")
def activity_create(request):
    return _activity_form(request)


@require_http_methods(["GET", "POST"])
@permission_required("registry.manage_intersessionalactivity", get_object=_activity)
def activity_edit(request, slug, obj):
    return _activity_form(request, obj)


@require_http_methods(["GET", "POST"])
@permission_required("registry.check_intersessionalactivity", get_object=_activity)
def check_create(request, slug, obj):
    form = CheckForm(request.POST or None)

    def save(data):
        return services.check_record(actor=request.user, activity=obj, **data)

    if form_saved(request, form, save):
        messages.success(request, _("The check of “%(name)s” is recorded.") % {"name": obj.name})
        return redirect(obj)
    return render(request, "registry/check_form.html", {"form": form, "activity": obj})
