"""Bytes to text: encodings, HTML, Markdown and PDF, with a clear refusal for what is not text.

Every refusal is an `UnreadableInput` naming the file and the reason in a sentence a clerk can
act on; the caller goes on with the rest of the batch.
"""

from __future__ import annotations

import codecs
import functools
import io
import math
import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from charset_normalizer import from_bytes
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from commission.intake.reading.model import UnreadableInput

# A seed letter is 2-4 kB; a whole volume of letters saved as one HTML page stays far below this.
# Larger files are refused before they are read, so a stray 200 MB file costs nothing.
MAX_BYTES = 20 * 1024 * 1024

_HTML_EXT = {".html", ".htm", ".xhtml"}
_MD_EXT = {".md", ".markdown", ".mdown"}
_PDF_EXT = {".pdf"}
_BINARY_MAGIC = (
    (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (a .docx or .odt file is one: save it as text or PDF)"),
    (b"\x1f\x8b", "a gzip archive"), (b"\x7fELF", "a program"), (b"MZ", "a Windows program"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file (save it as text or PDF)"),
)  # fmt: skip


@dataclass
class Decoded:
    text: str
    source_format: str  # text, markdown, html, pdf
    encoding: str
    meta: dict[str, str] = field(default_factory=dict)  # title, url found in the markup


def decode_file(path: Path | str) -> Decoded:
    path = Path(path)
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UnreadableInput(name, f"cannot be opened ({exc.strerror or exc}).") from None
    if path.is_dir():
        raise UnreadableInput(name, "is a folder, not a file.")
    if size > MAX_BYTES:
        raise UnreadableInput(
            name,
            f"is too large to be a letter ({size / 1024 / 1024:.1f} MB; the limit is "
            f"{MAX_BYTES // 1024 // 1024} MB). Split it into smaller files.",
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableInput(name, f"cannot be read ({exc.strerror or exc}).") from None
    return decode_bytes(data, file_name=name)


def decode_bytes(data: bytes, *, file_name: str) -> Decoded:
    if len(data) > MAX_BYTES:
        raise UnreadableInput(file_name, "is too large to be a letter.")
    if not data.strip():
        raise UnreadableInput(file_name, "is empty.")
    suffix = Path(file_name).suffix.lower()
    if data.startswith(b"%PDF-") or suffix in _PDF_EXT:
        return Decoded(_normalise(_pdf_text(data, file_name)), "pdf", "")
    for magic, what in _BINARY_MAGIC:
        if data.startswith(magic):
            raise UnreadableInput(file_name, f"is {what}, not a text, HTML or PDF file.")
    text, encoding = _decode_text(data, file_name)
    head = text[:2000].lstrip().lower()
    if (
        suffix in _HTML_EXT
        or head.startswith(("<!doctype html", "<html"))
        or (suffix not in _MD_EXT and re.search(r"<(body|div|p)[\s>]", head))
    ):
        body, meta = html_to_text(text)
        return Decoded(_normalise(body), "html", encoding, meta)
    if suffix in _MD_EXT:
        text, meta = front_matter(text)
        return Decoded(_normalise(markdown_to_text(text)), "markdown", encoding, meta)
    return Decoded(_normalise(text), "text", encoding)


# The 8-bit encodings Russian and Western offices saved letters in, the most used first: when
# two of them turn a file into the very same text (a Western letter whose only non-ASCII signs
# are quotes and dashes reads alike in Windows-1251 and -1252), the file is named after the first
# that fits its script.
_CYRILLIC_8BIT = ("cp1251", "koi8-r", "cp866", "iso-8859-5", "mac-cyrillic")
_WESTERN_8BIT = ("cp1252",)
_EIGHT_BIT = _CYRILLIC_8BIT + _WESTERN_8BIT
# each code page by Python's own name for it ("cp1251" for "windows-1251")
_EIGHT_BIT_BY_NAME = {codecs.lookup(e).name: e for e in _EIGHT_BIT}
_DISPLAY = {
    "cp1251": "Windows-1251", "koi8-r": "KOI8-R", "cp866": "CP866 (DOS)",
    "iso-8859-5": "ISO-8859-5", "mac-cyrillic": "Mac Cyrillic", "cp1252": "Windows-1252",
    "utf-16-le": "UTF-16 (little-endian)", "utf-16-be": "UTF-16 (big-endian)",
}  # fmt: skip

# Letters of the Russian alphabet with their share in running text (per mille). A wrong Cyrillic
# code page swaps letters around, so frequent letters turn into rare ones: each letter counts
# for the bits by which it is likelier in Russian than a letter drawn at random.
_RUSSIAN_PER_MILLE = {
    "о": 109.7, "е": 84.5, "а": 80.1, "и": 73.5, "н": 67.0, "т": 62.6, "с": 54.7, "р": 47.3,
    "в": 45.4, "л": 44.0, "к": 34.9, "м": 32.1, "д": 29.8, "п": 28.1, "у": 26.2, "я": 20.1,
    "ы": 19.0, "ь": 17.4, "г": 17.0, "з": 16.5, "б": 15.9, "ч": 14.4, "й": 12.1, "х": 9.7,
    "ж": 9.4, "ш": 7.3, "ю": 6.4, "ц": 4.8, "щ": 3.6, "э": 3.2, "ф": 2.6, "ъ": 0.4, "ё": 2.0,
}  # fmt: skip
_LETTER_BITS = {
    ch: math.log2(per_mille / 1000 * len(_RUSSIAN_PER_MILLE))
    for ch, per_mille in _RUSSIAN_PER_MILLE.items()
}
# Common words of letters and telegrams: even a one-line telegram has some, and a wrong code
# page almost never makes one.
_COMMON_WORDS = """
    и в во не на я что с со он а как по но это к ко у за из от о об же так для все всё его её
    ее мы вы они она оно было был была были бы ни да нет уже меня мне ему их ей им при до под
    тов товарищ товарищи товарищу прошу просим просит знаю знаем работу работе работал работала
    партии партию член члены ркп цкк вцик губком укома комиссии комиссия дело дела года год
    тчк зпт срочно согласен согласна согласны еду выезжаю выезжайте приеду приезжайте жду ждите
    ответ ответа сообщите телеграфируйте восстановить восстановлен восстановлена исключён
    исключена исключить отец мать брат сестра муж жена сын дочь здравствуйте уважаемый привет
    приветом"""
_RUSSIAN_WORDS = frozenset(_COMMON_WORDS.split())
_VOWELS = frozenset("аеёиоуыэюя")
# Spellings no Russian word has, each a mark of letters swapped by a wrong code page: a word
# opening on a soft or hard sign or on ы, a sign after a vowel, й after a consonant, ы after a
# vowel, "жы" and "шя", a letter thrice, three vowels or five consonants running.
_NOT_RUSSIAN = re.compile(
    r"^[ьъый]|[аеёиоуыэюяьъй][ьъ]|[^аеёиоуыэюя\W][й]|[аеёиоуэюяьъй]ы|[жшчщ][ыяю]"
    r"|(\w)\1\1|[аеёиоуыэюя]{3}|[^аеёиоуыэюя\W]{5}"
)
# What a common word is worth, what a spelling no Russian word has costs, and the lead the best
# reading must have over the next to be taken (a wrong reading of a letter is hundreds of bits
# behind; of a one-word telegram, about a word).
_WORD_BITS = 12.0
_SPELLING_BITS = 6.0
_LEAD_BITS = 8.0
# What the detector's measure of how well the text fits the language it found (0 to 1) is worth.
_DETECTOR_BITS = 4.0
# Below this mean (bits a letter, common words included) Cyrillic letters do not fall as Russian
# letters do: lines of letters and telegrams score +0.7 to +1.6, a line crowded with hard signs
# ("съезд, разъезд, изъян") about -0.5, the alphabet drawn at random about -1.5.
_RUSSIAN_FLOOR = -0.8
# Signs a typewriter or word processor puts in a letter besides letters and ASCII. Anything
# else (box drawing, mathematics, the C1 controls of ISO-8859-5) is what a wrong code page makes.
_TYPOGRAPHY = frozenset("«»„“”‘’‚‹›—–…№•°·§¶†‡‰±µ©®™£€¿¡ºª½¼¾\xa0\u202f")
_QUOTES = frozenset("«»„“”‘’‚‹›")


@dataclass(frozen=True)
class _Reading:
    """One way of reading the bytes, and how well it reads as a letter."""

    encoding: str
    text: str
    # A word or sign that belongs in no letter: a word of mixed case ("пРОШУ", a KOI8-R capital
    # read as Windows-1251), a letter outside the Russian alphabet in a Cyrillic word, a Western
    # word made of accents, box drawing, a sign inside a word. One is enough: one "вЂ™" is a
    # UTF-8 quote pasted into a Windows-1251 letter, and a letter stored garbled is worse than
    # one refused.
    garbled: bool
    letters: int = 0  # Russian letters in its Cyrillic words
    bits: float = 0.0  # how Russian those letters and words read
    costs: float = 0.0  # what reads oddly besides: a quote never closed, a dash opening a word

    @property
    def cyrillic(self) -> bool:
        return self.letters > 0

    @property
    def score(self) -> float:
        return self.bits - self.costs

    @property
    def plausible(self) -> bool:
        return not self.garbled and (
            self.letters < 20 or self.bits / self.letters >= _RUSSIAN_FLOOR
        )


_WORD = re.compile(r"[^\W\d_]+")
_SIGN = re.compile(r"(?![^\W\d_])[^\x00-\x7f]")  # anything not ASCII and not a letter
_CONTROL_CHAR = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
_ASCII_LETTER = re.compile(r"[A-Za-z]")


def _read_as(encoding: str, text: str, coherence: float = 0.0) -> _Reading:
    """How `text` reads as a letter; it stops at the first garbled word, as most wrong readings
    of a file have one within a line."""
    costs = -_DETECTOR_BITS * coherence
    opened = closed = 0
    for sign in _SIGN.finditer(text):
        ch, at = sign.group(), sign.start()
        before = text[at - 1] if at else " "
        after = text[at + 1] if at + 1 < len(text) else " "
        if ch not in _TYPOGRAPHY:
            return _Reading(encoding, text, garbled=True)  # box drawing, mathematics
        if ch in _QUOTES:
            # Quotes open before a word and close after one; a Mac capital read as Windows-1251
            # is a quote that opens a word and never closes ("‘ообщаю"), or stands alone ("‘ ").
            if after.isalnum() and not before.isalnum():
                opened += 1
            elif not after.isalnum() and (before.isalnum() or before in ".,;:!?…"):
                closed += 1
            elif not (before.isalnum() or after.isalnum()) and not _QUOTES & {before, after}:
                costs += _SPELLING_BITS
        elif ch in "—–":
            if after.isalpha() and not before.isalnum():
                costs += _SPELLING_BITS  # a dash that opens a word ("—ольцу")
        elif ch != "…" and (
            (before.isalpha() and after.isalpha()) or _is_cyrillic(before) or _is_cyrillic(after)
        ):
            return _Reading(encoding, text, garbled=True)  # inside a word: "но€бр€", "M№ller"
    costs += _SPELLING_BITS * abs(opened - closed)
    letters = 0
    bits = 0.0
    styles = {"upper": 0, "other": 0, "single": 0}  # Cyrillic words by how they are written
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        judged = _judge_word(word)
        if judged is None:
            return _Reading(encoding, text, garbled=True)
        if judged:
            letters += len(word)
            bits += judged[1]
            styles[judged[0]] += 1
    # A telegram is in capitals throughout; one word in small letters in it is an "Ё" of
    # CP866 read as a Mac letter.
    if styles["upper"] > 3 * styles["other"]:
        costs += _SPELLING_BITS * styles["other"]
    # In a Western letter a Cyrillic word is a dash or a quote read in a Cyrillic code page.
    if len(_ASCII_LETTER.findall(text)) > 3 * letters:
        costs += _WORD_BITS * sum(styles.values())
    return _Reading(encoding, text, False, letters, bits, costs)


# Soviet abbreviations mix cases ("губКК", "райЧК", "ГубЧК", "КрасКом"): runs of two letters
# or more. A word read in the wrong one of KOI8-R and Windows-1251 has its case turned round,
# so a capitalised word becomes one small letter before capitals ("пРОШУ"), which stays garbled.
_ABBREVIATION_CASE = re.compile(
    r"[а-яё]{2,}[А-ЯЁ]{2,}|(?:[А-ЯЁ][а-яё]+){1,2}[А-ЯЁ]{2,}|[А-ЯЁ][а-яё]+[А-ЯЁ][а-яё]+"
    # a name of today with a capital letter before its word: "ВКонтакте"
    r"|[А-ЯЁ][А-ЯЁ][а-яё]{3,}"
)


@functools.lru_cache(maxsize=50_000)
def _judge_word(word: str) -> tuple[str, float] | tuple[()] | None:
    """A Cyrillic word's style of writing and how Russian it reads; () for a Western word;
    None for a garbled one."""
    if not (
        word.islower()
        or word.isupper()
        or (word[0].isupper() and word[1:].islower())
        or _ABBREVIATION_CASE.fullmatch(word)
    ):
        return None
    folded = word.lower()
    if not all(ch in _LETTER_BITS for ch in folded):
        # Accents are a minority in a Western word; a Cyrillic file read as Windows-1252 is
        # made of accented letters instead ("Ïðîøó").
        foreign = sum(1 for ch in word if ch >= "\x80")
        western = all(ch < "\u0250" for ch in word) and foreign * 2 <= len(word)
        return () if western else None
    bits = sum(_LETTER_BITS[ch] for ch in folded)
    # A one-letter word ("в", "с") is easily made by chance; a longer one is not.
    bits += min(_WORD_BITS, 4.0 * len(folded)) if folded in _RUSSIAN_WORDS else 0.0
    bits -= _SPELLING_BITS * len(_NOT_RUSSIAN.findall(folded))
    if len(folded) > 3 and not _VOWELS.intersection(folded):
        bits -= _SPELLING_BITS
    style = "single" if len(word) == 1 else "upper" if word.isupper() else "other"
    return style, bits


def _is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


def _decode_text(data: bytes, file_name: str) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8", file_name), "utf-8"
    if data.startswith(b"\xff\xfe"):
        return _strict(data[2:], "utf-16-le", file_name), "utf-16-le"
    if data.startswith(b"\xfe\xff"):
        return _strict(data[2:], "utf-16-be", file_name), "utf-16-be"
    sample = data[:4096]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    if controls > max(8, len(sample) // 100) or 0 in sample:
        # UTF-16 without a byte-order mark: a NUL beside every ASCII character, a 0x04 beside
        # every Cyrillic letter. Read the wrong way round it is Chinese, and a binary file is
        # garbled both ways.
        readings = [
            _read_as(encoding, text)
            for encoding in ("utf-16-le", "utf-16-be")
            if (text := _try_decode(data, encoding)) is not None
        ]
        # Control characters are the same bytes in every 8-bit code page, so they tell those
        # apart in nothing (a DOS file ends in Ctrl-Z); in UTF-16 they are the wrong byte order.
        fitting = [r for r in readings if r.plausible and not _CONTROL_CHAR.search(r.text)]
        if len(fitting) == 1:
            return fitting[0].text, fitting[0].encoding
        reason = "it contains NUL bytes" if 0 in sample else "control characters"
        raise UnreadableInput(file_name, f"is a binary file, not text ({reason}).")
    declared = _declared_encoding(data)
    # the page's own word on its encoding (as a browser takes it), when its text reads so
    if (
        declared is not None
        and (text := _try_decode(data, declared)) is not None
        and (declared == "utf-8" or _read_as(declared, text).plausible)
    ):
        return text, declared
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _decode_8bit(data, file_name, bad_at=exc.start)
    # A few bytes of KOI8-R or Windows-1251 can be valid UTF-8 by chance ("ЕЁ" is "Ũ"): a code
    # page that reads them plainly wins, and UTF-8 it stays if none does. Dozens of valid
    # sequences are never chance.
    if len(data) - len(text) > 32 or _read_as("utf-8", text).plausible:
        return text, "utf-8"
    try:
        return _decode_8bit(data, file_name, bad_at=None)
    except UnreadableInput as refusal:
        if refusal.reason.startswith("the encoding cannot be told"):
            raise
        return text, "utf-8"


# An HTML page's or an XML file's own word on its encoding: `<meta charset="windows-1251">`,
# `<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">`, `<?xml … encoding=…?>`.
_DECLARED = re.compile(
    rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_-]{3,20})|"
    rb"<\?xml[^>]{0,100}?encoding\s*=\s*[\"']([A-Za-z0-9_-]{3,20})",
    re.IGNORECASE,
)


def _declared_encoding(data: bytes) -> str | None:
    """The encoding a page declares in its first kilobytes, if it is one this reader knows
    (UTF-8 or a code page of `_EIGHT_BIT`)."""
    m = _DECLARED.search(data[:4096])
    if m is None:
        return None
    try:
        name = codecs.lookup((m.group(1) or m.group(2)).decode("ascii")).name
    except LookupError:
        return None
    return "utf-8" if name == "utf-8" else _EIGHT_BIT_BY_NAME.get(name)


def _try_decode(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _decode_8bit(data: bytes, file_name: str, *, bad_at: int | None) -> tuple[str, str]:
    """Every code page is read and checked word by word; the detector's measure of language
    counts too, and a code page it finds garbled gets none. Only a reading plainly Russian (or
    plainly Western) and clearly ahead of the next is taken: two that fit alike are refused,
    not guessed."""
    coherence: dict[str, float] = {}
    for match in from_bytes(data, cp_isolation=[e.replace("-", "_") for e in _EIGHT_BIT]):
        for name in match.could_be_from_charset:
            coherence.setdefault(codecs.lookup(name).name, match.coherence)
    readings: dict[str, _Reading] = {}  # one per distinct text, under the first fitting name
    for encoding in _EIGHT_BIT:
        text = _try_decode(data, encoding)
        if text is None:
            continue
        reading = _read_as(encoding, text, coherence.get(codecs.lookup(encoding).name, 0.0))
        if not reading.plausible:
            continue
        if text not in readings or (not reading.cyrillic and encoding in _WESTERN_8BIT):
            readings[text] = reading
    ranked = sorted(readings.values(), key=lambda r: r.score, reverse=True)
    if len(ranked) == 1 or (len(ranked) > 1 and ranked[0].score - ranked[1].score >= _LEAD_BITS):
        return ranked[0].text, ranked[0].encoding
    if ranked:
        first, second = _DISPLAY[ranked[0].encoding], _DISPLAY[ranked[1].encoding]
        raise UnreadableInput(
            file_name,
            f"the encoding cannot be told: it reads as {first} or as {second} equally well; "
            "save it as UTF-8 and upload it again.",
        )
    if bad_at is not None and _mostly_utf8(data):
        raise UnreadableInput(
            file_name,
            f"mixes encodings: it is mostly UTF-8 but byte {bad_at} is not. Re-save it as UTF-8.",
        )
    raise UnreadableInput(
        file_name,
        "is not UTF-8 and comes out garbled in every encoding Russian and Western offices used "
        f"({', '.join(_DISPLAY[e] for e in _EIGHT_BIT)}); save it as UTF-8 and upload it again.",
    )


def _mostly_utf8(data: bytes) -> bool:
    """Whether much of the non-ASCII bytes are UTF-8 for the letters and signs of a letter;
    8-bit Cyrillic text makes valid UTF-8 by chance too, but of Samaritan or Thai."""
    text = data.decode("utf-8", errors="replace")
    good = sum(
        len(ch.encode()) for ch in text if "\x80" <= ch <= "\u04ff" or "\u2010" <= ch <= "\u2122"
    )
    high = len(data) - len(data.translate(None, bytes(range(0x80, 0x100))))
    return good >= 4 and good * 10 >= high * 3


def _strict(data: bytes, encoding: str, file_name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise UnreadableInput(
            file_name, f"claims to be {encoding} but byte {exc.start} is not valid {encoding}."
        ) from None


def _pdf_text(data: bytes, file_name: str) -> str:
    try:
        from pypdf import PdfReader
        from pypdf.errors import LimitReachedError, PyPdfError
    except ImportError:  # pragma: no cover - pypdf is a declared dependency
        raise UnreadableInput(file_name, "is a PDF, and the PDF reader is not installed.") from None
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise UnreadableInput(file_name, "is an encrypted PDF; save an unlocked copy.")
        pages = [page.extract_text() or "" for page in reader.pages]
    except UnreadableInput:
        raise
    except LimitReachedError:
        # pypdf stops inflating a stream past its limit: a few hundred kilobytes that would
        # become hundreds of megabytes are a trap, not a letter.
        raise UnreadableInput(
            file_name,
            "is a PDF whose compressed contents inflate far beyond any letter (past the PDF "
            "reader's limit), so it was not read; print the letter to a new PDF or save it as "
            "text.",
        ) from None
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise UnreadableInput(file_name, f"is not a readable PDF ({exc}).") from None
    text = "\n\n".join(p.strip("\n") for p in pages)
    if not text.strip():
        raise UnreadableInput(
            file_name, "is a PDF without a text layer (a scanned image?); run OCR on it first."
        )
    return text


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u2060\ufeff]")


_NARROW_SPACE = re.compile(r"[\u2000-\u2002\u2004-\u200a\u205f]")


_TAB_AFTER_SENTENCE = re.compile(r"(?<=[.!?)])[ ]*\t+[ \t]*(?=[A-ZА-ЯЁ\d])")


def _normalise(text: str) -> str:
    """Line ends, no-break spaces and invisible characters; the offsets of every later span
    are into this text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # A tab after the end of a sentence sets what follows apart on the same line, as a printed
    # edition sets the date and the signature to the right of the last line of text ("…в
    # Политбюро. 23/XI.<tab>С ком. приветом Ленин"): it ends the line.
    text = _TAB_AFTER_SENTENCE.sub("\n", text)
    text = text.replace("\xa0", " ").replace("\u202f", " ").replace("\t", "    ")
    # the typesetter's spaces: an em space (a column's gap, "12.IX.1920  T. Okunev") as two,
    # the narrower ones as one
    text = text.replace("\u2003", "  ").replace("\u3000", "  ")
    text = _NARROW_SPACE.sub(" ", text)
    text = _CONTROL.sub("", text)
    return unicodedata.normalize("NFC", text)


# --- HTML -----------------------------------------------------------------------------------

_SKIP = {"script", "style", "noscript", "template", "svg", "nav", "button", "form", "iframe",
         "select", "textarea", "object", "canvas", "head"}  # fmt: skip
_BLOCK = {"p", "div", "section", "article", "main", "header", "footer", "aside", "h1", "h2",
          "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "tr", "ul", "ol", "dl", "hr",
          "address", "figure", "figcaption", "center", "body"}  # fmt: skip
_VOID = {"br", "hr", "img", "meta", "link", "input", "wbr", "area", "base", "col", "source"}


# What an element is for, by its role or its class and id: the site's own furniture (a cookie
# notice, breadcrumbs, a menu, a language switch, a toolbar), never a document's words.
_CHROME_ROLES = {"dialog", "alertdialog", "navigation", "banner", "search", "menubar", "menu"}
_CHROME_NAME = re.compile(
    r"(?:^|[-_])(?:cookies?|cookie[a-z]*|consent|gdpr|breadcrumbs?|crumbs|topnav|navbar|nav|"
    r"menu|langs|lang|language-switch(?:er)?|toolbar|share|social|skip-?link|searchbar|"
    r"search-?form|masthead|colophon|site-header|site-footer|site-branding|widget-area|widgets?|"
    r"sidebar|comments-area|comment-list|comment-respond|post-navigation|pagination|"
    r"related|entry-footer|tags|tags-links|cat-links|"
    # a wiki's notice over every page, its section's "[edit]" link, its "Jump to navigation"
    r"sitenotice|centralnotice|editsection|jump-link)"
    r"(?:$|[-_])",
    re.IGNORECASE,
)
# (the blog's own names for its readers' comments and its side column: id="comments",
# id="secondary")
_CHROME_ID = {"comments", "secondary"}


def _names(attrs: dict[str, str]) -> list[str]:
    """An element's class names and its id."""
    return (attrs.get("class", "") + " " + attrs.get("id", "")).split()


def _site_chrome(attrs: dict[str, str]) -> bool:
    if attrs.get("role", "").lower() in _CHROME_ROLES:
        return True
    if attrs.get("role", "").lower() == "contentinfo" or attrs.get("id", "") in _CHROME_ID:
        return True  # the site's footer
    return any(_CHROME_NAME.search(name) for name in _names(attrs))


_WHITE_SPACE_PRE = re.compile(r"white-space\s*:\s*pre(?:-wrap|-line)?\b")
# A style sheet's rule for a class: its name (the last of the selector) and its declarations.
_STYLE_RULE = re.compile(r"\.([^\s.,:#>+~{}\[\]]+)\s*\{([^}]*)(?:\}|\Z)")


# A table cell that names a field: one to three words, no figures, no colon of its own.
_CELL_NAME = re.compile(r"[A-ZА-ЯЁ][^\W\d_]*(?:[ -][^\W\d_]+){0,2}")


def _footer(tag: str, attrs: dict[str, str]) -> bool:
    """The page's footer by its tag or its plain name (`<div class="footer">`)."""
    return tag == "footer" or any(
        n.lower() in ("footer", "page-footer", "site-footer") for n in _names(attrs)
    )


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0
        self.in_title = False
        self.in_sup = False
        self.pre = 0  # inside <pre>: the lines are the writer's, kept as they are
        self.lists: list[list[int]] = []  # counters of open <ol>/<ul>, -1 for <ul>
        self.meta: dict[str, str] = {}
        self.last_cell = ""  # "th" or "td": the kind of the row's cell before this one
        # per open table, its rows as where each cell's separator went in `out`; a table of
        # short names and their values ("Автор | Ступина Ольга Николаевна") is read as fields
        self.tables: list[list[list[int]]] = []
        # the site's element being passed over (its tag), and how deep inside it the parser is
        self.chrome = ""
        self.chrome_depth = 0
        # the page's style sheet being read, and the classes it sets out line by line as
        # written (`.sig{white-space:pre}`); the tags opened so, innermost last
        self.style = ""
        self.in_style = False
        self.pre_classes: set[str] = set()
        self.pre_tags: list[str] = []
        self.content = 0  # how many <article> and <main> elements are open

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "title":
            self.in_title = True
        if tag == "link" and "canonical" in a.get("rel", ""):
            self.meta.setdefault("url", a.get("href", ""))
        if tag == "meta" and a.get("property") == "og:url":
            self.meta.setdefault("url", a.get("content", ""))
        if tag == "body":
            self.skip = 0  # a page whose <head> was never closed still has a body to read
        if tag == "style":
            self.in_style = True
        if self.chrome:
            if tag == self.chrome and tag not in _VOID:
                self.chrome_depth += 1
            return
        if tag not in _VOID and (_site_chrome(a) or (_footer(tag, a) and not self.content)):
            # a cookie notice, breadcrumbs, a menu: the site's, no text (and a footer outside
            # the page's article: its licence, its links)
            self.chrome, self.chrome_depth = tag, 1
            return
        if tag in ("article", "main"):
            self.content += 1
        if tag in _SKIP and tag not in _VOID:
            self.skip += 1
            return
        if self.skip:
            return
        if tag == "pre":
            self.pre += 1
        elif tag not in _VOID and self._kept_as_written(a):
            # a signature block set out by its style ("Secretary of the gubkom    L. Shestakov"
            # over "Head of the secret department    R. Abdrakhmanova"): its lines as written
            self.pre += 1
            self.pre_tags.append(tag)
        if tag in ("ol", "ul"):
            self.lists.append([0 if tag == "ol" else -1])
        elif tag == "li":
            self.out.append("\n")
            if self.lists and self.lists[-1][0] >= 0:
                self.lists[-1][0] += 1
                self.out.append(f"  {self.lists[-1][0]}. ")
            else:
                self.out.append("  - ")
        elif tag == "br":
            self.out.append("\n")
        elif tag == "hr":
            self.out.append("\n\n* * *\n\n")
        elif tag == "sup":
            self.in_sup = True
            self.out.append("[")
        elif tag == "dt":
            # a catalogue's "<dt>Date</dt><dd>4 July 1923</dd>": one "Date: 4 July 1923" line
            self.out.append("\n")
        elif tag in ("td", "th"):
            # a catalogue's "<tr><th>Author</th><td>Petrov, Ivan</td></tr>": one "Author:
            # Petrov, Ivan" line, as its "<dt>"/"<dd>" pair gives
            # (a header cell with its own colon, "<th>Author(s):</th>", gets no second one)
            labelled = "".join(self.out[-3:]).rstrip().endswith(":")
            named = tag == "td" and self.last_cell == "th" and not labelled
            if self.tables and self.tables[-1]:
                self.tables[-1][-1].append(len(self.out))
            self.out.append(": " if named else " ")
            self.last_cell = tag
        elif tag in _BLOCK:
            if tag == "tr":
                self.last_cell = ""
                if self.tables:
                    self.tables[-1].append([])
            elif tag == "table":
                self.tables.append([])
            self.out.append("\n\n")

    def _name_value_rows(self, rows: list[list[int]]) -> None:
        """A catalogue's table of two cells a row, a short name and its value, read as its
        fields: "Автор: Ступина Ольга Николаевна" (three such rows or more, most of the
        table)."""
        named = []
        for cells in rows:
            if len(cells) != 2 or self.out[cells[1]] != " ":
                continue
            key = "".join(self.out[cells[0] + 1 : cells[1]]).strip()
            if _CELL_NAME.fullmatch(key):
                named.append(cells[1])
        if len(named) >= 3 and len(named) * 2 >= len(rows):
            for at in named:
                self.out[at] = ": "

    def _kept_as_written(self, attrs: dict[str, str]) -> bool:
        if _WHITE_SPACE_PRE.search(attrs.get("style", "")):
            return True
        return any(c in self.pre_classes for c in attrs.get("class", "").split())

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag == "style" and self.in_style:
            self.in_style = False
            self.pre_classes |= {
                rule.group(1)
                for rule in _STYLE_RULE.finditer(self.style)
                if _WHITE_SPACE_PRE.search(rule.group(2))
            }
            self.style = ""
        if tag in ("article", "main") and not self.chrome:
            self.content = max(0, self.content - 1)
        if self.pre_tags and tag == self.pre_tags[-1] and not self.chrome and not self.skip:
            self.pre_tags.pop()
            self.pre = max(0, self.pre - 1)
        if self.chrome:
            if tag == self.chrome:
                self.chrome_depth -= 1
                if self.chrome_depth == 0:
                    self.chrome = ""
            return
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if tag == "pre":
            self.pre = max(0, self.pre - 1)
        if tag in ("ol", "ul") and self.lists:
            self.lists.pop()
            self.out.append("\n")
        elif tag == "sup":
            self.in_sup = False
            self.out.append("]")
        elif tag == "dt":
            self.out.append(": ")
        elif tag == "dd":
            self.out.append("\n")
        elif tag in _BLOCK:
            if tag == "table" and self.tables:
                self._name_value_rows(self.tables.pop())
            self.out.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self.in_style:
            self.style += data
            return
        if self.in_title:
            self.meta["title"] = (self.meta.get("title", "") + data).strip()
            return
        if self.skip or self.chrome:
            return
        if self.in_sup:
            data = data.strip().strip("[]")
        if self.pre:
            self.out.append(data.strip("\n"))
        else:
            self.out.append(re.sub(r"\s+", " ", data))


def html_to_text(html: str) -> tuple[str, dict[str, str]]:
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    text = "".join(parser.out)
    text = text.replace("[]", "")
    lines = [line.rstrip() for line in text.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(line if line.strip() else "" for line in lines))
    return text.strip("\n") + "\n", parser.meta


# --- Markdown -------------------------------------------------------------------------------

# CommonMark with footnotes; no typographer, so the writer's quotes and dashes stay as typed.
_MARKDOWN = MarkdownIt("commonmark", {"html": True}).use(footnote_plugin).enable("table")

# A page's YAML front matter: "---" / "title: …" / "section: …" / "---" before the Markdown.
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n((?:[ \t]*[\w-]+[ \t]*:.*\n){1,40})---[ \t]*\n")
_FRONT_FIELD = re.compile(r"[ \t]*([\w-]+)[ \t]*:[ \t]*(.*?)[ \t]*$")


def front_matter(text: str) -> tuple[str, dict[str, str]]:
    """A Markdown page without its front matter, and that front matter's "title" (the page's,
    as an HTML page's <title>); its other keys (section, issue, pages) say nothing of a
    letter."""
    m = _FRONT_MATTER.match(text)
    if m is None:
        return text, {}
    meta: dict[str, str] = {}
    for line in m.group(1).splitlines():
        field = _FRONT_FIELD.match(line)
        if field and field.group(1).lower() == "title":
            meta["title"] = field.group(2).strip("\"'")
    return text[m.end() :], meta


def markdown_to_text(text: str) -> str:
    """Markdown rendered as the plain text of a letter: paragraphs and headings as blocks, list
    items on their own lines ("1. " ordered, "  - " bulleted), footnote references as "[1]" and
    the footnotes as "[1] ..." lines where the page defines them (at the end, or under the
    document they belong to on a page of several), links as their words, emphasis and images
    dropped, raw HTML turned into text by the same reader as an HTML page."""
    blocks: list[tuple[bool, str]] = []  # (blank line before it, text)
    lines: list[int] = []  # the source line each block starts on
    notes: list[bool] = []  # whether the block is a footnote's
    line = 0
    in_notes = False
    items: list[int] = []  # items seen so far in each open list
    ordered: list[bool] = []
    marker = ""  # a list item's number or bullet, or a footnote's label, for its first line
    tight = False  # the paragraph is in a tight list: no blank line between its items
    heads: list[str] = []  # a table's column headings
    signed: list[int] = []  # the columns of signatures, when the table is one of signers
    first_row = True
    cells: list[str] | None = None  # the cells of the table's row being read
    in_head = False
    for token in _MARKDOWN.parse(text):
        kind = token.type
        if token.map:
            line = token.map[0]
        in_notes = kind == "footnote_block_open" or (in_notes and kind != "footnote_block_close")
        if kind in ("bullet_list_open", "ordered_list_open"):
            items.append(0)
            ordered.append(kind == "ordered_list_open")
        elif kind == "list_item_close" and marker:
            # an item with no words ("1922." at the start of a footnote's second line reads as
            # an item numbered 1922): its number stands alone, not before the next block
            blocks.append((True, marker.strip()))
            marker = ""
        elif kind in ("bullet_list_close", "ordered_list_close"):
            items.pop()
            ordered.pop()
        elif kind == "list_item_open":
            items[-1] += 1
            indent = "  " * (len(items) - 1)
            marker = f"{indent}{token.info}. " if ordered[-1] else f"{indent}  - "
        elif kind == "footnote_open":
            marker = f"[{token.meta['label']}] "
        elif kind == "thead_open":
            in_head = True
        elif kind == "thead_close":
            in_head = False
        elif kind == "tr_open":
            cells = []
        elif kind == "tr_close" and cells is not None:
            if in_head:
                heads, first_row = cells, True
                signed = _signature_columns(heads)
            else:
                # (a table of signatures is one block, a signer a line, as signed on paper)
                blocks.append((first_row or not signed, _table_row(heads, cells, signed)))
                first_row = False
            cells = None
        elif kind == "paragraph_open":
            tight = token.hidden
        elif kind == "heading_open":
            tight = False
        elif kind == "hr":
            blocks.append((True, "* * *"))
        elif kind in ("code_block", "fence"):
            blocks.append((True, token.content.rstrip("\n")))
        elif kind == "html_block":
            body = html_to_text(token.content)[0].strip("\n")
            if body:
                blocks.append((True, body))
        elif kind == "inline" and cells is not None and token.level >= 3:
            cells.append(_inline_text(token.children or []).strip())  # a table's cell
        elif kind == "inline":
            # A tight list is one block, its items line by line; the items of a loose list,
            # like every other paragraph, stand apart.
            follows = tight and bool(items) and (items[-1] > 1 or len(items) > 1 or not marker)
            words = _inline_text(token.children or [])
            if in_notes:
                words = " ".join(words.split("\n"))  # a footnote is one paragraph, one line
            blocks.append((not follows, marker + words))
            marker = ""
        while len(lines) < len(blocks):  # where the blocks this token made stand
            lines.append(line)
            notes.append(in_notes)
    out = ""
    for gap, block in _notes_in_place(blocks, lines, notes):
        if out:
            out += "\n\n" if gap else "\n"
        out += block
    return out + "\n"


_NUMBER_COLUMN = re.compile(r"(?i:no\.?|№|#|nr\.?|n|item|пункт|п/п|№\s*п/п)")


# A column of signatures or signers' names: its rows are signature lines, not fields.
_SIGNATURE_COLUMN = re.compile(
    r"(?i:подпис\w*|signatures?|signed(?:\s+by)?|фамили\w*|ф\.?\s?и\.?\s?о\.?|names?|"
    r"name\s+and\s+signature)"
)


def _signature_columns(heads: list[str]) -> list[int]:
    """The columns of signatures of a table that has others beside them (the signer's post,
    his date); none for any other table."""
    signed = [i for i, head in enumerate(heads) if _SIGNATURE_COLUMN.fullmatch(head.strip())]
    return signed if len(signed) < len(heads) else []


def _table_row(heads: list[str], cells: list[str], signed: list[int]) -> str:
    """A table's row as an edition prints minutes in text: its number, then each cell under
    its column's heading ("1. Heard: Case of … / Resolved: To expel …"); cells without
    headings one under another. A table of signatures gives its rows as signed lines, the
    signer's standing before his name ("Машинист Н. Ковригин, член РКП с 1918 г.")."""
    if signed:
        order = [i for i in range(len(cells)) if i not in signed] + signed
        return " ".join(cells[i] for i in order if i < len(cells) and cells[i])
    lines: list[str] = []
    number = ""
    for i, cell in enumerate(cells):
        head = heads[i] if i < len(heads) else ""
        if not cell:
            continue
        if (
            i == 0
            and re.fullmatch(r"\d{1,3}[.)]?", cell)
            and (not head or _NUMBER_COLUMN.fullmatch(head))
        ):
            number = cell.rstrip(".)") + ". "
            continue
        if head and not _NUMBER_COLUMN.fullmatch(head):
            lines.append(f"{head}: {cell}")
        else:
            lines.append(cell)
    if lines:
        lines[0] = number + lines[0]
    return "\n".join(lines)


def _notes_in_place(
    blocks: list[tuple[bool, str]], lines: list[int], notes: list[bool]
) -> list[tuple[bool, str]]:
    """The footnotes, which the parser gathers at the end, put back under the blocks written
    above their definitions: on a page of two documents, each one's notes under it."""
    body = [(b, ln) for b, ln, note in zip(blocks, lines, notes, strict=True) if not note]
    out: list[tuple[bool, str]] = []
    at = 0
    for block, ln, note in zip(blocks, lines, notes, strict=True):
        if not note:
            continue
        while at < len(body) and body[at][1] < ln:
            out.append(body[at][0])
            at += 1
        out.append((True, block[1]))
    out.extend(b for b, _ in body[at:])
    return out


def _inline_text(children: list[Token]) -> str:
    parts: list[str] = []
    for child in children:
        kind = child.type
        # An image's description is not the letter's text: images are dropped whole.
        if kind in ("text", "code_inline"):
            parts.append(child.content)
        elif kind in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif kind == "footnote_ref":
            parts.append(f"[{child.meta['label']}]")
        elif kind == "html_inline" and child.content.lower().startswith("<br"):
            parts.append("\n")
    return "".join(parts)
