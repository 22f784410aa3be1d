"""The secretariat's kinds of session (proposals:kinds, proposals:kind_edit): who reaches them,
what a POST changes, and bad input answered on the form with nothing saved."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from proposals.models import Proposal, SessionKind
from proposals.services import SESSION_KINDS_MAX

pytestmark = pytest.mark.django_db

KINDS = reverse("proposals:kinds")


def _edit_url(kind):
    return reverse("proposals:kind_edit", args=[kind.pk])


def _form(**changes):
    return {"name": "Open forum", "default_minutes": "60", "floor_share": "40", "is_active": "on", **changes}


def _edit_form(kind, **changes):
    return {
        "name": kind.name,
        "default_minutes": str(kind.default_minutes),
        "floor_share": str(kind.floor_share),
        "is_active": "on" if kind.is_active else "",
        "position": str(kind.position),
        **changes,
    }


def _kinds_state():
    return list(
        SessionKind.objects.order_by("pk").values_list(
            "name", "default_minutes", "floor_share", "is_active", "position", "translations"
        )
    )


@pytest.mark.parametrize("url_name", ["proposals:kinds", "proposals:kind_edit"])
def test_only_the_secretariat_reaches_the_kinds_pages(
    client, secretariat, community, mag, facilitator, url_name
):
    kind = SessionKind.objects.get(slug="main")
    url = reverse(url_name, args=[kind.pk] if url_name.endswith("edit") else [])
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    for person in (community, mag, facilitator):
        client.force_login(person)
        assert client.get(url).status_code == 403
        assert client.post(url, _form()).status_code == 403
    assert not SessionKind.objects.filter(name="Open forum").exists()
    client.force_login(secretariat)
    assert client.get(url).status_code == 200


def test_the_list_shows_each_kind_with_its_length_share_offer_and_proposals(
    client, secretariat, team, facilitator
):
    main = SessionKind.objects.get(slug="main")
    SessionKind.objects.filter(slug="other").update(is_active=False)
    for title in ("One", "Two"):
        Proposal.objects.create(team=team, kind=main, title=title, minutes=90, created_by=facilitator)
    client.force_login(secretariat)
    page = client.get(KINDS).content.decode()
    row = page[page.index("Main session") :].split("</tr>")[0]
    assert "90 minutes" in row and "30 %" in row and "Offered" in row and "<td>2</td>" in row
    other = page[page.index(">Other<") :].split("</tr>")[0]
    assert "Not offered" in other and "<td>0</td>" in other
    assert page.count("<tr>") == 1 + SessionKind.objects.count()


@pytest.mark.parametrize(
    ("language", "name"),
    [("ar", "جلسة رئيسية"), ("zh-hans", "主要会议"), ("fr", "Session principale"), ("ru", "Основная сессия")],
)
def test_the_seeded_kinds_are_named_in_the_readers_language(client, secretariat, language, name):
    client.force_login(secretariat)
    client.cookies["django_language"] = language
    page = client.get(KINDS).content.decode()
    assert name in page and "Main session" not in page


def test_seeding_the_translations_keeps_the_secretariats_own(secretariat):
    seeds = importlib.import_module("proposals.migrations.0005_session_kind_translations")
    main = SessionKind.objects.get(slug="main")
    main.translations = {"fr": {"name": "Grande session"}}
    main.save(update_fields=["translations"])
    renamed = SessionKind.objects.get(slug="youth")
    renamed.original_language = "fr"
    renamed.translations = {}
    renamed.save(update_fields=["original_language", "translations"])

    seeds.add_translations(django_apps, None)

    main.refresh_from_db()
    renamed.refresh_from_db()
    assert main.translations["fr"] == {"name": "Grande session"}
    assert main.translations["es"] == {"name": "Sesión principal"}
    # A kind the secretariat wrote in another language is its own: nothing is added to it.
    assert renamed.translations == {}


def test_the_secretariat_adds_a_kind_at_the_end_of_the_list(client, secretariat):
    client.force_login(secretariat)
    response = client.post(KINDS, _form())
    assert response.status_code == 302 and response["Location"] == KINDS
    kind = SessionKind.objects.get(name="Open forum")
    assert (kind.default_minutes, kind.floor_share, kind.is_active) == (60, 40, True)
    assert kind.slug == "open-forum" and kind.position == SessionKind.objects.count() - 1
    assert "“Open forum” is added" in client.get(KINDS).content.decode()


def test_the_secretariat_edits_a_kind_with_its_translations_and_hides_it(client, secretariat):
    kind = SessionKind.objects.get(slug="youth")
    client.force_login(secretariat)
    assert 'name="name__fr"' in client.get(_edit_url(kind)).content.decode()
    response = client.post(
        _edit_url(kind),
        _edit_form(
            kind,
            name="Youth track",
            default_minutes="75",
            floor_share="50",
            is_active="",
            position="0",
            name__fr="Session jeunesse",
        ),
    )
    assert response.status_code == 302
    kind.refresh_from_db()
    assert (kind.name, kind.default_minutes, kind.floor_share, kind.is_active, kind.position) == (
        "Youth track",
        75,
        50,
        False,
        0,
    )
    assert kind.translations == {"fr": {"name": "Session jeunesse"}}
    assert kind.slug == "youth"  # kept: it may be in addresses
    assert kind.localized("name", "fr") == "Session jeunesse"


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"default_minutes": "0"}, "default_minutes", "A session lasts at least 15 minutes."),
        ({"default_minutes": "481"}, "default_minutes", "A session lasts at most 480 minutes."),
        ({"default_minutes": str(10**20)}, "default_minutes", "A session lasts at most 480 minutes."),
        ({"default_minutes": "an hour"}, "default_minutes", "Enter a whole number of minutes."),
        ({"floor_share": "95"}, "floor_share", "The floor&#x27;s share is at most 90 percent"),
        ({"floor_share": "-1"}, "floor_share", "The share cannot be negative."),
        ({"name": "Main session"}, "name", "Another kind of session has this name"),
        ({"name": "MAIN SESSION"}, "name", "Another kind of session has this name"),
        ({"name": "  "}, "name", "This field is required."),
        ({"name": "x" * 101}, "name", "at most 100 characters"),
    ],
)
def test_bad_input_on_the_add_form_is_told_and_nothing_is_saved(client, secretariat, changes, field, message):
    client.force_login(secretariat)
    before = _kinds_state()
    response = client.post(KINDS, _form(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert field in response.context["form"].errors
    assert _kinds_state() == before


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"default_minutes": "0"}, "A session lasts at least 15 minutes."),
        ({"default_minutes": str(10**20)}, "A session lasts at most 480 minutes."),
        ({"floor_share": "95"}, "is at most 90 percent"),
        ({"name": "Youth session"}, "Another kind of session has this name"),
        ({"position": "1000"}, "The place is at most 999."),
        ({"name__fr": "x" * 101}, "at most 100 characters"),
        ({"name__en": "Main"}, ""),  # not a field of an English original: ignored, saved
    ],
)
def test_bad_input_on_the_edit_form_is_told_and_nothing_is_saved(client, secretariat, changes, message):
    kind = SessionKind.objects.get(slug="main")
    client.force_login(secretariat)
    before = _kinds_state()
    response = client.post(_edit_url(kind), _edit_form(kind, **changes))
    if not message:
        assert response.status_code == 302
        return
    assert response.status_code == 200 and message in response.content.decode()
    assert _kinds_state() == before


def test_the_last_offered_kind_stays_offered(client, secretariat):
    SessionKind.objects.exclude(slug="main").update(is_active=False)
    kind = SessionKind.objects.get(slug="main")
    client.force_login(secretariat)
    response = client.post(_edit_url(kind), _edit_form(kind, is_active=""))
    assert "At least one kind of session stays offered" in response.content.decode()
    assert SessionKind.objects.get(slug="main").is_active


def test_the_list_is_bounded(client, secretariat):
    SessionKind.objects.bulk_create(
        SessionKind(name=f"Kind {n}", slug=f"kind-{n}")
        for n in range(SESSION_KINDS_MAX - SessionKind.objects.count())
    )
    client.force_login(secretariat)
    response = client.post(KINDS, _form())
    assert "The list holds at most 60 kinds of session" in response.content.decode()
    assert SessionKind.objects.count() == SESSION_KINDS_MAX


def test_a_name_whose_slug_is_taken_gets_a_numbered_slug(client, secretariat):
    client.force_login(secretariat)
    client.post(KINDS, _form(name="Main  session!"))
    assert SessionKind.objects.get(name="Main  session!").slug == "main-session"
    client.post(KINDS, _form(name="Main session?"))
    assert SessionKind.objects.get(name="Main session?").slug == "main-session-2"
    client.post(KINDS, _form(name="جلسة"))
    assert SessionKind.objects.get(name="جلسة").slug == "kind"


def test_an_unknown_kind_is_not_found(client, secretariat):
    client.force_login(secretariat)
    assert client.get(reverse("proposals:kind_edit", args=[99999])).status_code == 404


def test_the_secretariats_navigation_links_to_the_kinds(client, secretariat, community):
    client.force_login(community)
    assert KINDS not in client.get(reverse("dashboard")).content.decode()
    client.force_login(secretariat)
    assert f'href="{KINDS}"' in client.get(reverse("dashboard")).content.decode()
