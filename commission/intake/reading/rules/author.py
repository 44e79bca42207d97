"""Who wrote a letter: the name signed at its foot (after a valediction, a role, or beside a
date), else "I, Name," in the text, else the archive header.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from commission.intake.reading import casing
from commission.intake.reading import lexicon as lx
from commission.intake.reading.mentions import Mention, gender_of
from commission.intake.reading.model import Extraction, Item, Letter, PersonRef
from commission.intake.reading.rules.addressees import _BODY_ABBREVIATION, _is_body
from commission.intake.reading.rules.contacts import CONTACT_PHONE
from commission.intake.reading.rules.context import (
    OFFICE_OF_BODY_SIGNED,
    SCRIBE_LINE,
    _Ctx,
    _ref,
    last_lines,
)
from commission.intake.reading.rules.people import _claim

_VALEDICTION = re.compile(
    r"^\s*(?:(?:with\s+)?(?:communist|comradely|fraternal|party|revolutionary|best|warm|"
    r"sincere|kind|red[\s-]army|proletarian|soviet)?\s*(?:greetings?|regards|salutes?)|yours(?:\s+(?:sincerely|faithfully|"
    r"truly|fraternally|respectfully|ever))?|sincerely(?:\s+yours)?|respectfully(?:\s+yours)?|"
    r"fraternally|faithfully|with respect|with (?:deep |great )?respect|signed|\(signed\)|"
    r"\[signed\]|signature|ever yours|your(?:\s+(?:devoted|faithful|loving|old))?"
    # an e-mail's "Best,", "All the best,", "Thanks,", "Cheers,"
    r"|(?:all\s+the\s+)?best(?:\s+wishes)?(?=\s*,)|thanks(?=\s*,)|many\s+thanks|cheers(?=\s*,))(?!\w)"
    r"[\s,.:;—–-]*",
    re.IGNORECASE,
)

# A signer's standing in a project or society of today, on its own line under the name.
_PROJECT_ROLE = re.compile(
    r"\s*(?:(?:core|lead|senior|junior)\s+)?(?:contributor|maintainer|moderator|reviewer|"
    r"developer|volunteer|committer)s?\s*,",
    re.IGNORECASE,
)

_ROLE_CHUNK = re.compile(
    r"^\s*(?:member|candidate|secretary|chairman|chairwoman|chair|head|director|president|"
    r"manager|clerk|accountant|foreman|treasurer|"
    r"deputy|commissar|organiser|organizer|instructor|worker|party card|card|no\.|since|of the|"
    r"former|old|in|at|"
    # a rank or trade signed before the name: "Red Army man K. Abramov", "weaver Ye. Krylova"
    r"red army ?man|red armyman|soldier|sailor|teacher|weaver|fitter|turner|stoker|peasant)\b",
    re.IGNORECASE,
)

_ADDRESS_WORDS = re.compile(
    r"\b(?:Street|Prospect|Lane|Square|Embankment|Boulevard|Highway|flat|apartment|House of|"
    # where a worker lives: "Kemerovo mine, Barrack No 6, Kuzbas Colony"
    r"Barracks?|Hostel|Dormitory|Colony|"
    r"(?i:sloboda|ulitsa|pereulok))\b|(?<!card )(?<!ticket )\bNo\.\s*\d+\s*$"
    # "…, 4th line, house 9": a house's number
    r"|\b[Hh]ouse\s+(?:No\.\s*)?\d"
    r"|\b[A-Z][\w-]+\s+St\.\s*\d"
)

# The lines of a telegraph or telephone form that say who passed the message on or took it
# down, and when ("Transmitted 27.VIII.1921 at 21.15. Taken down by Shchetinina."): not its
# writer.
_HANDLING = re.compile(
    r"^\s*(?:transmitted|taken\s+down|received|handed\s+in|accepted|passed\s+on|dispatched|"
    r"sent\s+by\s+(?:telephone|telegraph)|"
    # "Correct copy: Secretary of the Ukom N. Gorbunova": who certified the copy
    r"(?:a\s+)?(?:correct|true|certified)\s+copy|copy\s+(?:correct|certified|verified))\b",
    re.IGNORECASE,
)

# "Chairman of the Bureau (signed) Lapshin": a copy's mark where the signature stood.
_SIGNED_MARK = re.compile(
    r"[(\[](?:signed|sgd\.?)[)\]]\s*(?P<n>(?:" + lx.INITIAL + r"\s?){0,3}[A-Z][\w’'-]+)\s*\.?\s*$",
    re.IGNORECASE,
)

_ROLE_COLON = re.compile(
    r"^\s*(?:(?:chairman|chairwoman|chair|secretary|members?|president|deputy|presiding"
    # a collective letter's signers by their standing: "Non-party: P. Malakhov, A. Dorofeeva"
    r"|non-?party|candidates?|sympathi[sz]ers)"
    r"(?:\s+of\s+[^:]{1,60})?"
    # a protocol signed by who questioned: "Questioned by: investigator of the Uyezd CC Sedykh"
    r"|(?:questioned|interrogated|examined)\s+by)\s*:\s*",
    re.IGNORECASE,
)


def _names_after_role(line: str, role: re.Match[str], offset: int) -> list[Mention]:
    if re.match(r"\s*(?:questioned|interrogated|examined)", role.group(0), re.I):
        # "Questioned by: investigator of the Uyezd CC  Sedykh": the name after the office
        trailing = _TRAILING_NAME.search(line, role.end()) or _SURNAME_AT_END.search(
            line, role.end()
        )
        if trailing is None or lx.not_a_name(trailing.group("n").split()[-1]):
            return []
        name = trailing.group("n")
        at = offset + trailing.start("n")
        return [Mention(at, at + len(name), name, gender=gender_of(name))]
    found = []
    for piece in re.finditer(r"[^,;]+", line[role.end() :]):
        name = re.sub(r"^\s*(?:and\s+)?(?:Comrades?\s+)?", "", piece.group(0)).strip().rstrip(".")
        words = [w for w in name.replace(".", ". ").split() if len(w.rstrip(".")) > 1]
        if not words or len(words) > 3 or any(lx.not_a_name(w) for w in words):
            return []
        if not _NAME_IN_LINE.fullmatch(name):
            return []
        at = offset + role.end() + piece.start() + piece.group(0).find(name)
        found.append(Mention(at, at + len(name), name, gender=gender_of(name)))
    return found


# "1. I. Dyakov, member since 1913": one of a list of signatories.
_ITEM_NUMBER = re.compile(r"\s*\d{1,2}[.)]\s+(?=\S)")

# "For the meeting", "On behalf of the cell bureau": a body's signatories follow.
_ON_BEHALF = re.compile(
    r"^\s*(?:for|on\s+behalf\s+of)\s+the\s+(?:[\w-]+\s+){0,3}?(?:meeting|cell|bureau|committee|"
    r"commission|collective|workers|presidium|board)\b[\s,:—–-]*",
    re.IGNORECASE,
)
# Surnames alone, two or more, perhaps without commas (a telegram's "RYBNIKOV GUSAROVA").
_SURNAMES_ONLY = re.compile(r"[A-Z][\w’'-]+(?:,?\s+[A-Z][\w’'-]+){1,4}")

_OFFICE_THEN_NAME = re.compile(
    # "For the Secretary — N. Veselova": a dash between the office and the name
    r"\b(?i:secretary|chairman|chairwoman|president|head|commissar)(?:\s+|\s*[—–-]\s*)(?P<n>(?:"
    + lx.INITIAL
    + r"\s?){0,3}[A-Z][\w’'-]+)\s*\.?\s*$"
)
# A signed name: initials and a surname, or a given name and a surname.
_SIGNED_NAME_WORDS = r"(?:" + lx.INITIAL + r"\s?){1,3}[A-Z][\w’'-]+|[A-Z][a-z]+\s+[A-Z][\w’'-]+"
_SURNAME_AT_END = re.compile(r"(?<![\w.])(?P<n>[A-Z][a-z][\w’'-]+)\s*\.?\s*$")
_TRAILING_NAME = re.compile(r"(?<![\w.])(?P<n>" + _SIGNED_NAME_WORDS + r")\s*$")

_NAME_IN_LINE = re.compile(
    r"(?:"
    + lx.INITIAL
    + r"\s?){0,3}[A-ZА-ЯЁ][\w’'-]+(?:\s+(?:"
    + lx.INITIAL
    + r"\s?)*[A-ZА-ЯЁ][\w’'-]+){0,3}"
    # initials after the surname: "Gromova E. N."
    r"(?:,?\s+(?:[A-ZА-Я]\.\s?){1,3}(?![\w’'-]))?"
    r"(?:\s*\([A-Z][\w’'. -]+\))?"
)

# Qualifications and honours signed after a name: "RGN", "MD", "PhD", "MBE".
_POSTNOMINALS = re.compile(rf"(?:,?\s+{lx.POSTNOMINAL})+$")

# A title signed before the name: "Dr. S. Goltsman", "Prof. A. Lurie".
_SIGNED_TITLE = re.compile(r"(?:Dr|Prof|Professor|Mr|Mrs)\.?\s+(?=(?:[A-Z]\.\s?)*[A-Z])")

_INITIALS_ONLY = re.compile(r"(?:" + lx.INITIAL + r"\s?){2,3}")
# A postscript's or a note's mark, which looks like initials: "P. S.", "N. B.", «Н. Б.».
_MARK = re.compile(r"\s*(?:P\.\s?P?\.?\s?S|N\.\s?B|Н\.\s?Б|П\.\s?С)\.?\s*$")


def _at_foot(text: str, end: int) -> bool:
    """Whether only a date, or nothing, follows the line ending at `end`: "A. M. / 20/I"."""
    rest = text[end:].strip()
    return not rest or (
        "\n" not in rest and bool(lx.DATE.fullmatch(rest) or lx.DAY_ROMAN_ANY.fullmatch(rest))
    )


# A signed name with the writer's address after it on the same line.
_NAME_THEN_ADDRESS = re.compile(r"\s*(?P<n>" + _SIGNED_NAME_WORDS + r"),\s+[A-Z]")

_NOTE_MARK_AT_END = re.compile(r"(?<=\w)\[\d{1,3}\]\s*$")


def _signature(letter: Letter, closing: list[tuple[int, int]]) -> list[Mention]:
    text = letter.text
    found: list[Mention] = []
    for start, end in closing:
        # "N. Krupskaya[1]": the marker of the edition's note on the signature is not the name's
        line = _NOTE_MARK_AT_END.sub("", text[start:end])
        offset = start
        m = _VALEDICTION.match(line)
        if m and m.end() > 0:
            offset += m.end()
            line = line[m.end() :]
        elif behalf := _ON_BEHALF.match(line):
            # "For the meeting Rybnikov, Gusarova": who signed for a body
            offset += behalf.end()
            line = line[behalf.end() :]
            names = _SURNAMES_ONLY.fullmatch(line.strip())
            if names is not None and not any(
                lx.not_a_name(w) or w.lower() in lx.GIVEN_NAMES
                for w in re.findall(r"[\w’'-]+", names.group(0))
            ):
                lead = len(line) - len(line.lstrip())
                for word in re.finditer(r"[A-Z][\w’'-]+", line.strip()):
                    s0 = offset + lead + word.start()
                    found.append(Mention(s0, s0 + len(word.group(0)), word.group(0)))
                break
        if (role := _ROLE_COLON.match(line)) and not _HANDLING.match(line):
            # "Chairman: Ryabov", "Members: Garin, Tolmacheva": the minutes' signers
            listed = _names_after_role(line, role, offset)
            if listed:
                found.extend(listed)
                continue
        if (item := _ITEM_NUMBER.match(line)) and not lx.DATE.match(line.strip()):
            offset += item.end()
            line = line[item.end() :]
        line_date = (
            lx.DATE.search(line)
            or lx.DAY_ROMAN.search(line)
            or lx.BOTH_STYLES_IN_WORDS.search(line)
        )
        if _ADDRESS_WORDS.search(line) or CONTACT_PHONE.search(line) or _HANDLING.match(line):
            addressed = _NAME_THEN_ADDRESS.match(line)
            if addressed is not None and not lx.not_a_name(addressed.group("n").split()[-1]):
                # "Y. Sorokin, Moscow, Malaya Bronnaya, 21, flat 9. 9 May 1923.": the name, then
                # where to answer
                s0 = offset + addressed.start("n")
                name = addressed.group("n")
                found.append(Mention(s0, s0 + len(name), name, gender=gender_of(name)))
                break
            continue
        if line_date:
            signed = _name_beside_date(line, line_date, offset)
            if signed is not None:
                found.append(signed)
                break
            continue
        if (apart := _NAME_SET_APART.search(line)) is not None and _signed_surname(
            apart.group("n")
        ):
            # "Chairman of the volost executive committee   Kapitonov", "Members   Chistyakov",
            # "Fitter of the mechanical shop, her brother-in-law   N. Kruglov": a signature
            # block's columns, the office on the left, the name set apart on the right
            s0 = offset + apart.start("n")
            name = apart.group("n")
            found.append(Mention(s0, s0 + len(name), name, gender=gender_of(name)))
            continue
        if _PROJECT_ROLE.match(line):
            continue  # "Contributor, Tessellate (tracker handle: priyar)": her role and where
        for chunk in re.finditer(r"[^,;]+", line):
            piece = chunk.group(0)
            if not piece.strip():
                continue
            if marked := _SIGNED_MARK.search(piece):
                name = marked.group("n")
                if not lx.not_a_name(name.split()[-1]):
                    s0 = offset + chunk.start() + marked.start("n")
                    found.append(Mention(s0, s0 + len(name), name, gender=gender_of(name)))
                    break
            # "For the secretary of the Krasnaya Presnya District Committee — Bely": the office's
            # body between, then the dash
            office = _OFFICE_THEN_NAME.search(piece) or OFFICE_OF_BODY_SIGNED.search(piece)
            if _ROLE_CHUNK.match(piece):
                # "Secretary P. Frolov", "Received by duty secretary L. Fotieva": a role, then
                # the signed name at the end of the line. A body's initials ("Secretary of the
                # C.C. V. Molotov") are not the name's.
                masked = _BODY_ABBREVIATION.sub(lambda a: " " * len(a.group(0)), piece)
                trailing = _TRAILING_NAME.search(masked)
                if trailing is None and office is None:
                    continue
            else:
                trailing = None
            if trailing is not None:
                lead_at = trailing.start("n")
                name = trailing.group("n")
                if " " in name and lx.body_word(name.split()[0]):
                    # "Secretary Balashov Ukom Gromov": the body's contracted name before his
                    lead_at += name.index(" ") + 1
                    name = name.split()[-1]
                if (
                    not any(
                        w.lower() in lx.NOT_NAME_WORDS
                        for w in name.replace(".", ". ").split()
                        if len(w.rstrip(".")) > 1
                    )
                    and name.split()[-1].lower() not in lx.ORG_WORDS
                ):
                    # "Red Army man of the 3rd Rifle Regiment": the body the office is of
                    s0 = offset + chunk.start() + lead_at
                    found.append(Mention(s0, s0 + len(name), name, gender=gender_of(name)))
                    break
                if office is None:
                    continue
            if office is not None:
                # "Uyezd Committee secretary Fomin", "Chairman   Khrenov": the body, the office,
                # the name (a surname alone, as minutes are signed)
                s0 = offset + chunk.start() + office.start("n")
                name = office.group("n")
                if lx.not_a_name(name.split()[-1]):
                    continue
                found.append(Mention(s0, s0 + len(name), name, gender=gender_of(name)))
                break
            lead = len(piece) - len(piece.lstrip(" —–-"))
            title = _SIGNED_TITLE.match(piece, lead)
            if title:
                lead = title.end()  # "Dr. S. Goltsman": the title is not part of the name
            initials = _INITIALS_ONLY.fullmatch(piece[lead:].rstrip())
            if initials and (
                (m and m.end() > 0)
                or (piece.strip() == line.strip() and _at_foot(text, end) and not _MARK.match(line))
            ):
                # "Yours, F. D.": a writer who signs with initials alone
                s = offset + chunk.start() + lead
                name = initials.group(0)
                found.append(Mention(s, s + len(name), name, gender="unknown"))
                break
            nm = _NAME_IN_LINE.match(piece[lead:])
            if not nm:
                continue
            # "Bernadette O'Rourke RGN": the letters after a name are no part of it
            name = _POSTNOMINALS.sub("", nm.group(0).strip())
            bare = re.sub(r"\s*\(.*\)$", "", name)
            words = [w for w in bare.replace(".", ". ").split() if w]
            plain = [w for w in words if len(w.rstrip(".")) > 1]
            if not plain or len(plain) > 4:
                continue
            if any(lx.not_a_name(w) for w in plain):
                continue
            # (what the signer is, in brackets after the name: "P. Chaplygina (his cousin)")
            rest = piece[lead + nm.end() :]
            if piece[lead:].strip() != name and not _ASIDE_ALONE.match(rest):
                continue  # a sentence fragment, not a signed name
            s = offset + chunk.start() + lead
            found.append(Mention(s, s + len(name), name, gender=gender_of(bare)))
            break
    return found


_ASIDE_ALONE = re.compile(r"\s*(?:\([^()]{1,40}\))?[\s.]*$")


# A name set apart at the end of a line by a run of spaces, words before it.
_NAME_SET_APART = re.compile(
    r"[a-z\w.,)]\s{3,}(?P<n>(?:" + lx.INITIAL + r"\s?){0,3}[A-Z][\w’'-]+)\s*$"
)


def _signed_surname(name: str) -> bool:
    """Initials and a surname, or a surname of the Russian pattern alone; not an office's word
    or a mark ("Stamp")."""
    words = name.replace(".", ". ").split()
    surname = words[-1]
    if lx.not_a_name(surname) or surname.lower() in lx.NOT_NAME_WORDS:
        return False
    return len(words) > 1 or bool(lx.SURNAME_SUFFIX.search(surname) and len(surname) > 4)


# The last sentence of a paragraph made of short comma-separated parts ending in a name.
_LAST_SENTENCE_NAME = re.compile(
    r"(?<=[.!?])\s+(?P<parts>(?:[^,.!?\n]{1,30},\s*){0,3})(?P<n>(?:"
    + lx.INITIAL
    + r"\s?){0,3}[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2})"
    # "… Dorokhov member Gubkontrolkom.": a telegram's signer with his office after the name
    r"(?:,?\s+(?:deputy\s+)?(?:member|chairman|secretary|head|president|instructor)\s+"
    r"(?:of\s+)?(?:the\s+)?[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,3})?"
    r"\.?(?:\[\d{1,3}\]|\d{1,2})?\s*$"
)


_PERSON_FIRST = re.compile(
    rf"^(?:{lx.TITLES}\s+)?(?P<n>(?:" + lx.INITIAL + r"\s?){0,3}[A-Z][\w’'-]+"
    r"(?:\s+[A-Z][\w’'-]+){0,2})"
)


_FORM_FIELD = re.compile(r"\s*[A-Z][\w ]{0,30}:\s+\S")


def _sender(ctx: _Ctx) -> PersonRef | None:
    """The person a "From" line above the message names (a body is no person)."""
    letter = ctx.letter
    # the address block: its first paragraphs, up to the first of running text
    top_end = 0
    for paragraph in re.finditer(r"[^\n](?:.|\n(?!\s*\n))*", ctx.text[:800]):
        if len(paragraph.group(0).split()) > 25 and not all(
            # (a form's lines of who and when: "Received: …" / "From: …" / "Taken down by: …")
            _FORM_FIELD.match(line)
            for line in paragraph.group(0).split("\n")
        ):
            break
        top_end = paragraph.end()
    top = ctx.text[:top_end]
    for part, text in (("header", letter.header_text), ("text", top)):
        if part == "header" and letter.provenance.own("From"):
            continue  # a later message of a thread, with its own "From:" line
        for line in lx.FROM_LINE.finditer(text):
            first = _sending_person(line.group("from"))
            words = first.split()
            said = (
                ":" in line.group(0)[:6]
                or line.group("to")
                or re.match(rf"(?:{lx.TITLES}\s+|{lx.INITIAL})", first)
                # "from Akulina Savelyevna Bortnikova, widow, of the village of Dubki"
                or (len(words) >= 2 and words[0].lower() in lx.GIVEN_NAMES)
                # "from Kolesnikova Agafya, soldier's widow": the surname first
                or (len(words) == 2 and words[1].lower() in lx.GIVEN_NAMES)
            )
            if not said:
                continue  # "From Marxists-en": a wiki's own line, not a sender
            person = _PERSON_FIRST.match(first)
            if person is None or _is_body(first):
                continue
            name = person.group("n")
            if any(lx.not_a_name(w) for w in name.replace(".", ". ").split() if len(w) > 2):
                continue
            at = line.start("from") + line.group("from").find(name)
            span = letter.span(part, at, at + len(name))  # type: ignore[arg-type]
            if part == "text":
                _claim(ctx, Mention(at, at + len(name), name, gender=gender_of(name)), "author")
            return PersonRef(name=name, span=span, gender=gender_of(name))
    return None


_PASSED_BY = re.compile(
    rf"\b(?:transmitted|sent|signed|dictated|passed|handed\s+in)\s+by\s+(?:{lx.TITLES}\s+)?"
    r"(?P<n>(?:" + lx.INITIAL + r"\s?){0,3}[A-Z][\w’'-]+)"
)


def _sending_person(value: str) -> str:
    """The part of a "From:" line that names the person: "From: Yegoryevsk, Ukom, transmitted
    by Comrade Dorokhov" is Dorokhov's message, not a man called Yegoryevsk (the town of the
    body after it); else its first part, without the standing the writer gives herself ("from
    the widow Agafya Kuzmina")."""
    if (passed := _PASSED_BY.search(value)) is not None:
        return passed.group("n")
    value = re.sub(rf"^(?:the\s+)?{_STANDING}\s+(?=[A-Z])", "", value)
    parts = [p.strip() for p in value.split(",")]
    if len(parts) > 1 and len(parts[0].split()) == 1 and _is_body(parts[1]):
        return parts[1]  # the town's body: no person (a body is left out)
    return parts[0]


def _signed_in_last_sentence(text: str) -> Mention | None:
    """The writer of a telegram or resolution printed as one paragraph, named in its last
    sentence, after where it was sent from: "… Request your intervention. Kulebaki works,
    forge shop, Nikolai Poluboyarov.", "… and report to me. Lenin[1]" """
    m = _LAST_SENTENCE_NAME.search(text.rstrip())
    if m is None or "\n" in m.group(0).strip():
        return None
    line_start = text.rfind("\n", 0, m.start("n")) + 1
    if _HANDLING.match(text, line_start):
        return None  # "Taken down by: secretary L. Fotina": who took the message, not its writer
    name = m.group("n")
    words = [w for w in name.replace(".", ". ").split() if len(w.rstrip(".")) > 1]
    if not words or any(lx.not_a_name(w) for w in words):
        return None
    parts = m.group("parts")
    if (parts and len(words) < 2) or any(len(p.split()) > 4 for p in parts.split(",")):
        return None
    if not parts and casing.frequency(words[-1].lower()) >= casing.PLACE:
        return None  # "… and report to me. Thanks": an ordinary word, not a name
    return Mention(m.start("n"), m.end("n"), name, gender=gender_of(name))


def _word_no_name(name: str) -> bool:
    """Whether a word of `name` (initials aside) is a word no name is made of."""
    return any(lx.not_a_name(w) for w in name.split() if len(w.rstrip(".")) > 1)


def _place_words(core: str) -> bool:
    """Words before a comma and a date that name a place, not a signer: one word, or words
    with neither an initial nor a given name ("Novaya Ladoga", "Nizhni Novgorod")."""
    words = core.split()
    if len(words) == 1:
        return True
    return not any(lx.is_initial(w) or w.lower() in lx.GIVEN_NAMES for w in words)


# A trade in lower case after a signed name: ", boiler-maker", ", weaver of the third shed".
_TRADE_AFTER = re.compile(r",\s*[a-z][a-z-]+(?:\s+[a-z][a-z-]+){0,4}\s*$")

_OFFICE_AFTER = re.compile(
    r",\s*(?:the\s+)?(?:deputy\s+)?(?:secretary|chairman|chairwoman|member|head|president|editor|"
    r"commissar|instructor|organi[sz]er)\b[^,;]*$",
    re.IGNORECASE,
)


_OLD_STYLE_BEFORE = re.compile(r"\s\d{1,2}\s?[./]\s?(?:[IVX]{1,4}|\d{1,2})\.?(?:\d{2,4})?\s*/\s*$")
_AFTER_DASH = re.compile(r"\s[—–-]\s+(?P<n>[^—–\s][^—–]*)$")


def _name_beside_date(line: str, date: re.Match[str], offset: int) -> Mention | None:
    """A name signed on the date line: "2/II. V. Petrenko", "Ivanov 30.XII.1921". A single
    word before the date and a comma ("Kozlov, 2 January 1922") is where it was written."""
    after = line[date.end() :]
    # "V. Kuibyshev. 23.I/5.II.1918": the Old Style's day and month before the New
    before = _OLD_STYLE_BEFORE.sub("", line[: date.start()])
    time = lx.TIME.match(after.lstrip(" ,;"))
    if time:
        after = after.lstrip(" ,;")[time.end() :]
    for piece, base in ((after, date.end()), (before, 0)):
        ahead = base == 0  # the words before the date
        # "4/XI-21    Ilya Drozdov, secretary of the uyezd committee": the office after the name
        piece = _OFFICE_AFTER.sub("", piece)
        if ahead and piece != before:
            # "A. Blinov, boiler-maker, member of the R.C.P. since 1919. 2 December 1921.": the
            # trade before the office
            piece = _TRADE_AFTER.sub("", piece)
        core = piece.strip(" .,;:—–-\t")
        if not core or not re.match(r"[A-ZА-ЯЁ]", core):
            continue
        spaced = re.match(r"(?P<name>\S.*?)(?:\s{3,}|\t)(?P<place>\S.*)$", core)
        if ahead and spaced and _place_words(spaced.group("place")):
            # "K. P.    Nizhny Novgorod, 16.X.1921": the signer, set apart, then the place
            # "S. P. Ryabov, member of the R.C.P. since 1912        Kursk, 5.XI.1921"
            signer = _OFFICE_AFTER.sub("", spaced.group("name")).strip()
            named = _NAME_IN_LINE.fullmatch(signer) and not _word_no_name(signer)
            if _INITIALS_ONLY.fullmatch(signer) or named:
                start = offset + base + piece.find(signer)
                return Mention(start, start + len(signer), signer, gender=gender_of(signer))
        if ahead and piece.rstrip().endswith(",") and _place_words(core):
            continue  # a place: "Kozlov, 2 January 1922", "Novaya Ladoga, 16.XII.1921"
        if ahead and piece.rstrip().endswith(":"):
            continue  # a form's label: "Date:   4 November 2024", "Дата: 3.III.1921"
        nm = _NAME_IN_LINE.fullmatch(core)
        if nm is None and (signed := _AFTER_DASH.search(core)) is not None:
            # "Member of the R.C.P. since 1898 — M. Kalinin. 18/VI-24.": what the signer is,
            # a dash, the name
            core = signed.group("n")
            nm = _NAME_IN_LINE.fullmatch(core)
        if nm is None:
            continue
        bare = re.sub(r"\s*\(.*\)$", "", core)
        words = [w for w in bare.replace(".", ". ").split() if len(w.rstrip(".")) > 1]
        if not words or len(words) > 4:
            continue
        if any(lx.not_a_name(w) for w in words):
            continue
        start = offset + base + piece.find(core)
        return Mention(start, start + len(core), core, gender=gender_of(bare))
    return None


# The writer naming themselves in the text: "This is K. Mezentsev writing", "My name is …".
_INTRODUCED = re.compile(
    r"\b(?:[Tt]his is|[Mm]y name is|I,)\s+(?:Comrade\s+)?(?P<n>(?:"
    + lx.INITIAL
    + r"\s?){0,3}[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2})(?=\s+writing\b|,)"
)


# A name the page's header gives with its initials: "To A. A. Solts", "V. V. KUIBYSHEV".
_HEADER_NAME = re.compile(r"\b(?:[A-ZА-ЯЁ]\.\s?){1,2}[A-ZА-ЯЁ][\w’'-]+")


def _initials_of(name: str, initials: str) -> bool:
    """Whether `initials` ("V. K.", "A. A. S.") are those of `name` ("V. V. Kuibyshev"): all
    its first letters, or its given name's and surname's."""
    signed = [w[0].upper() for w in initials.replace(".", " ").split()]
    words = [w for w in name.replace(".", " ").split() if w[:1].isalpha()]
    if len(words) < 2:
        return False
    letters = [w[0].upper() for w in words]
    return signed in (letters, [letters[0], letters[-1]])


def _fuller_than_initials(ctx: _Ctx, signed: Mention) -> Mention:
    """ "Your K. M." under a letter that began "This is K. Mezentsev writing": the name the
    initials stand for."""
    initials = [w[0] for w in signed.text.replace(".", " ").split()]
    for m in _INTRODUCED.finditer(ctx.text):
        name = m.group("n")
        words = [w for w in name.replace(".", ". ").split() if w]
        if any(lx.not_a_name(w) for w in words if len(w.rstrip(".")) > 1):
            continue
        if [w[0] for w in words] == initials:
            return Mention(m.start("n"), m.end("n"), name, gender=gender_of(name))
    return signed


# A body's name signed alone under its letter: "Belyov Ukom R.C.P.", "The Bureau of the Cell".
_BODY_WORD = r"(?:[A-Z][\w.()’'-]*|of|the|and)"
_BODY_SIGNED = re.compile(rf"{_BODY_WORD}(?:\s+{_BODY_WORD}){{0,7}}")


def _signed_by_body(text: str, closing: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
    """Where a body's name stands as the signature, when no person signs the letter."""
    for start, end in reversed(closing):
        line = text[start:end].strip().rstrip(",")
        if not line:
            continue
        if _BODY_SIGNED.fullmatch(line) and _is_body(line) and not line.lower().startswith("to "):
            at = text.find(line, start)
            if initials := _INITIALS_SIGNED.search(line):
                # "Chairman of the Commission Ye. K.": the office's holder signs by initials
                return at + initials.start(1), at + initials.end(1)
            return at, at + len(line)
        if lx.DATE.search(line) or lx.DAY_ROMAN.search(line) or _HANDLING.match(line):
            continue  # the date or the form's lines under the body's name
        return None
    return None


# Initials alone at the end of an office's line: "Chairman of the Commission Ye. K."
# (two or three, spaced apart: not the party's "R.C.P.")
_INITIALS_SIGNED = re.compile(r"\s((?:" + lx.INITIAL + r"\s){1,2}" + lx.INITIAL + r")$")

# What a petitioner calls herself before her name: "from the widow Agafya Kuzmina", "for the
# illiterate peasant woman Marya Lykova".
_STANDING = (
    r"(?:(?:poor|old|soldier[’']?s|red\s+army(?:\s+man[’']?s)?)\s+)?"
    r"(?:widow|peasant(?:\s+woman)?|woman|worker|working\s+woman|citizen(?:ess)?|invalid)"
)

# A petition signed by another hand: "for Agrafena Kuzmina signed by the teacher S. Lykov",
# "M. Sukhova — being unlettered, for her signs her husband F. Sukhov".
_SIGNED_FOR = re.compile(
    # ("for the illiterate boiler-washer Matvei Borzov": a trade after the word)
    rf"\b(?i:for)\s+(?:the\s+)?(?:(?:illiterate|unlettered)\s+(?:[a-z][\w-]*\s+){{0,2}}?)?"
    rf"(?:{_STANDING}\s+)?"
    rf"(?P<n>{lx.PERSON_NAME})\s*,?\s+"
    # (", at her request,", "at her own asking and from her words")
    rf"(?:at\s+(?:her|his|their)\s+(?:own\s+|personal\s+)?(?:request|asking)\s*,?\s+)?"
    rf"(?:(?:and\s+)?(?:from|in)\s+(?:her|his|their)\s+words\s*,?\s+)?"
    rf"(?:signed|has\s+signed|written\s+down|wrote)\b"
    # "For Anisya Zotova, as she cannot write, her son-in-law Fyodor Kruglov has signed"
    rf"|\b(?i:for)\s+(?P<p>{lx.PERSON_NAME})\s*,\s*(?i:as|since|because|being)\b[^.\n]{{0,80}}?"
    rf"\b(?:signed|has\s+signed)\b"
    rf"|^\s*(?P<m>{lx.PERSON_NAME})\s*(?:[—–-]+|,)\s*(?:being\s+)?(?:illiterate|unlettered|"
    rf"unable\s+to\s+write)"
    # "Because of the illiteracy of Akulina Mokrousova and at her request, her neighbour …
    # has signed"
    rf"|\b(?i:because\s+of|owing\s+to|on\s+account\s+of)\s+(?:the\s+)?(?:illiteracy|"
    rf"blindness|illness)\s+of\s+(?:citizen\s+|the\s+widow\s+)?(?P<k>{lx.PERSON_NAME})\b"
    rf"(?=[^\n]{{0,120}}\bsigned\b)"
    # the old formula in English: "To this petition Avdotya Kholodova being illiterate at her
    # personal request signed the teacher …"
    rf"|\b(?i:to\s+this\s+(?:petition|statement|application|letter|request))\s+"
    rf"(?P<q>{lx.PERSON_NAME})\s*,?\s+(?i:being\s+)?(?i:illiterate|unlettered|unable\s+to\s+write)",
    re.MULTILINE,
)


def _signed_for(text: str) -> Mention | None:
    """The petitioner of a letter another hand signed for, in its last lines."""
    tail = max(0, len(text) - 400)
    for line in re.finditer(r"^[^\n]+", text[tail:], re.M):
        if (scribed := SCRIBE_LINE.match(line.group(0))) is not None:
            name = scribed.group("n")
            if not _word_no_name(name):
                at = tail + line.start() + scribed.start("n")
                return Mention(at, at + len(name), name, gender=gender_of(name))
    for found in _SIGNED_FOR.finditer(text, tail):
        group = next(g for g in ("n", "p", "m", "k", "q") if found.group(g))
        name = found.group(group)
        if _word_no_name(name):
            continue
        return Mention(found.start(group), found.end(group), name, gender=gender_of(name))
    return None


# A protocol's statement signed by the one who made it: "Recorded from my words correctly,
# read over by me. P. Lobov", "Taken down from my words and read to me — I. Sazonov".
_STATEMENT_SIGNED = re.compile(
    r"^[ \t]*(?i:(?:recorded|written(?:\s+down)?|taken\s+down|set\s+down)\s+(?:from|after)\s+"
    r"my\s+words)[^\n]{0,80}?(?:[.;:]|\s[—–-])\s*"
    rf"(?P<n>{lx.PERSON_NAME})\s*\.?\s*$",
    re.MULTILINE,
)


def _statement_signed(text: str) -> Mention | None:
    for found in _STATEMENT_SIGNED.finditer(text, max(0, len(text) - 600)):
        name = found.group("n")
        if not _word_no_name(name):
            return Mention(found.start("n"), found.end("n"), name, gender=gender_of(name))
    return None


# A telegram signed after its last words with "=": "… WIRE INSTRUCTIONS = SECRETARY UKOM
# KONDAKOV", "… by courier = Vorobyov".
_WIRED = re.compile(
    r"\s=+\s*(?:(?i:secretary|chairman|chairwoman|president|head|member|commissar|ukom|gubkom|"
    r"gubkontrolkom|uyezd|gubernia|committee|commission|of|the|cell|bureau|r\.c\.p\.)\s+)*"
    r"(?P<n>(?:" + lx.INITIAL + r"\s?){0,3}[A-Z][\w’'-]+)\s*\.?\s*$"
)


def _wired_signature(text: str) -> Mention | None:
    """The name after a telegram's closing "=", on one of its last three lines."""
    for start, end in last_lines(text, 3):
        found = _WIRED.search(text, start, end)
        if found is not None and not lx.not_a_name(found.group("n").split()[-1]):
            name = found.group("n")
            return Mention(found.start("n"), found.end("n"), name, gender=gender_of(name))
    return None


# A telegram's last line: the address to answer to, then the sender's surname ("SAMARA
# DVORYANSKAYA 62 NAUMOVA"); a house's number, not a year.
_ADDRESS_THEN_NAME = re.compile(
    r"^[ \t]*(?:[A-Z][\w-]+\s+){1,4}(?!1[89]\d\d\b)\d{1,4}[a-z]?(?:\s*[-/]\s*\d{1,4})?\s+"
    r"(?P<n>(?:" + lx.INITIAL + r"\s?){0,3}[A-Z][\w’'-]+)\s*\.?[ \t]*$"
)


_RECEIPT_STAMP = re.compile(
    r"\s*(?:\[?(?:stamp|штамп)\b|received\b|принят[ао]?\b|reg\.|вх\.)", re.IGNORECASE
)


def _addressed_signature(text: str) -> Mention | None:
    """The sender's name after the address a telegram gives on its last line (above the
    stamp of its receipt)."""
    for start, end in last_lines(text, 4):
        line = text[start:end]
        if not line.strip() or _RECEIPT_STAMP.match(line):
            continue
        found = _ADDRESS_THEN_NAME.match(line)
        if found is None or lx.not_a_name(found.group("n").split()[-1]):
            return None
        name = found.group("n")
        return Mention(
            start + found.start("n"), start + found.end("n"), name, gender=gender_of(name)
        )
    return None


def _author(
    ctx: _Ctx,
    out: Extraction,
    signature: list[Mention],
    closing: Sequence[tuple[int, int]],
) -> None:
    stated = _statement_signed(ctx.text)
    if stated is not None:
        # "Recorded from my words correctly, read over by me. P. Lobov": the one questioned
        # signs his statement (its "I" and "my" are his), beside the questioner
        signature = [m for m in signature if m.start != stated.start]
        ref = _ref(ctx.letter, "text", stated)
        out.add("author", Item(stated.text, ref.span, ref, {"how": "signature"}))
        _claim(ctx, stated, "author")
    _signer_or_writer(ctx, out, signature, closing)


def _signer_or_writer(
    ctx: _Ctx,
    out: Extraction,
    signature: list[Mention],
    closing: Sequence[tuple[int, int]],
) -> None:
    letter = ctx.letter
    if len(signature) == 1 and _INITIALS_ONLY.fullmatch(signature[0].text.strip()):
        signature = [_fuller_than_initials(ctx, signature[0])]
        named = [letter.provenance.header_author] + [
            m.group(0) for m in _HEADER_NAME.finditer(letter.header_text)
        ]
        header = next((n for n in named if n and _initials_of(n, signature[0].text)), "")
        if _INITIALS_ONLY.fullmatch(signature[0].text.strip()) and header:
            # "V. K." under a page headed "V. V. KUIBYSHEV": the writer the edition names, as
            # signed
            span = _ref(letter, "text", signature[0]).span
            ref = PersonRef(name=header, span=span, gender=gender_of(header))
            out.add("author", Item(signature[0].text, span, ref, {"how": "signature"}))
            _claim(ctx, signature[0], "author")
            return
    if (petitioner := _signed_for(ctx.text)) is not None:
        # "for Agrafena Kuzmina signed by the teacher S. Lykov": the petitioner wrote it; the
        # one who held the pen is named in the text, not its author
        line_end = ctx.text.find("\n", petitioner.end)
        line_end = len(ctx.text) if line_end < 0 else line_end
        signature = [m for m in signature if not petitioner.start <= m.start < line_end]
        if not any(m.text == petitioner.text for m in signature):
            signature.append(petitioner)
    if not signature and (wired := _wired_signature(ctx.text)) is not None:
        signature = [wired]
    if (
        not signature
        and any(lx.TELEGRAPH_LINE.match(line) for line in ctx.text.split("\n")[:4])
        and (addressed := _addressed_signature(ctx.text)) is not None
    ):
        signature = [addressed]
    for mention in signature:
        ref = _ref(letter, "text", mention)
        out.add("author", Item(mention.text, ref.span, ref, {"how": "signature"}))
        _claim(ctx, mention, "author")
    if signature:
        return
    m = re.search(r"\bI,\s+(?P<n>(?:[A-Z]\.\s?)*[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2}),", ctx.text)
    if m:
        mention = Mention(m.start("n"), m.end("n"), m.group("n"), gender=gender_of(m.group("n")))
        ref = _ref(letter, "text", mention)
        out.add("author", Item(mention.text, ref.span, ref, {"how": "self-introduction"}))
        _claim(ctx, mention, "author")
        return
    if (sender := _sender(ctx)) is not None:
        # "From: Comrade Yaroslavsky" above a telephone message, "From M. F. Shkiryatov,
        # Central Verification Commission, to the Simbirsk …" above a telegram
        out.add("author", Item(sender.name, sender.span, sender, {"how": "from line"}))
        return
    if (signed := _signed_in_last_sentence(ctx.text)) is not None:
        # "… Request your intervention. Kulebaki works, forge shop, Nikolai Poluboyarov.": a
        # telegram an edition printed as one paragraph ends with where it came from and who
        ref = _ref(letter, "text", signed)
        out.add("author", Item(signed.text, ref.span, ref, {"how": "signature"}))
        _claim(ctx, signed, "author")
        return
    if (body := _signed_by_body(ctx.text, closing)) is not None:
        # "Belyov Ukom R.C.P.": a body signs a telegram or a resolution; no person does
        span = letter.span("text", *body)
        out.add("author", Item(span.text, span, None, {"how": "signature"}))
        return
    for line in ctx.text.split("\n")[:3]:
        # "P. S. Ivanov to A. B. Petrov": the collection's heading kept above the salutation
        name = lx.heading_writer(line)
        if name:
            at = ctx.text.find(name)
            mention = Mention(at, at + len(name), name, gender=gender_of(name))
            ref = _ref(letter, "text", mention)
            out.add("author", Item(name, ref.span, ref, {"how": "archive header"}))
            _claim(ctx, mention, "author")
            return
    header = letter.provenance.header_author
    if header:
        start = letter.header_text.find(letter.header_text.strip().split("\n")[0].strip())
        raw_line = letter.header_text.strip().split("\n")[0]
        span = letter.span("header", start, start + len(raw_line.strip()))
        ref = PersonRef(name=header, span=span, gender=gender_of(header))
        out.add("author", Item(header, span, ref, {"how": "archive header"}))
