"""Russian names written in Cyrillic, in any grammatical case, brought to the nominative.

A letter in Russian declines every name it uses: "прошу восстановить Каспарову-Попову", "с её
сестрой Верой", "Ивана Петровича Сидорова". Lookup and comparison need the nominative
("Каспарова-Попова", "Вера", "Иван Петрович Сидоров"), in the person's own gender, because the
registry keeps names that way. Given names and patronymics are read with the pymorphy3
dictionary; surnames with the dictionary and with the declension patterns of Russian surnames
(-ов/-ин, -ский, and the masculine consonant ending that declines like a noun: Сольц, Сольцу),
since most surnames are not in any dictionary. The words of one name must agree: they are read
together in one case and one gender, the case the context asks for first when it is known.

The analyser is loaded once per process, on first use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
_WORD = re.compile(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*|[A-Za-z]+|\S")


@cache
def analyser() -> Any:
    """The pymorphy3 analyser with its packaged Russian dictionary (about 0.1 s to load)."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


def is_cyrillic(text: str) -> bool:
    return bool(_CYRILLIC.search(text))


@cache
def not_name_words() -> frozenset[str]:
    """Titles, kin words, pronouns and prepositions that come with names, in dictionary form."""
    data = resources.files("commission.registry").joinpath("data/ru_not_name_words.txt")
    lines = data.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


@lru_cache(maxsize=20000)
def lemma(word: str) -> str:
    """The dictionary form of a Russian word ("сестрой" → "сестра")."""
    return str(analyser().parse(word.lower())[0].normal_form)


def name_only(text: str) -> str:
    """A query without the words around a name: "с её сестрой Верой" → "Верой"."""
    kept = [
        token
        for token in text.split()
        if not is_cyrillic(token)
        or (
            token.strip(".,;:!?()").lower() not in not_name_words()
            and lemma(token.strip(".,;:!?()")) not in not_name_words()
        )
    ]
    return " ".join(kept)


@dataclass(frozen=True)
class Reading:
    """One way to read a word of a name: its nominative, which part of a name, gender, case."""

    nominative: str
    part: str  # "given", "patronymic", "surname"
    gender: str  # "male" or "female"
    case: str  # one of CASES, or "any" for a word that does not decline
    score: float


_PART_TAGS = (("Name", "given"), ("Patr", "patronymic"), ("Surn", "surname"))
_GENDER = {"masc": "male", "femn": "female"}


# How Russian surnames decline: the stem's last letters, then the endings of the masculine and
# of the feminine form in the order of CASES (nominative first).
_DECLENSIONS = (
    *(
        (stem, ("", "а", "у", "а", "ым", "е"), ("а", "ой", "ой", "у", "ой", "ой"))
        for stem in ("ов", "ев", "ёв", "ин", "ын")
    ),
    *(
        (stem, ("ий", "ого", "ому", "ого", "им", "ом"), ("ая", "ой", "ой", "ую", "ой", "ой"))
        for stem in ("ск", "цк")
    ),
)
# Surnames that decline as adjectives in -ой (Бережной, Бережного, Бережному): read with
# less weight than the patterns above, and never after и or ы: "Лапшиной" is Лапшина's.
_ADJECTIVAL = (
    ("н", ("ой", "ого", "ому", "ого", "ым", "ом"), ("ая", "ой", "ой", "ую", "ой", "ой")),
)
# Surnames that never decline: Georgian -дзе/-швили/-ia, Ukrainian -ко, -ых/-их, -аго.
_INDECLINABLE = re.compile(r"(?:дзе|швили|ко|ых|их|аго|яго|ово|иа)$")
_CONSONANT = re.compile(r"[бвгджзклмнпрстфхцчшщ]$")
_NOUN_ENDINGS: dict[str, str] = {"gent": "а", "datv": "у", "accs": "а", "ablt": "ом", "loct": "е"}
_SOFT_ENDINGS: dict[str, str] = {"gent": "я", "datv": "ю", "accs": "я", "ablt": "ем", "loct": "е"}


