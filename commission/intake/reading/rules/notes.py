"""The editor's notes under a letter: outcomes a footnote reports and inscriptions written on
the document, with the inquiries they order.
"""

from __future__ import annotations

import re

from commission.intake.reading import lexicon as lx
from commission.intake.reading.mentions import Mention, find_mentions, known_words
from commission.intake.reading.model import Extraction, Item, Span
from commission.intake.reading.rules.context import _Ctx, _ref, _spaced
from commission.intake.reading.rules.requests import _URGENT, REQUEST_KINDS
from commission.intake.reading.sentences import sentences

OUTCOME = re.compile(
    r"\b(?:was|were|has been|had been|is)\s+(?:later\s+|subsequently\s+|eventually\s+|soon\s+|"
    r"then\s+|duly\s+)?(?P<o>reinstated|readmitted|re-admitted|restored(?: to membership| in the "
    r"party| to the party)?|expelled|excluded|transferred to (?:the )?candidates|reprimanded|"
    r"retained|left in the party|acquitted|rehabilitated|cleared|admitted|accepted)"
    r"|\b(?:the\s+)?(?:expulsion|decision)\s+was\s+(?P<o2>confirmed|upheld|annulled|cancelled|"
    r"revoked|overturned|reversed|set aside)",
    re.IGNORECASE,
)

OUTCOME = _spaced(OUTCOME)

# An editor's note in the active voice: "the Central Commission reinstated Mitrofanova".
ACTIVE_OUTCOME = re.compile(
    r"\b(?:[Cc]ommission|[Cc]ommittee|[Bb]ureau|[Pp]residium|[Cc]ell|[Mm]eeting)\s+"
    r"(?:\w+\s+){0,2}?(?P<o>reinstated|readmitted|restored|expelled|excluded|reprimanded|"
    r"retained|admitted|acquitted|rehabilitated)\s+(?=(?:[Cc]omrade\s+)?[A-Z])"
)

_OUTCOME_NORMAL = {
    "readmitted": "reinstated",
    "re-admitted": "reinstated",
    "restored": "reinstated",
    "rehabilitated": "reinstated",
    "annulled": "reinstated",
    "cancelled": "reinstated",
    "revoked": "reinstated",
    "overturned": "reinstated",
    "reversed": "reinstated",
    "set aside": "reinstated",
    "excluded": "expelled",
    "confirmed": "expelled",
    "upheld": "expelled",
    "left in the party": "retained",
    "cleared": "retained",
    "acquitted": "retained",
    "accepted": "admitted",
    "transferred to candidates": "transferred to candidates",
}


def _notes(ctx: _Ctx, out: Extraction) -> None:
    letter = ctx.letter
    notes_text = letter.notes_text
    if not notes_text:
        return
    mentions = find_mentions(notes_text, known=known_words([c.name for c in ctx.clusters]))
    for note in letter.notes:
        s, e = note.span.start, note.span.end
        inside = [m for m in mentions if s <= m.start and m.end <= e]
        if note.kind == "footnote":
            for m in ACTIVE_OUTCOME.finditer(notes_text, s, e):
                after = [x for x in inside if m.end() <= x.start <= m.end() + 10]
                if not after:
                    continue
                outcome = _OUTCOME_NORMAL.get(m.group("o").lower(), m.group("o").lower())
                first = after[0]
                out.add(
                    "outcomes",
                    Item(
                        {"person": first.text, "outcome": outcome},
                        letter.span("notes", m.start("o"), first.end),
                        _ref(letter, "notes", first),
                        {"alias": None, "note": note.span.as_json()},
                    ),
                )
            for m in OUTCOME.finditer(notes_text, s, e):
                outcome = (m.group("o") or m.group("o2")).lower()
                if outcome.startswith("transferred"):
                    # Kept whole: "transferred" alone would not say to what.
                    outcome = "transferred to candidates"
                outcome = _OUTCOME_NORMAL.get(outcome, outcome.split()[0])
                who = [x for x in inside if x.end <= m.start()]
                # The person the outcome's own sentence names first ("… who had asked that
                # Frumkin be reinstated. Frumkin was reinstated"), else the note's first.
                opening = max((a for a, _b in sentences(notes_text) if a <= m.start()), default=s)
                same = [x for x in who if x.start >= opening]
                person = same[0] if same else (who[0] if who else None)
                alias = ""
                if person is not None:
                    paren = re.match(r"\s*\(([^)]+)\)", notes_text[person.end :])
                    alias = paren.group(1) if paren else ""
                ref = _ref(letter, "notes", person) if person is not None else None
                value = {"person": person.text if person else "", "outcome": outcome}
                out.add(
                    "outcomes",
                    Item(
                        value,
                        letter.span("notes", m.start(), m.end()),
                        ref,
                        {"alias": alias or None, "note": note.span.as_json()},
                    ),
                )
        else:
            _inscription(ctx, out, note.span, inside)


