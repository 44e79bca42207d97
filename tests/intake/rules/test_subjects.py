"""Subjects: the name an expulsion or a request to verify points to, names joined to it, a
list after a colon, the author who writes of their own expulsion, and a short note's one
candidate; other people, among them a witness to question."""

from __future__ import annotations

from commission.intake.reading.rules.subjects import _joined, _without_aside
from tests.intake.rules.letters import framed, read, values


def test_names_joined_after_the_verb_are_all_subjects():
    sentence = "The commission expelled Comrades Kuzmin and Frolov."

    assert values(framed(sentence), "subjects") == ["Kuzmin", "Frolov"]


def test_names_joined_before_a_passive_verb_are_all_subjects():
    sentence = "Petrova and Ivanova were expelled from the Party."

    assert values(framed(sentence), "subjects") == ["Petrova", "Ivanova"]


def test_a_list_after_a_colon():
    sentence = "Verify the cases of the following comrades: Kudryashov, Pimenova, Lebedinsky."

    assert values(framed(sentence), "subjects") == ["Kudryashov", "Pimenova", "Lebedinsky"]


def test_the_author_who_was_expelled():
    assert values(framed("I was expelled from the Party in 1921."), "subjects") == ["A. Sidorov"]


def test_a_note_that_names_one_person_besides_its_writer():
    sentence = "Please look into this. Lapshina is a good worker."

    assert values(framed(sentence), "subjects") == ["Lapshina"]


def test_a_witness_to_question_is_one_of_the_other_people():
    sentence = (
        "Comrade Lapina was expelled from the Party. Please question Comrade Rumyantsev about her."
    )

    assert values(framed(sentence), "subjects") == ["Lapina"]
    assert values(framed(sentence), "other_people") == ["Rumyantsev"]


def test_what_joins_two_names_in_one_list():
    assert _joined(" and ") is True
    assert _joined(" (Elizarova), ") is True  # another name of the first, then a comma
    assert _joined(" who knew ") is False


def test_an_aside_between_commas_does_not_part_a_name_from_its_verb():
    gap = ", who worked in Baku before the revolution, has been "

    assert _without_aside(gap) == " has been "


def test_two_titled_names_before_a_passive_verb_are_both_subjects():
    sentence = "Comrade Petrova and Comrade Ivanova were expelled from the Party."

    assert values(framed(sentence), "subjects") == ["Petrova", "Ivanova"]


def test_a_telegram_name_before_expelled_by_a_place_is_the_subject():
    sentence = "Party member Ivan Glushko expelled by Buzuluk purge commission."

    assert values(framed(sentence), "subjects") == ["Ivan Glushko"]


def test_a_name_whose_verb_is_should_not_remain():
    sentence = "Comrade Pyotr Udaltsov, who heads the Land Office, should not remain in the Party"

    assert values(framed(sentence + "."), "subjects") == ["Pyotr Udaltsov"]


def test_a_footnote_mark_after_the_name_does_not_part_it_from_its_verb():
    sentence = "Comrade Boris Kagan[1], a doctor, has been expelled as a former Menshevik."

    assert values(framed(sentence), "subjects") == ["Boris Kagan"]


def test_a_witness_to_ask_with_a_clause_after_the_name_is_one_of_the_other_people():
    sentence = "Comrade Lapina was expelled. Ask Comrade Rumyantsev, who was her supervisor."

    assert values(framed(sentence), "other_people") == ["Rumyantsev"]
    assert values(framed(sentence), "subjects") == ["Lapina"]


def test_people_listed_one_to_a_line_under_a_colon():
    text = (
        "Comrades,\n\nI have seen the list of those expelled from the Shuya organisation. Of them "
        "I know personally the following:\n\nGoryunov, weaver at the Shuya manufactory;\n"
        "Sazonova, Matryona, who carried literature;\nPakhomov, Vasily, member of the committee."
        "\n\nI ask the Commission to verify each of these cases.\n\nA. Gruzdev\n7.XI.1921"
    )
    # a given name is read with the surname it follows
    assert values(text, "subjects") == ["Goryunov", "Sazonova, Matryona", "Pakhomov, Vasily"]


def test_a_note_that_asks_what_is_known_of_a_person():
    text = (
        "Comrade Lapshin: the Commission asks you urgently to write what you know of Surikova's "
        "work at the mill. -- M. Shkiryatov. 6/II-22."
    )
    assert values(text, "subjects") == ["Surikova"]


def test_members_who_ought_not_to_remain_listed_after_a_colon():
    sentence = (
        "We declare that the following members ought not to remain in it: Gorshkov, Frolov and "
        "Petrova."
    )

    assert values(framed(sentence), "subjects") == ["Gorshkov", "Frolov", "Petrova"]


def test_his_case_is_the_expelled_mans_not_his_fathers():
    sentence = (
        "Comrade Ivan Belov was expelled. He is the son of the priest Pavel Belov. "
        "I ask you to look into his case."
    )
    assert values(framed(sentence), "subjects") == ["Ivan Belov"]
    assert values(framed(sentence), "relatives") == [
        {"person": "Pavel Belov", "relation": "father", "of": "Ivan Belov"}
    ]


