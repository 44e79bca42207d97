"""Sentences of a letter, for the rules and for the ties read between its people.

A full stop ends a sentence only when it is not the stop of an abbreviation: an initial
("A. A. Solts"), a run of capitals ("C.P.C.", "R.C.P.(B.)"), or a word that is always
abbreviated ("i.e.", "No.", "Vol."). A blank line ends one too, so a signature or a date line
is never joined to the paragraph above it. Evidence quoted from a letter is cut at these
bounds, so its words are kept whole."""

from __future__ import annotations

import re

from commission.intake.reading import lexicon as lx

# A stop (or ! ?), any closing quotes or brackets, space, then what can begin a sentence.
_END = re.compile(r"(?<=[.!?])[”\"’)\]]*\s+(?=[\"“(\[]?[A-Z0-9А-ЯЁ])|\n[ \t]*\n\s*")


_LIST_NUMBER = re.compile(r"(?:^|\n)[ \t]*\d{1,2}\.$")


def list_number_before(text: str, stop: int) -> bool:
    """Whether the full stop before `stop` is a list point's number at the head of its line
    ("Прошу:\n1. Провести проверку …"): it begins a sentence, it ends none."""
    return bool(_LIST_NUMBER.search(text, max(0, stop - 8), stop))


def _abbreviated(before: str) -> bool:
    """Whether the text before a stop ends in an abbreviation rather than a sentence."""
    m = re.search(r"(?:^|[\s(\[“\"])([\w.]+)\.[”\"’)\]]*$", before)
    if m is None:
        return False
    word = m.group(1)
    if len(word) == 1 and word.isupper():
        return True  # an initial, or the last letter of "C.P.C."
    if "." in word:
        return True  # "i.e", "e.g", "R.C.P.(B", "C.P"
    if lx.INITIAL_WORD.fullmatch(word + "."):
        return True  # a transliterated initial of two letters: "Ye. Fomichev", "Zh. Orlova"
    return word.lower() in lx.ABBREVIATIONS


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`, blank ones left out."""
    spans, start = [], 0
    for m in _END.finditer(text):
        blank_line = m.group(0).count("\n") >= 2
        if not blank_line and _abbreviated(text[max(start, m.start() - 40) : m.start()]):
            continue
        if not blank_line and list_number_before(text, m.start()):
            continue  # "Прошу:\n1. Провести проверку …": a point's number begins its sentence
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence holding `start`, stretched to `end` if the span runs past it."""
    for s, e in sentences(text):
        if s <= start < e:
            return s, max(e, min(end, len(text)))
    return start, end
