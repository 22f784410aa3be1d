import pytest
from django.urls import reverse

from accounts.enums import AuditAction, Role
from accounts.models import AuditEvent
from tests.factories import UserFactory

PROFILE = {
    "display_name": "Ada Lovelace",
    "organisation": "Analytical Engines",
    "stakeholder_group": "technical",
    "un_region": "weog",
    "time_zone": "Europe/London",
    "gender": "",
    "language": "fr",
    "claimed_role": "",
}


def test_profile_is_saved_and_audited(client, community):
    client.force_login(community)
    response = client.post(reverse("profile_edit"), PROFILE)

    assert response.status_code == 302
    community.refresh_from_db()
    assert (community.display_name, community.time_zone, community.language) == (
        "Ada Lovelace",
        "Europe/London",
        "fr",
    )
    assert AuditEvent.objects.filter(action=AuditAction.PROFILE_UPDATED, subject=community).exists()


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("time_zone", "Mars/Olympus_Mons", "“Mars/Olympus_Mons” is not a time zone we know"),
        ("display_name", "   ", "Please give the name others will see."),
        ("stakeholder_group", "aliens", "Select a valid choice"),
    ],
)
def test_bad_profile_input_is_explained_and_nothing_saved(client, community, field, value, message):
    client.force_login(community)
    response = client.post(reverse("profile_edit"), {**PROFILE, field: value})

    assert response.status_code == 200
    assert message in response.content.decode()
    community.refresh_from_db()
    assert community.display_name == "Community Member"


def test_html_in_a_name_is_shown_as_text(client, community, team):
    client.force_login(community)
    client.post(reverse("profile_edit"), {**PROFILE, "display_name": "<script>alert(1)</script>"})
    client.post(
        reverse("teams:join", kwargs={"year": team.cycle.year, "slug": team.area.slug}), {"capacity": "dc"}
    )

    page = client.get(team.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_claiming_mag_membership_waits_for_the_secretariat(client, community, secretariat):
    client.force_login(community)
    client.post(reverse("profile_edit"), {**PROFILE, "claimed_role": Role.MAG})
    community.refresh_from_db()
    assert community.role == Role.COMMUNITY and community.requested_role == Role.MAG

    client.force_login(secretariat)
    assert "Ada Lovelace" in client.get(reverse("dashboard")).content.decode()
    client.post(reverse("role_claims_decide"), {"users": [community.pk], "decision": "confirm"})

    community.refresh_from_db()
    assert community.role == Role.MAG and community.requested_role == ""
    event = AuditEvent.objects.get(action=AuditAction.ROLE_CONFIRMED)
    assert event.actor == secretariat and event.subject == community


def test_secretariat_confirms_several_claims_at_once_and_declines_others(client, secretariat):
    waiting = [UserFactory(requested_role=Role.MAG) for _ in range(3)]
    client.force_login(secretariat)
    client.post(reverse("role_claims_decide"), {"users": [u.pk for u in waiting[:2]], "decision": "confirm"})
    client.post(reverse("role_claims_decide"), {"users": [waiting[2].pk], "decision": "decline"})

    for user in waiting:
        user.refresh_from_db()
    assert [u.role for u in waiting] == [Role.MAG, Role.MAG, Role.COMMUNITY]
    assert all(u.requested_role == "" for u in waiting)


def test_deciding_with_nobody_ticked_says_so(client, secretariat):
    client.force_login(secretariat)
    response = client.post(reverse("role_claims_decide"), {"decision": "confirm"}, follow=True)
    assert "Tick at least one person." in response.content.decode()


def test_audit_log_lists_who_did_what(client, secretariat, community):
    UserFactory(email="claimer@example.org", display_name="Claire Claimer")
    from accounts.models import User
    from accounts.services import user_claim_role

    user_claim_role(user=User.objects.get(email="claimer@example.org"), role=Role.PAST_MAG)
    client.force_login(secretariat)
    page = client.get(reverse("audit_log")).content.decode()
    assert "Role claimed" in page and "Claire Claimer" in page


def test_footer_language_choice_wins_until_the_profile_language_is_saved(client, community):
    community.language = "es"
    community.save()
    client.force_login(community)
    assert client.get(reverse("home"))["Content-Language"] == "es"

    client.post(reverse("set_language"), {"language": "ru", "next": "/"})
    assert client.get(reverse("home"))["Content-Language"] == "ru"

    client.post(reverse("profile_edit"), {**PROFILE, "language": "fr"})
    assert client.get(reverse("home"))["Content-Language"] == "fr"
