"""People named in a Russian letter: name mentions in any grammatical case, read in the
nominative, and grouped into persons.

A run of capitalised words (and initials) is a name when a title stands before it ("тов.
Сольцу", "гражданке Беловой"), when the dictionary knows a word of it as a given name,
patronymic or surname, or when a capitalised word inside a sentence is no word the dictionary
knows (most surnames are not in it). Places, bodies, months and acronyms ("ЦКК", "РКП(б)") are
not names. Each mention is brought to the nominative in the case its context asks for: the
preposition before it ("о Каспаровой", "с Верой"), or the title or kin word it stands beside
("товарищу Петрову", "сестрой Верой"), whose gender it also takes.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache

from commission.intake.reading import clustering
from commission.intake.reading.ru import lexicon
from commission.intake.reading.sentences import list_number_before
from commission.registry import cyrillic
from commission.registry import names as name_forms

TOKEN = re.compile(r"[А-ЯЁA-Z]\.(?=\s*[А-ЯЁA-Z])|[А-Яа-яЁёA-Za-z]+(?:-[А-Яа-яЁёA-Za-z]+)*\.?")
# An initial, or a given name shortened to its first syllable as signatures wrote it ("Ем.
# Ярославский", "Вл. Ульянов", "Ал. Шляпников").
_INITIAL = re.compile(
    r"^(?:[А-ЯЁ]|Ем|Вл|Ал|Алекс|Ан|Вас|Гр|Дм|Евг|Ег|Ек|Ел|Ив|Кл|Конст|Мих|Ник|Ол|Пав|Серг|Ст|Як)\.$"
)
_ACRONYM = re.compile(r"^[А-ЯЁ]{2,}(?:-[А-ЯЁ]+)?$")
PREPOSITION_CASE = {
    "о": "loct", "об": "loct", "обо": "loct", "при": "loct", "с": "ablt", "со": "ablt",
    "между": "ablt", "к": "datv", "ко": "datv", "у": "gent", "от": "gent", "для": "gent",
    "из": "gent", "без": "gent", "против": "gent", "около": "gent", "про": "accs",
    "через": "accs", "за": "accs",
}  # fmt: skip
# A telegram writes its full stops as "ТЧК".
_SENTENCE_END = re.compile(
    r"(?<=[.!?…])[»”\")\]]*\s+(?=[«“\"(]?[А-ЯЁA-Z0-9])|\s+(?i:ТЧК)\b\s*|\n\s*\n"
    # the points of a resolution, each on its line: "… в партии.\nб) Просить губком …"
    r"|(?<=[.;])[ \t]*\n(?=[ \t]*[а-яa-z]\)[ \t])"
    # a list of points under "Прошу:" or "постановила:", each on its line
    r"|(?<=:)[ \t]*\n(?=[ \t]*\d{1,2}[.)][ \t])"
)
_ABBREVIATION = re.compile(
    r"(?:\b[А-ЯЁA-Z]|\b(?:тов|тт|т|г|гг|ст|см|кв|тел|им|ул|д|чл|зав|зам|пр|др|т\.\s?д|т\.\s?е|"
    r"т\.\s?п|н\.\s?ст|ст\.\s?ст|№))\.$",
    re.IGNORECASE,
)


@dataclass
class Mention:
    start: int
    end: int
    text: str  # as written
    nominative: str
    gender: str  # "male", "female", "unknown"
    case: str
    titled: bool = False
    plural_title: bool = False
    cluster: int = -1
    given: str = ""
    patronymic: str = ""
    surname: str = ""
    # her name before she married, written beside this one: "Веденеева (урождённая Карпова)"
    maiden: str = ""
    # signed alone under the text ("ОКУНЕВА"): read as written, in the nominative
    signed: bool = False

    @cached_property
    def keys(self) -> frozenset[str]:
        words = name_forms.words(self.nominative) + name_forms.words(self.maiden)
        # (a given name cut short, «Вас. Дроздов», counts as its initial)
        cut = name_forms.shortened(self.nominative)
        return frozenset(
            k for k in (name_forms.fold(w) for w in words if len(w) > 1 and w not in cut) if k
        )

    @property
    def initials(self) -> list[str]:
        return [w[0] for w in self.text.split() if _INITIAL.match(w)]

    @property
    def forename_letters(self) -> list[str]:
        """First letters of the given name and patronymic, written out or as initials."""
        written = [w[0] for w in (self.given, self.patronymic) if w]
        return written or self.initials


@dataclass
class Cluster:
    index: int
    mentions: list[Mention] = field(default_factory=list)

    @property
    def best(self) -> Mention:
        return max(self.mentions, key=lambda m: (len(m.keys), len(m.nominative), -m.start))

    @property
    def name(self) -> str:
        return self.best.nominative

    @property
    def gender(self) -> str:
        genders = {m.gender for m in self.mentions} - {"unknown"}
        return genders.pop() if len(genders) == 1 else "unknown"


@lru_cache(maxsize=20000)
def _folded_nominative(word: str) -> str:
    return name_forms.fold(cyrillic.nominative(word))


@lru_cache(maxsize=20000)
def lemma(word: str) -> str:
    return cyrillic.lemma(word)


@lru_cache(maxsize=20000)
def word_case(word: str) -> tuple[str, str]:
    """(case, gender) of a common word as most likely read ("товарищу" → datv)."""
    parse = cyrillic.analyser().parse(word.lower())[0]
    gender = {"masc": "male", "femn": "female"}.get(str(parse.tag.gender), "")
    return str(parse.tag.case or ""), gender


def is_title(word: str) -> bool:
    low = word.lower()
    if low in lexicon.titles():
        return True
    # "товарищей." with its full stop ends a sentence: not a title before the next word.
    return not low.endswith(".") and lemma(low) in lexicon.titles()


@lru_cache(maxsize=20000)
def _may_be_surname(word: str) -> bool:
    """A capitalised word that no list holds as a common word, title or body: with initials
    after it, a surname ("Лапин Д.", read by the dictionary as a plural of «лапина»)."""
    low = word.lower().rstrip(".")
    return not (
        low in lexicon.not_names()
        or lemma(low) in lexicon.not_names()
        or _ACRONYM.match(word.rstrip("."))
        or lexicon.SOVIET_BODY.match(low)
        or is_title(low)
    )


def _unknown_or_surname(word: str) -> bool:
    """A word the dictionary does not know, or knows as a surname."""
    analyser = cyrillic.analyser()
    low = word.lower()
    return not analyser.word_is_known(low) or any("Surn" in p.tag for p in analyser.parse(low))


def _signed_line(text: str, start: int, end: int) -> bool:
    """The name ends its line, with no more than an office before it: a signature."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    after = text[end : len(text) if line_end < 0 else line_end].strip()
    # an office shortened ("зам. председателя", "пред. губКК") is still an office
    before = re.sub(r"(?<!\w)[а-яёa-z]{1,5}\.", "", text[line_start:start]).strip()
    return after in ("", ".", ",") and not re.search(r"[.!?,;:]", before)


