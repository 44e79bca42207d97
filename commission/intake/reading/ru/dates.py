"""When a Russian letter was written: the date in its closing or opening lines, in the forms
of the period ("3 марта 1920 г.", "3/III 1920 г.", "3.III.20", "20.12.1921", "1921-12-20"),
of a date in both calendars the New Style one ("7/20 декабря 1921 г.", "20 декабря 1921 г.
(7 дек. ст. ст.)"), a month alone ("декабрь 1921 г.") with month precision; and the hour
("20 час.", "в 8 ч. вечера", "20.00")."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from commission.intake.reading.mailtime import sent_at
from commission.intake.reading.model import Extraction, Item, Span
from commission.intake.reading.ru import lexicon
from commission.intake.reading.ru.context import Ctx

ROMAN = {
    "I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10,
    "XI": 11, "XII": 12,
}  # fmt: skip
# A year written in full, from the 1800s to this century.
_FULL_YEAR = r"(?:1[89]|20)\d\d"
_YEAR = rf"(?:{_FULL_YEAR}|\d\d)(?!\d)"
_ROMAN = r"(?:XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)"


@cache
def date_pattern() -> re.Pattern[str]:
    month = lexicon.month_pattern()
    day = r"«?(?P<{0}>[0-3]?\d)»?(?:\s*-?\s*(?:го|ое|е)\b)?"
    return re.compile(
        # 3 марта 1920 г.; 7/20 декабря 1921; 7 (20) декабря 1921; «3» марта; 3-го марта;
        # 20 февраля (5 марта) 1918 г., the New Style date in brackets
        rf"(?<!\d)(?<!№\s)(?<!№){day.format('d1')}(?:\s*(?:/|\()\s*(?P<ns1>[0-3]?\d)\s*\)?)?\s+"
        rf"(?P<m1>{month})(?:\s*\(\s*(?P<nsd1>[0-3]?\d)\s+(?P<nsm1>{month})\s*\))?"
        rf"\s+(?P<y1>{_YEAR})"
        # 3/III 1920 г.; 3.III.20; 20/XII-21; 3 III 1921
        rf"|(?<!\d)(?P<d2>[0-3]?\d)\s*[./-]?\s*(?P<r2>{_ROMAN})\s*[./\s—–-]\s*(?P<y2>{_YEAR})"
        # the month first, as older hands wrote: "марта 3 дня 1921 года", "Февраля 3-го 1918 г."
        rf"|(?P<m5>{month})\s+{day.format('d5')}(?:\s+дня)?,?\s+(?P<y5>{_FULL_YEAR})"
        # the year first: "1921 г. марта 3", "1921, 3 марта"
        # on one line: "с 1912 г." over "20 февраля (5 марта) 1918 г." is no date
        # (an unschooled hand's "1921 году октября 9 дня")
        rf"|(?P<y6>{_FULL_YEAR})[ \t]*(?:г\.|года|году|год)?,?[ \t]+(?:(?P<m6>{month})[ \t]+"
        rf"{day.format('d6')}|{day.format('d7')}[ \t]+(?P<m7>{month})[а-яё]*)(?!\s*[\d(])"
        # 20.12.1921, 20.12.21
        rf"|(?<![\d.])(?P<d3>[0-3]?\d)\.(?P<n3>[01]?\d)\.(?P<y3>{_YEAR})"
        rf"|(?P<y4>{_FULL_YEAR})-(?P<n4>[01]\d)-(?P<d4>[0-3]\d)",
        re.IGNORECASE,
    )


@cache
def month_year_pattern() -> re.Pattern[str]:
    return re.compile(
        rf"^\s*(?:[А-ЯЁ][а-яё-]+,\s*)?(?P<m>{lexicon.month_pattern()})\s+(?P<y>{_FULL_YEAR})"
        r"\s*(?:г\.|года)?\s*\.?\s*$",
        re.IGNORECASE | re.MULTILINE,
    )


_OLD_STYLE_AFTER = re.compile(r"^\s*\([^)]*?ст\.\s*ст\.[^)]*\)", re.I)
_IN_OLD_STYLE = re.compile(r"\(\s*[^()]*$")
_TIME = re.compile(
    r"(?<![\d.])(?P<h1>[0-2]?\d)[.:](?P<m1>[0-5]\d)\s*(?:час|ч\.)?(?![\d.])"
    r"|(?:в\s+)?(?P<h2>[0-2]?\d)\s*(?:час(?:ов|а)?\.?|ч\.)(?:\s*(?P<m2>[0-5]\d)\s*(?:мин\.?|м\.))?"
    r"(?:\s*(?P<part>утра|дня|вечера|ночи))?"
    # a telegraph form's "Отправлена 6.III.22  11-40", the hour after the day and two spaces
    r"|(?<=\s\s)(?P<h3>[0-2]?\d)-(?P<m3>[0-5]\d)(?![\d./-])",
    re.IGNORECASE,
)


# Dates of the commissions of today too ("3 марта 2024 г."), but none after next year.
_LATEST_YEAR = dt.date.today().year + 1


def _year(text: str) -> int:
    year = int(text)
    return year + 1900 if year < 100 else year


def parse_date(m: re.Match[str]) -> dt.date | None:
    try:
        if m.group("m1"):
            if m.group("nsm1"):
                day, month = int(m.group("nsd1")), lexicon.month_number(m.group("nsm1"))
            else:
                day, month = (
                    int(m.group("ns1") or m.group("d1")),
                    lexicon.month_number(m.group("m1")),
                )
            return dt.date(_year(m.group("y1")), month or 0, day)
        if m.group("m5"):
            return dt.date(
                int(m.group("y5")), lexicon.month_number(m.group("m5")) or 0, int(m.group("d5"))
            )
        if m.group("y6"):
            named, numbered = (
                (m.group("m6"), m.group("d6")) if m.group("m6") else (m.group("m7"), m.group("d7"))
            )
            return dt.date(int(m.group("y6")), lexicon.month_number(named) or 0, int(numbered))
        if m.group("r2"):
            return dt.date(_year(m.group("y2")), ROMAN[m.group("r2").upper()], int(m.group("d2")))
        if m.group("n3"):
            return dt.date(_year(m.group("y3")), int(m.group("n3")), int(m.group("d3")))
        if m.group("y4"):
            return dt.date(int(m.group("y4")), int(m.group("n4")), int(m.group("d4")))
    except ValueError:
        return None
    return None


def _dates_in(ctx: Ctx, start: int, end: int) -> list[tuple[re.Match[str], dt.date]]:
    found = []
    for m in date_pattern().finditer(ctx.text, start, end):
        if _IN_OLD_STYLE.search(ctx.text[max(start, m.start() - 30) : m.start()]) and re.match(
            r"[^)]*ст\.\s*ст\.", ctx.text[m.end() : m.end() + 20], re.I
        ):
            continue  # "(7 декабря 1921 г. ст. ст.)": the Old Style date beside the new one
        date = parse_date(m)
        if date is not None and 1880 <= date.year <= _LATEST_YEAR:
            found.append((m, date))
    return found


def _date_line(ctx: Ctx, start: int, end: int, *, last: bool) -> bool:
    """Whether the first (or last) line of a region is a date and nothing else."""
    lines = [ln for ln in ctx.text[start:end].split("\n") if ln.strip()]
    if not lines:
        return False
    line = (lines[-1] if last else lines[0]).strip().rstrip(".")
    m = date_pattern().search(line)
    return m is not None and not line[: m.start()].strip() and len(line) - m.end() <= 3


def _date_alone_near_end(ctx: Ctx) -> tuple[re.Match[str], dt.date] | None:
    """A date that is a line of its own among the last lines of the letter."""
    end = len(ctx.text)
    for _ in range(10):
        start = ctx.text.rfind("\n", 0, end) + 1
        line = ctx.text[start:end].strip()
        m = date_pattern().search(ctx.text, start, end) if line else None
        if m is not None and len(m.group(0)) >= 0.6 * len(line):
            date = parse_date(m)
            if date is not None:
                return m, date
        if start == 0:
            break
        end = start - 1
    return None


def read_date(ctx: Ctx, out: Extraction) -> None:
    regions = [ctx.closing, ctx.opening]
    if _date_line(ctx, *ctx.opening, last=False) and _date_line(ctx, *ctx.closing, last=True):
        # A page that writes each date above the salutation: the date on the letter's last line
        # is the next letter's, left behind when the page was split.
        regions = [ctx.opening, ctx.closing]
    for start, end in regions:
        found = _dates_in(ctx, start, end)
        if found:
            m, date = found[0]
            new_style = _bracketed_new_style(ctx, m, date) or _new_style_of(ctx, date)
            if new_style is not None:
                # "28/XII 1917 г." under "Написано 28 декабря 1917 г. (10 января 1918 г.)"
                out.add("date", Item(new_style[0].isoformat(), new_style[1]))
            else:
                span = ctx.letter.span("text", m.start(), m.end())
                out.add("date", Item(date.isoformat(), span))
            filed = _FILED_LINE.search(ctx.text, start, end)
            if filed is not None:
                # "Принята … 15 ч. 05 м. / … подана 12/IX 14 ч. 30 м.": the telegram's time is
                # when it was handed in, not when it was taken down
                _read_time(ctx, out, filed.start(), filed.end())
            if not out.get("time"):
                _read_time(ctx, out, ctx.text.rfind("\n", 0, m.start()) + 1, end)
            return
    if (alone := _date_alone_near_end(ctx)) is not None:
        # "1921 г. ноября 14 дня" on its own line above the scribe's words, in a petition with no
        # full stop to end its last sentence
        m, date = alone
        out.add("date", Item(date.isoformat(), ctx.letter.span("text", m.start(), m.end())))
        return
    for line in _DISPATCH_LINE.finditer(ctx.text):
        # "Передано по телефону 3 декабря 1921 г. в 12 час. 40 мин.": when it was sent
        found = _dates_in(ctx, line.start(), line.end())
        if found:
            m, date = found[0]
            out.add("date", Item(date.isoformat(), ctx.letter.span("text", m.start(), m.end())))
            _read_time(ctx, out, m.end(), line.end())
            return
        # "Передано по телефону 6 сентября в 11 ч. 40 м." on a page of 1921
        day_month = _DAY_MONTH.search(ctx.text, line.start(), line.end())
        sent = _in_page_year(ctx, day_month) if day_month is not None else None
        if day_month is not None and sent is not None:
            span = ctx.letter.span("text", day_month.start(), day_month.end())
            out.add("date", Item(sent.isoformat(), span))
            _read_time(ctx, out, day_month.end(), line.end())
            return
    written = _written(ctx)
    year_of = written or _written_month(ctx) or _dated_by_editor(ctx)
    if year_of is not None:
        # "23/XI. Ленин" under an edition's "Написано 23 ноября 1921 г.": the year is the
        # edition's; else the edition's date itself.
        for start, end in regions:
            for m in _DAY_ROMAN.finditer(ctx.text, start, end):
                roman = ROMAN[m.group("r").upper()]
                year = year_of.year - (1 if roman == 12 and year_of.month == 1 else 0)
                try:
                    date = dt.date(year, roman, int(m.group("d")))
                except ValueError:
                    continue
                out.add("date", Item(date.isoformat(), ctx.letter.span("text", m.start(), m.end())))
                return
    for start, end in regions:
        for m in month_year_pattern().finditer(ctx.text, start, end):
            month = lexicon.month_number(m.group("m"))
            if month:
                value = f"{int(m.group('y')):04d}-{month:02d}"
                span = ctx.letter.span("text", m.start("m"), m.end("y"))
                out.add("date", Item(value, span, None, {"precision": "month"}))
                return
    if written is not None:
        mailed = _mailed(ctx)
        # (a later message's own "Sent:" is in no header: the page's date is not its words)
        written_span = _written_span(ctx) if mailed is None or _mail_date_in_header(ctx) else None
        out.add("date", Item(written.isoformat(), written_span))
        if mailed is not None and not out.get("time"):
            out.add("time", Item(f"{mailed:%H:%M}", None))
        return
    # A date on a line of its own near the top, or a minutes' heading there: "ВЫПИСКА / из
    # протокола № 14 … / от 12 октября 1921 г.", "Выписка из протокола № 7 … от 12 сентября
    # 1921 г." under an archive's reference
    pos = 0
    under_heading = False  # the line before was a minutes' heading
    for top_line in ctx.text[:800].split("\n")[:8]:
        start, pos = pos, pos + len(top_line) + 1
        if not top_line.strip():
            continue
        heading_goes_on = under_heading and not top_line.rstrip().endswith(("!", "?", ":"))
        under_heading = bool(_MINUTES_HEADING.match(top_line))
        if _DATE_ALONE.match(top_line) or under_heading or heading_goes_on:
            # "Выписка из протокола № 17 / заседания бюро … от 22 августа 1921 г."
            for m, date in _dates_in(ctx, start, start + len(top_line)):
                out.add("date", Item(date.isoformat(), ctx.letter.span("text", m.start(), m.end())))
                return
    heading = _heading_date(ctx)
    month_only = _written_month(ctx)
    if heading is not None and (
        month_only is None
        or (heading[0].year, heading[0].month) == (month_only.year, month_only.month)
    ):
        out.add("date", Item(heading[0].isoformat(), heading[1]))
        return
    # A heading kept as the text's first line: "Выписка из протокола № 14 … от 9 ноября 1921 г."
    first_end = ctx.text.find("\n")
    first = ctx.text[: first_end if first_end >= 0 else len(ctx.text)]
    if not first.rstrip().endswith((".", "!", "?")) or first.rstrip().endswith(("г.", "года.")):
        for m, date in _dates_in(ctx, 0, len(first)):
            out.add("date", Item(date.isoformat(), ctx.letter.span("text", m.start(), m.end())))
            return
    if month_only is not None:
        # "Написано: декабрь 1921 г." over the second document of a page whose heading dates
        # the first; "Датируется ноябрем 1921 г. по входящей отметке": the month an editor gives
        out.add(
            "date",
            Item(month_only.strftime("%Y-%m"), _written_span(ctx), None, {"precision": "month"}),
        )


_DATE_ALONE = re.compile(
    rf"^\s*(?:от\s+)?«?[0-3]?\d»?\s+[а-яё]+\s+{_FULL_YEAR}\s*(?:г\.|года)?\s*\.?\s*$", re.I
)
_MINUTES_HEADING = re.compile(r"^\s*(?:Выписка|Из\s+протокола|Протокол)\b", re.I)


# A telegram's or telephone message's line saying when it was handed in or passed on.
_DISPATCH_LINE = re.compile(
    r"^[ \t]*(?:передан[оа]?|подан[оа]?|отправлен[оа]?|сдан[оа]?|принят[оа]?)\b[^\n]*", re.I | re.M
)

# Lines of an edition's header that date its publication, not the letter.
_PUBLICATION_LINE = re.compile(
    r"^\s*(?:впервые|печатается|публикуется|источник|первая\s+публикация|source|first\s+published"
    r"|printed|published)",
    re.I,
)


_RANGE_BEFORE = re.compile(r"\d\s*[–—-]\s*$")


def _heading_date(ctx: Ctx) -> tuple[dt.date, Span | None] | None:
    """The date a heading above the text gives when the text has none ("Выписка из протокола
    № 14 заседания бюро ячейки … от 9 ноября 1921 г.")."""
    header = ctx.letter.header_text
    pos = 0
    for line in header.split("\n"):
        start, pos = pos, pos + len(line) + 1
        if _PUBLICATION_LINE.match(line):
            continue
        for m in date_pattern().finditer(line):
            if _RANGE_BEFORE.search(line, 0, m.start()):
                continue  # "Даты: 14–16 апреля 1923 г.": the documents' span of days, no one date
            date = parse_date(m)
            if date is not None and 1880 <= date.year <= _LATEST_YEAR:
                return date, ctx.letter.span("header", start + m.start(), start + m.end())
    return None


def _bracketed_new_style(
    ctx: Ctx, m: re.Match[str], date: dt.date
) -> tuple[dt.date, Span | None] | None:
    """ "Петроград, 28 декабря 1917 г. (10 января 1918 г.)": the New Style date in brackets
    after the Old Style one, up to a fortnight later."""
    pair = re.match(r"\s*(?:г\.|года)?\s*\(\s*", ctx.text[m.end() : m.end() + 12])
    if pair is None:
        return None
    second = date_pattern().match(ctx.text, m.end() + pair.end())
    new = parse_date(second) if second is not None else None
    if second is None or new is None or not 0 < (new - date).days <= 14:
        return None
    return new, ctx.letter.span("text", second.start(), second.end())


def _new_style_of(ctx: Ctx, date: dt.date) -> tuple[dt.date, Span | None] | None:
    """The New Style date an edition gives beside `date` in its header ("Написано 28 декабря
    1917 г. (10 января 1918 г.)"), when `date` is the Old Style one."""
    fields = ctx.letter.provenance.fields
    sources = [(ctx.letter.header_text, True)] + [
        (fields.get(key, ""), False) for key in ("Written", "Dictated", "Dated")
    ]
    for source, in_header in sources:
        for m in date_pattern().finditer(source):
            if parse_date(m) != date:
                continue
            pair = re.match(r"\s*(?:г\.|года)?\s*\(\s*", source[m.end() :])
            if pair is None:
                continue
            second = date_pattern().match(source, m.end() + pair.end())
            new = parse_date(second) if second is not None else None
            if second is not None and new is not None and 0 < (new - date).days <= 14:
                span = (
                    ctx.letter.span("header", second.start(), second.end()) if in_header else None
                )
                return new, span
    return None


# A day and a Roman month, no year: "23/XI.", "14/IV".
_DAY_ROMAN = re.compile(
    rf"(?<![\d/.])(?P<d>[0-3]?\d)\s*[./]\s*(?P<r>{_ROMAN})\b\.?(?!\s*[./—–-]?\s*\d)"
)


# An editor's word on the year of an undated note: "Датируется 1921 г. по содержанию".
_DATED_BY = re.compile(rf"\bДатиру(?:ется|ются)\b[^\n]{{0,40}}?\b({_FULL_YEAR})\s*(?:г\.|год)")


def _dated_by_editor(ctx: Ctx) -> dt.date | None:
    """The year an editor gives an undated note, for its day and Roman month ("26/VII."); the
    middle of that year, so no month is taken for the year's turn."""
    letter = ctx.letter
    written = letter.provenance.fields.get("Written", "")
    for text in (ctx.text, letter.notes_text, letter.header_text, written):
        m = _DATED_BY.search(text)
        if m:
            return dt.date(int(m.group(1)), 7, 1)
    # a collection's dating line under the document's heading: "1921 г." alone
    m = _YEAR_LINE.search(letter.header_text)
    return dt.date(int(m.group(1)), 7, 1) if m else None


_YEAR_LINE = re.compile(rf"^[ \t]*\[?({_FULL_YEAR})\s*(?:г\.|год)?\]?[ \t]*$", re.M)


_CLOCK = re.compile(r"\b([01]?\d|2[0-3]):([0-5]\d)\b")


def _mailed(ctx: Ctx) -> dt.datetime | None:
    """When an e-mail was sent, by its "Date:" header ("Sun, 3 Mar 2024 10:14:05 +0300"), read by
    the standard library's reader of mail headers, or as a mail program quoting it writes it
    ("Sent: Monday, November 13, 2023 9:07 PM", "Дата: вторник, 14 ноября 2023 г., 16:42"); the
    time as the sender's clock showed it."""
    fields = ctx.letter.provenance.fields
    for key in ("Date", "Sent"):
        value = fields.get(key, "").strip()
        if not value:
            continue
        if (when := sent_at(value)) is not None:
            return when
        m = date_pattern().search(value)
        date = parse_date(m) if m is not None else None
        if m is not None and date is not None:
            clock = _CLOCK.search(value, m.end())
            hour, minute = (int(clock.group(1)), int(clock.group(2))) if clock else (0, 0)
            return dt.datetime.combine(date, dt.time(hour, minute))
    return None


def _mail_date_in_header(ctx: Ctx) -> bool:
    """Whether the e-mail's "Date:"/"Sent:" the letter is dated by stands in its header."""
    prov = ctx.letter.provenance
    key = "Date" if prov.fields.get("Date") else "Sent"
    return bool(prov.fields.get(key)) and key not in prov.own_fields


def _written(ctx: Ctx) -> dt.date | None:
    """The date the edition gives for the letter ("Написано 23 ноября 1921 г.", "Written: …");
    a day and month alone ("Написано 2 сентября") in the year the page gives; an e-mail's
    "Date:"."""
    if (mailed := _mailed(ctx)) is not None:
        return mailed.date()
    for key in ("Written", "Dictated", "Dated"):
        value = ctx.letter.provenance.fields.get(key, "")
        for m in date_pattern().finditer(value):
            date = parse_date(m)
            if date is not None:
                return date
        day_month = _DAY_MONTH.search(value)
        if day_month is not None and _page_year(ctx) is not None:
            return _in_page_year(ctx, day_month)
    return None


_DAY_MONTH = re.compile(r"\b(?P<d>[0-3]?\d)\s+(?P<m>[а-яё]+)\b(?!\s*,?\s*\d)", re.I)
_PAGE_YEAR = re.compile(rf"\b{_FULL_YEAR}\b")


def _in_page_year(ctx: Ctx, day_month: re.Match[str]) -> dt.date | None:
    """ "2 сентября" in the year the page gives, if it gives one and the words are a date."""
    year = _page_year(ctx)
    month = lexicon.month_number(day_month.group("m"))
    if year is None or not month:
        return None
    try:
        return dt.date(year, month, int(day_month.group("d")))
    except ValueError:
        return None


def _page_year(ctx: Ctx) -> int | None:
    """The one year the page's header or title names ("Записки, письма, телефонограммы. 1921")."""
    letter = ctx.letter
    years = set(_PAGE_YEAR.findall(f"{letter.header_text}\n{letter.provenance.title}"))
    return int(years.pop()) if len(years) == 1 else None


def _written_month(ctx: Ctx) -> dt.date | None:
    """The month the edition gives when it gives no day ("Написано в марте 1921 г."), as its
    first day: the year (and month) for "3/III." under it."""
    for key in ("Written", "Dictated", "Dated"):
        value = ctx.letter.provenance.fields.get(key, "")
        m = re.search(rf"(?P<m>{lexicon.month_pattern()})\w*\s+(?P<y>{_FULL_YEAR})", value, re.I)
        if m is not None and (month := lexicon.month_number(m.group("m"))):
            return dt.date(int(m.group("y")), month, 1)
    return None


def _written_span(ctx: Ctx) -> Span | None:
    header = ctx.letter.header_text
    for m in date_pattern().finditer(header):
        if parse_date(m) is not None:
            return ctx.letter.span("header", m.start(), m.end())
    month = re.search(rf"(?:{lexicon.month_pattern()})\w*\s+{_FULL_YEAR}", header, re.I)
    return ctx.letter.span("header", month.start(), month.end()) if month else None


# A telegraph form's line of when the telegram was handed in.
_FILED_LINE = re.compile(r"\b(?:подан[аоы]?|сдан[аоы]?)\b[^\n]*", re.IGNORECASE)


def _read_time(ctx: Ctx, out: Extraction, start: int, end: int) -> None:
    for m in _TIME.finditer(ctx.text, start, end):
        hour = int(m.group("h1") or m.group("h2") or m.group("h3") or -1)
        minute = int(m.group("m1") or m.group("m2") or m.group("m3") or 0)
        if m.group("h2") and not re.search(r"час|ч\.", m.group(0), re.IGNORECASE):
            continue
        if m.group("part") in ("дня", "вечера") and hour < 12:
            hour += 12
        if 0 <= hour <= 24 and not (m.group("h1") and date_pattern().match(ctx.text, m.start())):
            span = ctx.letter.span("text", m.start(), m.end())
            out.add("time", Item(f"{hour % 24:02d}:{minute:02d}", span))
            return
