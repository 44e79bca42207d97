"""Relatives: a possessive kin phrase with a name after it, "X's sister", and "the widow of X"
with the name before it."""

from __future__ import annotations

import pytest

from tests.intake.rules.letters import framed, read, values


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


def test_the_widow_of_a_named_man_is_the_name_before_the_phrase_told_from_her_side():
    # Anna Petrova is the subject, so the tie names her kin: her late husband.
    sentence = "Anna Petrova, the widow of Comrade Ivan Petrov, has been expelled."

    assert values(framed(sentence), "relatives") == [
        {"person": "Ivan Petrov", "relation": "husband", "of": "Anna Petrova"}
    ]


def test_a_tie_between_two_people_neither_of_them_the_subject_stays_as_written():
    text = framed(
        "Comrade Pavel Gusev has been expelled. I know this from Anna Petrova, the widow of "
        "Ivan Petrov."
    )

    assert values(text, "relatives") == [
        {"person": "Anna Petrova", "relation": "widow", "of": "Ivan Petrov"}
    ]


def test_the_mother_who_writes_of_her_son_is_his_mother():
    text = (
        "Dear Comrade Solts,\n\nMy son Ivan Demin has been expelled from the Party. I beg you "
        "to put him back.\n\nPraskovya Demina\n"
    )

    assert values(text, "relatives") == [
        {"person": "Praskovya Demina", "relation": "mother", "of": "Ivan Demin"}
    ]
    assert values(text, "subjects") == ["Ivan Demin"]


def test_the_subject_of_a_kin_apposition_is_the_head_name():
    sentence = "Anna Petrova, the widow of Comrade Ivan Petrov, has been expelled."

    assert values(framed(sentence), "subjects") == ["Anna Petrova"]


@pytest.mark.parametrize("wife", ["His wife Raisa keeps", "His wife, Raisa, keeps"])
def test_a_forename_alone_after_a_kin_word(wife):
    sentence = f"Comrade Lev Sheinin sells flour on the side. {wife} the money."

    assert values(framed(sentence), "relatives") == [
        {"person": "Raisa", "relation": "wife", "of": "Lev Sheinin"}
    ]


def test_two_kin_words_joined_by_and():
    sentence = "Comrade Lapina was expelled. Her mother and father kept a shop in Kaluga."

    assert values(framed(sentence), "relatives") == [
        {"person": "Her mother", "relation": "mother", "of": "Lapina"},
        {"person": "father", "relation": "father", "of": "Lapina"},
    ]


def test_their_children_are_the_subjects_not_the_named_relatives():
    sentence = (
        "Comrade Anna Fomina was expelled. Her husband, Semyon Fomin, fell at Kazan, "
        "and she brings up their son alone."
    )

    assert values(framed(sentence), "relatives") == [
        {"person": "Semyon Fomin", "relation": "husband", "of": "Anna Fomina"},
        {"person": "their son", "relation": "son", "of": "Anna Fomina"},
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Comrade Anna Fomina was expelled. She brings up their two sons alone.",
            {"person": "their two sons", "relation": "son", "of": "Anna Fomina"},
        ),
        (
            "Comrade Anna Fomina was expelled. She feeds her three children alone.",
            {"person": "her three children", "relation": "child", "of": "Anna Fomina"},
        ),
    ],
)
def test_kin_counted_in_the_plural_is_one_tie_in_the_singular(sentence, expected):
    assert values(framed(sentence), "relatives") == [expected]


def test_an_old_mother_is_a_mother():
    sentence = "Comrade Shubin was expelled. His old mother lives with him."

    assert values(framed(sentence), "relatives") == [
        {"person": "His old mother", "relation": "mother", "of": "Shubin"}
    ]


def test_whose_kin_with_the_name_after_it_is_kin_of_the_name_before():
    sentence = (
        "The commission has expelled Zinaida Lukina, whose sister-in-law, Comrade Marfa Lukina, "
        "sits on the soviet."
    )

    assert values(framed(sentence), "relatives") == [
        {"person": "Marfa Lukina", "relation": "sister-in-law", "of": "Zinaida Lukina"}
    ]


def test_a_kin_phrase_with_was_before_the_name():
    sentence = (
        "Yevdokia Grachova was expelled last week. Her late husband was Comrade Nikifor Grachov."
    )

    assert values(framed(sentence), "relatives") == [
        {"person": "Nikifor Grachov", "relation": "husband", "of": "Yevdokia Grachova"}
    ]


def test_the_son_of_a_man_named_behind_his_description():
    sentence = (
        "Comrade Timofei Rudnev, the son of the old Bolshevik weaver Grigory Rudnev who died in "
        "1915, has been expelled."
    )

    assert values(framed(sentence), "relatives") == [
        {"person": "Grigory Rudnev", "relation": "father", "of": "Timofei Rudnev"}
    ]
    assert values(framed(sentence), "subjects") == ["Timofei Rudnev"]


def test_kin_of_a_subject_described_before_she_is_named():
    text = framed(
        "There is the case of a young typist who was expelled because her father had been a "
        "colonel of gendarmes. Her brother Georgy fell near Orel. I ask you to verify the case "
        "of Lidia Vasilyevna Kornilova."
    )
    found = {
        (i.value["person"], i.value["relation"], i.value["of"]) for i in read(text).get("relatives")
    }
    assert ("her father", "father", "Lidia Vasilyevna Kornilova") in found
    assert ("Georgy", "brother", "Lidia Vasilyevna Kornilova") in found


