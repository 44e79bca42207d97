"""Letters written in capitals: telegrams ("WIRE URGENTLY GROUNDS FOR EXPULSION OF SEMYON
DUBROVIN STOP"), telegraph forms and typed headings. The English rules tell a name from a word by
its capital letter, so a line in capitals is read through a cased view of it: ordinary words in
lower case, names, places and bodies with a capital, abbreviations ("RCP", "CCC") as they are,
and the telegraph's "STOP" as a full stop. The view has the length of the text, character for
character, so every offset read from it points at the same words in the letter; the evidence a
clerk is shown is taken from the letter itself.

Whether a word is ordinary English is told by its frequency in written English (`wordfreq`, which
ships its word lists), so no list of telegram words is kept here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import fields, is_dataclass, replace
from functools import lru_cache
from typing import Any

from commission.intake.reading import lexicon as lx
from commission.intake.reading.model import Extraction, Item, Letter, PersonRef, Span
from commission.intake.reading.ru.lexicon import SOVIET_BODY

# A line counts as written in capitals when nearly all its letters are capitals and it holds a
# few words of them; a heading of one word ("TELEGRAM") is left as it is.
_CAPITALS_SHARE = 0.9
_MIN_CAPITAL_WORDS = 2
_WORD = re.compile(r"[A-Za-zА-Яа-яЁё][A-Za-zА-Яа-яЁё'’]*")
# The telegraph's full stop and comma, with the space before them: " STOP" becomes ".    ",
# " ТЧК" ".   ", " ЗПТ" ",   ", the same length.
_STOP = re.compile(r"\s+(?:STOP|ТЧК)(?![\w])")
_COMMA = re.compile(r"\s+ЗПТ(?![\w])")
# After these a word is a name ("ТОВ. СОЛЬЦУ", "COMRADE ORLOVA").
_TITLE_BEFORE = re.compile(
    r"(?<![\w])(?:тов|т|товарищ\w*|гр|comrades?|citizens?)\.?\s+$", re.IGNORECASE
)
_RUSSIAN_NAME_TAGS = frozenset({"Name", "Surn", "Patr"})
# Below this frequency (Zipf scale: 3 is once in a million words) a word is taken for a name or
# a place; a word of a Russian surname's shape ("STALIN", "ORLOVA") up to the higher bar, since
# some surnames are common words in English texts about Russia.
_RARE = 2.6
_RARE_SURNAME_SHAPE = 3.9
# Of the words that are never names, those rarer than this are towns and regions ("TAMBOV").
PLACE = 4.6
_ROMAN = re.compile(r"[IVX]{2,4}")
_ABBREVIATIONS = frozenset(w.replace(".", "") for w in lx.NOT_NAME_WORDS if "." in w) | (
    lx.BODY_LETTERS
)


def shouts(text: str) -> bool:
    """Whether any line of `text` is written in capitals."""
    return any(_in_capitals(line) for line in text.split("\n"))


def cased(text: str) -> str:
    """`text` with each line written in capitals cased as ordinary prose, same length. In a
    text with several such lines (a telegram), a line of one word in capitals ("STALIN") is
    cased too."""
    lines = text.split("\n")
    capital_lines = sum(_in_capitals(line) for line in lines)
    out = []
    going_on = False  # the line before ended mid-sentence: this one goes on with it
    for line in lines:
        if _in_capitals(line) or (capital_lines >= 2 and _in_capitals(line, words=1)):
            line = _address_names(_case_line(line, sentence_start=not going_on))
            going_on = len(line) >= 40 and _RUNS_ON.search(line) is not None
        else:
            going_on = False
        out.append(line)
    return "\n".join(out)


# A telegram's line of running text that breaks a sentence: it ends on a word or a comma
# ("… FYODOR ZAKHAROV CHAIRMAN" / "VOLOST EXECUTIVE, …"); its next line's first word is cased as
# any other. (An address line, shorter, ends on a word too.)
_RUNS_ON = re.compile(r"[\w,]\s*$")


# A Russian telegram's address: the town, then bodies and the person it goes to in the dative,
# up to the first full stop ("МОСКВА ЦКК СОЛЬЦУ КОПИЯ ЦЕКА РКП ТЧК …").
_DATIVE_END = re.compile(r"(?:у|ю|ому|ему)$")
# Soviet bodies and offices written as one word ("губпроверком", "предгубкома", "завгубоно").
_SOVIET_WORD = re.compile(
    r"(?<!с)ком|губ|уезд|исполк|провер|отдел|цека|чека|совнар|нарком|зав|пред"
)


def _address_names(line: str) -> str:
    """In a telegram's address line (cased, it begins with a town), a surname in the dative that
    no dictionary knows as a word ("сольцу", "крестинскому") gets its capital back."""
    words = list(_WORD.finditer(line))
    if len(words) < 2 or not _is_cyrillic(words[0].group(0)) or not russian_town(words[0].group(0)):
        return line
    out = list(line)
    for m in words[1:]:
        if "." in line[words[0].end() : m.start()]:
            break
        low = m.group(0).lower()
        dative = _DATIVE_END.search(low) and len(low) > 3 and not _SOVIET_WORD.search(low)
        if dative and _rare_or_surname(low):
            out[m.start()] = m.group(0)[0].upper()
    return "".join(out)


@lru_cache(maxsize=2000)
def russian_town(word: str) -> bool:
    """A town's name in the nominative ("Москва", "Челябинск"), by the dictionary."""
    from commission.registry.cyrillic import analyser

    parse = analyser().parse(word.lower())[0]
    return "Geox" in parse.tag.grammemes and parse.tag.case == "nomn"


