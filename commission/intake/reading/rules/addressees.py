"""To whom a letter is written: the salutation, the archive header's title or "To:" line, an
editor's note on what it answers, and a body the author addresses in the text.
"""

from __future__ import annotations

import itertools
import re

from commission.intake.reading import casing
from commission.intake.reading import lexicon as lx
from commission.intake.reading.mailtime import without_address
from commission.intake.reading.mentions import Mention, gender_of
from commission.intake.reading.model import Extraction, Item, Letter, PersonRef, Span
from commission.intake.reading.rules.context import _Ctx, _sentence_at, last_lines
from commission.intake.reading.rules.people import _claim
from commission.registry import names as name_forms

_ORG_PHRASE = (
    r"(?:the\s+)?(?P<org>(?:[A-Z][\w.()’'-]*\s+){0,6}?(?:Commission|Committee|Bureau|Presidium|"
    r"Collegium|Secretariat|Cell|Board|Department|Council|Soviet|Section)"
    r"(?:\s+(?:for|of|on|at|in)\s+(?:the\s+)?[A-Z][\w.()’'-]*(?:\s+(?:the\s+|of\s+|and\s+)?"
    r"[A-Z][\w.()’'-]*)*)?)"
)

_ADDRESS_VERB = re.compile(
    r"\b(?:inform|request|ask|beg|urge|petition|appeal to|intercede with|address|turn to|"
    r"write to|apply to|submit to|report to|entreat)\s+" + _ORG_PHRASE
)


def _addressees(ctx: _Ctx, out: Extraction) -> None:
    text = ctx.text
    seen: set[str] = set()
    pos = 0
    continues = False
    senders = _senders_block(_address_lines(text.split("\n")[:30]))
    # (under a letter of today's long letterhead, the ten lines after it)
    top = _address_lines(text.split("\n")[: 10 + senders])
    addressed_at = next((i for i, raw in enumerate(top) if _TO_LINE.match(raw.strip())), -1)
    in_block = False  # the lines under a bare body's name at the top: its address
    for i, raw in enumerate(top):
        line = raw.strip()
        start = pos + (len(raw) - len(raw.lstrip()))
        pos += len(raw) + 1
        if not line:
            continues = in_block = False
            continue
        if i < senders or in_block:
            continue  # the writer's own name, post and telephone above a letter of today
        if senders and _TITLED_NAME_ALONE.fullmatch(line):
            # "Professor Hilary Dunmore" / "Chair, Appeals Panel" / "Northern Council …": the
            # inside address of a letter of today, a person and where she works
            _salutation_names(ctx, out, line, start, seen)
            in_block = True
            continue
        if line.startswith(("dear ", "my dear ")):
            line = line[0].upper() + line[1:]  # an unschooled hand's "dear comrades of …"
        if (
            line.startswith("from ")
            and i >= 1
            and not (_TITLE_FROM_TO.match(line) or _HEADING_FROM_TO.match(line))
        ):
            # "To the … Commission" / "from the secretary of the volost executive committee" /
            # "Tulupov Gleb Arsentyevich": the sender's block, to the blank line under it
            in_block = True
            continue
        if (_FROM_LINE.match(line) or _BRACKETED_TITLE.match(line)) and i < 4:
            # "From the Nevsky District Committee", "1. Letter from P. I. Demina": the sender;
            # a title that goes on to whom ("Letter from M. P. Lunyova to the Central Control
            # Commission", "[Letter of Ye. A. Vorobyova to V. I. Lenin]") names the addressees
            # too.
            if titled := (
                _TITLE_FROM_TO.match(line)
                or _BRACKETED_TITLE.match(line)
                or _HEADING_FROM_TO.match(line)
            ):
                to = titled.group("to")
                stop = _TITLE_TO_END.search(to)
                _salutation_names(
                    ctx, out, to[: stop.start()] if stop else to, start + titled.start("to"), seen
                )
            continue
        if _REFERENCE_LINE.match(line) or _EDITORIAL_LINE.match(line):
            continue  # "No. 412/ts", "[Written across the first page, in the hand of …:]"
        if i < addressed_at and lx.OUTGOING_NUMBER.search(line) and _is_body(line):
            continue  # "Vesyegonsk Uyezd Committee of the R.C.P.    No. 812": the sender's head
        if _ON_DOCUMENT_LINE.match(line) and len(line.split()) <= 14:
            continue  # "Note on the Application of I. K. Veretennikov": whose paper, not to whom
        if (titled := _TITLE_TO.match(line)) and not _BODY_SENTENCE.search(
            line[: titled.start("to")]
        ):
            # "Letter to V. V. Kuibyshev and the Presidium of …": a title the copy kept in its text
            to = titled.group("to")
            stop = _TITLE_TO_END.search(to)
            _salutation_names(
                ctx, out, to[: stop.start()] if stop else to, start + titled.start("to"), seen
            )
            continue
        if (heading := _NAME_TO_NAME.fullmatch(line)) and i < 3:
            # "M. I. Kalinin to A. A. Solts": a collection's heading of the document
            _salutation_names(ctx, out, heading.group("to"), start + heading.start("to"), seen)
            continue
        if greeting := _GREETING_THEN_TEXT.match(line):
            # "Comrade Lapshin (mill committee): the Commission asks you …": a note that greets
            # and goes on in the same line
            _salutation_names(ctx, out, greeting.group("to"), start + greeting.start("to"), seen)
            break
        if (
            i < addressed_at
            and not _ADDRESS_LINE.match(line)
            and not _GREETING.match(line)
            and not _ADDRESS_LINE.match(top[i + 1].strip())
        ):
            # Above a "To …" line, a body's name is the sender's letterhead ("CENTRAL
            # COMMISSION FOR PURGING THE PARTY / Secretariat / 17 January 1922 / No. 412").
            continue
        if (inside := _COPY_INSIDE.search(line)) and len(line.split()) <= 10 and i < 4:
            # a telegram's "TSARITSYN GUBPROVERKOM COPY GUBKOM RCP": to one body, a copy to
            # the other, after the town it goes to
            first = line[: inside.start()]
            town = re.match(r"([A-Z][\w-]+)\s+", first)
            skip = (
                town.end()
                if town
                and _town(town.group(1))
                and _is_body(first[town.end() :])
                # "TULA GUBPROVERKOM": the town's own body keeps its name
                and not _LOCAL_BODY.match(first[town.end() :])
                else 0
            )
            _telegram_names(ctx, out, first[skip:], start + skip, seen)
            _telegram_names(ctx, out, line[inside.end() :], start + inside.end(), seen)
            continue
        if copy := _COPY_LINE.match(line):
            # "Copy: Comrade P. A. Zalutsky": a copy goes to them as well.
            _salutation_names(ctx, out, line[copy.end() :], start + copy.end(), seen)
            continue
        if attention := _ATTENTION.match(line):
            # "Attention Comrade Solts" under the commission's address: the man it is for
            _salutation_names(ctx, out, line[attention.end() :], start + attention.end(), seen)
            continue
        if lx.SALUTATION.match(line) and _reads_as_body(_first_sentence(line)):
            break  # "Comrade Lapina was expelled. Her mother …": the body has begun
        if shown := re.fullmatch(r"\(\s*for\s+([^()]*)\)", line):
            # "(for the members of the Politbureau)": the body the note goes to as well, as a
            # title's "to Comrade Molotov for the Politbureau members" gives it
            if _is_body(shown.group(1)):
                _salutation_names(ctx, out, shown.group(1), start + shown.start(1), seen)
            continue
        if continues and _SALUTATION_GOES_ON.match(line) and len(line.split()) <= 12:
            # "Comrades Lobanova / P. Yastrebov / and the other members of the Committee"
            _salutation_names(ctx, out, line, start, seen)
            continue
        continues = bool(lx.SALUTATION.match(line)) and not line.endswith((".", "!"))
        if _NAME_THEN_OFFICE_LINE.match(line) and len(line.split()) <= 16:
            # "Petrov, Secretary of the Uyezd Committee": a name and then his office
            _salutation_names(ctx, out, line, start, seen)
            continue
        if (greeting := _NAME_AND_PATRONYMIC.fullmatch(line)) and i < 4:
            # "Mikhail Ivanovich!": the given name and patronymic, as one addresses an elder
            _add_addressee(ctx, out, start, start + len(greeting.group("n")), seen, org=False)
            continue
        if _PLACES_LINE.fullmatch(line) and i < 3:
            continue  # "Moscow, Kremlin" above "To Comrade Lenin"
        if not (lx.SALUTATION.match(line) or line.lower().startswith(_ADDRESS_OPENERS)):
            if (
                (lx.DATE.search(line) and len(line.split()) <= 8)
                or lx.DAY_MONTH.fullmatch(line.rstrip(". "))
                or _PLACE_THEN_DAY.fullmatch(line.rstrip(". "))
            ):
                # "Moscow, 3 March 1921", "17 December", "Ivanovo-Voznesensk, the 20th of
                # January": the date above the address
                continue
            if _SUBJECT_LINE.match(line) and len(line.split()) <= 12:
                continue  # "Re: Comrade Markelova" above the salutation
            if _HANDED_LINE.match(line) and len(line.split()) <= 12:
                continue  # "Kulebaki. Received 17.III.1922, 14 h. 20 m.": the form's stamp
            if _KIND_LINE.match(line):
                continue  # "Telegram", "Telephone message" above the line of whom it goes to
            if lx.TELEGRAPH_LINE.match(line):
                continue  # "SAMARA 2841 47 3/VIII 11.50": where and when it was handed in
            if _CLASSIFIED_LINE.match(line):
                continue  # "Top secret", "Personal" above the salutation
            if (inline := _INLINE_TELEGRAM_TO.match(line)) and _inline_address(inline):
                # "Moscow, Kremlin, Lenin. Uyezd commission expelled me …": a telegram printed as
                # one paragraph names where and to whom it goes in its first sentence
                via, skip = inline.group("via"), 0
                if via.startswith(inline.group("town") + ","):
                    skip = len(inline.group("town")) + 1  # the town alone is no body
                for part in re.finditer(r"[^,]+", via[skip:]):
                    if _is_body(part.group(0).strip()):
                        at = start + inline.start("via") + skip + part.start()
                        _salutation_names(ctx, out, part.group(0), at, seen)
                _salutation_names(ctx, out, inline.group("to"), start + inline.start("to"), seen)
                break
            if urgent := _URGENT_FIRST.match(line):
                # "URGENT  MOSCOW  CENTRAL CONTROL COMMISSION RCP  SHKIRYATOV": how it goes,
                # then where and to whom
                start += urgent.end()
                line = line[urgent.end() :]
            if _PLACE_NOUN.search(line) and "," in line and len(line.split()) <= 8:
                continue  # "Samara, Pipe Works settlement" above the date: where it was written
            rest = _past_place(line)
            place_first = rest is not None
            if rest is None and _bare_telegram_address(line):
                rest = line  # "KIRSANOV UKOM MOKROUSOV": a body named by its town, then a name
            if rest is None and _bare_body(line) and not out.get("addressees"):
                # "Academic Misconduct Appeals Panel / c/o Registry Casework Office / …": a
                # letter of today names the body it goes to above its date, its address under
                _add_addressee(ctx, out, start, start + len(line), seen, org=True)
                in_block = True
                continue
            if rest is None:
                break
            start += len(line) - len(rest)
            line = rest
            person = re.search(r",\s*(?P<n>[^,]+?)\s*\.?\s*$", line)
            if person and _SURNAME_ALONE.fullmatch(person.group("n")) and place_first:
                # "Moscow, Central Control Commission, Solts": the body, then the person at it
                _salutation_names(ctx, out, line[: person.start()], start, seen)
                _salutation_names(ctx, out, person.group("n"), start + person.start("n"), seen)
                continue
            if _bare_telegram_address(line):
                _telegram_names(ctx, out, line, start, seen)
                continue
        if len(line.split()) > 16:
            break
        _salutation_names(ctx, out, line, start, seen)
    _copies_at_foot(ctx, out, seen)
    _header_addressees(ctx, out, seen)
    if not out.get("addressees"):
        _from_line_addressees(ctx, out, seen)
    if not out.get("addressees"):
        _forwarded_to(ctx, out, seen)
    if not out.get("addressees"):
        _footnote_addressee(ctx, out)
    for m in _ADDRESS_VERB.finditer(text):
        s, _e = _sentence_at(ctx, m.start())
        if not re.search(r"\b(?:I|we|my part|our part)\b", text[s : m.start()]):
            continue
        if len(m.group("org").split()) == 1 and out.get("addressees"):
            continue  # "I ask the Commission": the body already addressed above
        _add_addressee(ctx, out, m.start("org"), m.end("org"), seen, org=True)


