"""The convener colours: dark text on each passes WCAG AA (4.5:1), and the colours are told apart
in words too (every convener has its short label and its name)."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from programme.enums import CONVENER_STYLE, CONVENER_TEXT_COLOUR, Convener


def _luminance(hex_colour: str) -> float:
    """WCAG 2's relative luminance of an sRGB colour written #rrggbb."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_contrast_formula_knows_black_on_white():
    assert _contrast("#000000", "#ffffff") == pytest.approx(21)
    assert _contrast("#777777", "#ffffff") < 4.5  # a grey that fails AA


@pytest.mark.parametrize("convener", list(Convener))
def test_dark_text_on_each_convener_colour_passes_aa(convener):
    assert _contrast(CONVENER_STYLE[convener]["colour"], CONVENER_TEXT_COLOUR) >= 4.5


def test_each_convener_has_its_own_colour_and_label():
    assert set(CONVENER_STYLE) == set(Convener)
    assert len({style["colour"] for style in CONVENER_STYLE.values()}) == len(Convener)
    assert len({style["short"] for style in CONVENER_STYLE.values()}) == len(Convener)


def test_the_stylesheet_paints_each_convener_in_its_colour():
    """static/css/programme.css is the pages' one copy of the colours: the same as the enum's."""
    css = (Path(settings.BASE_DIR) / "static" / "css" / "programme.css").read_text()
    painted = dict(re.findall(r"\.convener-(\w+), \.convener-row-\w+ \{ --convener: (#[0-9a-f]{6}); \}", css))
    assert painted == {convener.value: style["colour"] for convener, style in CONVENER_STYLE.items()}
