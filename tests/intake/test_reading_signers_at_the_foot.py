"""How a letter's writer signs at its foot, each in a short invented letter: a name, a trade and
an office on the line of the date; initials alone above a day and Roman month, in a note whose
year the letter above it gives; a petition signed for its writer "as she cannot write"; and
initials that stand for the name the page's heading gives."""

from __future__ import annotations

from commission.intake.reading.pipeline import read_and_extract
from tests.intake.reading_checks import only_letter, values


def test_a_trade_and_an_office_after_the_name_on_the_date_line():
    _letter, ex = only_letter(
        "To the Kazan Gubernia Control Commission\n\nComrades,\n\nOur foreman Pavel Lukich "
        "Sedov was expelled at the verification as a former contractor. He never was one. I ask "
        "you to look into his case.\n\n"
        "I. Kornev, riveter, member of the R.C.P. since 1918. 9 November 1921.\n"
    )
    assert values(ex, "author") == ["I. Kornev"]
    assert values(ex, "date") == ["1921-11-09"]


def test_a_place_before_the_date_is_still_no_signer():
    _letter, ex = only_letter(
        "Dear Comrades,\n\nI ask the C.C.C. to review the decision on Sedov. Please inform me of "
        "the result.\n\nS. Okhlopkov\nKozlov, 30 November 1921\n"
    )
    assert values(ex, "author") == ["S. Okhlopkov"]


def test_initials_alone_at_a_notes_foot_and_its_year_from_the_letter_above(tmp_path):
    page = tmp_path / "teterin.txt"
    page.write_text(
        "To the Central Control Commission\n\nI ask you to re-examine the case of my brother, "
        "Kuzma Ilyich Teterin, expelled at the verification in Ryazan.\n\n"
        "M. Teterina\n28 December 1921\n\n"
        "[On a separate sheet, pinned to the above:]\n\n"
        "Comrade Zalutsky,\n\nThe enclosed statement concerns K. I. Teterin, expelled at the "
        "verification. Please write on this sheet what you know of him, and urgently.\n\n"
        "P. K.\n3/I\n",
        encoding="utf-8",
    )
    readings = read_and_extract(page)
    assert len(readings) == 2
    note = readings[1].extraction
    assert values(note, "author") == ["P. K."]
    assert values(note, "date") == ["1922-01-03"]  # the month after December: the next year


def test_a_postscripts_mark_is_no_signature():
    _letter, ex = only_letter(
        "Dear Comrade Solts,\n\nPlease look into the case of Kuzma Teterin, expelled in Ryazan.\n"
        "\nYours, M. Teterina\n\nP. S.\n"
    )
    assert values(ex, "author") == ["M. Teterina"]


def test_a_petition_signed_for_its_writer_who_cannot_write():
    _letter, ex = only_letter(
        "To Mikhail Ivanovich Kalinin\n\nMy son Stepan Shubin was expelled from the Party by the "
        "volost cell on the word of his uncle. I ask you to have his case looked into.\n\n"
        "For Marfa Shubina, as she cannot write, her neighbour Ivan Lykov has signed at her "
        "request.\n2 March 1922\n"
    )
    assert values(ex, "author") == ["Marfa Shubina"]


def test_initials_that_stand_for_the_name_the_page_is_headed_with():
    _letter, ex = only_letter(
        "V. V. KUIBYSHEV\nINSTRUCTION TO THE SECRETARIAT\n\nWritten: March 9, 1922\n\n"
        "Comrade Tkacheva,\n\nAsk Shkiryatov what has become of the case of the Odoyev cell, "
        "and remind me on Monday.\n\nV. K.\n"
    )
    (author,) = ex.get("author")
    assert author.value == "V. K."
    assert author.person is not None
    assert author.person.name == "V. V. KUIBYSHEV"


def test_members_listed_in_brackets_after_struck_off_are_each_whom_it_is_about():
    _letter, ex = only_letter(
        "To the Tula Gubernia Verification Commission\n\nOf the members of the depot cell "
        "struck off by the uyezd commission on 2 December (Gusev, Lapina, Orekhov and "
        "Belyakov), the ukom considers the decision on Lapina and Orekhov mistaken and asks "
        "that it be reconsidered.\n\nSecretary of the Ukom   P. Dronov\n"
    )
    assert values(ex, "subjects") == ["Gusev", "Lapina", "Orekhov", "Belyakov"]


def test_a_surname_and_its_initials_end_before_the_next_sentences_name():
    _letter, ex = only_letter(
        "To the Kolomna Ukom\n\nThe commission examined the cases of Lapina A. I. and Orekhov "
        "S. P. Orekhov's absence from the cell is recognised as justified, and he is restored "
        "to membership.\n\nChairman of the Commission   K. Rudnev\n"
    )
    people = values(ex, "subjects") + values(ex, "other_people")
    assert "Orekhov S. P." in people
    assert not any(p.startswith("Orekhov S. P. Orekhov") for p in people)
