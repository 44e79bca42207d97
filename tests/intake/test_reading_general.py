"""Letters of the genre beyond the seeds, each in `letters/`: a recommendation, an objection, an
appeal by the expelled member, a letter about two members, one naming witnesses, a telegram, an
archive page, a note with an inscription, a hearsay denunciation and a recommendation for
admission. Every field a clerk would confirm is asserted with its exact value."""

from __future__ import annotations

from pathlib import Path

import pytest

from commission.intake.reading.pipeline import extract, read_file
from tests.intake.reading_checks import requests, values

LETTERS = Path(__file__).resolve().parent / "letters"


def read(name):
    (letter,) = read_file(LETTERS / name)
    return letter, extract(letter, resolve=False)


# file, author, addressees, date, subjects, other people, stance, basis
PEOPLE_AND_FOOTING = [
    (
        "01_reinstatement_recommendation.txt",
        ["A. Voronin"],
        ["Central Control Commission of the R.C.P."],
        "1922-01-14",
        ["Marfa Ilyinichna Gorbunova"],
        [],
        "for",
        ["observation_of_work"],
    ),
    (
        "02_objection_against.txt",
        ["Ivan Sheludyakov"],
        ["Purging Commission of the Vyatka Gubernia Committee"],
        "1922-02-03",
        ["Stepan Lukich Zhdanko"],
        ["Fyodor Mokeyev"],
        "against",
        ["hearsay", "knows_personally"],
    ),
    (
        "03_self_appeal.txt",
        ["A. Lobanova"],
        ["Central Control Commission of the Russian Communist Party"],
        "1921-11-20",
        ["Anna Petrovna Lobanova"],
        [],
        "for",
        [],
    ),
    (
        "04_two_subjects.txt",
        ["M. Tikhomirov"],
        ["Ostroumov"],
        "1922-01-14",
        ["Yakov Moiseyevich Gurvich", "Polina Osipovna Rybakova"],
        [],
        "for",
        ["knows_personally"],
    ),
    (
        "05_witness_named.txt",
        ["P. Lavrentyev"],
        ["Petrograd Gubernia Control Commission"],
        "1922-03-03",
        ["Konstantin Yermolayev"],
        ["Larisa Belousova", "Osip Shatrov"],
        "neutral",
        ["not_known_personally", "knows_relative"],
    ),
    (
        "06_telegram.txt",
        ["Bondarenko"],
        ["Central Control Commission", "Sitnikov"],
        "1922-01-14",
        ["Semyon Grigoryevich Orlovsky"],
        [],
        "for",
        ["knows_personally"],
    ),
    (
        "07_archive_page.txt",
        ["G. K. Vasilchenko"],
        ["Central Commission for Verifying the Party"],
        "1922-02-02",
        ["Evdokia Semyonovna Kravtsova"],
        [],
        "for",
        ["knows_personally"],
    ),
    (
        "08_inscription_note.txt",
        ["V. Melnikov"],
        ["Zelenin"],
        "1922-01-20",
        ["Boris Lvovich Zaitsev"],
        [],
        "for",
        ["not_known_personally", "knows_relative", "hearsay"],
    ),
    (
        "09_hearsay_against.txt",
        ["A. Kholodova"],
        ["bureau of the cell of the Alexandrovsky railway depot"],
        "1922-04-05",
        ["Vasily Kuzmich Tarasenko"],
        [],
        "against",
        ["hearsay"],
    ),
    (
        "10_admission_recommendation.txt",
        ["Grigory Yemelyanovich Lyapin"],
        [],
        "1922-01-14",
        ["Tatyana Fominichna Sukhova"],
        [],
        "for",
        ["observation_of_work", "knows_personally"],
    ),
]


@pytest.mark.parametrize(
    ("name", "author", "addressees", "date", "subjects", "others", "stance", "basis"),
    PEOPLE_AND_FOOTING,
    ids=[row[0].removesuffix(".txt") for row in PEOPLE_AND_FOOTING],
)
def test_who_when_and_on_what_footing(
    name, author, addressees, date, subjects, others, stance, basis
):
    _letter, ex = read(name)
    assert values(ex, "author") == author
    assert values(ex, "addressees") == addressees
    assert values(ex, "date") == [date]
    assert values(ex, "subjects") == subjects
    assert values(ex, "other_people") == others
    assert values(ex, "stance") == [stance]
    assert values(ex, "basis") == basis


def test_a_witness_to_question_is_not_a_subject():
    _letter, ex = read("02_objection_against.txt")
    assert "Fyodor Mokeyev" not in values(ex, "subjects")
    assert requests(ex) == [("verify", "author", False), ("hear", "author", False)]
    assert [i.span.text for i in ex.get("requests")] == [
        "verify",
        "question Comrade Fyodor Mokeyev",
    ]


def test_an_apposition_names_the_relative():
    _letter, ex = read("02_objection_against.txt")
    assert values(ex, "relatives") == [
        {"person": "Kalinkin", "relation": "father-in-law", "of": "Stepan Lukich Zhdanko"}
    ]
    assert [i.span.text for i in ex.get("relatives")] == ["his father-in-law, the miller Kalinkin"]