def _surname_by_pattern(low: str) -> list[Reading]:
    if _INDECLINABLE.search(low):
        return [Reading(low, "surname", g, "any", 0.5) for g in ("male", "female")]
    found: list[Reading] = []
    patterns = [(d, 0.6) for d in _DECLENSIONS] + [(d, 0.45) for d in _ADJECTIVAL]
    for (stem_end, masculine, feminine), score in patterns:
        for gender, endings in (("male", masculine), ("female", feminine)):
            nominative = stem_end + endings[0]
            for case, ending in zip(CASES, endings, strict=True):
                form = stem_end + ending
                if low.endswith(form) and len(low) > len(form) + 1:
                    stem = low[: -len(form)]
                    if score < 0.6 and stem.endswith(("и", "ы")):
                        continue  # "Лапшиной" is Лапшина's, not a surname in -иной
                    found.append(Reading(stem + nominative, "surname", gender, case, score))
    if found:
        return found
    # A masculine surname ending in a consonant declines like a noun (Сольц, Сольца, Сольцу);
    # the feminine of such a surname does not decline at all.
    if _CONSONANT.search(low) or low.endswith("ь"):
        # A word ending like an oblique case ("Сольцем") is less likely a nominative.
        bare = 0.3 if re.search(r"(?:ом|ем|у|ю)$", low) else 0.4
        found += [Reading(low, "surname", "male", "nomn", bare)]
        found += [Reading(low, "surname", "female", "any", 0.3)]
    for noun_endings in (_NOUN_ENDINGS, _SOFT_ENDINGS):
        for case, ending in noun_endings.items():
            if low.endswith(ending) and len(low) > len(ending) + (0 if ending == "ие" else 2):
                stem = low[: -len(ending)]
                if noun_endings is _SOFT_ENDINGS:
                    if stem.endswith(("ц", "ж", "ш", "ч", "щ")):
                        continue
                    stem += "ь"
                elif case == "ablt" and stem.endswith(("ц", "ж", "ш", "ч", "щ")):
                    continue
                if stem.endswith(("ь", "ц", "м", "н", "р", "л", "д", "т", "с", "з", "к", "г", "х")):
                    found.append(Reading(stem, "surname", "male", case, 0.35))
    if low.endswith("ем") and len(low) > 4:  # Сольцем
        found.append(Reading(low[:-2], "surname", "male", "ablt", 0.35))
    return found


def _given_fallback(low: str) -> list[Reading]:
    """Feminine given names the dictionary reads as indeclinable foreign ones ("Анне") or
    misses in an oblique case: try the nominative in -а/-я and keep it if it is a name."""
    found = []
    for ending, nom_end, cases in (
        ("ие", "ия", ("datv", "loct")),  # "Лие Абрамовне": Лия
        ("е", "а", ("datv", "loct")),
        ("и", "я", ("gent", "datv", "loct")),
        ("ы", "а", ("gent",)),
        ("у", "а", ("accs",)),
        ("ю", "я", ("accs",)),
        ("ой", "а", ("ablt",)),
        ("ей", "я", ("ablt",)),
    ):
        if low.endswith(ending) and len(low) > len(ending) + (0 if ending == "ие" else 2):
            nom = low[: -len(ending)] + nom_end
            if any("Name" in p.tag and p.tag.case == "nomn" for p in analyser().parse(nom)):
                found += [Reading(nom, "given", "female", c, 0.9) for c in cases]
    return found


@lru_cache(maxsize=20000)
def word_readings(word: str) -> tuple[Reading, ...]:
    """Every reading of one word of a name, most likely first. Empty for a word that cannot
    be part of a name."""
    low = word.lower()
    if "-" in low:
        # A double surname: both halves in the same case and gender (Каспаровой-Поповой).
        halves = [word_readings(half) for half in low.split("-")]
        joined: list[Reading] = []
        for first in halves[0]:
            for second in halves[1]:
                if first.gender == second.gender and (
                    first.case == second.case or "any" in (first.case, second.case)
                ):
                    case = first.case if first.case != "any" else second.case
                    joined.append(
                        Reading(
                            f"{first.nominative}-{second.nominative}",
                            "surname",
                            first.gender,
                            case,
                            min(first.score, second.score),
                        )
                    )
        return tuple(sorted(set(joined), key=lambda r: -r.score))
    found: list[Reading] = []
    for parse in analyser().parse(low):
        tag = parse.tag
        part = next((p for t, p in _PART_TAGS if t in tag), None)
        genders = ["male", "female"] if "ms-f" in tag else [_GENDER.get(str(tag.gender), "")]
        if part is None or not genders[0] or tag.number == "plur":
            continue
        case = "any" if "Fixd" in tag else str(tag.case)
        if case in ("gen2", "acc2", "loc2"):
            case = {"gen2": "gent", "acc2": "accs", "loc2": "loct"}[case]
        if case == "voct":
            continue
        nominative = parse.inflect({"nomn", "sing"})
        if nominative is None:
            continue
        score = 0.6 + parse.score
        if case == "any" and part == "given":
            score -= 0.5  # "Анне" read as an indeclinable foreign name: the last resort
        found += [Reading(nominative.word, part, gender, case, score) for gender in genders]
    if not any(r.part == "given" and r.case != "any" for r in found):
        found += _given_fallback(low)
    if not any(r.part in ("given", "patronymic") for r in found) or not found:
        found += _surname_by_pattern(low)
    best: dict[tuple[str, str, str, str], Reading] = {}
    for reading in found:
        key = (reading.nominative, reading.part, reading.gender, reading.case)
        if key not in best or best[key].score < reading.score:
            best[key] = reading
    return tuple(sorted(best.values(), key=lambda r: -r.score))


