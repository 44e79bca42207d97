"""Addresses and telephone numbers a letter gives, and whose they are."""

from __future__ import annotations

import re

from commission.intake.reading.mentions import Mention
from commission.intake.reading.model import Extraction, Item
from commission.intake.reading.rules.context import _Ctx, _ref, _sentence_at
from commission.intake.reading.rules.people import _antecedent, _cluster_name

CONTACT_ADDRESS = re.compile(
    r"\b(?:home address|address|lives at|living at|residing at|resides at|c/o|care of)\b\s*"
    r"(?:is\s*|as\s*)?[:\-–]?\s*(?P<v>[^;()\n]+?)(?=\s*(?:[;)\n]|,\s*(?:tel\.?|telephone|phone)\b|"
    r"\.\s|\.$|$))",
    re.IGNORECASE,
)

# A street with its house ("14 Pokrovka Street", "Pirogov Street 9", "Sadovaya Street, house 3,
# flat 12"): a street named without a house is a place in the story ("the squads at Kudrinskaya
# Square"), not where anyone is to be found.
CONTACT_STREET = re.compile(
    r"(?:\b\d+\s+(?:[A-Z][\w-]+\s+){1,2}(?:Street|Prospect|Lane|Square|Embankment|Boulevard|St\.)"
    # ("Rogachevskaya St. 11": the street cut short)
    r"|(?:[A-Z][\w-]+\s+){1,2}(?:Street|Prospect|Lane|Square|Embankment|Boulevard|St\.)"
    r"(?=,?\s*(?:house\s+|No\.\s*|h\.\s*)?\d))"
    r"(?:,?\s*(?:house\s+|No\.\s*|h\.\s*)?\d+\w?)?(?:,\s*(?:flat|apt\.?|apartment|room)\s*\d+)?"
)

CONTACT_PHONE = re.compile(
    r"\b(?:telephone|tel\.?|phone)\s*(?:no\.?|number)?\s*(?:is\s+)?[:\-–]?\s*"
    r"(?P<v>\d[\d\s\-–—.]{0,12}\d)",
    re.IGNORECASE,
)


def _owner(ctx: _Ctx, pos: int) -> Mention | None:
    s, _e = _sentence_at(ctx, pos)
    prev = [m for m in ctx.mentions if s <= m.start < pos and not m.family]
    if prev:
        return prev[-1]
    pron = re.search(r"\b(her|his)\b", ctx.text[s:pos], re.IGNORECASE)
    if pron:
        # "Her address: …" opening its own line is hers as much as "her address is …"
        return _antecedent(ctx, pos, pron.group(1).lower())
    return None


_NO_ADDRESS = re.compile(r"(?:above|below|given|overleaf|on the (?:envelope|form))\b", re.I)


def _contacts(ctx: _Ctx, out: Extraction) -> None:
    labelled: list[tuple[int, int]] = []
    for kind, pattern in (
        ("address", CONTACT_ADDRESS),
        ("address", CONTACT_STREET),
        ("phone", CONTACT_PHONE),
    ):
        for m in pattern.finditer(ctx.text):
            group = "v" if "v" in pattern.groupindex else 0
            if any(a <= m.start() < b for a, b in labelled):
                continue
            value = m.group(group).strip().rstrip(".,")
            labelled.append((m.start(), m.end()))
            if kind == "address" and (len(value) < 4 or _NO_ADDRESS.match(value)):
                continue  # ("at the address above, starting at 10.00": no address given)
            owner = _owner(ctx, m.start())
            ref = _ref(ctx.letter, "text", owner) if owner is not None else None
            if ref is not None and owner is not None:
                ref.name = _cluster_name(ctx, owner)
            span = ctx.letter.span("text", m.start(), m.start(group) + len(value))
            out.add("contacts", Item({"kind": kind, "value": value}, span, ref))
