from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import i18n
from django.views.decorators.http import require_http_methods, require_POST

from common.choices import with_choice_labels
from common.feedback import add_to_form, back_to, flash, form_saved
from common.fragments import versioned_fragment
from common.paging import keyset_page
from common.permissions import permission_required
from common.timezones import canonical_zone

from . import closing, services
from .forms import (
    AccountCloseForm,
    CallHoursForm,
    ProfileForm,
    RoleClaimsDecisionForm,
    RosterConfirmForm,
    RosterImportForm,
)
from .personal_data import archive_filename, personal_data_archive
from .selectors import AUDIT_LOG_VERSIONS, audit_events, audit_log_key, call_hours_of, roster_import_preview

# Rows a page of the audit log shows: its cost and size, whatever the size of the log.
AUDIT_LOG_PAGE = 25


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.profile_update(
            user=request.user, data=form.cleaned_data, claimed_role=form.cleaned_data.get("claimed_role", "")
        )
        messages.success(request, _("Your profile is saved."))
        response = redirect("dashboard")
        if form.cleaned_data["language"]:
            # The footer's language choice is a cookie that wins over the profile: align the two.
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                form.cleaned_data["language"],
                max_age=settings.LANGUAGE_COOKIE_AGE or 365 * 24 * 3600,
                samesite="Lax",
            )
        return response
    return _profile_page(request, form, CallHoursForm(hours=call_hours_of(user=request.user)))


def _profile_page(request, form, hours_form):
    browser_zone = canonical_zone(request.COOKIES.get("tz"))
    return render(
        request,
        "accounts/profile_form.html",
        {"form": form, "hours_form": hours_form, "browser_zone": browser_zone},
    )


@login_required
@require_POST
def call_hours_edit(request):
    """The profile's "When you can take calls": one's own only (there is no one else's to name)."""
    form = CallHoursForm(request.POST)

    def save(data):
        services.call_hours_set(user=request.user, hours=None if form.clearing else data["hours"])
        return True

    if form_saved(request, form, save):
        if form.clearing:
            messages.success(
                request, _("Your call hours are cleared: the default night (22:00–07:00) holds.")
            )
        else:
            messages.success(request, _("Your call hours are saved."))
        return redirect("profile_edit")
    return _profile_page(request, ProfileForm(instance=request.user), form)


@require_POST
@permission_required("accounts.review_role_claims_user")
def role_claims_decide(request):
    form = RoleClaimsDecisionForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("users", []) + form.errors.get("decision", []):
            messages.error(request, error)
        return redirect(back_to(request, "dashboard"))
    confirm = form.cleaned_data["decision"] == "confirm"
    try:
        count = services.role_claims_decide(
            actor=request.user, users=form.cleaned_data["users"], confirm=confirm
        )
    except ValidationError as error:
        flash(request, error)
    else:
        if confirm:
            messages.success(
                request,
                ngettext("%(count)d role claim confirmed.", "%(count)d role claims confirmed.", count)
                % {"count": count},
            )
        else:
            messages.success(
                request,
                ngettext("%(count)d role claim declined.", "%(count)d role claims declined.", count)
                % {"count": count},
            )
    return redirect(back_to(request, "dashboard"))


@require_http_methods(["GET", "POST"])
@permission_required("accounts.import_roster_user")
def roster_import(request):
    """Upload, then a preview of what the file would change, then one confirmation that imports it."""
    if request.method == "POST" and "text" in request.POST:
        return _roster_confirm(request)
    form = RosterImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        return _roster_preview(request, form.cleaned_data["text"], form.cleaned_data["rows"])
    return render(request, "accounts/roster_import.html", {"form": form, "upload": form})


def _roster_preview(request, text, rows):
    preview = roster_import_preview(rows=rows)
    confirm = RosterConfirmForm(initial={"text": text, "fingerprint": preview.fingerprint})
    return render(request, "accounts/roster_import_preview.html", {"preview": preview, "confirm": confirm})


def _roster_confirm(request):
    form = RosterConfirmForm(request.POST)
    if form.is_valid():
        try:
            result = services.mag_roster_import(
                actor=request.user,
                rows=form.cleaned_data["rows"],
                fingerprint=form.cleaned_data["fingerprint"],
            )
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(
                request,
                _("MAG roster imported: %(created)d new accounts, %(updated)d updated.")
                % {"created": result.created, "updated": result.updated},
            )
            return redirect("dashboard")
    return render(request, "accounts/roster_import.html", {"form": form, "upload": RosterImportForm()})


@permission_required("accounts.view_auditevent")
def audit_log(request):
    def read_page():
        page = keyset_page(audit_events(), request.GET, per_page=AUDIT_LOG_PAGE)
        with_choice_labels(page.rows, action="action_label")
        return page

    # Read only when the page's cached fragment is missing or out of date.
    page = SimpleLazyObject(read_page)
    rows = versioned_fragment(
        audit_log_key(request.GET),
        AUDIT_LOG_VERSIONS,
        lambda: render_to_string("accounts/_audit_log_rows.html", {"page": page}),
        timeout=600,
    )
    return render(request, "accounts/audit_log.html", {"rows": rows, "page": page})


# --- A person's data, for them to take away (issue 17, point 5) ------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def data_export(request):
    """The page that says what the file holds; its button (a POST, so that no link, prefetch or
    other site's page starts it) downloads the signed-in person's own data, never anyone else's."""
    if request.method == "GET":
        return render(request, "accounts/data_export.html")
    now = timezone.now()
    response = HttpResponse(personal_data_archive(user=request.user, now=now), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{archive_filename(now)}"'
    # Nothing between the person and the site keeps a copy.
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- end of a person's data -------------------------------------------------------------------------


@require_POST
def language_set(request):
    """The language menu at the foot of every page. Everyone gets Django's cookie (a visitor's
    choice, remembered; before it, the browser's Accept-Language decides); a signed-in person's
    profile takes the choice too, so that their emails come in it."""
    response = i18n.set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        services.profile_update(user=request.user, data={"language": language})
    return response


# --- Closing an account (issue 17) ---


@login_required
@require_http_methods(["GET", "POST"])
def account_close(request):
    """What closing does, then one confirmed POST: the one service call, then signed out."""
    refusal = closing.account_close_refusal(request.user)
    form = AccountCloseForm(request.POST if request.method == "POST" else None)
    if not refusal and form_saved(request, form, lambda data: closing.account_close(user=request.user)):
        logout(request)
        return redirect("account_closed")
    return render(request, "accounts/account_close.html", {"form": form, "refusal": refusal})


@require_http_methods(["GET"])
def account_closed(request):
    """Said after the closing, to someone no longer signed in: nothing of the account is shown."""
    return render(request, "accounts/account_closed.html")


# --- end of closing an account ---