# A line of the writer's own block above a letter of today: "Mobile: 07700 900231".
_OWN_CONTACT_LINE = re.compile(
    r"(?:Mobile|Tel|Telephone|Phone|E-?mail|Email)\b\.?\s*(?::|(?=[+(\d]))"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+\s*$",
    re.I,
)


_FOOT_COPY = re.compile(
    # (under an extract from minutes: "Extracts sent to: Moscow Control Commission (items 2 and
    # 4); …")
    r"(?:cc|copy\s+to|copies\s+to|(?:extracts?|cop(?:y|ies))\s+(?:were\s+)?sent\s+to)\s*:\s*",
    re.I,
)


def _copies_at_foot(ctx: _Ctx, out: Extraction, seen: set[str]) -> None:
    """ "cc: Ms Ruth Abernethy, Hearings Officer" under the signature of a letter of today:
    the copy goes to her as well."""
    for start, end in last_lines(ctx.text, 6):
        line = ctx.text[start:end]
        lead = len(line) - len(line.lstrip())
        copy = _FOOT_COPY.match(line, lead)
        if copy is None:
            continue
        rest = _POST_AFTER.sub("", line[copy.end() :])  # (her post: "…, Hearings Officer")
        # ("(item 1)": which of the minutes' points each body is sent, kept in place as blanks)
        rest = re.sub(r"\([^()]*\)", lambda bracket: " " * len(bracket.group(0)), rest)
        _salutation_names(ctx, out, rest, start + copy.end(), seen)


_POST_AFTER = re.compile(
    r",\s*(?:[A-Z][\w-]*\s+){0,3}(?:Officer|Secretary|Clerk|Chair|Chairman|Manager|Director|"
    r"Registrar|Adviser|Advisor|Coordinator|Caseworker)\s*$"
)


def _senders_block(top: list[str]) -> int:
    """How many lines at the top are the writer's own (name, post, telephone), where the first
    block holds a telephone or e-mail line; 0 when it holds none."""
    block: list[str] = []
    for at, raw in enumerate(top):
        if not raw.strip():
            # "Niamh Cassidy-Ward MSc / … / CB4 9LT" over "Tel. 07700 900871 / niamh@…": her
            # name and address, then how to reach her, a blank line between
            below = list(itertools.takewhile(str.strip, top[at + 1 :]))
            if (
                len(block) >= 2
                and below
                and all(_OWN_CONTACT_LINE.match(ln.strip()) for ln in below)
                and not any(_OWN_CONTACT_LINE.match(ln) for ln in block)
            ):
                return at + 1 + len(below)
            break
        block.append(raw.strip())
    if len(block) >= 2 and any(_SENDING_FORM_LINE.search(line) for line in block):
        # a telegram form of the sender's office: "CENTRAL CONTROL COMMISSION R.C.P." /
        # "Secretariat   OUTGOING" / "Telegram No. 684   16.VI.22" over the line of its address
        return len(block)
    if len(block) < 2 or not any(_OWN_CONTACT_LINE.match(line) for line in block):
        return 0
    return len(block)


_SENDING_FORM_LINE = re.compile(
    r"(?i:\bOUTGOING\b|^Telegram\s+No\.|^Handed\s+(?:in|to\s+the\s+telegraph)\b)"
)


