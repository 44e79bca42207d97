"""What every rule of the reader shares: the reading context of one letter (its text,
mentions, clusters, sentences and the roles found so far), the sentence around a position, a
person's reference, the closing lines at the foot, and the spacing every phrase pattern
tolerates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from commission.intake.reading import lexicon as lx
from commission.intake.reading.mentions import Cluster, Mention, gender_of
from commission.intake.reading.model import Letter, Part, PersonRef, Span

# "the verification commission" names a body, not an act done to someone.
_NOT_BODY = r"(?!\s+(?:commissions?|committees?|bureau|sections?|department|board)\b)"


def _spaced(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The same pattern with every literal space matching any run of whitespace, so a copy
    with doubled spaces or a line break inside a phrase reads the same."""
    return re.compile(pattern.pattern.replace(" ", r"\s+"), pattern.flags)


@dataclass
class _Ctx:
    letter: Letter
    text: str
    mentions: list[Mention]
    clusters: list[Cluster]
    sentences: list[tuple[int, int]]
    roles: dict[int, str]
    # End of an unnamed kin phrase → the named person it stands for ("the mother of
    # Sidorov … her son": Sidorov), so "her son, who was expelled" finds its subject.
    kin_referents: dict[int, Mention] = field(default_factory=dict)
    # Unnamed kin whose possessor was named nowhere before them ("a young woman … was expelled
    # because her father …", named later): the kin word and its words, settled once the subjects
    # are known.
    unowned_kin: list[tuple[str, Span]] = field(default_factory=list)


def _sentence_at(ctx: _Ctx, pos: int) -> tuple[int, int]:
    for s, e in ctx.sentences:
        if s <= pos < e:
            return s, e
    return 0, len(ctx.text)


def _ref(letter: Letter, part: Part, mention: Mention | None, name: str = "") -> PersonRef:
    if mention is None:
        return PersonRef(name=name, span=None, gender=gender_of(name) if name else "unknown")
    return PersonRef(
        name=mention.text,
        span=letter.span(part, mention.start, mention.end),
        gender=mention.gender,
        family=mention.family,
    )


