"""Name forms and the folded keys that make lookup forgiving.

Russian names reach the commission in many spellings: transliterations differ (Yevgenia /
Evgenia, Alliluyeva / Allilueva, Zinoviev / Sinowjew), a surname changes with gender
(Kasparov / Kasparova, Zalutsky / Zalutskaya), letters may be written in Cyrillic. `fold()`
maps the English transliterations, the gender forms and Cyrillic to one key; `skeleton()` is a
coarser key for near misses, which also catches German spellings (Sinowjew): German writes both
"с" and "з" as "s" (Sawinkow, Sinowjew), so no exact key can tell which one is meant. Both are
pure functions of the text, so the same key is computed when a name is stored and when it is
looked up.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib import resources
from typing import Any

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "і": "i", "ѣ": "e",
    "ѳ": "f", "ѵ": "i",
}  # fmt: skip

# Feminine surname endings and the masculine form they fold to. Longest first.
_GENDER_ENDINGS = (
    ("skaya", "sky"), ("skaja", "sky"), ("skaia", "sky"), ("tskaya", "tsky"),
    ("skiy", "sky"), ("skij", "sky"), ("skii", "sky"), ("ski", "sky"),
    ("ova", "ov"), ("eva", "ev"), ("yova", "yov"), ("ina", "in"), ("yna", "yn"),
)  # fmt: skip

# Spelling conventions that differ between transliteration systems, applied in order.
_SPELLING = (
    ("shch", "sh"), ("tsch", "ch"), ("sch", "sh"), ("tch", "ch"), ("tz", "ts"), ("cz", "ch"),
    ("zh", "z"), ("kh", "h"), ("ph", "f"), ("x", "ks"), ("w", "v"), ("q", "k"),
)  # fmt: skip

VOWELS = frozenset("aeiou")
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)
_NON_LETTER = re.compile(r"[^a-z]+")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)


# A final "-ий"/"-ый" is "-y" in English transliteration (Георгий / Georgy, Григорий / Grigory),
# and so is the "-ій" of the spelling before 1918 (Аркадій).
# "ё" stays "e": Russian print mostly writes it so, and the near-spelling key (Фёдор / Fyodor
# share "fdr") catches the English "yo".
_CYRILLIC_FINAL_Y = re.compile(r"(?<=[а-яёѣі])[иыі]й(?![а-яёѣі])")


def to_ascii(text: str) -> str:
    """Lower-case Latin letters for any Latin or Cyrillic text (accents and signs dropped)."""
    lowered = _CYRILLIC_FINAL_Y.sub("y", text.lower())
    translit = "".join(_CYRILLIC.get(ch, ch) for ch in lowered)
    decomposed = unicodedata.normalize("NFKD", translit)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """The words of a name: hyphens split double surnames, possessives lose their "'s"."""
    found = _WORD.findall(text.replace("-", " "))
    return [_POSSESSIVE.sub("", w).replace("’", "").replace("'", "") for w in found]


def _fold_word(word: str) -> str:
    w = _NON_LETTER.sub("", to_ascii(word))
    # One pass can expose another ending or spelling ("Kasparowa" only shows "-ova" once "w"
    # is read as "v"; "Ivanovva" once the doubled "v" is merged), so fold until nothing changes:
    # a key folded again must stay the same key, or stored and looked-up keys drift apart.
    for _ in range(8):
        folded = _fold_once(w)
        if folded == w:
            break
        w = folded
    return w


def _fold_once(w: str) -> str:
    if not w:
        return ""
    for old, new in _SPELLING:
        w = w.replace(old, new)
    w = w.replace("j", "y")
    for ending, replacement in _GENDER_ENDINGS:
        if w.endswith(ending) and len(w) > len(ending) + 1:
            w = w[: -len(ending)] + replacement
            break
    # "y" and "i" as glides are where transliterations disagree most (Yevgenia / Evgenia /
    # Evgeniya, Zinovyev / Zinoviev, Alliluyeva / Allilueva): drop them, "y" first.
    out: list[str] = []
    for i, ch in enumerate(w):
        nxt = w[i + 1] if i + 1 < len(w) else ""
        if ch == "y" and (nxt in VOWELS or nxt == "" or not out or out[-1] in VOWELS):
            continue
        out.append("i" if ch == "y" else ch)
    w = "".join(
        ch
        for i, ch in enumerate(out)
        if not (ch == "i" and i > 0 and i + 1 < len(out) and out[i + 1] in VOWELS)
    )
    # Doubled letters (Alliluyeva / Aliluyeva, Kornblyum / Kornbljumm) carry no meaning here.
    collapsed = [w[0]] if w else []
    for ch in w[1:]:
        if ch != collapsed[-1]:
            collapsed.append(ch)
    return "".join(collapsed)


def fold(text: str) -> str:
    """The lookup key of a name or one word of it: equal for spellings of the same name."""
    return " ".join(k for k in (_fold_word(w) for w in words(text)) if k)


def skeleton(text: str) -> str:
    """A coarser key for near misses: the first letter and the consonants of the folded form,
    similar sounds merged (Sinowjew and Zinoviev both give "snff")."""
    return skeleton_of_key(fold(text))


_SOUNDS_MERGED = str.maketrans("zvcqd", "sfkkt")


def skeleton_of_key(key: str) -> str:
    """`skeleton` of a text already folded."""
    keys = []
    for word_key in key.split():
        merged = word_key.translate(_SOUNDS_MERGED)
        first, rest = merged[0], merged[1:]
        keys.append(first + "".join(ch for ch in rest if ch not in VOWELS))
    return " ".join(keys)


def gendered_surnames(surname: str) -> tuple[str, str]:
    """(masculine, feminine) forms of a Russian-pattern surname; both equal where none applies.

    Works on each part of a double surname ("Kasparova-Popova" → "Kasparov-Popov").
    """
    parts = surname.split("-")
    masculine = "-".join(_masculine(p) for p in parts)
    feminine = "-".join(_feminine(p) for p in parts)
    return masculine, feminine


# (feminine, masculine) surname endings, longest first within a family. Cyrillic too, since
# letters are registered as written.
_SURNAME_PAIRS = (
    ("tskaya", "tsky"), ("skaya", "sky"), ("yova", "yov"), ("ova", "ov"), ("eva", "ev"),
    ("ina", "in"), ("ская", "ский"), ("ёва", "ёв"), ("ова", "ов"), ("ева", "ев"), ("ина", "ин"),
)  # fmt: skip
# Masculine spellings of "-sky" that are not the form `_masculine` produces.
_MASCULINE_VARIANTS = (("skiy", "skaya"), ("skii", "skaya"))


def _masculine(part: str) -> str:
    lower = part.lower()
    for fem, masc in _SURNAME_PAIRS:
        if lower.endswith(fem) and len(lower) > len(fem) + 1:
            return part[: -len(fem)] + _match_case(masc, part[-len(fem) :])
    return part


def _feminine(part: str) -> str:
    lower = part.lower()
    pairs = [(masc, fem) for fem, masc in _SURNAME_PAIRS] + list(_MASCULINE_VARIANTS)
    # Longest ending first, so "Solovyov" takes "-yov" → "-yova" before "-ov" is tried.
    for masc, fem in sorted(pairs, key=lambda pair: -len(pair[0])):
        if lower.endswith(masc) and len(lower) > len(masc) + 1:
            return part[: -len(masc)] + _match_case(fem, part[-len(masc) :])
    return part


def _match_case(new: str, old: str) -> str:
    return new.upper() if old.isupper() else new


def initials(text: str) -> list[str]:
    """Single letters in a query such as "N. S. Alliluyeva" → ["n", "s"], spelled as the first
    letter of the folded name they abbreviate ("Ю." → "u", as Yuri folds to "uri"); so are a
    given name or patronymic cut to two or three letters ("Ye. Golubev", "I. Ya. Gromov",
    «Ив. Кропачев»: "e", "a", "i").

    "y" stands for a glide ("Y.", "J.", "Й."), which folding drops: it abbreviates a name whose
    key starts with a vowel (Yevgenia → "evgena", Yakov → "akov")."""
    found = []
    cut = shortened(text)
    for word in words(text):
        if len(word) != 1 and word not in cut:
            continue
        key = _fold_word(word)
        found.append(key[0] if key else "y")
    return found


# A name cut short before a full stop and another name: "Ye. Golubev", «Ем. Ярославский».
_SHORTENED = re.compile(r"(?<![\w’'-])([^\W\d_]{2,3})\.\s*(?=[^\W\d_])")
# Words of two or three letters and a stop that are titles, not names cut short.
_NOT_SHORTENED = frozenset({
    "dr", "mr", "ms", "mrs", "st", "tov", "gr", "com", "cde", "rev", "тов", "гр", "ст", "др", "им",
})  # fmt: skip


def shortened(text: str) -> set[str]:
    """The words of `text` that are a given name or patronymic cut to two or three letters."""
    return {
        m.group(1)
        for m in _SHORTENED.finditer(text)
        if m.group(1)[0].isupper() and m.group(1).lower() not in _NOT_SHORTENED
    }


def full_name(given_name: str, patronymic: str, surname: str) -> str:
    return " ".join(part for part in (given_name, patronymic, surname) if part)


# Common Russian diminutives and the given names they stand for (folded on use).
DIMINUTIVES: dict[str, tuple[str, ...]] = {
    "Slava": ("Vyacheslav", "Stanislav", "Yaroslav", "Vladislav", "Svyatoslav", "Miroslav"),
    "Nadya": ("Nadezhda",), "Sasha": ("Aleksandr", "Aleksandra"),
    "Shura": ("Aleksandr", "Aleksandra"),
    "Zhenya": ("Yevgeny", "Yevgenia"), "Volodya": ("Vladimir",), "Vova": ("Vladimir",),
    "Kolya": ("Nikolai",), "Misha": ("Mikhail",), "Petya": ("Pyotr",), "Vanya": ("Ivan",),
    "Grisha": ("Grigory",), "Fedya": ("Fyodor",), "Kostya": ("Konstantin",), "Lyosha": ("Aleksei",),
    "Dima": ("Dmitry",), "Seryozha": ("Sergei",), "Yasha": ("Yakov",), "Tolya": ("Anatoly",),
    "Borya": ("Boris",), "Pasha": ("Pavel",), "Lyova": ("Lev",), "Mitya": ("Dmitry",),
    "Masha": ("Maria",), "Manya": ("Maria",), "Katya": ("Yekaterina",), "Tanya": ("Tatyana",),
    "Olya": ("Olga",), "Natasha": ("Natalya",), "Lena": ("Yelena",), "Anya": ("Anna",),
    "Lyuba": ("Lyubov",), "Vera": ("Vera",), "Sonya": ("Sofia",), "Dusya": ("Yevdokia",),
    "Galya": ("Galina",), "Lida": ("Lidia",), "Zina": ("Zinaida",), "Klava": ("Klavdia",),
    "Valya": ("Valentina", "Valentin"), "Zhora": ("Georgy",), "Yura": ("Yuri",),
}  # fmt: skip
_DIMINUTIVE_KEYS: dict[str, tuple[str, ...]] = {}


@cache
def russian_diminutives() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The everyday forms of Russian given names in `data/diminutives_ru.txt` ("Лёвка" → "Лев"),
    each with the full names it stands for, as written there."""
    data = resources.files("commission.registry").joinpath("data/diminutives_ru.txt")
    found = []
    for line in data.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            short, _, full = line.partition("\t")
            found.append((short.strip(), tuple(full.split())))
    return tuple(found)


