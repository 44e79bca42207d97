"""Requests: what the author asks for and how urgently, a request the author reports on
someone's behalf, and the sentences that ask nothing."""

from __future__ import annotations

import pytest

from tests.intake.rules.letters import framed, read


def requests(sentence: str) -> list[tuple[str, str, bool]]:
    found = read(framed(sentence)).get("requests")
    return [(i.value, i.extra["by"], i.extra["urgent"]) for i in found]


def test_the_author_asks_urgently_for_reinstatement():
    sentence = "Comrade Lapina was expelled. I ask you urgently to reinstate her."

    assert requests(sentence) == [("reinstate", "author", True)]


def test_a_request_the_author_reports():
    sentence = "Comrade Lapina was expelled. She asks me to intercede for her."

    assert requests(sentence) == [("intercede", "Lapina", False)]


def test_an_order_to_question_a_witness_asks_to_hear_them():
    sentence = "Comrade Lapina was expelled from the Party. Please question Comrade Rumyantsev."

    assert requests(sentence) == [("hear", "author", False)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Comrade Lapina was expelled. I shall verify the facts myself.",  # an undertaking
        "Comrade Lapina was expelled. He should not be readmitted.",  # asks the opposite
    ],
)
def test_sentences_that_ask_nothing(sentence):
    assert requests(sentence) == []
