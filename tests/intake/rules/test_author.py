"""The author: the name signed at the foot after a valediction, a role or beside a date, else
"I, Name," in the text, else the archive header."""

from __future__ import annotations

import pytest

from commission.intake.reading import lexicon as lx
from commission.intake.reading.pipeline import read_text
from commission.intake.reading.rules import extract_by_rules
from commission.intake.reading.rules.author import _name_beside_date
from tests.intake.rules.letters import framed, read, values

ASK = "Dear Comrade Ivanov,\nI ask you to look into the case.\n\n{}"


def author(text: str, **kwargs) -> list[tuple[str, str]]:
    return [(i.value, i.extra["how"]) for i in read(text, **kwargs).get("author")]


@pytest.mark.parametrize(
    ("foot", "name"),
    [
        ("With communist greetings,\nA. Sidorov", "A. Sidorov"),
        ("Yours, F. D.", "F. D."),  # initials alone, after a valediction
        ("Secretary P. Frolov", "P. Frolov"),  # a role, then the name
        # a place under the name, and a telephone form's lines after it
        ("Praskovya Lapina\nKlin, Zarechnaya sloboda, No. 9", "Praskovya Lapina"),
        ("Krestinsky\nTransmitted 27.VIII.1921 at 21.15. Taken down by Shchetinina.", "Krestinsky"),
    ],
)
def test_the_name_signed_at_the_foot(foot, name):
    assert author(ASK.format(foot)) == [(name, "signature")]


def test_a_name_signed_on_the_date_line():
    text = ASK.format("2/II. V. Petrenko")

    assert author(text, header="Written: 5 February 1922\n") == [("V. Petrenko", "signature")]


def test_the_writer_who_introduces_herself():
    text = "Dear Comrade Ivanov,\nI, Maria Lapina, ask you to look into the case of my brother.\n"

    assert author(text) == [("Maria Lapina", "self-introduction")]


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("2/II. V. Petrenko", "V. Petrenko"),
        ("Ivanov 30.XII.1921", "Ivanov"),
        ("Kozlov, 2 January 1922", None),  # one word and a comma: where it was written
    ],
)
def test_a_name_beside_a_date(line, name):
    date = lx.DATE.search(line) or lx.DAY_ROMAN.search(line)
    assert date is not None

    signed = _name_beside_date(line, date, 0)

    assert (signed.text if signed is not None else None) == name


def test_a_doctor_signing_with_a_title_above_a_footnote_is_one_letter():
    text = (
        "Comrade Shkiryatov,\n\nComrade Kagan[1] was expelled. I worked with him for a year "
        "in the hospital and ask that he be heard.\n\nDr. S. Goltsman\n27.I.1922\n\n"
        "[1] A doctor of the Sokolniki hospital.\n"
    )

    (only,) = read_text(text, file_name="letter.txt")

    assert [i.value for i in extract_by_rules(only).get("author")] == ["S. Goltsman"]


@pytest.mark.parametrize("name", ["Ye. Tarasova", "Ya. Kruminsh", "Zh. Orlov", "Yu. Ts. Belyi"])
def test_an_initial_written_with_two_letters(name):
    text = framed("Please verify the case of Comrade Lapina.").replace("A. Sidorov", name)
    assert [i.value for i in read(text).get("author")] == [name]


def test_several_signatories_with_two_letter_initials():
    text = (
        "To the Central Commission\n\nWe ask you to verify the case of Comrade Lapina.\n\n"
        "A. Kuvshinov, member since 1905\nYe. Tarasova, member since 1906\n"
        "M. Zotov, member since 1907\n"
    )
    assert [i.value for i in read(text).get("author")] == [
        "A. Kuvshinov", "Ye. Tarasova", "M. Zotov",
    ]  # fmt: skip


def test_a_note_signed_at_the_end_of_its_one_paragraph():
    text = (
        "Comrade Lapshin (mill committee, Trekhgornaya): the Commission asks you urgently to write "
        "what you know of Surikova's work in the Party. -- M. Shkiryatov. 6/II-22."
    )
    extraction = read(text, header="Written: February 1922\n")
    assert [i.value for i in extraction.get("author")] == ["M. Shkiryatov"]
    assert [i.value for i in extraction.get("addressees")] == ["Lapshin"]
    assert [i.value for i in extraction.get("date")] == ["1922-02-06"]


