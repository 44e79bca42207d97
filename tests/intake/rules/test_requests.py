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


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Please give him a hearing.", [("hear", "author", False)]),
        ("Please question him yourself before the matter is decided.", [("hear", "author", False)]),
        ("I ask that his case be looked at again.", [("reconsider", "author", False)]),
        ("If it is so, the decision should be reviewed.", [("reconsider", "author", False)]),
        ("Perhaps this should be checked.", [("verify", "author", False)]),
        ("Report by wire on what grounds she was expelled.", [("give_information", "author", 0)]),
    ],
)
def test_the_forms_a_request_takes_in_notes_and_telegrams(sentence, expected):
    assert requests(sentence) == expected


def test_a_telegram_marked_urgent_on_its_own_line_makes_its_requests_urgent():
    sentence = "Comrade Glushko was expelled. Request you review the decision.\nUrgent."

    assert requests(sentence) == [("reconsider", "author", True)]
