"""Where a Russian letter stands on the person it is about (for, against, neutral) and how its
author knows them ("знаю её лично по работе": personally and from her work; "семью знаю с
1912 года": the family; "лично не знаю": not personally; "брата её знал хорошо": a relative;
"слышал от товарищей": hearsay; "знаю только по письмам": their writing)."""

from __future__ import annotations

import re

from commission.intake.reading.model import Extraction, Item
from commission.intake.reading.ru import lexicon
from commission.intake.reading.ru.context import Ctx

# Phrases a negation turns round: "не знаю её лично" is no personal knowledge.
_NEGATED_BY = ("не ", "ни ")


def read_basis(ctx: Ctx, out: Extraction) -> None:
    seen: set[str] = set()
    end = ctx.closing[0]
    hits = []
    for kind, pattern in lexicon.basis_cues():
        for m in pattern.finditer(ctx.low, ctx.opening[1], end):
            if kind != "not_known_personally" and ctx.low[max(0, m.start() - 3) : m.start()] in (
                _NEGATED_BY
            ):
                continue
            hits.append((m.start(), kind, m))
    kept: list[tuple[int, int]] = []
    for _, kind, m in sorted(hits, key=lambda h: (h[0], -h[2].end())):
        if kind == "knows_personally" and "not_known_personally" in seen:
            continue
        if kind in seen or any(a < m.end() and m.start() < b for a, b in kept):
            continue  # "семью его знаю с 1912 года" is knowing the family, not only her
        if _someone_else_knows(ctx, m.start()):
            continue
        seen.add(kind)
        kept.append((m.start(), m.end()))
        out.add("basis", Item(kind, ctx.letter.span("text", m.start(), m.end())))


_OTHERS_KNOW = re.compile(
    r"\b(?:кто|которые|который|которая)\b|\bзна(?:ет|ют|ли)\b|\bзна(?:ющ|вш)[а-яё]*"
)


def _someone_else_knows(ctx: Ctx, pos: int) -> bool:
    """ "выяснить, кто из товарищей знает её по работе": knowledge the letter asks about is not
    its author's."""
    s, _ = ctx.sentence_at(pos)
    clause_start = max(s, ctx.low.rfind(",", s, pos) + 1)
    return bool(_OTHERS_KNOW.search(ctx.low, clause_start, pos + 12))


def _author_is_kin(out: Extraction) -> bool:
    """A mother, wife or brother writing about the subject speaks for them."""
    authors = {item.value for item in out.get("author")}
    subjects = {item.value for item in out.get("subjects")}
    return any(
        isinstance(item.value, dict)
        and (
            (item.value.get("person") in authors and item.value.get("of") in subjects)
            or (item.value.get("of") in authors and item.value.get("person") in subjects)
        )
        for item in out.get("relatives")
    )


# The author's own request says which side a letter is on when no phrase says it.
_FOR_REQUESTS = frozenset(["reinstate", "reconsider", "intercede", "admit"])


def _quoted(low: str, pos: int) -> bool:
    """Whether `pos` stands inside «…» or "…" quotation marks of its own sentence."""
    line_start = max(low.rfind(".", 0, pos), low.rfind("\n", 0, pos)) + 1
    before = low[line_start:pos]
    return before.count("«") > before.count("»") or before.count('"') % 2 == 1


def read_stance(ctx: Ctx, out: Extraction) -> None:
    found = {"for": [], "against": []}  # type: dict[str, list[tuple[int, int]]]
    for kind, pattern in lexicon.stance_cues():
        for m in pattern.finditer(ctx.low, ctx.opening[1], ctx.closing[0]):
            if _quoted(ctx.low, m.start()):
                continue  # "исключён как «примазавшийся»": the verdict quoted, not the author's
            found[kind].append((m.start(), m.end()))
    spans: list[tuple[int, int]]
    asked = {item.value for item in out.get("requests") if item.extra.get("by") == "author"}
    if not found["for"] and not found["against"] and (asked & _FOR_REQUESTS or _author_is_kin(out)):
        value, spans = "for", []
    elif len(found["for"]) == len(found["against"]):
        value, spans = "neutral", []
    elif len(found["for"]) > len(found["against"]):
        value, spans = "for", found["for"]
    else:
        value, spans = "against", found["against"]
    span = ctx.letter.span("text", *spans[0]) if spans else None
    out.add("stance", Item(value, span))