@dataclass(frozen=True)
class NameReading:
    """A whole name read together: the nominative as it would be written, its gender, the
    case it was written in, and its parts."""

    text: str
    gender: str  # "male", "female" or "unknown"
    case: str
    given: str = ""
    patronymic: str = ""
    surname: str = ""


# A patronymic's case endings: "Саввичны", "Петровне", "Ильичом". Its nominative is its stem
# and the nominative ending; the dictionary reads a few rare ones as an informal form
# ("Саввичны" → "Саввишна").
_PATRONYMIC_CASES = re.compile(
    r"^(?P<stem>[а-яё]+(?:ичн|овн|евн))(?:ы|е|у|ой|ою)$"
    r"|^(?P<male>[а-яё]+(?:ович|евич|ич))(?:а|у|ем|ом|е)$",
    re.IGNORECASE,
)


def _patronymic_nominative(token: str) -> str:
    """The nominative of a patronymic in another case, by its ending ("" when the ending is
    not a case ending of one)."""
    m = _PATRONYMIC_CASES.match(token)
    if m is None:
        return ""
    return (m.group("stem") + "а" if m.group("stem") else m.group("male")).lower()


def _capitalised(word: str, like: str) -> str:
    if like.isupper() and len(like) > 1:
        return word.upper()
    return "-".join(part[:1].upper() + part[1:] for part in word.split("-"))


def inflected(text: str, case: str, *, gender: str | None = None) -> str:
    """A name written in the nominative put in another case ("gent", "datv", "accs", …), for
    a sentence that names the person: «Евгения Михайловна Каспарова-Попова» becomes «Евгении
    Михайловны Каспаровой-Поповой» in the genitive. `gender` ("male", "female") picks the
    reading where a word could be either's. Words that are not known as a given name, a
    patronymic or a surname (initials, a name in Latin letters) stay as written."""
    wanted = next((tag for tag, name in _GENDER.items() if name == gender), None)

    def one(word: str) -> str:
        parses = [
            p
            for p in analyser().parse(word.lower())
            if "nomn" in p.tag
            and any(tag in p.tag for tag, _part in _PART_TAGS)
            and (wanted is None or wanted in p.tag)
        ]
        form = parses[0].inflect({case}) if parses else None
        return _capitalised(form.word, word) if form is not None else word

    return re.sub(r"[А-ЯЁа-яё]{2,}", lambda m: one(m.group(0)), text)


