"""What the anonymised phase withholds from free text: a proposer's names, organisation and email
where a title or description mentions them ("Zenobia Quillfeather's institute proposes...").

The fields that name the proposers are simply not shown in that phase; free text cannot be left
out, so each mention in it is masked. A name is masked whole and word by word (a surname alone
names a person too), an organisation and an email whole, in any case, on word boundaries (so that
"Ann" does not mask "annual")."""

import re

from django.utils.translation import gettext as _

# "Ana Ruiz, Bo Li; Chen & Dana and Eve": the ways a CSV's proposers cell lists several people.
_SEPARATORS = re.compile(r"\s*(?:[,;/&\n]|\band\b)\s*", re.IGNORECASE)
# A word of a name shorter than this ("de", "Li") is masked only within the whole name: alone it
# would mask ordinary words.
NAME_PART_MIN = 3


def identifying(*, proposers: str, organisation: str, contact_email: str) -> list[str]:
    """The strings to withhold, longest first (so that a whole name goes before its parts)."""
    found = set()
    for name in _SEPARATORS.split(proposers or ""):
        name = name.strip()
        if not name:
            continue
        found.add(name)
        found.update(part for part in name.split() if len(part.strip(".")) >= NAME_PART_MIN)
    for value in (organisation, contact_email):
        if value and value.strip():
            found.add(value.strip())
    return sorted(found, key=lambda s: (-len(s), s))


def mask(text: str, strings: list[str]) -> str:
    """`text` with each of `strings` replaced by a mark that says something was withheld."""
    if not text or not strings:
        return text
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(s)}(?!\w)" for s in strings), re.IGNORECASE)
    return pattern.sub(_("[withheld]"), text)
