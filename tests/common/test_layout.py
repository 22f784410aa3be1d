"""The site's frame is rendered once per process for each language and kind of reader: each still
gets their own links, in their own language, and their own CSRF token and page address."""

import re

import pytest
from django.test import Client
from django.utils import translation

from tests.factories import SecretariatFactory, UserFactory

pytestmark = pytest.mark.django_db


def _nav(response) -> str:
    """The navigation, its sign-out form's token (new on every page) left out."""
    nav = re.search(r'<nav aria-label="[^"]*">(.*?)</nav>', response.content.decode(), re.S).group(1)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", nav)


def test_each_kind_of_reader_gets_their_own_links_whoever_came_first(client):
    visitor = _nav(client.get("/"))
    member_client, staff_client = Client(), Client()
    member_client.force_login(UserFactory())
    staff_client.force_login(SecretariatFactory())
    member, staff = _nav(member_client.get("/")), _nav(staff_client.get("/"))

    assert "/accounts/login/" in visitor and "/dashboard/" not in visitor and "Sign out" not in visitor
    assert "/dashboard/" in member and "/secretariat/outbox/" not in member and "Sign out" in member
    assert "/secretariat/outbox/" in staff and "/admin/" in staff
    # Asked again, in the other order: the same links for the same kind of reader.
    assert _nav(client.get("/")) == visitor and _nav(member_client.get("/")) == member


def test_the_frame_follows_the_pages_language_and_selects_it_in_the_menu(client):
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    russian = client.get("/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    with translation.override("ru"):
        teams = translation.gettext("Groups")

    assert ">Groups<" in english and f">{teams}<" in russian
    assert re.search(r'<option value="en" lang="en" selected>', english)
    assert re.search(r'<option value="ru" lang="ru" selected>', russian)
    assert not re.search(r'<option value="en" lang="en" selected>', russian)


def test_each_reader_keeps_their_own_token_and_return_address():
    one, two = Client(), Client()
    for person in (one, two):
        person.force_login(UserFactory())
    first = one.get("/teams/").content.decode()
    second = two.get("/milestones/").content.decode()

    tokens = [re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page) for page in (first, second)]
    assert tokens[0] and tokens[1] and set(tokens[0]).isdisjoint(tokens[1])
    assert 'name="next" type="hidden" value="/teams/"' in first
    assert 'name="next" type="hidden" value="/milestones/"' in second


def test_each_reader_sees_their_own_time_zone_and_the_languages_direction():
    tokyo, lima = Client(), Client()
    tokyo.force_login(UserFactory(time_zone="Asia/Tokyo"))
    lima.force_login(UserFactory(time_zone="America/Lima"))
    first = tokyo.get("/teams/").content.decode()
    second = lima.get("/teams/").content.decode()
    arabic = lima.get("/teams/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    english = Client().get("/teams/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Times are shown in Asia/Tokyo." in first and "Asia/Tokyo" not in second
    assert "Times are shown in America/Lima." in second
    assert '<html lang="ar" dir="rtl">' in arabic and '<html lang="en">' in english
    assert "Times are shown in UTC." in english


def test_a_page_shows_one_token_in_all_its_forms_and_it_is_accepted():
    person = Client(enforce_csrf_checks=True)
    person.force_login(UserFactory())
    page = person.get("/calendar/").content.decode()  # the frame's two forms and the page's own
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)

    assert len(tokens) == 3 and len(set(tokens)) == 1
    response = person.post("/i18n/setlang/", {"language": "fr", "csrfmiddlewaretoken": tokens[0]})
    assert response.status_code == 302


def test_the_frame_rendered_without_a_request_has_no_token_nor_address():
    from django.template.loader import render_to_string

    html = render_to_string("base.html", {})
    assert "csrfmiddlewaretoken" not in html and 'name="next" type="hidden" value=""' in html
    assert "Times are shown in UTC." in html
