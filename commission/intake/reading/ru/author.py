"""Who wrote a Russian letter: the name signed in the closing lines ("С коммунистическим
приветом, И. Дроздов", "Секретарь укома И. Дроздов"), else the "от …" line of a petition's
address block ("от члена РКП(б) Ивановой А. П."), else the writer introducing themself
("Я, Петрова Анна Ивановна, …")."""

from __future__ import annotations

import re

from commission.intake.reading.model import Extraction, Item, PersonRef
from commission.intake.reading.ru.context import (
    CERTIFIED_LINE,
    CERTIFYING_LINE,
    CONTACT_LINE,
    HANDLING_LINE,
    REPLY_LINE,
    SCRIBE_LINE,
    SIGNED_COPY,
    Ctx,
)
from commission.intake.reading.ru.dates import date_pattern, month_year_pattern
from commission.intake.reading.ru.lexicon import (
    SOVIET_BODY,
    likely_part_of_speech,
    soviet_nominative,
)
from commission.intake.reading.ru.lines import is_copy_description
from commission.intake.reading.ru.people import Mention, lemma
from commission.registry import cyrillic

_FROM_LINE = re.compile(r"^\s*от\s+", re.I | re.M)
_SELF = re.compile(r"\bЯ,\s+")


def _handling_line(ctx: Ctx, pos: int) -> bool:
    line_start = ctx.text.rfind("\n", 0, pos) + 1
    line_end = ctx.text.find("\n", line_start)
    line = ctx.text[line_start : line_end if line_end >= 0 else None]
    # … nor a line of address or telephone under the signature ("Мой адрес: г. Тверь, …").
    return bool(
        HANDLING_LINE.match(line)
        or SCRIBE_LINE.match(line)
        or CONTACT_LINE.match(line.strip())
        or REPLY_LINE.match(line)
        or CERTIFYING_LINE.match(line)
        # "Ф. Р-1187. Оп. 1. Д. 64. Л. 14" under the text: where the archive keeps it
        or is_copy_description(line)
    )


# "…, а за неграмотных по их личной просьбе расписался учитель Н. Гвоздев": who held the pen
_SCRIBE_BEFORE = re.compile(r"за\s+неграмотн\w*[^,\n]*?расписал\w*\s+(?:[а-яё]+\s+)?$", re.I)


def _scribe(ctx: Ctx, m: Mention) -> bool:
    line_start = ctx.text.rfind("\n", 0, m.start) + 1
    return _SCRIBE_BEFORE.search(ctx.text, line_start, m.start) is not None


def signature(ctx: Ctx) -> tuple[Mention, str] | None:
    """The signing mention and how it was found."""
    start, end = ctx.closing
    signed = [
        m
        for m in ctx.mentions
        if start <= m.start < end
        and not _handling_line(ctx, m.start)
        and not _scribe(ctx, m)
        and not _bracketed_after_name(ctx, m)
    ]
    if (to_this := _TO_THIS.search(ctx.text, ctx.opening[1])) is not None:
        # "К сему Пелагея Кропотова, а за неграмотностью её … расписалась З. Лебедева": the old
        # formula names who signs, whoever held the pen
        formula = next((m for m in ctx.mentions if m.start == to_this.end()), None)
        if formula is not None:
            return formula, "signature"
    certified = CERTIFYING_LINE.search(ctx.text, start, end)
    if certified is not None and any(m.start < certified.start() for m in signed):
        # the signers are above the line that attests their signatures; who attests is not one
        signed = [m for m in signed if m.start < certified.start()]
    if (
        len(signed) >= 2
        and _in_brackets_after(ctx, signed[-2], signed[-1])
        and ctx.text.startswith(")", signed[-1].end)
        and not _may_be_theirs(ctx, signed[-2], signed[-1])
    ):
        # "Э. Ланская (Гуревич)": the signer's maiden name in brackets, which her brother
        # Абрам Моисеевич Гуревич bears: the name outside them signs
        return signed[-2], "signature"
    if signed:
        return signed[-1], "signature"
    for line in CERTIFIED_LINE.finditer(ctx.text, start, end):
        # "ВЫПИСКА ИЗ ПРОТОКОЛА … Верно: секретарь МГКК Е. Кочетова": an extract no one else
        # signs is signed by who certifies it
        line_end = ctx.text.find("\n", line.end())
        line_end = len(ctx.text) if line_end < 0 else line_end
        named = [m for m in ctx.mentions if line.end() <= m.start < line_end]
        if named:
            return named[-1], "signature"
    for line in _FROM_LINE.finditer(ctx.text, 0, max(ctx.opening[1], 1)):
        # the "от …" block runs to the blank line under it: "от члена РКП(б) с июня 1918 года /
        # Лукиной Прасковьи Егоровны, / работницы …"
        line_end = ctx.text.find("\n\n", line.end())
        line_end = len(ctx.text) if line_end < 0 else min(line_end, ctx.opening[1] or line_end)
        named = [m for m in ctx.mentions if line.end() <= m.start < line_end]
        if named:
            return named[0], "signature"
    for intro in _SELF.finditer(ctx.text):
        named = [m for m in ctx.mentions if intro.end() <= m.start <= intro.end() + 1]
        if named:
            return named[0], "self-introduction"
    return None


