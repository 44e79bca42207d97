"""The two seed files, read as DESIGN.md §1 says they must be: cleaning, splitting,
fingerprints, and every extracted field with exact values."""

from __future__ import annotations

from pathlib import Path

import pytest

from commission.intake.reading.fingerprint import fingerprint, normalise, similarity
from commission.intake.reading.pipeline import extract, read_file

SEEDS = Path(__file__).resolve().parents[2] / "commission" / "demo_data" / "letters"
ARCHIVE = SEEDS / "000_975b19a40894c24e.txt"
WIKI = SEEDS / "001_a352e46885aa233d.txt"


@pytest.fixture(scope="module")
def archive():
    return read_file(ARCHIVE)


@pytest.fixture(scope="module")
def wiki():
    return read_file(WIKI)


def values(extraction, name):
    return [item.value for item in extraction.get(name)]


def test_files_split_into_letters(archive, wiki):
    assert len(archive) == 1
    assert len(wiki) == 2
    for letter in (*archive, *wiki):
        assert letter.text.startswith("Comrade Zalutsky and Comrade Solts\n\n")
    assert archive[0].text.endswith("circumstances.[1]\n\n20.00 hours, December 20, 1921.")
    assert wiki[0].text.endswith("20.00 hours, December 20, 1921.\n\nLenin")
    assert wiki[1].text.startswith("Comrade Zalutsky and Comrade Solts\n\nI have had a letter")
    assert wiki[1].text.endswith("Lenin\n\n20.00 hours, December 20, 1921.")


def test_boilerplate_is_provenance_not_text(archive, wiki):
    prov = archive[0].provenance
    assert prov.header_author == "V. I. Lenin"
    assert prov.archive == "Lenin Internet Archive"
    assert prov.channel == "archive_page"
    assert prov.history == ["telephone", "typewritten_copy", "published_edition"]
    assert prov.publication == (
        "First published in 1959 in Lenin Miscellany XXXVI. Printed from a typewritten copy."
    )
    assert prov.source.startswith("Lenin Collected Works, Progress Publishers, 1976, Moscow")
    assert prov.translation == "Yuri Sdobnikov"
    assert prov.boilerplate == [
        "< backward   forward >",
        "Works Index   |   Volume 45 | Collected Works   |   L.I.A. Index",
    ]
    wprov = wiki[0].provenance
    assert wprov.title == "Letter to Pyotr Zalutsky and Aaron Solts, December 20, 1921"
    assert (wprov.archive, wprov.channel) == ("Marxists-en", "wiki_page")
    assert wprov.boilerplate == ["Jump to navigation Jump to search"]
    for letter in (*archive, *wiki):
        assert "Jump to" not in letter.text
        assert "Dictated:" not in letter.text
        assert "Index" not in letter.text


def test_notes_go_to_their_letters(archive, wiki):
    assert [(n.kind, n.marker, n.span.text) for n in archive[0].notes] == [
        ("footnote", "1", "[1] Nadezhda Alliluyeva was reinstated in the Party.")
    ]
    assert [(n.kind, n.marker) for n in wiki[0].notes] == [("footnote", "1")]
    assert [(n.kind, n.marker) for n in wiki[1].notes] == [
        ("footnote", "2"),
        ("inscription", ""),
    ]
    assert (
        wiki[1]
        .notes[1]
        .span.text.startswith(
            "On the document there is the following inscription by C.P.C. secretary"
        )
    )


def test_letter_one_has_one_fingerprint_in_both_files(archive, wiki):
    assert archive[0].fingerprint == wiki[0].fingerprint
    assert archive[0].fingerprint == fingerprint(archive[0].text)
    assert wiki[1].fingerprint != wiki[0].fingerprint
    assert similarity(archive[0].text, wiki[0].text) > 0.95
    assert similarity(wiki[0].text, wiki[1].text) < 0.1


def test_fingerprint_survives_copying_differences():
    body = "She was “expelled” — wrongly, as I shall show.[1] I ask   you to verify her case."
    a = f"Comrade X\n\n{body}\n\nLenin"
    b = "Comrade X\n\n" + body.replace("“", '"').replace("”", '"').replace("—", "--")
    b = b.replace("[1]", "").replace("   ", " ").replace("case.", "case.²") + "\n\n20.XII.1921"
    assert normalise("She was “expelled”.[1]") == normalise('She was "expelled".')
    assert fingerprint(a) == fingerprint(b)


