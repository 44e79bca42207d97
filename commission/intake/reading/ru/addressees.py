"""Whom a Russian letter is addressed to: the people and bodies of its address and salutation
lines ("Товарищу Петрову", "Тт. Залуцкому и Сольцу", "Тов. Сольц!", "Уважаемый Владимир
Ильич!", "В губернскую проверочную комиссию", "Председателю ЦКК тов. Сольцу"). A body is given
in the nominative ("Губернская проверочная комиссия"); a line that names a person gives the
person."""

from __future__ import annotations

import itertools
import re

from commission.intake.reading import casing
from commission.intake.reading.mailtime import MAILBOX
from commission.intake.reading.model import Extraction, Item, Letter, Span
from commission.intake.reading.ru.context import ABOUT_LINE, HANDLING_LINE, Ctx
from commission.intake.reading.ru.lexicon import SOVIET_BODY, soviet_nominative
from commission.intake.reading.ru.lines import WRITER_TO_HEADING
from commission.intake.reading.ru.people import Mention, find_mentions, lemma
from commission.registry import cyrillic

BODY_HEADS = frozenset(
    [
        "комиссия",
        "комитет",
        "бюро",
        "оргбюро",
        "политбюро",
        "президиум",
        "коллегия",
        "секретариат",
        "ячейка",
        "уком",
        "губком",
        "райком",
        "партком",
        "совет",
        "отдел",
        "собрание",
        "тройка",
    ]
)
ACRONYM_BODY = re.compile(
    # (a district committee, "РК", or its commission, "РКК", "МКК", as minutes write them)
    r"\b(?:ЦКК|ЦК|ГКК|УКК|ГубКК|ЦКПК|ЦПК|ГПК|УПК|РКК|МКК|РК|УК|ГК)\b(?:\s+РКП\s*\(б\))?"
)
_FROM_LINE = re.compile(r"^\s*от\s+", re.I)
_BODY_LINE = re.compile(
    r"^\s*(?:[Вв]|[Вв]о|Президиуму|Бюро|Секретариату|[А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)*(?:ой|ому))\b"
)
# "Бюро ячейки …" reads alike as who sends (a letterhead) and as whom it goes to; above a line
# that sends the letter "В …" it is the letterhead.
_SENDING_BUREAU = re.compile(r"^\s*(?:Бюро|Президиум)\s")
_ADDRESSED_BELOW = re.compile(r"^[ \t]*(?:[Вв]о?|Копия:?\s+в)\s+[А-ЯЁа-яё]", re.M)
# "Председателю уездной проверочной комиссии": the office, then the body in the genitive.
_OFFICE_OF = re.compile(
    r"^\s*(Председателю|Секретарю|Членам|Заведующему|Начальнику|Президиуму|Бюро|Секретариату)\s+"
)
# The office of one person, in the nominative: the addressee when no name follows it.
_OFFICE_HOLDER = {
    "Председателю": "Председатель",
    "Секретарю": "Секретарь",
    "Заведующему": "Заведующий",
    "Начальнику": "Начальник",
}
_PATRONYMIC_LAST = re.compile(
    r"^[А-ЯЁ][а-яё]+\s+[А-ЯЁ][а-яё]+(?:ович|евич|ич|овна|евна|ична|инична)$"
)
_WORD = re.compile(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*|\S+")


def _body_head(word: str) -> bool:
    """A body's head noun, in any case ("губкому", "комиссию", "губпроверкому"), or a control
    commission's letters ("областной КК")."""
    return (
        lemma(word) in BODY_HEADS
        or bool(SOVIET_BODY.match(word.lower()))
        or bool(_COMMISSION_LETTERS.fullmatch(word))
        or bool(_COMMITTEE_LETTERS.fullmatch(word))
    )


_COMMISSION_LETTERS = re.compile(r"(?:обл|губ|окр|у|Ц|Г|У)?КК|ЦК")
# A district's, uyezd's or town's committee by its letters: "Рогожско-Симоновскому РК".
_COMMITTEE_LETTERS = re.compile(r"РК|УК|ГК")


def body_nominative(phrase: str) -> str:
    """ "губернскую проверочную комиссию" → "Губернская проверочная комиссия": the head noun and
    the adjectives before it in the nominative, the words after the head as written."""
    tokens = list(_WORD.finditer(phrase))
    analyser = cyrillic.analyser()
    head = next((i for i, t in enumerate(tokens) if _body_head(t.group(0))), None)
    if head is None:
        return phrase.strip()
    out = []
    head_parse = next(
        (p for p in analyser.parse(tokens[head].group(0).lower()) if "NOUN" in p.tag), None
    )
    gender = str(head_parse.tag.gender) if head_parse is not None else "femn"
    letters = bool(_COMMISSION_LETTERS.fullmatch(tokens[head].group(0)))
    if letters:
        gender = "femn"  # "КК", a control commission
    elif _COMMITTEE_LETTERS.fullmatch(tokens[head].group(0)):
        letters, gender = True, "masc"  # "РК", a district committee
    soviet = lemma(tokens[head].group(0)) not in BODY_HEADS and not letters
    if soviet:
        # "Уфимскому губпроверкому": a word the dictionary does not know; its ending says
        head_word = soviet_nominative(tokens[head].group(0).lower())
        gender = "femn" if head_word.endswith("я") else "masc"
    for i, token in enumerate(tokens[: head + 1]):
        word = token.group(0)
        if word.isupper() and len(word) > 1:
            out.append(word)
            continue
        parses = analyser.parse(word.lower())
        if i == head and soviet:
            out.append(head_word)
            continue
        if i == head and head_parse is not None:
            inflected = head_parse.inflect({"nomn", "sing"})
        elif "-" in word:
            # "Иваново-Вознесенскую": the first part of a compound adjective does not decline
            prefix, _, last = word.rpartition("-")
            adjective = next((p for p in analyser.parse(last.lower()) if "ADJF" in p.tag), None)
            declined = adjective.inflect({"nomn", "sing", gender}) if adjective else None
            tail = declined.word if declined else last.lower()
            if last[:1].isupper():
                tail = tail[:1].upper() + tail[1:]
            out.append(f"{prefix if prefix[:1].isupper() and i else prefix.lower()}-{tail}")
            continue
        else:
            adjective = next((p for p in parses if "ADJF" in p.tag), None)
            inflected = (
                adjective.inflect({"nomn", "sing", gender}) if adjective is not None else None
            )
        out.append(inflected.word if inflected is not None else word.lower())
    rest = phrase[tokens[head].end() :].strip() if head + 1 <= len(tokens) else ""
    text = " ".join(out) + (" " + rest if rest else "")
    text = text.strip(" ,.:!")
    return text[:1].upper() + text[1:]


# A first paragraph that opens with its greeting: "тов. Окулов! Очень жалею, что …".
_GREETING_IN_TEXT = re.compile(
    r"^\s*(?:тов\.|т\.|товарищ[иу]?|уважаемый|дорогой)\s*[А-ЯЁ][\w-]*\.?"
    r"(?:\s+[А-ЯЁ][\w-]*\.?){0,2}\s*!(?=\s+\S)",
    re.IGNORECASE,
)


# A telegram's line of where and to whom, read as a sentence: "Вологда. Председателю
# губкомиссии по проверке тов. Рябову."
_PLACE_THEN_OFFICE = re.compile(
    r"^[ \t]*[А-ЯЁ][а-яё-]+[.,][ \t]+(?:Председателю|Секретарю|Заведующему|Начальнику"
    # "Казань. Татарскому областному комитету РКП(б), Татарской областной КК."
    r"|[А-ЯЁ][а-яё-]+(?:ому|ой)[ \t]+[а-яё-]+(?:ому|ой)?[ \t]*[а-яё-]*(?:у|ю|ии)\b)"
)
_TOWN_FIRST = re.compile(r"^[А-ЯЁ][а-яё-]+\.\s+")

# A heading that says on whose paper a note is written ("Пометка на заявлении С. Д. Ладыгиной"):
# the person named is whose paper it is, not whom the note goes to.
_ON_DOCUMENT = re.compile(
    r"^\s*(?:Пометка|Надпись|Резолюция|Приписка|Заметка|Отметка)\s+(?:на|к|по)\s"
    # "Резолюция А. А. Сольца на письме М. П. Лунёвой": whose note, on whose paper
    r"|^\s*(?:Пометка|Надпись|Резолюция|Приписка|Заметка|Отметка)(?:\s+[\w.-]+){1,4}?\s+на\s+"
    r"(?:письм|заявлени|телеграмм|записк|документ|отношени|докладн|рапорт|протокол|жалоб"
    r"|ходатайств|прошени|справк)\w*\b",
    re.I,
)


_TITLE_TO_BODY = re.compile(
    r"^\s*(?:Письм[оа]|Заявлени[ея]|Записк[аи]|Телеграмм[аы]|Жалоб[аы]|Ходатайств[оа]"
    r"|Прошени[ея]|Отношени[ея]|Докладная\s+записка)\s.*?\s(?P<to>(?:в|во)\s+\S.*)$",
    re.I,
)

# The lines of minutes that name who sat and who chaired: "Присутствовали: Дроздов, Канищев".
# A paper's kind above it, with whom it is for in the dative: "РЕКОМЕНДАЦИЯ А. И. ШУМИЛИНУ" is
# given to the one recommended, not sent to him.
_PAPER_FOR = re.compile(
    r"^\s*(?:Рекомендация|Характеристика|Удостоверение|Справка|Мандат|Отзыв)\b", re.I
)

_MINUTES_LINE = re.compile(
    r"^\s*(?:Присутствовали|Присутствуют|Присутствовал[аи]?|Председательствовал[аи]?"
    r"|Председатель\s+(?:собрания|заседания)|Секретарь\s+(?:собрания|заседания)|Слушали"
    r"|Постановили)\b",
    re.I,
)

# "Копия — тов. Молотову": who gets a copy is not whom the letter is addressed to.
_COPY_WORDS = r"(?:Копия|Копии|Копию|В\s+копии)\b"
_COPY = re.compile(rf"^\s*{_COPY_WORDS}", re.I)
# "Копия: Вологодской губернской контрольной комиссии." on a line of its own below the text
_COPY_BELOW = re.compile(rf"^[ \t]*{_COPY_WORDS}[ \t:—–-]*(?P<to>[^\n]+)", re.MULTILINE)


# A telegram's address line, cased: its town, then bodies and the person in the dative, a copy
# after «копия», up to the first full stop ("Москва ЦКК Сольцу копия Цека РКП. Уфимским …").
# (the full stop of "тов." or of an initial does not end the address: "Москва ЦКК РКП тов.
# Шкирятову")
_TELEGRAM_ADDRESS = re.compile(
    r"^[ \t]*(?P<town>[А-ЯЁ][а-яё-]+)[ \t]+"
    r"(?P<rest>(?:[^.\n]|(?<=\bтов)\.|(?<=\bт)\.|(?<=\b[А-ЯЁ])\.)+)",
    re.M,
)
_TO_FIELD = re.compile(r"^(?:Кому|Адресат)\s*:\s*(\S.*)$")
_TELEGRAM_FORM_ABOVE = re.compile(r"\b(?:подана|принята|слов)\b", re.I)
_COPY_WORD = re.compile(r"\s+копи[яи]\s+", re.I)
_FORM_LINE = re.compile(r"№|\b(?:подан|принят|передан|слов)\w*\b", re.I)


def _telegram_address(ctx: Ctx, out: Extraction, seen: set[str]) -> bool:
    """Addressees of a telegram's address line: the people named in it and the central bodies
    written by their letters ("ЦКК", "ЦК РКП")."""
    for m in _TELEGRAM_ADDRESS.finditer(ctx.text, 0, min(len(ctx.text), 600)):
        if not casing.russian_town(m.group("town")) or len(m.group("rest").split()) > 10:
            continue
        if _FORM_LINE.search(m.group("rest")):
            continue  # "Вологда № 417 слов 66 подана 24/VIII-21": the form's line, not the address
        if not _sent_to(ctx, m.start("rest"), m.end("rest")):
            continue  # "ТВЕРСКАЯ ГУБЕРНСКАЯ ПРОВЕРОЧНАЯ КОМИССИЯ РКП": a letterhead, who sends
        # the address stands above the text, or runs into it after the telegraph's "ТЧК",
        # which the cased view writes as a full stop and three spaces
        if (
            m.end() > ctx.opening[1]
            and not ctx.text.startswith(".   ", m.end())
            # (the first line under a form's header, read as a sentence for want of a stop)
            and not (
                m.start() == ctx.opening[1] and _TELEGRAM_FORM_ABOVE.search(ctx.text, 0, m.start())
            )
        ):
            continue
        pos = m.start("rest")
        for part in _COPY_WORD.split(m.group("rest")):
            at = ctx.text.index(part, pos)
            pos = at + len(part)
            body = part
            for x in _people_in(ctx, out, at, pos, seen):
                body = body.replace(ctx.text[x.start : x.end], "")
            office = re.search(r"\b(?:председател|секретар|заведующ|начальник)", body, re.I)
            body = re.sub(r"\b(?:председател|секретар|товарищ|тов\.)\w*", "", body).strip()
            if len(body.split()) == 1 and SOVIET_BODY.match(body.lower()):
                nominative = soviet_nominative(body.lower())  # "Вологда Губпроверкому"
                _add_body(ctx, out, nominative[:1].upper() + nominative[1:], at, pos, seen)
                continue
            words = body.split()
            in_words = len(words) >= 2 and any(lemma(w.lower()) in BODY_HEADS for w in words)
            if body and in_words and not office:
                # "МОСКВА ЦЕНТРАЛЬНАЯ КОНТРОЛЬНАЯ КОМИССИЯ РКП ШКИРЯТОВУ": the body in words (not
                # "ПРЕДСЕДАТЕЛЮ ГУБКОМИССИИ …": the office of the one it goes to)
                _add_body(ctx, out, body_nominative(body), at, pos, seen)
                continue
            acronym = ACRONYM_BODY.search(body) if body else None
            if acronym is None:
                continue  # a local body written as one word ("губпроверком") is left to the
                # salutation lines: read here it took a town's line for an address
            # "Воздвиженка 5 ЦКК": the street the body sits in is no part of its name
            _add_body(ctx, out, body[acronym.start() :].strip(), at, pos, seen)
        _copy_line_below(ctx, out, m.end(), seen)
        return True
    return False


# Under an extract from minutes: whom it was sent to. "Выписка послана: Рогожско-Симоновскому
# РК РКП(б), т. Крупской."
_SENT_TO_LINE = re.compile(
    r"^[ \t]*(?:(?:Выписк[аи]|Копи[яи])\s+(?:послан[аы]?|направлен[аы]?)|Разослан[оа]?|Послано)"
    r"[ \t]*:?[ \t]*(?P<to>[^\n]+)",
    re.MULTILINE,
)


def _sent_to_below(ctx: Ctx, out: Extraction, seen: set[str]) -> None:
    for line in _SENT_TO_LINE.finditer(ctx.text, ctx.closing[0]):
        pos = line.start("to")
        for part in re.finditer(r"[^,;]+", line.group("to")):
            start, end = pos + part.start(), pos + part.end()
            if _people_in(ctx, out, start, end, seen):
                continue
            body = part.group(0).strip(" .")
            if body and (
                ACRONYM_BODY.search(body) or any(_body_head(w) for w in _WORD.findall(body))
            ):
                _add_body(ctx, out, body_nominative(body), start, end, seen)


def _people_in(ctx: Ctx, out: Extraction, start: int, end: int, seen: set[str]) -> list[Mention]:
    """The people named between `start` and `end`, each (but the writer) added as an
    addressee: the persons of a telegram's address or of a line a copy went to."""
    named = [x for x in ctx.mentions if start <= x.start < end and x.cluster >= 0]
    for x in named:
        if ctx.roles.get(x.cluster) != "author":
            _add_person(ctx, out, x, seen)
    return named


def _copy_line_below(ctx: Ctx, out: Extraction, after: int, seen: set[str]) -> None:
    """A telegram's "КОПИЯ ВЯТСКОМУ ГУБКОМУ" on the line under its address: a copy goes there."""
    line = _COPY_BELOW.match(ctx.text, after + 1) if ctx.text.startswith("\n", after) else None
    if line is None:
        return
    start, end = line.start("to"), line.end("to")
    body = line.group("to")
    for x in _people_in(ctx, out, start, end, seen):
        body = body.replace(ctx.text[x.start : x.end], "")
    body = body.strip(" .,")
    if any(_body_head(w) for w in _WORD.findall(body)):
        _add_body(ctx, out, body_nominative(body), start, end, seen)


def _sent_to(ctx: Ctx, start: int, end: int) -> bool:
    """Whether an address line names whom it goes to: a person, a central body by its letters
    ("ЦКК"), or a word in the dative ("Губпроверкому", "Шкирятову"); a body's name in the
    nominative is the sender's letterhead."""
    if ACRONYM_BODY.search(ctx.text, start, end):
        return True
    if any(start <= x.start < end for x in ctx.mentions):
        return True
    words = re.findall(r"[А-ЯЁа-яё]{3,}", ctx.text[start:end])
    if _COPY_WORD.search(ctx.text, start, end) or any(
        SOVIET_BODY.match(w.lower()) and not w.lower().startswith("комисси") for w in words
    ):
        return True  # "ЧЕЛЯБИНСК ГУБПРОВЕРКОМ КОПИЯ ГУБКОМ": a local body by its short name
    analyser = cyrillic.analyser()
    return any(analyser.parse(w.lower())[0].tag.case == "datv" for w in words)


_DATIVE_BODY = re.compile(r"[А-ЯЁ][а-яё-]+(?:ому|ему|ой)\s+[а-яё]*(?:ому|ему|ой|у|е|и)\b")


def _body_before_names(
    ctx: Ctx, out: Extraction, line_start: int, named: list[Mention], seen: set[str]
) -> None:
    """ "В Рыбинский уком РКП, секретарю т. Лысенко": the body before the comma, as well as
    the one in it the line names."""
    head = ctx.text[line_start : min(m.start for m in named)]
    if "," not in head:
        return
    part = head[: head.index(",")]
    if not re.match(r"\s*[Вв]о?\s", head) and (
        # "Козловскому укому РКП(б), тов. Грачёву": the body in the dative (not an office,
        # "Председателю губКК, тов. …", which is his)
        _OFFICE_OF.match(part.strip()) or not _DATIVE_BODY.match(part.strip())
    ):
        return
    body = _body(part.strip())
    if body:
        at = line_start + len(part) - len(part.lstrip())
        _add_body(ctx, out, body, at, line_start + len(part.rstrip()), seen)


def _add_person(ctx: Ctx, out: Extraction, mention: Mention, seen: set[str]) -> None:
    ctx.roles[mention.cluster] = "addressee"
    name = ctx.name_of(mention)
    if name.isupper():
        name = name.title()  # "Т. СОЛЬЦУ", a heading in capitals
    if name not in seen:
        seen.add(name)
        ref = ctx.ref(mention)
        ref.span = ctx.letter.span("text", mention.start, mention.end)
        out.add("addressees", Item(name, ref.span, ref, {"kind": "person"}))


def _add_body(ctx: Ctx, out: Extraction, body: str, start: int, end: int, seen: set[str]) -> None:
    mailbox = MAILBOX.search(body)
    if mailbox is not None:
        # "Апелляционная комиссия … <appeal@prof-get.example>": the body, not its mailbox
        body, end = body[: mailbox.start()], start + mailbox.start()
    if body and body not in seen:
        seen.add(body)
        span = ctx.letter.span("text", start, end)
        out.add("addressees", Item(body, span, None, {"kind": "body"}))


# What kind of paper it is, on a line of its own over the text: no addressee.
_KIND_OF_PAPER = re.compile(
    r"(?i:заявление|прошение|жалоба|ходатайство|объяснение|объяснительная(?:\s+записка)?"
    r"|докладная\s+записка|характеристика|рекомендация|справка|выписка|отзыв|донесение"
    r"|рапорт|сообщение|анкета|показания|свидетельство|удостоверение)[.:]?"
)


# A greeting of a body's members: "Дорогие товарищи из Центральной Контрольной Комиссии!",
# "Уважаемые члены губернской проверочной комиссии!".
_MEMBERS_GREETED = re.compile(
    r"^(?:(?:дорогие|уважаемые|многоуважаемые|глубокоуважаемые)\s+)?(?:товарищи|члены)\s+"
    r"(?:из\s+)?(?P<body>[А-ЯЁа-яё()-]+(?:\s+[А-ЯЁа-яё()-]+){0,6})\s*[!,.]?$",
    re.IGNORECASE,
)


_TOWN_LINE = re.compile(r"г\.\s*[А-ЯЁ][а-яё-]+\.?")
# An address carried over to the next line: "Во Владимирскую губернскую / контрольную комиссию".
_ADDRESS_GOES_ON = re.compile(r"[ \t]*[Вв]о?\s+[^\n]*[а-яё](?:ую|ой|ий|ый)[ \t]*\n[ \t]*[а-яё]")


def _address_lines(block: str) -> list[str]:
    """The block's lines, a line that carries an address over joined to the one below it (each
    joined line keeps its length with the line break, so positions still count)."""
    lines = block.split("\n")
    joined: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if i + 1 < len(lines) and _ADDRESS_GOES_ON.match(line + "\n" + lines[i + 1]):
            line = f"{line}\n{lines[i + 1]}"
            i += 1
        joined.append(line)
        i += 1
    return joined


def read_addressees(ctx: Ctx, out: Extraction) -> None:
    _read_addressees(ctx, out)
    _sent_to_below(ctx, out, {item.value for item in out.get("addressees")})


def _read_addressees(ctx: Ctx, out: Extraction) -> None:
    if _telegram_address(ctx, out, set()):
        return
    start, end = ctx.opening
    if end <= start and (greeting := _GREETING_IN_TEXT.match(ctx.text)):
        start, end = 0, greeting.end()
    line_end = ctx.text.find("\n", end)
    if _PLACE_THEN_OFFICE.match(ctx.text[end : line_end if line_end >= 0 else None]):
        end = line_end if line_end >= 0 else len(ctx.text)
    seen: set[str] = set()
    pos = start
    sender = False  # inside the block of who writes: "от вдовы … Тюриной", "проживающей в …"
    for raw in _address_lines(ctx.text[start:end]):
        line_start, line_end = pos, pos + len(raw)
        pos = line_end + 1
        # (a line carried over is read as one: "Во Владимирскую губернскую контрольную комиссию")
        line = " ".join(raw.split()) if "\n" in raw else raw.strip()
        sender = bool(line) and (bool(_FROM_LINE.match(line)) or sender)
        if (field := _TO_FIELD.match(line)) is not None:
            # a telephone message's form: "Кому: Хамовническому РК РКП(б)"
            at = line_start + raw.find(field.group(1))
            named = [m for m in ctx.mentions if at <= m.start < line_end and m.cluster >= 0]
            for mention in named:
                _add_person(ctx, out, mention, seen)
            body = _body(field.group(1)) if not named else ""
            if body:
                _add_body(ctx, out, body, at, line_end, seen)
            continue
        if (
            not line
            # "г. Муром" under the letterhead: where it was written
            or _TOWN_LINE.fullmatch(line)
            or sender
            or (HANDLING_LINE.match(line) and not _COPY.match(line))
            or _ON_DOCUMENT.match(line)
            or _MINUTES_LINE.match(line)
            or _PAPER_FOR.match(line)
            or ABOUT_LINE.match(line)  # "О т. Шестакове …": whom the paper is about
            or _KIND_OF_PAPER.fullmatch(line)  # "Прошение" centred over the text
        ):
            continue
        if copy := _COPY.match(line):
            # "Копия: т. Сольцу": a copy goes to them as well
            line = line[copy.end() :].lstrip(" :—–-")
            if (
                line
                and not any(line_start <= m.start < line_end for m in ctx.mentions)
                and not _BODY_LINE.match(line)
                and any(lemma(w) in BODY_HEADS for w in _WORD.findall(line))
            ):
                # "Копия: Смоленская губернская контрольная комиссия", named as it is called
                at = line_start + raw.find(line)
                _add_body(ctx, out, line.rstrip(" ."), at, at + len(line.rstrip(" .")), seen)
                continue
        named = [
            m
            for m in ctx.mentions
            if line_start <= m.start < line_end and ctx.roles.get(m.cluster) != "author"
        ]
        for mention in named:
            if mention.cluster < 0 or mention.cluster in ctx.roles:
                continue
            if _PATRONYMIC_LAST.search(ctx.name_of(mention)) and any(
                item.extra.get("kind") == "person" for item in out.get("addressees")
            ):
                # "Товарищу Залуцкому / Дорогой Пётр Антонович!": the same person
                ctx.roles[mention.cluster] = "addressee"
                continue
            _add_person(ctx, out, mention, seen)
        if named:
            _body_before_names(ctx, out, line_start, named, seen)
            continue
        offset = line_start + (len(raw) - len(raw.lstrip()))
        if titled := _TITLE_TO_BODY.match(line):
            # "Письмо М. П. Лунёвой в Центральную контрольную комиссию": a collection's title
            # names the body the letter went to
            offset += titled.start("to")
            line = titled.group("to")
        if _OFFICE_OF.match(line) and _person_below(ctx, line_end, end):
            continue  # "Председателю ЦКК РКП(б)" over "тов. Куйбышеву В. В.": his office
        if _SENDING_BUREAU.match(line) and _ADDRESSED_BELOW.search(ctx.text, line_end, end):
            continue  # "Бюро ячейки Глуховской мануфактуры" over "В Богородский уком": who sends
        if (town := _TOWN_FIRST.match(line)) and "," in line:
            # a telephone message's "Town. Body, body.": each body it goes to
            at = offset + town.end()
            for part in re.finditer(r"[^,]+", line[town.end() :]):
                body = _body(part.group(0))
                if body:
                    start_at = at + part.start() + len(part.group(0)) - len(part.group(0).lstrip())
                    _add_body(ctx, out, body, start_at, at + part.end(), seen)
            continue
        body = _body(line)
        if body:
            _add_body(ctx, out, body, offset, offset + len(line), seen)
        elif (
            (members := _MEMBERS_GREETED.match(line))
            and any(_body_head(w) for w in _WORD.findall(members.group("body")))
            and not ctx.letter.provenance.is_mail
        ):
            # "Дорогие товарищи из Центральной Контрольной Комиссии!": its members greeted (a
            # message's "Кому:" names the body in full)
            at = offset + members.start("body")
            _add_body(
                ctx,
                out,
                body_nominative(members.group("body")),
                at,
                at + len(members.group("body")),
                seen,
            )
    if not out.get("addressees") and ctx.letter.index == 0:
        _title_addressees(ctx, out, seen)
    _heading_addressee(ctx, out)
    _copies_below(ctx, out, seen)
    _sent_below(ctx, out, seen)
    _to_field(ctx, out, seen)
    _mail_fields(ctx, out, seen)
    _called_by_name(ctx, out)


# Set off by commas or an exclamation mark, at the head of a sentence or after one: «Емельян
# Михайлович, заступитесь за отца», «… прошу Вас, Михаил Иванович, …».
_VOCATIVE_BEFORE = re.compile(r"(?:^|[.!?…\]]|\b[Вв]ас\s*,)\s*$")
# (and speaks to them: "Марфа Тихоновна, его мать, больна" is said of her)
_VOCATIVE_AFTER = re.compile(
    r"\s*(?:!|,[^.!?]{0,40}?(?:\b(?:[Вв]ы|[Вв]ас|[Вв]ам|прошу|умоляю)\b|[а-яё](?:ите|йте|итесь)\b))"
)


def _called_by_name(ctx: Ctx, out: Extraction) -> None:
    """The reader of a letter to one person, called in its text by name and patronymic alone,
    is the one it is addressed to, not another person of the letter."""
    if not any(item.extra.get("kind") == "person" for item in out.get("addressees")):
        return
    for cluster in ctx.clusters:
        if cluster.index in ctx.roles:
            continue
        if not all(m.given and m.patronymic and not m.surname for m in cluster.mentions):
            continue
        if any(
            _VOCATIVE_BEFORE.search(ctx.text, max(0, m.start - 12), m.start)
            and _VOCATIVE_AFTER.match(ctx.text, m.end)
            for m in cluster.mentions
        ):
            ctx.roles[cluster.index] = "addressee"


_TO_FIELD = re.compile(r"^[ \t]*Кому:[ \t]*(?P<to>[^\n]+)", re.M)


def _to_field(ctx: Ctx, out: Extraction, seen: set[str]) -> None:
    """An edition's "Кому: Центральная Контрольная Комиссия РКП(б), т. Ярославскому" over the
    document: the bodies it names (the people are in its greeting)."""
    header = ctx.letter.header_text
    fields = list(_TO_FIELD.finditer(header))
    if not fields or ctx.letter.index != 0:
        return  # (the header is the page's: its fields are over the first document)
    to = fields[-1]  # (the page's fields come first, this document's last)
    value, at = to.group("to"), to.start("to")
    for part in re.finditer(r"[^,;]+", value):
        phrase = part.group(0).strip(" .")
        if find_mentions(phrase):
            continue
        body = _body("в " + phrase)
        if body and body not in seen:
            seen.add(body)
            span = _header_span(ctx.letter, at, part.start(), part.end())
            out.add("addressees", Item(body, span, None, {"kind": "body"}))


def _mail_fields(ctx: Ctx, out: Extraction, seen: set[str]) -> None:
    """An e-mail's "Кому:" and "Копия:" lines ("To:", "Cc:" of a message quoted below another):
    the people and bodies it went to, as its header writes them ("Ковалёва Наталья Игоревна",
    "Комиссия по врачебной этике")."""
    fields = ctx.letter.provenance.fields
    if not ctx.letter.provenance.is_mail:
        return  # (an edition's "Кому:" line is read above, for its bodies)
    have = [set(str(item.value).lower().split()) for item in out.get("addressees")]
    for key in ("To", "Cc"):
        # (the mail headers' fields hold names alone, `mailtime.without_address`)
        for part in re.split(r"[,;]", fields.get(key, "")):
            name = part.strip(" .")
            words = set(name.lower().split())
            if not name or any(words <= known or known <= words for known in have):
                continue
            if _OFFICE_AFTER_NAME.match(name):
                continue  # "Г. Н. Лапшин, председатель …": his office, after his name
            have.append(words)
            if find_mentions(name) and not _body("в " + name):
                ref = ctx.ref(None, name=name)
                out.add("addressees", Item(name, None, ref, {"kind": "person"}))
            elif name.lower() not in seen:
                seen.add(name.lower())
                out.add("addressees", Item(name, None, None, {"kind": "body"}))


_OFFICE_AFTER_NAME = re.compile(
    r"(?:председател|секретар|заведующ|начальник|член|заместител|инструктор)\w*\b", re.I
)


# Under an extract or a copy, where it is sent: "Выписка направляется в Рославльский уком
# РКП(б)."
_SENT_BELOW = re.compile(
    r"^[ \t]*(?:(?:Выписка|Копия|Протокол|Письмо|Настоящее|Подлинник|Выписку|Копию)\s+)?"
    # (as minutes decide it: "Выписку направить в Омский губком РКП(б).")
    r"(?:направляется|направлена|посылается|отправляется|послана|препровождается|направить"
    r"|послать|отправить|переслать)\s+(?:в|во)\s+"
    r"(?P<to>[^\n]{3,80}?)\.?[ \t]*$",
    re.M,
)


def _sent_below(ctx: Ctx, out: Extraction, seen: set[str]) -> None:
    for sent in _SENT_BELOW.finditer(ctx.text, ctx.closing[0]):
        body = _body("в " + sent.group("to"))
        if body:
            _add_body(ctx, out, body, sent.start("to"), sent.end("to"), seen)


def _copies_below(ctx: Ctx, out: Extraction, seen: set[str]) -> None:
    """ "Копия: Вологодской губернской контрольной комиссии." under the signature: the letter
    went there too."""
    start = ctx.opening[1]
    for copy in _COPY_BELOW.finditer(ctx.text[start:]):
        line_start, line_end = start + copy.start("to"), start + copy.end("to")
        named = [
            m
            for m in ctx.mentions
            if line_start <= m.start < line_end and m.cluster >= 0 and m.cluster not in ctx.roles
        ]
        for mention in named:
            _add_person(ctx, out, mention, seen)
        if named:
            _body_before_names(ctx, out, line_start, named, seen)
            continue
        body = _body(copy.group("to").strip().rstrip("."))
        if body:
            _add_body(ctx, out, body, line_start, line_end, seen)


def _heading_addressee(ctx: Ctx, out: Extraction) -> None:
    """ "Н. К. КРУПСКАЯ — А. А. СОЛЬЦУ" above "Дорогой Арон Александрович!": the heading names
    in full the person the salutation greets by name and patronymic, or the one it does not
    name at all."""
    header = ctx.letter.header_text
    pos = 0
    for raw in header.split("\n"):
        heading = WRITER_TO_HEADING.match(raw)
        if heading is None:
            pos += len(raw) + 1
            continue
        written = heading.group("to")
        name = cyrillic.read_name(written, case="datv").text
        if name.isupper() or any(w.isupper() and len(w) > 2 for w in name.split()):
            name = " ".join(w if w.endswith(".") else w.capitalize() for w in name.split())
        span = ctx.letter.span("header", pos + heading.start("to"), pos + heading.end("to"))
        initials = [w[0] for w in name.split()[:-1]]
        people = [i for i in out.get("addressees") if i.extra.get("kind") == "person"]
        for item in people:
            words = str(item.value).split()
            if _PATRONYMIC_LAST.search(str(item.value)) and [w[0] for w in words] == initials:
                item.value, item.span = name, span
                if item.person is not None:
                    item.person.name, item.person.span = name, span
                return
        if not people and not out.get("addressees"):
            ref = ctx.ref(None, name=name)
            ref.span = span
            out.add("addressees", Item(name, span, ref, {"kind": "person"}))
        return


# A title that says whom a letter went to: "Письмо П. С. Гладышеву и членам бюро Саратовского
# губкома", "Записка В. И. Ленина Н. П. Горбунову", "Письмо М. П. Лунёвой в ЦКК".
_TITLE_OF_LETTER = re.compile(
    r"^\s*(?:Письм[оа]|Записк[аи]|Телеграмм[аы]|Телефонограмм[аы]|Заявлени[ея]|Ходатайств[оа]"
    r"|Прошени[ея]|Отношени[ея]|Докладная\s+записка)\s+(?P<rest>\S.*)$",
    re.I,
)
_MEMBERS_OF = re.compile(r"^\s*(?:и\s+)?(?:всем\s+)?членам\s+", re.I)
# Where the title's addressees end: a date, a bracket, a site's name after a dash, "о …".
_TITLE_STOP = re.compile(
    r",?\s+\d{1,2}\s+[а-яё]+\s+\d{4}|\s+\d{4}\s*г|\s*\(|\.\s*$|\s+[—–|]\s|\s+(?:о|об|по\s+поводу)\s"
)


def _title_addressees(ctx: Ctx, out: Extraction, seen: set[str]) -> None:
    """Addressees the letter's own lines do not name ("Товарищи!"), from the title above it:
    the people named in the dative and the bodies it went to ("членам бюро губкома", "в ЦКК");
    a name in the genitive is the writer's."""
    letter = ctx.letter
    title = letter.provenance.title
    m = _TITLE_OF_LETTER.match(title) if title else None
    header = letter.header_text
    at = header.find(title) if title else -1
    if m is None:
        return
    # A page title kept from the HTML head is not in the header text: no span then.
    rest_start = at + m.start("rest") if at >= 0 else -1
    rest = m.group("rest")
    stop = _TITLE_STOP.search(rest)
    rest = rest[: stop.start()] if stop else rest
    mentions = find_mentions(rest)
    for mention in mentions:
        if mention.case != "datv":
            continue
        name = mention.nominative
        if name not in seen:
            seen.add(name)
            span = _header_span(letter, rest_start, mention.start, mention.end)
            ref = ctx.ref(mention, part="header") if span is not None else ctx.ref(None, name=name)
            ref.span = span
            out.add("addressees", Item(name, span, ref, {"kind": "person"}))
    for part in re.split(r"\s+и\s+|,\s*", rest):
        if any(part.find(x.text) >= 0 for x in mentions):
            continue
        phrase = _MEMBERS_OF.sub("", part).strip(" ,.:")
        if _MEMBERS_OF.match(part):
            phrase = "В " + phrase  # "членам бюро губкома": the body whose members they are
        body = _body(phrase)
        if body:
            seen.add(body)
            span = _header_span(letter, rest_start, rest.find(part), rest.find(part) + len(part))
            out.add("addressees", Item(body, span, None, {"kind": "body"}))


def _header_span(letter: Letter, base: int, start: int, end: int) -> Span | None:
    return letter.span("header", base + start, base + end) if base >= 0 else None


def _person_below(ctx: Ctx, line_end: int, end: int) -> bool:
    """Whether a line of the address below names a person in the dative: the next, or one
    under the body's name carried over lines ("Председателю апелляционной комиссии" /
    "факультета журналистики" / "… университета" / "проф. Гладковой Е. В.")."""
    at = line_end
    for below in itertools.islice(re.finditer(r"\n([ \t]*)([^\n]*)", ctx.text[line_end:end]), 4):
        line = below.group(2)
        if not line.strip() or line.lstrip().lower().startswith("от "):
            return False  # the address has ended, or the sender's line begins
        at = line_end + below.start(2)
        if any(
            at <= m.start < at + len(line)
            # («Гладковой» reads as the genitive as well as the dative)
            and (m.case == "datv" or (m.case == "gent" and _FEMININE_OBLIQUE.search(m.text)))
            for m in ctx.mentions
        ):
            return True
        if below.start() > 0 and not line[:1].islower() and not _OF_BODY_LINE.match(line):
            return False
    return False


_FEMININE_OBLIQUE = re.compile(r"^[А-ЯЁ][а-яё-]+(?:ой|ей)\b")
# A line that carries a body's name on in the genitive: "факультета журналистики", "Уральского
# гуманитарного университета".
_OF_BODY_LINE = re.compile(r"[ \t]*[А-ЯЁа-яё-]+(?:[ \t]+[А-ЯЁа-яё-]+){0,5}[ \t]*$")


def _body(line: str) -> str:
    words = line.strip(" ,.:!").split()
    if (
        1 <= len(words) <= 2
        and SOVIET_BODY.match(words[-1].lower())
        and (len(words) == 1 or casing.russian_town(words[0]))
    ):
        # "Вологда Губпроверкому": a telegram's town and the local body, written as one word
        nominative = soviet_nominative(words[-1].lower())
        return nominative[:1].upper() + nominative[1:]
    office = _OFFICE_OF.match(line)
    if office:
        line = "В " + line[office.end() :]
    first = line.split()[0].strip(" ,.:!").lower() if line.split() else ""
    if not _BODY_LINE.match(line) and not SOVIET_BODY.match(first):
        return ""  # (a line may open with the body itself: "Губпроверкому РКП(б)")
    phrase = re.sub(r"^\s*(?:[Вв]|[Вв]о)\s+", "", line).strip(" ,.:!")
    holder = _OFFICE_HOLDER.get(office.group(1)) if office else None
    if holder and any(_body_head(w) or ACRONYM_BODY.fullmatch(w) for w in _WORD.findall(phrase)):
        # "Председателю Бирюковского волисполкома" with no name under it: the chairman, as
        # the office is written ("Председатель Бирюковского волисполкома")
        return f"{holder} {phrase}"
    if any(_body_head(w) for w in _WORD.findall(phrase)):
        return body_nominative(phrase)
    acronym = ACRONYM_BODY.search(phrase)
    return acronym.group(0) if acronym else ""
