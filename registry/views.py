"""Pages of the intersessional registry: the public list and entries; the secretariat's forms."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from common.feedback import form_saved
from common.fragments import versioned_fragment
from common.permissions import has_perm, permission_required

from . import selectors, services
from .forms import ActivityForm, CheckForm, RegistryFilterForm

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


def activity_list(request):
    """Public: every Dynamic Coalition, Best Practice Forum and Policy Network, filtered by kind,
    issue area and activity (a GET form)."""

    def fields(form) -> str:
        return render_to_string("registry/_filter_fields.html", {"form": form})

    if request.GET:
        form = RegistryFilterForm(request.GET, areas=selectors.filter_areas())
        filters, form_fields = form.filters(), fields(form)
    else:  # the blank form, as everyone sees it: its areas are read only when it is built
        filters = selectors.Filters()
        form_fields = versioned_fragment(
            f"registry-filters:{get_language()}",
            ("registry", "teams"),
            lambda: fields(RegistryFilterForm(areas=selectors.filter_areas())),
            timeout=LIST_TIMEOUT,
        )
    page_number = selectors.page_number(request.GET.get("page"))
    keep = _kept(filters)

    def results() -> str:
        page = selectors.activities_page(filters=filters, page_number=page_number)
        return render_to_string("registry/_results.html", {"page": page, "keep": keep}, request=None)

    # Everyone sees the same results for the same filters: cached under the registry's and the
    # areas' versions, per language and day (an entry's status moves with the date).
    key = f"registry-list:{filters.key()}:{page_number}:{get_language()}:{timezone.localdate()}"
    context = {
        "fields": form_fields,
        "results": versioned_fragment(key, ("registry", "teams"), results, timeout=LIST_TIMEOUT),
        "filtered": filters != selectors.Filters(),
        "can_manage": has_perm(request.user, "registry.manage_intersessionalactivity"),
    }
    return render(request, "registry/activity_list.html", context)


def activity_detail(request, slug):
    activity = selectors.activity_get(slug=slug)
    user = request.user
    sees_checks = has_perm(user, "registry.read_checks_intersessionalactivity", activity)
    context = {
        "activity": activity,
        "checks": selectors.checks_of(activity) if sees_checks else None,
        "can_manage": has_perm(user, "registry.manage_intersessionalactivity", activity),
        "can_check": has_perm(user, "registry.check_intersessionalactivity", activity),
    }
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
