"""Letters of the genre in the forms the other sets lack, each in `letters_more/`: an HTML page
signed by a cell bureau, a Markdown statement against the writer's own expulsion in numbered
points, one file holding three letters under numbered headings, a letter about a group listed
below it, names with a maiden name and a party pseudonym in brackets, a postscript that asks
something, a secretary's letter in the third person, names written surname first with initials
after, a date in both calendars, and a reply to the commission's inquiry. Every field a clerk
would confirm is asserted exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from commission.intake.reading.pipeline import extract, read_file
from tests.intake.reading_checks import requests, values

LETTERS = Path(__file__).resolve().parent / "letters_more"


def read_all(name):
    return [(letter, extract(letter, resolve=False)) for letter in read_file(LETTERS / name)]


def read(name):
    (reading,) = read_all(name)
    return reading


# file, author, addressees, date, subjects, other people, stance
PEOPLE = [
    (
        "01_cell_bureau_page.html",
        ["T. Rudnev", "A. Shchukina"],
        ["Krasnaya Presnya District Verification Commission"],
        "1922-03",
        ["Lidia Vasilyevna Zubova-Kern"],
        [],
        "for",
    ),
    (
        "02_own_expulsion_points.md",
        ["P. Kharitonov"],
        ["Central Control Commission of the R.C.P."],
        "1922-01-02",
        ["Kharitonov, Pavel Semyonovich"],
        ["Gubanov", "Yelena Motina", "Kuzma Radchenko"],
        "for",
    ),
    (
        "04_three_comrades.txt",
        ["S. Pogodin", "N. Vlasova"],
        ["Central Verification Commission", "Moscow Gubernia Committee"],
        "1921-12-23",
        ["Anisimov K. P.", "Belyaeva O. I.", "Chernykh M. L."],
        [],
        "for",
    ),
    (
        "05_nee_and_pseudonym.txt",
        ["N. Kostrova"],
        ["Yaroslavtsev"],
        "1922-01-18",
        ["Irina Mikhailovna Gerts"],
        ["Sergei Valentinov"],
        "for",
    ),
    (
        "06_postscript.txt",
        ["V. Ostapenko"],
        ["Belkin"],
        "1922-02-08",
        ["Gleb Antonovich Surikov"],
        ["Fyodor Nesterenko"],
        "for",
    ),
    (
        "07_secretary_third_person.txt",
        ["A. Vengerova"],
        # "To the Chairman of the …, Comrade Soltsev": the office is his, as the labelled sets
        # read "Председателю ЦКК тов. Сольцу" and an office after a name
        ["Soltsev"],
        "1921-12-19",
        ["Matvei Zakharovich Prokhorov"],
        ["Yevdokia Savelyeva"],
        "neutral",
    ),
    (
        "08_surname_first.txt",
        ["Gromova E. N."],
        ["Safonov S. I."],
        "1922-01-10",
        ["Tsvetkov M. A."],
        ["Petrova A.", "Lisitsyn G."],
        "for",
    ),
    (
        "09_old_new_style.txt",
        ["Pavel Kuzmich Anokhin"],
        ["Petrograd Gubernia Control Commission"],
        "1922-01-10",
        ["Ekaterina Ilyinichna Vorontsova-Dal"],
        [],
        "for",
    ),
    (
        "10_reply_to_inquiry.txt",
        ["P. Rozanova"],
        ["Verification Commission of the Tver Gubernia Committee", "Ignatov"],
        "1922-03-09",
        ["Kuzma Petrovich Lyubimov"],
        [],
        "for",
    ),
]


@pytest.mark.parametrize(
    ("name", "author", "addressees", "date", "subjects", "others", "stance"),
    PEOPLE,
    ids=[row[0].rsplit(".", 1)[0] for row in PEOPLE],
)
def test_who_when_and_about_whom(name, author, addressees, date, subjects, others, stance):
    _letter, ex = read(name)
    assert values(ex, "author") == author
    assert values(ex, "addressees") == addressees
    assert values(ex, "date") == [date]
    assert values(ex, "subjects") == subjects
    assert values(ex, "other_people") == others
    assert values(ex, "stance") == [stance]


def test_an_html_page_with_entities_and_a_bureau_writing_of_itself():
    letter, ex = read("01_cell_bureau_page.html")
    assert letter.provenance.source_format == "html"
    assert "«the children’s corner»" in letter.text
    assert "winter of 1920 — the canteen" in letter.text
    # "The bureau asks the Commission to …" is the writers' own request
    assert requests(ex) == [("reinstate", "author", False), ("hear", "author", False)]
    assert [i.span.text for i in ex.get("requests")] == [
        "restore Comrade Zubova to the Party",
        "hear her",
    ]
    (subject,) = ex.get("subjects")
    assert subject.extra["forms"] == ["Lidia Vasilyevna Zubova-Kern", "Zubova", "Zubova-Kern"]
    assert values(ex, "relatives") == [
        {"person": "Oskar Kern", "relation": "husband", "of": "Lidia Vasilyevna Zubova-Kern"}
    ]


def test_a_month_and_year_is_a_date_of_month_precision():
    _letter, ex = read("01_cell_bureau_page.html")
    (date,) = ex.get("date")
    assert (date.value, date.span.text, date.extra) == (
        "1922-03",
        "March 1922",
        {"precision": "month"},
    )


def test_an_appeal_against_ones_own_expulsion_in_numbered_points():
    letter, ex = read("02_own_expulsion_points.md")
    assert (letter.provenance.source_format, letter.provenance.title) == ("markdown", "Statement")
    assert letter.notes == []
    assert "4. Comrades Yelena Motina and Kuzma Radchenko" in letter.text
    # "expelled me": the writer is the subject; "P. Kharitonov" is not "Ilya Kharitonov"
    (subject,) = ex.get("subjects")
    assert subject.extra["forms"] == ["Kharitonov, Pavel Semyonovich", "P. Kharitonov"]
    assert values(ex, "relatives") == [
        {"person": "Ilya Kharitonov", "relation": "brother", "of": "Kharitonov, Pavel Semyonovich"}
    ]
    assert requests(ex) == [("reinstate", "author", False), ("hear", "author", False)]
    # the place of the date line is not a person
    assert "Kozlov" not in values(ex, "other_people")


def test_a_charge_in_quotation_marks_is_not_the_writers_stance():
    _letter, ex = read("07_secretary_third_person.txt")
    assert values(ex, "stance") == ["neutral"]


def test_three_letters_under_numbered_headings():
    readings = read_all("03_three_letters.txt")
    assert [letter.index for letter, _ex in readings] == [0, 1, 2]
    first = readings[0][0]
    assert first.text.startswith("To the Gubernia Verification Commission")
    assert "No. 2" not in first.text
    assert first.provenance.boilerplate[-2:] == ["No. 2", "No. 3"]
    assert "No. 1" in first.header_text
    assert [values(ex, "author") for _l, ex in readings] == [
        ["F. Zakharkin"],
        ["M. Lapshina"],
        ["A. Rogova"],
    ]
    assert [values(ex, "date") for _l, ex in readings] == [
        ["1922-01-14"],
        ["1922-01-16"],
        ["1922-01-20"],
    ]
    assert [values(ex, "subjects") for _l, ex in readings] == [
        ["Anisya Fedotovna Rogova"],
        ["Rogova"],
        ["A. Rogova"],
    ]


def test_a_relative_with_the_subjects_surname_is_a_person_of_her_own():
    _letter, ex = read_all("03_three_letters.txt")[1]
    assert values(ex, "relatives") == [
        {"person": "Darya Rogova", "relation": "mother-in-law", "of": "Rogova"}
    ]
    assert values(ex, "other_people") == []
    assert requests(ex) == [("verify", "author", False)]
    assert values(ex, "stance") == ["neutral"]


def test_a_group_named_in_a_list_below():
    letter, ex = read("04_three_comrades.txt")
    assert letter.text.startswith("To the Central Verification Commission\nCopy to")
    assert requests(ex) == [("verify", "author", False), ("reinstate", "author", False)]
    assert [i.span.text for i in ex.get("requests")] == ["examine the cases", "be restored"]
    assert [s.extra["cue"]["text"] for s in ex.get("subjects")] == ["examine the cases"] * 3


def test_a_maiden_name_and_a_pseudonym_are_the_same_person():
    _letter, ex = read("05_nee_and_pseudonym.txt")
    (subject,) = ex.get("subjects")
    assert subject.extra["aliases"] == ["Arkhipova"]
    (other,) = ex.get("other_people")
    assert other.extra["aliases"] == ["Brodsky"]
    assert values(ex, "relatives") == [
        {"person": "Mikhail Arkhipov", "relation": "father", "of": "Irina Mikhailovna Gerts"},
        {"person": "Adolf Gerts", "relation": "husband", "of": "Irina Mikhailovna Gerts"},
    ]
    assert requests(ex) == [("verify", "author", False), ("reconsider", "author", False)]
    (date,) = ex.get("date")
    assert date.span.text == "5/18 January 1922"


def test_a_postscript_asks_to_hear_a_witness():
    letter, ex = read("06_postscript.txt")
    assert letter.text.endswith("who knew Surikov better than I did.")
    assert requests(ex) == [("hear", "author", False)]
    assert [i.span.text for i in ex.get("requests")] == ["hear Comrade Fyodor Nesterenko"]
    # "P.S." before "Surikov's wife" is not an initial
    assert values(ex, "relatives") == [
        {"person": "Klavdia Surikova", "relation": "wife", "of": "Gleb Antonovich Surikov"}
    ]
    assert values(ex, "contacts") == [{"kind": "address", "value": "Krasnaya Street 9"}]
    assert values(ex, "basis") == ["observation_of_work"]


def test_a_secretary_writes_what_the_member_asks():
    _letter, ex = read("07_secretary_third_person.txt")
    name = "Matvei Zakharovich Prokhorov"
    # "verification commission" names a body and asks for nothing
    assert requests(ex) == [("reconsider", name, False), ("hear", name, False)]
    (subject,) = ex.get("subjects")
    assert subject.extra["cue"]["text"] == "expelled"


def test_names_written_surname_first():
    _letter, ex = read("08_surname_first.txt")
    (author,) = ex.get("author")
    assert author.extra["how"] == "signature"
    (subject,) = ex.get("subjects")
    assert subject.extra["forms"] == ["Tsvetkov", "Tsvetkov M. A."]
    assert values(ex, "basis") == ["observation_of_work"]


def test_a_date_in_both_calendars_is_read_in_the_new_style():
    readings = read_all("09_old_new_style.txt")
    assert len(readings) == 1
    letter, ex = readings[0]
    assert letter.text.startswith("Petrograd, 28 December 1921 / 10 January 1922\n")
    (date,) = ex.get("date")
    assert (date.value, date.span.text) == ("1922-01-10", "10 January 1922")
    (subject,) = ex.get("subjects")
    assert subject.extra["forms"] == [
        "Ekaterina Dal",
        "Ekaterina Ilyinichna Vorontsova-Dal",
        "Vorontsova",
        "Vorontsova-Dal",
    ]
    assert requests(ex) == [("reinstate", "author", False)]


def test_a_reply_to_an_inquiry_is_about_the_person_asked_about():
    _letter, ex = read("10_reply_to_inquiry.txt")
    (subject,) = ex.get("subjects")
    assert subject.extra["cue"]["text"] == "inquiry of 2 March about"
    # "I knew him … while he ran the reading room": the author saw the work itself
    assert values(ex, "basis") == ["observation_of_work"]
    assert requests(ex) == []
