"""A note written on the letter above it. An archive page often prints a letter and then the
note, resolution, reply or second recommendation written on it; the note names the letter's
subject by her surname alone or as "Ye. L. Tokarev", with no phrase of expulsion to mark her.
Read alone it has no subject; read after its letter it has the letter's. A note that only says
"him" is left without one: read that way, replies about someone else took the letter's subject.
This runs over the letters of one file, after each was read on its own, in English and Russian
alike.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from commission.intake.reading import lexicon as lx
from commission.intake.reading.facing import same_person
from commission.intake.reading.model import Extraction, Item, Letter
from commission.intake.reading.rules.context import last_lines
from commission.registry import cyrillic

# A note is short: a resolution, an errand, a reply of a few lines. A longer letter without a
# subject is a letter of its own.
NOTE_WORDS = 90

# The letter's one subject spoken of in the note: "about him", "her case", «о нём», «его дело».
_PRONOUN = re.compile(
    r"\b(?:him|her|his|he|she|его|её|ее|ему|ей|него|неё|нее|нём|нем|ней|он|она)\b", re.IGNORECASE
)


def carry_subjects(letters: list[Letter], extractions: list[Extraction]) -> None:
    """Give each short letter without a subject the subjects of the nearest letter above it in
    the same file that it names: as one of its other people, or by surname."""
    for index in range(1, len(letters)):
        note = extractions[index]
        if note.get("subjects") or len(letters[index].text.split()) > NOTE_WORDS:
            continue
        above = next((e for e in reversed(extractions[:index]) if e.get("subjects")), None)
        if above is None:
            continue
        subjects = [item.person for item in above.get("subjects") if item.person is not None]
        named = [
            item
            for item in note.get("other_people")
            if item.person is not None and any(same_person(item.person, s) for s in subjects)
        ]
        if named:
            # "Прошу проверить дело Дьяконова": the letter's subject, named by surname
            for item in named:
                note.fields["other_people"].remove(item)
                note.add("subjects", Item(item.value, item.span, item.person, {"cue": None}))
            continue
        text = letters[index].text
        for person in subjects:
            written = _surname_in(text, person.name)
            if written is not None:
                # "I have known Comrade Ye. L. Tokarev since 1919": named as the note names him
                span = letters[index].span("text", written.start(), written.end())
                name = written.group(0)
                if cyrillic.is_cyrillic(name):
                    name = cyrillic.read_name(name, gender=person.gender).text  # "Харламова"
                ref = replace(person, name=name, span=span)
                note.add("subjects", Item(name, span, ref, {"cue": None}))
        if not note.get("subjects") and not note.get("other_people"):
            # "Please have this looked into. Ask the Yelets committee about him": a note that
            # names nobody else speaks of the letter's subject by a pronoun
            pronoun = _PRONOUN.search(text)
            if pronoun is not None and len(subjects) == 1:
                span = letters[index].span("text", pronoun.start(), pronoun.end())
                ref = replace(subjects[0], span=span)
                note.add("subjects", Item(ref.name, span, ref, {"cue": None}))


def _surname_in(text: str, name: str) -> re.Match[str] | None:
    """The subject's surname in any case ending, with the initials or title-less forenames
    written before it: "Ye. L. Tokarev", "Харламова"."""
    words = [w for w in re.findall(r"[\w’'-]+", name) if len(w) > 2]
    if not words:
        return None
    # "Харламов Иван Егорович": a Russian name that ends in a patronymic begins with the surname
    surname = words[0] if words[-1].endswith(("ич", "вна", "ична")) else words[-1]
    stem = surname[: max(4, len(surname) - 2)]
    return re.search(rf"(?:(?:[A-ZА-ЯЁ]\.\s?){{1,3}})?\b{re.escape(stem)}\w*", text, re.IGNORECASE)


def carry_years(letters: list[Letter], extractions: list[Extraction]) -> None:
    """A later document of a page dated by day and month alone ("A. M. / 20/I" under a letter
    of 18 January 1922) takes the year of the nearest dated document above it; a month more
    than half a year before that one's is in the year after ("3/I" under "28 December 1921")."""
    for index in range(1, len(letters)):
        note = extractions[index]
        if note.get("date"):
            continue
        above = next((e for e in reversed(extractions[:index]) if e.get("date")), None)
        if above is None:
            continue
        try:
            year_from = dt.date.fromisoformat(above.get("date")[0].value)
        except ValueError:
            continue  # dated by a month alone
        text = letters[index].text
        tail_start = last_lines(text, 3)[-1][0]
        day = _day_and_month(text[tail_start:], year_from)
        if day is not None:
            date, start, end = day
            span = letters[index].span("text", tail_start + start, tail_start + end)
            note.add("date", Item(date.isoformat(), span))


def _day_and_month(tail: str, year_from: dt.date) -> tuple[dt.date, int, int] | None:
    """The last day and Roman month in `tail`, in the year that puts it nearest after
    `year_from`."""
    found = list(lx.DAY_ROMAN.finditer(tail))
    if not found:
        return None
    m = found[-1]
    month = lx.ROMAN[m.group("r").lower()]
    year = year_from.year + (1 if month < year_from.month - 6 else 0)
    try:
        return dt.date(year, month, int(m.group("d"))), m.start(), m.end()
    except ValueError:
        return None
