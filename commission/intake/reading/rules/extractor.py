"""The entry point: reads the signature first, then finds the letter's people and runs each
field's rules over them in order.
"""

from __future__ import annotations

import re

from commission.intake.reading import casing
from commission.intake.reading.extractors import extractor
from commission.intake.reading.facing import face_subjects, ties_from_names
from commission.intake.reading.footnoted import fuller_names_from_notes
from commission.intake.reading.mentions import cluster_mentions, find_mentions, known_words
from commission.intake.reading.model import Extraction, Letter
from commission.intake.reading.rules.addressees import _addressees
from commission.intake.reading.rules.author import _author, _signature
from commission.intake.reading.rules.contacts import CONTACT_ADDRESS, CONTACT_STREET, _contacts
from commission.intake.reading.rules.context import _closing_lines, _Ctx
from commission.intake.reading.rules.dates import _date_time
from commission.intake.reading.rules.kin import _relatives, settle_unowned_kin
from commission.intake.reading.rules.notes import _notes
from commission.intake.reading.rules.people import _place_of_date, _sentence_initial_surnames
from commission.intake.reading.rules.requests import _requests
from commission.intake.reading.rules.stance import _basis, _stance
from commission.intake.reading.rules.subjects import _other_people, _subjects
from commission.intake.reading.sentences import sentences


@extractor("rules")
def extract_by_rules(letter: Letter) -> Extraction:
    """The English rules; a letter with lines in capitals is read through its cased view."""
    return casing.read_cased(letter, _extract)


def _extract(letter: Letter) -> Extraction:
    text = letter.text
    out = Extraction()
    closing = _closing_lines(text)
    signature = _signature(letter, closing)
    # an e-mail's "Subject: Character reference for Ms Helen Crossley": the names its header
    # gives with a title are names in its text too
    subject_line = letter.provenance.fields.get("Subject", "")
    headed = [m.text for m in find_mentions(subject_line) if m.titled] if subject_line else []
    known = known_words([m.text for m in signature] + _sentence_initial_surnames(text) + headed)
    mentions = find_mentions(text, known=known)
    titled = known_words([m.text for m in mentions if m.titled])
    if titled - known:
        mentions = find_mentions(text, known=known | titled)
    addresses = [
        (a.start(), a.end()) for p in (CONTACT_ADDRESS, CONTACT_STREET) for a in p.finditer(text)
    ]
    # a works, a newspaper or a commune named in quotation marks («Parizhskaya Kommuna», the
    # "Red Dawn" mill): no one's name
    named_things = [
        q.span("q") if q.group("q") else q.span("after") for q in _NAMED_THING.finditer(text)
    ]
    mentions = [
        m
        for m in mentions
        if not _place_of_date(text, m)
        and not any(a <= m.start < b for a, b in addresses)
        and not any(a < m.start < b for a, b in named_things)
    ]
    clusters = cluster_mentions(mentions)
    ctx = _Ctx(letter, text, mentions, clusters, sentences(text), {})

    _author(ctx, out, signature, closing)
    _initials_whole(ctx, out)
    _addressees(ctx, out)
    _date_time(ctx, out, closing)
    _relatives(ctx, out)
    _subjects(ctx, out)
    settle_unowned_kin(ctx, out)
    face_subjects(out)
    _other_people(ctx, out)
    ties_from_names(out)
    _contacts(ctx, out)
    _basis(ctx, out)
    _requests(ctx, out)
    _stance(ctx, out)
    _notes(ctx, out)
    fuller_names_from_notes(letter, ctx.mentions, ctx.clusters, out)
    _names_on_one_line(out)
    return out


_WORKS = (
    r"(?:factory|works|mill|plant|mine|pit|artel|commune|collective|farm|club|school|"
    r"newspaper|paper|journal|magazine|cooperative|co-operative|society|depot|shop|workshop|"
    r"printing\s+house|theatre|cinema|ship|steamer)"
)
_NAMED_THING = re.compile(
    r"(?P<q>«[^»\n]{1,60}»"
    rf"|[\"“][A-Z][^\"”\n]{{0,50}}[\"”](?=\s+{_WORKS}\b))"
    rf"|\b{_WORKS}\s+(?P<after>[\"“][A-Z][^\"”\n]{{0,50}}[\"”])",
    re.IGNORECASE,
)


def _names_on_one_line(out: Extraction) -> None:
    """A name carried over a line break ("Mikhail" / "Shcherbakov") is given on one line; its
    evidence keeps the letter's own words."""
    for items in out.fields.values():
        for item in items:
            if isinstance(item.value, str) and "\n" in item.value:
                item.value = " ".join(item.value.split())
            elif isinstance(item.value, dict):
                for key in ("person", "of"):
                    if isinstance(item.value.get(key), str) and "\n" in item.value[key]:
                        item.value[key] = " ".join(item.value[key].split())
            if item.person is not None and "\n" in item.person.name:
                item.person.name = " ".join(item.person.name.split())


# A signature of initials alone: "V. Ts.", "M. Sh.", "A. S.".
_INITIALS_ONLY = re.compile(r"(?:[A-ZА-ЯЁ][a-zа-яё]?\.\s?)+[A-ZА-ЯЁ][a-zа-яё]?")


def _initials_whole(ctx: _Ctx, out: Extraction) -> None:
    """A writer who signs with initials alone ("V. Ts.") is named with the last initial's full
    stop, which the name finder leaves as the end of a sentence."""
    for item in out.get("author"):
        span = item.span
        if span is None or span.part != "text" or not isinstance(item.value, str):
            continue
        if _INITIALS_ONLY.fullmatch(item.value) and ctx.text[span.end : span.end + 1] == ".":
            item.value += "."
            item.span = ctx.letter.span("text", span.start, span.end + 1)
            if item.person is not None:
                item.person.name = item.value
