"""Free text of a review entry as the page may show it (review/anonymity.py)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def withheld(context, text, entry):
    """{% withheld entry.description entry %}: the text with the proposers' names masked while the
    page's `round` is in its anonymised phase (escaped like any variable)."""
    review_round = context.get("round")
    if review_round is None or not review_round.anonymised:
        return text
    return entry.masked(text)
