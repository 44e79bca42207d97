"""The Russian word lists and cue phrases, read from the data files beside this module once per
process. Each loader returns plain values (sets, dicts, compiled patterns); the files say what
each list is for."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from commission.registry import cyrillic
from commission.registry import kin as registry_kin


def _lines(name: str) -> list[str]:
    text = resources.files(__package__).joinpath(f"data/{name}").read_text(encoding="utf-8")
    return [ln.rstrip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def _pairs(name: str) -> list[tuple[str, str]]:
    out = []
    for line in _lines(name):
        key, _, value = line.partition("\t")
        out.append((key.strip(), value.strip()))
    return out


def likely_part_of_speech(word: str, parts: tuple[str, ...]) -> bool:
    """Whether the dictionary's likeliest reading of a lower-case `word` (at least even odds) is
    one of these parts of speech ("VERB", "GRND", "INFN", "PRTF", …)."""
    parse = cyrillic.analyser().parse(word)[0]
    return parse.score >= 0.5 and parse.tag.POS in parts


def search_text(text: str) -> str:
    """Lower case with "ё" as "е", the same length as `text`, so offsets carry over."""
    return text.lower().replace("ё", "е")


def kin() -> dict[str, tuple[str, str]]:
    """Kin word (dictionary form) → (relation, gender): the registry's table."""
    return registry_kin.russian_kin()


# A Soviet body's one-word name, in any case: "уком", "губкома", "губпроверкомиссию", "ревкомом".
SOVIET_BODY = re.compile(
    r"^[а-яё]{0,14}(?:проверкомисси|комисси|уком|губком|райком|горком|обком|волком|партком"
    r"|исполком|ревком|проверком|продком|совнарком|наркомат|нарком|губчека|чека|партколлеги)"
    r"[а-яё]{0,4}$"
)


def soviet_nominative(word: str) -> str:
    """ "губпроверкому" → "губпроверком", "губпроверкомиссию" → "губпроверкомиссия" (the
    dictionary does not know these words)."""
    if m := re.match(r"(.*комисси)(?:я|и|ю|ей|ям|ями|ях)$", word):
        return m.group(1) + "я"
    if m := re.match(r"(.*ком)(?:а|у|ом|е|ы|ов|ами|ах)?$", word):
        return m.group(1)
    return word


@cache
def diminutives() -> dict[str, tuple[str, ...]]:
    """Folded everyday form of a given name → the folded full names it stands for."""
    from commission.registry import names

    found: dict[str, tuple[str, ...]] = {}
    for short, full in names.russian_diminutives():
        found[names.fold(short)] = tuple(names.fold(f) for f in full)
    return found


@cache
def titles() -> frozenset[str]:
    return frozenset(_lines("titles.txt"))


@cache
def roles() -> frozenset[str]:
    return frozenset(_lines("roles.txt"))


@cache
def not_names() -> frozenset[str]:
    return frozenset(_lines("not_names.txt"))


@cache
def notes_headings() -> frozenset[str]:
    return frozenset(_lines("notes_headings.txt"))


@cache
def months() -> list[tuple[str, int]]:
    """(stem, month number), longest stem first."""
    pairs = [(stem, int(n)) for stem, n in _pairs("months.txt")]
    return sorted(pairs, key=lambda p: -len(p[0]))


@cache
def month_pattern() -> str:
    stems = "|".join(stem for stem, _ in months())
    return rf"(?:{stems})[а-яё]*\.?"


def month_number(word: str) -> int | None:
    low = search_text(word).rstrip(".")
    for stem, number in months():
        if low.startswith(stem):
            return number
    return None


@cache
def valediction() -> re.Pattern[str]:
    return re.compile(r"^\s*(?:" + "|".join(_lines("valedictions.txt")) + r")\b", re.I)


@cache
def salutation() -> re.Pattern[str]:
    return re.compile(r"^\s*(?:" + "|".join(f"(?:{p})" for p in _lines("salutations.txt")) + ")")


@cache
def inscription_start() -> re.Pattern[str]:
    return re.compile(
        r"^\s*(?:" + "|".join(f"(?:{p})" for p in _lines("inscription_starts.txt")) + ")", re.I
    )


@cache
def header_fields() -> list[tuple[str, str]]:
    return sorted(_pairs("header_fields.txt"), key=lambda p: -len(p[0]))


def _kinds(name: str) -> list[tuple[str, re.Pattern[str]]]:
    return [(kind, re.compile(pattern)) for kind, pattern in _pairs(name)]


@cache
def request_kinds() -> list[tuple[str, re.Pattern[str]]]:
    return _kinds("requests.txt")


@cache
def request_frames() -> list[tuple[str, re.Pattern[str]]]:
    return _kinds("request_frames.txt")


@cache
def basis_cues() -> list[tuple[str, re.Pattern[str]]]:
    return _kinds("basis.txt")


@cache
def stance_cues() -> list[tuple[str, re.Pattern[str]]]:
    return _kinds("stance.txt")


@cache
def outcome_cues() -> list[tuple[str, re.Pattern[str]]]:
    return _kinds("outcomes.txt")


@cache
def urgent() -> re.Pattern[str]:
    return re.compile("|".join(_lines("urgent.txt")))


@cache
def subject_cues() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in _lines("subject_cues.txt")))


@cache
def function_words() -> dict[str, frozenset[str]]:
    return {lang: frozenset(words.split()) for lang, words in _colon_pairs("function_words.txt")}


@cache
def language_names() -> dict[str, str]:
    return dict(_colon_pairs("language_names.txt"))


def _colon_pairs(name: str) -> list[tuple[str, str]]:
    out = []
    for line in _lines(name):
        key, _, value = line.partition(":")
        out.append((key.strip(), value.strip()))
    return out
