"""Which language a page is in: the browser's first, then the menu's choice (remembered), and for a
signed-in person their profile's, which the menu changes too."""

import pytest
from django.utils import translation

from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _nav_says(response, language):
    with translation.override(language):
        return translation.gettext("Groups") in response.content.decode()


def test_a_visitor_first_gets_the_browsers_language_then_keeps_the_one_chosen(client):
    assert _nav_says(client.get("/", HTTP_ACCEPT_LANGUAGE="fr-CH, fr;q=0.9, en;q=0.5"), "fr")

    response = client.post("/i18n/setlang/", {"language": "es", "next": "/teams/"}, HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 302 and response["Location"] == "/teams/"
    # Remembered: the browser still asks for French, the page stays in Spanish.
    assert _nav_says(client.get("/", HTTP_ACCEPT_LANGUAGE="fr"), "es")


def test_a_signed_in_persons_profile_decides_and_the_menu_changes_the_profile(client):
    person = UserFactory(language="ru")
    client.force_login(person)
    assert _nav_says(client.get("/", HTTP_ACCEPT_LANGUAGE="fr"), "ru")

    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})

    assert User.objects.get(pk=person.pk).language == "zh-hans"
    assert _nav_says(client.get("/"), "zh-hans")


def test_an_unknown_language_changes_nothing(client):
    person = UserFactory(language="ar")
    client.force_login(person)

    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})

    assert User.objects.get(pk=person.pk).language == "ar"
    assert _nav_says(client.get("/"), "ar")
