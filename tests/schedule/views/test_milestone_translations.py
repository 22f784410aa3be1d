"""A milestone's title and description in several languages: entered by the secretariat with
the rest of the form, shown to each reader in their language or as the original, marked."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from icalendar import Calendar

from accounts.enums import Role
from schedule.models import Milestone
from schedule.services import milestones as services
from tests.factories import MembershipFactory, MilestoneFactory, UserFactory
from tests.schedule.services.test_reminders import sweep
from tests.schedule.views.test_milestones import FORM

pytestmark = pytest.mark.usefixtures("now")
FRENCH = {"title__fr": "Propositions de sessions introductives", "description__fr": "Une page par équipe."}


def test_the_secretariat_enters_a_french_title_with_the_rest_in_one_call(client, secretariat, team):
    client.force_login(secretariat)
    page = client.get(reverse("schedule:create")).content.decode()
    # One closed <details> per other language, each field bounded as the original.
    assert page.count("<details>") == 5 and 'name="title__fr"' in page and 'maxlength="200"' in page
    assert 'name="title__en"' not in page

    client.post(reverse("schedule:create"), {**FORM, **FRENCH, "publish": ""})

    milestone = Milestone.objects.get()
    assert milestone.original_language == "en"
    assert milestone.translations == {
        "fr": {"title": FRENCH["title__fr"], "description": FRENCH["description__fr"]}
    }
    # Editing shows them back, their <details> open; emptying one removes it.
    edit = client.get(reverse("schedule:edit", args=[milestone.pk])).content.decode()
    assert "<details open>" in edit and FRENCH["title__fr"] in edit
    client.post(reverse("schedule:edit", args=[milestone.pk]), {**FORM, "title__fr": FRENCH["title__fr"]})
    milestone.refresh_from_db()
    assert milestone.translations == {"fr": {"title": FRENCH["title__fr"]}}


def test_a_translation_too_long_is_refused_beside_its_field_and_nothing_is_saved(client, secretariat, team):
    client.force_login(secretariat)
    response = client.post(reverse("schedule:create"), {**FORM, "title__ru": "я" * 201, "publish": ""})

    assert response.status_code == 200
    assert "Title (Russian)" in response.content.decode()
    assert response.context["form"].errors["title__ru"]
    assert not Milestone.objects.exists()


def test_the_service_checks_translations_in_its_transaction_a_bad_one_saves_nothing(
    secretariat, cycle, team, now
):
    fields = {"title": "Proposals", "kind": "deadline", "due_at": now + timedelta(days=30), "all_teams": True}
    with pytest.raises(ValidationError) as error:
        services.milestone_create(
            actor=secretariat,
            cycle=cycle,
            teams=[],
            publish=True,
            translations={"fr": {"title": "x" * 201}},
            **fields,
        )
    assert "translations" in error.value.message_dict
    assert not Milestone.objects.exists()

    milestone = services.milestone_create(actor=secretariat, cycle=cycle, teams=[], **fields)
    with pytest.raises(ValidationError):
        services.milestone_update(
            actor=secretariat,
            milestone=milestone,
            teams=[],
            **{**fields, "title": "Changed", "translations": {"xx": {"title": "?"}}},
        )
    milestone.refresh_from_db()
    assert (milestone.title, milestone.translations) == ("Proposals", {})


@pytest.mark.parametrize("role", [Role.MAG, Role.COMMUNITY])
def test_only_the_secretariat_writes_them(client, team, role, django_user_model):
    milestone = MilestoneFactory(cycle=team.cycle, title="Proposals")
    client.force_login(UserFactory(role=role))
    assert client.post(reverse("schedule:create"), {**FORM, **FRENCH}).status_code == 403
    edit = client.post(reverse("schedule:edit", args=[milestone.pk]), {**FORM, **FRENCH})
    assert edit.status_code == 403
    milestone.refresh_from_db()
    assert milestone.translations == {} and Milestone.objects.count() == 1


def test_a_french_reader_sees_the_french_title_a_russian_reader_the_original_marked_english(client, team):
    milestone = MilestoneFactory(
        cycle=team.cycle,
        title="Main session proposals due",
        description="Panels of 90 minutes.",
        translations={"fr": {"title": "Échéance des propositions de sessions principales"}},
    )
    url = reverse("schedule:detail", args=[milestone.pk])

    client.force_login(UserFactory(role=Role.MAG, language="fr"))
    french = client.get(url).content.decode()
    assert "<h1>Échéance des propositions de sessions principales</h1>" in french
    # No French description: the original, saying it is English.
    assert (
        '<span lang="en" dir="ltr">Panels of 90 minutes.</span> <span class="hint">(en anglais)</span>'
        in french
    )
    timeline = client.get(reverse("schedule:timeline")).content.decode()
    assert "Échéance des propositions de sessions principales</a>" in timeline

    client.force_login(UserFactory(role=Role.MAG, language="ru"))
    russian = client.get(url).content.decode()
    assert (
        '<h1><span lang="en" dir="ltr">Main session proposals due</span> '
        '<span class="hint">(на английском)</span></h1>'
    ) in russian
    assert "<title>Main session proposals due" in russian
    # The cached timeline rows are the reader's language's, not the French ones seen first.
    timeline = client.get(reverse("schedule:timeline")).content.decode()
    assert (
        "Échéance" not in timeline
        and '<span lang="en" dir="ltr">Main session proposals due</span>' in timeline
    )


def test_a_team_page_shows_its_area_and_policy_questions_in_the_readers_language(client, team):
    area = team.area
    area.name, area.translations = (
        "Trust, security and stability",
        {"es": {"name": "Confianza, seguridad y estabilidad"}},
    )
    area.save()
    area.policy_questions.create(
        text="What norms increase trust?", translations={"es": {"text": "¿Qué normas?"}}
    )
    client.force_login(UserFactory(role=Role.MAG, language="es"))

    page = client.get(team.get_absolute_url()).content.decode()

    assert "<h1>Confianza, seguridad y estabilidad</h1>" in page and "<li>¿Qué normas?</li>" in page


def test_the_reminder_is_in_the_recipients_language_with_the_original_where_there_is_no_translation(
    now, cycle, team
):
    due = now + timedelta(days=20)
    MilestoneFactory(
        cycle=cycle,
        title="Main session proposals due",
        due_at=due,
        reminder_offsets=[3],
        translations={"fr": {"title": "Échéance des propositions"}},
    )
    MembershipFactory(team=team, user__email="claire@example.org", user__language="fr")
    MembershipFactory(team=team, user__email="olga@example.org", user__language="ru")

    with time_machine.travel(due - timedelta(days=3), tick=False):
        sweep()

    by_person = {message.to[0]: message for message in mail.outbox}
    french, russian = by_person["claire@example.org"], by_person["olga@example.org"]
    assert "Échéance des propositions" in french.subject and "Échéance des propositions" in french.body
    assert "Main session proposals due" in russian.subject
    # The HTML part names the language of the original it falls back to; the text part is the text.
    assert '<span lang="en" dir="ltr">Main session proposals due</span>' in russian.alternatives[0][0]
    assert "(на английском)" in russian.alternatives[0][0]
    assert "<span" not in russian.body


def test_the_public_calendar_feed_is_in_the_language_asked_for(client, cycle):
    MilestoneFactory(cycle=cycle, title="Open deadline", translations={"es": {"title": "Plazo abierto"}})

    def summaries(language):
        feed = client.get(reverse("schedule:public_feed"), headers={"accept-language": language})
        return [str(e["summary"]) for e in Calendar.from_ical(feed.content).walk("VEVENT")]

    assert summaries("es") == ["Plazo: Plazo abierto"]
    assert summaries("en") == ["Deadline: Open deadline"]
    assert summaries("ru")[0].endswith(": Open deadline")