def _other_name(ctx: Ctx, signer: Mention) -> None:
    """ "Э. Ланская (Гуревич)" signed: the name in brackets is hers too, where its other
    mentions can be hers."""
    other = next((m for m in ctx.mentions if m.start > signer.end), None)
    if other is None or other.cluster < 0 or other.cluster == signer.cluster:
        return
    if _in_brackets_after(ctx, signer, other) and _may_be_theirs(ctx, signer, other):
        ctx.roles.setdefault(other.cluster, "author")


def _in_brackets_after(ctx: Ctx, name: Mention, other: Mention) -> bool:
    """Whether `other` opens a bracket right after `name` ("В. Ульянов (Ленин")."""
    return re.fullmatch(r"\s*\(\s*", ctx.text[name.end : other.start]) is not None


def _may_be_theirs(ctx: Ctx, signer: Mention, other: Mention) -> bool:
    """Whether every mention of `other`'s person may be the signer's ("Ленин", "В. И. Ленин"
    beside "В. Ульянов"; not "Абрам Моисеевич Гуревич" beside "Э. Ланская")."""
    if other.cluster < 0:
        return True
    letters = signer.forename_letters
    return all(
        (not letters or not m.forename_letters or m.forename_letters[0] == letters[0])
        and {m.gender, signer.gender} != {"male", "female"}
        for m in ctx.clusters[other.cluster].mentions
    )


def _bracketed_after_name(ctx: Ctx, m: Mention) -> bool:
    """ "Анна Гусева (жена Николая Гусева)": a name in brackets after the signed one says whose
    kin she is; it does not sign."""
    line_start = ctx.text.rfind("\n", 0, m.start) + 1
    before = ctx.text[line_start : m.start]
    opened = before.rfind("(")
    if opened < 0 or ")" in before[opened:] or not re.search(r"\b[а-яё]{3,}", before[opened:]):
        return False  # (a bare other name, "В. Ульянов (Ленин)", is the signer's own)
    return any(line_start <= x.start and x.end <= line_start + opened for x in ctx.mentions)


_TO_THIS = re.compile(
    # "К сему прошению за неграмотную Феклу Бородулину … расписался сосед Петр Лукин"
    r"^[ \t]*К\s+сему\s+(?:(?:прошению|заявлению|ходатайству|жалобе)\s+)?"
    r"(?:руку\s+приложил[аи]?\s+)?(?:за\s+(?:неграмотн\w+|малограмотн\w+)\s+)?",
    re.M,
)

_FOR_ILLITERATE = re.compile(r"[ \t]*(?:а\s+)?за\s+неграмотн\w+\s+", re.I)
_ON_BEHALF = re.compile(r"по\s+поручению\s+(?:тов\.\s*|т\.\s*)?$")
_DESCRIBED_ITEM = re.compile(r"[ \t]*\d{1,2}[.)][ \t]+[^\n]*?\s[—–-]\s")


