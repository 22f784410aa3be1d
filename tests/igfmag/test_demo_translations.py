"""The demo's 2021 issue areas, policy questions and milestones are in all six languages."""

import pytest
from django.conf import settings

from igfmag.demo import ISSUE_AREAS, TIMELINE_2021, load_demo_data
from schedule.models import Milestone
from teams.models import IssueArea, PolicyQuestion

OTHERS = {code for code, _name in settings.LANGUAGES} - {"en"}


@pytest.mark.django_db
def test_every_demo_text_is_in_the_five_other_languages(now):
    load_demo_data()

    areas = IssueArea.objects.all()
    assert len(areas) == len(ISSUE_AREAS)
    for area in areas:
        assert set(area.translations) == OTHERS
        assert all(set(texts) == {"name", "description"} for texts in area.translations.values())
        area.full_clean()
    questions = PolicyQuestion.objects.all()
    assert len(questions) == sum(len(q) for _n, _d, q in ISSUE_AREAS)
    assert all(
        set(q.translations) == OTHERS and all(t["text"] for t in q.translations.values()) for q in questions
    )
    milestones = Milestone.objects.all()
    assert Milestone.objects.filter(cycle__year=2021).count() == len(TIMELINE_2021)
    # IGF 2022 is drafted from 2021 (its plan copied, in every language): its copies are checked too.
    assert 0 < Milestone.objects.filter(cycle__year=2022).count() <= len(TIMELINE_2021)
    for milestone in milestones:
        assert set(milestone.translations) == OTHERS
        assert all(set(texts) == {"title", "description"} for texts in milestone.translations.values())
        milestone.full_clean()
    # Each language's text differs from the English (nothing left untranslated by copy).
    assert all(
        text != getattr(obj, field)
        for obj in [*areas, *questions, *milestones]
        for texts in obj.translations.values()
        for field, text in texts.items()
    )
