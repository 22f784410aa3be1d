"""Every static file a template names exists. In production the manifest storage answers a missing
one with a 500 on the page that names it (a renamed script once did); the tests' storage does not,
so this reads the templates themselves."""

import re
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders

ROOT = Path(settings.BASE_DIR)
# {% static 'js/app.js' %} or {% static "css/app.css" %}: a literal path (a variable is not checked).
STATIC = re.compile(r"""{%\s*static\s+(['"])([^'"]+)\1""")


def _templates():
    for path in sorted(ROOT.glob("**/templates/**/*.html")):
        if not {".venv", "node_modules", "var", "staticfiles"}.isdisjoint(path.parts):
            continue
        yield path


def test_the_templates_name_static_files():
    named = [match[1] for path in _templates() for match in STATIC.findall(path.read_text())]
    assert len(named) > 5


def test_every_static_file_a_template_names_exists():
    missing = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in _templates()
        for _quote, name in STATIC.findall(path.read_text())
        if finders.find(name) is None
    ]
    assert not missing, missing
