"""Which language a letter is written in: Russian when most of its letters are Cyrillic,
otherwise English, German, French … by the share of each language's most frequent short words.
Commission reads English and Russian; a letter in another language is refused by name."""

from __future__ import annotations

import re

from commission.intake.reading.ru import lexicon

READ = ("en", "ru")
_LETTER = re.compile(r"[^\W\d_]")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
_LATIN_WORD = re.compile(r"[a-zà-ÿß]+")
# A page is Russian when this share of its letters is Cyrillic. Well under a half, because an
# English archive header above a Russian letter is still a Russian letter.
RUSSIAN_SHARE = 0.3
_CODES = {"english": "en", "german": "de", "french": "fr", "italian": "it", "spanish": "es"}


def cyrillic_share(text: str) -> float:
    letters = len(_LETTER.findall(text))
    return len(_CYRILLIC.findall(text)) / letters if letters else 0.0


def detect(text: str) -> str:
    """ "ru", "en", or the name of another language ("german", "french", …)."""
    if cyrillic_share(text) >= RUSSIAN_SHARE:
        return "ru"
    words = _LATIN_WORD.findall(text.lower())
    if not words:
        return "en"
    counts = {
        lang: sum(1 for w in words if w in vocabulary)
        for lang, vocabulary in lexicon.function_words().items()
    }
    best = max(counts, key=lambda lang: counts[lang])
    # English unless another language is clearly more frequent: names and Russian words in
    # transliteration are nobody's function words.
    if best != "english" and counts[best] >= 5 and counts[best] > 2 * counts["english"]:
        return best
    return "en"


def refusal(language: str) -> str:
    """The sentence a letter in a language Commission does not read is refused with."""
    name = lexicon.language_names().get(language, language.capitalize())
    return (
        f"is written in {name}; Commission reads letters in English and Russian. "
        "Register a translation into one of them."
    )
