"""accounts/views.py: the profile, role claims, the roster import and the audit log, through the client."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.enums import AuditAction, Role
from accounts.models import AuditEvent, User
from accounts.views import AUDIT_LOG_PAGE
from tests.factories import UserFactory
from tests.support.sizes import assert_html_does_not_grow

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
        reverse("teams:join", kwargs={"year": team.cycle.year, "slug": team.slug}), {"capacity": "dc"}
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


# The MAG roster import: upload, preview, confirm.


def _upload(client, text, name="roster.csv"):
    """Step one: the file is checked and a preview shown; nothing is saved."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    return client.post(
        reverse("roster_import"), {"file": SimpleUploadedFile(name, data, "text/csv")}, follow=True
    )


def _confirm(client, preview):
    return client.post(reverse("roster_import"), preview.context["confirm"].initial, follow=True)


def _import(client, text):
    """Both steps: upload, then confirm what the preview showed."""
    return _confirm(client, _upload(client, text))


GOOD = (
    "name,email,stakeholder_group,region\n"
    "Amina Diallo,Amina@Example.org,Civil society,African Group\n"
    "Hiroshi Tanaka,hiroshi@example.org,private_sector,asia_pacific\n"
)


def test_roster_import_makes_everyone_a_confirmed_mag_member(client, secretariat):
    existing = UserFactory(email="hiroshi@example.org", display_name="Hiro", requested_role=Role.MAG)
    client.force_login(secretariat)

    response = _import(client, GOOD)

    assert "1 new accounts, 1 updated" in response.content.decode()
    amina = User.objects.get(email="amina@example.org")
    assert (amina.role, amina.stakeholder_group, amina.un_region) == (Role.MAG, "civil_society", "african")
    existing.refresh_from_db()
    assert (existing.role, existing.requested_role, existing.display_name) == (Role.MAG, "", "Hiro")
    assert AuditEvent.objects.filter(action=AuditAction.ROSTER_IMPORTED, actor=secretariat).count() == 1


def test_importing_the_same_roster_twice_creates_nobody_twice(client, secretariat):
    client.force_login(secretariat)
    _import(client, GOOD)
    _import(client, GOOD)
    assert User.objects.filter(role=Role.MAG).count() == 2


def test_one_bad_row_imports_nothing_and_each_problem_names_its_line(client, secretariat):
    client.force_login(secretariat)
    text = (
        "name,email,stakeholder_group,region\n"
        "Good Person,good@example.org,Government,WEOG\n"
        "Bad Email,not-an-email,Government,weog\n"
        ",nobody@example.org,Martians,Moon\n"
        "Twice,good@example.org,government,weog\n"
        "Short,row@example.org\n"
    )

    page = _upload(client, text).content.decode()

    assert not User.objects.filter(email__in=["good@example.org", "nobody@example.org"]).exists()
    assert "Nothing was imported" in page
    assert "Line 3: “not-an-email” is not an email address." in page
    assert (
        "Line 4: the name is empty; unknown stakeholder group “Martians”; unknown UN regional group “Moon”."
        in page
    )
    assert "Line 5: good@example.org is already on line 2." in page
    assert "Line 6: expected 4 columns, found 2." in page


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("roster.xlsx", b"PK\x03\x04 spreadsheet", "Please upload a .csv file"),
        ("roster.csv", b"\xff\xfe\x00n\x00a", "This is not a text CSV file."),
        (
            "roster.csv",
            "name,email,stakeholder_group,region\n".encode("utf-16"),
            "This is not a text CSV file.",
        ),
        ("roster.csv", b"name,email\nA,a@example.org\n", "Line 1 must be the header"),
        ("roster.csv", b"name,email,stakeholder_group,region\n", "The file has a header but no rows."),
        (
            "roster.csv",
            "name,email,stakeholder_group,region\nZo\u00e9,z@example.org,government,weog\n".encode("latin-1"),
            "is not UTF-8",
        ),
    ],
)
def test_unusable_files_are_refused_with_a_reason(client, secretariat, name, content, message):
    client.force_login(secretariat)
    page = _upload(client, content, name=name).content.decode()
    assert message in page
    assert not User.objects.filter(role=Role.MAG).exists()


def test_oversized_upload_is_refused(client, secretariat, settings):
    settings.ROSTER_IMPORT_MAX_BYTES = 1024
    client.force_login(secretariat)
    big = "name,email,stakeholder_group,region\n" + "A,a@example.org,government,weog\n" * 100
    page = _upload(client, big).content.decode()
    assert "the limit is 1.0\xa0KB" in page
    assert not User.objects.filter(email="a@example.org").exists()