def test_an_appeal_is_about_its_author():
    _letter, ex = read("03_self_appeal.txt")
    assert values(ex, "relatives") == [
        {"person": "My father", "relation": "father", "of": "Anna Petrovna Lobanova"},
        {"person": "Nikolai Lobanov", "relation": "husband", "of": "Anna Petrovna Lobanova"},
    ]
    assert requests(ex) == [
        ("reconsider", "author", False),
        ("hear", "author", False),
        ("reinstate", "author", False),
    ]
    assert values(ex, "contacts") == [{"kind": "address", "value": "Moskovskaya Street 14, flat 3"}]
    (stance,) = ex.get("stance")
    assert stance.span.text == "review my case"


def test_a_street_is_not_a_person():
    _letter, ex = read("03_self_appeal.txt")
    assert "Moskovskaya Street" not in values(ex, "other_people")


def test_two_subjects_and_one_request_for_both():
    _letter, ex = read("04_two_subjects.txt")
    assert requests(ex) == [("reconsider", "author", False)]
    assert [i.span.text for i in ex.get("stance")] == ["consider the expulsion a mistake"]


def test_a_son_spoken_of_through_his_mother():
    _letter, ex = read("05_witness_named.txt")
    assert values(ex, "relatives") == [
        {"person": "his father", "relation": "father", "of": "Konstantin Yermolayev"},
        {
            "person": "the mother of Konstantin Yermolayev",
            "relation": "mother",
            "of": "Konstantin Yermolayev",
        },
    ]
    assert requests(ex) == [("hear", "author", False)]
    # "who knows his work" is the witness's knowledge, not the author's
    assert [i.span.text for i in ex.get("basis")] == [
        "did not know the young man personally",
        "his father worked under me",
    ]


def test_a_telegram_names_its_addressees_after_the_place():
    letter, ex = read("06_telegram.txt")
    assert letter.provenance.title == "TELEGRAM"
    assert [(i.value, i.extra["kind"]) for i in ex.get("addressees")] == [
        ("Central Control Commission", "body"),
        ("Sitnikov", "person"),
    ]
    assert requests(ex) == [("reconsider", "author", False)]
    assert [i.span.text for i in ex.get("requests")] == ["suspend the decision"]


def test_an_archive_page_gives_author_relatives_and_outcome():
    letter, ex = read("07_archive_page.txt")
    prov = letter.provenance
    assert (prov.archive, prov.channel) == ("Workers' Letters Internet Archive", "archive_page")
    assert prov.history == ["original", "published_edition"]
    assert prov.translation == "M. Orlova"
    assert "Written:" not in letter.text
    assert "Index" not in letter.text
    assert [(n.kind, n.marker) for n in letter.notes] == [("footnote", "1")]
    (author,) = ex.get("author")
    assert (author.extra["how"], author.span.part) == ("archive header", "header")
    assert values(ex, "relatives") == [
        {
            "person": "Pavel Kravtsov",
            "relation": "brother-in-law",
            "of": "Evdokia Semyonovna Kravtsova",
        },
        {"person": "Ilya Kravtsov", "relation": "husband", "of": "Evdokia Semyonovna Kravtsova"},
    ]
    assert requests(ex) == [("reconsider", "author", False), ("reinstate", "author", False)]
    assert values(ex, "outcomes") == [{"person": "E. S. Kravtsova", "outcome": "reinstated"}]


def test_a_body_named_by_an_adjective_is_not_a_person():
    _letter, ex = read("08_inscription_note.txt")
    people = values(ex, "subjects") + values(ex, "other_people")
    assert "Transcaucasian" not in people
    assert values(ex, "relatives") == [
        {"person": "Arkady Zaitsev", "relation": "brother", "of": "Boris Lvovich Zaitsev"}
    ]


def test_a_note_with_a_footnote_and_an_inscription():
    letter, ex = read("08_inscription_note.txt")
    assert [(n.kind, n.marker) for n in letter.notes] == [("footnote", "1"), ("inscription", "")]
    assert values(ex, "outcomes") == [
        {"person": "B. L. Zaitsev", "outcome": "transferred to candidates"}
    ]
    assert requests(ex) == [("verify", "author", False), ("give_information", "author", False)]
    (inscription,) = ex.get("inscriptions")
    assert inscription.value["author"] == "A. Mirkina"
    assert [
        (q["to"].name, q["about"].name, q["asks"], q["urgent"])
        for q in inscription.extra["inquiries"]
    ] == [
        ("Terentyev", "Zaitsev", ["give_information"], True),
        ("Gusarov", "Zaitsev", ["give_information"], True),
    ]


def test_a_denunciation_does_not_ask_for_what_it_opposes():
    _letter, ex = read("09_hearsay_against.txt")
    # "who now asks to be restored" is the subject's request; "he should not be readmitted"
    # is not a request to readmit him.
    assert requests(ex) == [("reinstate", "Vasily Kuzmich Tarasenko", False)]
    assert values(ex, "relatives") == [
        {
            "person": "Gerasim Puzanov",
            "relation": "brother-in-law",
            "of": "Vasily Kuzmich Tarasenko",
        }
    ]
    assert [i.extra["kin_as_written"] for i in ex.get("relatives")] == ["wife's brother"]


def test_a_recommendation_for_admission():
    _letter, ex = read("10_admission_recommendation.txt")
    assert values(ex, "relatives") == [
        {"person": "Pyotr Sukhov", "relation": "brother", "of": "Tatyana Fominichna Sukhova"}
    ]
    assert requests(ex) == [("admit", "author", False)]
