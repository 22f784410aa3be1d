import pytest
from django.template import Context, Template
from django.utils import translation

from common.lists import joined


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Amina, Bo, Chen"),
        ("fr", "Amina, Bo, Chen"),
        ("zh-hans", "Amina、Bo、Chen"),
        ("ar", "Amina، Bo، Chen"),
    ],
)
def test_a_list_reads_as_the_readers_language_writes_one(language, expected):
    with translation.override(language):
        assert joined(["Amina", "Bo", "Chen"]) == expected


def test_the_template_filter_escapes_each_name_typed():
    with translation.override("zh-hans"):
        html = Template("{% load common %}{{ names|as_list }}").render(
            Context({"names": ["<b>Amina</b>", "Bo"]})
        )
    assert (
        html == "<bdi>&lt;b&gt;Amina&lt;/b&gt;</bdi>、<bdi>Bo</bdi>"
    )  # each isolated: a name keeps its direction