def _closing_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of the short lines after the last sentence: signature, date, place."""
    lines, pos = [], 0
    for raw in text.split("\n"):
        lines.extend(_signers_apart(text, pos, pos + len(raw)))
        pos += len(raw) + 1
    # A postscript after the signature does not end the letter's closing.
    postscript = re.compile(r"^\s*(?:P\.\s?S\.|PS\b|N\.\s?B\.)")
    while lines and postscript.match(text[lines[-1][0] : lines[-1][1]]):
        lines.pop()
        while lines and not text[lines[-1][0] : lines[-1][1]].strip():
            lines.pop()
    closing = _short_lines_at_end(text, lines)
    # An extract's certification and where its copies went, under the signatures ("True
    # extract. Secretary … — S. Borodkin" / "Extracts sent to: …"): the signatures above close
    # it, when there are any.
    signed = list(lines)
    while signed and (
        not text[signed[-1][0] : signed[-1][1]].strip()
        or _AFTER_SIGNATURES.match(text[signed[-1][0] : signed[-1][1]])
    ):
        signed.pop()
    if len(signed) < len(lines) and (above := _short_lines_at_end(text, signed)):
        closing = above
    if not closing:
        # An unmarked postscript under the signature block ("She can be reached through the
        # district committee, telephone 2-17."): the block above it closes the letter.
        body = list(lines)
        while body and not text[body[-1][0] : body[-1][1]].strip():
            body.pop()
        last_blank = max((i for i, (s, e) in enumerate(body) if not text[s:e].strip()), default=-1)
        if last_blank > 0 and len(body) - last_blank <= 3:
            above = _short_lines_at_end(text, body[:last_blank])
            if above and any(_NAME_ALONE.match(text[s:e].strip()) for s, e in above):
                closing = above
    written = [(s, e) for s, e in lines if text[s:e].strip()]
    if not closing and written:
        # A note that signs at the end of its one paragraph: "… and whether she served on the
        # train. -- M. Shkiryatov. 6/II-22."
        start, end = written[-1]
        tail = _SIGNED_AT_END.search(text[:end], start)
        if tail is not None:
            closing = [(tail.start("signed"), end)]
    # The salutation and the first lines are not a closing, even in a three-line note.
    first = next((s for s, e in lines if text[s:e].strip()), 0)
    return sorted(c for c in closing if c[0] != first)


_AFTER_SIGNATURES = re.compile(
    r"\s*(?:(?:True|Correct)\s+(?:extract|copy)\b|Correct:|Certified\b"
    r"|(?:Extracts?|Cop(?:y|ies))\s+(?:(?:were\s+)?sent\s+)?to\b|Sent\s+to:"
    r"|Верно\b|С\s+подлинным\s+верно|Выписк\w*\s+(?:\w+\s+)?направлен|Копи\w*\s+(?:\w+\s+)?направлен)",
    re.IGNORECASE,
)


# Where a web page ran two signature lines into one ("Secretary of the gubkom L. Shestakov Head
# of the secret department R. Abdrakhmanova"): before the next office, after a signed name.
_NEXT_OFFICE = re.compile(
    r"(?<=\b[A-Z]\.\s[A-Z][a-z]{2})[a-z’'-]*\s+(?=(?:Secretary|Chairman|Head|Deputy|Member|"
    r"Commissar|President|Chief)\b)"
)


def _signers_apart(text: str, start: int, end: int) -> list[tuple[int, int]]:
    parts, at = [], start
    for m in _NEXT_OFFICE.finditer(text, start, end):
        parts.append((at, m.start() + len(m.group(0).rstrip())))
        at = m.end()
    parts.append((at, end))
    return parts


_NAME_THEN_OFFICE = re.compile(
    # "S. Kit, timberman, member of the R.C.P. since 1919": a trade before the standing
    r"(?:"
    + lx.INITIAL
    + r"\s?){1,3}[A-Z][\w’'-]+,\s+(?:[\w-]+,?\s+)?(?i:chairman|chairwoman|secretary|"
    r"member|head|president|commissar|deputy|instructor|organi[sz]er)\b"
)
_NAME_ALONE = re.compile(
    r"(?:" + lx.INITIAL + r"\s?){0,3}[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2}[.,]?$"
)
# "Secretary of the Krasnaya Presnya District Committee — Bely": an office, its body, then after a
# dash the name of who signs.
OFFICE_OF_BODY_SIGNED = re.compile(
    r"(?i:secretary|chairman|chairwoman|president|head|commissar)\s+of\s+the\s+[^—–\n]{1,80}?"
    r"\s+[—–-]\s*(?P<n>(?:" + lx.INITIAL + r"\s?){0,3}[A-Z][\w’'-]+)\s*\.?\s*$"
)
# "For the secretary of the … Committee — Bely": one who signs for the officer, on a line.
_FOR_THE_OFFICE = re.compile(r"(?i:for\s+the\s+)?" + OFFICE_OF_BODY_SIGNED.pattern)
# A petitioner's name and who wrote for her: "Praskovya Rogozhina. Written for her, as she cannot
# write, by the teacher V. Dobrynin."
SCRIBE_LINE = re.compile(
    rf"(?P<n>{lx.PERSON_NAME})\s*[.,]\s+"
    r"(?i:(?:written|signed)(?:\s+down)?\s+(?:for\s+(?:her|him)|at\s+(?:her|his)\s+request"
    r"|on\s+(?:her|his)\s+behalf))\b"
)
# "For the illiterate Pelageya Ferapontova, at her request, signed A. Butyrin": one who signs
# for another, in a list of signers.
_SIGNED_FOR_LINE = re.compile(r"For\s+[^.;]{1,80}?\b(?:signed|has\s+signed|signs)\b")
_SIGNED_AT_END = re.compile(
    r"[.!?]\s+(?:--|—|–)\s*(?P<signed>(?:" + lx.INITIAL + r"\s?){0,3}[A-Z][\w’'-]+"
    r"(?:\s+[A-Z][\w’'-]+)?[.,]?(?:\s+[^\s]{1,12})?\s*)$"
)


# A line of the writer's address or telephone, under the signature: not the letter's prose.
_CONTACT_LINE = re.compile(
    r"(?:(?:my|her|his|our|the)\s+)?(?:(?:home|postal|full|present)\s+)?"
    r"(?:address|telephone|tel\.|phone)\b[^:.]{0,30}:|(?:write|reply)\s+to\s+(?:me|us)\s+at\b"
    # "Reply to: Perovo, locomotive repair shops, party cell bureau, for Sukhoverkhov"
    r"|(?:reply|answer|write)\s+to\s*:|ответ\s+(?:направить|прислать|слать)\b[^:]{0,30}:"
    # an unschooled hand's "my address western front 165 rifle regiment …", no colon
    r"|(?:my|our)\s+address\s+(?!to\b|is\s+not\b)(?:is\s+)?\w",
    re.IGNORECASE,
)


def last_lines(text: str, count: int) -> list[tuple[int, int]]:
    """The (start, end) of the text's last `count` lines, the last first, blank ones too."""
    found: list[tuple[int, int]] = []
    end = len(text)
    while len(found) < count:
        start = text.rfind("\n", 0, end) + 1
        found.append((start, end))
        if start == 0:
            break
        end = start - 1
    return found


