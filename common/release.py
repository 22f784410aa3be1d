"""Which build of the code is running: its name is part of every cached fragment's key.

Cached fragments are keyed by versions (common/versions.py), which change with the data, not with
the code. Without this, a deploy that changes a template, the code that fills one, or a
translation would go on serving HTML rendered by the build it replaced, until the data changed.
The versions are kept under the build's name instead, so a new build starts from new versions.
"""

import hashlib
from functools import cache
from pathlib import Path

from django.conf import settings

# What a page's HTML is made from: the code, the templates and the translations.
_SUFFIXES = frozenset({".py", ".html", ".txt", ".po"})
_SKIPPED = frozenset({".venv", "node_modules", "tests", "bench", "var", "staticfiles", ".git", "__pycache__"})


@cache
def release() -> str:
    """settings.IGFMAG_RELEASE when the deploy names its build (a commit id), else a digest of the
    project's Python files, templates and catalogues: the same on every host that runs the same
    code, which is what web processes sharing one cache need."""
    if settings.IGFMAG_RELEASE:
        return settings.IGFMAG_RELEASE[:40]
    digest = hashlib.blake2b(digest_size=6)
    root = Path(settings.BASE_DIR)
    for path in sorted(_files(root)):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _files(root: Path):
    for child in root.iterdir():
        if child.name in _SKIPPED:
            continue
        if child.is_dir():
            yield from _files(child)
        elif child.suffix in _SUFFIXES:
            yield child
