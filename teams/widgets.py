from django import forms


class SuggestInput(forms.TextInput):
    """A text box that names one thing among many (a member of a group, an issue area), with the
    place where static/js/suggest_box.js lists the names that match as one types and says how many.
    The field gives it the address that suggests (`data-suggest`)."""

    template_name = "teams/widgets/suggest_input.html"

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", "spellcheck": "false", **(attrs or {})})
