"""The privacy page (igfmag.views.privacy): public, linked from every page's footer and from the
sign-up form, and true to the code: the lengths it states are the settings' and constants'."""

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from schedule.models.busy import BUSY_DAYS_AHEAD, BUSY_DAYS_BACK

pytestmark = pytest.mark.django_db


def _page(client, **kwargs) -> str:
    response = client.get(reverse("privacy"), **kwargs)
    assert response.status_code == 200
    return response.content.decode()


def test_a_visitor_reads_what_is_kept_why_and_for_how_long(client):
    page = _page(client)
    for heading in (
        "Your account and profile",
        "Groups, memberships and roles",
        "Poll answers, meeting answers",
        "Your busy times and call hours",
        "Emails we send you",
        "The audit log",
        "People without an account",
        "Your data in your hands",
    ):
        assert heading in page
    assert "removed 180 days after it was queued" in page


@override_settings(IGFMAG_OUTBOX_RETENTION_DAYS=90)
def test_the_outbox_retention_is_the_settings(client):
    page = _page(client)
    assert "removed 90 days after it was queued" in page and "180 days" not in page


def test_a_signed_in_person_reads_it_too_and_is_told_of_download_and_closing(client, community):
    client.force_login(community)
    page = _page(client)
    assert "download, as a file, everything the site holds about you" in page
    assert "close your account" in page


def test_the_lengths_it_states_are_the_codes():
    """The page says these in words; if one changes, change the page's sentence with it."""
    assert (BUSY_DAYS_BACK, BUSY_DAYS_AHEAD) in {(1, 365), (1, 366)}  # "from yesterday to a year ahead"
    assert (
        settings.CELERY_BEAT_SCHEDULE["refresh-busy-calendars"]["schedule"] == 6 * 3600
    )  # "every six hours"
    assert settings.SESSION_COOKIE_AGE == 14 * 24 * 3600


def test_it_says_how_long_one_stays_signed_in_from_the_setting(client):
    assert "signed in for up to 14 days" in _page(client)


@pytest.mark.parametrize("url_name", ["home", "account_login", "account_signup", "registry:list"])
def test_every_pages_footer_links_to_it(client, url_name):
    page = client.get(reverse(url_name)).content.decode()
    footer = page[page.index('<footer class="site-footer">') :]
    assert f'href="{reverse("privacy")}"' in footer


def test_a_signed_in_persons_footer_links_to_it(client, secretariat):
    client.force_login(secretariat)
    page = client.get(reverse("dashboard")).content.decode()
    assert f'href="{reverse("privacy")}"' in page[page.index('<footer class="site-footer">') :]


def test_the_sign_up_form_says_where_it_is_before_anyone_gives_an_address(client):
    page = client.get(reverse("account_signup")).content.decode()
    form = page[page.index("<form") : page.index("</form>")]
    assert f'<a href="{reverse("privacy")}">What igfmag keeps about you' in form


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_it_renders_in_each_of_the_six_languages(client, language):
    page = _page(client, headers={"accept-language": language})
    assert f'lang="{language}"' in page or f'lang="{language.lower()}"' in page
