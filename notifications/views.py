from datetime import timedelta

from allauth.core import ratelimit
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from common.feedback import flash_form_errors
from common.fragments import CSRF_PLACEHOLDER, versioned_value, with_csrf_token
from common.paging import keyset_page
from common.permissions import has_perm, permission_required
from common.versions import versioned_get_or_set, versions_of
from teams import selectors as team_selectors

from .enums import OutboxStatus
from .forms import AnnouncementForm, PreferencesForm, RetryPeriodForm, SubscribeForm
from .selectors import announcements as announcement_selectors
from .selectors import outbox as outbox_selectors
from .selectors import recipients as recipient_selectors
from .services import announcements as announcement_services
from .services import guests as guest_services
from .services import outbox as outbox_services
from .services import preferences as preference_services

# Rows a page shows: a page's cost and size are these, whatever the size of the log.
OUTBOX_PAGE = 25
# How long a rendered part of the outbox may sit unread (its key changes when what it shows does).
OUTBOX_FRAGMENT_TIMEOUT = 600
# How old the health panel's counts, chores and errors may be.
HEALTH_MAX_AGE = timedelta(seconds=15)
ANNOUNCEMENTS_PAGE = 10
ANNOUNCEMENTS_CACHE_TIMEOUT = 3600


def _found(obj):
    if obj is None:
        raise Http404
    return obj


