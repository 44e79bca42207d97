"""Bytes to text: encodings, HTML, Markdown and PDF, with a clear refusal for what is not text.

Every refusal is an `UnreadableInput` naming the file and the reason in a sentence a clerk can
act on; the caller goes on with the rest of the batch.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

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
        return Decoded(_normalise(markdown_to_text(text)), "markdown", encoding)
    return Decoded(_normalise(text), "text", encoding)


def _decode_text(data: bytes, file_name: str) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8", file_name), "utf-8"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16", file_name), "utf-16"
    sample = data[:4096]
    nuls = sample.count(0)
    if nuls:
        # UTF-16 without a byte-order mark puts a NUL beside every ASCII letter.
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        guess = ""
        if odd > len(sample) * 0.4 and even < len(sample) * 0.05:
            guess = "utf-16-le"
        elif even > len(sample) * 0.4 and odd < len(sample) * 0.05:
            guess = "utf-16-be"
        if guess:
            text = data.decode(guess, errors="replace")
            if sum(1 for ch in text[:2048] if ch.isprintable() or ch in "\n\r\t") > 0.95 * len(
                text[:2048]
            ):
                return _strict(data, guess, file_name), guess
        raise UnreadableInput(file_name, "is a binary file, not text (it contains NUL bytes).")
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    if controls > max(8, len(sample) // 100):
        raise UnreadableInput(file_name, "is a binary file, not text (control characters).")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        bad_at = exc.start
    utf8_sequences = len(re.findall(rb"[\xc2-\xf4][\x80-\xbf]+", data))
    stray = len(re.findall(rb"[\x80-\xff]", data))
    if utf8_sequences and utf8_sequences * 2 >= stray * 0.3:
        raise UnreadableInput(
            file_name,
            f"mixes encodings: it is mostly UTF-8 but byte {bad_at} is not. Re-save it as UTF-8.",
        )
    for encoding in ("cp1252", "cp1251"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _plausible(text, encoding):
            return text, encoding
    raise UnreadableInput(
        file_name,
        f"is not UTF-8 (byte {bad_at} is invalid) and does not read as Windows-1252 or "
        "Windows-1251 text. Re-save it as UTF-8.",
    )


def _plausible(text: str, encoding: str) -> bool:
    high = [ch for ch in text if ord(ch) > 127]
    if not high:
        return True
    if encoding == "cp1251":
        good = sum(1 for ch in high if "а" <= ch.lower() <= "я" or ch in "ёЁ«»–—“”’№")
    else:
        # Western text has few non-ASCII letters, mostly punctuation and the odd accent; a
        # Cyrillic file read as cp1252 is a run of accented capitals instead.
        good = sum(1 for ch in high if ch in "‘’“”–—…«»°§é芜ïöüäàâçèêëîôûÉ")
    return good >= len(high) * 0.8


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
        from pypdf.errors import PdfReadError
    except ImportError:  # pragma: no cover - pypdf is a declared dependency
        raise UnreadableInput(file_name, "is a PDF, and the PDF reader is not installed.") from None
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise UnreadableInput(file_name, "is an encrypted PDF; save an unlocked copy.")
        pages = [page.extract_text() or "" for page in reader.pages]
    except UnreadableInput:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise UnreadableInput(file_name, f"is not a readable PDF ({exc}).") from None
    text = "\n\n".join(p.strip("\n") for p in pages)
    if not text.strip():
        raise UnreadableInput(
            file_name, "is a PDF without a text layer (a scanned image?); run OCR on it first."
        )
    return text


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u2060\ufeff]")


def _normalise(text: str) -> str:
    """Line ends, no-break spaces and invisible characters; the offsets of every later span
    are into this text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\xa0", " ").replace("\u202f", " ").replace("\t", "    ")
    text = _CONTROL.sub("", text)
    return unicodedata.normalize("NFC", text)


# --- HTML -----------------------------------------------------------------------------------

_SKIP = {"script", "style", "noscript", "template", "svg", "nav", "button", "form", "iframe",
         "select", "textarea", "object", "canvas", "head"}  # fmt: skip
_BLOCK = {"p", "div", "section", "article", "main", "header", "footer", "aside", "h1", "h2",
          "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "tr", "ul", "ol", "dl", "dt",
          "dd", "hr", "address", "figure", "figcaption", "center", "body"}  # fmt: skip
_VOID = {"br", "hr", "img", "meta", "link", "input", "wbr", "area", "base", "col", "source"}


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0
        self.in_title = False
        self.in_sup = False
        self.lists: list[list[int]] = []  # counters of open <ol>/<ul>, -1 for <ul>
        self.meta: dict[str, str] = {}

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
        if tag in _SKIP and tag not in _VOID:
            self.skip += 1
            return
        if self.skip:
            return
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
        elif tag in _BLOCK or tag in ("td", "th"):
            self.out.append("\n\n" if tag in _BLOCK else " ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if tag in ("ol", "ul") and self.lists:
            self.lists.pop()
            self.out.append("\n")
        elif tag == "sup":
            self.in_sup = False
            self.out.append("]")
        elif tag in _BLOCK:
            self.out.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.meta["title"] = (self.meta.get("title", "") + data).strip()
            return
        if self.skip:
            return
        if self.in_sup:
            data = data.strip().strip("[]")
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

_MD_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^\s{0,3}(?:-{3,}|\*{3,}|_{3,})\s*$", re.M), "* * *"),
    (re.compile(r"^\[\^(\w+)\]:\s*", re.M), r"[\1] "),
    (re.compile(r"\[\^(\w+)\]"), r"[\1]"),
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
    (re.compile(r"^\s{0,3}#{1,6}\s+", re.M), ""),
    (re.compile(r"^\s{0,3}>\s?", re.M), ""),
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?!\w)"), r"\1"),
    (re.compile(r"(?<!\w)_(?!\s)(.+?)(?<!\s)_(?!\w)"), r"\1"),
    (re.compile(r"`([^`]*)`"), r"\1"),
    (re.compile(r"^\s{0,3}[*+-]\s+", re.M), "  - "),
    (re.compile(r"<[^>\n]+>"), ""),
)


def markdown_to_text(text: str) -> str:
    for pattern, replacement in _MD_RULES:
        text = pattern.sub(replacement, text)
    return text