def _bare_body(line: str) -> bool:
    """A body's name alone on a line, no sentence ("Academic Misconduct Appeals Panel")."""
    words = line.split()
    return (
        2 <= len(words) <= 10
        and _is_body(line)
        and ":" not in line  # ("From: Central Control Commission": the sender)
        and not line.endswith((".", ",", "!", "?"))
        # ("The Fitness to Practise Committee")
        and all(
            w[:1].isupper() or w.lower() in ("of", "the", "and", "for", "on", "to", "in", "at")
            for w in words
        )
    )


_TITLED_NAME_ALONE = re.compile(
    rf"(?:{lx.TITLES})\s+(?:[A-Z]\.\s?)*[A-Z][\w’'-]+(?:\s+(?:[A-Z]\.\s?)*[A-Z][\w’'-]+){{0,3}}"
)
_EDITORIAL_LINE = re.compile(r"\[[^\]]*\]$")
# The sender named above the salutation: "From the Nevsky District Committee", or a
# collection's heading of one of its documents, "1. LETTER FROM P. I. DEMINA".
_FROM_LINE = re.compile(
    r"(?:[\dIVX]{1,4}\.\s+)?(?:(?:an?|the)\s+)?(?:(?:letter|note|telegram|statement|application|"
    r"appeal|petition|complaint|report|declaration)\s+)?from:?\s"
    # "Letter of M. A. Sumarokova to A. A. Solts": a collection's title, the writer after "of"
    r"|(?:[\dIVX]{1,4}\.\s+)?(?:(?:an?|the)\s+)?(?:letter|note|telegram|statement|application|"
    r"appeal|petition|complaint|declaration)\s+of\s+(?-i:[A-Z])",
    re.IGNORECASE,
)
_TITLE_FROM_TO = re.compile(
    r"^\s*(?:[\dIVX]{1,4}\.\s+)?(?:(?:an?|the)\s+)?(?:letter|note|telegram|statement|application|"
    r"appeal|petition|complaint|report|declaration|message)\s+(?:from|of(?=\s+(?-i:[A-Z])))\s+"
    r".+?\s+to\s+"
    r"(?P<to>(?:the\s+|comrades?\s+)?[A-Z].*)$",
    re.IGNORECASE,
)
# A collection's heading that names the writer and the addressee with no word for the document:
# "From Ye. S. Polikarpova to Nadezhda Konstantinovna Krupskaya" (a name on either side; not
# "From Moscow to Petrograd he went").
_HEADING_FROM_TO = re.compile(
    rf"^\s*From\s+(?:{lx.TITLES}\s+)?(?:{lx.INITIAL}\s?){{0,3}}[A-Z][\w’'-]+"
    r"(?:\s+[A-Z][\w’'-]+){0,2}\s+to\s+"
    r"(?P<to>(?:the\s+|comrades?\s+)?[A-Z][\w.’'-]*(?:\s+(?:of|the|and|[A-Z][\w.’'-]*)){0,8})"
    r"\s*\.?\s*$"
)
# An editor's title in brackets over the letter's text: "[Letter of Ye. A. Vorobyova to V. I.
# Lenin]" (the page's own title may name the collection's other letters, so only here).
_BRACKETED_TITLE = re.compile(
    r"^\[(?:(?:an?|the)\s+)?(?:letter|note|telegram|statement|application|appeal|petition"
    r"|complaint|declaration)\s+(?:from|of)\s+.+?\s+to\s+(?P<to>(?:comrades?\s+)?[A-Z][^\]]*)\]$",
    re.IGNORECASE,
)
# A heading that says what paper a note is written on, not to whom it goes.
_ON_DOCUMENT_LINE = re.compile(
    r"^(?:(?:an?|the)\s+)?(?:note|inscription|remark|resolution|comment|endorsement)s?\s+"
    r"(?:written\s+)?(?:on|upon|across)\s",
    re.I,
)
_GREETING_THEN_TEXT = re.compile(
    rf"(?:To\s+)?(?P<to>{lx.TITLES}\s+(?:" + lx.INITIAL + r"\s?){0,3}[A-Z][\w’'-]+"
    r"(?:\s+[A-Z][\w’'-]+)?)(?:\s*\([^)]{1,60}\))?\s*[:!.]\s+(?=(?:\S+\s+){5})"
)
_PERSON = r"(?:" + lx.INITIAL + r"\s?){1,3}[A-Z][\w’'-]+"
_NAME_TO_NAME = re.compile(rf"{_PERSON}\s+to\s+(?P<to>{_PERSON}(?:\s+and\s+{_PERSON})?)\.?")
_ADDRESS_OPENERS = ("to ", "to:", "copy to", "cc ", "cc:")
_ADDRESS_LINE = re.compile(r"(?:to|copy to|copies to|copy:|cc:?)\s", re.IGNORECASE)
_TO_LINE = re.compile(r"to\s", re.IGNORECASE)
_COPY_INSIDE = re.compile(r"\s+(?i:copy|copies)(?:\s+to)?\s+(?=[A-Z])")
# "Copy: Comrade Zalutsky", and a telegram's "COPY TAMBOV GUBKOM" without the colon
_COPY_LINE = re.compile(r"(?i:copy|copies|cc)\s*:\s*|(?i:copy|copies)(?:\s+to)?\s+(?=[A-Z])")
_ATTENTION = re.compile(r"(?:for\s+the\s+)?(?:attention|attn\.?)(?:\s+of)?\s*:?\s+(?=\S)", re.I)
_REFERENCE_LINE = re.compile(r"(?:No\.|№|Nr\.|Ref\.?|Outgoing No\.?)\s*\d[\w/.-]*\s*$", re.I)
_GREETING = re.compile(
    rf"(?:(?:my\s+)?(?:dear|esteemed|respected|honou?red)\b|{lx.TITLES}\s)", re.IGNORECASE
)


def _address_lines(lines: list[str]) -> list[str]:
    """The lines, with an address line and the lines that carry its words on in lower case
    joined into one ("Copy to the Chairman" / "of the Petrograd Section"): the newline becomes
    a space, so every offset stays where it was."""
    out: list[str] = []
    for raw in lines:
        line = raw.strip()
        if (
            out
            and line
            and line[0].islower()
            and not line.startswith("from ")
            and _opens_address(out[-1])
        ):
            out[-1] += " " + raw
        else:
            out.append(raw)
    return out


def _opens_address(raw: str) -> bool:
    line = raw.strip()
    if not line or line.endswith((".", "!", "?", ":")):
        return False
    return bool(lx.SALUTATION.match(line)) or line.lower().startswith(_ADDRESS_OPENERS)


# A finite verb or the author's "I": a sentence of the body, not a salutation, even when it
# begins as one does ("Comrade Petrova and Comrade Ivanova were expelled …").
_BODY_SENTENCE = re.compile(
    r"\b(?:I(?!\.)|was|were|is|are|has|have|had|been|will|shall|should|must|can|cannot|could|would|"
    r"did|does|am|asks|asked|writes|wrote|knows|knew|lives|lived|works|worked)\b"
)


# The small words a salutation or an address line holds besides names and bodies.
_SALUTATION_WORDS = frozenset(
    (
        *("and", "of", "the", "for", "to", "all", "other", "members", "member", "dear", "my"),
        *("comrade", "comrades", "at", "in", "on", "under", "with", "chairman", "chairwoman"),
        *("chair", "secretary", "head", "president", "deputy", "copy", "cc", "esteemed"),
        *("respected", "honoured", "honored", "much-respected", "sirs", "sir", "madam"),
    )
)