_OFFICE_OR_FIELD = re.compile(
    r"(?:(?:отв\.\s*|зам\.\s*|пом\.\s*)?(?:секретарь|председатель|пред\.|член|зав\.|заведующий|"
    r"инструктор|следователь)\b[^\n.!?]{0,60}?"
    r"|(?:передал[аи]?|принял[аи]?|записал[аи]?)\s*:?[ \t]*)$",
    re.IGNORECASE,
)


def _after_office_or_field(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    after = text[end : len(text) if line_end < 0 else line_end].strip()
    before = text[line_start:start].strip()
    return after in ("", ".") and bool(before) and bool(_OFFICE_OR_FIELD.search(before + " "))


def _alone_at_foot(text: str, start: int, end: int) -> bool:
    """The name stands alone on the last written line of the text, in a paragraph of its own."""
    line_start = text.rfind("\n", 0, start) + 1
    return (
        not text[line_start:start].strip()
        and not text[end:].strip(" .\n")
        and text[max(0, line_start - 2) : line_start] == "\n\n"
    )


_SURNAME_SHAPE = re.compile(r"(?:ов|ев|ёв|ин|ын|ский|цкий|ской|ова|ева|ёва|ина|ына|ская|цкая)$")


@lru_cache(maxsize=20000)
def _given_name(word: str) -> bool:
    """A word the dictionary knows as a given name ("Кузьма", "Дарья")."""
    return any(
        "Name" in parse.tag and parse.score >= 0.1
        for parse in cyrillic.analyser().parse(word.lower())
    )


_FUNCTION_WORD = re.compile(r"по|о|об|в|во|на|к|ко|с|со|у|за|из|от|до|и|а|но|же|ли|не|ни|да")


def _name_like(word: str, *, sentence_start: bool) -> bool:
    """Whether a capitalised word can be part of a person's name."""
    low = word.lower().rstrip(".")
    if low in lexicon.not_names() or lemma(low) in lexicon.not_names():
        return False
    if len(low) <= 2 and _FUNCTION_WORD.fullmatch(low):
        return False  # "По делу тов. …" at a line's start: a preposition
    if _ACRONYM.match(word.rstrip(".")) or lexicon.SOVIET_BODY.match(low):
        return False  # "ЦКК"; "Уком", "Губпроверкомиссию": a body, written with a capital
    parts = low.split("-")
    analyser = cyrillic.analyser()
    for part in parts:
        parses = analyser.parse(part)
        top = parses[0]
        if {"Geox", "Orgn", "Trad"} & set(top.tag.grammemes) and top.score > 0.5:
            return False
        named = [p for p in parses if {"Name", "Surn", "Patr"} & set(p.tag.grammemes)]
        # "в Крестах": a person's name is singular; but "с мужем Костей", capitalised inside a
        # sentence, is a name that reads as a plural ("костей") too.
        if (
            top.tag.number == "plur"
            and "inan" in top.tag
            and top.score > 0.5
            and (sentence_start or not any(p.tag.number == "sing" for p in named))
        ):
            return False
        if named and (not sentence_start or sum(p.score for p in named) >= 0.3):
            return True
        if not named and top.tag.POS == "INFN" and top.score > 0.5:
            return False  # "… К. Н. Вызвать т. Бойко": a verb after initials opens a sentence
        if not sentence_start and top.tag.POS not in ("NPRO", "PREP", "CONJ", "PRCL"):
            # Russian capitalises a word inside a sentence only for a proper name, and most
            # surnames are in no dictionary or read as common words ("Сольцу").
            return True
    return False


# The kind of a settlement before its name in an address: a village, a station, a town.
_SETTLEMENT_BEFORE = re.compile(
    r"(?:\b(?i:село|селе|села|деревня|деревне|деревни|деревню|станица|станице|станции|станция|"
    r"посёлок|поселок|посёлке|поселке|слобода|слободе|хутор|хуторе|город|городе))"
    # (not the abbreviations "с.", "д.", "г.", "ст.": a year's "г." and an initial look alike)
    r"[ \t]*(?:[А-ЯЁ][а-яё]+[ \t]+){0,2}$"
)
# "проживает в с. Новоуспенском", "из д. Горки": a preposition, then a settlement's kind in
# lower case, abbreviated (an initial is a capital).
_SETTLEMENT_ABBREVIATED = re.compile(
    r"\b(?:в|во|из|под|у|до|близ)\s+(?:с|д|дер|пос|ст|г|сл|х)\.\s*$", re.IGNORECASE
)
_PLACE_PREPOSITION = re.compile(r"\b(?:в|во|под|на|из|из-под|близ|около|за)\s+$", re.I)


def _place_after(text: str, token: re.Match[str]) -> bool:
    """A single word after a preposition of place, that no dictionary knows as a name; or after
    any preposition, a word the dictionary knows only as a place ("про Сызрань")."""
    before = text[max(0, token.start() - 10) : token.start()]
    parses = cyrillic.analyser().parse(token.group(0).lower().rstrip("."))
    if _PLACE_PREPOSITION.search(before):
        return not any({"Name", "Patr"} & set(p.tag.grammemes) for p in parses)
    if _PREPOSITION.search(before):
        return all("Geox" in p.tag.grammemes for p in parses)
    return False


_PREPOSITION = re.compile(r"\b(?:про|до|через|между|вокруг|возле)\s+$", re.I)


# The ending of an adjective made from a place's name ("Арзамасского", "Нижегородской").
_PLACE_ADJECTIVE = re.compile(r"(?:ск|цк)(?:ий|ого|ому|им|ом|ая|ой|ую|ое|ие|их|ими)$")
# The words of a body's name that such an adjective stands before, capitalised or not.
_BODY_NAME_WORD = re.compile(
    r"(?:губернск|уездн|волостн|городск|районн|окружн|контрольн|проверочн|партийн|полицейск"
    r"|комисси|комитет|управлени|отдел|совет|исполком|уком|губком|райком"
    # "Спасского уезда", "Иваново-Вознесенская губерния", «Ижевской волости», "Калужской
    # губКК"
    r"|уезд|губерни|волост|област|округ|губ[А-ЯЁ])",
    re.IGNORECASE,
)


def _adjective_before_noun(text: str, token: re.Match[str]) -> bool:
    after = re.match(r"[ \t]*\n?[ \t]*([А-ЯЁа-яё]+)", text[token.end() : token.end() + 60])
    if after is None or after.start(1) == 0:
        return False
    low = token.group(0).lower().rstrip(".")
    word = after.group(1)
    broken = "\n" in after.group(0)
    if (
        _PLACE_ADJECTIVE.search(low)
        # (or a body's letters: "Калужской ГКК", "Спасскую УКК")
        and (_BODY_NAME_WORD.match(word) or (len(word) >= 2 and word.isupper()))
        and (word[0].islower() or not broken)
    ):
        # "Арзамасской уездной проверочной комиссией", "из Арзамасского Укома", "Президиума
        # Нижегородской Губернской Контрольной Комиссии": a place's adjective in a body's name
        return True
    if not word[0].islower():
        return False
    if (
        _PLACE_ADJECTIVE.search(low)
        and low[-2:] == word[-2:].lower()
        and any(q.tag.POS == "ADJF" for q in cyrillic.analyser().parse(word.lower())[:2])
    ):
        # "Чаадаевского потребительского общества": two adjectives agreeing before their noun
        return True
    parses = cyrillic.analyser().parse(low)[:2]
    if parses[0].tag.POS == "ADJF":
        return True
    named = any({"Name", "Surn", "Patr"} & set(p.tag.grammemes) for p in parses)
    return not named and any(p.tag.POS == "ADJF" for p in parses)


def sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if (
            "\n" not in m.group(0)
            and _ABBREVIATION.search(text[max(start, m.start() - 6) : m.start()])
            and not _verb_after_initials(text, m.start(), m.end())
        ):
            continue  # (a point of a list ends its sentence, "с 1917 г." or not)
        if "\n\n" not in m.group(0) and list_number_before(text, m.start()):
            continue  # "Прошу:\n1. Провести проверку …": a point's number begins its sentence
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


_SURNAME_INITIALS = re.compile(r"[А-ЯЁ][а-яё]+\s+[А-ЯЁ]\.\s?[А-ЯЁ]\.$")


def _verb_after_initials(text: str, stop: int, after: int) -> bool:
    """ "… личное дело т. Бойко К. Н. Вызвать т. Бойко …": the initials end the name, and a
    verb after them opens the next sentence."""
    if not _SURNAME_INITIALS.search(text, max(0, stop - 40), stop):
        return False
    word = re.match(r"[А-ЯЁ][а-яё]+", text[after:])
    if word is None:
        return False
    top = cyrillic.analyser().parse(word.group(0).lower())[0]
    return top.tag.POS in ("INFN", "VERB") and top.score > 0.5


_POINT_BEFORE = re.compile(r"(?:^|\n)[ \t]*\d{1,2}[.)][ \t]*$")


def _sentence_start(text: str, pos: int) -> bool:
    before = text[max(0, pos - 8) : pos]
    if pos == 0 or re.search(r"\n\s*$", before):
        return True
    if re.search(r"(?:^|\n)[ \t]*(?:[а-яa-z]|\d{1,2})\)[ \t]*$", text[max(0, pos - 8) : pos]):
        return True  # "а) Исключение тт. Мухиных …", "б) Просить губком …": a point of a list
    if re.search(r"(?<![а-яёА-ЯЁ])(?i:тчк)\s+$", before):
        return True  # a telegram's full stop, "… в декабре тчк Губком настаивает …"
    if not re.search(r"[.!?:;«“\"(]\s*$", before):
        return False
    # "тов. Орлова", "И. Дроздов": the full stop of a title or an initial ends no sentence.
    previous = re.search(r"(\S+)\s*$", text[max(0, pos - 16) : pos])
    word = previous.group(1).lower() if previous else ""
    return not (word in lexicon.titles() or _INITIAL.match(previous.group(1) if previous else ""))


def context_of(text: str, start: int) -> tuple[str | None, str | None]:
    """(case, gender) the words just before a name ask of it."""
    before = list(TOKEN.finditer(text[max(0, start - 40) : start]))
    if not before:
        return None, None
    words = [m.group(0) for m in before]
    gap = text[max(0, start - 40) + before[-1].end() : start]
    if re.search(r"[—–]", gap) and not re.search(r"[!?;:\n]|\.\s", gap):
        # after a dash the name stands by itself: "Секретарь — Карпова", "За секретаря — А.
        # Ремизова" (who signs, not whose)
        return "nomn", None
    if re.search(r"[!?;:\n]|\.\s", gap):
        return None, None  # the word before belongs to another sentence or line
    prev = words[-1].lower()
    if prev.endswith(".") and not is_title(prev) and not _INITIAL.match(words[-1]):
        return None, None  # "… с 1919 года. Белова вела …": the word ends a sentence
    if (prev.rstrip(".") in PREPOSITION_CASE and not prev.endswith(".")) or prev in ("о", "с"):
        return PREPOSITION_CASE[prev.rstrip(".")], None
    if is_title(prev) and prev.endswith(".") and len(words) >= 2:
        # "к тов. Сольцу": the abbreviation says nothing; the word before it may, unless a
        # colon stands between ("сообщаем: т. Ершова К. М. состоит …")
        offset = max(0, start - 40)
        if re.search(r"[!?;:\n]", text[offset + before[-2].end() : offset + before[-1].start()]):
            return None, None
        prev2 = words[-2].lower()
        if prev2 in PREPOSITION_CASE:
            return PREPOSITION_CASE[prev2], None
        if _transitive_verb(prev2):
            return "accs", None  # "знает тов. Цветкову": whom
        return None, None
    if _transitive_verb(prev.rstrip(".")):
        return "accs", None
    low = prev.rstrip(".")
    if is_title(low) or lemma(low) in lexicon.kin() or lemma(low) in lexicon.roles():
        case, gender = word_case(low)
        kin = lexicon.kin().get(lemma(low))
        if kin and kin[1] in ("male", "female"):
            gender = kin[1]
        elif lemma(low) not in ("гражданка", "гражданин"):
            gender = ""  # "товарищ", "секретарь" are said of women too
        return case or None, gender or None
    if len(words) >= 2 and lemma(words[-2].lower()) in lexicon.kin() and words[-1].islower():
        between = text[
            max(0, start - 40) + before[-2].end() : max(0, start - 40) + before[-1].start()
        ]
        kin = lexicon.kin()[lemma(words[-2].lower())]
        if "," in between and kin[1] in ("male", "female"):
            # "её отца, наборщика Федора Кочеткова": the kin word's man, named after his trade
            case, _gender = word_case(words[-2].lower())
            return case or None, kin[1]
    if _common_noun(low) and not _INITIAL.match(text[start : start + 2]):
        return "gent", None  # "исключение Орлова", "дело Беловой": whose
    return None, None


@lru_cache(maxsize=20000)
def _transitive_verb(word: str) -> bool:
    top = cyrillic.analyser().parse(word)[0]
    return top.tag.POS in ("VERB", "INFN") and "tran" in top.tag


@lru_cache(maxsize=20000)
def _common_noun(word: str) -> bool:
    """A common noun a name after it depends on; not one itself in the genitive ("секретарь
    ячейки Смирнова" names the secretary), nor a word of office."""
    top = cyrillic.analyser().parse(word)[0]
    grammemes = set(top.tag.grammemes)
    return (
        top.tag.POS == "NOUN"
        and top.tag.case != "gent"
        and not {"Name", "Surn", "Patr", "Geox"} & grammemes
        and top.normal_form not in lexicon.roles()
    )


@lru_cache(maxsize=20000)
def _office_noun(word: str) -> bool:
    """A common noun the dictionary knows, in the genitive, that is no name: "Района",
    "Комитета", "Отдела" after an office."""
    morph = cyrillic.analyser()
    if not morph.word_is_known(word.lower()):
        return False
    parses = morph.parse(word)
    return (
        parses[0].tag.POS == "NOUN"
        and parses[0].tag.case == "gent"
        # (not "Зайцев", the hares' genitive and a surname)
        and not any({"Name", "Surn", "Patr", "Geox"} & set(p.tag.grammemes) for p in parses)
    )


_AGREEING = ("VERB", "PRTF", "PRTS", "ADJS")


@lru_cache(maxsize=20000)
def _word_gender(word: str) -> str:
    parse = cyrillic.analyser().parse(word.lower())[0]
    if parse.normal_form == "который" or (parse.tag.POS in _AGREEING and parse.score >= 0.4):
        return {"masc": "male", "femn": "female"}.get(str(parse.tag.gender), "")
    return ""


def _agreeing_gender(text: str, start: int, end: int) -> str | None:
    """The gender of a past-tense verb or a participle right beside a name ("обратилась тов.
    Каспарова-Попова", "Попов, был послан"): it agrees with the name when the name is its
    subject."""
    before = [m.group(0) for m in TOKEN.finditer(text[max(0, start - 30) : start])]
    before = [w for w in before if not is_title(w)]
    after = re.match(r"[\s,\[\]\d]*([А-Яа-яЁё]+)", text[end : end + 30])
    for word in ([before[-1]] if before else []) + ([after.group(1)] if after else []):
        gender = _word_gender(word)
        if gender:
            return gender
    return None


_STREET_AFTER = re.compile(
    r"\s*,?\s*(?:ул\.|улица\b|пер\.|переулок\b|пр\.|просп\.|проспект\b|пл\.|площадь\b"
    r"|бульв\.|бульвар\b|шоссе\b|наб\.|набережная\b|тупик\b|проезд\b"
    # "Большая Серпуховская, 14, кв. 3": a street, its house and flat
    r"|\d{1,4}[а-я]?\s*,\s*(?:кв|д|стр|корп)\.)"
)


def find_mentions(text: str, *, known: frozenset[str] = frozenset()) -> list[Mention]:
    """Name mentions in `text`, in order, each read in the nominative. `known` holds folded
    name words already accepted (from the signature, or a titled mention), so a bare surname
    at the start of a sentence is taken for the name it is."""
    tokens = list(TOKEN.finditer(text))
    # the letter's own given names, whatever the dictionary knows: a word before a patronymic
    # ("Мальцева Гурьяна Тимофеевича" makes "Гурьян Мальцев" one man, not two surnames)
    given_here = {
        name_forms.fold(a.group(0))[:5]
        for a, b in itertools.pairwise(tokens)
        if a.group(0)[:1].isupper()
        and b.group(0)[:1].isupper()
        and _PATRONYMIC_FORM.search(b.group(0))
        and text[a.end() : b.start()] == " "
    }
    mentions: list[Mention] = []
    i = 0
    plural = False
    while i < len(tokens):
        tok = tokens[i]
        word = tok.group(0)
        titled = False
        first_initial = (
            # "Т. Р. Галиев": a capital "Т." before another initial is his first, not "тов."
            # ("Гр. П. Г. Сизову": "Гр." before initials is the title, гражданину)
            len(word) == 2
            and word[0].isupper()
            and bool(_INITIAL.match(word))
            and i + 1 < len(tokens)
            and bool(_INITIAL.match(tokens[i + 1].group(0)))
        )
        if is_title(word) and i + 1 < len(tokens) and not first_initial:
            gap = text[tok.end() : tokens[i + 1].start()]
            if gap.strip() == "" and tokens[i + 1].group(0)[0].isupper():
                titled = True
                plural = word.lower().startswith(("тт", "товарищам", "товарищи", "граждан"))
                i += 1
                tok = tokens[i]
                word = tok.group(0)
        elif plural and mentions and word[0].isupper():
            gap = text[mentions[-1].end : tok.start()]
            titled = bool(re.fullmatch(r"\s*(?:,|и|,\s*и)\s*", gap))
        if not titled and word.lower() != "и":
            plural = False
        if (
            not word[0].isupper()
            or not cyrillic.is_cyrillic(word)
            # "группа ИСТ-31", "ЦКК-2": a code in capitals with its number, no one's name
            or (word.isupper() and re.match(r"-\d", text[tok.end() : tok.end() + 2]))
        ):
            i += 1
            continue
        run = [tok]
        j = i + 1
        while j < len(tokens):
            nxt = tokens[j]
            gap = text[run[-1].end() : nxt.start()]
            if not nxt.group(0)[0].isupper():
                break
            # "тт. Арсеньева Бориса / Львовича": a name carried over a line break before its
            # patronymic
            # ("… товарища Огурцова / Ефима Лаврентьевича": before a given name and patronymic)
            broken = (
                gap.strip(" \t") == "\n"
                and (
                    bool(_PATRONYMIC_FORM.search(nxt.group(0)))
                    or (
                        j + 1 < len(tokens)
                        # (a surname after a title above, not a body's word: "Комитета / Михаилу
                        # Ивановичу", "Главполитпросвета / Надежде Константиновне")
                        and titled
                        and len(run) == 1
                        and _unknown_or_surname(run[-1].group(0))
                        and text[nxt.end() : tokens[j + 1].start()] == " "
                        and tokens[j + 1].group(0)[:1].isupper()
                        and bool(_PATRONYMIC_FORM.search(tokens[j + 1].group(0)))
                    )
                )
            )
            if gap not in (" ", "", "\u00a0") and not broken:
                break
            if run[-1].group(0).endswith(".") and not _INITIAL.match(run[-1].group(0)):
                break  # a full stop after a word ends the sentence, not the name
            if _verb_after_initials(text, run[-1].end(), nxt.start()):
                break  # "дело т. Бойко К. Н. Вызвать …": the initials end the name
            if is_title(nxt.group(0)) and not (
                # "Н. Т. Пузанова": after an initial, "Т." is the second initial, not "тов."
                _INITIAL.match(run[-1].group(0)) and _INITIAL.match(nxt.group(0))
            ):
                break
            run.append(nxt)
            j += 1
        for k in range(len(run) - 2):
            if (
                not _INITIAL.match(run[k].group(0))
                and _INITIAL.match(run[k + 1].group(0))
                and _office_noun(run[k].group(0))
            ):
                # "Секретарь Района М. Аристархова": the office's words, capitalised as old
                # papers write them, then the initials and surname of who holds it
                run = run[k + 1 :]
                break
        if (
            not titled
            and run[0].group(0) == "Ст."
            and re.match(r",\s*\d", text[run[-1].end() : run[-1].end() + 4])
        ):
            i = j  # "Ст. Лиски, 9 февраля 1922 г.": the station it was written at, and when
            continue
        if not titled and _STREET_AFTER.match(text, run[-1].end()):
            i = j  # "Бежицкая ул., д. 22", "Малая Дмитровка ул.": a street, no one's name
            continue
        if not titled and _body_in_capitals(run):
            # "Всероссийского Центрального Исполнительного Комитета": a body's name, each word
            # capitalised, not a person's ("Всероссийский" reads as a surname in -ский)
            i = j
            continue
        if not titled and _PLACE_NAMED.search(text, max(0, tok.start() - 12), tok.start()):
            run = _after_place(run)
            if not run:
                i = j
                continue
        if not titled and _NAMED_AFTER.search(text, max(0, tok.start() - 12), tok.start()):
            # "фабрики им. Дзержинского", "дом Бочарова", "бывш. Гарелина": a works, a house or
            # an owner's firm named after someone, not the person; a name written on after it
            # is a person's ("фабрики им. Урицкого Вдовину Прасковью Фёдоровну")
            named = 0
            while named < len(run) and _INITIAL.match(run[named].group(0)):
                named += 1
            run = run[named + 1 :]
            if not run:
                i = j
                continue
        for part in _surnames_apart(run, given_here):
            mention = _mention(text, part, titled=titled, known=known)
            if mention is not None:
                mention.plural_title = plural
                mentions.append(mention)
        i = j
    return _maiden_names(text, _settle_genders(_settle_lists(text, mentions)))


_BODY_NOUNS = frozenset(
    ["комитет", "комиссия", "совет", "бюро", "президиум", "коллегия", "секретариат", "исполком",
     "управление", "отдел", "партия", "суд", "трибунал", "съезд", "конференция"]
)  # fmt: skip


def _body_in_capitals(run: list[re.Match[str]]) -> bool:
    """Adjectives, then a body's noun, all capitalised, perhaps after an office ("Председателю
    Всероссийского Центрального Исполнительного Комитета"): a body's name, no one's."""
    if len(run) < 2 or lemma(run[-1].group(0).lower()) not in _BODY_NOUNS:
        return False
    analyser = cyrillic.analyser()
    for position, token in enumerate(run[:-1]):
        parses = analyser.parse(token.group(0).lower())
        if any(p.tag.POS == "ADJF" for p in parses):
            continue
        named = any({"Name", "Surn", "Patr"} & set(p.tag.grammemes) for p in parses)
        if position == 0 and not named and parses[0].tag.POS == "NOUN":
            continue  # the office the letter is addressed to
        return False
    return True


_NAMED_AFTER = re.compile(
    r"(?:\bим\.|\bимени|\bбывш\.|\bбывш(?:ей|его|ая|ий)|\b[Дд]ом(?:е|а)?)\s*(?:[«\"])?$"
)
# A village, a settlement, a station by its name: "дер. Малые Вязёмы", "села Кротовка".
_PLACE_NAMED = re.compile(
    r"(?:\b(?:дер|пос|ст|с)\.|\b(?:деревн[яиюе]|сел[оау]|посёл(?:ок|ка|ке)|посел(?:ок|ка|ке)"
    r"|станци[яиюей]))\s*$"
)


def _after_place(run: list[re.Match[str]]) -> list[re.Match[str]]:
    """The words of a run after the place it opens with ("дер. Малые Вязёмы Пелагеи Зуевой"):
    from the first word the dictionary knows as a given name or patronymic; none if no such."""
    for k, tok in enumerate(run):
        if k and any(
            p.score >= 0.1 and ({"Name", "Patr"} & set(p.tag.grammemes))
            for p in cyrillic.analyser().parse(tok.group(0))
        ):
            return run[k:]
    return []


# Between a woman's name and the name she was born with: "Веденеева (урождённая Карпова)",
# "Зайцеву Марию Николаевну (урождённую Ракитину)", "Гусевой (девичья фамилия её Мельникова)".
_MAIDEN_GAP = re.compile(
    r"\s*[(,]?\s*(?:урожд[её]нн\w*|урожд\.|в\s+девичестве|девичья\s+фамилия(?:\s+е[её])?"
    r"|до\s+замужества)\s*[:—–-]?\s*",
    re.IGNORECASE,
)


# Between a woman's maiden name and the name she took: "Лузина, ныне по мужу Вершинина",
# "Карпова, в замужестве Веденеева".
_MARRIED_GAP = re.compile(
    r"\s*[(,]?\s*(?:(?:ныне|теперь)\s+)?(?:по\s+мужу|в\s+замужестве)\s*[:—–-]?\s*",
    re.IGNORECASE,
)


def _maiden_names(text: str, mentions: list[Mention]) -> list[Mention]:
    """The name a woman was born with, written beside her name, is another name of hers, not
    another person: kept with her mention (so a later "Карпова" is her), not as a mention."""
    kept: list[Mention] = []
    maiden_end = -1
    for mention in mentions:
        if kept and _MAIDEN_GAP.fullmatch(text, kept[-1].end, mention.start):
            kept[-1] = replace(kept[-1], maiden=mention.nominative)
            maiden_end = mention.end
            continue
        if (
            kept
            and kept[-1].given
            and not mention.given
            and " " not in mention.nominative
            and _MARRIED_GAP.fullmatch(text, kept[-1].end, mention.start)
        ):
            # "Глафира Степановна Лузина, ныне по мужу Вершинина": the name she goes by now,
            # the other the one she was born with
            wife = kept[-1]
            born = wife.nominative.split()[-1]
            married = cyrillic.read_name(mention.text, gender="female").text
            now = " ".join([*wife.nominative.split()[:-1], married])
            kept[-1] = replace(wife, nominative=now, surname=married, maiden=born, gender="female")
            continue
        woman = kept[-1] if kept else None
        if (
            woman is not None
            and maiden_end >= 0
            and re.fullmatch(r"\s*\)\s*", text[maiden_end : mention.start])
            and mention.given
            and not mention.surname
            and woman.surname
            and not woman.given
        ):
            # "Шилова (урожд. Карпова) Анфиса": her given name after the brackets
            kept[-1] = _joined(text, woman, mention)
            maiden_end = -1
            continue
        maiden_end = -1
        kept.append(mention)
    return kept


def _joined(text: str, surname: Mention, rest: Mention) -> Mention:
    return replace(
        surname,
        end=rest.end,
        text=text[surname.start : rest.end],
        nominative=f"{rest.nominative} {surname.nominative}",
        gender=rest.gender if rest.gender != "unknown" else surname.gender,
        given=rest.given,
        patronymic=rest.patronymic,
    )


_PATRONYMIC_FORM = re.compile(r"(?:ович|евич|ьич|ич|овн|евн|ичн|иничн)(?:а|у|ем|ом|е|ой|ы|ею|ою)?$")


def _surnames_apart(
    run: list[re.Match[str]], given_here: set[str] | frozenset[str] = frozenset()
) -> list[list[re.Match[str]]]:
    """A run of surnames alone is several people, as a telegram signs ("Дегтярев Балашова"):
    no given name, patronymic or initial among them, and each word read only as a surname."""
    words = [m.group(0) for m in run]
    shape = "".join("I" if _INITIAL.match(w) else "W" for w in words)
    if (two := re.fullmatch(r"(W?I{1,3}W)I{1,3}W", shape)) is not None:
        # "Письмо А. С. Тепловой Н. К. Крупской": the writer, then whom it is to
        return [run[: len(two.group(1))], run[len(two.group(1)) :]]
    if len(words) < 2 or any(_INITIAL.match(w) or w.isupper() for w in words):
        return [run]
    if any(name_forms.fold(w)[:5] in given_here for w in words):
        return [run]  # a given name the letter itself writes before a patronymic
    words[-1] = words[-1].rstrip(".")  # "… Коршуновой Хвостова.": the sentence's stop
    for word in words:
        readings = cyrillic.word_readings(word)
        if not readings or any(r.part != "surname" for r in readings):
            return [run]
        # a surname the dictionary knows, not one guessed from an ending ("Председателю")
        if not any("Surn" in p.tag.grammemes for p in cyrillic.analyser().parse(word.lower())):
            return [run]
    return [[m] for m in run]


# Between names of one list; a telegram's surnames stand with no comma ("Кострикина Ухову").
_LIST_GAP = re.compile(r"(?:\s*(?:,|и|,\s*и)\s*|[ \t]+)(?:тов\.\s*|т\.\s*|тт\.\s*)?")


def _last_word_readings(mention: Mention) -> tuple[cyrillic.Reading, ...]:
    """The readings of the last word of a name that is no initial (its surname, mostly)."""
    words = [w for w in mention.text.split() if len(w) > 2 and not _INITIAL.match(w)]
    return cyrillic.word_readings(words[-1].rstrip(".,")) if words else ()


def _cases(mention: Mention) -> set[str]:
    return {r.case for r in _last_word_readings(mention)} - {"any"}


def _settle_lists(text: str, mentions: list[Mention]) -> list[Mention]:
    """Names listed together stand in one case: in "исключены тов. Белова и тов. Жуковская"
    the second can only be a nominative, so the first is one too (Белова, not Белов's
    genitive)."""
    groups: list[list[int]] = []
    for index, m in enumerate(mentions):
        if groups and _LIST_GAP.fullmatch(text[mentions[groups[-1][-1]].end : m.start]):
            groups[-1].append(index)
        else:
            groups.append([index])
    for group in groups:
        if len(group) < 2:
            continue
        certain = [_cases(mentions[i]) for i in group]
        fixed = {next(iter(c)) for c in certain if len(c) == 1}
        if not fixed:
            # "Кострикина Ухову Белобородько" after "исключил": the one case all can be read in
            known = [c for c in certain if c]
            fixed = set.intersection(*known) if len(known) >= 2 else set()
        if len(fixed) != 1:
            continue
        case = fixed.pop()
        for i, cases in zip(group, certain, strict=True):
            m = mentions[i]
            if len(cases) > 1 and case in cases and m.case != case:
                # the list's case decides the gender too: "Захарова" in the accusative is a man
                genders = {r.gender for r in _last_word_readings(m) if r.case == case}
                gender = genders.pop() if len(genders) == 1 else None
                reading = cyrillic.read_name(m.text, case=case, gender=gender, strict=bool(gender))
                mentions[i] = _reread(m, reading)
    return mentions


def _reread(m: Mention, reading: cyrillic.NameReading) -> Mention:
    return Mention(
        start=m.start,
        end=m.end,
        text=m.text,
        nominative=reading.text,
        gender=reading.gender,
        case=reading.case,
        titled=m.titled,
        plural_title=m.plural_title,
        given=reading.given,
        patronymic=reading.patronymic,
        surname=reading.surname,
    )


def _certain_gender(mention: Mention) -> bool:
    """Whether a word of a mention admits only the gender it was read in ("Каспаровой" is a
    woman, and so is "Цветкову Ольгу"; "Петрову" alone may be either)."""
    other = {"male": "female", "female": "male"}.get(mention.gender)
    if other is None:
        return False
    for word in mention.text.split():
        if len(word) > 2 and not _INITIAL.match(word):
            readings = cyrillic.word_readings(word.rstrip(".,"))
            if readings and not any(r.gender == other for r in readings):
                return True
    return False


def _settle_genders(mentions: list[Mention]) -> list[Mention]:
    """A name whose case leaves its gender open ("Каспарову-Попову": a man's dative or a
    woman's accusative) takes the gender of the same name written elsewhere in the letter in a
    form that leaves no doubt ("Каспаровой-Поповой")."""
    sure = [m for m in mentions if _certain_gender(m)]
    for index, m in enumerate(mentions):
        if _certain_gender(m) or m.signed:
            continue  # (a signed name is in the nominative: "Окунева" is his wife, not him)
        # Only a form that could be the same person: "А. Смирнова" is not "Иван Петрович
        # Смирнов", though their surname is one.
        genders = {
            other.gender
            for other in sure
            if m.keys <= other.keys
            and not any(
                x != y for x, y in zip(m.forename_letters, other.forename_letters, strict=False)
            )
        }
        if len(genders) == 1 and m.gender not in genders:
            gender = genders.pop()
            reading = cyrillic.read_name(m.text, gender=gender)
            if reading.gender == gender:
                mentions[index] = _reread(m, reading)
    return mentions


def _mention(
    text: str, run: list[re.Match[str]], *, titled: bool, known: frozenset[str]
) -> Mention | None:
    sentence_start = _sentence_start(text, run[0].start()) and not titled

    def keep(m: re.Match[str], first: bool) -> bool:
        word = m.group(0)
        if _INITIAL.match(word):
            return True
        if known and _folded_nominative(word) in known:
            return True
        if (
            m is run[-1]
            and _SURNAME_SHAPE.search(word.lower())
            and (
                _after_office_or_field(text, m.start(), m.end())
                or (len(run) == 1 and _alone_at_foot(text, m.start(), m.end()))
            )
        ):
            # "Секретарь МКК Оленин", "Передал: Оленин": a surname's shape after an office or
            # a form's field, ending the line, though the dictionary reads it as a common word
            return True
        return _name_like(word.rstrip("."), sentence_start=sentence_start and first)

    acronym = max(
        (
            k
            for k, m in enumerate(run[:-1])
            if m.group(0).isalpha() and m.group(0).isupper() and len(m.group(0)) >= 2
        ),
        default=-1,
    )
    if (
        acronym >= 1
        and not run[-1].group(0).isupper()
        and re.search(r"(?:ого|его|ой|ей)$", run[acronym - 1].group(0))
    ):
        # "отв. секретарь Хамовнического РК Шаповалов": the body's words before its letters
        # are no part of the name after them
        run = run[acronym + 1 :]
    # "тов. Куйбышеву В. В.": the title vouches for the surname its initials follow
    vouched = titled and all(_INITIAL.match(m.group(0)) for m in run[1:])
    # "Лапин Д.", "Гусаров Т. И.": a word and the initials after it are a surname signed
    vouched = vouched or (
        len(run) >= 2
        and all(_INITIAL.match(m.group(0)) for m in run[1:])
        and not _INITIAL.match(run[0].group(0))
        and _may_be_surname(run[0].group(0))
    )
    # "Жакова Павла Ильича": a word before a given name and a patronymic is the surname, though
    # no dictionary knows it; so is the word a list's point opens with before a given name
    # alone ("4. Пастухов Игнатий (отчество неизвестно), кандидат партии")
    point = bool(_POINT_BEFORE.search(text, max(0, run[0].start() - 8), run[0].start()))
    vouched = vouched or (
        (len(run) == 3 or (point and len(run) == 2))
        and _given_name(run[1].group(0))
        and (len(run) == 2 or bool(_PATRONYMIC_FORM.search(run[2].group(0))))
        and _may_be_surname(run[0].group(0))
        and (point or not _sentence_start(text, run[0].start()))  # "Но Виктор Андреевич …"
        and _unknown_or_surname(run[0].group(0))  # "Многоуважаемая Мария Ильинична"
    )
    # "Кандидат РКП(б) Ручьёв Дмитрий": a surname's shape before a given name, inside a
    # sentence, though the dictionary reads it as a common word («ручьёв», of streams)
    vouched = vouched or (
        len(run) == 2
        and _given_name(run[1].group(0))
        and bool(_SURNAME_SHAPE.search(run[0].group(0).lower()))
        and _may_be_surname(run[0].group(0))
        and not _sentence_start(text, run[0].start())
    )
    # "Надежде Константиновне Крупской" at a line's head: a given name that is also a common
    # word («надежде», to hope) before a patronymic is the name
    vouched = vouched or (
        len(run) >= 2
        and _given_name(run[0].group(0))
        and bool(_PATRONYMIC_FORM.search(run[1].group(0)))
    )
    while run and not keep(run[0], True) and not (titled and len(run) == 1) and not vouched:
        run = run[1:]
        sentence_start = False
    # "Д. Сарафанов", "Кузьма Сарафанов": after initials or a given name, a capitalised word
    # is a surname though the dictionary reads it as a common word («сарафанов», of sundresses)
    surname_last = (
        len(run) >= 2
        and not _INITIAL.match(run[-1].group(0))
        and (
            all(_INITIAL.match(m.group(0)) for m in run[:-1])
            or (
                len(run) == 2
                and _given_name(run[0].group(0))
                and _SURNAME_SHAPE.search(run[-1].group(0))
            )
        )
        and _may_be_surname(run[-1].group(0))
        and _signed_line(text, run[0].start(), run[-1].end())
    )
    while (
        run
        and not surname_last
        and not keep(run[-1], len(run) == 1)
        and not (titled and len(run) == 1)
    ):
        run = run[:-1]
    if not run or all(_INITIAL.match(m.group(0)) for m in run):
        return None
    if len(run) > 2 and all(len(m.group(0)) == 1 for m in run):
        return None  # "П Р О Ш Е Н И Е": a heading's word spaced out, letter by letter
    start = run[0].start()
    end = run[-1].end()
    if len(run) == 1 and not titled and _adjective_before_noun(text, run[0]):
        return None  # "в Московскую губернскую комиссию": an adjective naming a body or place
    if len(run) == 1 and not titled and _place_after(text, run[0]):
        return None  # "ранен под Перекопом", "погиб под Царицыном": a place
    if not titled and (
        _SETTLEMENT_BEFORE.search(text, max(0, start - 40), start)
        or _SETTLEMENT_ABBREVIATED.search(text, max(0, start - 20), start)
    ):
        return None  # "село Покровския Дубки", "в с. Новоуспенском", "ст. Бологое": a place
    raw = text[start:end]
    if raw.endswith(".") and not _INITIAL.match(run[-1].group(0)):
        raw, end = raw[:-1], end - 1
    case, gender = context_of(text, start)
    gender = gender or _agreeing_gender(text, start, end)
    if case is None and _sentence_start(text, start):
        case = "nomn"  # a name opening its sentence is most often its subject
    signed = _alone_at_foot(text, start, end)
    if signed:
        case = "nomn"  # a name signed alone under the text ("ОКУНЕВА"): as she signs it
    # (a name carried over a line break reads as one line)
    reading = cyrillic.read_name(" ".join(raw.split()), case=case, gender=gender)
    return Mention(
        start=start,
        end=end,
        text=raw,
        nominative=reading.text,
        gender=reading.gender,
        case=reading.case,
        titled=titled,
        given=reading.given,
        patronymic=reading.patronymic,
        surname=reading.surname,
        signed=signed,
    )


def cluster_mentions(mentions: list[Mention]) -> list[Cluster]:
    """Mentions of one person: the name words of the shorter are among those of the longer,
    genders do not clash (Каспаров the brother is not Каспарова), nor do first letters of the
    given name."""
    clusters: list[Cluster] = []
    for mention in mentions:
        if not mention.keys:
            continue
        home = next((c for c in clusters if _compatible(mention, c)), None)
        if home is None:
            home = Cluster(len(clusters))
            clusters.append(home)
        home.mentions.append(mention)
        mention.cluster = home.index
    return _patronymics_alone_joined(clusters)


def _patronymics_alone_joined(clusters: list[Cluster]) -> list[Cluster]:
    """ "Лаврентьевича лично знаю" after "Огурцова Ефима Лаврентьевича": a man called by his
    patronymic alone, as peasants and workmates call one another, is the one person of the
    letter whose name has that patronymic."""
    joined = False
    for cluster in clusters:
        words = {w for m in cluster.mentions for w in m.text.split()}
        if len(words) != 1 or not _PATRONYMIC_FORM.search(next(iter(words))):
            continue
        stem = name_forms.fold(next(iter(words)))[:-2]
        homes = [
            other
            for other in clusters
            if other is not cluster
            and other.mentions
            and any(
                len(m.text.split()) > 1
                and any(name_forms.fold(w).startswith(stem) for w in m.text.split()[1:])
                for m in other.mentions
            )
        ]
        if len(homes) != 1:
            continue
        clustering.join(homes[0], cluster)
        joined = True
    if not joined:
        return clusters
    return clustering.renumbered(clusters)


def _within(small: frozenset[str], large: frozenset[str]) -> bool:
    """Every word of `small` is in `large`, an everyday form of a given name standing for its
    full name ("Лёвка" within "Малышев Лев Петрович")."""
    short_forms = lexicon.diminutives()
    return all(k in large or any(f in large for f in short_forms.get(k, ())) for k in small)


def _compatible(mention: Mention, cluster: Cluster) -> bool:
    # all the names of a woman whose maiden name was written beside her married one: "Маня
    # Ракитина" and "т. Зайцева" are both "Зайцева Мария Николаевна (урождённая Ракитина)"
    whole = next((other.keys for other in cluster.mentions if other.maiden), None)
    # the cluster's fullest name: "Капитолина Ерофеевна" and "Суслова" are both within
    # "Капитолину Ерофеевну Суслову", though neither is within the other
    fullest = max((other.keys for other in cluster.mentions), key=len)
    for other in cluster.mentions:
        a, b = mention.keys, other.keys
        if whole is not None and _within(b, whole):
            b = whole
        if not (_within(a, b) or _within(b, a) or (_within(a, fullest) and _within(b, fullest))):
            return False
        if len({mention.gender, other.gender} - {"unknown"}) > 1:
            return False
        letters = zip(mention.forename_letters, other.forename_letters, strict=False)
        if any(x != y for x, y in letters):
            return False
    return True


def known_words(names: list[str]) -> frozenset[str]:
    return frozenset(name_forms.fold(w) for n in names for w in name_forms.words(n) if len(w) > 2)
