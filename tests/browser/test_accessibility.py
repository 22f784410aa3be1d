"""axe-core on every page, as each kind of person sees it, with the demo data loaded (shifted to `now`)."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from accounts.models import User
from igfmag.demo import DEMO_TOTP_SECRET, load_demo_data
from notifications.models import Announcement, Subscription
from proposals.models import SessionKind
from schedule.models import AvailabilityPoll, Deliverable, Meeting, Milestone
from teams.models import FacilitatorRole, IssueTeam
from tests.browser.conftest import SECRET, assert_accessible, secretariat_signs_in, signs_in
from tests.support.site import session_proposal

assert DEMO_TOTP_SECRET == SECRET

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _pages(secretariat_view):
    team = IssueTeam.objects.select_related("cycle", "area").order_by("area__name").first()
    poll = AvailabilityPoll.objects.filter(status="open").first()
    role = FacilitatorRole.objects.filter(status="confirmed").first()
    pages = [
        "/",
        "/teams/",
        team.get_absolute_url(),
        "/dashboard/",
        "/profile/",
        "/milestones/",
        f"/milestones/{Milestone.objects.first().pk}/",
        f"/deliverables/{Deliverable.objects.first().pk}/",
        "/announcements/",
        "/notifications/preferences/",
        "/calendar/",
        "/action-items/",
        f"/polls/{poll.pk}/",
        f"/meetings/{Meeting.objects.first().pk}/",
        "/registry/",
        "/registry/connecting-the-unconnected/",
        "/no-such-page/",
        f"/review/{team.cycle.year}/criteria/",
        f"/review/{team.cycle.year}/mine/",
    ]
    if secretariat_view:
        pages += [
            "/milestones/new/",
            "/milestones/matrix/",
            "/secretariat/outbox/",
            "/secretariat/audit-log/",
            "/secretariat/roster-import/",
            "/announcements/new/",
            "/polls/launch/",
            f"/teams/facilitators/{role.pk}/handover/",
            f"/polls/{poll.pk}/finalise/",
            f"/teams/{team.cycle.year}/{team.slug}/polls/new/",
            f"/meetings/{Meeting.objects.first().pk}/edit/",
            "/registry/new/",
            "/registry/connecting-the-unconnected/edit/",
            "/registry/connecting-the-unconnected/check/",
            f"/meetings/{Meeting.objects.first().pk}/record/",
            "/proposals/kinds/",
            f"/proposals/kinds/{SessionKind.objects.order_by('pk').first().pk}/",
            f"/review/{team.cycle.year}/",
            f"/review/{team.cycle.year}/overview/",
            "/programme/clashes/",
        ]
    return pages


def test_every_page_passes_axe_for_the_secretariat(now, live_server, new_page):
    load_demo_data()
    staff = User.objects.get(email="secretariat@example.org")
    assert Authenticator.objects.filter(user=staff).exists()  # the demo's, with the secret SECRET
    Announcement.objects.create(author=staff, subject="Welcome", body="Hello\n\nall", to_everyone=True)
    page = new_page(timezone_id="Europe/Zurich")
    secretariat_signs_in(page, live_server.url, "secretariat@example.org", password="igf-demo-2021")
    for path in _pages(secretariat_view=True):
        page.goto(live_server.url + path)
        assert page.title() and "Server Error" not in page.content(), path
        assert_accessible(page, "secretariat" + path.replace("/", "_"))


def test_every_page_passes_axe_for_a_member_and_a_visitor(now, live_server, new_page):
    load_demo_data()
    member = new_page(timezone_id="Africa/Dakar")
    signs_in(member, live_server.url, "amina@example.org", password="igf-demo-2021")
    member.wait_for_url(f"{live_server.url}/dashboard/")
    for path in _pages(secretariat_view=False):
        member.goto(live_server.url + path)
        assert_accessible(member, "member" + path.replace("/", "_"))

    visitor = new_page()
    team = IssueTeam.objects.select_related("cycle", "area").first()
    subscription = Subscription.objects.create(team=team, email="v@example.org", name="V")
    for path in [
        "/",
        "/teams/",
        team.get_absolute_url(),
        "/milestones/public/",
        "/registry/?area=universal-access-and-meaningful-connectivity&status=inactive",
        "/registry/connecting-the-unconnected/",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/login/code/",
        "/privacy/",
        f"/subscriptions/{subscription.token}/confirm/",
        f"/subscriptions/{subscription.token}/unsubscribe/",
        "/no-such-page/",
    ]:
        visitor.goto(live_server.url + path)
        assert_accessible(visitor, "visitor" + path.replace("/", "_"))


def test_the_session_proposal_pages_pass_axe_for_their_groups_chair(now, live_server, new_page):
    load_demo_data()
    amina = User.objects.get(email="amina@example.org")
    team = IssueTeam.objects.get(memberships__user=amina, facilitator_roles__user=amina)
    proposal = session_proposal(amina, team)
    page = new_page(timezone_id="Africa/Dakar")
    signs_in(page, live_server.url, "amina@example.org", password="igf-demo-2021")
    page.wait_for_url(f"{live_server.url}/dashboard/")
    for path in [
        reverse("proposals:group", args=[team.cycle.year, team.slug]),
        reverse("proposals:new", args=[team.cycle.year, team.slug]),
        proposal.get_absolute_url(),
        reverse("proposals:edit", args=[proposal.pk]),
        reverse("proposals:editors", args=[proposal.pk]),
    ]:
        page.goto(live_server.url + path)
        assert_accessible(page, "chair" + path.replace("/", "_"))