_PLACE_THEN_DATE = re.compile(r",?\s+(?:\d{1,2}\s+[а-яё]+|\d{1,2}[./][\dIVX]+[./-])", re.I)


def _cosigners(ctx: Ctx, signed: Mention) -> list[Mention]:
    """The others who signed above the last name, one name to a line ("Н. Ермаков" over "А.
    Сусликова"; "Председатель … Н. Вершинин" over "Секретарь Ю. Кац")."""
    start, _end = ctx.closing
    lines: dict[int, Mention] = {}
    for m in ctx.mentions:
        line_start = ctx.text.rfind("\n", 0, m.start) + 1
        if start <= m.start and _FOR_ILLITERATE.fullmatch(ctx.text, line_start, m.start):
            # "за неграмотную Федосью Ларину по её просьбе расписался А. Пахомов": she signs,
            # by another's hand
            lines[line_start] = m
            continue
        if not start <= m.start < signed.start or _handling_line(ctx, m.start):
            continue
        if _DESCRIBED_ITEM.match(ctx.text, line_start):
            continue  # "5. Зайцев Ф. Н. — учитель, …": a list of people, not of signers
        if _ON_BEHALF.search(ctx.low, max(line_start, m.start - 25), m.start):
            continue  # "По поручению тов. Шкирятова": whose order, signed by another
        line_end = ctx.text.find("\n", m.start)
        line = ctx.text[line_start : len(ctx.text) if line_end < 0 else line_end].strip()
        if _in_a_sentence(line):
            continue  # "Евсеева по заводу с 1915 года.": the end of a sentence, no signature
        if not ctx.text[line_start : m.start].strip() and _PLACE_THEN_DATE.match(ctx.text, m.end):
            continue  # "Ст. Лиски, 9 февраля 1922 г.": where and when, not who
        lines[line_start] = m  # the last name on each line is the one signed
    signed_line = ctx.text.rfind("\n", 0, signed.start) + 1
    found = [
        m for at, m in sorted(lines.items()) if at != signed_line and m.cluster != signed.cluster
    ]
    for m in _signers_in_a_row(ctx):
        if m.cluster != signed.cluster and all(m.cluster != f.cluster for f in found):
            found.append(m)
    return found


def _signers_in_a_row(ctx: Ctx) -> list[Mention]:
    """Names signed in one row under a collective letter ("Приговор подписали: / Тимофей Лыков,
    Андрей Бабкин, Наум Курочкин, а за неграмотных … расписался учитель Н. Гвоздев."): each,
    from the first name of the line, joined to the next by a comma."""
    start, end = ctx.closing
    rows: dict[int, list[Mention]] = {}
    for m in ctx.mentions:
        if start <= m.start < end:
            rows.setdefault(ctx.text.rfind("\n", 0, m.start) + 1, []).append(m)
    found: list[Mention] = []
    for at, row in rows.items():
        lead = ctx.text[at : row[0].start].strip()
        if lead and not (lead.endswith(":") and len(lead.split()) <= 5):
            continue  # (or "Рабочие ткацкого цеха: М. Суслов (муж), А. Суслова (дочь), …")
        chain = row[:1]
        for m in row[1:]:
            if not _ROW_GAP.fullmatch(ctx.text, chain[-1].end, m.start):
                break
            chain.append(m)
        if len(chain) > 1:
            found.extend(chain)
    return found


# Between two names signed in a row, perhaps with what the first is to the member: " (муж), ".
_ROW_GAP = re.compile(r"\s*(?:\([^()\n]{1,30}\)\s*)?,\s*")


# The telegraph's full stop, in a telegram's cased view: "… пересмотреть дело.    Члены …".
_LAST_STOP = re.compile(r"[.!?]\s+(?=[^.!?]*$)")
# "… Т. Носов.": a name signed at the end of its line, its full stop after it
_NAME_AT_END = re.compile(r"(?:[А-ЯЁ]\.\s?){1,2}[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?\.$")


