"""Russian lines of a page, for cleaning and splitting: salutations ("Товарищу Петрову",
"В губернскую проверочную комиссию", "Тов. Сольц!"), notes written on the document
("Надпись на документе: …"), the edition's notes heading ("Примечания"), archive header fields
("Источник: …", kept aside as boilerplate and filed as provenance fields by the reader) and
running text. Lines without Cyrillic are left to the English rules."""

from __future__ import annotations

import itertools
import re

from commission.intake.reading.lexicon import LIST_BULLET
from commission.intake.reading.ru import lexicon

_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
_LOWER_WORD = re.compile(r"(?<![А-Яа-яЁё])[а-яё][а-яё-]{2,}")
_WORDS = re.compile(r"\S+")
_ASTERISK_NOTE = re.compile(r"^\s*\*{1,3}\s*(?=\S)")


_ALPHA_WORD = re.compile(r"(?<![А-Яа-яЁёA-Za-z])[А-Яа-яЁёA-Za-z]")
_ANY_LOWER = re.compile(r"(?<![А-Яа-яЁёA-Za-z])[а-яё]")
_INITIAL = re.compile(r"(?<![А-Яа-яЁёA-Za-z])[А-ЯЁA-Z]\.")


# A collection's heading of a document, its writer and then, after a dash, its addressee in the
# dative: "Н. К. КРУПСКАЯ — А. А. СОЛЬЦУ".
WRITER_TO_HEADING = re.compile(
    r"^\s*(?P<writer>(?:[А-ЯЁ]\.\s?){1,3}\s*[А-ЯЁ][А-ЯЁа-яё-]+)\s+[—–-]\s+"
    r"(?P<to>(?:[А-ЯЁ]\.\s?){1,3}\s*[А-ЯЁ][А-ЯЁа-яё-]+)\s*\.?\s*$"
)


# An edition's title that opens with its writer: "В. И. Ленин. В ЦКК РКП(б), тов. А. А. Сольцу",
# "Ф. Э. Дзержинский. Записка А. А. Сольцу".
WRITER_THEN_TITLE = re.compile(
    r"^\s*(?P<n>(?:[А-ЯЁ]\.\s?){1,3}\s*[А-ЯЁ][а-яё-]+)\s*[.:]\s+(?:В|Во|Тов\.|Товарищу|"
    r"Письмо|Записка|Телеграмма|Резолюция|Ответ|Отношение|Заявление|Телефонограмма)\b"
)


def is_prose(text: str) -> bool:
    """Running text: seven words or more, most of them lower case, three of them real words
    (a date line "21 декабря 1921 г. (8 дек. ст. ст.)" is not)."""
    words = _WORDS.findall(text)
    alphabetic = len(_ALPHA_WORD.findall(text)) - len(_INITIAL.findall(text))
    # A word that opens a sentence is written with a capital and is still a word of prose:
    # "Прошу восстановить в партии Иванова П. С. Прошу разобраться."
    openers = sum(
        1
        for before, word in itertools.pairwise(words)
        if before.endswith((".", "!", "?")) and len(before.strip(".!?")) > 2 and word[:1].isupper()
    ) + (1 if words and words[0][:1].isupper() else 0)
    return (
        len(words) >= 7
        and len(_ANY_LOWER.findall(text)) + openers >= alphabetic * 0.5
        and len(_LOWER_WORD.findall(text)) >= 3
    )


# Initials and a surname in the nominative, nothing after ("Т. Карасёв", "Е. В. Дёмина"): how
# a letter is signed, though "Т." also shortens "товарищ"; addressed, the surname would be in
# the dative ("Т. Петрову") or followed by "!" or ",".
_INITIALS_AND_SURNAME = re.compile(r"^(?:[А-ЯЁ]\.\s?){1,2}[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?$")
_DATIVE_END = re.compile(r"(?:у|ю|ой|ей|ому|ему)$")


def _acts_after_comma(s: str) -> bool:
    """A verb or a verbal adverb after a comma and no "!" before it: a sentence going on."""
    comma = s.find(",")
    if comma < 0 or "!" in s[:comma]:
        return False
    return any(
        lexicon.likely_part_of_speech(word, ("GRND", "VERB"))
        for word in re.findall(r"[а-яё]{4,}", s[comma:])
    )


# A body's name the same in every case ("Бюро", "Президиуму" aside) with a verb in the present
# after it: "Бюро просит …", "Бюро считает …".
_BODY_DOES = re.compile(r"^(?:Бюро|Президиум|Коллегия)\s+[а-яё]+(?:ет|ит|ат|ят|ют|ут)(?:ся)?\b")
# "Тов. Лаврентьева порвала …": a titled surname not in the dative with running text after it on
# the line, perhaps behind a comma or a colon.
_TITLED_NOMINATIVE = re.compile(
    r"^(?i:тов|т)\.\s*(?:[А-ЯЁ]\.\s?){0,2}(?P<surname>[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)"
    r"(?:\s+[А-ЯЁ]\.\s?){0,2}(?P<mark>\s*[,:–—-])?\s+[а-яё]"
)