def _reads_as_body(sentence: str) -> bool:
    """A finite verb, or two words that no salutation holds ("Comrade Lev Sheinin sells flour
    on the side"): the first sentence of the body."""
    verbs = {v.lower() for v in _BODY_SENTENCE.findall(sentence)}
    addressed = re.match(r"(?:to|dear|my dear|copy)\b", sentence, re.I)
    if verbs and not (addressed and verbs <= {"works", "lives"}):
        # (but "To Com. K. Lukina, Proletary glass works": the works she is at)
        return True
    if addressed:
        return False  # "To the bureau of the cell of the railway depot": an address line
    lower = re.findall(r"(?<![\w.])[a-z][\w’'-]*", sentence)
    odd = [w for w in lower if w not in _SALUTATION_WORDS and w not in lx.ORG_WORDS]
    return len(odd) >= 2


def _first_sentence(line: str) -> str:
    """A line up to the end of its first sentence ("Dear Comrades! Allow me …" gives "Dear
    Comrades!"); a full stop after an initial does not end it."""
    # (nor does a title's: "Com. Petrunina was expelled …")
    return re.split(r"(?<=[a-z]{2}[.!?])(?<!\bCom\.)(?<!\bTov\.)\s+(?=[A-Z])", line, maxsplit=1)[0]


# A line that carries on a salutation written over several lines: a name, a body, or "and …".
_GOES_ON_NAME = (
    rf"(?:{lx.TITLES}\s+)?(?:[A-Z]\.\s?){{0,3}}[A-Z][\w’'-]+(?:\s+[A-Z][\w’'.-]+){{0,3}}"
)
# A line that carries a salutation on: "and the other members …", a name or a list of names
# ("Krasin, Vorovsky, Kerzhentsev,", "Litvinov, and others"), a body.
_SALUTATION_GOES_ON = re.compile(
    rf"^(?:and\b.*|{_GOES_ON_NAME}(?:\s*,\s*(?:and\s+)?{_GOES_ON_NAME})*"
    r"(?:\s*,?\s*and\s+others)?\s*[,;:]?|(?:the\s+)?(?:other\s+)?members\s+of\s+.*|"
    r".*\b(?:Committee|Commission|Bureau|Cell|Presidium|Collegium|Secretariat|Board)\b.*)$"
)

_OFFICE_WORDS = "chairman|chairwoman|chair|secretary|member|head|president|deputy"
_NAME_THEN_OFFICE_LINE = re.compile(
    rf"(?:{lx.TITLES}\s+)?(?:" + lx.INITIAL + r"\s?){0,3}[A-Z][\w’'-]+,\s+(?:the\s+)?"
    rf"(?i:{_OFFICE_WORDS})\b"
)
_NAME_AND_PATRONYMIC = re.compile(
    r"(?P<n>[A-Z][a-z]+\s+[A-Z][a-z]+(?:ovich|evich|ich|ovna|evna|ichna|inichna))\s*[!,]?"
)
# A line of places alone: "Moscow, Kremlin", "Petrograd, Smolny".
_PLACES_LINE = re.compile(
    r"(?:Moscow|Petrograd|Kremlin|Smolny|[A-Z][a-z]+)(?:,\s*(?:Kremlin|Smolny))+\.?"
)
_CLASSIFIED_LINE = re.compile(
    r"^(?:(?:Top|Strictly)\s+)?(?:Secret|Confidential|Personal|Urgent|Very urgent|Copy|Private)"
    r"(?:[.,]?\s*(?:and\s+)?(?:Secret|Confidential|Personal|Urgent|Private))*\s*[.!]?$"
    # how a letter of today went: "BY EMAIL AND FIRST-CLASS MAIL", "By hand"
    r"|^(?:sent\s+)?(?:by|via)\s+(?:e-?mail|post|(?:first|second)-class\s+(?:mail|post)|hand|"
    r"courier|fax|recorded\s+delivery|registered\s+(?:mail|post)|special\s+delivery)"
    r"(?:\s+(?:and|&)\s+[\w -]{2,30})?\s*\.?$",
    re.I,
)

_URGENT_FIRST = re.compile(r"(?:very\s+)?urgent[.!]?\s+(?=[A-Z])", re.I)

_KIND_LINE = re.compile(
    r"^(?:(?:urgent|secret|ciphered|coded)\s+)?(?:copy\s+of\s+(?:the\s+|a\s+)?)?"
    r"(?:telegram|telephone\s+message|telephonogram|"
    r"note|memorandum|statement|application|declaration|letter|by\s+direct\s+wire)"
    # "Copy of telegram sent 16 April 1921"
    r"(?:\s+No\.?\s*\d+)?(?:\s+(?:sent|dispatched|dated)\s+[^.]{1,40})?\s*[.:]?$",
    re.I,
)

_PLACE_THEN_DAY = re.compile(
    rf"[A-Z][\w.’'-]*(?:\s[A-Z][\w.’'-]*){{0,2}},\s*(?:the\s+)?(?:{lx.DAY_MONTH.pattern})",
    re.IGNORECASE,
)
_SUBJECT_LINE = re.compile(r"^(?:Re|Subject|Concerning|Regarding|In the matter of)\b\s*[:.]?", re.I)


# A telegram's address line without commas, after its town: the body, then the person, with
# or without "to" ("Central Control Commission to Solts", "Central Commission Purging Party
# Solts").
_TELEGRAM_TO = re.compile(
    rf"(?P<body>.*?\S)\s+(?P<to>(?:to\s+)?(?:{lx.TITLES}\s+)?(?:[A-Z]\.\s?)*[A-Z][\w’'-]+)"
    r"\s*[.!]?\s*$"
)


def _past_place(line: str) -> str | None:
    """A telegram heads its text with where and to whom it goes ("Moscow, Central Control
    Commission, to Comrade Ivanov."): the line after the place, when every part of it is a
    body or a "to" phrase; None when the line is anything else. A telegram in capitals writes
    the town without a comma ("MOSCOW CENTRAL CONTROL COMMISSION TO SOLTS")."""
    place = re.match(r"[A-Z][\w-]+,\s*", line)
    if place is None and (town := re.match(r"([A-Z][\w-]+)\s+", line)):
        rest = line[town.end() :]
        if _town(town.group(1)) and _bare_telegram_address(rest):
            return rest
        return None
    if place is None or len(line.split()) > 14:
        return None
    rest = line[place.end() :]
    parts = [p.strip() for p in re.split(r"[,;]", rest.rstrip(" .")) if p.strip()]
    bodies = 0
    for i, part in enumerate(parts):
        body = _names_body(part)
        bodies += bool(body)
        to_person = re.match(rf"to\s+(?:{lx.TITLES}\s+)?[A-Z]", part, re.I)
        # "Petrograd, Smolny, Gubernia Committee, …": a building or quarter of the town
        building = i < len(parts) - 1 and re.fullmatch(r"[A-Z][a-z-]+", part) is not None
        # "Moscow, Central Control Commission, Solts": the person at the body, last
        at_body = i == len(parts) - 1 and bodies and _SURNAME_ALONE.fullmatch(part) is not None
        if not (body or to_person or building or at_body) or len(part.split()) > 8:
            return None
    while (quarter := re.match(r"[A-Z][a-z-]+,\s*", rest)) and not _names_body(quarter.group(0)):
        rest = rest[quarter.end() :]
    return rest if parts else None


def _names_body(part: str) -> bool:
    """A word of a body in a telegram's address: "Committee", "Gubkontrolkom"."""
    return any(
        w.lower() in lx.ORG_WORDS or _CONTRACTED_BODY.fullmatch(w)
        for w in re.findall(r"[A-Za-z]+", part)
    )


_SURNAME_ALONE = re.compile(rf"(?:{lx.TITLES}\s+)?(?:{lx.INITIAL}\s?){{0,2}}[A-Z][a-z’'-]+")

_HANDED_LINE = re.compile(lx.FORM_STAMP, re.IGNORECASE)
_INLINE_TELEGRAM_TO = re.compile(
    # "Moscow, Central Control Commission, to Solts. Urgent. …"; "Ryazan Gubkom, Belokurov.
    # Decision …": the town, then the town's body (the town's name its first word)
    r"(?P<via>(?P<town>[A-Z][\w-]+)(?:,\s*|\s+(?=[A-Z][\w-]+,))"
    r"(?:[A-Z][\w-]+(?:\s+[A-Z][\w-]+){0,3},\s*){0,2})"
    r"(?:to\s+)?(?:" + lx.TITLES + r"\s+)?"
    r"(?P<to>(?:" + lx.INITIAL + r"\s?){0,3}[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?)\.\s+\S"
)