def test_letter_one_fields(wiki):
    ex = extract(wiki[0], resolve=False)
    assert values(ex, "author") == ["Lenin"]
    assert values(ex, "addressees") == [
        "Zalutsky",
        "Solts",
        "Central Commission for Purging the Party",
    ]
    assert values(ex, "date") == ["1921-12-20"]
    assert values(ex, "time") == ["20:00"]
    assert [i.span.text for i in ex.get("time")] == ["20.00 hours"]
    assert values(ex, "subjects") == ["Nadezhda Sergeyevna Alliluyeva"]
    assert values(ex, "relatives") == [
        {"person": "her father", "relation": "father", "of": "Nadezhda Sergeyevna Alliluyeva"},
        {"person": "the mother", "relation": "mother", "of": "Nadezhda Sergeyevna Alliluyeva"},
        {"person": "the two daughters", "relation": "daughter", "of": "Alliluyev family"},
    ]
    assert values(ex, "other_people") == ["Zinoviev", "Kerensky"]
    assert values(ex, "stance") == ["for"]
    assert values(ex, "basis") == ["observation_of_work", "knows_family"]
    assert [i.span.text for i in ex.get("basis")] == [
        "seen her work",
        "known the whole Alliluyev family",
    ]
    assert [(i.value, i.extra["by"]) for i in ex.get("requests")] == [("consider_facts", "author")]
    assert values(ex, "outcomes") == [{"person": "Nadezhda Alliluyeva", "outcome": "reinstated"}]
    assert values(ex, "contacts") == []


def test_letter_one_in_the_archive_copy_is_signed_by_the_header(archive):
    ex = extract(archive[0], resolve=False)
    (author,) = ex.get("author")
    assert (author.value, author.extra["how"]) == ("V. I. Lenin", "archive header")
    assert author.span.part == "header"
    assert archive[0].header_text[author.span.start : author.span.end] == "V. I.   Lenin"
    assert values(ex, "subjects") == ["Nadezhda Sergeyevna Alliluyeva"]
    assert values(ex, "date") == ["1921-12-20"]


def test_letter_two_fields(wiki):
    letter = wiki[1]
    ex = extract(letter, resolve=False)
    assert values(ex, "author") == ["Lenin"]
    assert values(ex, "subjects") == ["Kasparova-Popova"]
    assert values(ex, "relatives") == [
        {"person": "Slava Kasparov", "relation": "brother", "of": "Kasparova-Popova"},
        {"person": "Popov", "relation": "husband", "of": "Kasparova-Popova"},
    ]
    assert values(ex, "other_people") == ["Sverdlov"]
    assert values(ex, "stance") == ["for"]
    assert values(ex, "basis") == ["not_known_personally", "knows_relative"]
    assert [(i.value, i.extra["by"], i.extra["urgent"]) for i in ex.get("requests")] == [
        ("intercede", "Kasparova-Popova", False),
        ("verify", "Kasparova-Popova", False),
        ("verify", "author", False),
    ]
    contacts = ex.get("contacts")
    assert [c.value for c in contacts] == [
        {"kind": "address", "value": "3 House of Soviets, Flat 63"},
        {"kind": "phone", "value": "58–97"},
    ]
    assert [c.span.text for c in contacts] == [
        "address: 3 House of Soviets, Flat 63",
        "telephone 58–97",
    ]
    assert all(c.person is not None and c.person.name == "Kasparova-Popova" for c in contacts)
    (outcome,) = ex.get("outcomes")
    assert outcome.value == {"person": "Yevgenia Popova", "outcome": "reinstated"}
    assert outcome.extra["alias"] == "Kasparova"
    assert outcome.span.text == "was reinstated"
    (inscription,) = ex.get("inscriptions")
    assert inscription.value["author"] == "Natalya Lepeshinskaya"
    assert inscription.value["on_behalf_of"] == "Vladimir Ilyich"
    assert inscription.extra["author_role"] == "C.P.C. secretary"
    inquiries = inscription.extra["inquiries"]
    assert [(q["to"].name, q["about"].name, q["asks"], q["urgent"]) for q in inquiries] == [
        (name, "Kasparova", ["give_information", "find_witnesses"], True)
        for name in ("Stalin", "Safarov", "Zinoviev", "Kornblyum")
    ]


def test_every_span_is_the_exact_text(wiki):
    for letter in wiki:
        ex = extract(letter, resolve=False)
        for items in ex.fields.values():
            for item in items:
                if item.span is not None:
                    part = letter.part(item.span.part)
                    assert part[item.span.start : item.span.end] == item.span.text
