"""`manage.py catalogues`: the translation catalogues in locale/, made current and compiled.

One place for the options, so that a developer (`make messages`), the build and the test that
checks the catalogues are current (tests/test_translations.py) all make the same files:
- `--add-location=file`: each entry names the files it comes from, for a translator's context,
  but no line numbers, so that editing a template does not change every catalogue;
- no obsolete entries: a string that left the code leaves the catalogues;
- only our code: not the virtualenv, the npm folder, tests, benchmarks or generated files.
"""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

IGNORED = [
    "node_modules",
    "var",
    "staticfiles",
    "tests",
    "bench",
    "docs",
    "*.egg-info",
]


def catalogue_languages() -> list[str]:
    """Every language the site offers but English, the source language, has a catalogue; its locale
    name (zh_Hans, not zh-hans)."""
    from django.utils.translation import to_locale

    return [to_locale(code) for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def update_catalogues(*, verbosity: int = 0) -> None:
    """Re-extract every marked string into each language's django.po (keeping translations)."""
    for language in catalogue_languages():
        (Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES").mkdir(parents=True, exist_ok=True)
    call_command(
        "makemessages",
        locale=catalogue_languages(),
        domain="django",
        ignore_patterns=IGNORED,
        add_location="file",
        no_obsolete=True,
        verbosity=verbosity,
    )


def compile_catalogues(*, verbosity: int = 0) -> None:
    call_command(
        "compilemessages",
        locale=catalogue_languages(),
        ignore_patterns=[".venv", "node_modules", *IGNORED],
        verbosity=verbosity,
    )


class Command(BaseCommand):
    help = (
        "Makes the translation catalogues in locale/ current with the code (new strings added, "
        "translations kept) and compiles them; --compile-only just compiles."
    )

    def add_arguments(self, parser):
        parser.add_argument("--compile-only", action="store_true", help="only compile the .po files to .mo")

    def handle(self, *args, compile_only=False, verbosity=1, **options):
        if not compile_only:
            update_catalogues(verbosity=verbosity)
        compile_catalogues(verbosity=verbosity)
