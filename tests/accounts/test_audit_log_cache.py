"""The audit log's cached page: a rename shows at once, however it is made; a sign-in changes nothing."""

from django.contrib.auth.signals import user_logged_in
from django.urls import reverse

from accounts.enums import Role
from accounts.services import profile_update, user_claim_role
from common.versions import version_of
from tests.factories import UserFactory


def _log(client) -> str:
    return client.get(reverse("audit_log")).content.decode()


def test_a_rename_outside_any_audited_service_shows_at_once(
    client, secretariat, django_capture_on_commit_callbacks
):
    claimer = UserFactory(email="claimer@example.org", display_name="Claire Claimer")
    user_claim_role(user=claimer, role=Role.PAST_MAG)
    client.force_login(secretariat)
    assert "Claire Claimer" in _log(client)  # now cached

    # The admin's change form saves the whole row and records no audit event.
    with django_capture_on_commit_callbacks(execute=True):
        claimer.display_name = "Claire Renamed"
        claimer.save()

    page = _log(client)
    assert "Claire Renamed" in page and "Claire Claimer" not in page


def test_a_profile_rename_shows_at_once(client, secretariat, django_capture_on_commit_callbacks):
    claimer = UserFactory(email="claimer@example.org", display_name="Claire Claimer")
    user_claim_role(user=claimer, role=Role.PAST_MAG)
    client.force_login(secretariat)
    assert "Claire Claimer" in _log(client)

    with django_capture_on_commit_callbacks(execute=True):
        profile_update(user=claimer, data={"display_name": "Claire Renamed"})

    assert "Claire Claimer" not in _log(client)


def test_a_sign_in_keeps_the_names_version(secretariat, django_capture_on_commit_callbacks, rf):
    people = version_of("people")
    request = rf.get("/")
    with django_capture_on_commit_callbacks(execute=True):
        user_logged_in.send(sender=type(secretariat), request=request, user=secretariat)  # saves last_login
    assert version_of("people") == people
