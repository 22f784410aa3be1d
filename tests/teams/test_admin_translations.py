"""Issue areas and policy questions in several languages, through the admin (teams/admin.py)."""

import pytest
from django.urls import reverse

from accounts.enums import Role
from teams.models import IssueArea, PolicyQuestion
from tests.factories import UserFactory

ADD = {
    "name": "Trust, security and stability",
    "slug": "trust-security-and-stability",
    "description": "Cybersecurity and trust.",
    "original_language": "en",
    "name__fr": "Confiance, sécurité et stabilité",
    "description__zh-hans": "网络安全与信任。",
    "policy_questions-TOTAL_FORMS": "1",
    "policy_questions-INITIAL_FORMS": "0",
    "policy_questions-MIN_NUM_FORMS": "0",
    "policy_questions-MAX_NUM_FORMS": "1000",
    "policy_questions-0-text": "What norms increase trust?",
    "policy_questions-0-position": "0",
    "policy_questions-0-original_language": "en",
    "policy_questions-0-text__ar": "ما الأعراف التي تزيد الثقة؟",
}


def test_the_secretariat_writes_an_area_and_its_questions_in_several_languages(client, secretariat):
    client.force_login(secretariat)
    form = client.get(reverse("admin:teams_issuearea_add")).content.decode()
    assert 'name="name__fr"' in form and 'name="policy_questions-0-text__ar"' in form

    response = client.post(reverse("admin:teams_issuearea_add"), ADD)

    assert response.status_code == 302, response.context["adminform"].form.errors
    area = IssueArea.objects.get()
    assert area.translations == {
        "fr": {"name": ADD["name__fr"]},
        "zh-hans": {"description": "网络安全与信任。"},
    }
    assert PolicyQuestion.objects.get().translations == {"ar": {"text": ADD["policy_questions-0-text__ar"]}}
    # The change form shows them back.
    change = client.get(reverse("admin:teams_issuearea_change", args=[area.pk])).content.decode()
    assert ADD["name__fr"] in change


@pytest.mark.parametrize(
    "change, field",
    [
        ({"name__fr": "x" * 201}, "name__fr"),  # bounded as the original
        ({"name__en": "Trust"}, "name__en"),  # the original's own language
    ],
)
def test_a_bad_translation_saves_neither_the_area_nor_its_questions(client, secretariat, change, field):
    client.force_login(secretariat)
    response = client.post(reverse("admin:teams_issuearea_add"), {**ADD, **change})

    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert not IssueArea.objects.exists() and not PolicyQuestion.objects.exists()


@pytest.mark.parametrize("role", [Role.MAG, Role.PAST_MAG, Role.COMMUNITY])
def test_no_one_else_writes_them(client, db, role):
    client.force_login(UserFactory(role=role))
    response = client.post(reverse("admin:teams_issuearea_add"), ADD)
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not IssueArea.objects.exists()
