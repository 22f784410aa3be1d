import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.enums import AuditAction, Role
from accounts.models import AuditEvent, User
from tests.factories import UserFactory


def _upload(client, text, name="roster.csv"):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return client.post(reverse("roster_import"), {"file": SimpleUploadedFile(name, data, "text/csv")}, follow=True)


GOOD = ("name,email,stakeholder_group,region\n"
        "Amina Diallo,Amina@Example.org,Civil society,African Group\n"
        "Hiroshi Tanaka,hiroshi@example.org,private_sector,asia_pacific\n")


def test_roster_import_makes_everyone_a_confirmed_mag_member(client, secretariat):
    existing = UserFactory(email="hiroshi@example.org", display_name="Hiro", requested_role=Role.MAG)
    client.force_login(secretariat)

    response = _upload(client, GOOD)

    assert "1 new accounts, 1 updated" in response.content.decode()
    amina = User.objects.get(email="amina@example.org")
    assert (amina.role, amina.stakeholder_group, amina.un_region) == (Role.MAG, "civil_society", "african")
    existing.refresh_from_db()
    assert (existing.role, existing.requested_role, existing.display_name) == (Role.MAG, "", "Hiro")
    assert AuditEvent.objects.filter(action=AuditAction.ROSTER_IMPORTED, actor=secretariat).count() == 1


def test_importing_the_same_roster_twice_creates_nobody_twice(client, secretariat):
    client.force_login(secretariat)
    _upload(client, GOOD)
    _upload(client, GOOD)
    assert User.objects.filter(role=Role.MAG).count() == 2


def test_one_bad_row_imports_nothing_and_each_problem_names_its_line(client, secretariat):
    client.force_login(secretariat)
    text = ("name,email,stakeholder_group,region\n"
            "Good Person,good@example.org,Government,WEOG\n"
            "Bad Email,not-an-email,Government,weog\n"
            ",nobody@example.org,Martians,Moon\n"
            "Twice,good@example.org,government,weog\n"
            "Short,row@example.org\n")

    page = _upload(client, text).content.decode()

    assert not User.objects.filter(email__in=["good@example.org", "nobody@example.org"]).exists()
    assert "Nothing was imported" in page
    assert "Line 3: “not-an-email” is not an email address." in page
    assert "Line 4: the name is empty; unknown stakeholder group “Martians”; unknown UN regional group “Moon”." in page
    assert "Line 5: good@example.org is already on line 2." in page
    assert "Line 6: expected 4 columns, found 2." in page


@pytest.mark.parametrize("name, content, message", [
    ("roster.xlsx", b"PK\x03\x04 spreadsheet", "Please upload a .csv file"),
    ("roster.csv", b"\xff\xfe\x00n\x00a", "This is not a text CSV file."),
    ("roster.csv", "name,email,stakeholder_group,region\n".encode("utf-16"), "This is not a text CSV file."),
    ("roster.csv", b"name,email\nA,a@example.org\n", "Line 1 must be the header"),
    ("roster.csv", b"name,email,stakeholder_group,region\n", "The file has a header but no rows."),
    ("roster.csv", "name,email,stakeholder_group,region\nZo\u00e9,z@example.org,government,weog\n".encode("latin-1"),
     "is not UTF-8"),
])
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
