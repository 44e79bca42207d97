"""Addresses and telephone numbers in a Russian letter (personal data): "адрес: Дом Советов
№ 3, кв. 63", "проживает по адресу …", "тел. 58-97", "телефон 58–97"."""

from __future__ import annotations

import re

from commission.intake.reading.model import Extraction, Item
from commission.intake.reading.ru.context import Ctx

# The words that put an address or a telephone number on the line: "адрес: …", "Мой адрес: …",
# "Адрес Сокольского: …", "проживающего: …", "проживает по адресу …", "Живём мы: …".
_ADDRESS = re.compile(
    r"(?:\b(?:мой|моя|наш|е[её]|его|их)\s+)?(?<![А-Яа-яЁё])адрес(?:\s+е[её]|\s+его|\s+[А-ЯЁ][а-яё]+)?"
    r"\s*[:—-]\s*"
    r"|(?<![А-Яа-яЁё])(?:прожива(?:ет|ющ(?:ий|его|ая|ей|ие|их))|жив(?:у|[её]т|[её]м|ут))"
    r"(?:\s+(?:мы|он|она|они))?(?:\s*[:—]\s*|\s+по\s+адресу\s*[:—]?\s*)",
    re.IGNORECASE,
)
# Where the address ends: a full stop after a number or a whole word (not after "г.", "ул.",
# "д.", "кв." …) that a new sentence follows, a telephone number after a comma, a semicolon,
# or the end of the line.
_ADDRESS_END = re.compile(
    r"(?<=[\dа-яё]{4})\.\s+(?=[А-ЯЁ])|(?<=\d)\.\s+(?=[А-ЯЁ])|,\s*(?:тел\.|телефон)|;|\n|$",
    re.IGNORECASE,
)
_ADDRESS_PART = re.compile(r"\d|\b(?:ул|д|дом|кв|пр|пер|просп|наб|пл|г)\b\.?", re.IGNORECASE)
_PHONE = re.compile(
    r"(?<![А-Яа-яЁё])(?:тел\.|телефон[ауе]?(?![А-Яа-яЁё]))(?P<between>[^\d\n.]{0,24}?)(?:№\s*)?"
    r"(?P<v>\d[\d\s–—-]{1,10}\d)",
    re.IGNORECASE,
)


def _addresses(text: str) -> list[tuple[int, int]]:
    found = []
    for cue in _ADDRESS.finditer(text):
        end = _ADDRESS_END.search(text, cue.end())
        stop = end.start() if end is not None else len(text)
        value = text[cue.end() : stop].rstrip(" ,.")
        # An address names a street, a house or a flat ("д. 12", "кв. 4"), or has a number.
        if value and _ADDRESS_PART.search(value) and len(value) <= 160:
            found.append((cue.end(), cue.end() + len(value)))
    return found


def read_contacts(ctx: Ctx, out: Extraction) -> None:
    subject = next((c for c in ctx.clusters if ctx.roles.get(c.index) == "subject"), None)
    person = ctx.ref(subject.best) if subject is not None else None
    for start, end in _addresses(ctx.text):
        span = ctx.letter.span("text", start, end)
        out.add("contacts", Item({"kind": "address", "value": ctx.text[start:end]}, span, person))
    for m in _PHONE.finditer(ctx.text):
        value = m.group("v").strip(" ,")
        span = ctx.letter.span("text", m.start("v"), m.start("v") + len(value))
        out.add("contacts", Item({"kind": "phone", "value": value}, span, person))
