"""A deploy starts cached fragments afresh: versions are kept under the running build's name."""

from common import release as release_module
from common.versions import version_of


def _release_of(root, settings, name=""):
    settings.BASE_DIR = root
    settings.IGFMAG_RELEASE = name
    return release_module.release.__wrapped__()


def test_a_changed_template_or_translation_is_a_new_build(tmp_path, settings):
    (tmp_path / "teams" / "templates").mkdir(parents=True)
    template = tmp_path / "teams" / "templates" / "team.html"
    template.write_text("<h1>{{ team }}</h1>")
    (tmp_path / "locale").mkdir()
    catalogue = tmp_path / "locale" / "fr.po"
    catalogue.write_text('msgid "Team"\nmsgstr "Équipe"\n')
    first = _release_of(tmp_path, settings)
    assert _release_of(tmp_path, settings) == first  # the same code: the same name, on every host
    template.write_text("<h1 class='title'>{{ team }}</h1>")
    second = _release_of(tmp_path, settings)
    assert second != first
    catalogue.write_text('msgid "Team"\nmsgstr "Groupe"\n')
    third = _release_of(tmp_path, settings)
    assert third not in {first, second}
    # What pages are not made from does not count: the app's own mail folder, notes.
    (tmp_path / "var").mkdir()
    (tmp_path / "var" / "mail.txt").write_text("a message")
    (tmp_path / "notes.md").write_text("notes")
    assert _release_of(tmp_path, settings) == third


def test_a_named_build_wins_over_the_digest(tmp_path, settings):
    assert _release_of(tmp_path, settings, name="4f2ce73") == "4f2ce73"


def test_versions_are_kept_under_the_build_s_name(monkeypatch):
    before = version_of("milestones")
    monkeypatch.setattr("common.versions.release", lambda: "another-build")
    # Another build finds none of this build's versions: it makes its own, so nothing it serves
    # from the cache was rendered by the code it replaced.
    assert version_of("milestones") != before