def read_name(
    text: str, *, case: str | None = None, gender: str | None = None, strict: bool = False
) -> NameReading:
    """The nominative of a Cyrillic name in any case. `case` (a pymorphy case name) and
    `gender` ("male"/"female") are what the context says, when it says anything; a reading
    that fits them is preferred, not forced (the gender is, with `strict`). Initials and Latin
    words are kept as written."""
    tokens = _WORD.findall(text)
    name_words = [t for t in tokens if is_cyrillic(t) and len(t) > 1]
    if not name_words:
        return NameReading(text, "unknown", case or "nomn")
    readings = {w: word_readings(w) for w in name_words}
    order = [case] if case in CASES else []
    order += [c for c in CASES if c not in order]
    genders = [gender] if gender in ("male", "female") else []
    if not (strict and genders):
        genders += [g for g in ("male", "female") if g not in genders]
    best: tuple[float, str, str] | None = None
    for c_rank, c in enumerate(order):
        for g_rank, g in enumerate(genders):
            total = 0.0
            for w in name_words:
                fits = [r for r in readings[w] if r.gender == g and r.case in (c, "any")]
                total += max((r.score for r in fits), default=-1.0)
            # What the context says weighs like a word: a name read in that case and gender
            # wins over one that is only a little likelier on its own.
            total += 0.5 if c_rank == 0 and case else 0.0
            # Without a word asking for a case, a name standing alone is most often the
            # subject of its sentence: "Попова" is Popova before it is Popov's genitive.
            total += 0.15 * len(name_words) if c == "nomn" and not case else 0.0
            total += 0.5 if g_rank == 0 and gender else 0.0
            total -= 0.01 * c_rank + 0.001 * g_rank
            if best is None or total > best[0]:
                best = (total, c, g)
    assert best is not None
    _, chosen_case, chosen_gender = best
    parts: dict[str, str] = {}
    out: list[str] = []
    for index, token in enumerate(tokens):
        if token not in readings:
            out.append(token)
            continue
        fits = [
            r
            for r in readings[token]
            if r.gender == chosen_gender and r.case in (chosen_case, "any")
        ]
        if not fits:
            # "дело Гаркуши Остапа Мироновича": a man's surname declined as "Гаркуша" is, which
            # the dictionary does not know; its case is the given name's and patronymic's
            declined = _first_declension(token, chosen_case) if len(name_words) > 1 else ""
            if declined:
                parts.setdefault("surname", declined)
            out.append(declined or token)
            continue
        after = tokens[index + 1] if index + 1 < len(tokens) else ""
        if any(r.part == "patronymic" for r in readings.get(after, ())):
            # "о Павле Никифоровиче": before a patronymic, a given name (Павел), though the
            # dictionary reads the word as the surname Павля just as likely
            fits.sort(key=lambda r: r.part != "given")
        reading = fits[0]
        nominative = reading.nominative
        if reading.part == "patronymic":
            by_ending = _patronymic_nominative(token)
            if by_ending and by_ending.replace("ё", "е") != nominative.replace("ё", "е"):
                nominative = by_ending  # (the dictionary's form keeps its "ё")
        word = _capitalised(nominative, token)
        parts.setdefault(reading.part, word)
        out.append(word)
    rebuilt = _join(tokens, out, text)
    return NameReading(
        rebuilt,
        chosen_gender if parts else "unknown",
        chosen_case,
        given=parts.get("given", ""),
        patronymic=parts.get("patronymic", ""),
        surname=parts.get("surname", ""),
    )


# The endings of a noun declined as "Гаркуша" (a man's surname in -а/-я), by case, each with
# the nominative ending it comes from.
_FIRST_DECLENSION = {
    "gent": (("ы", "а"), ("ки", "ка"), ("ги", "га"), ("хи", "ха"), ("жи", "жа"), ("ши", "ша"),
             ("щи", "ща"), ("чи", "ча"), ("и", "я")),
    "datv": (("е", "а"),),
    "loct": (("е", "а"),),
    "accs": (("у", "а"), ("ю", "я")),
    "ablt": (("ой", "а"), ("ою", "а"), ("шей", "ша"), ("жей", "жа"), ("чей", "ча"), ("щей", "ща"),
             ("цей", "ца"), ("ей", "я")),
}  # fmt: skip


def _first_declension(token: str, case: str) -> str:
    """The nominative of a capitalised word declined as "Гаркуша" in `case`, or "" when its
    ending is not one of that case's."""
    if not token[:1].isupper() or len(token) < 4:
        return ""
    for ending, nominative in _FIRST_DECLENSION.get(case, ()):
        if token.endswith(ending):
            return token[: -len(ending)] + nominative
    return ""


def _join(tokens: list[str], words: list[str], original: str) -> str:
    """The original text with each token replaced by its new form, spacing kept."""
    out, pos = [], 0
    for token, word in zip(tokens, words, strict=True):
        at = original.find(token, pos)
        out.append(original[pos:at])
        out.append(word)
        pos = at + len(token)
    out.append(original[pos:])
    return "".join(out)