def is_salutation(text: str) -> bool:
    s = text.strip()
    if len(s) > 120 or not lexicon.salutation().match(s):
        return False
    if _INITIALS_AND_SURNAME.match(s) and not _DATIVE_END.search(s):
        return False
    if _BODY_DOES.match(s) and len(s.split()) >= 5:
        return False  # "Бюро просит срочно сообщить …": the body writing, not addressed
    if _acts_after_comma(s):
        # "Бюро Весьегонского укома РКП(б), ознакомившись с итогами работы": the body's
        # sentence, not an address
        return False
    named = _TITLED_NOMINATIVE.match(s)
    if (
        named
        and not _DATIVE_END.search(named.group("surname"))
        and len(s.split()) >= (5 if not named.group("mark") else 7)
        and not s.endswith("!")
    ):
        # "Тов. Лаврентьева порвала с семьей …", "Тов. Глебов, мастер цеха, сообщает, что …",
        # "тов. Евсеева: с 1 октября он …": a paragraph's line about them, no greeting
        return False
    # A sentence that begins like an address is running text: it ends with a full stop, or it
    # is a long line opening a list ("Бюро ячейки просит проверить следующих товарищей:").
    if s.endswith(":") and len(s.split()) > 6:
        return False
    # (the full stop of the party's letters ends no sentence: "… комиссию Р.К.П.")
    return not (
        s.endswith((".", ";")) and not re.search(r"\b(?:тов|т|тт)\.$|(?:[А-ЯЁ]\.\s?){2,}$", s)
    )


# An edition states where it printed the text from as a sentence of its own, without a colon
# ("Печатается по машинописной копии. Архив …"); these formulas open such a line.
_EDITION_FORMULAS = (
    "печатается по",
    "публикуется по",
    "публикуется впервые",
    "впервые опубликовано",
    "впервые напечатано",
    # a collected edition's note under the text: "Написано 23 ноября 1921 г.", "Продиктовано по
    # телефону"
    "написано",
    "продиктовано",
    # "Датируется ноябрем 1921 г. по входящей отметке": the date an editor gives
    "датируется",
)


_LIST_ITEM = re.compile(rf"^{LIST_BULLET}")


def header_field(text: str) -> tuple[str, str] | None:
    """("Source", value) for "Источник: …" or "Печатается по подлиннику", or None; a field
    set out as a list's item ("- Написано: 14 сентября 1921 г.") as well."""
    s = _LIST_ITEM.sub("", text.strip())
    head, colon, value = s.partition(":")
    if not colon or len(head.split()) > 4:
        low = lexicon.search_text(s)
        # (the formula may end its own sentence: "Публикуется впервые. Орфография …")
        formula = next((f for f in _EDITION_FORMULAS if low.startswith((f + " ", f + "."))), None)
        if formula is None or len(s) > 200:
            return None
        english = dict(lexicon.header_fields()).get(formula, "Source")
        return english, s
    low = lexicon.search_text(head.strip())
    for russian, english in lexicon.header_fields():
        if low == russian or low.startswith(russian + " "):
            return english, value.strip()
    return None


# A collected edition's lines around a letter: the running head and volume ("Полное собрание
# сочинений. Издание пятое. Том 53"), the section ("Письма. Август 1921 — октябрь 1921"), the
# colophon's lines under the text ("в Полном собрании сочинений,", "5 изд., т. 53   Печатается
# по рукописи"), a collection's word on its copy ("Подлинник. Рукопись …", "Машинописная
# копия.") and its links to the documents beside ("Документ № 10 →").
_EDITION_LINE = re.compile(
    r"собрани[еия]\s+сочинений|\bизд(?:\.|ание)\s*,?\s*т\.\s*\d|\bпечатается\b"
    # "Архивная ссылка уточняется. Текст воспроизводится с сохранением орфографии подлинника."
    r"|\bтекст\s+воспроизводится\b|\bархивн\w+\s+(?:ссылк|шифр)\w*\s+уточняется"
    r"|\bленинско(?:м|го)\s+сборник"
    r"|^\s*(?:издание\s+\w+\.\s*)?том\s+\d+\s*\.?\s*$|^\s*письма\.\s+\w+\s+\d{4}"
    r"|^\s*(?:подлинник|рукопись|автограф|машинописная\s+копия|копия|заверенная\s+копия)\s*[.,(]"
    r"|[←→]\s*$|^\s*[←→]"
    # where a collection took the document from: "Из дел Центральной Контрольной Комиссии"
    r"|^\s*из\s+(?:дел|архива|фонда|материалов|бумаг|переписки|протоколов)\s+[А-ЯЁ]",
    re.IGNORECASE,
)
# Where an archive keeps the document: "ГАТО. Ф. П-1. Оп. 1. Д. 318. Л. 22.", "Там же. Л. 25."
_ARCHIVE_CIPHER = re.compile(
    r"(?:^|\s)Ф\.\s*[\wА-ЯЁ-]+\.?,?\s+Оп\.\s*\d+\.?,?\s+Д\.\s*\d+|^\s*Там\s+же\.\s*(?:Л\.|Д\.)\s*\d"
)
# A collection's description of its copy: "Анонимное письмо. Машинописная копия, без подписи
# и даты. На копии — резолюция М. Ф. Шкирятова."
_COPY_MARKS = re.compile(
    r"\b(?:копи[яию]|подлинник\w*|автограф|машинопис\w*|рукопис\w*|без\s+подписи|"
    r"без\s+даты|не\s+подписан\w*|не\s+датирован\w*|резолюци[яи]|помет[аы])",
    re.IGNORECASE,
)


