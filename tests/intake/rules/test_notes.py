"""The editor's notes: an outcome a footnote reports, in the passive or the active voice, and an
inscription on the document with its author and the inquiry it orders."""

from __future__ import annotations

import pytest

from tests.intake.rules.letters import framed, read

LETTER = framed("Comrade Lapina was expelled.")


@pytest.mark.parametrize(
    "note",
    ["Lapina was reinstated in May 1922.", "The Central Commission reinstated Lapina in 1922."],
)
def test_a_footnote_reports_the_outcome(note):
    (outcome,) = read(LETTER, notes=(("footnote", note),)).get("outcomes")

    assert outcome.value == {"person": "Lapina", "outcome": "reinstated"}
    assert outcome.extra["note"]["text"] == note


def test_an_inscription_its_author_and_its_inquiry():
    note = "Resolution by Comrade Shkiryatov: “To Comrade Solts, verify the case at once.”"

    (inscription,) = read(LETTER, notes=(("inscription", note),)).get("inscriptions")

    assert inscription.value == {
        "author": "Shkiryatov",
        "on_behalf_of": "",
        "text": "To Comrade Solts, verify the case at once.",
        "inquiries": 1,
    }
    (inquiry,) = inscription.extra["inquiries"]
    # ("verify the case": the case of the one the letter it is written on is about)
    assert (inquiry["to"].name, inquiry["about"].name, inquiry["asks"], inquiry["urgent"]) == (
        "Solts",
        "Lapina",
        ["verify"],
        True,
    )


def test_a_letter_without_notes_has_no_outcomes_or_inscriptions():
    extraction = read(LETTER)

    assert (extraction.get("outcomes"), extraction.get("inscriptions")) == ([], [])
