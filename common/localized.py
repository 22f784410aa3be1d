"""Texts the secretariat writes for everyone, in several languages.

The original stays in its own column (what every existing query, `.only()` and `.title` read
keeps returning) with the language it is written in (`original_language`); the other languages'
versions sit beside it on the same row, in one JSON column `translations`
(`{"fr": {"title": "…"}, …}`), so that showing them costs no query. `obj.localized("title")`
gives the text in the active language, or the original (saying which language that is) when
nobody has translated it yet; `{% localized obj "title" %}` shows it, marked up when it falls back.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.template.defaultfilters import linebreaksbr
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_info, gettext
from django.utils.translation import gettext_lazy as _

from .forms import MaxCharsValidator

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)


# What a page says beside a text shown in another language than the reader's: one whole phrase
# per language, so that each catalogue can say it in its grammar ("(en anglais)", "(по-английски)").
IN_LANGUAGE = {
    "ar": _("(in Arabic)"),
    "zh-hans": _("(in Chinese)"),
    "en": _("(in English)"),
    "fr": _("(in French)"),
    "ru": _("(in Russian)"),
    "es": _("(in Spanish)"),
}


def language_name(code: str) -> str:
    """The language's name in the active language ("French", "французский")."""
    return str(dict(settings.LANGUAGES).get(code, code))


def supported_language(code: str | None) -> str:
    """One of settings.LANGUAGES for a language code ("fr-ca" → "fr"), the default for others."""
    code = (code or "").lower()
    if code in LANGUAGE_CODES:
        return code
    base = code.split("-")[0]
    return base if base in LANGUAGE_CODES else settings.LANGUAGE_CODE


class LocalizedText(str):
    """A text (it is the str), the language it is in, and whether it is the original shown for
    want of a translation into the language asked for."""

    def __new__(cls, text: str, language: str, fell_back: bool = False):
        value = super().__new__(cls, text or "")
        value.language = language
        value.fell_back = fell_back
        return value

    @property
    def text(self) -> str:
        return str.__str__(self)

    def __str__(self):
        return str.__str__(self)

    def __html__(self):
        """The text for a page (line breaks kept); when it fell back, in an element saying its
        language and direction, and a note naming the language. Plain text (`str()`, a text email
        or a subject) is the text alone."""
        text = linebreaksbr(self.text, autoescape=True)
        if not self.fell_back:
            return text
        return format_html(
            '<span lang="{}" dir="{}">{}</span> <span class="hint">{}</span>',
            self.language,
            self.direction,
            text,
            self.note,
        )

    @property
    def language_name(self) -> str:
        return language_name(self.language)

    @property
    def direction(self) -> str:
        return "rtl" if get_language_info(self.language)["bidi"] else "ltr"

    @property
    def note(self) -> str:
        """ "(in English)": what a page says beside a text that is not in the reader's language."""
        if not self.fell_back:
            return ""
        return str(IN_LANGUAGE.get(self.language, "")) or f"({self.language_name})"