def nominatives(text: str) -> list[str]:
    """The nominative of a name alone, and, when its case leaves the gender open
    ("Евгению Каспарову-Попову": Yevgeny's dative or Yevgenia's accusative), the reading in
    the other gender after it."""
    if not is_cyrillic(text):
        return [text]
    bare = name_only(text)
    first = read_name(bare)
    other = {"male": "female", "female": "male"}.get(first.gender)
    readings = [first.text]
    if other is not None:
        second = read_name(bare, gender=other, strict=True)
        if second.gender == other and second.text != first.text:
            readings.append(second.text)
    return readings


def nominative(text: str, *, case: str | None = None, gender: str | None = None) -> str:
    """ "Каспаровой-Поповой" → "Каспарова-Попова", "с её сестрой Верой" → "Вера"; Latin text
    is returned unchanged."""
    if not is_cyrillic(text):
        return text
    return read_name(name_only(text), case=case, gender=gender).text


# How the English spellings of Russian names write each Cyrillic letter, longest first; a
# Latin word is read back into every Cyrillic spelling these allow and looked for in the
# dictionary's given names. A soft sign, which English drops ("Olga", "Kuzma", "Igor"), may
# stand after any consonant before another consonant or at the end.
# (a Latin spelling, then the Cyrillic letters it may stand for, in one table)
_LATIN_TABLE = """shch щ|sch щ ш|kh х|zh ж|ts ц тс|tz ц|ch ч|sh ш|yu ю ью|iu ю ью|ya я ья|ia ия я ья
ye е ье|yo ё йо ьо|ie ие ье|ii ий ии|iy ий|yi ый ий|ph ф|th т|ck к|x кс|w в|q к|j й ж дж|c к ц
h х г|e е э|i и й ий|y ы й ий и|a а|b б|v в|g г|d д|z з|k к|l л|m м|n н|o о|p п|r р|s с|t т
u у|f ф|' ь|’ ь"""
_LATIN_LETTERS: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
    sorted(
        (
            (latin, tuple(letters))
            for latin, *letters in (
                entry.split() for entry in _LATIN_TABLE.replace("\n", "|").split("|")
            )
        ),
        key=lambda pair: -len(pair[0]),
    )
)
_SOFTENED = frozenset("бвдзлмнпрстф")
_LATIN_CONSONANT = re.compile(r"[bcdfghjklmnpqrstvwxz]")
_SPELLINGS_TRIED = 96


def _cyrillic_spellings(low: str) -> list[str]:
    spellings = [""]
    i = 0
    while i < len(low):
        found = next((pair for pair in _LATIN_LETTERS if low.startswith(pair[0], i)), None)
        if found is None:
            return []
        latin, letters = found
        i += len(latin)
        soft = (i == len(low) or bool(_LATIN_CONSONANT.match(low, i))) and letters[-1][-1:] in (
            _SOFTENED
        )
        options = [*letters, *(f"{x}ь" for x in letters if x[-1] in _SOFTENED)] if soft else letters
        spellings = [s + x for s in spellings for x in options][:_SPELLINGS_TRIED]
    return spellings


@cache
def _given_name_paradigms() -> dict[int, str]:
    """The dictionary's paradigms of given names (not places) with the gender each gives."""
    dictionary = analyser().dictionary
    found = {}
    for para_id in range(len(dictionary.paradigms)):
        tag = dictionary.build_tag_info(para_id, 0)
        if "Name" in tag.grammemes and "Geox" not in tag.grammemes:
            found[para_id] = "unknown" if "ms-f" in tag else _GENDER.get(str(tag.gender), "")
    return found


@lru_cache(maxsize=50000)
def latin_given_name(word: str) -> str | None:
    """The gender ("male", "female" or "unknown") of a Russian given name written in Latin
    letters as English writes it ("Kliment", "Lavrenty", "Faina", "Kuzma", "Yevdokia"), read
    back into Cyrillic and found in the dictionary in its nominative; None for any other word.
    """
    low = word.lower()
    if len(low) < 3 or not low.isascii() or not low.replace("'", "").isalpha():
        return None
    morph = analyser()
    paradigms = _given_name_paradigms()
    genders = set()
    for spelling in _cyrillic_spellings(low):
        for _found, parses in morph.dictionary.words.similar_items(
            spelling, morph.char_substitutes
        ):
            for para_id, index in parses:
                if index == 0 and para_id in paradigms:
                    genders.add(paradigms[para_id])
    if not genders:
        return None
    return genders.pop() if len(genders) == 1 else "unknown"
