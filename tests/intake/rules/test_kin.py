"""Relatives: a possessive kin phrase with a name after it, "X's sister", and "the widow of X"
with the name before it."""

from __future__ import annotations

from tests.intake.rules.letters import framed, values


def test_a_possessive_kin_phrase_names_the_relative_after_it():
    sentence = "Anna Popova was expelled from the Party. Her husband, Comrade Popov, is a worker."

    assert values(framed(sentence), "relatives") == [
        {"person": "Popov", "relation": "husband", "of": "Anna Popova"}
    ]


def test_a_surname_with_an_apostrophe_and_a_kin_word():
    sentence = "Comrade Kasparov was expelled. Kasparov's sister, Vera Kasparova, wrote to me."

    assert values(framed(sentence), "relatives") == [
        {"person": "Vera Kasparova", "relation": "sister", "of": "Kasparov"}
    ]


def test_the_widow_of_a_named_man_is_the_name_before_the_phrase():
    sentence = "Anna Petrova, the widow of Comrade Ivan Petrov, has been expelled."

    assert values(framed(sentence), "relatives") == [
        {"person": "Anna Petrova", "relation": "widow", "of": "Ivan Petrov"}
    ]


def test_the_subject_of_a_kin_apposition_is_the_head_name():
    sentence = "Anna Petrova, the widow of Comrade Ivan Petrov, has been expelled."

    assert values(framed(sentence), "subjects") == ["Anna Petrova"]
