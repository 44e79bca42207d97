"""Addresses and telephone numbers in a Russian letter (personal data): "адрес: Дом Советов
№ 3, кв. 63", "проживает по адресу …", "тел. 58-97", "телефон 58–97"."""

from __future__ import annotations

import re

from commission.intake.reading.model import Extraction, Item
from commission.intake.reading.ru.context import Ctx

_ADDRESS = re.compile(
    r"(?:адрес(?:\s+е[её]|\s+его)?|проживает(?:\s+по\s+адресу)?|живет|квартира)\s*[:—-]?\s*"
    r"(?P<v>[^.;\n]*?(?:кв\.|квартира)\s*\d+)",
    re.IGNORECASE,
)
_PHONE = re.compile(r"(?:тел\.|телефон)\s*(?:№\s*)?[:—-]?\s*(?P<v>\d[\d\s–—-]{1,10}\d)", re.I)


def read_contacts(ctx: Ctx, out: Extraction) -> None:
    subject = next((c for c in ctx.clusters if ctx.roles.get(c.index) == "subject"), None)
    for kind, pattern in (("address", _ADDRESS), ("phone", _PHONE)):
        for m in pattern.finditer(ctx.text):
            value = m.group("v").strip(" ,")
            span = ctx.letter.span("text", m.start("v"), m.start("v") + len(value))
            person = ctx.ref(subject.best) if subject is not None else None
            out.add("contacts", Item({"kind": kind, "value": value}, span, person))