_GREETED = re.compile(rf"\s*(?:{lx.TITLES}\s+)(?=(?:[A-Z]\.\s?)*[A-Z][\w’'-]+\s*[.,:!—–-])")


def _inscription(ctx: _Ctx, out: Extraction, span: Span, inside: list[Mention]) -> None:
    letter = ctx.letter
    notes_text = letter.notes_text
    s, e = span.start, span.end
    quote = re.search(r"[“\"«‘](?P<q>.+?)[”\"»’]?\s*$", notes_text[s:e], re.S)
    colon = notes_text.find(":", s, e)
    if quote:
        qs, qe = s + quote.start("q"), s + quote.end("q")
    elif colon >= 0:
        # (after "[Across the top, in ink:]" its words begin past the bracket)
        qs, qe = colon + 1 + (notes_text[colon + 1 : colon + 2] == "]"), e
    else:
        qs, qe = s, e
    content = notes_text[qs:qe]
    author = None
    by = re.search(r"\bby\s+", notes_text[s:qs])
    if by:
        cands = [m for m in inside if s + by.end() <= m.start < qs]
        author = cands[-1] if cands else None
        role_text = notes_text[s + by.end() : author.start].strip() if author else ""
    else:
        tail = [m for m in inside if m.start >= qe - 1 or (not quote and m.start > qs)]
        author = tail[-1] if tail else None
        role_text = ""
    sig = re.search(r"\s*[—–-]\s*(?:[A-Z]\.\s?)*[A-Z][\w’'-]+\]?\s*$", content)
    if sig and not by:
        qe = qs + sig.start()
        content = notes_text[qs:qe]
        tail = [m for m in inside if m.start >= qe]
        author = tail[-1] if tail else author
    ask = re.search(
        r"\b(?:asks|requests|instructs|wants|proposes|suggests|begs|urges|[Tt]o)\b", content
    )
    behalf = None
    if ask:
        first = [m for m in inside if qs <= m.start < qs + ask.start()]
        if first and ask.group(0).lower() != "to":
            behalf = first[0]
    targets: list[Mention] = []
    if ask:
        stop = re.search(r"\bto\s+(?!Comrade)[a-z]", content[ask.end() :])
        stop_at = qs + ask.end() + (stop.start() if stop else len(content))
        if ask.group(0).lower() == "to":
            comma = content.find(",", ask.end())
            stop_at = qs + (comma if comma >= 0 else ask.end() + 60)
        targets = [m for m in inside if qs + ask.end() <= m.start < stop_at]
    if not targets and (greeted := _GREETED.match(content)):
        # "Com. Yaroslavsky. Please look into this …", "Comrade Rudnev! Request the file": the
        # one it opens by naming is the one asked
        targets = [m for m in inside if m.start == qs + greeted.end()][:1]
    about_m = re.search(rf"\b(?:about|concerning|regarding|on)\s+(?:{lx.TITLES}\s+)?", content)
    about = _mention_at_list(inside, qs + about_m.end()) if about_m else None
    targets = [t for t in targets if about is None or t.start != about.start]
    asks = [kind for kind, pattern in REQUEST_KINDS if pattern.search(content)]
    urgent = bool(_URGENT.search(content))
    # "To Comrade Rudnev. Request the file and report.": about whom the letter it is written
    # on is about
    subject = next((i.person for i in out.get("subjects") if i.person is not None), None)
    inquiries = [
        {
            "to": _ref(letter, "notes", t),
            "about": _ref(letter, "notes", about) if about else subject,
            "asks": asks,
            "urgent": urgent,
        }
        for t in targets
    ]
    value = {
        "author": author.text if author else "",
        "on_behalf_of": behalf.text if behalf else "",
        "text": content.strip(),
        "inquiries": len(inquiries),
    }
    out.add(
        "inscriptions",
        Item(
            value,
            letter.span("notes", s, e),
            _ref(letter, "notes", author) if author else None,
            {
                "author_role": role_text or None,
                "on_behalf_of": _ref(letter, "notes", behalf) if behalf else None,
                "content": letter.span("notes", qs, qe),
                "inquiries": inquiries,
            },
        ),
    )


def _mention_at_list(mentions: list[Mention], pos: int) -> Mention | None:
    for m in mentions:
        if pos <= m.start <= pos + 2:
            return m
    return None
