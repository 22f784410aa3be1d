import pytest

from common.csv_export import safe_cell


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\r=1", "'\r=1"),
        (" =1", "' =1"),
        ('"=1', "'\"=1"),
        ("' +1", "'' +1"),
        ("Amina Diallo", "Amina Diallo"),
        ("amina@example.org", "amina@example.org"),
        ("2021-09-14 12:00", "2021-09-14 12:00"),
        ("", ""),
        (None, ""),
    ],
)
def test_cells_a_spreadsheet_would_run_are_made_text(value, expected):
    assert safe_cell(value) == expected