def _inline_address(m: re.Match[str]) -> bool:
    """A town the lists know, then at most two places or bodies, then a name."""
    words = [w for w in m.group("to").replace(".", ". ").split() if len(w.rstrip(".")) > 1]
    return _town(m.group("town")) and bool(words) and not any(lx.not_a_name(w) for w in words)


# A body of a town, gubernia or uyezd by its contracted name: "Gubproverkom", "Ukom", "Gorkom".
_LOCAL_BODY = re.compile(r"(?:gub|u(?:yezd)?kom\b|uproverkom|gorkom|raikom|volkom)", re.I)


_PARTY_TAG = re.compile(
    r"(?:of\s+)?(?:the\s+)?(?:R\.?\s?C\.?\s?P|R\.?\s?K\.?\s?P)\.?\s?(?:\(b\.?\)\.?)?"
)
_PLACE_NOUN = re.compile(
    r"\b(?:settlement|village|street|lane|station|quarter|sloboda|posad|embankment)\s*\.?$", re.I
)
_SURNAME_ENDING = re.compile(r"(?:[oe]v|[iy]n|oy|sky|sk[iy]y|[oe]va|[iy]na|aya)$")


def _town(word: str) -> bool:
    """A town's name, as the lists of words that are never names hold them: rarer in English
    than the common words those lists hold too ("Moscow", "Saratov"; not "The", "Dear")."""
    return word.lower() in lx.NOT_NAME_WORDS and casing.frequency(word.lower()) < casing.PLACE


def _telegram_names(ctx: _Ctx, out: Extraction, part: str, start: int, seen: set[str]) -> None:
    """ "Moscow Central Control Commission to Solts", "GPU Dzerzhinsky": a telegram's capitals
    carry no commas; the body and the person it goes to are read apart."""
    to = _TELEGRAM_TO.match(part) if _bare_telegram_address(part) else None
    if to is None:
        _salutation_names(ctx, out, part, start, seen)
        return
    if not re.search(rf"\b{_OFFICE}\b", to.group("body"), re.I):
        # "Kremlin Chairman All-Russia Central Executive Committee Kalinin": the body is his
        # office, not a second addressee
        _salutation_names(ctx, out, to.group("body"), start, seen)
    _salutation_names(ctx, out, to.group("to"), start + to.start("to"), seen)


def _bare_telegram_address(rest: str) -> bool:
    """ "Central Control Commission to Solts" after a telegram's town: a body and then a name
    that is no word of a body, in a short line without a sentence's punctuation."""
    to = _TELEGRAM_TO.match(rest)
    if to is None or len(rest.split()) > 10 or re.search(r"[,;:]|\.\s|\.$", rest.strip()):
        return False
    name = to.group("to").split()[-1].lower()
    return _is_body(to.group("body")) and name not in lx.ORG_WORDS and name not in _BODY_WORDS


_IN_TOWN_AT_END = re.compile(r"\s+in\s+[A-Z][a-z]+(?:-[A-Z][a-z]+)?$")


def _salutation_names(ctx: _Ctx, out: Extraction, line: str, start: int, seen: set[str]) -> None:
    body = re.sub(
        r"^(?:copy to|cc|to|my dear|dear|esteemed|respected|honou?red|much-respected)\b[:\s]*",
        "",
        line,
        flags=re.I,
    )
    body = re.sub(r"^(?:to|dear)\s+", "", body, flags=re.I)
    base = start + line.find(body) if body else start
    if (shown := re.search(r"\s*\(\s*for\s+(?P<b>[^()]+)\)\s*[,:!.]?\s*$", body)) and _is_body(
        shown.group("b")
    ):
        # "Comrade Molotov (for the Politbureau members)": the body it goes to as well
        _salutation_names(ctx, out, shown.group("b"), base + shown.start("b"), seen)
        body = body[: shown.start()]
    chunks = list(
        re.finditer(
            # not at the "and" of "Commission for Verifying and Purging the Party"
            r"[^,;&]+?(?=\s+(?:and|AND)\s+(?![A-Z][a-z]+ing\b)|\s*[,;&]|\s*[!:.]?\s*$"
            # "… of the party in Moscow to comrade Solts", "… Commission to the investigator
            # Comrade Sedykh": a body, then the man at it
            r"|\s+to\s+(?:the\s+)?(?:[a-z]+\s+){0,3}(?i:comrades?|com\.|tov\.)\s"
            # "To the All-Russian Elder comrade Kalinin", "To the Chairman of the Uyezd
            # Committee Comrade Petrov": the office or title, then the man who holds it
            r"|\s+(?=(?:Comrades?|comrade|Com\.|Tov\.)\s+[A-Z])"
            # "To Comrade Molotov for all Politbureau members"
            r"|\s+for\s+(?:all\s+|the\s+)*(?:[A-Z][\w.-]*\s+)?members\b)",
            body,
        )
    )
    after_office = False  # "Comrade Kirsanov, Chairman, Tambov …": the body is his office
    after_body = False
    after_person = False  # "To Comrade Shkiryatov, Central Control Commission": where he sits
    for n, chunk in enumerate(chunks):
        piece = chunk.group(0)
        cstart = base + chunk.start()
        comma_before = n > 0 and "," in body[chunks[n - 1].end() : chunk.start() + 1]
        if after_person and comma_before and _is_body(piece.strip(" !:.,")):
            # "To Com. K. Lukina, Proletary glass works, Borovichi Uyezd": where she is, to the
            # end of the line
            continue
        if after_person and comma_before and _WORKS_AT.search(piece):
            continue
        if after_person and comma_before and _NAME_AND_PATRONYMIC.fullmatch(piece.strip(" !:.,")):
            continue  # "Dear Comrade Kuibyshev, Valerian Vladimirovich,": the same man
        after_person = False
        stripped = re.sub(r"^\s*(?:and\s+|for\s+)?(?:to\s+)?", "", piece, flags=re.I)
        # "the investigator Comrade Sedykh": his office in lower case before the title
        stripped = re.sub(
            r"^(?:the\s+)?(?:[a-z][a-z-]*\s+){1,3}(?=(?:Comrades?|Com\.|Tov\.|comrade)\s)",
            "",
            stripped,
        )
        cstart += len(piece) - len(stripped)
        piece = stripped.rstrip(" !:.,")
        # "… comrade Kalinin Mikhail Ivanovich in Moscow": where the letter goes, not his name
        # (a body keeps it as its name: "Central Control Commission of the party in Moscow")
        if not _is_body(piece):
            piece = _IN_TOWN_AT_END.sub("", piece)
        if piece.startswith(("comrade ", "com. ", "tov. ")):
            piece = piece[0].upper() + piece[1:]  # "to comrade Solts", in an unschooled hand
        if re.search(r"\b[A-Z]\.\s?[A-Z]$", piece):
            # The full stop of an abbreviation ("the R.C.P.") or of an initial after a surname
            # ("Comrade Safonov S. I.") is part of it.
            piece += "."
        if re.fullmatch(rf"(?:{lx.TITLES}\s+)?{_OFFICE}", piece, re.I):
            # "Comrade Chairman,": an office greeted, no one named
            after_office = bool(seen)
            continue
        if seen and re.fullmatch(r"(?:[A-Z][a-z]+\s+)?[Mm]embers", piece):
            continue  # "Dear Board members," under the Board's address: the body greeted again
        if not piece or (piece.lower() in lx.NOT_NAME_WORDS and seen):
            continue  # "To the Central Commission for Purging the Party, Moscow": the town
        if re.search(r"[a-z]{5,}\.\s+[A-Z][a-z]", piece):
            continue  # "To be verified, urgently. If the hospital confirms it": sentences
        if seen and _WHERE_TO.search(piece) and not _is_body(piece):
            continue  # "To Comrade Gorin, Nikitskaya Street 22, c/o V. Zotova": where it goes
        if after_body and _PARTY_TAG.fullmatch(piece):
            continue  # "To the Central Control Commission, R.C.P.(b.)": the party it is of
        if (
            after_body
            and re.fullmatch(r"[A-Z][a-z][\w-]*", piece)
            # "To Tsaritsyn Gubkom, Lozovoy.": a surname, where the body is the sender's own
            and not (_SURNAME_ENDING.search(piece) and not _town(piece))
        ):
            continue  # "To the Uyezd Committee of the R.C.P., Yelets": a bare word is the town
        if _is_body(piece) and (
            after_office
            or (
                re.match(rf"(?:the\s+)?{_OFFICE}\s+of\b", piece, re.I)
                and any(_names_person(c.group(0)) for c in chunks[n + 1 :])
            )
        ):
            # "Chairman of the Kineshma Commission, Comrade Belyaev": the office of the person
            # it stands beside, not a second addressee
            after_office = False
            continue
        after_office = False
        after_body = _is_body(piece)
        office = re.match(
            r"^(?i:chairman|chairwoman|chair|secretary|member|head|president|deputy)\s+"
            r"(?=(?:[A-Z]\.\s?){0,3}[A-Z][a-z][\w’'-]*$)",
            piece,
        )
        if office:
            # "to Chairman Kuzovkin": an office before the name, as a telegram gives it
            cstart += office.end()
            piece = piece[office.end() :]
        elif (
            re.match(
                r"^(?:chairman|chairwoman|chair|secretary|member|head|president|deputy)\b",
                piece,
                re.I,
            )
            and seen
        ):
            continue  # an apposition: "Comrade Kuibyshev, Chairman of the …"
        if _is_body(piece):
            org = re.sub(r"^(?:the|all)\s+", "", piece, flags=re.I)
            ostart = cstart + piece.find(org)
            _add_addressee(ctx, out, ostart, ostart + len(org), seen, org=True)
            continue
        name = re.sub(rf"^{lx.TITLES}\s+", "", piece)
        nstart = cstart + piece.find(name)
        if not name or name.lower() in ("comrade", "comrades", "sir", "sirs", "madam"):
            continue
        if not re.match(r"^[A-ZА-Я]", name):
            continue
        mention = Mention(nstart, nstart + len(name), name, gender=gender_of(name))
        _claim(ctx, mention, "addressee")
        _add_addressee(ctx, out, nstart, nstart + len(name), seen, org=False)
        after_person = True


