"""A person an edition marks with a footnote ("Comrade Levashov[2]") whose note gives them in
full ("[2] Stepan Ilyich Levashov (b. 1884), turner, …", «[2] Левашов Степан Ильич (1884–?) —
токарь»): the note's name is the person's fullest name in the letter, the one a registry of
many Levashovs answers to."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from commission.intake.reading.model import Extraction, Letter
from commission.registry import names as name_forms

# A note that opens on a name: two to four capitalised words or initials, then what the note
# says of them (dates in brackets, an office after a comma or a dash).
_NOTE_NAME = re.compile(
    r"\s*(?:\[[^\]]{1,4}\]\s*|\d{1,3}[.)]\s+|[¹²³⁴⁵⁶⁷⁸⁹⁰*]+\s*)?"
    r"(?P<n>(?:[A-ZА-ЯЁ][a-zа-яё’'-]+|[A-ZА-ЯЁ][a-zа-яё]?\.)"
    r"(?:\s*(?:[A-ZА-ЯЁ][a-zа-яё’'-]+|[A-ZА-ЯЁ][a-zа-яё]?\.)){1,3})"
    r"\s*(?:[(,;—–]|-\s)"
)
# The note's marker right after the name: "Levashov[2]", "Bessonov's[4]", "Levashov²".
_MARKER_AFTER = re.compile(
    r"(?:['’]s)?(?:\[(?P<a>\w{1,3})\]|(?P<b>[¹²³⁴⁵⁶⁷⁸⁹⁰]+)|\^(?P<c>\d{1,3}))"
)
_SUPERSCRIPTS = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")


class _Mention(Protocol):
    start: int
    end: int
    text: str
    cluster: int


class _Cluster(Protocol):
    @property
    def mentions(self) -> Sequence[_Mention]: ...


def fuller_names_from_notes(
    letter: Letter, mentions: Sequence[_Mention], clusters: Sequence[_Cluster], out: Extraction
) -> None:
    """Give every reference to a person whose mention carries a footnote's marker the name that
    footnote opens with, when it is a fuller form of the same person (its surname and the
    initials written agree)."""
    named: dict[str, str] = {}
    for note in letter.notes:
        if note.kind != "footnote" or not note.marker:
            continue
        m = _NOTE_NAME.match(note.span.text)
        if m is not None:
            named[note.marker.translate(_SUPERSCRIPTS)] = m.group("n").strip()
    if not named:
        return
    fuller: dict[int, str] = {}
    for mention in mentions:
        if mention.cluster < 0:
            continue
        marker = _MARKER_AFTER.match(letter.text, mention.end)
        if marker is None:
            continue
        number = (marker.group("a") or marker.group("b") or marker.group("c")).translate(
            _SUPERSCRIPTS
        )
        name = named.get(number)
        if name and _fuller_form(mention.text, name):
            fuller[mention.cluster] = name
    if not fuller:
        return
    starts = {
        m.start: fuller[index]
        for index in fuller
        if index < len(clusters)
        for m in clusters[index].mentions
    }
    for ref in out.people():
        if ref.span is None or ref.span.part != "text" or ref.span.start not in starts:
            continue
        name = starts[ref.span.start]
        if len(name_forms.words(name)) > len(name_forms.words(ref.name)):
            ref.name = name


def _fuller_form(written: str, full: str) -> bool:
    """ "Levashov", "S. I. Levashov", «Левашова» (a case of «Левашов») against "Stepan Ilyich
    Levashov" or «Левашов Степан Ильич»: the same surname, the initials written among the
    full name's, and more words."""
    short, long = name_forms.words(written), name_forms.words(full)
    if not short or len(long) <= len(short):
        return False
    surname = name_forms.fold(short[-1])[:5]
    # (a Russian note puts the surname first)
    at = next((i for i in (len(long) - 1, 0) if name_forms.fold(long[i])[:5] == surname), None)
    if at is None or len(surname) < 4:
        return False
    given = [name_forms.fold(w)[:1] for w in short[:-1]]
    rest = [name_forms.fold(w)[:1] for i, w in enumerate(long) if i != at]
    return given == rest[: len(given)]
