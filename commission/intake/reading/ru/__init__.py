"""Reading letters written in Russian.

The page is cleaned and split by the same code as an English one (`cleaning.py` asks
`ru.lines` about Cyrillic lines); each letter whose text is mostly Cyrillic is then read by the
Russian rules, one module per field: `people` (names in any case, in the nominative),
`addressees` and `author`, `dates`, `kin`, `subjects`, `stance` (stance and basis of
knowledge), `requests`, `contacts` and `notes` (editorial footnotes and inscriptions). Values
are in the registry's vocabulary (relations, bases, requests in English), names in the
nominative as written in Cyrillic. Word lists live in `data/`.
"""

from __future__ import annotations

import re

from commission.intake.reading.model import Letter
from commission.intake.reading.ru import language
from commission.intake.reading.ru.lines import header_field

RUSSIAN_EXTRACTOR = "rules-ru"
LANGUAGES_READ = language.READ
detect_language = language.detect
language_refusal = language.refusal


def prepare_letter(letter: Letter) -> None:
    """Mark a letter of a Russian page that is itself in Russian, and file the Russian archive
    header lines cleaning kept aside ("Источник: …") as provenance fields."""
    if language.cyrillic_share(letter.text) >= language.RUSSIAN_SHARE:
        letter.language = "ru"
    prov = letter.provenance
    # (a wiki's fields run into one line: "Автор: Ковальчик С. Ю. · Адресат: Дзержинский Ф. Э.")
    parts = [part for line in prov.boilerplate for part in line.split(" · ")]
    for line in parts:
        field = header_field(line)
        if field is None:
            continue
        key, value = field
        prov.fields.setdefault(key, value)
        if key == "Source" and not prov.source:
            prov.source = value
        elif key in ("Published", "First Published") and not prov.publication:
            prov.publication = value
        elif key == "Translated" and not prov.translation:
            prov.translation = value
        elif key in ("Archive", "Fond") and not prov.archive:
            prov.archive = value
    author = prov.fields.get("Author", "").split(",")[0].strip()
    if not prov.header_author and re.match(r"[А-ЯЁA-Z]", author):
        # "Автор: Н. К. Крупская" over an unsigned copy (not "Автор: не установлен")
        prov.header_author = author
    if prov.fields and prov.channel == "unknown":
        prov.channel = "archive_page"


def extractor_for(letter: Letter, name: str) -> str:
    """The default extractor reads a Russian letter with the Russian rules."""
    from commission.intake.reading.extractors import DEFAULT

    return RUSSIAN_EXTRACTOR if name == DEFAULT and letter.language == "ru" else name
