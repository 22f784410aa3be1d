"""Choice labels for a page of rows, translated once per page instead of once per row.

`row.get_FOO_display()` rebuilds the field's whole table of choices and translates every label
in it on each call: on a page of 50 rows with a 30-choice field that is 1,500 translations
(about 15 ms). This translates each label once, in the active language.
"""

from collections.abc import Iterable


def with_choice_labels(rows: Iterable, **fields: str) -> None:
    """Give each row, for each `field="attribute"`, `row.attribute` = the field's label.
    with_choice_labels(messages, kind="kind_label", status="status_label")"""
    rows = list(rows)
    if not rows:
        return
    model = type(rows[0])
    for field_name, attribute in fields.items():
        labels = {value: str(label) for value, label in model._meta.get_field(field_name).flatchoices}
        for row in rows:
            value = getattr(row, field_name)
            setattr(row, attribute, labels.get(value, value))
