"""Stance and basis of knowledge: words of praise or blame that are the author's own (not a
charge quoted or reported), a request that speaks for the subject, and how the author knows."""

from __future__ import annotations

import pytest

from commission.intake.reading.rules.stance import _negated
from tests.intake.rules.letters import framed, values


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        ("I have known Comrade Lapina since 1917. She is an honest and devoted worker.", "for"),
        ("Comrade Lapin was rightly expelled, he is a drunkard.", "against"),
        # The charge is someone else's; the request to reinstate is the author's.
        (
            "Comrade Lapin was expelled on the charge of drunkenness. I ask you to reinstate him.",
            "for",
        ),
        # Quoted words are the charge answered, not the author's judgment.
        ("Comrade Lapin was expelled as “an alien element”.", "neutral"),
    ],
)
def test_the_authors_stance(sentence, stance):
    assert values(framed(sentence), "stance") == [stance]


@pytest.mark.parametrize(
    ("sentence", "basis"),
    [
        ("I have known Comrade Lapina since 1917.", ["knows_personally"]),
        ("Comrade Lapina worked under my supervision in the Tver cell.", ["observation_of_work"]),
        (
            "I do not know her personally, but I have heard that Comrade Lapina was expelled.",
            ["not_known_personally", "hearsay"],
        ),
        # A witness's knowledge is not the author's.
        (
            "Comrade Lapina was expelled. Comrade Petrova, who knows her work, can tell you more.",
            [],
        ),
    ],
)
def test_how_the_author_knows_the_subject(sentence, basis):
    assert values(framed(sentence), "basis") == basis


def test_a_word_of_praise_after_not_is_negated():
    assert _negated("he is not honest", len("he is not ")) is True
    assert _negated("he is honest", len("he is ")) is False