def test_the_daughter_of_a_named_man_said_of_the_subject_names_her_father():
    text = framed(
        "Nadezhda Belyaeva was expelled from the Party. Everyone says that she is the daughter "
        "of the merchant Kuzma Lopatin, and that she hid her father's gold."
    )

    assert values(text, "relatives") == [
        {"person": "Kuzma Lopatin", "relation": "father", "of": "Nadezhda Belyaeva"}
    ]


def test_our_father_in_a_sisters_letter_is_the_subjects_father():
    text = (
        "Dear Comrade Solts,\n\nI am writing about my brother, Ilya Mikhailovich Frolov, who "
        "was expelled by the uyezd commission. Our father was a weaver all his life.\n\n"
        "A. M. Rubtsova"
    )
    relatives = [
        (i.value["person"], i.value["relation"], i.value["of"]) for i in read(text).get("relatives")
    ]
    assert ("Our father", "father", "Ilya Mikhailovich Frolov") in relatives


def test_a_pronoun_opening_a_sentence_after_but_goes_on_with_that_sentences_subject():
    """ "But Anton left … His mother …": the mother is Anton's, not the father's or the comrade's
    named inside the sentences before."""
    text = framed(
        "My husband, Anton Ignatievich Lykov, a member since 1918, was struck off on the ground "
        'that he is "a priest\'s son who keeps up relations with his father".\n\n'
        "It is true that his father, Ignaty Lykov, serves in the church at Rybnaya Sloboda. But "
        "Anton left his father's house at fifteen, and was in exile together with Comrade "
        "Pankov, who is now in the 5th Army and will say the same. His mother died in 1911."
    )
    ties = [(v["person"], v["relation"], v["of"]) for v in values(text, "relatives")]
    assert ("His mother", "mother", "Anton Ignatievich Lykov") in ties
    assert not any(of in ("Ignaty Lykov", "Pankov") for _, _, of in ties)


def test_the_writer_who_says_i_the_mother_of_is_that_relative():
    text = (
        "To the Gubernia Verification Commission\n\nI, the mother of the expelled Grigory "
        "Ivanovich Kuzmin, beg the Commission to look into his case.\n\nAgrafena Kuzmina"
    )
    assert ("Agrafena Kuzmina", "mother", "Grigory Ivanovich Kuzmin") in [
        (v["person"], v["relation"], v["of"]) for v in values(text, "relatives")
    ]


def test_a_relative_bearing_the_family_name_is_kin_of_the_one_of_that_name_not_the_last_man():
    sentence = (
        "Comrade Fedot Burlakov was expelled. His writing exposed the kulak Mordvinov. His "
        "brother, Ivan Burlakov, works at our print shop."
    )
    assert values(framed(sentence), "relatives") == [
        {"person": "Ivan Burlakov", "relation": "brother", "of": "Fedot Burlakov"}
    ]


def test_an_in_law_keeps_the_nearest_man_though_another_bears_the_in_laws_name():
    sentence = (
        "Comrade Mokey Tarasov saw it. Comrade Arkady Kunitsyn was expelled. His brother-in-law, "
        "Pyotr Tarasov, is a trader."
    )
    found = values(framed(sentence), "relatives")
    assert {"person": "Pyotr Tarasov", "relation": "brother-in-law", "of": "Arkady Kunitsyn"} in (
        found
    )


def test_aged_parents_after_a_name_in_the_possessive():
    sentence = "Comrade Tumarkin was expelled. He asks about Comrade Tumarkin's aged parents."

    assert {"person": "Tumarkin's aged parents", "relation": "parent", "of": "Tumarkin"} in values(
        framed(sentence), "relatives"
    )


def test_children_counted_after_they_have_are_the_subjects():
    sentence = (
        "Comrade Ivan Lapin was expelled by the uyezd commission. They have two small children, "
        "and his wife is ill."
    )

    assert {"person": "two small children", "relation": "child", "of": "Ivan Lapin"} in values(
        framed(sentence), "relatives"
    )


@pytest.mark.parametrize(
    ("sentence", "had"),
    [
        ("He has a wife and four children to keep.", ["a wife", "four children"]),
        ("Lapin has a wife and two small children.", ["a wife", "two small children"]),
        (
            "He has a son of twelve and a sick sister-in-law.",
            ["a son of twelve", "a sick sister-in-law"],
        ),
    ],
)
def test_the_kin_someone_has_are_counted_one_tie_each(sentence, had):
    extraction = framed("Comrade Ivan Lapin was expelled by the uyezd commission. " + sentence)

    assert [r["person"] for r in values(extraction, "relatives")] == had
    assert {r["of"] for r in values(extraction, "relatives")} == {"Ivan Lapin"}


def test_a_sister_the_subject_has_is_named_beside_the_word():
    extraction = framed(
        "Comrade Yelena Vorontsova was expelled. She has a sister, Olga, who lives with her."
    )

    assert values(extraction, "relatives") == [
        {"person": "Olga", "relation": "sister", "of": "Yelena Vorontsova"}
    ]


def test_each_name_after_a_plural_kin_word_is_a_tie():
    sentence = (
        "Comrade Pavel Gromov was expelled by the uyezd commission. His two daughters, Nina, "
        "Zoya and Shura, are at school."
    )

    ties = values(framed(sentence), "relatives")
    for name in ("Nina", "Zoya", "Shura"):
        assert {"person": name, "relation": "daughter", "of": "Pavel Gromov"} in ties
