"""accounts/admin.py: what the secretariat sees and may change in Django's admin."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from accounts.models import AuditEvent
from teams.models import Membership
from tests.factories import MembershipFactory
from tests.support.two_factor import SECRET


@pytest.mark.django_db
def test_the_admin_never_shows_an_authenticator_secret(client, staff, secretariat):
    client.force_login(secretariat)
    authenticator = Authenticator.objects.get(user=staff, type=Authenticator.Type.TOTP)

    pages = [
        client.get("/admin/mfa/authenticator/"),
        client.get(f"/admin/mfa/authenticator/{authenticator.pk}/change/"),
    ]

    assert all(page.status_code == 200 for page in pages)
    assert not any(SECRET in page.content.decode() for page in pages)
    # Editing is refused too (one could put in a secret one knows).
    client.post(
        f"/admin/mfa/authenticator/{authenticator.pk}/change/",
        {"user": staff.pk, "type": "totp", "data": '{"secret": "AAAA"}'},
    )
    authenticator.refresh_from_db()
    assert "AAAA" not in str(authenticator.data)


def _save_user_page(client, secretariat, person, **changes):
    """The secretariat saves the person's admin page with `changes` made to what it shows."""
    client.force_login(secretariat)
    url = reverse("admin:accounts_user_change", args=[person.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        date_joined_0=person.date_joined.strftime("%Y-%m-%d"),
        date_joined_1=person.date_joined.strftime("%H:%M:%S"),
        **changes,
    )
    return client.post(url, data)


def test_ending_a_facilitators_mag_term_is_refused_beside_the_role_and_nothing_is_saved(
    client, team, facilitator, secretariat
):
    response = _save_user_page(client, secretariat, facilitator, role="past_mag", organisation="Elsewhere")

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["role"] == [
        "Team Facilitator facilitates Trust, security and stability: reassign those roles before the MAG "
        "term ends."
    ]
    facilitator.refresh_from_db()
    assert (facilitator.role, facilitator.organisation) == ("mag", "Example Org")


def test_a_role_change_in_the_admin_goes_through_the_service(client, team, mag, secretariat):
    MembershipFactory(team=team, user=mag, capacity="mag")
    assert _save_user_page(client, secretariat, mag, role="past_mag").status_code == 302
    assert Membership.objects.get(team=team, user=mag).capacity == "past_mag"
    assert AuditEvent.objects.filter(action="role_changed", subject=mag, actor=secretariat).exists()