_OFFICE = rf"(?:{_OFFICE_WORDS})"
_WHERE_TO = re.compile(
    r"\b(?:Street|Lane|Prospect|Square|Embankment|Boulevard|flat|apartment|house)\b|\d"
    r"|^c/o\b|^care of\b",
    re.IGNORECASE,
)


# An endorsement that opens with where it sends the paper on: "Forwarded to the Moscow Gubernia
# Control Commission. The district committee supports …".
_FORWARDED_TO = re.compile(
    r"\s*(?:Forwarded|Sent\s+on|Passed\s+on|Referred|Transmitted|Sent)\s+to\s+" + _ORG_PHRASE
)


def _forwarded_to(ctx: _Ctx, out: Extraction, seen: set[str]) -> None:
    if forwarded := _FORWARDED_TO.match(ctx.text):
        _add_addressee(ctx, out, forwarded.start("org"), forwarded.end("org"), seen, org=True)


def _from_line_addressees(ctx: _Ctx, out: Extraction, seen: set[str]) -> None:
    """ "From M. F. Shkiryatov, Central Verification Commission, to the Simbirsk Gubernia
    Verification Commission." above a telegram: whom it goes to."""
    first_paragraph = ctx.text[: max(0, ctx.text.find("\n\n"))]
    for part, text in (("header", ctx.letter.header_text), ("text", first_paragraph)):
        for line in lx.FROM_LINE.finditer(text):
            if not line.group("to"):
                continue
            if part == "text":
                _salutation_names(ctx, out, line.group("to"), line.start("to"), seen)
            else:
                _header_addressee(ctx, out, line.group("to").strip(" ."), line.start("to"), seen)
            return


# Where a person is, after the name: "Proletary glass works", "the Putilov factory", "Borovichi
# Uyezd".
_WORKS_AT = re.compile(
    r"\b(?:works|factory|mill|plant|depot|mine|shop|yard|station|uyezd|gubernia|guberniya|"
    r"volost|district|province)\s*$",
    re.I,
)


def _names_person(piece: str) -> bool:
    """ "Comrade Belyaev", "A. A. Solts": a chunk of an address line that names a person."""
    piece = piece.strip(" ,;.!:")
    # (a catalogue's "Preobrazhensky, Yevgeny Alekseyevich")
    inverted = re.fullmatch(r"[A-Z][\w’'-]+,\s+(?P<given>[A-Z][a-z]+)(?:\s+[A-Z][a-z]+)?", piece)
    return (
        bool(re.match(rf"^(?:and\s+)?(?:{lx.TITLES}\s+|(?:[A-Z]\.\s?)+)[A-Z][a-z]", piece))
        or (inverted is not None and inverted.group("given").lower() in lx.GIVEN_NAMES)
    ) and not _is_body(piece)


_NUMBERED = re.compile(r"^\s*(?:No\.|№|Document|Doc\.)\s*\d{1,4}[a-z]?\s*[.:]\s*")

# The addressees in a title above the letter ("Letter to A. Petrov and the Members of the
# Orgbureau, 3 March 1920"): what follows "to", up to the date or a phrase that is no name.
_TITLE_TO = re.compile(
    # an HTML page's title may put the author first: "Zorin: Letter to Comrade Vlasov"
    r"^\s*(?:[A-Z][\w.’' -]{0,40}:\s+)?(?:(?:A|An|The)\s+)?(?:[\w’'-]+\s+){0,2}?"
    r"(?:Letters?|Notes?|Telegram|Message|Memorandum"
    r"|Reply|Instruction|Directive|Inquiry|Enquiry|Request|Telephonogram|Statement|Appeal"
    # (not "In reply to your letter of 9 December": what it answers)
    r"|Petition)\s+to\s+(?!(?:your|his|her|their|my|our|this|that)\b)(?P<to>.+)$",
    re.IGNORECASE,
)

_TITLE_TO_END = re.compile(
    r",?\s*(?:\(|\[)|,\s*(?=\d|(?:[A-Z][a-z]+\s+)?\d|not (?:earlier|later)|before|after|"
    r"prior|between|January|February|March|April|May|June|July|August|September|October|"
    r"November|December)|\s+(?:with|on|about|concerning|regarding|re|in connection|written|"
    r"dated|asking|requesting)\b",
    re.IGNORECASE,
)

_TITLE_JOIN = re.compile(
    r"\s*[,;]\s*(?:and\s+)?|\s+and\s+(?![A-Z][a-z]+ing\b)|\s*&\s*"
    # "to Comrade Molotov for the Politbureau members", not the "for" of a body's own name:
    # "the Central Commission for the Verification of Party Members", "… for Purging the Party"
    r"|\s+for\s+(?!(?:the\s+)?(?:verif|purg|review|check|examin|clean|inspect|struggle|combat|"
    r"re-?registration|registration|appeals?\b|party\s+affairs)\w*)",
    re.IGNORECASE,
)


# A collection's title, not one letter's: "Letters to the Central Commission for Verifying the
# Party, 1921–1922" names whom all its letters went to, not whom this one did.
_COLLECTION_TITLE = re.compile(
    r"^\W*(?:From:?\s+)?Letters\b.*\b1[89]\d\d\s*[-–—]\s*(?:1[89])?\d\d\b", re.I
)


_COPY_IN_HEADER = re.compile(
    r"^[ \t]*(?:copy|copies|cc)(?:\s+to)?\s*:\s*(?P<to>[^\n]+)", re.I | re.M
)


