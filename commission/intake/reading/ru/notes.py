"""The notes around a Russian letter: outcomes an editor's footnote reports ("Е. Каспарова-
Попова была восстановлена в партии") and inscriptions written on the document ("Надпись на
документе рукой секретаря СНК Н. Лепешинской: «Просьба Владимира Ильича к тт. Сталину,
Сафарову, Зиновьеву и Корнблюму срочно сообщить, что они знают о Каспаровой …»"): who wrote
it, on whose behalf, what it says, and one inquiry per person it asks."""

from __future__ import annotations

import itertools
import re

from commission.intake.reading.facing import same_person
from commission.intake.reading.model import Extraction, Item, PersonRef, Span
from commission.intake.reading.ru import lexicon
from commission.intake.reading.ru.context import FEMALE_PRONOUNS, MALE_PRONOUNS, Ctx
from commission.intake.reading.ru.people import Mention, find_mentions, known_words, lemma

_ALIAS = re.compile(r"\s*\(([^)]+)\)")
_BEHALF = re.compile(r"\b(?:по\s+поручению|по\s+просьбе|от\s+имени|просьба|по\s+указанию)\s+$")
_ABOUT = re.compile(r"\b(?:о|об|относительно|насчет|по\s+делу)\s+(?:тов\.\s*|товарища\s+)?$")
_ABOUT_PRONOUN = re.compile(r"\b(?:о|об)\s+(ней|нем|нём|них)\b")
_SIGNED_AT_END = re.compile(r"[—–-]\s*[^—–-]{0,60}$")


def _letter_name(ctx: Ctx, mention: Mention) -> str:
    """The fullest name the letter gives the person a note names ("Каспаровой" in the note is
    the letter's "Каспарова-Попова")."""
    for cluster in ctx.clusters:
        if mention.keys <= cluster.best.keys and cluster.gender in (mention.gender, "unknown"):
            return cluster.name
    return mention.nominative


def read_notes(ctx: Ctx, out: Extraction) -> None:
    letter = ctx.letter
    if not letter.notes_text:
        return
    known = known_words([c.name for c in ctx.clusters])
    mentions = find_mentions(letter.notes_text, known=known)
    for note in letter.notes:
        s, e = note.span.start, note.span.end
        inside = [m for m in mentions if s <= m.start and m.end <= e]
        if note.kind == "footnote":
            _outcomes(ctx, out, note.span, inside)
            _kin(ctx, out, inside)
        else:
            _inscription(ctx, out, note.span, inside)


_KIN_WORD = re.compile(r"[а-яё]+")
# Between a kin word and the name of whose kin: an occupation, a place ("жены рабочего
# Сормовского завода Николая Ильича Глебова").
_KIN_GAP = re.compile(r"\s+(?:[А-Яа-яЁё-]+\s+){0,4}")


def _kin(ctx: Ctx, out: Extraction, inside: list[Mention]) -> None:
    """An editor's footnote that says who a person is to another ("Записка написана на письме
    А. Н. Глебовой, жены рабочего Николая Ильича Глебова"): the relative by name, in place of
    the kin word the letter gave alone ("Письмо жены его прилагаю")."""
    notes_text = ctx.letter.notes_text
    for named, whose in itertools.pairwise(inside):
        gap = notes_text[named.end : whose.start]
        comma = re.match(r"\s*,\s*", gap)
        if comma is None:
            continue
        word = _KIN_WORD.match(gap, comma.end())
        if word is None or not _KIN_GAP.fullmatch(gap, word.end()):
            continue
        kin = lexicon.kin().get(lemma(word.group(0)))
        if kin is None or whose.case != "gent" or named.keys == whose.keys:
            continue
        relation, gender = kin
        if gender not in ("unknown", named.gender):
            continue
        of_name = _letter_name(ctx, whose)
        person = _letter_name(ctx, named)
        whose_ref = ctx.ref(whose, part="notes")
        relatives = out.get("relatives")
        if any(i.value["person"] == person and i.value["of"] == of_name for i in relatives):
            continue
        for unnamed in [
            i
            for i in relatives
            if i.value["relation"] == relation
            and isinstance(of := i.extra.get("of"), PersonRef)
            and same_person(of, whose_ref)
            and (i.person is None or not i.person.name)
        ]:
            out.fields["relatives"].remove(unnamed)  # the wife the letter did not name
        kin_span = ctx.letter.span("notes", comma.end() + named.end, word.end() + named.end)
        out.add(
            "relatives",
            Item(
                {"person": person, "relation": relation, "of": of_name},
                kin_span,
                ctx.ref(named, part="notes"),
                {"of": whose_ref, "kin_as_written": word.group(0)},
            ),
        )


