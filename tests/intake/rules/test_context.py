"""The shared context: the closing lines at a letter's foot, the sentence around a position,
a person's reference, and the spacing every phrase pattern tolerates."""

from __future__ import annotations

import re

from commission.intake.reading.rules.context import _closing_lines, _ref, _spaced
from tests.intake.rules.letters import letter

LETTER = (
    "Dear Comrade Ivanov,\n\nI ask you to look into the case.\n\nYours,\nA. Sidorov\n2 March 1922"
)


def test_the_closing_is_the_short_lines_after_the_last_sentence():
    closing = _closing_lines(LETTER)

    assert [LETTER[s:e] for s, e in closing] == ["Yours,", "A. Sidorov", "2 March 1922"]


def test_a_postscript_after_the_signature_does_not_end_the_closing():
    text = LETTER + "\nP.S. I enclose her party card."

    assert [text[s:e] for s, e in _closing_lines(text)] == ["Yours,", "A. Sidorov", "2 March 1922"]


def test_a_spaced_pattern_reads_a_phrase_broken_over_lines():
    pattern = _spaced(re.compile("look into the case", re.I))

    assert pattern.pattern == r"look\s+into\s+the\s+case"
    assert pattern.flags & re.I
    assert pattern.search("to look  into\nthe case") is not None


def test_a_reference_without_a_mention_carries_the_name_and_its_gender():
    ref = _ref(letter(LETTER), "text", None, "Anna Petrova")

    assert (ref.name, ref.span, ref.gender) == ("Anna Petrova", None, "female")