def _own_message_fields(letter: Letter) -> list[str]:
    """The "To:" and "Cc:" of a later message of a thread, its own lines (not the page's header,
    whose "To:" heads the first letter)."""
    prov = letter.provenance
    if not prov.is_mail:
        return []  # (an edition's "To:" line over its next document is in that one's text)
    return [prov.own(key) for key in prov.own_fields if key.lower() in ("to", "cc")]


def _header_addressees(ctx: _Ctx, out: Extraction, seen: set[str]) -> None:
    """Addressees named above the letter, where the archive kept them with its header: a
    title ("Note to Comrade Shkiryatov", "Letter to A. Petrov and the Members of the
    Orgbureau, 3 March 1920") or a "To:" line. The spans point into the header. A title that
    says what the note was written on ("Note on Sokolov's letter to the Orgbureau") names
    the other letter's addressee, not this one's."""
    letter = ctx.letter
    header = letter.header_text
    # a later message of a thread has its own "To:" and "Cc:" lines ("Cc: Dr Alan Mercer")
    own = _own_message_fields(letter)
    sources: list[tuple[str, int | None]] = [(v, None) for v in own]
    if "Heading" in letter.provenance.own_fields and (
        headed := _NAME_TO_NAME.fullmatch(_NUMBERED.sub("", letter.provenance.fields["Heading"]))
    ):
        # "No. 18" / "M. I. Kalinin to A. A. Solts" over "Comrade Solts,": the collection's
        # heading of this document names him with his initials
        _initials_from_heading(out, headed.group("to"))
        sources.append((headed.group("to"), None))
    if letter.index > 0 and out.get("addressees"):
        # the page's title and "To:" line head its first letter; this one names its own
        _header_sources(ctx, out, sources, seen)
        return
    # the page's title, or a Markdown page's heading over its fields ("# F. E. Dzerzhinsky to
    # A. A. Solts. With the statement of G. M. Bulatov")
    title = letter.provenance.title or next(
        (ln.strip() for ln in header.splitlines() if ln.strip()), ""
    )
    own_heading = not title and "Heading" in letter.provenance.own_fields
    if own_heading:
        # a collection's heading over this document: "No. 1. Anonymous letter to the Central
        # Control Commission", "M. I. Kalinin to A. A. Solts"
        title = _NUMBERED.sub("", letter.provenance.fields["Heading"])
    m = (
        # "F. E. Dzerzhinsky to A. A. Solts. With the statement of …": writer to addressee
        (
            _TITLE_TO.match(title)
            or _TITLE_FROM_TO.match(title)
            or _HEADING_FROM_TO.match(title)
            or (_NAME_TO_NAME.match(title) if letter.index == 0 or own_heading else None)
        )
        if title and not _COLLECTION_TITLE.search(title)
        else None
    )
    at = header.find(title) if title else -1
    if m is None and letter.index == 0:
        # a collection's numbered heading among the header's lines: "No. 1. Anonymous letter
        # to the Central Control Commission"
        for header_line in header.splitlines():
            numbered = _NUMBERED.match(header_line)
            rest = header_line[numbered.end() :] if numbered else ""
            titled = _TITLE_TO.match(rest) if rest else None
            if titled is not None:
                m, at, title = titled, header.find(rest), rest
                break
    if m:
        # A page title kept from the HTML head is not in the header text: no span then.
        to = m.group("to")
        stop = _TITLE_TO_END.search(to)
        sources.append(
            (to[: stop.start()] if stop else to, at + m.start("to") if at >= 0 else None)
        )
    for heading in _HEADING_TO.finditer(header):
        # "To P. A. Zalutsky", a heading of the page above its "Written:" line
        sources.append((heading.group("to"), heading.start("to")))
    for key, value in letter.provenance.fields.items():
        if key.lower() in ("to", "addressee"):
            line = re.search(rf"^[ \t]*{re.escape(key)}\s*:\s*", header, re.M)
            if line is not None and value not in own:
                sources.append((value, line.end()))
    if letter.provenance.fields.get("To") or letter.provenance.fields.get("to"):
        for copy in _COPY_IN_HEADER.finditer(header):
            # "To: …" above "Copy: Comrade Zinoviev, Petrograd": the copy goes to him as well
            # (an e-mail's "Cc: Marcus Feld <mfeld@…>": the name, not the address)
            named = without_address(copy.group("to"))
            sources.append((named, copy.start("to")))
    _header_sources(ctx, out, sources, seen)


def _header_sources(
    ctx: _Ctx, out: Extraction, sources: list[tuple[str, int | None]], seen: set[str]
) -> None:
    """Each name or body of the lines above the letter that name whom it is to."""
    for text, base in sources:
        at = 0
        after_office = False
        after_person = False  # "To: Comrade Zalutsky, Central Verification Commission"
        previous_sep = ""
        for sep in _joins(text):
            end = sep.start() if sep is not None else len(text)
            raw = text[at:end]
            # "To: Moscow, Central Control Commission R.C.P., to Comrade Solts"
            piece = re.sub(r"^(?:to|for)\s+(?=\S)", "", raw.strip(" .:;"), flags=re.I)
            if re.fullmatch(_OFFICE, piece, re.I):
                after_office = True  # "Comrade Kirsanov, Chairman, Tambov …": his office
                piece = ""
            elif after_person and re.match(rf"(?-i:[a-z])(?:{_OFFICE_WORDS})\b", piece, re.I):
                piece = ""  # "Preobrazhensky, Yevgeny Alekseyevich, secretary of the CC"
            elif (
                after_office or (after_person and "," in previous_sep and "and" not in previous_sep)
            ) and _is_body(piece):
                after_office = False
                piece = ""  # the body where the person just named works
            after_person = bool(piece) and _names_person(piece)
            previous_sep = sep.group(0) if sep is not None else ""
            if piece:
                pstart = None if base is None else base + at + raw.find(piece)
                _header_addressee(ctx, out, piece, pstart, seen)
            if sep is not None:
                at = sep.end()


def _joins(text: str) -> list[re.Match[str] | None]:
    """Where the names and bodies of a line naming addressees part ("A, B and C"; a catalogue's
    "Central Committee; Preobrazhensky, Yevgeny Alekseyevich"), then None for its end. A
    surname and the given name after its comma, as a catalogue inverts a name, stay one."""
    joins: list[re.Match[str] | None] = []
    at = 0
    for sep in _TITLE_JOIN.finditer(text):
        before, after = text[at : sep.start()].strip(), text[sep.end() :]
        first_after = re.match(r"[A-Z][a-z]+", after)
        if (
            sep.group(0).strip() == ","
            and re.fullmatch(r"[A-Z][\w’'-]+", before)
            and not lx.body_word(before)
            and first_after is not None
            and first_after.group(0).lower() in lx.GIVEN_NAMES
        ):
            continue  # "Preobrazhensky, Yevgeny Alekseyevich"
        joins.append(sep)
        at = sep.end()
    return [*joins, None]


def _header_addressee(
    ctx: _Ctx, out: Extraction, piece: str, start: int | None, seen: set[str]
) -> None:
    letter = ctx.letter

    def span_of(part: str) -> Span | None:
        if start is None:
            return None
        at = start + piece.find(part)
        return letter.span("header", at, at + len(part))

    if _is_body(piece, title=True):
        org = re.sub(r"^(?:the|all)\s+", "", piece, flags=re.I)
        key = re.sub(r"\W+", " ", org.lower()).strip()
        bare = _body_stems(key) - {"membe", "all"}
        for item in out.get("addressees"):
            have = _body_stems(re.sub(r"\W+", " ", item.value.lower())) - {"membe", "all"}
            if item.person is None and (bare <= have or have <= bare):
                return
        seen.add(key)
        out.add("addressees", Item(org, span_of(org), None, {"kind": "body"}))
        return
    name = re.sub(rf"^{lx.TITLES}\s+", "", piece).strip()
    if not name or not re.match(r"^[A-ZА-Я]", name) or lx.DATE.search(name):
        return
    if len(name.split()) > 5 or re.search(r"['’]s\b", name):
        return
    plain = [w for w in name.replace(".", ". ").split() if len(w.rstrip(".")) > 1]
    if not plain or any(w.lower() in lx.NOT_NAME_WORDS for w in plain):
        return
    if _named_already(out, name):
        return
    for item in out.get("addressees"):
        if item.person is not None and _forenames_of(item.value, name):
            # "Dear Pyotr Antonovich," under "To P. A. Zalutsky": one person, named in full
            item.value = item.person.name = f"{item.value} {name.split()[-1]}"
            return
    span = span_of(name)
    _claim(ctx, Mention(0, 0, name, gender=gender_of(name)), "addressee")
    ref = PersonRef(name=name, span=span, gender=gender_of(name))
    out.add("addressees", Item(name, span, ref, {"kind": "person"}))


