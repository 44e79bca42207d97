"""When a letter was written: the date and time on its closing or opening lines, a day and a
Roman month with the year from the archive header or the notes, of two calendars the New
Style one, else the header's own date or month.
"""

from __future__ import annotations

import datetime as dt
import re

from text_to_num import alpha2digit

from commission.intake.reading import lexicon as lx
from commission.intake.reading.mailtime import own_message_sent
from commission.intake.reading.model import Extraction, Item, Letter
from commission.intake.reading.rules.context import _Ctx, last_lines


def parse_date(m: re.Match[str]) -> dt.date | None:
    g = m.groupdict()
    try:
        if g["y1"]:
            month = (g["nsm1"] or g["m1"]).lower().rstrip(".")
            return dt.date(int(g["y1"]), lx.MONTHS[month], _day(g["nsd1"] or g["d1"]))
        if g["y2"]:
            day = _day(g["ns2"] or g["d2"])
            written = dt.date(int(g["y2"]), lx.MONTHS[g["m2"].lower().rstrip(".")], day)
            if g["om2"]:
                other = dt.date(
                    int(g["y2"]), lx.MONTHS[g["om2"].lower().rstrip(".")], _day(g["od2"])
                )
                return max(written, other)  # the New Style day is the later one
            return written
        if g["y8"]:
            return dt.date(int(g["y8"]), lx.MONTHS[g["m8"].lower().rstrip(".")], _day(g["d8"]))
        if g["y9"]:
            return dt.date(int(g["y9"]), lx.MONTHS[g["m9"].lower().rstrip(".")], _day(g["d9"]))
        if g["y3"]:
            return dt.date(_year(g["y3"]), lx.ROMAN[g["r3"].lower()], int(g["d3"]))
        if g["y4"]:
            return dt.date(_year(g["y4"]), int(g["n4"]), int(g["d4"]))
        if g["y5"]:
            return dt.date(int(g["y5"]), int(g["n5"]), int(g["d5"]))
        if g["y6"]:
            return dt.date(_year(g["y6"]), lx.MONTHS[g["m6"].lower().rstrip(".")], int(g["d6"]))
        if g["y7"]:
            return dt.date(_year(g["y7"]), lx.ROMAN[g["r7"].lower()], int(g["d7"]))
    except (ValueError, KeyError):
        return None
    return None


