"""Every word people read is marked for translation, the catalogues hold every marked string, and
every language translates every entry: the checks a translator and a developer rely on.

What each test catches:
- text typed into a template, or a message typed into Python, without a translation mark;
- a catalogue that `manage.py catalogues` would change (a string added, changed or removed in the
  code and the catalogues not updated);
- an entry left empty or marked fuzzy, or whose placeholders differ from the English (msgfmt --check);
- catalogues present but not used (the page in each language shows the catalogue's words).
"""

import ast
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.template.base import Lexer, TokenType
from django.utils.translation import to_language

from igfmag.management.commands.catalogues import catalogue_languages, update_catalogues

ROOT = Path(settings.BASE_DIR)
LOCALE = Path(settings.LOCALE_PATHS[0])
APPS = ["accounts", "common", "igfmag", "notifications", "schedule", "teams"]
TEMPLATE_DIRS = [ROOT / "templates", *(ROOT / app / "templates" for app in APPS)]

# Words that are the same in every language: the product's name and the time standard.
UNTRANSLATED_WORDS = ("IGF MAG", "igfmag", "UTC")
# Elements whose text is literal (an example file, code), not prose.
LITERAL_ELEMENTS = re.compile(r"<(script|style|pre|code|kbd|samp)\b.*?</\1>", re.S)
TAG = re.compile(r"<[^>]*>", re.S)
# Attributes people read (a screen reader's label, a tooltip, a placeholder).
READ_ATTRIBUTES = re.compile(r'\b(alt|title|placeholder|aria-label|aria-description)="([^"]*)"')
ENTITY = re.compile(r"&[a-zA-Z#0-9]+;")
WORD = re.compile(r"[^\W\d_]{2,}")

GETTEXT = shutil.which("msgfmt") and shutil.which("msgattrib")
needs_gettext = pytest.mark.skipif(not GETTEXT, reason="GNU gettext (msgfmt) is not installed")


def _template_files():
    for folder in TEMPLATE_DIRS:
        if folder.is_dir():
            yield from sorted(p for p in folder.rglob("*") if p.suffix in {".html", ".txt"})


def _untranslated_text(source: str, *, html: bool) -> list[str]:
    """The pieces of text outside any translation tag that contain words."""
    pieces, inside = [], 0
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = (token.contents.split() or [""])[0]
            if name in {"blocktranslate", "blocktrans", "comment"}:
                inside += 1
            elif name in {"endblocktranslate", "endblocktrans", "endcomment"}:
                inside -= 1
            pieces.append("\x00")
        elif token.token_type == TokenType.TEXT and not inside:
            pieces.append(token.contents)
        else:
            pieces.append("\x00")  # a variable or a tag: its words come from elsewhere
    text = "".join(pieces)
    found = []
    if html:
        text = LITERAL_ELEMENTS.sub("\x00", text)
        for tag in TAG.finditer(text):
            found += [m.group(0) for m in READ_ATTRIBUTES.finditer(tag.group(0)) if WORD.search(m.group(2))]
        text = TAG.sub("\x00", text)
    for chunk in ENTITY.sub(" ", text).split("\x00"):
        words = " ".join(chunk.split())
        for word in UNTRANSLATED_WORDS:
            words = words.replace(word, "")
        if WORD.search(words):
            found.append(" ".join(chunk.split()))
    return found


def test_the_scan_finds_unmarked_words():
    """The scanner itself: typed words are found, marked ones and literal examples are not."""
    assert _untranslated_text("<p>Hello {{ name }}</p>", html=True) == ["Hello"]
    assert _untranslated_text(
        '<a title="Open it" href="{% url "x" %}">{% translate "Go" %}</a>', html=True
    ) == ['title="Open it"']
    assert _untranslated_text("{% blocktranslate %}Hello {{ name }}{% endblocktranslate %}", html=True) == []
    assert _untranslated_text("<pre>name,email</pre><p>{{ x }} · IGF MAG</p>", html=True) == []
    assert _untranslated_text("Dear {{ name }},", html=False) == ["Dear"]


def test_every_template_text_is_marked_for_translation():
    unmarked = {}
    for path in _template_files():
        found = _untranslated_text(path.read_text(encoding="utf-8"), html=path.suffix == ".html")
        if found:
            unmarked[str(path.relative_to(ROOT))] = found
    assert not unmarked, (
        f"text not marked for translation ({{% translate %}} or {{% blocktranslate %}}): {unmarked}"
    )


# Calls whose text argument people read: feedback messages, validation errors, refusals, and the
# labels and help of forms and models.
MESSAGE_FUNCTIONS = {"success", "error", "info", "warning", "add_message"}
EXCEPTIONS = {"ValidationError", "Refused", "PermissionDenied"}
READ_KEYWORDS = {"label", "help_text", "verbose_name", "verbose_name_plural", "empty_label"}


