"""Russian letters in the spelling before the 1918 reform ("Въ Тверскую уѣздную провѣрочную
комиссію", "Петръ Гавриловичъ"): read through a view in today's spelling, so that the dictionary
knows the words; every span of the evidence is then moved back onto the letter's own words."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from commission.intake.reading.casing import map_spans
from commission.intake.reading.model import Extraction, Letter, Span

_LETTERS = str.maketrans("ѣѢіІѳѲѵѴ", "еЕиИфФиИ")
_CONSONANT = "бвгджзклмнпрстфхцчшщБВГДЖЗКЛМНПРСТФХЦЧШЩ"
# A hard sign ending a word ("Петръ", "въ"), which today's spelling drops.
_FINAL_HARD_SIGN = re.compile(rf"(?<=[{_CONSONANT}])[ъЪ](?![А-Яа-яЁёѣѢіІѳѲѵѴ])")
# Adjective endings of the genitive singular: "бывшаго" is "бывшего", "новаго" is "нового".
_OLD_GENITIVE = re.compile(r"(?<=[а-яё])(?:(?P<hush>(?<=[жшщч])аго)|аго|яго)\b")
_OLD_SIGNS = re.compile(rf"[ѣѢіІѳѲѵѴ]|[{_CONSONANT}][ъЪ](?![А-Яа-яЁё])")
# Three signs of the old spelling make a letter one to read through today's.
_ENOUGH = 3


def old_spelling(text: str) -> bool:
    return len(_OLD_SIGNS.findall(text, 0, 4000)) >= _ENOUGH


# A prefix in -з before a voiceless consonant, as the old spelling wrote it ("возстановили",
# "безпокоить", "разсмотреть"): today's writes -с. One letter for one, so offsets hold.
_OLD_PREFIX = re.compile(
    r"(?<![А-Яа-яЁё])(?P<p>[Вв]оз|[Бб]ез|[Рр]аз|[Ии]з|[Нн]из|[Чч]ерез|[Чч]рез)(?=[кпстфхцчшщ])"
)


def _letters_of_today(text: str) -> str:
    """Today's letters for the old ones, one for one: ѣ, і, ѳ, ѵ, a prefix in -з, the
    genitive's -аго; the hard signs are left to the caller."""
    text = text.translate(_LETTERS)
    text = _OLD_PREFIX.sub(lambda m: m.group("p")[:-1] + "с", text)
    return _OLD_GENITIVE.sub(
        lambda m: "его" if m.group("hush") or m.group(0) == "яго" else "ого", text
    )


def modern(text: str) -> tuple[str, list[int]]:
    """`text` in today's spelling, and for each of its positions (and its end) the position
    in `text` it came from."""
    text = _letters_of_today(text)
    kept: list[str] = []
    origin: list[int] = []
    dropped = {m.start() for m in _FINAL_HARD_SIGN.finditer(text)}
    for i, ch in enumerate(text):
        if i not in dropped:
            kept.append(ch)
            origin.append(i)
    origin.append(len(text))
    return "".join(kept), origin


def aligned(text: str) -> str:
    """`text` in today's spelling letter for letter, the same length: a dropped hard sign
    becomes a space ("Отъ Порфирія" reads "От  Порфирия"), so a page's lines are classed as
    today's would be while their offsets stay the page's."""
    text = _letters_of_today(text)
    # (a sign before punctuation gives its place to it: "Адресъ:" reads "Адрес: ")
    text = _HARD_SIGN_BEFORE_MARK.sub(lambda m: m.group(1) + " ", text)
    return _FINAL_HARD_SIGN.sub(" ", text)


_HARD_SIGN_BEFORE_MARK = re.compile(rf"(?<=[{_CONSONANT}])[ъЪ]([.,:;!?)»”]+)")


def read_modern(letter: Letter, extract: Callable[[Letter], Extraction]) -> Extraction:
    """Run `extract` on the view in today's spelling when the letter is in the old one."""
    if not old_spelling(letter.text + letter.notes_text):
        return extract(letter)
    views = {part: modern(letter.part(part)) for part in ("text", "notes", "header")}
    notes = [
        replace(note, span=_moved(note.span, views["notes"][0], _inverse(views["notes"][1])))
        for note in letter.notes
    ]
    provenance = replace(
        letter.provenance,
        title=modern(letter.provenance.title)[0],
        header_author=modern(letter.provenance.header_author)[0],
    )
    view = replace(
        letter,
        text=views["text"][0],
        notes_text=views["notes"][0],
        header_text=views["header"][0],
        notes=notes,
        provenance=provenance,
    )
    out = extract(view)
    # once over every field, so that a reference two items share is moved back once
    _back(out.fields, letter, {part: origin for part, (_t, origin) in views.items()})
    return out


def _inverse(origin: list[int]) -> list[int]:
    """For each position of the old text, the position of the view at or after it."""
    size = origin[-1]
    inverse = [0] * (size + 1)
    j = 0
    for i in range(size + 1):
        while origin[j] < i:
            j += 1
        inverse[i] = j
    return inverse


def _moved(span: Span, text: str, where: list[int]) -> Span:
    start, end = where[span.start], where[span.end]
    return Span(span.part, start, end, text[start:end])


def _back(value: Any, letter: Letter, origins: dict[str, list[int]]) -> Any:
    """The same value with every span moved back onto the letter's own words."""

    def moved(span: Span) -> Span:
        origin = origins[span.part]
        start, end = origin[span.start], origin[span.end]
        return Span(span.part, start, end, letter.part(span.part)[start:end])

    return map_spans(value, moved)
