"""common/localized.py: a text in the reader's language, else the original marked with its language."""

import pytest
from django.core.exceptions import ValidationError
from django.template import engines
from django.utils import translation

from common.localized import LocalizedText, supported_language
from schedule.models import Milestone
from teams.models import IssueArea, PolicyQuestion


def _milestone(**kwargs):
    return Milestone(title="Main session proposals due", description="Line one\nline two", **kwargs)


@pytest.mark.parametrize(
    "asked, text, language, fell_back",
    [
        ("fr", "Échéance des propositions", "fr", False),  # a translation
        ("fr-ca", "Échéance des propositions", "fr", False),  # a regional variant reads its language
        ("en", "Main session proposals due", "en", False),  # the original's own language
        ("ru", "Main session proposals due", "en", True),  # no Russian: the original, in English
        ("xx", "Main session proposals due", "en", False),  # unknown: the site's language, the original
    ],
)
def test_the_text_in_the_language_asked_for_else_the_original_with_its_language(
    asked, text, language, fell_back
):
    milestone = _milestone(translations={"fr": {"title": "Échéance des propositions"}})

    localized = milestone.localized("title", asked)

    assert (localized, localized.language, localized.fell_back) == (text, language, fell_back)


def test_the_active_language_is_the_default_and_an_original_in_french_falls_back_for_english_readers():
    milestone = _milestone(original_language="fr", translations={"es": {"title": "Plazo"}})
    with translation.override("es"):
        assert milestone.localized("title") == "Plazo"
    with translation.override("en"):
        title = milestone.localized("title")
    assert (title.language, title.fell_back, title.note) == ("fr", True, "(in French)")


def test_an_empty_translation_is_no_translation_and_an_empty_original_is_not_marked():
    milestone = _milestone(translations={"fr": {"title": "", "description": ""}})
    assert milestone.localized("title", "fr").fell_back
    milestone.description = ""
    assert not milestone.localized("description", "fr").fell_back


def test_supported_language_maps_variants_and_junk():
    assert [supported_language(c) for c in ("zh-hans", "ZH-HANS", "es-mx", "", None, "de")] == [
        "zh-hans",
        "zh-hans",
        "es",
        "en",
        "en",
        "en",
    ]


def _render(source, **context):
    return engines["django"].from_string("{% load i18n common %}" + source).render(context)


def test_the_tag_marks_a_fallback_with_lang_dir_and_a_note_in_the_readers_language():
    milestone = _milestone(translations={"fr": {"title": "Échéance"}})
    with translation.override("fr"):
        assert _render('{% localized m "title" %}', m=milestone) == "Échéance"
    with translation.override("ru"):
        html = _render('{% localized m "title" %}', m=milestone)
    assert html == (
        '<span lang="en" dir="ltr">Main session proposals due</span> '
        '<span class="hint">(на английском)</span>'
    )


def test_an_arabic_original_says_right_to_left_and_the_text_is_escaped_with_its_line_breaks():
    milestone = Milestone(
        title="<b>موعد</b>", description="سطر\nسطر", original_language="ar", translations={}
    )
    with translation.override("en"):
        html = _render('{% localized m "title" %}|{% localized m "description" %}', m=milestone)
    assert html == (
        '<span lang="ar" dir="rtl">&lt;b&gt;موعد&lt;/b&gt;</span> <span class="hint">(in Arabic)</span>|'
        '<span lang="ar" dir="rtl">سطر<br>سطر</span> <span class="hint">(in Arabic)</span>'
    )


def test_as_a_variable_it_is_plain_text_where_no_markup_may_go():
    milestone = _milestone()
    with translation.override("ru"):
        html = _render('{% localized m "title" as t %}<a title="{{ t.text }}">{{ t }}</a>', m=milestone)
    assert html.startswith('<a title="Main session proposals due"><span lang="en"')
    # Text emails render without autoescaping: the text alone.
    text = engines["django"].engine.from_string('{% load common %}{% localized m "title" %}')
    from django.template import Context

    with translation.override("ru"):
        assert text.render(Context({"m": milestone}, autoescape=False)) == "Main session proposals due"
    assert isinstance(milestone.localized("title", "ru"), LocalizedText)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "translations, message",
    [
        ({"fr": {"title": "x" * 201}}, "French: Ensure this value has at most 200 characters"),
        ({"fr": {"description": "x" * 5_001}}, "French: Keep this to at most 5,000 characters"),
        ({"de": {"title": "Frist"}}, "“de” is not a language to translate this into."),
        ({"en": {"title": "Due"}}, "“en” is not a language to translate this into."),
        ({"fr": {"kind": "échéance"}}, "“kind” is not a text to translate."),
        (["fr"], "Translations must be a mapping of languages."),
    ],
)
def test_translations_are_checked_like_the_original(cycle, now, translations, message):
    milestone = _milestone(cycle=cycle, due_at=now, translations=translations)
    with pytest.raises(ValidationError) as error:
        milestone.full_clean()
    assert any(message in m for m in error.value.message_dict["translations"])


@pytest.mark.django_db
def test_full_clean_drops_empty_translations_and_the_other_models_translate_their_own_texts(cycle):
    area = IssueArea(
        name="Trust, security and stability",
        slug="trust",
        translations={
            "fr": {"name": "Confiance, sécurité et stabilité", "description": ""},
            "es": {"name": " "},
        },
    )
    area.full_clean()
    assert area.translations == {"fr": {"name": "Confiance, sécurité et stabilité"}}
    area.save()
    question = PolicyQuestion(area=area, text="How?", translations={"fr": {"text": "Comment ?"}})
    question.full_clean()
    assert question.localized("text", "fr") == "Comment ?"
    with pytest.raises(ValidationError):
        PolicyQuestion(area=area, text="How?", translations={"fr": {"name": "Comment ?"}}).full_clean()