def given_name_keys(word: str, *, everyday: bool = False) -> tuple[str, ...]:
    """The folded given names a word may stand for: itself, and the full names of a diminutive.
    With `everyday`, the everyday Russian forms too, in either alphabet ("Тимоша" and "Timosha"
    both stand for Timofei, their folded keys being the same): a letter that names one person
    so and in full is read as naming one person; a registry look-up keeps to the short list,
    where a pet name may be a given name of its own."""
    if not _DIMINUTIVE_KEYS:
        for short, full in DIMINUTIVES.items():
            _DIMINUTIVE_KEYS[fold(short)] = tuple(fold(f) for f in full)
    key = fold(word)
    if everyday:
        return (
            key,
            *dict.fromkeys([*_DIMINUTIVE_KEYS.get(key, ()), *_everyday_keys().get(key, ())]),
        )
    return (key, *_DIMINUTIVE_KEYS.get(key, ()))


@cache
def _everyday_keys() -> dict[str, tuple[str, ...]]:
    found: dict[str, tuple[str, ...]] = {}
    for short, full in russian_diminutives():
        names = [k for f in full for k in _yo_keys(f)]
        for key in _yo_keys(short):
            found[key] = tuple(dict.fromkeys([*found.get(key, ()), *names]))
    return found


def _yo_keys(word: str) -> tuple[str, ...]:
    """The keys of a Cyrillic given name whose "ё" English writes "yo" ("Лёня": "Lyonya",
    "Семён": "Semyon"), which fold apart from the Cyrillic; both are kept."""
    if "ё" not in word.lower():
        return (fold(word),)
    return tuple(dict.fromkeys([fold(word), fold(word.replace("ё", "ьо").replace("Ё", "Йо"))]))


