"""Ties between the people of a letter that the field extractor does not give directly:
who sent whom on an assignment, who sheltered whom, and how the author knows the people
they vouch through ("I knew her brother very well abroad").

Pure functions over the letter text and the people already found in it, each tie with the
sentence it came from. Rules are about the language of such letters, never about one letter."""

from __future__ import annotations

import re
from dataclasses import dataclass

from commission.intake.reading.sentences import sentence_around, sentences
from commission.registry.enums import RelationshipKind

__all__ = ["Named", "TieReading", "knowing_kind", "read_ties", "sentence_around", "sentences"]

_SENT_BY = re.compile(
    r"\b(?:sent|dispatched|posted|assigned|transferred)\b[^.;]*?\bby\s+(?:[Cc]omrade\s+)?"
    r"(?P<agent>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?)"
)
_SHELTER = re.compile(
    r"\b(hid|hidden|hide|hiding|shelter(?:ed|ing)?|asylum|refuge|concealed|sheltered)\b", re.I
)
_SHELTERED_AUTHOR = re.compile(
    r"\b(?:hid|sheltered|concealed|harboured|harbored)\s+(?:me|us)\b|\bgave\s+(?:me|us)\b[^.]*\b(?:asylum|shelter|refuge)\b",
    re.I,
)
_US_BOTH = re.compile(r"\bus\s+both\b|\bboth\s+of\s+us\b|\bus\b", re.I)
_PARTNER = re.compile(r"\b(?P<name>[A-Z][\w’'-]+)\s+and\s+I\b")
_FAMILY_WORDS = re.compile(
    r"\b(family|the\s+(?:four|three|two|five)\s+of\s+them|they|them)\b", re.I
)
_ABROAD = re.compile(r"\babroad\b|\bin\s+(?:emigration|exile)\b", re.I)
_VERY_WELL = re.compile(r"\bvery\s+well\b|\bclosely\b|\bintimately\b", re.I)


@dataclass(frozen=True)
class Named:
    """A person the letter names, by the key the proposals use for them."""

    key: str
    name: str
    start: int
    end: int


@dataclass(frozen=True)
class TieReading:
    source: str  # person key
    kind: str
    target: str
    start: int
    end: int
    text: str
    strength: int = 3
    period: str = ""


def _named_in(people: list[Named], start: int, end: int) -> list[Named]:
    return [p for p in people if start <= p.start < end]


def _by_name(people: list[Named], name: str) -> Named | None:
    surname = name.split()[-1].lower()
    for person in people:
        if person.name.lower().split()[-1:] == [surname] or person.name.lower() == name.lower():
            return person
    return None


def read_ties(
    text: str,
    *,
    people: list[Named],
    author: Named | None,
    family: list[Named],
) -> list[TieReading]:
    """Ties read from `text`. `family` are the subject's relatives the letter names (with the
    subject), who "this family" and "the four of them" refer to."""
    ties: list[TieReading] = []
    for s, e in sentences(text):
        sentence = text[s:e]
        for match in _SENT_BY.finditer(sentence):
            agent = _by_name(people, match.group("agent"))
            before = [p for p in _named_in(people, s, s + match.start()) if p is not agent]
            if agent is not None and before:
                sent = before[-1]
                ties.append(
                    TieReading(agent.key, RelationshipKind.SENT, sent.key, s, e, sentence.strip())
                )
        if author is not None and _SHELTER.search(sentence) and _SHELTERED_AUTHOR.search(sentence):
            sheltered = [author]
            if _US_BOTH.search(sentence):
                context_start = sentences(text)[max(0, _index_of(text, s) - 1)][0]
                for partner in _PARTNER.finditer(text[context_start:e]):
                    found = _by_name(people, partner.group("name"))
                    if found is not None and found is not author:
                        sheltered.append(found)
            if _FAMILY_WORDS.search(sentence):
                for host in family:
                    for guest in sheltered:
                        if host.key != guest.key:
                            ties.append(
                                TieReading(
                                    host.key, RelationshipKind.SHELTERED, guest.key, s, e,
                                    sentence.strip(), strength=5,
                                )
                            )  # fmt: skip
    return _quoted_once(text, _unique(ties))


def _quoted_once(text: str, ties: list[TieReading]) -> list[TieReading]:
    """A sentence that supports several ties is quoted whole for the first of them only; the
    others quote just the words that show their tie ("hid me"), so a long quote is not
    repeated on every tie."""
    seen: set[tuple[int, int]] = set()
    out = []
    for tie in ties:
        if (tie.start, tie.end) not in seen:
            seen.add((tie.start, tie.end))
            out.append(tie)
            continue
        pattern = _SHELTERED_AUTHOR if tie.kind == RelationshipKind.SHELTERED else _SENT_BY
        short = pattern.search(text, tie.start, tie.end)
        if short is None:
            out.append(tie)
            continue
        out.append(
            TieReading(
                tie.source, tie.kind, tie.target, short.start(), short.end(), short.group(0),
                strength=tie.strength, period=tie.period,
            )
        )  # fmt: skip
    return out


def _index_of(text: str, start: int) -> int:
    for i, (s, _) in enumerate(sentences(text)):
        if s == start:
            return i
    return 0


def knowing_kind(sentence: str) -> tuple[str, int]:
    """How "I knew …" reads: abroad or not, and how well (a strength from 1 to 5)."""
    kind = (
        RelationshipKind.KNEW_ABROAD if _ABROAD.search(sentence) else RelationshipKind.ACQUAINTANCE
    )
    return kind, 5 if _VERY_WELL.search(sentence) else 3


def _unique(ties: list[TieReading]) -> list[TieReading]:
    seen: set[tuple[str, str, str]] = set()
    out = []
    for tie in ties:
        key = (tie.source, tie.kind, tie.target)
        if key not in seen:
            seen.add(key)
            out.append(tie)
    return out