def _outcomes(ctx: Ctx, out: Extraction, span: Span, inside: list[Mention]) -> None:
    notes_text = ctx.letter.notes_text
    low = lexicon.search_text(notes_text)
    for outcome, pattern in lexicon.outcome_cues():
        for m in pattern.finditer(low, span.start, span.end):
            who = [x for x in inside if x.end <= m.start()]
            person = who[0] if who else None
            alias = ""
            if person is not None:
                paren = _ALIAS.match(notes_text, person.end)
                alias = paren.group(1) if paren else ""
            ref = ctx.ref(person, part="notes") if person is not None else None
            value = {"person": person.nominative if person else "", "outcome": outcome}
            out.add(
                "outcomes",
                Item(
                    value,
                    ctx.letter.span("notes", m.start(), m.end()),
                    ref,
                    {"alias": alias or None, "note": span.as_json()},
                ),
            )


def _inscription(ctx: Ctx, out: Extraction, span: Span, inside: list[Mention]) -> None:
    letter = ctx.letter
    notes_text = letter.notes_text
    s, e = span.start, span.end
    low = lexicon.search_text(notes_text)
    quote = re.search(r"[«“\"](?P<q>.+?)[»”\"]", notes_text[s:e], re.S)
    colon = notes_text.find(":", s, e)
    if quote:
        qs, qe = s + quote.start("q"), s + quote.end("q")
    elif colon >= 0:
        qs, qe = colon + 1, e
    else:
        qs, qe = s, e
    while qe > qs and notes_text[qe - 1] in " ]).":
        qe -= 1
    head = [m for m in inside if m.start < qs]
    tail = [m for m in inside if m.start >= qe]
    author = head[-1] if head else (tail[-1] if tail else None)
    role_text = ""
    signed = _SIGNED_AT_END.search(notes_text, qs, qe) if not quote else None
    content_mentions = [m for m in inside if qs <= m.start < qe]
    if author is None and content_mentions:
        signed_names = [m for m in content_mentions if signed and m.start >= signed.start()]
        if signed_names:
            author = signed_names[-1]
            qe = signed.start() if signed else qe
        else:
            # "… узнать, кто её знает. Секретарь СНК Н. Лепешинская": the closing name.
            last = content_mentions[-1]
            if re.fullmatch(r"[\s.\]]*", notes_text[last.end : qe]) and re.search(
                r"[.!]\s+(?:[А-ЯЁ][А-Яа-яЁё.()]*\s+){0,3}$", notes_text[qs : last.start]
            ):
                author = last
                cut = notes_text.rfind(".", qs, last.start)
                qe = cut + 1 if cut >= 0 else qe
    if author is not None:
        line_start = max(
            notes_text.rfind(":", s, author.start), notes_text.rfind(".", s, author.start)
        )
        role_text = notes_text[max(s, line_start + 1) : author.start].strip(" ,.:—-")
        role_text = re.sub(r"^(?:.*\b(?:рукой|подпись))\s*", "", role_text)
    content = notes_text[qs:qe]
    content_mentions = [m for m in inside if qs <= m.start < qe and m is not author]
    behalf = next((m for m in inside if _BEHALF.search(low[max(s, m.start - 25) : m.start])), None)
    about = next(
        (m for m in content_mentions if _ABOUT.search(low[max(qs, m.start - 20) : m.start])),
        None,
    )
    about_name = _letter_name(ctx, about) if about is not None else ""
    about_ref = ctx.ref(about, part="notes") if about is not None else None
    pronoun = _ABOUT_PRONOUN.search(low, qs, qe)
    if about is None:
        # "о ней", or nothing at all: a note on a letter is about the person the letter is.
        word = pronoun.group(1) if pronoun is not None else ""
        gender = "female" if word in FEMALE_PRONOUNS else "male" if word in MALE_PRONOUNS else ""
        subject = next(
            (
                c
                for c in ctx.clusters
                if ctx.roles.get(c.index) == "subject"
                and (not gender or c.gender in (gender, "unknown"))
            ),
            None,
        )
        if subject is not None:
            about_name, about_ref = subject.name, ctx.ref(subject.best)
    targets = [
        m
        for m in content_mentions
        if m is not behalf
        and m is not about
        and (m.case == "datv" or m.plural_title)
        and not _ABOUT.search(low[max(qs, m.start - 20) : m.start])
    ]
    asks = [kind for kind, pattern in lexicon.request_kinds() if pattern.search(low, qs, qe)]
    urgent = bool(lexicon.urgent().search(low, qs, qe))
    if about_ref is not None and about_name:
        about_ref.name = about_name  # the fullest form the letter gives
    inquiries = [
        {"to": ctx.ref(t, part="notes"), "about": about_ref, "asks": asks, "urgent": urgent}
        for t in targets
    ]
    value = {
        "author": author.nominative if author else "",
        "on_behalf_of": behalf.nominative if behalf else "",
        "text": content.strip(),
        "inquiries": len(inquiries),
    }
    author_ref = ctx.ref(author, part="notes") if author else None
    behalf_ref = ctx.ref(behalf, part="notes") if behalf else None
    out.add(
        "inscriptions",
        Item(
            value,
            letter.span("notes", s, e),
            author_ref,
            {
                "author_role": role_text or None,
                "on_behalf_of": behalf_ref,
                "content": letter.span("notes", qs, qe),
                "inquiries": inquiries,
            },
        ),
    )