_CYRILLIC_LETTER = re.compile(r"[А-Яа-яЁё]")


def name_for_language(person: Any, language: str | None = None) -> str:
    """How `person` is named for a reader of `language` (the active one by default): in Russian
    the Cyrillic form the registry holds for them, when it holds one; otherwise, and in English,
    the name as registered (`Person.display_name`).

    Uses the person's name forms when they were prefetched (`prefetch_related("names")`), and
    reads them otherwise; English pages never read them."""
    from django.utils import translation

    language = language or translation.get_language() or ""
    if not language.startswith("ru") or not hasattr(person, "names"):
        return str(person.display_name)
    cached = getattr(person, "_prefetched_objects_cache", {}).get("names")
    forms = cached if cached is not None else person.names.all()
    return russian_name(
        [(f.kind, f.value) for f in forms],
        display_name=str(person.display_name),
        known_as=person.known_as,
    )


def russian_name(forms: list[tuple[str, str]], *, display_name: str, known_as: str) -> str:
    """The name a Russian reader is shown for a person with these name forms (kind, value),
    registered as `display_name` and known as `known_as` (`name_for_language`): the fullest
    Cyrillic form, or the registered name when there is none."""
    cyrillic = [
        (kind, value)
        for kind, value in forms
        if kind in _CYRILLIC_KINDS and _CYRILLIC_LETTER.search(value)
    ]
    if not cyrillic:
        return display_name
    # The fullest Cyrillic form: "Надежда Сергеевна Аллилуева" over "Аллилуева".
    fullest = max((value for _, value in cyrillic), key=lambda v: (len(v.split()), len(v)))
    # As `display_name` adds the name a person is known by: "Владимир Ильич Ульянов (Ленин)".
    pseudonyms = [
        value
        for kind, value in cyrillic
        if kind == "pseudonym" and value != fullest and value not in fullest
    ]
    if known_as and pseudonyms:
        return f"{fullest} ({pseudonyms[0]})"
    return fullest


# The forms that name the person in full or in part under another spelling.
_CYRILLIC_KINDS = frozenset({"variant", "other", "pseudonym"})