def _in_a_sentence(line: str) -> bool:
    """A line of running text among the closing lines: words of a sentence ending in a full
    stop, or an infinitive or a participle ("опросить тов. Орлова, знающего"), as no signature
    has."""
    words = re.findall(r"(?<![А-Яа-яЁё])[а-яё]{3,}", line)
    if line.endswith(".") and len(words) >= 2 and not _NAME_AT_END.search(line):
        return True
    # (not a finite verb: one may note who signed for whom)
    verbal = ("INFN", "GRND", "PRTF", "PRTS")
    return any(likely_part_of_speech(w, verbal) for w in words)


# Words of the office a telegram's signers give before their names ("члены укома").
_OFFICE_WORDS = re.compile(
    r"^(?:члены|член|секретарь|председатель|предгубисполкома|предуисполкома|зав\w*|пред\w*|"
    r"[а-яё]*ком[а-яё]*|бюро|ячейки|ячейка|по|поручению|за|и|рабочие|коммунисты)$"
)


def _telegram_signers(ctx: Ctx) -> list[Mention]:
    """A telegram signs in its last words, after its last full stop, with no line of its own:
    "… Срочно просим пересмотреть дело ТЧК Члены укома Дегтярев Балашова Филин"."""
    if not ctx.letter.capitals or ctx.closing[0] < len(ctx.text.rstrip()):
        return []
    stop = _LAST_STOP.search(ctx.text, ctx.opening[1])
    if stop is None:
        return []
    tail = ctx.text[stop.end() :]
    named = [m for m in ctx.mentions if m.start >= stop.end()]
    if not named or len(tail.split()) > 10:
        return []
    # the words before the last name: an office, nothing said (a surname that is also a word,
    # "ФИЛИН", may follow in lower case)
    rest = ctx.text[stop.end() : named[-1].start]
    for m in named:
        rest = rest.replace(ctx.text[m.start : m.end], " ")
    if not all(_OFFICE_WORDS.match(w) for w in re.findall(r"[а-яё]+", rest.lower())):
        return []
    if len(ctx.text[named[-1].end :].split()) > 1:
        return []
    return named


def _wired_signer(ctx: Ctx) -> Mention | None:
    """A telegram signed after its closing "=": "… УМОЛЯЮ СРОЧНО ПЕРЕСМОТРЕТЬ = ИЛЬИНА
    АНТОНИНА САМАРА ДВОРЯНСКАЯ 41", "… = ЗА ПРЕДСЕДАТЕЛЯ ЦКК ШКИРЯТОВ": the first name after
    it, behind an office at most (the sender's address may follow)."""
    sign = ctx.text.rfind("=", ctx.opening[1])
    if sign < 0 or len(ctx.text[sign:].split()) > 14:
        return None
    named = next((m for m in ctx.mentions if m.start > sign), None)
    if named is None:
        return None
    between = re.findall(r"[а-яё]+", ctx.low[sign + 1 : named.start])
    if len(between) > 5 or not all(
        _OFFICE_WORDS.match(w) or w in ("цкк", "цк", "губкк") for w in between
    ):
        return None
    return named


# A protocol's statement signed by the one questioned: "С моих слов записано верно, мною
# прочитано. К. Хорошавина".
_STATEMENT_SIGNED = re.compile(
    r"^[ \t]*(?:с|со)\s+моих\s+слов\s+записано[^\n]{0,80}?[.;:]\s*(?=\S)", re.I | re.M
)


def _statement_signer(ctx: Ctx) -> Mention | None:
    for line in _STATEMENT_SIGNED.finditer(ctx.text, max(0, len(ctx.text) - 600)):
        line_end = ctx.text.find("\n", line.end())
        line_end = len(ctx.text) if line_end < 0 else line_end
        named = [m for m in ctx.mentions if line.end() <= m.start < line_end]
        if named:
            return named[-1]
    return None


