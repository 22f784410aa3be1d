"""Every CSV the site hands out is written here, so that no cell can run as a spreadsheet formula.

A cell that a spreadsheet might read as a formula (it starts with = + - @, a tab or a carriage
return, also after leading spaces or quotes, as OWASP's CSV-injection advice says) is prefixed with
a single quote, which spreadsheets show as text. Email addresses are cells like any other:
`=2+5+cmd|'/ccalc'!a0@example.org` is a valid address.
"""

import csv
import io
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


def csv_text(header: Iterable[str], rows: Iterable[Iterable]) -> str:
    """The CSV's text: the header, then each row with every cell made safe (for a body kept in the
    cache and handed out by `csv_text_response`)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow([safe_cell(cell) for cell in header])
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return out.getvalue()


def csv_text_response(filename: str, text: str) -> HttpResponse:
    """A CSV download of text made by `csv_text`."""
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(filename: str, header: Iterable[str], rows: Iterable[Iterable]) -> HttpResponse:
    """A CSV download: the header, then each row with every cell made safe."""
    return csv_text_response(filename, csv_text(header, rows))