def test_the_signature_above_an_unmarked_postscript():
    text = (
        "Comrade Zinoviev,\n\nI ask you to put in a word for my sister with the Central "
        "Commission.\n\nStepan Vakhrushev\nfitter, Lessner works, member of the R.C.P. since 1914"
        "\n\nShe can be reached through the Vyborg district committee, telephone 2-17.\n"
    )
    assert [i.value for i in read(text).get("author")] == ["Stepan Vakhrushev"]


def test_a_from_line_above_a_message_names_its_writer_and_not_the_secretary_who_took_it():
    text = (
        "From: Comrade Yaroslavsky\n\nThe commission has expelled the brothers Tereshchenko. "
        "Summon both and hear them.\n\nTaken down by: secretary L. Fotina"
    )
    assert values(text, "author") == ["Yaroslavsky"]


def test_a_from_line_names_the_writer_and_whom_the_telegram_goes_to():
    text = (
        "From M. F. Shkiryatov, Central Verification Commission, to the Simbirsk Gubernia "
        "Verification Commission.\n\nCENTRAL COMMISSION HAS RECEIVED STATEMENT THAT KOMAROV "
        "WAS EXPELLED WITHOUT BEING SUMMONED. REVIEW CASE AT ONCE."
    )
    assert values(text, "author") == ["M. F. Shkiryatov"]
    assert values(text, "addressees") == ["Simbirsk Gubernia Verification Commission"]


def test_a_writer_who_signs_with_initials_alone_keeps_the_last_full_stop():
    from tests.intake.rules.letters import read

    text = (
        "Dear Comrade,\n\nThe bearer of this letter has been expelled by the Ukom. I ask you to "
        "admit her as a candidate through the Gubkom.\n\nWith communist greetings,\nV. Ts.\n"
        "26.II.22\n"
    )
    assert [item.value for item in read(text).get("author")] == ["V. Ts."]


@pytest.mark.parametrize("gap", [": ", " ", "   "])
def test_minutes_signed_by_office_and_surname(gap):
    text = (
        "MINUTES No. 14\nof the general meeting of the cell of the mill, 22 August 1921\n\n"
        "HEARD: 1. Verification of Comrade Anisya Dunayeva, spinner.\n"
        "RESOLVED: To retain Comrade Dunayeva in the Party.\n\n"
        f"Chairman{gap}Khrenov\nSecretary{gap}Shutova"
    )
    assert values(text, "author") == ["Khrenov", "Shutova"]


@pytest.mark.parametrize("signer", ["K. P.", "K. Pankratov"])
def test_a_signer_set_apart_from_the_place_on_the_date_line(signer):
    text = (
        "Dear Comrade Ivanov,\n\nI have known her father well and answer for her.\n\n"
        f"{signer}    Nizhny Novgorod, 16.X.1921"
    )
    assert values(text, "author") == [signer]


@pytest.mark.parametrize(
    ("closing", "author"),
    [
        (
            "Because she cannot write, for Agrafena Kuzmina signed by the teacher S. Lykov.",
            ["Agrafena Kuzmina"],
        ),
        ("M. Sukhova — being unlettered, for her signs her husband F. Sukhov", ["M. Sukhova"]),
    ],
)
def test_a_petition_signed_by_another_hand_is_the_petitioners(closing, author):
    text = (
        "To the Gubernia Verification Commission\n\nI beg the Commission to look into the case "
        f"of my son Grigory Kuzmin and to restore him to the Party.\n\n{closing}"
    )
    assert values(text, "author") == author


def test_a_signer_by_initials_after_the_office_and_a_name_after_the_date_with_an_office():
    reply = (
        "To Comrade G. A. Sinitsyn\n\nThe commission had already retained him in the Party.\n\n"
        "Chairman of the Commission Ye. K.\n"
    )
    note = (
        "To the Tver Gubernia Control Commission\n\nPlease return the file after examination.\n\n"
        "4/XI-21          Ilya Drozdov, secretary of the uyezd committee\n"
    )

    def authors(text: str) -> list[str]:
        (letter,) = read_text(text, file_name="letter.txt")
        return [i.value for i in extract_by_rules(letter).get("author")]

    assert authors(reply) == ["Ye. K."]
    assert authors(note) == ["Ilya Drozdov"]