@require_http_methods(["GET", "POST"])
@permission_required("notifications.change_notificationpreferences")
def preferences(request):
    form = PreferencesForm(request.POST or None, instance=recipient_selectors.preferences_of(request.user))
    if request.method == "POST" and form.is_valid():
        preference_services.preferences_update(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your email preferences are saved."))
        return redirect("notification_preferences")
    return render(request, "notifications/preferences.html", {"form": form})


# Mail clients POST here without a CSRF token (RFC 8058 one-click); the secret token is the
# credential, and the only thing this can do is turn emails off.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    prefs = _found(recipient_selectors.preferences_by_token(token))
    if request.method == "POST":
        preference_services.unsubscribe_all(prefs=prefs)
        if "List-Unsubscribe" in request.POST:
            return HttpResponse(_("Unsubscribed."), content_type="text/plain")
        return render(request, "notifications/unsubscribed.html", {"prefs": prefs})
    return render(request, "notifications/unsubscribe.html", {"prefs": prefs})


# Like `unsubscribe`, for an address without an account: mail clients POST here without a CSRF
# token (RFC 8058); the secret token is the credential. A GET only asks, so link scanners stop nothing.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def guest_stop(request, token):
    address = _found(recipient_selectors.guest_address_by_token(token))
    if request.method == "POST":
        if request.POST.get("resume"):
            address = guest_services.guest_address_resume(address=address)
        else:
            address = guest_services.guest_address_stop(address=address)
        if "List-Unsubscribe" in request.POST:
            return HttpResponse(_("Unsubscribed."), content_type="text/plain")
    return render(request, "notifications/guest_stop.html", {"address": address})


@permission_required("notifications.view_outboxmessage")
def outbox(request):
    status = request.GET.get("status", "")
    page = keyset_page(
        outbox_selectors.outbox_messages(status=status), request.GET, per_page=OUTBOX_PAGE, keep=("status",)
    )
    # Which filter the nav marks as current: a known status, none, or something else (none marked).
    shown_status = status if not status or status in OutboxStatus.values else "other"

    def content() -> str:
        context = {
            "page": page,
            "status": status,
            "statuses": OutboxStatus.choices,
            "health": outbox_selectors.outbox_health(),
            "rows": _outbox_rows_html(page),
            "retry_form": RetryPeriodForm().as_p(),
            "retention_days": settings.IGFMAG_OUTBOX_RETENTION_DAYS,
            "csrf_token": CSRF_PLACEHOLDER,
        }
        return render_to_string("notifications/_outbox.html", context)

    # The page below its header, in one cache round trip: keyed by the rows it shows (read on every
    # load: the workers change them without a version), the filter and the minute (the health panel
    # says "3 minutes ago"); built again, the health counted again, at most HEALTH_MAX_AGE later
    # (the workers move the counts all the time) and at once after the secretariat's own retry
    # (which bumps "outbox").
    minute = timezone.now().strftime("%Y%m%d%H%M")
    key = f"outbox:{outbox_selectors.outbox_rows_key(page)}:{shown_status}:{minute}"
    html = versioned_value(key, ("outbox",), content, timeout=OUTBOX_FRAGMENT_TIMEOUT, max_age=HEALTH_MAX_AGE)
    return render(
        request, "notifications/outbox.html", {"page": page, "content": with_csrf_token(html, request)}
    )


def _outbox_rows_html(page) -> str:
    rows = outbox_selectors.outbox_rows_shown(page.rows)
    return render_to_string("notifications/_outbox_rows.html", {"rows": rows})


@permission_required("notifications.view_outboxmessage")
def outbox_message(request, pk):
    message = _found(outbox_selectors.outbox_message_get(pk))
    return render(
        request,
        "notifications/outbox_message.html",
        {"message": message, "retention_days": settings.IGFMAG_OUTBOX_RETENTION_DAYS},
    )


@require_POST
@permission_required("notifications.change_outboxmessage")
def outbox_retry(request):
    ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
    count = outbox_services.outbox_retry(actor=request.user, ids=ids)
    messages.success(
        request,
        ngettext("%(count)d email queued again.", "%(count)d emails queued again.", count) % {"count": count},
    )
    return redirect("outbox")


@require_POST
@permission_required("notifications.change_outboxmessage")
def outbox_retry_period(request):
    form = RetryPeriodForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect("outbox")
    hours = form.cleaned_data["hours"]
    count = outbox_services.outbox_retry_period(
        actor=request.user, since=timezone.now() - timedelta(hours=hours)
    )
    messages.success(
        request,
        ngettext(
            "Failed emails of the last hour queued again: %(count)d.",
            "Failed emails of the last %(hours)d hours queued again: %(count)d.",
            hours,
        )
        % {"count": count, "hours": hours},
    )
    return redirect("outbox")


@permission_required("notifications.view_announcement")
def announcement_list(request):
    user = request.user

    def render_list():
        page = keyset_page(
            announcement_selectors.announcements_for(user), request.GET, per_page=ANNOUNCEMENTS_PAGE
        )
        html = render_to_string("notifications/_announcement_list.html", {"page": page, "user": user})
        return html, page.older_url

    list_versions, answer_versions = versions_of(
        announcement_selectors.LIST_VERSIONS, ("teams", "permissions")
    )
    # Read and rendered only when this reader's page is not cached (its key names the versions).
    html, older_url = versioned_get_or_set(
        announcement_selectors.announcements_list_key(user, request.GET, versions=list_versions),
        render_list,
        ANNOUNCEMENTS_CACHE_TIMEOUT,
    )
    # Whether they may write one: the rules (role, facilitator roles: the teams' version) or a
    # permission row (the permissions' version), asked once per version of those and per person.
    answer_key = (
        f"notifications:may-announce:{user.pk}:{user.role}:{user.is_active}:{user.is_superuser}"
        f":{answer_versions}"
    )
    can_announce = versioned_get_or_set(
        answer_key, lambda: has_perm(user, "notifications.add_announcement"), ANNOUNCEMENTS_CACHE_TIMEOUT
    )
    return render(
        request,
        "notifications/announcements.html",
        {
            "announcement_list": mark_safe(html),
            "older_url": older_url,
            "can_announce": can_announce,
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required("notifications.add_announcement")
def announcement_create(request):
    form = AnnouncementForm(
        request.POST or None,
        teams=announcement_selectors.teams_user_may_announce_to(request.user),
        can_write_to_everyone=request.user.is_secretariat,
    )
    if request.method == "POST" and form.is_valid():
        try:
            announcement = announcement_services.announcement_create(
                author=request.user,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                to_everyone=form.cleaned_data.get("to_everyone", False),
                teams=list(form.cleaned_data["teams"]),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("“%(subject)s” is being sent.") % {"subject": announcement.subject})
            return redirect("announcements")
    return render(request, "notifications/announcement_form.html", {"form": form})


@require_POST
def team_subscribe(request, year, slug):
    team = team_selectors.team_get(year=year, slug=slug)
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        # A form that sends nothing costs nothing from the hourly allowance.
        flash_form_errors(request, form)
    elif not ratelimit.consume(request, action="team_subscribe"):
        messages.error(
            request, _("Too many subscription requests from your network; please try again in an hour.")
        )
    else:
        announcement_services.subscription_request(
            team=team, **form.cleaned_data, language=request.LANGUAGE_CODE
        )
        # The same words whether or not the address was subscribed already: they reveal nothing.
        messages.success(request, _("Check your inbox: we sent a link to confirm the subscription."))
    return redirect(team)


def _subscription(token):
    return _found(announcement_selectors.subscription_by_token(token))


@require_http_methods(["GET", "POST"])
def subscription_confirm(request, token):
    # Confirmation needs a button press: mail scanners that open links must not subscribe anyone.
    subscription = _subscription(token)
    if request.method == "POST":
        announcement_services.subscription_confirm(subscription=subscription)
        messages.success(
            request,
            _("You will receive the announcements of %(team)s.") % {"team": subscription.team.name.text},
        )
        return redirect(subscription.team)
    return render(request, "notifications/subscription_confirm.html", {"subscription": subscription})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def subscription_unsubscribe(request, token):
    subscription = _subscription(token)
    if request.method == "POST":
        announcement_services.subscription_cancel(subscription=subscription)
        if "List-Unsubscribe" in request.POST:
            return HttpResponse(_("Unsubscribed."), content_type="text/plain")
        messages.success(
            request,
            _("You will no longer receive the announcements of %(team)s.")
            % {"team": subscription.team.name.text},
        )
        return redirect(subscription.team)
    return render(request, "notifications/subscription_unsubscribe.html", {"subscription": subscription})