def _is_typed_text(node) -> bool:
    if isinstance(node, ast.JoinedStr):
        return True
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and bool(WORD.search(node.value))


def _unmarked_python_text(source: str) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        suspects = []
        if name in MESSAGE_FUNCTIONS and getattr(getattr(func, "value", None), "id", "") == "messages":
            suspects += node.args[1:2]
        if name in EXCEPTIONS:
            suspects += node.args[:1]
        suspects += [keyword.value for keyword in node.keywords if keyword.arg in READ_KEYWORDS]
        found += [(s.lineno, ast.unparse(s)) for s in suspects if _is_typed_text(s)]
    return found


def test_the_python_scan_finds_unmarked_messages():
    source = (
        "messages.success(request, 'Saved.')\n"
        "messages.success(request, _('Saved.'))\n"
        "raise ValidationError(f'{x} is wrong')\n"
        "forms.CharField(label=_('Name'), help_text='Your name')\n"
    )
    assert [line for line, _text in _unmarked_python_text(source)] == [1, 3, 4]


def test_every_python_message_is_marked_for_translation():
    unmarked = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts or path.name == "demo.py":  # the demo's content is data
                continue
            unmarked += [
                f"{path.relative_to(ROOT)}:{line}: {text}"
                for line, text in _unmarked_python_text(path.read_text(encoding="utf-8"))
            ]
    assert not unmarked, "messages people read, not marked for translation:\n" + "\n".join(unmarked)


def _without_creation_date(text: str) -> str:
    return re.sub(r'^"POT-Creation-Date: .*\\n"\n', "", text, flags=re.M)


@needs_gettext
def test_the_catalogues_are_current(monkeypatch):
    """What `manage.py catalogues` would write is what the repository holds. makemessages writes
    into the locale/ folder it finds beside the code whatever LOCALE_PATHS says, so it runs on the
    real catalogues and the test puts back every byte after reading what it wrote."""
    files = {language: LOCALE / language / "LC_MESSAGES" / "django.po" for language in catalogue_languages()}
    held = {language: path.read_bytes() for language, path in files.items()}
    monkeypatch.chdir(ROOT)
    try:
        update_catalogues()
        written = {language: path.read_text(encoding="utf-8") for language, path in files.items()}
    finally:
        for language, path in files.items():
            path.write_bytes(held[language])
    stale = [
        language
        for language in catalogue_languages()
        if _without_creation_date(written[language]) != _without_creation_date(held[language].decode("utf-8"))
    ]
    assert not stale, (
        f"the catalogues of {stale} differ from the code's strings: run `make messages`, translate the new "
        "entries (README, Translations) and commit locale/"
    )


@needs_gettext
@pytest.mark.parametrize("language", catalogue_languages())
def test_every_entry_is_translated(language):
    catalogue = LOCALE / language / "LC_MESSAGES" / "django.po"
    assert catalogue.is_file(), f"{language} has no catalogue"
    check = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(catalogue)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stderr
    for flag, what in (("--untranslated", "untranslated"), ("--only-fuzzy", "fuzzy")):
        left = subprocess.run(
            ["msgattrib", flag, "--no-wrap", str(catalogue)], capture_output=True, text=True, check=True
        ).stdout
        msgids = re.findall(r'^msgid "(.+)"$', left, flags=re.M)
        assert not msgids, f"{language}: {len(msgids)} {what} entries, e.g. {msgids[:5]}"


def _translation_of(language: str, msgid: str) -> str:
    text = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    match = re.search(rf'^msgid "{re.escape(msgid)}"\nmsgstr "(.+)"$', text, flags=re.M)
    assert match, f"{msgid!r} is not in the {language} catalogue"
    return match.group(1)


@needs_gettext
@pytest.mark.django_db
@pytest.mark.parametrize("language", catalogue_languages())
def test_pages_speak_the_language_asked_for(client, language):
    """The compiled catalogue is what the page shows: the navigation in the visitor's language."""
    code = to_language(language)
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=code)
    html = response.content.decode()
    assert f'<html lang="{code}"' in html
    for msgid in ("Groups", "Sign in", "Skip to content"):
        assert _translation_of(language, msgid) in html
    assert ">Groups<" not in html