def read_author(ctx: Ctx, out: Extraction) -> None:
    if (stated := _statement_signer(ctx)) is not None:
        # the one questioned signs the record of what she said, beside who questioned her
        if stated.cluster >= 0:
            ctx.roles[stated.cluster] = "author"
        ref = ctx.ref(stated)
        ref.span = ctx.letter.span("text", stated.start, stated.end)
        out.add("author", Item(ctx.name_of(stated), ref.span, ref, {"how": "signature"}))
    found = signature(ctx)
    if found is None and (wired := _wired_signer(ctx)) is not None:
        found = (wired, "signature")
    telegram = _telegram_signers(ctx) if found is None else []
    if telegram:
        found = (telegram[-1], "signature")
    if found is None:
        if not _body_signs(ctx, out) and not _initials_signed(ctx, out):
            _header_author(ctx, out)
        return
    mention, how = found
    signers = [*_cosigners(ctx, mention), mention] if how == "signature" else [mention]
    line_start = ctx.text.rfind("\n", 0, mention.start) + 1
    line_end = ctx.text.find("\n", mention.start)
    line_end = len(ctx.text) if line_end < 0 else line_end
    same_line: list[Mention] = []
    for m in ctx.mentions:
        # one signer written twice ("В. Ульянов (Ленин)") is one
        aside = ctx.text[max(0, m.start - 1) : m.start] == "("
        if (
            line_start <= m.start < line_end
            and not aside
            and all(m.cluster != x.cluster for x in same_line)
        ):
            same_line.append(m)
    if how == "signature" and len(same_line) > 1 and _signers_line(ctx, line_start, same_line):
        # "Подлинный подписали: председатель бюро Баранов, секретарь Кутузова.", a telegram's
        # "ПРЕДГУБКОМА ЛЫТКИН СЕКРЕТАРЬ ЗОЛОТАРЕВА": each office and its signer
        signers = [m for m in signers if m not in same_line] + same_line
    if telegram:
        signers = telegram
    if how == "signature":
        _signed_for_body(ctx, out)
    _other_name(ctx, mention)
    for signer in signers:
        if stated is not None and signer.cluster == stated.cluster:
            continue
        if signer.cluster >= 0:
            ctx.roles[signer.cluster] = "author"
        ref = ctx.ref(signer)
        ref.span = ctx.letter.span("text", signer.start, signer.end)
        # the writer's fullest name in the letter («Я, Дроздов Василий Кузьмич, …» over the
        # signed «Вас. Дроздов»)
        out.add("author", Item(ctx.name_of(signer), ref.span, ref, {"how": how}))


# The first word of a body that signs under its letter ("Бюро ячейки …", "Группа беспартийных
# рабочих депо …").
_BODY_HEADS = frozenset(
    ["бюро", "ячейка", "собрание", "комитет", "комиссия", "президиум", "коллектив", "правление",
     "совет", "группа", "рабочие", "члены", "общее"]
)  # fmt: skip


# "За бюро: секретарь Н. Ломов", "За бюро уездной проверочной комиссии — секретарь Н. Тюрин",
# "За секретаря укома — Н. Пестова": the body a person signs for.
_FOR_BODY = re.compile(
    r"^[ \t]*За\s+(?P<office>(?:секретаря|председателя)\s+)?"
    r"(?P<body>[А-Яа-яЁё()]+(?:\s+[А-Яа-яЁё().]+){0,7}?)"
    r"\s*(?:[:—–]|\s-\s|\s+(?:секретарь|председатель|зам\.|член)\b|$)",
    re.MULTILINE,
)


def _signed_for_body(ctx: Ctx, out: Extraction) -> None:
    """The body a signer signs for, named in the closing lines, as the letter's first author:
    the people sign for it, it writes."""
    start, end = ctx.closing
    found = _FOR_BODY.search(ctx.text, ctx.text.rfind("\n", 0, start) + 1, end)
    if found is None:
        return
    words = found.group("body").split()
    low = [w.lower().strip("().") for w in words]
    if not any(SOVIET_BODY.match(w) or w in _BODY_HEADS or lemma(w) in _BODY_HEADS for w in low):
        return
    if found.group("office"):
        # "за секретаря укома": the уком ("укома" is a word the dictionary does not hold)
        words[0] = soviet_nominative(low[0]) if SOVIET_BODY.match(low[0]) else lemma(words[0])
    value = " ".join(words)
    value = value[0].upper() + value[1:]
    span = ctx.letter.span("text", found.start("body"), found.end("body"))
    out.add("author", Item(value, span, None, {"how": "signature"}))


