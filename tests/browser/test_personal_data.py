"""A person takes their data away (issue 17, point 5): from the profile to the data page, the
download, and in the ZIP their own memberships, never another person's address."""

import json
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, signs_in
from tests.factories import CycleFactory, IssueAreaFactory, IssueTeamFactory, MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_person_downloads_their_data_from_the_profile(now, live_server, new_page):
    base = live_server.url
    team = IssueTeamFactory(cycle=CycleFactory(), area=IssueAreaFactory(name="Trust, security and stability"))
    amina = MembershipFactory(team=team, user__email="amina@example.org", user__display_name="Amina").user
    MembershipFactory(team=team, user__email="priya@example.org", user__display_name="Priya")

    page = new_page()
    signs_in(page, base, amina.email)
    page.goto(f"{base}/profile/")
    page.get_by_role("region", name="Your data").get_by_role("link", name="Your data").click()
    expect(page.get_by_role("heading", name="What the file holds")).to_be_visible()
    assert_accessible(page, "your data")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download your data (ZIP)").click()

    assert download.value.suggested_filename == f"igfmag-my-data-{now:%Y%m%d}.zip"
    with zipfile.ZipFile(Path(download.value.path())) as archive:
        data = json.loads(archive.read("data.json"))
        readme = archive.read("README.txt").decode()
    assert data["profile"]["email"] == "amina@example.org"
    assert [m["group"] for m in data["memberships"]] == ["Trust, security and stability"]
    assert "[memberships]: 1" in readme
    assert "priya@example.org" not in json.dumps(data)