def is_copy_description(text: str) -> bool:
    """A collection's word on the copy it prints, as a line of sentences of its own: two or
    more of its marks (a copy, typewritten, unsigned, undated, a resolution on it) in a short
    line with no first or second person."""
    s = text.strip()
    if len(s.split()) > 30 or re.search(r"\b(?:я|мы|вас|вам|прошу|просим)\b", s, re.I):
        return False
    return len(_COPY_MARKS.findall(s)) >= 2 or bool(_ARCHIVE_CIPHER.search(s))


# A collection's heading for one of its documents: "Документ № 9", "Документы 7–8".
_DOCUMENT_HEADING = re.compile(
    r"^\s*Документы?\s*(?:№\s*)?\d{1,4}(?:\s*[-–—]\s*\d{1,4})?\s*\.?\s*$"
)


# Who writes, under the address line: "от секретаря ячейки РКП … завода Г. Фролова".
_FROM_LINE = re.compile(r"^\s*[Оо]т\s+[а-яё][^.!?]*$")


def is_colophon(text: str) -> bool:
    """An edition's note under the text: "Написано …", "Впервые напечатано …", "Печатается …"."""
    return header_field(text) is not None or bool(_EDITION_LINE.search(text))


def continues_colophon(text: str) -> bool:
    """A line under an edition's note that carries it on ("Печатается по машинописной" /
    "копии, подписанной" / "В. И. Лениным"): Russian, short, no sentence of a letter."""
    s = text.strip()
    return (
        bool(s) and bool(_CYRILLIC.search(s)) and len(s.split()) <= 6 and not s.endswith(("!", "?"))
    )


# A document's title above it, as a collection prints it: "Письмо М. П. Лунёвой в ЦКК",
# "Резолюция А. А. Сольца на письме …", "Докладная записка …", "Из протокола заседания …".
_TITLE = re.compile(
    r"^\s*\[?(?:Из\s+)?(?:(?:Докладн|Служебн|Объяснительн|Сопроводительн|Препроводительн"
    r"|Коллективн|Открыт|Анонимн|Ответн)\w+\s+)?"
    r"(?:Письм[оа]|Записк[аи]|Телеграмм[аы]|Телефонограмм[аы]|Заявлени[ея]|Резолюци[яи]"
    r"|Отношени[ея]|Справк[аи]|Рекомендаци[яи]|Протокол\w*|Выписк[аи]|Постановлени[ея]"
    r"|Ходатайств[оа]|Жалоб[аы]|Донесени[ея]|Рапорт\w*|Сообщени[ея]|Ответ|Распоряжени[ея]"
    r"|Предписани[ея]|Надпис[ьи]|Помет[аы]|Запрос(?:ы|а)?\b|Характеристик[аи]|Объяснени[ея]"
    r"|Прошени[ея]|Докладная|Служебная|Отзыв\w*|Аттестаци[яи]|Свидетельств[оа]|Показани[ея])"
    r"(?:\s+\S.*)?$",
    re.IGNORECASE,
)


_DATED_END = re.compile(r"\b(?:1[89]\d\d|\d\d)\s*(?:г\.|гг\.|года\.)$")


def is_title(text: str) -> bool:
    """A document's title (see _TITLE), without the full stop of a sentence."""
    s = text.strip()
    # a title may end with its date ("… в Центральную проверочную комиссию. 14 октября 1921 г.")
    ends = not s.endswith((".", "!", "?")) or bool(_DATED_END.search(s))
    return bool(_TITLE.match(s)) and len(s.split()) <= 24 and ends


def line_kind(text: str) -> tuple[str, str] | None:
    """The kind (and footnote marker) of a Russian line, or None when the line is not Russian or
    the English rules already know its kind."""
    s = text.strip()
    if not s or not _CYRILLIC.search(s):
        return None
    if header_field(s) is not None:
        return "nav", ""  # kept as boilerplate; the Russian reader files it as a field
    if _DOCUMENT_HEADING.match(s):
        return "heading", ""
    if lexicon.search_text(s).rstrip(":. ") in lexicon.notes_headings():
        return "notes_heading", ""
    if lexicon.inscription_start().match(lexicon.search_text(s)):
        return "inscription", ""
    if m := _ASTERISK_NOTE.match(s):
        return "footnote", "*" * len(m.group(0).strip())
    if _EDITION_LINE.search(s) and len(s) <= 160:
        return "nav", ""
    if is_salutation(s):
        return "salutation", ""
    if _FROM_LINE.match(re.sub(r"\b[А-ЯЁ]\.", "", s)):
        return None  # "от секретаря ячейки … Г. Фролова" under the address: the address's
    if is_prose(s):
        return "prose", ""
    return None