def test_those_who_recommended_are_not_the_subject():
    sentence = (
        "In reply to your inquiry No. 3381 of 2 October concerning Boris Nemirovsky, we report "
        "that he joined in 1919 on the recommendation of Comrades Savelyev and Khrustalev."
    )
    assert values(framed(sentence), "subjects") == ["Boris Nemirovsky"]


def test_a_denunciation_reports_on_its_subject():
    sentence = (
        "We consider it our duty to report on the depot commissar, Ignat Rudnev, who sends "
        "flour to Moscow on the Kozlov locomotive depot's engines."
    )
    assert values(framed(sentence), "subjects") == ["Ignat Rudnev"]


def test_a_numbered_list_with_given_names_and_initials_after_the_surnames():
    text = framed(
        "The Commission has received statements concerning the following members:\n\n"
        "1. Belousov, Timofei - head of the workshop store;\n"
        "2. Grinko, O. I. - uyezd food commissar;\n"
        "3. Umansky - member of the uyezd executive committee.\n\n"
        "Against Belousov and Grinko there are charges. Check each of them."
    )
    assert values(text, "subjects") == ["Belousov, Timofei", "Grinko, O. I.", "Umansky"]


def test_a_pronoun_opening_a_sentence_goes_on_with_the_sentences_subject():
    sentence = (
        "Nemirovsky joined the Party on the recommendation of Comrades Savelyev and "
        "Khrustalev. His brother, Yakov Nemirovsky, went abroad in 1920. Please verify "
        "Nemirovsky's case."
    )
    relatives = [i.value for i in read(framed(sentence)).get("relatives")]
    assert relatives == [{"person": "Yakov Nemirovsky", "relation": "brother", "of": "Nemirovsky"}]


def test_a_sister_and_her_brother_named_after_a_comma_are_both_subjects():
    sentence = (
        "The uyezd commission expelled Vera Lukinichna Abrosimova and her brother, Timofei "
        "Lukich Abrosimov."
    )
    assert values(framed(sentence), "subjects") == [
        "Vera Lukinichna Abrosimova",
        "Timofei Lukich Abrosimov",
    ]


def test_a_surname_ending_in_ykh_opens_a_list_line():
    text = framed(
        "The expelled are:\n\n1. Nikita Osipov, engine driver;\n2. Prokhor Chernykh, engine "
        "driver.\n\nPlease verify their cases."
    )
    assert values(text, "subjects") == ["Nikita Osipov", "Prokhor Chernykh"]


def test_the_reader_called_by_name_and_patronymic_is_no_subject():
    from tests.intake.rules.letters import read

    text = (
        "To Comrade Kalinin\n\nI most humbly ask you, Mikhail Ivanovich, do not refuse a poor "
        "widow.\n\nMy son, Nikolai Puzyrev, went to the front as a volunteer. At the "
        "verification they struck him out of the Party.\n\n"
        "Agafya Puzyreva\n"
    )
    subjects = [item.value for item in read(text).get("subjects")]
    assert "Mikhail Ivanovich" not in subjects
    assert subjects == ["Nikolai Puzyrev"]


def test_a_party_card_pledged_for_another_does_not_make_the_writer_a_subject():
    text = framed(
        "My brother, Leonid Markovich Sorin, has been expelled from the Party. I have been a "
        "member since 1919 and answer for my brother with my party card."
    )
    assert values(text, "subjects") == ["Leonid Markovich Sorin"]


def test_a_reply_that_retains_the_member_it_is_addressed_to_is_about_them():
    text = (
        "To Comrade I. Ya. Gromov, Tver Carriage Works\n\n"
        "The Gubernia Verification Commission heard your statement and resolved to cancel the "
        "decision of the cell and to retain you as a member of the R.C.P.\n\n"
        "For the Chairman,\nDeputy Chairman N. Bakhmetyev\n"
    )
    assert values(text, "subjects") == ["I. Ya. Gromov"]


def test_writing_to_the_addressee_about_someone_does_not_make_the_addressee_a_subject():
    text = (
        "Dear Comrade Solts,\n\nI am writing to you about Comrade Anna Lapina, who was "
        "expelled by the district commission.\n\nP. Orlov\n"
    )
    assert values(text, "subjects") == ["Anna Lapina"]


def test_a_list_after_a_colon_at_the_end_of_a_long_description():
    sentence = (
        "The bureau asks the commission to check with particular care the following members, "
        "who came over to the cell in the spring of 1920 from the dissolved group of the former "
        '"internationalists": Rozhkov, Tselikov, Vyalykh and Petrova-Gants.'
    )

    assert values(framed(sentence), "subjects") == [
        "Rozhkov",
        "Tselikov",
        "Vyalykh",
        "Petrova-Gants",
    ]