def test_the_upload_only_previews_new_people_and_what_changes_for_existing_ones(client, secretariat):
    hiroshi = UserFactory(
        email="hiroshi@example.org",
        display_name="Hiro",
        stakeholder_group="civil_society",
        un_region="weog",
        role=Role.COMMUNITY,
    )
    client.force_login(secretariat)

    preview = _upload(client, GOOD)
    page = preview.content.decode()

    # Nothing is saved by the upload.
    assert not User.objects.filter(email="amina@example.org").exists()
    hiroshi.refresh_from_db()
    assert (hiroshi.role, hiroshi.stakeholder_group, hiroshi.un_region) == (
        Role.COMMUNITY,
        "civil_society",
        "weog",
    )
    assert "Amina Diallo" in page and "amina@example.org" in page
    assert "Stakeholder group: Civil society → Private sector" in page
    assert "UN regional group: Western European and Others Group → Asia-Pacific Group" in page
    assert "Role: Community member → Current MAG member" in page

    _confirm(client, preview)
    hiroshi.refresh_from_db()
    assert (hiroshi.role, hiroshi.stakeholder_group, hiroshi.un_region) == (
        Role.MAG,
        "private_sector",
        "asia_pacific",
    )
    event = AuditEvent.objects.get(action=AuditAction.ROSTER_IMPORTED)
    assert event.details["changed"] == ["hiroshi@example.org"]


def test_a_confirmation_is_refused_when_an_account_changed_since_its_preview(client, secretariat):
    hiroshi = UserFactory(email="hiroshi@example.org", stakeholder_group="civil_society", un_region="weog")
    client.force_login(secretariat)
    preview = _upload(client, GOOD)
    User.objects.filter(pk=hiroshi.pk).update(
        stakeholder_group="government"
    )  # someone edits the profile meanwhile

    page = _confirm(client, preview).content.decode()

    assert "Some of these accounts changed since the preview. Nothing was imported" in page
    assert not User.objects.filter(email="amina@example.org").exists()
    hiroshi.refresh_from_db()
    assert (hiroshi.role, hiroshi.stakeholder_group) == (Role.COMMUNITY, "government")


def test_a_tampered_confirmation_is_checked_again(client, secretariat):
    client.force_login(secretariat)
    preview = _upload(client, GOOD)
    data = {**preview.context["confirm"].initial, "text": GOOD + "Intruder,not-an-email,government,weog\n"}

    page = client.post(reverse("roster_import"), data).content.decode()

    assert "Line 4: “not-an-email” is not an email address." in page
    assert not User.objects.filter(role=Role.MAG).exists()


@pytest.mark.parametrize("line_end", ["\r", "\r\n", "\n"])
def test_cr_crlf_and_lf_line_ends_and_a_byte_order_mark_are_read(client, secretariat, line_end):
    client.force_login(secretariat)
    text = line_end.join(
        [
            "name,email,stakeholder_group,region",
            "Amina Diallo,amina@example.org,Civil society,African Group",
            '"Tanaka, Hiroshi",hiroshi@example.org,private_sector,asia_pacific',
            "",
        ]
    )

    page = _import(client, "\ufeff" + text).content.decode()

    assert "2 new accounts, 0 updated" in page
    assert set(User.objects.filter(role=Role.MAG).values_list("display_name", flat=True)) == {
        "Amina Diallo",
        "Tanaka, Hiroshi",
    }


def test_a_file_with_more_rows_than_the_limit_is_refused(client, secretariat):
    client.force_login(secretariat)
    text = "name,email,stakeholder_group,region\n" + "".join(
        f"Person {i},p{i}@example.org,government,weog\n" for i in range(1001)
    )

    page = _upload(client, text).content.decode()

    assert "A roster has at most 1,000 rows; this file has more." in page
    assert not User.objects.filter(role=Role.MAG).exists()


def _audit_rows(n, start=0):
    now = timezone.now()
    AuditEvent.objects.bulk_create(
        AuditEvent(
            action=AuditAction.ROLE_CLAIMED,
            target=f"Row {start + i}",
            created_at=now - timedelta(minutes=start + i),
        )
        for i in range(n)
    )


def test_audit_log_shows_one_page_walks_older_and_does_not_grow(client, secretariat):
    client.force_login(secretariat)
    _audit_rows(60)
    first = client.get(reverse("audit_log"))
    page = first.content.decode()
    last = AUDIT_LOG_PAGE - 1
    assert "Row 0<" in page and f"Row {last}<" in page and f"Row {last + 1}<" not in page
    older = client.get(reverse("audit_log") + first.context["page"].older_url).content.decode()
    assert ">Role claimed<" in page and f"Row {last + 1}<" in older and f"Row {last}<" not in older
    assert_html_does_not_grow(client, reverse("audit_log"), lambda: _audit_rows(500, start=60))
    for bad in ("?page=abc", f"?page={10**20}", "?older=x_y", f"?newer={10**30}_1"):
        assert client.get(reverse("audit_log") + bad).status_code == 200


def test_the_cached_audit_log_shows_a_new_event_at_once(
    client, secretariat, django_capture_on_commit_callbacks
):
    client.force_login(secretariat)
    _audit_rows(3)
    assert "Row 0<" in client.get(reverse("audit_log")).content.decode()  # now cached
    with django_capture_on_commit_callbacks(execute=True):  # the audit log's new version
        AuditEvent.objects.create(action=AuditAction.ROLE_CONFIRMED, target="Fresh row")
    assert "Fresh row<" in client.get(reverse("audit_log")).content.decode()
