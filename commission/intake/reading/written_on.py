"""A note written on the letter above it. An archive page often prints a letter and then the
note, resolution, reply or second recommendation written on it; the note names the letter's
subject by her surname alone or as "Ye. L. Tokarev", with no phrase of expulsion to mark her.
Read alone it has no subject; read after its letter it has the letter's. A note that only says
"him" is left without one: read that way, replies about someone else took the letter's subject.
This runs over the letters of one file, after each was read on its own, in English and Russian
alike.
"""

from __future__ import annotations

import re
from dataclasses import replace

from commission.intake.reading.facing import same_person
from commission.intake.reading.model import Extraction, Item, Letter
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
