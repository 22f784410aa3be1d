"""Every CSV the site hands out is written here, so that no cell can run as a spreadsheet formula.

A cell that a spreadsheet might read as a formula (it starts with = + - @, a tab or a carriage
return, also after leading spaces or quotes, as OWASP's CSV-injection advice says) is prefixed with
a single quote, which spreadsheets show as text. Email addresses are cells like any other:
`=2+5+cmd|'/ccalc'!a0@example.org` is a valid address.
"""

import csv
from collections.abc import Iterable

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
# Characters a spreadsheet skips before it decides whether a cell is a formula.
SKIPPED_LEAD = " \"'"


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS) or text.lstrip(SKIPPED_LEAD).startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_response(filename: str, header: Iterable[str], rows: Iterable[Iterable]) -> HttpResponse:
    """A CSV download: the header, then each row with every cell made safe."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return response
