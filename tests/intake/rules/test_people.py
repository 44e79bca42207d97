"""People: a surname opening a sentence as its verb's subject is a name, a single word heading a
date line is a place, and a pronoun stands for the last person of its gender named before it."""

from __future__ import annotations

from commission.intake.reading.mentions import cluster_mentions, find_mentions
from commission.intake.reading.rules.people import _place_of_date, _sentence_initial_surnames
from tests.intake.rules.letters import framed, read


def test_a_surname_opening_a_sentence_before_its_verb_is_a_name():
    text = "Lapshina is a good worker. Moscow was cold. Petrov was there."

    assert _sentence_initial_surnames(text) == ["Lapshina", "Petrov"]


def test_a_word_heading_a_date_line_is_where_the_letter_was_written():
    text = "Dear Comrade,\nI ask.\n\nKozlov, 2 January 1922"
    (kozlov,) = find_mentions(text, known=set())

    assert _place_of_date(text, kozlov) is True


def test_a_signed_name_with_initials_on_a_date_line_is_not_a_place():
    text = "Dear Comrade,\nI ask.\n\nI. Petrov, 12 January 1922"
    (petrov,) = find_mentions(text, known=set())

    assert _place_of_date(text, petrov) is False


def test_her_stands_for_the_woman_named_before_it():
    sentence = "Anna Popova was expelled from the Party. Her husband, Comrade Popov, is a worker."

    (tie,) = read(framed(sentence)).get("relatives")

    assert tie.value == {"person": "Popov", "relation": "husband", "of": "Anna Popova"}


def test_the_roman_month_of_a_signed_date_is_not_an_initial():
    names = [m.text for m in find_mentions("Reinstate him.\n\n11/I. A. Solts")]

    assert names == ["A. Solts"]


def test_a_woman_signing_her_married_and_maiden_names_joined_is_the_one_named_above():
    text = (
        "From Klavdia Petrovna Rudneva (née Bogomolova), typist.\n\n"
        "My husband, Viktor Aleksandrovich Rudnev, fell at Kronstadt.\n\n"
        "K. Rudneva-Bogomolova\n"
    )
    clusters = cluster_mentions(find_mentions(text))
    assert [[m.text for m in c.mentions] for c in clusters] == [
        ["Klavdia Petrovna Rudneva", "K. Rudneva-Bogomolova"],
        ["Viktor Aleksandrovich Rudnev"],
    ]


def test_a_surname_first_with_a_given_name_the_list_does_not_know_and_a_patronymic():
    text = "whose husband, Sukhov, Dementy Lukich, was expelled from the party"
    assert [m.text for m in find_mentions(text, known=set())] == ["Sukhov, Dementy Lukich"]


def test_a_name_after_an_abbreviated_title_with_its_full_stop():
    text = "the statement of Com. Repina, A. F., teacher, expelled by the uyezd committee"
    assert [m.text for m in find_mentions(text, known=set())] == ["Repina, A. F."]
    assert [m.text for m in find_mentions("Com. Lapina was expelled.", known=set())] == ["Lapina"]