def test_no_message_fakes_a_plural():
    """ "3 email(s)" cannot be said in Arabic or Russian: counts go through ngettext, whose catalogue
    entries have one form per plural form of the language."""
    english = (LOCALE / "fr" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    fakes = re.findall(r'^msgid "(.*\w\(s\).*)"$', english, flags=re.M)
    assert not fakes, f"use ngettext for: {fakes}"


@needs_gettext
@pytest.mark.parametrize("language", ["ru", "ar"])
def test_labels_made_when_python_starts_follow_the_readers_language(language):
    """The reminder choices are built once, when the form's module loads; they still read in the
    language of each request, with the plural form its number asks for."""
    from django.utils import translation

    from notifications.forms import PreferencesForm

    with translation.override(language):
        labels = {days: str(label) for days, label in PreferencesForm().fields["reminder_offsets"].choices}
        expected = {
            days: translation.ngettext("%(n)d day before", "%(n)d days before", days) % {"n": days}
            for days in labels
        }
    assert labels == expected
    assert all("day" not in label for label in labels.values())


def _source_phrases(catalogue: Path) -> set[str]:
    """The English phrases (two words or more, placeholders and tags cut out) of the entries a
    catalogue translates to something else."""
    text = catalogue.read_text(encoding="utf-8")
    phrases = set()
    entry = re.compile(
        r'^msgid ((?:".*"\n)+)(?:msgid_plural (?:".*"\n)+)?msgstr(?:\[0\])? ((?:".*"\n)+)', re.M
    )
    for match in entry.finditer(text):
        english, translated = ("".join(re.findall(r'"(.*)"', group)) for group in match.groups())
        if not english or not translated or english == translated:
            continue
        for part in re.split(r"%\(\w+\)[sd]|%[sd]|<[^>]+>|\\n", english):
            part = part.strip(" .,:;()“”\"'")
            if len(part.split()) >= 2 and re.search(r"[a-z]{3}", part):
                phrases.add(part)
    return phrases


def _what_people_typed() -> str:
    """Every text stored in the database (names, titles, email bodies ...): English there is data."""
    from django.apps import apps
    from django.db import models

    texts = []
    for model in apps.get_models():
        fields = [
            f.name for f in model._meta.concrete_fields if isinstance(f, (models.CharField, models.TextField))
        ]
        if fields:
            for row in model.objects.values_list(*fields):
                texts += [value for value in row if value]
    return "\n".join(texts)


@needs_gettext
@pytest.mark.django_db(transaction=True)
def test_no_english_is_left_on_any_page_in_any_language():
    """Every page each kind of person reaches, in each language: no English phrase of our
    catalogue or allauth's is left on it, except in what people typed."""
    import html

    import allauth
    import time_machine
    from django.test import Client

    from accounts.models import User
    from tests.support.site import SITE_NOW, error_pages, site_with_pages

    allauth_locale = Path(allauth.__file__).parent / "locale"
    left = []
    with time_machine.travel(SITE_NOW, tick=False):
        pages = site_with_pages()
        for email, path_statuses in error_pages().items():
            pages[email] = pages[email] + [path for path, _status in path_statuses]
        typed = _what_people_typed()
        for language in catalogue_languages():
            phrases = _source_phrases(LOCALE / language / "LC_MESSAGES" / "django.po") | _source_phrases(
                allauth_locale / language / "LC_MESSAGES" / "django.po"
            )
            phrases = {phrase for phrase in phrases if phrase not in typed}
            for email, paths in pages.items():
                client = Client()
                if email:
                    client.force_login(User.objects.get(email=email))
                client.cookies[settings.LANGUAGE_COOKIE_NAME] = to_language(language)
                for path in paths:
                    page = client.get(path).content.decode()
                    page = LITERAL_ELEMENTS.sub("\n", page)
                    text = html.unescape(TAG.sub("\n", page))
                    left += [f"{language} {path}: {phrase!r}" for phrase in sorted(phrases) if phrase in text]
    assert not left, f"{len(left)} English phrases left:\n" + "\n".join(left[:40])


@needs_gettext
@pytest.mark.django_db
@pytest.mark.parametrize("language", catalogue_languages())
def test_no_english_is_left_in_any_email_to_a_member(client, language):
    """Every kind of email a member or a facilitator gets, in their profile's language: subject,
    text and HTML hold no English phrase of our catalogue or allauth's but what people typed."""
    import html

    from tests.support.emails import TITLE, every_email

    emails = every_email(client, language=to_language(language))
    typed = _what_people_typed()
    phrases = {
        phrase
        for phrase in _source_phrases(LOCALE / language / "LC_MESSAGES" / "django.po")
        if phrase not in TITLE and phrase not in typed
    }
    left = []
    checked = 0
    for kind, message in emails.items():
        if message.to[0] not in {"member@example.org", "lead@example.org"}:
            continue  # guests and followers have no profile language yet
        checked += 1
        parts = [
            message.subject,
            message.body,
            *(html.unescape(TAG.sub("\n", body)) for body, _ in message.alternatives),
        ]
        left += [f"{kind}: {phrase!r}" for phrase in sorted(phrases) if any(phrase in part for part in parts)]
    assert checked >= 10
    assert not left, f"{language}: English left in emails:\n" + "\n".join(left)