# Words no line of a letter ends on unless its sentence goes on below.
_RUNS_ON_WORDS = frozenset(
    [
        "of",
        "the",
        "to",
        "and",
        "for",
        "by",
        "with",
        "from",
        "in",
        "at",
        "a",
        "an",
        "on",
        "about",
        "against",
    ]
)


def _short_lines_at_end(text: str, lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
    closing: list[tuple[int, int]] = []
    for at in range(len(lines) - 1, -1, -1):
        start, end = lines[at]
        line = text[start:end].strip()
        if not line:
            continue
        above = text[lines[at - 1][0] : lines[at - 1][1]].strip() if at > 0 else ""
        if (
            line[:1].islower()
            and line.endswith((".", "!", "?"))
            and not line.startswith(("signed", "for "))
            and len(above.split()) > 10
            and not above.endswith((".", "!", "?", ":", ";"))
        ):
            break  # "… the statement of his" / "wife, Kapustina, was not examined.": the end of
            # a paragraph, its sentence carried over
        if above and above.split()[-1].lower() in _RUNS_ON_WORDS and len(above.split()) > 6:
            break  # "… SEND ALSO STATEMENT OF" / "STABLEMAN FOMIN STOP": a sentence carried over
        if _CONTACT_LINE.match(line) and not closing:
            continue  # "My address: Tula, …" under the signature and the date
        words = line.split()
        # "M. Ozolin, member of the RCP since 1905, card No. 402117": a signer and his standing
        signer = (
            bool(
                _NAME_THEN_OFFICE.match(line)  # "M. Kalinin, Chairman of the … C.E.C."
                or _FOR_THE_OFFICE.match(line)
                or SCRIBE_LINE.match(line)
                or _SIGNED_FOR_LINE.match(line)
            )
            and len(words) <= 16
        )
        prose = (len(words) > 10 and not signer) or (
            len(words) >= 7 and line.endswith((".", "!", "?", ":")) and not signer
        )
        if prose:
            tail = _SIGNED_AT_END.search(text[:end], start)
            if tail is not None:
                closing.append((tail.start("signed"), end))
                break
            dated = lx.DATE.search(line) or lx.BOTH_STYLES_IN_WORDS.search(line)
            if not dated or len(words) > 16:
                break
        closing.append((start, end))
        if len(closing) >= 8:  # a committee's chairman, secretary and members, a date, a seal
            break
    return closing