# An editor's note naming whom a letter without a salutation answered: "This document is the
# reply to a telegram from V. N. Kayurin", "written in answer to Petrov's letter".
_REPLY_TO = re.compile(
    r"\b(?:reply|answer|response)\s+to\s+(?:(?:a|an|the)\s+)?(?:\w+\s+){0,2}?"
    r"(?:telegram|letter|note|inquiry|enquiry|request|statement|message|report)s?\s+"
    rf"(?:from|of|by)\s+(?:{lx.TITLES}\s+)?"
    r"(?P<n>(?:[A-Z]\.\s?){0,3}[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?)"
    r"|\b(?:reply|answer|response)\s+to\s+"
    r"(?P<p>(?:[A-Z]\.\s?){0,3}[A-Z][\w’'-]+)['’]s\s+(?:\w+\s+)?(?:telegram|letter|note|inquiry)"
)


def _footnote_addressee(ctx: _Ctx, out: Extraction) -> None:
    letter = ctx.letter
    for note in letter.notes:
        m = _REPLY_TO.search(letter.notes_text, note.span.start, note.span.end)
        if m is None:
            continue
        group = "n" if m.group("n") else "p"
        name = m.group(group)
        if any(w.lower() in lx.NOT_NAME_WORDS for w in name.split() if len(w) > 2):
            continue
        span = letter.span("notes", m.start(group), m.end(group))
        _claim(ctx, Mention(0, 0, name, gender=gender_of(name)), "addressee")
        ref = PersonRef(name=name, span=span, gender=gender_of(name))
        out.add("addressees", Item(name, span, ref, {"kind": "person"}))
        return


# Words that make an addressee a body though no organisation word is in it.
# (and a telegram's bodies by their letters: "CCC RCP")
_BODY_WORDS = (
    frozenset(("orgbureau", "politbureau", "politburo", "orgburo", "members", "cc"))
    | lx.BODY_LETTERS
)

_BODY_ABBREVIATION = re.compile(
    r"\b(?:C\.\s?C\.(?:\s?C\.)?|R\.C\.P\.(?:\s?\(B\.\))?|C\.P\.C\.|C\.L\.D\.|C\.E\.C\.|CC)(?!\w)"
)


# A local body by its contracted name, one word: "Gubkontrolkom", "Ukom", "Volispolkom".
_CONTRACTED_BODY = re.compile(
    r"(?:gub|u|uyezd|gor|rai|vol|obl|tsentr|centr|sovnar|rev)[a-z]*kom", re.I
)


def _is_body(piece: str, *, title: bool = False) -> bool:
    """ "the Uyezd Committee", "Members of the C.C.", "the Orgbureau": a body, not a person.
    In a title, "the Finnish Comrades" is a body too."""
    words = {w.lower() for w in re.findall(r"[A-Za-z]+", piece)}
    return bool(
        words & lx.ORG_WORDS
        or words & _BODY_WORDS
        or any(_CONTRACTED_BODY.fullmatch(w) for w in words)
        or _BODY_ABBREVIATION.search(piece)
        or (title and "comrades" in words)
    )


def _body_stems(key: str) -> set[str]:
    """A body's name as the stems of its words ("verification", "verifying" → "verif")."""
    return {w[:5] for w in key.split()} - {"the", "of", "for", "to"}


def _add_addressee(
    ctx: _Ctx, out: Extraction, start: int, end: int, seen: set[str], *, org: bool
) -> None:
    value = " ".join(ctx.text[start:end].split())  # an address carried over two lines: one
    key = re.sub(r"\W+", " ", value.lower()).strip()
    if key in seen:
        return
    if org and any(_body_stems(key) <= _body_stems(k) for k in seen):
        # "the Central Commission" again, after "the Central Commission for Purging …"; "the
        # Gubernia Verification Commission" after "the Gubernia Commission for Verifying …"
        return
    if not org and (
        any(_forenames_of(value, i.value) for i in out.get("addressees") if i.person)
        or _named_already(out, value)
    ):
        # "Dear Comrade Safonov" under "To Comrade Safonov S. I.", "Dear Aron Aleksandrovich"
        # under "[Letter of … to A. A. Solts]"
        return
    seen.add(key)
    span = ctx.letter.span("text", start, end)
    person = None if org else PersonRef(name=value, span=span, gender=gender_of(value))
    out.add("addressees", Item(value, span, person, {"kind": "body" if org else "person"}))


_HEADING_TO = re.compile(
    r"^[ \t]*To\s+(?:Comrades?\s+)?(?P<to>(?:[A-Z]\.\s?){1,3}[A-Z][\w’'-]+)[ \t]*$", re.M
)


def _named_already(out: Extraction, name: str) -> bool:
    """Whether a person addressee is `name` already. Where the addressee was called by given
    name and patronymic alone and `name` adds the surname ("Nadezhda Konstantinovna Krupskaya"
    in the title over "Dear Nadezhda Konstantinovna"), the addressee takes the full name, and
    any other form of it the letter gave ("Krupskaya") goes."""
    same = [i for i in out.get("addressees") if i.person and _same_person(name, i.value)]
    if not same:
        return False
    if any(_forenames_alone(i.value) for i in same) and not _forenames_alone(name):
        kept = same[0]
        assert kept.person is not None
        kept.value = kept.person.name = name
        for other in same[1:]:
            out.fields["addressees"].remove(other)
    return True


def _initials_from_heading(out: Extraction, named: str) -> None:
    """An addressee greeted by surname alone takes the initials the document's own heading
    gives him ("Comrade Solts," under "M. I. Kalinin to A. A. Solts")."""
    for name in re.split(r"\s+and\s+", named):
        for item in out.get("addressees"):
            if item.person and " " not in item.value and _same_person(name, item.value):
                item.value = item.person.name = name


def _forenames_alone(name: str) -> bool:
    """ "Nadezhda Konstantinovna": a given name and patronymic, no surname."""
    words = name.split()
    return (
        len(words) == 2
        and words[0].lower() in lx.GIVEN_NAMES
        and bool(lx.PATRONYMIC.match(words[1].lower()))
    )


def _forenames_of(forenames: str, name: str) -> bool:
    """Whether "Pyotr Antonovich" is the given name and patronymic of "P. A. Zalutsky"."""
    words = forenames.split()
    initials = [w[0] for w in name.split()[:-1] if w.endswith(".")]
    return (
        len(words) == 2
        and bool(lx.PATRONYMIC.match(words[1]))
        and [w[0] for w in words] == initials
    )


def _same_person(a: str, b: str) -> bool:
    """ "Solts" and "Comrade Solts"; "A. A. Solts" and "Aron Aleksandrovich Solts" (the
    initials are the first letters of the names written out)."""
    ka, kb = set(name_forms.fold(a).split()), set(name_forms.fold(b).split())
    if ka and kb and (ka <= kb or kb <= ka):
        return True
    wa, wb = name_forms.words(a), name_forms.words(b)
    if not wa or not wb or name_forms.fold(wa[-1]) != name_forms.fold(wb[-1]):
        return False
    first_a, first_b = [w[0].lower() for w in wa[:-1]], [w[0].lower() for w in wb[:-1]]
    return bool(first_a and first_b and first_a == first_b)