@lru_cache(maxsize=20000)
def _rare_or_surname(low: str) -> bool:
    from wordfreq import zipf_frequency

    from commission.registry.cyrillic import analyser

    if zipf_frequency(low, "ru") < 3.0:
        return True
    return any({"Surn", "Name"} & set(p.tag.grammemes) for p in analyser().parse(low))


def read_cased(letter: Letter, extract: Any) -> Extraction:
    """Run `extract` on the letter's cased view when it has lines in capitals, and give every
    piece of evidence back its words as the letter writes them."""
    if not shouts(letter.text):
        return extract(letter)
    view = replace(letter, text=cased(letter.text), capitals=True, written=letter.text)
    out: Extraction = extract(view)
    for name, items in out.fields.items():
        for item in items:
            _restore(item, letter)
            if name == "addressees":
                _titled(item)  # a body's name; a request's kind stays the word it is
    return out


def _titled(item: Item) -> None:
    """A body read from capitals ("CENTRAL CONTROL COMMISSION") is named with a capital to
    each word, as the cased view's lower-case words would not: "Central Control Commission"."""
    span = item.span
    if not isinstance(item.value, str) or span is None or not span.text.isupper():
        return
    if item.value.lower() != span.text.lower():
        return
    item.value = " ".join(
        w if w.lower() in _ABBREVIATIONS or (len(w) <= 3 and w.isupper()) else w.capitalize()
        for w in span.text.split()
    )


def _in_capitals(line: str, *, words: int = _MIN_CAPITAL_WORDS) -> bool:
    letters = [c for c in line if c.isalpha()]
    if not letters:
        return False
    capital_words = [w for w in _WORD.findall(line) if len(w) > 2 and w.isupper()]
    upper = sum(c.isupper() for c in letters)
    return len(capital_words) >= words and upper >= _CAPITALS_SHARE * len(letters)


# After a Cyrillic letter and its point, another initial or a name: the letter is an initial.
_CYRILLIC_INITIAL_NEXT = re.compile(r"\s?[А-ЯЁ]")


def _case_line(line: str, *, sentence_start: bool = True) -> str:
    line = _STOP.sub(lambda m: "." + " " * (len(m.group(0)) - 1), line)
    line = _COMMA.sub(lambda m: "," + " " * (len(m.group(0)) - 1), line)
    out: list[str] = []
    pos = 0
    named = False  # the words just before were a name ("БАРАНОВА КОРШУНОВОЙ", "… И")
    for m in _WORD.finditer(line):
        gap = line[pos : m.start()]
        out.append(gap)
        if re.search(r"[.!?]", gap):
            sentence_start = True
        word = m.group(0)
        if named and word.upper() == "И" and gap.strip() == "":
            out.append(word.lower())
            pos = m.end()
            continue
        listed = named and gap.strip() == "" and not sentence_start
        named = False
        if listed and word.isupper() and _is_cyrillic(word) and _maybe_surname(word.lower()):
            # "ИСКЛЮЧЕНИЕ БАРАНОВА КОРШУНОВОЙ ХВОСТОВА": a word the dictionary reads as a common
            # one first ("хвостова", of a tail) is one more surname in the row
            out.append(word[0] + word[1:].lower())
            named = True
            pos = m.end()
            continue
        if (
            len(word) == 1
            and word.isupper()
            and line[m.end() : m.end() + 1] == "."
            and (not _is_cyrillic(word) or _CYRILLIC_INITIAL_NEXT.match(line, m.end() + 1))
        ):
            # an initial: "TO A. A. SOLTS", not the article "a"; "— А. А. СОЛЬЦУ", not "а"
            out.append(word)
        elif _TITLE_BEFORE.search("".join(out)[-16:]) and word.isupper() and len(word) > 1:
            out.append(word[0] + word[1:].lower())
        elif _MEMBERS_OF.search("".join(out)[-14:]) and SOVIET_BODY.match(word.lower()):
            # "ЧЛЕНЫ УКОМА ДЕГТЯРЕВ": the committee the signers sit on, though the dictionary
            # knows a town "Укома"
            out.append(word.lower())
        else:
            out.append(_case_word(word, sentence_start))
            named = (
                _is_cyrillic(word)
                and word.isupper()
                and not sentence_start
                and out[-1][1:2].islower()
                and out[-1][:1].isupper()
            )
        sentence_start = False
        pos = m.end()
    out.append(line[pos:])
    return "".join(out)


