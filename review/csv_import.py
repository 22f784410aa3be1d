"""The secretariat's CSV of the year's workshop proposals, read and checked before anything is
saved: one message per bad line, naming it, so that the file is fixed and imported whole."""

import csv
import hashlib
import io
from dataclasses import dataclass

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.enums import StakeholderGroup, UNRegion
from common.csv_upload import choice_lookup
from common.forms import DESCRIPTION_MAX
from proposals.enums import SessionFormat
from proposals.models import SessionKind
from teams.models import IssueArea

from . import anonymity
from .models import NAMES_MAX, TITLE_MAX

COLUMNS = (
    "title",
    "description",
    "proposers",
    "organisation",
    "contact_email",
    "issue_area",
    "kind",
    "format",
    "stakeholder_group",
    "region",
)
# Columns a file may have or leave out. `language`: the proposer's, for the decision's email and
# announcements (one of the site's six, by code or name); without it, or empty, the site's.
OPTIONAL_COLUMNS = ("language",)
# A year's proposals in one file (a few hundred at most).
IMPORT_MAX_ROWS = 400
IMPORT_MAX_BYTES = 1024 * 1024


@dataclass(frozen=True)
class ImportRow:
    line: int
    title: str
    description: str
    proposers: str
    organisation: str
    contact_email: str
    issue_area: IssueArea | None
    kind: SessionKind | None
    format: str
    stakeholder_group: str
    region: str
    language: str = ""

    def masked(self, text: str) -> str:
        """As `Entry.masked`: the preview in the anonymised phase names no proposer."""
        return anonymity.mask(
            text,
            anonymity.identifying(
                proposers=self.proposers, organisation=self.organisation, contact_email=self.contact_email
            ),
        )


def fingerprint(text: str) -> str:
    """Of the text as the confirmation brings it back: a browser sends a form's line ends as CRLF."""
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    return hashlib.sha256(normalised.encode()).hexdigest()


def _lookups():
    areas = {}
    for area in IssueArea.objects.all():
        areas[area.slug.lower()] = area
        areas[area.name.lower()] = area
    kinds = {kind.slug.lower(): kind for kind in SessionKind.objects.all()}
    return areas, kinds


def _language_lookup() -> dict[str, str]:
    """A site language's code ("fr", "zh-hans", also "zh"), its English name, its own name
    ("Français") or its name in the reader's language, in any case."""
    lookup = {}
    for code, label in settings.LANGUAGES:
        info = LANG_INFO.get(code, {})
        with translation.override("en"):
            english = str(label)
        for name in (
            code,
            code.split("-")[0],
            english,
            info.get("name", ""),
            info.get("name_local", ""),
            label,
        ):
            if str(name):
                lookup.setdefault(str(name).lower(), code)
    return lookup


def parse_entries(text: str) -> list[ImportRow]:
    """The rows of the file, each checked; raises one ValidationError listing every bad line."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        raise ValidationError(
            _("Line 1 must name the columns %(expected)s; missing: %(missing)s.")
            % {"expected": ",".join(COLUMNS), "missing": ", ".join(missing)}
        )
    reader.fieldnames = header
    columns = COLUMNS + tuple(name for name in OPTIONAL_COLUMNS if name in header)
    areas, kinds = _lookups()
    languages = _language_lookup()
    formats = choice_lookup(SessionFormat.choices)
    groups, regions = choice_lookup(StakeholderGroup.choices), choice_lookup(UNRegion.choices)
    rows, errors = [], []
    for cells in reader:
        line = reader.line_num
        values = {name: (cells.get(name) or "").strip() for name in columns}
        if not any(values.values()):
            continue
        if len(rows) + len(errors) >= IMPORT_MAX_ROWS:
            raise ValidationError(
                _("A file has at most %(max)d proposals; this one has more.") % {"max": IMPORT_MAX_ROWS}
            )
        problems = []
        if not values["title"]:
            problems.append(_("the title is empty"))
        elif len(values["title"]) > TITLE_MAX:
            problems.append(_("the title is longer than %(max)d characters") % {"max": TITLE_MAX})
        if len(values["description"]) > DESCRIPTION_MAX:
            problems.append(_("the description is longer than %(max)d characters") % {"max": DESCRIPTION_MAX})
        if len(values["proposers"]) > NAMES_MAX or len(values["organisation"]) > 200:
            problems.append(_("the proposers or the organisation are too long"))
        email = values["contact_email"].lower()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                problems.append(_("“%(email)s” is not an email address") % {"email": email})
        area = areas.get(values["issue_area"].lower()) if values["issue_area"] else None
        if values["issue_area"] and area is None:
            problems.append(_("unknown issue area “%(value)s”") % {"value": values["issue_area"]})
        kind = kinds.get(values["kind"].lower()) if values["kind"] else None
        if values["kind"] and kind is None:
            problems.append(_("unknown kind of session “%(value)s”") % {"value": values["kind"]})
        choices = {}
        for name, lookup, message in (
            ("format", formats, _("unknown format “%(value)s”")),
            ("stakeholder_group", groups, _("unknown stakeholder group “%(value)s”")),
            ("region", regions, _("unknown UN regional group “%(value)s”")),
        ):
            choices[name] = lookup.get(values[name].lower(), "") if values[name] else ""
            if values[name] and not choices[name]:
                problems.append(message % {"value": values[name]})
        language = values.get("language", "")
        if language:
            language = languages.get(language.lower(), "")
            if not language:
                problems.append(
                    _("unknown language “%(value)s” (one of: %(choices)s)")
                    % {"value": values["language"], "choices": ", ".join(c for c, _l in settings.LANGUAGES)}
                )
        if problems:
            errors.append(_("Line %(line)d: %(problems)s.") % {"line": line, "problems": "; ".join(problems)})
            continue
        rows.append(
            ImportRow(
                line=line,
                title=values["title"],
                description=values["description"],
                proposers=values["proposers"],
                organisation=values["organisation"],
                contact_email=email,
                issue_area=area,
                kind=kind,
                language=language,
                **choices,
            )
        )
    if errors:
        raise ValidationError(errors)
    if not rows:
        raise ValidationError(_("The file has no proposals below its header."))
    return rows
