import hashlib

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.csv_export import csv_response
from common.feedback import back_to, flash
from common.fragments import VersionedBatch, request_csrf_token, versioned_value
from common.permissions import has_perm, permission_required
from common.versions import version_of

from . import fragments, selectors, services
from .area_choice import AREA_MATCHES_MAX, area_names_holding
from .enums import FacilitatorStatus
from .forms import FacilitatorDecisionForm, GroupForm, HandoverForm, JoinForm, VolunteerForm
from .places import PLACES_VERSIONS, places_key, places_of


def _hide_draft(user, cycle) -> None:
    """A year drafted and not yet current is the secretariat's to review: to anyone else it does
    not exist yet."""
    if cycle.is_draft and not has_perm(user, "teams.roll_over_cycle"):
        raise Http404(_("No such cycle."))


def _team(request, year, slug, **kwargs):
    team = selectors.team_get(year=year, slug=slug)
    _hide_draft(request.user, team.cycle)
    return team


def team_list(request, year=None):
    teams_version = version_of("teams")
    cycle, team_count = selectors.cycle_listing(year=year, versions=teams_version)
    if cycle is None:
        raise Http404(_("No cycle has been opened yet.") if year is None else _("No such cycle."))
    _hide_draft(request.user, cycle)
    # Read only if the cached cards are missing.
    teams = selectors.teams_page(cycle=cycle, page_number=request.GET.get("page"), team_count=team_count)
    return render(
        request,
        "teams/team_list.html",
        {
            "cycle": cycle,
            "teams": teams,
            "cards": fragments.team_cards(
                cycle=cycle, teams=teams, heading="h3", kind_heading="h2", teams_version=teams_version
            ),
            "can_create_group": cycle.is_current and has_perm(request.user, "teams.create_issueteam"),
            "years": selectors.years_listed(versions=teams_version),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required("teams.create_issueteam")
def group_create(request):
    """A new group in the current cycle, of a kind the person may create (teams.enums.MAY_CREATE_KIND)."""
    if request.method == "GET":
        # The empty form, the same for everyone who may create the same kinds: no query.
        found = fragments.new_group_form(user=request.user)
        if found is None:
            raise Http404(_("No cycle has been opened yet."))
        cycle_name, fields = found
        return render(request, "teams/group_form.html", {"cycle_name": cycle_name, "fields": fields})
    cycle = selectors.current_cycle()
    if cycle is None:
        raise Http404(_("No cycle has been opened yet."))
    form = GroupForm(request.POST, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            team = services.group_create(
                actor=request.user,
                cycle=cycle,
                kind=data["kind"],
                title=data["title"],
                area=data["area"],
                description=data["description"],
            )
        except ValidationError as error:
            # At the form's top, whatever field the service named (the form has no slug or cycle).
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The group %(team)s is created.") % {"team": team.name.text})
            return redirect(team)
    return render(request, "teams/group_form.html", {"cycle_name": cycle.name, "fields": form.as_div()})


def team_detail(request, year, slug):
    # The person themselves rather than the request's lazy stand-in for them (SimpleLazyObject):
    # the page asks a dozen questions of them (permissions, places, their part), each a few calls
    # dearer through the stand-in. Their places are kept on this object (teams.places) for the
    # whole page, so everything below asks about this one, the calls panel too ("viewer").
    request.user.is_authenticated  # noqa: B018 - reads the person if no one has yet
    user = getattr(request.user, "_wrapped", request.user)
    page = selectors.team_page(year=year, slug=slug, viewer=user)
    team = page.team
    _hide_draft(user, team.cycle)
    context = {
        "page": page,
        "team": team,
        "viewer": user,
        # The team carries its confirmed facilitators (team_page): these ask no query.
        "can_see_roster": has_perm(user, "teams.view_roster_issueteam", team),
        "can_see_emails": has_perm(user, "teams.view_member_emails_issueteam", team),
        "can_volunteer": has_perm(user, "teams.volunteer_issueteam", team),
    }
    if user.is_authenticated:
        context["my_part_html"] = fragments.my_part(
            page=page, viewer=user, request=request, can_volunteer=context["can_volunteer"]
        )
        # The token the panel's forms hold, for the frame's forms too: one token a request.
        context["csrf_token"] = request_csrf_token(request)
    context["header_html"] = fragments.team_header(
        page=page, viewer=user, with_emails=context["can_see_emails"]
    )
    if context["can_see_roster"]:
        context["roster_html"] = fragments.team_roster(
            page=page, page_number=request.GET.get("page"), with_emails=context["can_see_emails"]
        )
    return render(request, "teams/team_detail.html", context)


@require_POST
@permission_required("teams.join_issueteam", get_object=_team)
def carry_over(request, year, slug, obj):
    """The dashboard's question to a member of last year's group: join this year's, or not."""
    join = request.POST.get("answer") == "join"
    try:
        services.carry_over_answer(user=request.user, team=obj, join=join)
    except ValidationError as error:
        flash(request, error)
    else:
        if join:
            messages.success(request, _("You joined %(team)s.") % {"team": obj.name.text})
        else:
            messages.success(
                request, _("You will not be asked again about %(team)s.") % {"team": obj.name.text}
            )
    return redirect("dashboard")


@require_POST
@permission_required("teams.join_issueteam", get_object=_team)
def team_join(request, year, slug, obj):
    form = JoinForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, _("Choose the capacity in which you join."))
        return redirect(obj)
    try:
        services.membership_create(user=request.user, team=obj, capacity=form.cleaned_data["capacity"])
    except ValidationError as error:
        flash(request, error)
    else:
        messages.success(request, _("You are in the team %(team)s.") % {"team": obj.name})
    return redirect(obj)


@require_POST
@permission_required("teams.join_issueteam", get_object=_team)
def team_leave(request, year, slug, obj):
    try:
        services.membership_delete(user=request.user, team=obj)
    except ValidationError as error:
        flash(request, error)
    else:
        messages.success(request, _("You have left the team %(team)s.") % {"team": obj.name})
    return redirect(obj)


@require_POST
@permission_required("teams.volunteer_issueteam", get_object=_team)
def facilitator_volunteer(request, year, slug, obj):
    form = VolunteerForm(request.POST, team=obj)
    if not form.is_valid():
        messages.error(request, _("Choose chair or co-chair."))
        return redirect(obj)
    try:
        role = services.facilitator_volunteer(user=request.user, team=obj, kind=form.cleaned_data["kind"])
    except ValidationError as error:
        flash(request, error)
    else:
        messages.success(
            request,
            _("Thank you. You volunteered as %(kind)s; the secretariat will confirm.")
            % {"kind": role.title.lower()},
        )
    return redirect(obj)


def _role(request, role_id, **kwargs):
    return selectors.facilitator_role_get(role_id=role_id)


@require_POST
@permission_required("teams.withdraw_facilitatorrole", get_object=_role)
def facilitator_withdraw(request, role_id, obj):
    try:
        services.facilitator_withdraw(user=request.user, role=obj)
    except ValidationError as error:
        flash(request, error)
    else:
        messages.success(request, _("Your offer to facilitate is withdrawn."))
    return redirect(obj.team)


@require_http_methods(["GET", "POST"])
@permission_required("teams.hand_over_facilitatorrole", get_object=_role)
def facilitator_handover(request, role_id, obj):
    if obj.status != FacilitatorStatus.CONFIRMED:
        raise Http404
    form = HandoverForm(request.POST or None, role=obj)
    if request.method == "POST" and form.is_valid():
        try:
            new_role = services.facilitator_handover(
                actor=request.user, role=obj, successor=form.cleaned_data["successor"]
            )
        except ValidationError as error:
            form.add_error("successor", error)
        else:
            messages.success(
                request,
                _("%(name)s is now %(kind)s of %(team)s.")
                % {
                    "name": new_role.user.name,
                    "kind": new_role.title.lower(),
                    "team": obj.team.name,
                },
            )
            return redirect(obj.team)
    return render(request, "teams/handover_form.html", {"form": form, "role": obj})


@require_POST
@permission_required("teams.decide_facilitatorrole")
def facilitators_decide(request):
    form = FacilitatorDecisionForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("roles", []) + form.errors.get("decision", []):
            messages.error(request, error)
        return redirect(back_to(request, "dashboard"))
    confirm = form.cleaned_data["decision"] == "confirm"
    try:
        count = services.facilitator_roles_decide(
            actor=request.user, roles=form.cleaned_data["roles"], confirm=confirm
        )
    except ValidationError as error:
        flash(request, error)
    else:
        if confirm:
            messages.success(
                request,
                ngettext("%(count)d facilitator confirmed.", "%(count)d facilitators confirmed.", count)
                % {"count": count},
            )
        else:
            messages.success(
                request,
                ngettext("%(count)d volunteer declined.", "%(count)d volunteers declined.", count)
                % {"count": count},
            )
    return redirect(back_to(request, "dashboard"))


@permission_required("teams.export_roster_issueteam", get_object=_team)
def roster_csv(request, year, slug, obj):
    rows = (
        [
            m.user.name,
            m.user.email,
            m.get_capacity_display(),
            m.user.organisation,
            m.user.get_stakeholder_group_display(),
            m.user.get_un_region_display(),
            m.joined_at.strftime("%Y-%m-%d %H:%M"),
        ]
        for m in selectors.roster_rows(team=obj)
    )
    return csv_response(
        f"roster-{obj.cycle.year}-{obj.slug}.csv",
        ["name", "email", "capacity", "organisation", "stakeholder_group", "region", "joined_at_utc"],
        rows,
    )


# Fewer letters than this name too many members to be worth listing.
SUGGEST_MIN_LENGTH = 2
# What the names offered for a text are read from: the group and its members (the teams' version),
# and how they are named (the people's). The group itself: the teams' version.
SUGGEST_VERSIONS = ("teams", "people")
# How long a group, or the names offered for a text, may sit unread (a new version makes them
# unreachable anyway).
SUGGEST_TIMEOUT = 600


def _suggest_text(request) -> str:
    return request.GET.get("q", "").strip()[:100]


def _suggest_keys(year, slug, text: str) -> tuple[str, str | None]:
    """The cache keys of the group at this address and of the names offered for `text` (None when
    too short to ask): by what is typed exactly (as a digest: it may hold anything), for the group,
    whoever asks (the names are the same for every reader the endpoint lets in)."""
    team = f"member-suggest-team:{year}:{slug}"
    if len(text) < SUGGEST_MIN_LENGTH:
        return team, None
    return team, f"member-suggest:{year}:{slug}:{hashlib.sha256(text.encode()).hexdigest()[:32]}"


def _team_for_suggestions(request, year, slug, **kwargs):
    """The group, read in ONE cache round trip with the reader's places (the check asks them) and
    the names offered for what is typed (kept on the request for the view): the box asks at every
    letter, so the group and the names are cached by the teams' and people's versions."""
    team_key, names_key = _suggest_keys(year, slug, _suggest_text(request))
    keys = (places_key(request.user), team_key) + ((names_key,) if names_key else ())
    batch = VersionedBatch(tuple(dict.fromkeys((*PLACES_VERSIONS, *SUGGEST_VERSIONS))), keys)
    places_of(request.user, batch=batch)
    request.member_suggest = (batch, names_key)
    return batch.value(
        team_key, ("teams",), lambda: selectors.team_get(year=year, slug=slug), timeout=SUGGEST_TIMEOUT
    )


@require_GET
@permission_required("teams.suggest_members_issueteam", get_object=_team_for_suggestions)
def member_suggest(request, year, slug, obj):
    """The names of the group's members that hold what is typed in a "Name or email" box
    (teams.member_choice), at most ten, and a sentence saying how many, for the script that offers
    them. Names only: a piece of an address is never matched nor shown."""
    text = _suggest_text(request)
    batch, names_key = request.member_suggest
    asked = names_key is not None

    def read() -> list[str]:
        # One more than is shown: whether there are more.
        return [person.name for person in selectors.members_named(team_id=obj.pk, text=text)]

    found = batch.value(names_key, SUGGEST_VERSIONS, read, timeout=SUGGEST_TIMEOUT) if asked else []
    names = found[: selectors.MEMBER_MATCHES_MAX]
    if len(found) > len(names):
        status = _("More than %(count)d members match: type more of the name.") % {"count": len(names)}
    elif names:
        status = ngettext("%(count)d member matches.", "%(count)d members match.", len(names)) % {
            "count": len(names)
        }
    else:
        status = _("No member matches.") if asked else ""
    response = JsonResponse({"names": names, "status": status})
    response["Cache-Control"] = "private, no-store"
    return response


# How long a reader's browser may keep the areas offered for a text: the same for everyone of a
# language, so not secret, but in the language the reader chose (a cookie, their session), which a
# shared cache would mix up; a minute spares asking again as one types and deletes, and an area
# renamed in the admin shows within it.
AREA_SUGGEST_MAX_AGE = 60


@require_GET
def area_suggest(request):
    """The names of the issue areas that hold what is typed in an "Issue area" box
    (teams.area_choice), in the reader's language, at most ten, and a sentence saying how many, for
    the script that offers them. Issue areas are public: anyone may ask."""
    text = _suggest_text(request)
    asked = len(text) >= SUGGEST_MIN_LENGTH
    found = []
    if asked:
        digest = hashlib.sha256(text.encode()).hexdigest()[:32]
        # Only answers that name some area are kept: a text anyone may vary that matches nothing
        # would only fill the cache (and costs one bounded query).
        found = versioned_value(
            f"area-suggest:{get_language()}:{digest}",
            ("teams",),
            lambda: area_names_holding(text=text),
            timeout=SUGGEST_TIMEOUT,
            keep=bool,
        )
    names = found[:AREA_MATCHES_MAX]
    if len(found) > len(names):
        status = _("More than %(count)d issue areas match: type more of the name.") % {"count": len(names)}
    elif names:
        status = ngettext("%(count)d issue area matches.", "%(count)d issue areas match.", len(names)) % {
            "count": len(names)
        }
    else:
        status = _("No issue area matches.") if asked else ""
    response = JsonResponse({"names": names, "status": status})
    response["Cache-Control"] = f"private, max-age={AREA_SUGGEST_MAX_AGE}"
    return response
