"""The secretariat's pool of rooms and online channels: the list, each one's page with its upcoming
bookings, and booking one for a group's meeting."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from common.feedback import add_to_form
from common.permissions import permission_required

from ..forms.resources import BookMeetingForm, ResourceForm
from ..models import Resource
from ..selectors import sessions as selectors
from ..services import resources as services
from .build import BUILD, cached_page, secretariat_only


def _fields(form) -> dict:
    return {name: form.cleaned_data[name] for name in ResourceForm.Meta.fields}


@require_http_methods(["GET", "POST"])
@permission_required(BUILD, refused=secretariat_only)
def resource_list(request):
    form = ResourceForm(request.POST or None, initial={"is_active": True})
    if request.method == "POST" and form.is_valid():
        try:
            resource = services.resource_save(actor=request.user, **_fields(form))
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("%(resource)s is added.") % {"resource": resource.name})
            return redirect("programme:resources")
    if request.method == "GET":
        # Alike for the whole secretariat: cached per language until a resource changes.
        return cached_page(
            request,
            f"programme-resources:{get_language()}",
            "programme/resources/list.html",
            lambda: {"resources": selectors.resources(), "form": form},
            names=("programme",),
        )
    return render(
        request, "programme/resources/list.html", {"resources": selectors.resources(), "form": form}
    )


# A resource's page shows upcoming meetings and bookings: it changes with them and with time.
RESOURCE_VERSIONS = ("programme", "meetings", "teams")
RESOURCE_MAX_AGE = timedelta(minutes=5)


def _resource_page(request, resource, form=None, book_form=None):
    number = selectors.page_number(request.GET.get("page"))

    def context():
        return {
            "resource": resource,
            "form": form or ResourceForm(instance=resource, prefix="resource"),
            "book_form": book_form or BookMeetingForm(meetings=selectors.upcoming_meetings()),
            "bookings": selectors.upcoming_bookings(resource, number),
        }

    if form is None and book_form is None:
        zone = timezone.get_current_timezone_name()
        key = f"programme-resource:{resource.pk}:{number}:{zone}:{get_language()}"
        return cached_page(
            request,
            key,
            "programme/resources/resource.html",
            context,
            names=RESOURCE_VERSIONS,
            max_age=RESOURCE_MAX_AGE,
        )
    return render(request, "programme/resources/resource.html", context())


@require_http_methods(["GET", "POST"])
@permission_required(BUILD, refused=secretariat_only)
def resource_detail(request, pk):
    resource = get_object_or_404(Resource, pk=pk)
    if request.method == "GET":
        return _resource_page(request, resource)
    form = ResourceForm(request.POST, instance=Resource.objects.get(pk=pk), prefix="resource")
    if form.is_valid():
        try:
            services.resource_save(actor=request.user, resource=resource, **_fields(form))
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("%(resource)s is saved.") % {"resource": form.cleaned_data["name"]})
            return redirect("programme:resource", pk)
    return _resource_page(request, resource, form=form)


@require_POST
@permission_required(BUILD, refused=secretariat_only)
def resource_book_meeting(request, pk):
    resource = get_object_or_404(Resource, pk=pk)
    form = BookMeetingForm(request.POST, meetings=selectors.upcoming_meetings())
    if form.is_valid():
        try:
            services.book_meeting(actor=request.user, resource=resource, meeting=form.cleaned_data["meeting"])
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(
                request,
                _("%(resource)s is booked for “%(meeting)s”.")
                % {"resource": resource.name, "meeting": form.cleaned_data["meeting"].title},
            )
            return redirect("programme:resource", pk)
    return _resource_page(request, resource, book_form=form)