def _signers_line(ctx: Ctx, start: int, named: list[Mention]) -> bool:
    """A line of signers: after "Подписали:", or offices and names and nothing else."""
    if SIGNED_COPY.match(ctx.text, start):
        return True
    rest = ctx.text[start : named[-1].end]
    for m in named:
        rest = rest.replace(ctx.text[m.start : m.end], " ")
    return all(_OFFICE_WORDS.match(w) for w in re.findall(r"[а-яё]+", rest.lower()))


def _body_signs(ctx: Ctx, out: Extraction) -> bool:
    """A letter no person signs, under which a body's name stands ("ВЯТГУБКОМ", "Группа
    беспартийных рабочих депо ст. Лиски"): the body is its writer."""
    start, end = ctx.closing
    for raw in reversed(ctx.text[start:end].split("\n")):
        line = raw.strip().rstrip(".,")
        if not line or _handling_line(ctx, ctx.text.find(raw, start)):
            continue
        words = re.findall(r"[А-Яа-яЁё]+", line)
        dated = date_pattern().search(raw) or month_year_pattern().search(raw)
        if not words or dated:
            continue  # the date under the body's name
        if _ILLEGIBLE.search(line):
            return False  # "Секретарь укома (подпись неразборчива)": a person, not named
        low = [w.lower() for w in words]
        body = len(words) <= 10 and any(
            SOVIET_BODY.match(w) or w in _BODY_HEADS or lemma(w) in _BODY_HEADS for w in low
        )
        if not body:
            return False
        at = ctx.text.find(line, start)
        span = ctx.letter.span("text", at, at + len(line))
        value = line.capitalize() if line.isupper() else line
        out.add("author", Item(value, span, None, {"how": "signature"}))
        return True
    return False


_ILLEGIBLE = re.compile(r"(?i:подпись\s+неразборчива|неразборчиво|signature\s+illegible)")


# A closing line of initials alone: "Н. К.", "Ем. Яр."
_INITIALS_LINE = re.compile(r"^[ \t]*((?:[А-ЯЁ][а-яё]?\.\s?){2,3})[ \t]*$", re.M)


def _initials_signed(ctx: Ctx, out: Extraction) -> bool:
    """A writer who signs with initials alone ("Н. К." under a second letter to the same
    commission): left to the running head or title when it names a writer with those
    initials ("Г. П." under "Г. И. ПЕТРОВСКИЙ — …"), else the initials as written."""
    line = _INITIALS_LINE.search(ctx.text, *ctx.closing)
    if line is None:
        return False
    signed = line.group(1).strip()
    letters = [w[0] for w in signed.split()]
    head = [w[0].upper() for w in ctx.letter.provenance.header_author.split()]
    if head and (head[: len(letters)] == letters or [head[0], head[-1]] == letters):
        return False  # the head's writer, in full
    span = ctx.letter.span("text", line.start(1), line.start(1) + len(signed))
    ref = PersonRef(name=signed, span=span, gender="unknown")
    out.add("author", Item(signed, span, ref, {"how": "initials"}))
    return True


def _header_author(ctx: Ctx, out: Extraction) -> None:
    """An unsigned letter on an edition's page (a telephone message, a note the copy printed
    without its signature): its writer is the one the running head names ("В. И. ЛЕНИН")."""
    letter = ctx.letter
    name = letter.provenance.header_author
    # the header keeps the heading's capitals ("Н. К. КРУПСКАЯ — …"); the name is cased
    start = letter.header_text.lower().find(name.lower()) if name else -1
    if start < 0:
        return
    nominative = cyrillic.read_name(name, case="nomn").text if cyrillic.is_cyrillic(name) else name
    if nominative.isupper():
        nominative = " ".join(w if w.endswith(".") else w.capitalize() for w in nominative.split())
    span = letter.span("header", start, start + len(name))
    ref = PersonRef(name=nominative, span=span, gender="unknown")
    out.add("author", Item(nominative, span, ref, {"how": "archive header"}))