@lru_cache(maxsize=20000)
def _maybe_surname(low: str) -> bool:
    from commission.registry.cyrillic import analyser

    return any("Surn" in p.tag.grammemes for p in analyser().parse(low))


def _case_word(word: str, sentence_start: bool) -> str:
    if not word.isupper():
        return word
    low = word.lower()
    if _is_cyrillic(word):
        return _case_russian(word, low, sentence_start)
    if low == "i":
        return "I"
    if low in _ABBREVIATIONS or (len(word) <= 5 and not re.search(r"[AEIOUY]", word)):
        return word
    if _ROMAN.fullmatch(word):
        return word  # a month in Roman numerals: "23 II 22"
    if _is_name_like(low):
        return word[0] + low[1:]
    if sentence_start:
        return word[0] + low[1:]
    return low


def _is_cyrillic(word: str) -> bool:
    return "\u0400" <= word[0] <= "\u04ff"


def _case_russian(word: str, low: str, sentence_start: bool) -> str:
    """A Russian word in capitals: an abbreviation ("РКП", "ЦКК") as it is; a given name,
    patronymic, surname or town (by the morphological dictionary) with a capital; any other
    word in lower case, with a capital at the start of a sentence."""
    if len(word) <= 5 and not re.search(r"[АЕЁИОУЫЭЮЯ]", word):
        return word
    if _russian_name_like(low) or sentence_start:
        return word[0] + low[1:]
    return low


# Signers' office before the body they sit on: "ЧЛЕНЫ УКОМА", "СЕКРЕТАРЬ ГУБКОМА".
_MEMBERS_OF = re.compile(r"(?:члены|член|секретарь|председатель)\s+$", re.IGNORECASE)


@lru_cache(maxsize=20000)
def _russian_name_like(low: str) -> bool:
    from commission.registry.cyrillic import analyser

    for parse in analyser().parse(low):
        if parse.score < 0.2:
            continue
        grammemes = set(parse.tag.grammemes)
        if grammemes & _RUSSIAN_NAME_TAGS or ({"Geox", "NOUN"} <= grammemes):
            return True
    return False


@lru_cache(maxsize=20000)
def _is_name_like(low: str) -> bool:
    bare = low.strip("'’")
    if bare.endswith(("'s", "’s")):
        bare = bare[:-2]
    if bare in lx.GIVEN_NAMES or lx.PATRONYMIC.match(bare) or bare in lx.ORG_WORDS:
        return True
    common = frequency(bare)
    if bare in lx.NOT_NAME_WORDS:
        # Words that are never names: towns and regions keep their capital, common words lose it.
        return common < PLACE
    if lx.SURNAME_SUFFIX.search(bare) and len(bare) >= 4 and not bare.endswith("ts"):
        return common < _RARE_SURNAME_SHAPE
    return common < _RARE


def frequency(word: str) -> float:
    """How common `word` is in written English (Zipf scale)."""
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "en"))


def _restore(value: Any, letter: Letter) -> Any:
    """The same value with every span of the letter's text holding the letter's own words."""

    def own(span: Span) -> Span:
        if span.part != "text":
            return span
        return Span(span.part, span.start, span.end, letter.text[span.start : span.end])

    return map_spans(value, own)


def map_spans(value: Any, change: Callable[[Span], Span]) -> Any:
    """`value` (an item, a reference, a list or dict of them) with every span in it replaced by
    `change(span)`, in place where it can be. A reference held in two places (a subject's, and
    the "of" of its relative's tie) is changed once."""
    return _map_spans(value, change, set())


def _map_spans(value: Any, change: Callable[[Span], Span], done: set[int]) -> Any:
    if isinstance(value, Span):
        return change(value)
    if isinstance(value, list):
        value[:] = [_map_spans(v, change, done) for v in value]
        return value
    if isinstance(value, dict):
        for key in value:
            value[key] = _map_spans(value[key], change, done)
        return value
    if isinstance(value, (Item, PersonRef)) or (
        is_dataclass(value) and not isinstance(value, type)
    ):
        if id(value) in done:
            return value
        done.add(id(value))
        for f in fields(value):
            current = getattr(value, f.name)
            changed = _map_spans(current, change, done)
            if changed is not current:
                object.__setattr__(value, f.name, changed)
        return value
    return value
