"""Every word of the interface goes through the Russian catalogue: the templates mark their
visible text, the catalogue holds every string the code and templates mark, each translated and
none fuzzy, and the committed .mo is compiled from the .po as it stands (tests/core/catalogue.py
says how each is found; docs/languages.md how to fix what these tests report)."""

from __future__ import annotations

import pytest

from tests.core import catalogue


def test_every_visible_word_in_the_templates_is_marked_for_translation():
    assert [str(u) for u in catalogue.all_untranslated_text()] == []


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("<p>Hello</p>", ["'Hello'"]),
        ('<p>{% translate "Hello" %}</p>', []),
        ("<p>{% blocktranslate %}Hello {{ n }}{% endblocktranslate %}</p>", []),
        ('<input placeholder="Search">', ["'Search'"]),
        ('<a href="{% url "x" %}" class="b">{{ name }} · 12</a>', []),
        ('{{ x|default:"none" }}', ["'|default:\"none\"'"]),
        ('{{ x|default:_("none") }}', []),
        ("<code>commission demo</code>{# note #}{% comment %}Words{% endcomment %}", []),
    ],
)
def test_the_template_check_finds_unmarked_text(tmp_path, template, expected):
    path = catalogue.PACKAGE / "core" / "templates" / "_check_sample.html"
    path.write_text(template, encoding="utf-8")
    try:
        assert [repr(u.text) for u in catalogue.untranslated_text(path)] == expected
    finally:
        path.unlink()


def test_no_string_is_marked_for_translation_inside_an_f_string():
    # makemessages runs xgettext, which does not read inside an f-string's braces: a string
    # marked there is not gathered, and `make messages` drops its translation.
    assert catalogue.marked_inside_fstrings() == []


def test_the_russian_catalogue_is_complete_translated_and_compiled():
    assert catalogue.catalogue_problems() == []