class Localized(models.Model):
    """An abstract model whose `localized_fields` (names of text columns) can have a version in
    each other language of settings.LANGUAGES."""

    localized_fields: tuple[str, ...] = ()

    original_language = models.CharField(
        _("language of the original"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    translations = models.JSONField(_("translations"), default=dict, blank=True)

    class Meta:
        abstract = True

    def localized(self, field: str, language: str | None = None) -> LocalizedText:
        """`field` in `language` (the active one by default): its translation when there is one,
        else the original, marked as having fallen back when its language is another."""
        original = getattr(self, field)
        language = supported_language(language or get_language())
        if language == self.original_language:
            return LocalizedText(original, language)
        translated = ((self.translations or {}).get(language) or {}).get(field)
        if translated:
            return LocalizedText(translated, language)
        return LocalizedText(original, self.original_language, fell_back=bool(original))

    def translation(self, language: str, field: str) -> str:
        return ((self.translations or {}).get(language) or {}).get(field, "")

    def clean_translations(self) -> None:
        """Only other languages and this model's texts, each within the original field's bounds."""
        errors = []
        if not isinstance(self.translations, dict):
            raise ValidationError({"translations": gettext("Translations must be a mapping of languages.")})
        for language, texts in self.translations.items():
            if language not in LANGUAGE_CODES or language == self.original_language:
                errors.append(
                    ValidationError(
                        gettext("“%(language)s” is not a language to translate this into."),
                        params={"language": language},
                    )
                )
                continue
            if not isinstance(texts, dict):
                errors.append(ValidationError(gettext("Translations must be a mapping of languages.")))
                continue
            for name, text in texts.items():
                if name not in self.localized_fields or not isinstance(text, str):
                    errors.append(
                        ValidationError(
                            gettext("“%(field)s” is not a text to translate."), params={"field": name}
                        )
                    )
                    continue
                try:
                    self._meta.get_field(name).run_validators(text)
                except ValidationError as error:
                    errors.extend(
                        ValidationError(
                            gettext("%(field)s: %(error)s")
                            % {"field": language_name(language), "error": message}
                        )
                        for message in error.messages
                    )
        if errors:
            raise ValidationError({"translations": errors})

    def clean(self):
        super().clean()
        self.translations = compact_translations(self.translations)
        self.clean_translations()


def compact_translations(translations) -> dict:
    """Without the empty texts and languages (an empty translation is no translation)."""
    if not isinstance(translations, dict):
        return translations
    compact = {}
    for language, texts in translations.items():
        if isinstance(texts, dict):
            texts = {name: text for name, text in texts.items() if not isinstance(text, str) or text.strip()}
            if texts:
                compact[language] = texts
        else:
            compact[language] = texts
    return compact


@dataclass(frozen=True)
class TranslationFieldset:
    language: str
    name: str
    fields: list
    is_open: bool


class TranslationsFormMixin:
    """Adds to a form, for each language but the original's, one field per text in
    `translated_fields` (named "<field>__<language>", bounded as the original field), and
    `translations()` to collect them for the model's `translations`.

    Subclasses set `translated_fields` and pass `original_language` (default the site's)."""

    translated_fields: tuple[str, ...] = ()

    def add_translation_fields(self, original_language: str, translations: dict | None = None) -> None:
        self.original_language = original_language
        translations = translations or {}
        for language in self.translation_languages:
            for name in self.translated_fields:
                original = self.fields[name]
                field = forms.CharField(
                    label=gettext("%(field)s (%(language)s)")
                    % {"field": original.label, "language": language_name(language)},
                    required=False,
                    max_length=getattr(original, "max_length", None),
                    # max_length brings its own validator back; the character counts are kept.
                    validators=[v for v in original.validators if isinstance(v, MaxCharsValidator)],
                    widget=type(original.widget)(
                        attrs={**original.widget.attrs, "lang": language, "dir": _direction(language)}
                    ),
                )
                field.initial = (translations.get(language) or {}).get(name, "")
                self.fields[f"{name}__{language}"] = field

    @cached_property
    def translation_languages(self) -> list[str]:
        return [code for code in LANGUAGE_CODES if code != self.original_language]

    def translation_fieldsets(self) -> list[TranslationFieldset]:
        """Each other language's fields, for a form's template (one <details> each, open when it
        holds a text or an error)."""
        fieldsets = []
        for language in self.translation_languages:
            fields = [self[f"{name}__{language}"] for name in self.translated_fields]
            is_open = any(field.errors or field.value() for field in fields)
            fieldsets.append(TranslationFieldset(language, language_name(language), fields, is_open))
        return fieldsets

    def original_bound_fields(self) -> list:
        return [field for field in self if "__" not in field.name]

    def translations(self) -> dict:
        data = self.cleaned_data
        return compact_translations(
            {
                language: {name: data.get(f"{name}__{language}", "") for name in self.translated_fields}
                for language in self.translation_languages
            }
        )


def _direction(language: str) -> str:
    return "rtl" if get_language_info(language)["bidi"] else "ltr"


def _translation_field(model_field, language: str) -> forms.CharField:
    """A form field for a model text's version in `language`, bounded as the model's field."""
    widget = (
        forms.Textarea(attrs={"rows": 3}) if isinstance(model_field, models.TextField) else forms.TextInput
    )
    field = forms.CharField(
        label=_TranslationLabel(model_field.verbose_name, language),
        required=False,
        max_length=model_field.max_length if isinstance(model_field, models.CharField) else None,
        validators=[v for v in model_field.validators if isinstance(v, MaxCharsValidator)],
        widget=widget,
    )
    field.widget.attrs.update({"lang": language, "dir": _direction(language)})
    return field


class _TranslationLabel:
    """ "Title in French", in the language of the page that shows the form."""

    def __init__(self, label, language):
        self.label, self.language = label, language

    def __str__(self):
        return gettext("%(field)s (%(language)s)") % {
            "field": str(self.label).capitalize(),
            "language": language_name(self.language),
        }


def translations_model_form(model) -> type[forms.ModelForm]:
    """A ModelForm base for the admin of a `Localized` model: a field per language and text
    ("<field>__<language>", bounded as the original), gathered into `translations` when the form
    is cleaned, so that the model's own validation (and its one save) covers them. The field of
    the original's own language must stay empty."""
    declared = {
        f"{name}__{language}": _translation_field(model._meta.get_field(name), language)
        for language in LANGUAGE_CODES
        for name in model.localized_fields
    }

    class TranslationsModelForm(forms.ModelForm):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if self.instance.pk:
                for language, texts in (self.instance.translations or {}).items():
                    for name, text in texts.items():
                        if f"{name}__{language}" in self.fields:
                            self.initial[f"{name}__{language}"] = text

        def clean(self):
            data = super().clean()
            original = data.get("original_language") or self.instance.original_language
            translations = {}
            for language in LANGUAGE_CODES:
                texts = {name: data.get(f"{name}__{language}") or "" for name in model.localized_fields}
                if language == original:
                    for name, text in texts.items():
                        if text.strip():
                            self.add_error(
                                f"{name}__{language}",
                                gettext("This is the original's language: write it in the field above."),
                            )
                    continue
                translations[language] = texts
            self.instance.translations = compact_translations(translations)
            return data

        def _update_errors(self, errors):
            # The model's check of `translations` (no form field of that name): at the form's top.
            if hasattr(errors, "error_dict") and "translations" in errors.error_dict:
                errors.error_dict.setdefault(NON_FIELD_ERRORS, []).extend(
                    errors.error_dict.pop("translations")
                )
            super()._update_errors(errors)

    TranslationsModelForm.base_fields.update(declared)
    TranslationsModelForm.declared_fields.update(declared)
    TranslationsModelForm.__name__ = f"{model.__name__}TranslationsForm"
    return TranslationsModelForm


def translation_field_names(model) -> list[str]:
    return [f"{name}__{language}" for language in LANGUAGE_CODES for name in model.localized_fields]