def _day(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def _year(text: str) -> int:
    year = int(text)
    return year + 1900 if year < 100 else year


def parse_time(m: re.Match[str]) -> str | None:
    g = m.groupdict()
    if g["h1"]:
        hour, minute = int(g["h1"]), int(g["mi1"])
    elif g["h2"]:
        hour, minute = int(g["h2"]), int(g["mi2"] or 0)
        if g["ap"].lower().startswith("p") and hour < 12:
            hour += 12
        if g["ap"].lower().startswith("a") and hour == 12:
            hour = 0
    elif g["h3"]:
        hour, minute = int(g["h3"]), int(g["mi3"])
    elif g.get("h5"):
        hour, minute = int(g["h5"]), int(g["mi5"])
    elif g.get("h6"):
        hour, minute = int(g["h6"]), int(g["mi6"])
    else:
        word = g["h4"].lower()
        hour = lx.NUMBER_WORDS.get(word) or int(word)
        minute = 0
        if g["part"] and g["part"].lower() in ("afternoon", "evening", "night") and hour < 12:
            hour += 12
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


# A Roman month as a printed edition's text recognition gives it: "X11" for XII, "111" for III.
_OCR_ROMAN = re.compile(r"(?<=[./]|\s)(?:[XVI1]*[XVI][XVI1]*|111)(?=\s*[./–—-]|\s|$)")


def _roman_read(text: str) -> str:
    """`text` with the ones of a misread Roman month read as I ("17/X11-21" → "17/XII-21",
    "18.111. Lenin" → "18.III. Lenin"); the same length, so offsets hold."""
    return _OCR_ROMAN.sub(lambda m: m.group(0).replace("1", "I"), text)


# A telegram's or a telephone message's hour and minutes right after its date, with a point:
# "16.XII.1921, 14.30", "1 December 1922, 11.40".
_TIME_AFTER_DATE = re.compile(r"[ \t]*,?[ \t]+(?:at[ \t]+)?([0-2]?\d)\.([0-5]\d)(?![\d.]?\d)")


def _new_style_day(m: re.Match[str]) -> dt.date | None:
    """The New Style date of a day given in both calendars: in the Old Style month, or the
    next one when the New Style day is the smaller ("the 20th of January old style, the 2nd
    new style" is 2 February)."""
    month = lx.MONTHS.get(m.group("m").lower().rstrip("."))
    if month is None:
        return None
    year, old_day, new_day = int(m.group("y")), int(m.group("od")), int(m.group("nd"))
    if m.group("nm"):
        new_month = lx.MONTHS.get(m.group("nm").lower().rstrip("."))
        if new_month is None:
            return None
        if new_month < month:
            year += 1  # "the 20th of December old style, the 2nd of January new"
        month = new_month
    elif new_day < old_day:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    try:
        return dt.date(year, month, new_day)
    except ValueError:
        return None


def _date_time(ctx: _Ctx, out: Extraction, closing: list[tuple[int, int]]) -> None:
    _dates_and_times(ctx, out, closing)
    if out.get("date") and not out.get("time"):
        _form_hour(ctx, out)


# A telegraph form's hour of handing in, on the form's line above the text: "Handed in:
# 14.VI.22  11.40", "Handed to the telegraph: 17.05".
_FORM_HOUR = re.compile(
    r"\b(?:handed\s+in|handed\s+to\s+the\s+telegraph|dispatched)\s*:?\s*"
    r"(?:\d{1,2}[./][IVXivx\d]{1,4}(?:[./]\d{2,4})?\.?\s+)?"
    r"(?:at\s+)?([01]?\d|2[0-3])[.:]([0-5]\d)\b",
    re.IGNORECASE,
)


def _form_hour(ctx: _Ctx, out: Extraction) -> None:
    # its own form above its text, else (the page's first document) the form over the page
    top = "\n".join(ctx.letter.text.split("\n")[:8])
    if (m := _FORM_HOUR.search(top)) is not None:
        span = ctx.letter.span("text", m.start(1), m.end(2))
    elif ctx.letter.index == 0 and (m := _FORM_HOUR.search(ctx.letter.header_text)) is not None:
        span = ctx.letter.span("header", m.start(1), m.end(2))
    else:
        return
    out.add("time", Item(f"{int(m.group(1)):02d}:{m.group(2)}", span))


def _dates_and_times(ctx: _Ctx, out: Extraction, closing: list[tuple[int, int]]) -> None:
    if (sent := own_message_sent(ctx.letter)) is not None:
        # a later message of a thread: when its own "Date:" or "Sent:" line says
        out.add("date", Item(sent.date().isoformat(), None))
        out.add("time", Item(f"{sent:%H:%M}", None))
        return
    if _telegraph_line(ctx, out):
        return
    text = _roman_read(ctx.text)
    candidates: list[tuple[int, int]] = []
    pos = 0
    top = []
    for n, raw in enumerate(text.split("\n")[:16]):
        # a title may be long: "Extract from the minutes of the general meeting of …, 4 May 1922"
        if raw.strip() and (len(raw.split()) <= 18 or lx.TITLE_LINE.match(raw)):
            top.append((pos, pos + len(raw)))
        elif raw.strip() and n >= 6:
            break  # past a letterhead and an address block, under the date: the body
        pos += len(raw) + 1
    # a short date line among the last lines, above a line that is not the signature's (a
    # scribe's "… has signed" under the date)
    tail = _last_short_lines(text)
    candidates = [*closing, *(t for t in tail if t not in closing), *top]
    for start, end in candidates:
        line = text[start:end]
        if len(line.split()) > 18 and not lx.TITLE_LINE.match(line):
            continue  # a sentence of the body, not a line of date and place (or a telegraph form's)
        if (styles := lx.BOTH_STYLES_IN_WORDS.search(line)) and (date := _new_style_day(styles)):
            span = ctx.letter.span("text", start + styles.start(), start + styles.end())
            out.add("date", Item(date.isoformat(), span))
            return
        m = lx.DATE.search(line)
        in_words = _in_figures(line) if not m else None
        if in_words is not None and (date := _date_of(in_words)) is not None:
            # "written the fourteenth day of November in the year nineteen hundred and twenty
            # one": the date read in figures, the whole line its place
            out.add("date", Item(date.isoformat(), ctx.letter.span("text", start, end)))
            return
        if not m:
            continue
        m = _new_style(line, m)
        date = parse_date(m)
        if date is None:
            continue
        if _OLD_STYLE_ALONE.match(line, m.end()) and date < _CALENDAR_CHANGE:
            # "17 December 1920 old style", the only date given: its New Style day
            date += dt.timedelta(days=_julian_lag(date))
        span = ctx.letter.span("text", start + m.start(), start + m.end())
        out.add("date", Item(date.isoformat(), span))
        t = lx.TIME.search(line)
        if t and not (t.start() >= m.start() and t.end() <= m.end()):
            value = parse_time(t)
            if value:
                tspan = ctx.letter.span("text", start + t.start(), start + t.end())
                out.add("time", Item(value, tspan))
        elif (after := _TIME_AFTER_DATE.match(line, m.end())) is not None:
            hour, minute = int(after.group(1)), int(after.group(2))
            if hour < 24:
                tspan = ctx.letter.span("text", start + after.start(1), start + after.end(2))
                out.add("time", Item(f"{hour:02d}:{minute:02d}", tspan))
        return
    # A later document of the page dates itself in its own "Written:" field; else the header.
    own = _own_field_date(ctx.letter)
    context = _header_date(ctx.letter) if own is None else None
    # The year for "14/IV.": the header's date, else the first date of the editor's notes.
    month_only = _header_month(ctx.letter) if context is None and own is None else None
    year_from = own or (context[0] if context else (month_only[0] if month_only else None))
    year_from = year_from or _notes_date(ctx.letter) or _header_year(ctx.letter)
    for start, end in candidates:
        line = text[start:end]
        roman = lx.DAY_ROMAN.search(line) if len(line.split()) <= 16 else None
        if roman is None or year_from is None:
            continue
        month_no = lx.ROMAN[roman.group("r").lower()]
        year = year_from.year
        if month_no == 12 and year_from.month == 1:
            year -= 1  # "30/XII" under a New Style January date
        try:
            date = dt.date(year, month_no, int(roman.group("d")))
        except ValueError:
            continue
        span = ctx.letter.span("text", start + roman.start(), start + roman.end())
        out.add("date", Item(date.isoformat(), span))
        return
    for start, end in candidates:
        # "17 December" on a short line under a letterhead: the year from the page
        line = text[start:end]
        day_month = lx.DAY_MONTH.search(line) if len(line.split()) <= 6 else None
        if day_month is None or year_from is None:
            continue
        month_word = (day_month.group("m") or day_month.group("m2")).lower().rstrip(".")
        try:
            date = dt.date(
                year_from.year,
                lx.MONTHS[month_word],
                _day(day_month.group("d") or day_month.group("d2")),
            )
        except ValueError:
            continue
        span = ctx.letter.span("text", start + day_month.start(), start + day_month.end())
        out.add("date", Item(date.isoformat(), span))
        return
    if year_from is not None and (handed := _handed_in(ctx.letter, year_from)) is not None:
        # no date under a telegram: the day its form says it was handed in ("14/XI")
        date, hstart, hend = handed
        out.add("date", Item(date.isoformat(), ctx.letter.span("header", hstart, hend)))
        if (stamp := _HOUR_AFTER.match(ctx.letter.header_text, hend)) is not None:
            value = f"{int(stamp.group(1)):02d}:{stamp.group(2)}"
            span = ctx.letter.span("header", stamp.start(1), stamp.end(2))
            out.add("time", Item(value, span))
        return
    for start, end in candidates:
        month = lx.MONTH_YEAR.match(text[start:end]) or lx.ILLEGIBLE_DAY.search(text[start:end])
        if month:
            value = f"{month.group('y')}-{lx.MONTHS[month.group('m').lower().rstrip('.')]:02d}"
            span = ctx.letter.span("text", start + month.start("m"), start + month.end("y"))
            out.add("date", Item(value, span, None, {"precision": "month"}))
            return
    if own is not None:
        out.add("date", Item(own.isoformat(), None))  # (its own field: no span in the header)
    elif context is not None:
        date, hstart, hend = context
        out.add("date", Item(date.isoformat(), ctx.letter.span("header", hstart, hend)))
        header = ctx.letter.header_text
        line_start = header.rfind("\n", 0, hstart) + 1
        line_end = header.find("\n", hend)
        line_end = len(header) if line_end < 0 else line_end
        if (stamp := _HOUR_AFTER.match(header, hend)) is not None:
            # a form's "Handed in: 14.VI.22  11.40": the hour right after the day
            value = f"{int(stamp.group(1)):02d}:{stamp.group(2)}"
            out.add("time", Item(value, ctx.letter.span("header", stamp.start(1), stamp.end(2))))
            return
        t = lx.TIME.search(header, hend, line_end) or lx.TIME.search(header, line_start, hstart)
        if t is not None and (value := parse_time(t)):
            out.add("time", Item(value, ctx.letter.span("header", t.start(), t.end())))
    elif month_only is not None:
        date, hstart, hend = month_only
        span = ctx.letter.span("header", hstart, hend)
        out.add("date", Item(date.strftime("%Y-%m"), span, None, {"precision": "month"}))
    elif (own_month := _own_field_month(ctx.letter)) is not None:
        # "Written: June 1922 (dated by the editors from the postmark)" over the document
        out.add("date", Item(own_month, None, None, {"precision": "month"}))


# A line that may give its date in words: a month's name and a number word beside it.
_NUMBER_WORD = re.compile(
    r"\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|"
    r"twelfth|\w+teenth|twentieth|thirtieth|twenty|thirty|nineteen|thousand)\b",
    re.IGNORECASE,
)
_MONTH_WORD = re.compile(rf"\b{lx.MONTH_NAME}\b", re.IGNORECASE)


def _in_words(line: str) -> bool:
    return bool(_MONTH_WORD.search(line) and _NUMBER_WORD.search(line))


def _in_figures(line: str) -> str | None:
    """A line that writes its date in words, with the numbers in figures ("the 14th day of
    November in the year 1921"); None for any other line."""
    if not _in_words(line):
        return None
    figures = alpha2digit(line.replace("-", " "), "en", threshold=0)
    # "in the year 1921", "of the year 1921": the year after its own word
    # ("nineteen twenty-two" comes as "19 22")
    figures = re.sub(r"\b(1[89]) (\d\d)\b", r"\1\2", figures)
    return re.sub(r"\s+(?:in|of)\s+the\s+year(?:\s+of)?\s+(?=\d)", " ", figures)


def _date_of(line: str) -> dt.date | None:
    m = lx.DATE.search(line)
    return parse_date(m) if m else None


def _telegraph_line(ctx: _Ctx, out: Extraction) -> bool:
    """ "SAMARA 2841 47 3/VIII 11.50" at the head of a telegram: the day and hour it was
    handed in, its year written there or by another date of the page (the stamp of its
    receipt, the edition's header)."""
    pos = 0
    for raw in ctx.text.split("\n")[:6]:
        m = lx.TELEGRAPH_LINE.match(raw)
        if m is None:
            pos += len(raw) + 1
            continue
        month_text = m.group("m").lower()
        month = lx.ROMAN.get(month_text) or (int(month_text) if month_text.isdigit() else 0)
        year = _year(m.group("y")) if m.group("y") else _year_on_page(ctx.letter)
        if year is None or not 1 <= month <= 12:
            return False
        try:
            day = dt.date(year, month, int(m.group("d")))
        except ValueError:
            return False
        out.add(
            "date",
            Item(day.isoformat(), ctx.letter.span("text", pos + m.start("d"), pos + m.end("m"))),
        )
        if m.group("h") is not None and int(m.group("h")) < 24:
            span = ctx.letter.span("text", pos + m.start("h"), pos + m.end("mi"))
            out.add("time", Item(f"{int(m.group('h')):02d}:{m.group('mi')}", span))
        return True
    return False


def _year_on_page(letter: Letter) -> int | None:
    """The year of the first full date in the letter, its notes or its header."""
    for text in (letter.text, letter.notes_text, letter.header_text):
        for m in lx.DATE.finditer(text):
            date = parse_date(m)
            if date is not None:
                return date.year
    year = _header_year(letter)
    return year.year if year is not None else None


# "Written in July, not before the 29th, 1921": the month and, further on, its year.
_MONTH_THEN_YEAR = re.compile(
    rf"\b(?P<m>{lx.MONTH_NAME})\b[^.\n]{{0,40}}?(?P<y>\b1[89]\d\d)\b", re.IGNORECASE
)


_PLACE_AND_MONTH = re.compile(
    rf"(?:[A-Z][\w-]+,\s*)?{lx.MONTH_NAME}\.?\s+(?:1[89]\d\d)\s*(?:g\.|г\.)?", re.IGNORECASE
)


def _header_month(letter: Letter) -> tuple[dt.date, int, int] | None:
    """ "Written in April 1921": the month a header field gives when it gives no day."""
    pos = 0
    for raw in letter.header_text.split("\n"):
        line = raw.strip()
        field = lx.HEADER_FIELD.match(line) or lx.BARE_HEADER_FIELD.match(line)
        dated = field and field.group("key").lower() in lx.DATED_FIELDS
        # a letterhead's "Moscow, December 1921": the place and the month
        placed = _PLACE_AND_MONTH.fullmatch(line)
        if dated or placed:
            m = lx.MONTH_AND_YEAR.search(raw) or _MONTH_THEN_YEAR.search(raw)
            if m is not None:
                month = lx.MONTHS[m.group("m").lower().rstrip(".")]
                return dt.date(int(m.group("y")), month, 1), pos + m.start(), pos + m.end()
        pos += len(raw) + 1
    return None


_YEAR_IN_HEADER = re.compile(r"\b(?:18[89]\d|19[0-4]\d)\b")
# A line dating the page, not a document on it.
_PAGE_DATED = re.compile(
    r"\b(?i:posted|published\s+on|updated|last\s+modified|uploaded|accessed|retrieved|"
    r"опубликовано|обновлено)\b|©"
)


def _header_year(letter: Letter) -> dt.date | None:
    """The year a page's header gives without a day: a register's "Incoming telegrams,
    November 1921", a collection's "Nizhny Novgorod, 1921"."""
    # (not the page's own date: "Posted 12 September 2023 · Category: Sources")
    header = "\n".join(
        line for line in letter.header_text.split("\n") if not _PAGE_DATED.search(line)
    )
    m = lx.MONTH_AND_YEAR.search(header)
    if m is not None:
        return dt.date(int(m.group("y")), lx.MONTHS[m.group("m").lower().rstrip(".")], 1)
    years = {y.group(0) for y in _YEAR_IN_HEADER.finditer(header)}
    return dt.date(int(years.pop()), 1, 1) if len(years) == 1 else None


# A telegraph form's "Handed in: 14/XI 11.40" in the header.
_HANDED_IN = re.compile(
    r"\b(?:handed\s+in|sent|dispatched|подана|сдана|отправлена)\s*:?\s*", re.IGNORECASE
)


# The hour after a form's day: "14/XI  11.40".
_HOUR_AFTER = re.compile(r"\s+([01]?\d|2[0-3])[.:]([0-5]\d)\b")


def _handed_in(letter: Letter, year_from: dt.date) -> tuple[dt.date, int, int] | None:
    header = letter.header_text
    for stamp in _HANDED_IN.finditer(header):
        roman = lx.DAY_ROMAN.match(header, stamp.end())
        if roman is None:
            # "14/XI  11.40": a day and month with the hour after them, no year
            roman = lx.DAY_ROMAN_ANY.match(header, stamp.end())
            if roman is None or _HOUR_AFTER.match(header, roman.end()) is None:
                continue
        try:
            day = dt.date(year_from.year, lx.ROMAN[roman.group("r").lower()], int(roman.group("d")))
        except ValueError:
            continue
        return day, roman.start(), roman.end()
    return None


def _notes_date(letter: Letter) -> dt.date | None:
    for m in lx.DATE.finditer(letter.notes_text):
        date = parse_date(m)
        if date is not None:
            return date
    return None


# The line of a telegraph or telephone form that says when it was handed in or taken.
_STAMP_LINE = re.compile(
    lx.FORM_STAMP + r"|(?:[A-Z][\w-]+[.,]?\s+)?(?:sent|taken\s+down)\b|from\s+[A-Z][\w-]+,?\s+\d"
    r"|(?:[А-ЯЁ][\w-]+[.,]?\s+)?(?:принят[ао]?|подан[ао]?|передан[ао]?|отправлен[ао]?)\b",
    re.IGNORECASE,
)


_NUMBER = re.compile(r"(?:No\.?|№|Nr\.?)\s*\d[\w/-]*")


def _dateline(line: str) -> bool:
    """A line of a form that holds only its number, its date and its time."""
    if len(line.split()) > 10 or (m := lx.DATE.search(line)) is None:
        return False
    rest = line[: m.start()] + " " + line[m.end() :]
    rest = lx.TIME.sub(" ", _NUMBER.sub(" ", rest))
    return not re.sub(r"[\s.,;:/–—-]", "", rest)


def _header_date(letter: Letter) -> tuple[dt.date, int, int] | None:
    """The date an archive edition gives above the letter: its "Written:"/"Dictated:" field
    ("Written on 3 March 1920", "Written 22 October 1919", of two calendars the New Style
    one), else the date in the title line; with its offsets in the header."""
    header = letter.header_text
    if not header:
        return None
    found: list[tuple[int, dt.date, int, int]] = []
    pos = 0
    title = letter.provenance.title
    for raw in header.split("\n"):
        line = raw.strip()
        field = lx.HEADER_FIELD.match(line) or lx.BARE_HEADER_FIELD.match(line)
        rank = None
        if field and field.group("key").lower() in lx.DATED_FIELDS:
            rank = 0
        elif title and line == title.strip():
            rank = 1
        elif _STAMP_LINE.match(line):
            rank = 2  # a telegraph form's "Received 14.III.22 at 11.40" above the text
        elif _dateline(line):
            rank = 3  # a form's "No. 77   14.XI.21   11 h. 40 m."
        if rank is not None:
            lead = len(raw) - len(raw.lstrip())
            m = lx.DATE.search(raw, lead + field.start("value") if field else 0)
            if m is not None:
                m = _new_style(raw, m)
                date = parse_date(m)
                if date is not None:
                    found.append((rank, date, pos + m.start(), pos + m.end()))
        pos += len(raw) + 1
    if not found:
        return None
    _rank, date, start, end = min(found, key=lambda f: f[0])
    return date, start, end


def _own_field_date(letter: Letter) -> dt.date | None:
    """The date a later document of the page has in its own "Written:" field (kept among its
    fields, not in the page's header), or its own heading ("Copy of telegram sent 16 April
    1921")."""
    for key in ("Written", "Dictated", "Heading"):
        value = letter.provenance.fields.get(key, "")
        if not value or value in letter.header_text:
            continue
        m = lx.DATE.search(value)
        date = parse_date(_new_style(value, m)) if m is not None else None
        if date is not None:
            return date
    return None


def _own_field_month(letter: Letter) -> str | None:
    """The month and year ("1922-06") of a "Written:" field that gives no day, kept among the
    document's fields."""
    for key in ("Written", "Dictated"):
        value = letter.provenance.fields.get(key, "")
        if not value or value in letter.header_text:
            continue
        m = lx.MONTH_AND_YEAR.search(value) or _MONTH_THEN_YEAR.search(value)
        if m is not None:
            return f"{int(m.group('y')):04d}-{lx.MONTHS[m.group('m').lower().rstrip('.')]:02d}"
    return None


_OLD_STYLE_ALONE = re.compile(r"\s*,?\s*\(?(?i:old\s+style|O\.\s?S\.)")
# Soviet Russia took the New Style on 14 February 1918; writers went on dating by the old one.
_CALENDAR_CHANGE = dt.date(1925, 1, 1)


def _julian_lag(date: dt.date) -> int:
    """Days the Old Style calendar is behind the New on `date` (13 from March 1900)."""
    return 13 if date >= dt.date(1900, 3, 1) else 12


def _last_short_lines(text: str) -> list[tuple[int, int]]:
    # (not a field of the page: "Written: 2 May 1922" over the next document)
    return [
        (start, end)
        for start, end in last_lines(text, 5)
        if text[start:end].strip()
        # (or a date in words: "written the fourteenth day of November in the year …", "the
        # 23rd of February by the old style, the 8th of March by the new, 1925")
        and (
            len(text[start:end].split()) <= 8
            or _in_words(text[start:end])
            or lx.BOTH_STYLES_IN_WORDS.search(text[start:end])
        )
        and not lx.HEADER_FIELD.match(text[start:end])
    ]


def _new_style(line: str, m: re.Match[str]) -> re.Match[str]:
    """Of a date written in both calendars ("28 December 1921 / 10 January 1922"), the second,
    New Style one."""
    gap = lx.DUAL_DATE_GAP.match(line, m.end())
    second = lx.DATE.match(line, gap.end()) if gap else None
    return second if second is not None and parse_date(second) is not None else m
