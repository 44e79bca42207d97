"""A page of text to letters: archive boilerplate kept aside as provenance, the page split into
letters, and each letter's footnotes and inscriptions attached to it.

The page is read line by line. Lines are classed (header field, navigation, salutation,
footnote, inscription, separator, numbering heading, prose); the header is everything up to the
last boilerplate line before the first letter begins; a letter begins at a salutation or at the
first prose after the header, and a salutation after prose, a separator, or a numbering heading
("No. 2") after a letter's closing begins the next letter. Footnotes go to the letter that
carries their marker.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from commission.intake.reading import casing
from commission.intake.reading import lexicon as lx
from commission.intake.reading.decoding import Decoded
from commission.intake.reading.mailtime import without_address
from commission.intake.reading.model import Letter, Note, Provenance, UnreadableInput
from commission.intake.reading.ru import orthography
from commission.intake.reading.ru.dates import date_pattern as russian_date_pattern
from commission.intake.reading.ru.dates import month_year_pattern as russian_month_year_pattern
from commission.intake.reading.ru.lines import (
    WRITER_THEN_TITLE,
    WRITER_TO_HEADING,
    continues_colophon,
    is_colophon,
    is_copy_description,
)
from commission.intake.reading.ru.lines import header_field as russian_header_field
from commission.intake.reading.ru.lines import is_title as russian_title
from commission.intake.reading.ru.lines import line_kind as russian_line_kind

_URL = re.compile(r"https?://[^\s<>\"”’)]+")
_ARCHIVE = re.compile(r"([A-Z][\w.’']*(?:\s+[A-Z][\w.’']*)*\s+(?:Internet\s+)?Archive)")
_NAME_LINE = re.compile(
    r"^\s*(?:" + lx.INITIAL + r"\s*){0,3}[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2}\s*$"
)
# A collected edition's running head: the writer's initials and surname alone on a line above
# the letter ("В. И. ЛЕНИН", "V. I.   Lenin").
_RUNNING_HEAD = re.compile(r"^\s*(?:[А-ЯЁA-Z]\.\s*){1,3}[А-ЯЁA-Z][А-ЯЁа-яёA-Za-z’'-]+\s*$")


@dataclass
class _Line:
    start: int
    end: int
    text: str
    kind: str = "text"  # blank field nav wiki title separator heading notes_heading footnote
    # inscription salutation prose text
    marker: str = ""
    capitals: bool = False  # written in capitals; `text` is its cased view
    # in the old spelling, `text` is read in today's, letter for letter; this is as written
    # (cased, when in capitals)
    written: str = ""

    @property
    def stripped(self) -> str:
        return self.text.strip()


@dataclass
class _Segment:
    lines: list[_Line] = field(default_factory=list)
    notes: list[list[_Line]] = field(default_factory=list)  # one list per note paragraph
    # an edition's date under this document of the page ("Написано 2 сентября")
    fields: dict[str, str] = field(default_factory=dict)
    # set off under the edition's bracketed word on it ("[Written across the first page of the
    # appeal, in the hand of M. F. Shkiryatov:]"): an inscription or another document
    labelled: bool = False


def _is_prose(text: str) -> bool:
    """Running text: eight words or more, half of them in lower case, or five in lower case in
    a sentence that ends ("The uyezd commission expelled Comrade Ivan Sergeyevich Belov in
    October. Wire the result." names many people and is still a sentence)."""
    words = text.split()
    lower = len(lx.PROSE_WORD.findall(text))
    return len(words) >= 8 and (
        lower >= len(words) * 0.5
        or (lower >= 5 and lower >= len(words) * 0.35 and text.rstrip().endswith((".", "!", "?")))
    )


# A site's own word standing alone on a line: its search box, its menu.
_SITE_WORD = re.compile(r"(?i:поиск|search|меню|menu|главная|home|наверх|top|вход|log\s?in)")


def _numbered_from_to(s: str) -> bool:
    """A collection's numbered heading of a document: "2. M. F. Shkiryatov to K. Ye. Pronin"."""
    numbered = re.match(r"\d{1,3}\.\s+(?=\S)", s)
    if numbered is None or len(s.split()) > 14:
        return False
    return bool(lx.heading_writer(s[numbered.end() :]))


def _classify(line: _Line) -> None:
    s = line.stripped
    if not s:
        line.kind = "blank"
    elif lx.EDITORS_LINE.match(s):
        line.kind = "nav"
    elif (lx.HEADER_FIELD.match(s) and len(s.split(":", 1)[0].split()) <= 3) or _bare_field(s):
        line.kind = "field"
    elif lx.SEPARATOR.match(s):
        line.kind = "separator"
    elif (
        lx.NUMBER_HEADING.match(s)
        or (lx.DOCUMENT_HEADING.match(s) and len(s.split()) <= 20)
        or _numbered_from_to(s)
    ):
        line.kind = "heading"
    elif lx.NOTES_HEADING.match(s):
        line.kind = "notes_heading"
    elif lx.WIKI_FROM.match(s) and len(s.split()) <= (10 if " — " in s else 6):
        line.kind = "wiki"
    elif (
        s.count("|") >= 2
        or s.count(" · ") >= 2
        # "Контакты · Условия использования": a site's links in a row
        or (" · " in s and len(s.split()) <= 6 and not re.search(r"[.!?,:;]", s))
        or s.count(" » ") >= 2  # "Главная » Документы » 1921 год"
        or (lx.NAV_LINE.match(s) and len(s.split()) <= 12)
        or lx.SITE_FOOTER.match(s)
        or _SITE_WORD.fullmatch(s)
    ):
        line.kind = "nav"
    elif m := lx.FOOTNOTE_BRACKET.match(s):
        line.kind, line.marker = "footnote", m.group("n")
    elif m := _SUPERSCRIPT_NOTE.match(s):
        # "¹ Записка написана на письме …": a footnote whose marker is set as a superscript
        line.kind, line.marker = "footnote", m.group(1).translate(lx.SUPERSCRIPTS)
    elif lx.INSCRIPTION_START.match(s):
        line.kind = "inscription"
    elif lx.EDITORS_NOTE.match(s) and len(s.split()) >= 6:
        # "Editors' note. The "anonymous paper" is the statement printed below …" under a
        # document: the edition's note on it, not its last paragraph
        line.kind = "footnote"
    elif m := lx.FOOTNOTE_NUMBERED.match(line.text):
        line.kind, line.marker = "numbered", m.group("n")
    elif _salutation(s):
        line.kind = "salutation"
    elif _ENGLISH_EDITION_NOTE.match(s) and len(s.split()) <= 40:
        # An edition's note written as a sentence, without a colon ("First published in 1965
        # in the Fifth Russian Edition … Printed from the original."): the page's, not a letter.
        line.kind = "nav"
    elif russian_header_field(s) is not None or is_copy_description(s):
        # An edition's note in Russian ("Печатается по машинописной копии. Архив …") reads
        # like a sentence; it is boilerplate of the page, as its English fields are.
        line.kind = "nav"
    elif (
        _is_prose(s)
        and not _title(line)
        and not (_REFERENCE_LINE.match(s) and len(s.split()) <= 16)
    ):
        line.kind = "prose"
    if (
        line.kind == "text"
        and (russian := russian_line_kind(s)) is not None
        # A title in capitals is no running text ("ПИСЬМО М. П. ЛУНЁВОЙ В ЦКК").
        and (russian[0] != "prose" or not (line.capitals and _title(line)))
    ):
        line.kind, line.marker = russian


# A professional title before initials and a surname, nothing after: the way a doctor or a
# professor signs ("Dr. S. Goltsman"), not a salutation, which addresses with "Dear" or
# "Comrade" and ends in a comma or an exclamation mark.
_SIGNED_WITH_TITLE = re.compile(
    r"^(?:Dr|Prof|Professor|Mr|Mrs)\.?\s+(?:[A-Z]\.\s?){1,3}[A-Z][\w’'-]+$"
)


_ENGLISH_EDITION_NOTE = re.compile(
    # "Note: Printed from the original, in ink, on two sheets."
    r"^\s*(?:(?:Editor['’]s\s+|Editorial\s+)?Note:\s*)?(?:First\s+published|Published\s+(?:for\s+the\s+first\s+time|according\s+to)"
    r"|Printed\s+(?:from|according\s+to)|Reproduced\s+from|Translated\s+from"
    r"|Transcribed\s+from|Copied\s+from)\b"
    r"[^.]*\b(?:\d{4}|edition|Collected\s+Works|original|copy|manuscript|archives?|text"
    r"|Russian|German|French|form|tape|telegraph|typescript|file)\b"
    # A collection's word on the copy it prints or where it keeps it: "Archive copy
    # (typewritten, unsigned, undated), …", "From the Papers of the Central Control Commission".
    r"|^\s*(?:(?:Archive|Typewritten|Certified|Contemporary|Handwritten)\s+copy|Typescript"
    r"|Autograph|Manuscript|Original)\b(?:\s*[(,.:]|\s*$)"
    r"|^\s*From\s+the\s+(?:papers|files|archives?|correspondence|records|collection)\s+of\b"
    # the same file as the document above: "Ibid., l. 57. Carbon copy of typescript."
    r"|^\s*(?:Ibid|Ibidem|Ib\.|Там\s+же)\b[.,]*\s*(?:(?:l|ll|p|pp|sheet|sheets|f|л|лл)\.?\s*\d|$)"
    # where an archive keeps it: "Archive of the Petrograd Gubernia Committee, fund 1,
    # inventory 4, file 77, sheet 12", "RGASPI, f. 17, op. 84, d. 228, l. 15"
    r"|^[^.]{0,80}?\b(?:fund|fond|f\.)\s*(?:[A-Z]-?)?\d+[a-z]?\s*[,.;]\s*(?:inventory|opis|op\.|list)\s*\d+",
    re.IGNORECASE,
)


_SUPERSCRIPT_NOTE = re.compile(r"^([¹²³⁴⁵⁶⁷⁸⁹⁰]{1,3})\s*\S")


_TO_BE = re.compile(
    r"^To\s+be\s+[a-z]"
    # "To this petition Agrafena Shubina, being illiterate, has set her cross": a sentence
    r"|^To\s+(?:this|that|these|those|which|whom|it|him|her|them|my|our|his|their)\b"
)
# A reply's reference line under the address: "In reply to your inquiry No. 4117 of 2 June".
_REFERENCE_LINE = re.compile(
    r"^(?:In\s+(?:reply|answer)\s+to|With\s+reference\s+to|Re:|Ref\.|Your\s+(?:ref|No)\.)"
    r"(?!.*[.!?]\s+[A-Z]).*[^.!?]$",
    re.IGNORECASE,
)


def _title(line: _Line) -> bool:
    """A heading, not running text: "NOTE TO J. V. STALIN ON …" in capitals, or "Resolution on
    a telegram from N. S. Poluboyarov" without a full stop; in Russian "ПИСЬМО М. П. ЛУНЁВОЙ
    В ЦКК", "Резолюция А. А. Сольца на письме М. П. Лунёвой"."""
    s = line.stripped
    if lx.TITLE_LINE.match(s):
        # an edition's title names writer and addressee by initials and may run on with what
        # the letter is about: "Letter of Z. P. Rukavishnikova to N. K. Krupskaya about the
        # expulsion of her husband from the party"
        most = 30 if _TITLE_NAMING.match(s) else 16
        return line.capitals or (len(s.split()) <= most and not s.endswith((".", "!", "?", ":")))
    return russian_title(s)


_TITLE_NAMING = re.compile(
    r"^\S+\s+(?:\S+\s+)?(?:of|from|by)\s+(?:[A-Z][a-z]?\.\s*){1,3}[A-Z][\w'’-]+"
    r"\s+to\s+(?:(?:Comrade|Com\.)\s+)?(?:[A-Z][a-z]?\.\s*){1,3}[A-Z]"
)


_LOWER_GREETING = re.compile(r"(?:my\s+)?dear\s+(?:comrades?|sirs?|friends?|brothers?)\b")


def _salutation(s: str) -> bool:
    if len(s) > 120 or _SIGNED_WITH_TITLE.match(s) or _TO_BE.match(s):
        return False  # "To be verified, urgently.": a resolution's order, not an address
    if lx.SALUTATION.match(s) and not s.endswith((".", ";")):
        return True
    if _LOWER_GREETING.match(s) and len(s.split()) <= 14 and not s.endswith((".", ";")):
        return True  # "dear comrades of the Kozlov uyezd committee of the party", unschooled
    return s.startswith("To ") and len(s.split()) <= 14


def _lines(text: str) -> list[_Line]:
    """The page's lines, classed. Lines in capitals (a telegram) are classed by their cased
    view, the same length, so "WIRE URGENTLY GROUNDS FOR EXPULSION" reads as running text."""
    out, pos = [], 0
    colophon = False
    cased = casing.cased(text)
    # a page in the old spelling is classed through today's ("Отъ" is "От", "Адресъ:" a field)
    view = orthography.aligned(cased) if orthography.old_spelling(text) else cased
    for written, as_cased, raw in zip(
        text.split("\n"), cased.split("\n"), view.split("\n"), strict=True
    ):
        line = _Line(pos, pos + len(raw), raw, capitals=as_cased != written, written=as_cased)
        _classify(line)
        if colophon and line.kind in ("text", "prose") and continues_colophon(line.stripped):
            line.kind = "nav"  # "Печатается по машинописной" / "копии, подписанной" / "…"
        else:
            colophon = line.kind == "nav" and is_colophon(line.stripped)
        out.append(line)
        pos += len(raw) + 1
    _related_links(out)
    _citation_block(out)
    _catalogue_fields(out)
    _comments_below(out)
    _site_says_below(out)
    for before, line in itertools.pairwise(out):
        if (
            before.kind == "field"
            and line.kind in ("text", "prose")
            and line.stripped[:1].islower()
            and not before.stripped.endswith((".", "!", "?"))
        ):
            # "Source: original, typewritten, with the signatures of the authors and the depot" /
            # "committee's stamp. Printed from the original.": the field's words go on
            line.kind = "nav"
            continue
        greeting_words = len(before.stripped.split())
        if (
            before.kind == "salutation"
            and line.kind in ("text", "prose")
            and greeting_words >= 8
            and not before.stripped.endswith(("!", ":"))
            and (
                # (a name and office over two lines is an address: "To the Secretary of the" /
                # "Uyezd Committee")
                (line.stripped[:1].islower() and not before.stripped.endswith(","))
                or (greeting_words >= 10 and line.stripped[:1].islower())
                or (
                    lx.TITLED_NAME_START.match(before.stripped) is not None
                    and not before.stripped.endswith(",")
                )
            )
        ):
            # "Com. Loginova is the sister of the Seliverstov who was shot by the Whites at" /
            # "Yamburg in 1919; …": a paragraph's first line wrapped, not a greeting
            before.kind = "prose" if _is_prose(before.stripped) else "text"
        if (
            line.kind == "heading"
            and lx.OUTGOING_NUMBER.match(line.stripped)
            and _dated(before.stripped)
        ):
            # "14 December 1921 / No. 4127": a letterhead's outgoing number under its date, not a
            # collection's number over a document
            line.kind = "text"
    for i, line in enumerate(out):
        if _NUMBER_SIGN.match(line.stripped):
            # "№ 12" over "ПИСЬМО М. П. ЛУНЁВОЙ В ЦКК" numbers a collection's document; alone,
            # under a date, it is a letter's outgoing number ("№ 217"), part of its letterhead.
            following = next((ln for ln in out[i + 1 :] if ln.kind != "blank"), None)
            if following is not None and _title(following):
                line.kind = "heading"
    _contents_above(out)
    first = next((i for i, ln in enumerate(out) if ln.kind != "blank"), None)
    for i, line in enumerate(out):
        if (
            i == first
            and line.kind == "prose"
            and _page_title(line)
            and (i + 1 == len(out) or out[i + 1].kind == "blank")
        ):
            # "Табачная фабрика им. Урицкого: партийная ячейка, 1924": the page's first line,
            # alone, no sentence's end and not a greeting: its title
            line.kind = "text"
            continue
        if line.kind in ("salutation", "separator") or (
            line.kind == "prose" and not _russian_title_naming(line.stripped)
        ):
            break
        if (
            line.kind == "prose"
            and (i + 1 == len(out) or out[i + 1].kind == "blank")
            and (i == 0 or out[i - 1].kind == "blank")
        ):
            # "Письмо П. С. Гладышеву и членам бюро губкома" standing alone above the letter
            # (under a site's name, say): its title, not its first sentence (a wrapped line of
            # a letter has a line under it)
            line.kind = "text"
    _mail_headers(out)
    _numbered_paragraphs(out)
    for i, line in enumerate(out):
        numbered = lx.FOOTNOTE_NUMBERED.match(line.text) if line.kind == "numbered" else None
        below = out[i + 1] if i + 1 < len(out) else None
        if (
            numbered
            and numbered.group("rest")[:1].isupper()  # "3) запросить политотдел …" is a point
            # (a point of minutes runs on: "2. The statement of Com. … / with the Whites. She
            # asks to be heard.")
            and len(numbered.group("rest").split()) <= 30
            and (below is None or below.kind in ("blank", "field", "nav", "heading"))
            and (
                russian_title(numbered.group("rest")) or lx.TITLE_LINE.match(numbered.group("rest"))
            )
        ):
            # "1. Запрос секретариата Председателя ВЦИК в Самарскую губКК", "3. Надпись М. И.
            # Калинина на ответе губКК": a collection's numbered document, not a footnote
            line.kind, line.marker = "heading", ""
    _bracketed_description(out)
    _title_over_separator(out)
    _labels_of_notes_below(out)
    for before, line in itertools.pairwise(out):
        if (
            line.kind == "salutation"
            and before.kind == "prose"
            and len(line.stripped.split()) >= 6
            and not line.stripped.endswith((",", "!", ":", "."))
        ):
            # "… who were with him. / Comrade Zvyagin himself carried out the levy in 1920 /
            # and 1921 …": a paragraph's line that opens on a name, not a greeting
            line.kind = "prose"
    return out


# A site's list of other pages under the document: "Related", "See also", «Связанные
# документы», «См. также».
_RELATED_HEADING = re.compile(
    r"^\s*(?:Related(?:\s+(?:documents|pages|items|links|letters))?|See\s+also|Further\s+reading"
    r"|More\s+(?:in|from)\s+this\s+(?:collection|series|volume|archive|section)"
    r"|Other\s+(?:documents|letters|items)(?:\s+(?:in|of|from)\s+this\s+\w+)?"
    r"|Связанные\s+(?:документы|материалы)|Похожие\s+документы|См\.\s+также|Смотрите\s+также)"
    r"\s*:?\s*$",
    re.IGNORECASE,
)
_LIST_ITEM = re.compile(r"^\s*(?:[-*•·]\s|\d{1,3}[.)]\s)")


_LIST_BULLET = re.compile(rf"^{lx.LIST_BULLET}\S")


# A line set out as a field, "Key: value", whatever its key ("Concerning: …", "Form: …",
# "Language of original: …"); and the keys of minutes and protocols, whose lines are the text.
_ANY_FIELD = re.compile(
    r"^(?:[-*•]\s+)?(?P<key>[A-ZА-ЯЁ][\w’'()/-]*(?:\s[\w’'()/-]+){0,3})\s*:\s+\S"
)
_MAIL_KEY = re.compile(r"(?:Subject|Re|Cc|Bcc|Reply-To|Тема|Копия)\s*:", re.IGNORECASE)
_RECORD_KEYS = frozenset({
    "heard", "resolved", "decided", "present", "agenda", "question", "answer", "listened",
    "proposed", "chairman", "secretary", "chair", "witness", "text", "message", "слушали",
    "постановили", "текст",
    "решили", "присутствовали", "повестка", "вопрос", "ответ", "председатель", "секретарь",
})  # fmt: skip


# A first word that greets or titles a person, not a field's: "Comrade Solts: the cell …".
_GREETING_KEY = re.compile(rf"{lx.TITLES}$|(?i:dear|to|тов\.?|товарищ\w*|гражданин\w*)$")


def _catalogue_key(key: str) -> bool:
    """A catalogue's name of a field ("Concerning", "Language of original", «Вид документа»):
    a capital and then words in lower case, a common word when it is one; not a name ("Comrade
    Solts: the cell writes …", "Lenin: To A. A. Solts") nor a key of minutes ("Heard")."""
    words = key.split()
    if key.lower() in _RECORD_KEYS or any(w[:1].isupper() for w in words[1:]):
        return False
    if _GREETING_KEY.match(words[0]):
        return False
    return len(words) > 1 or bool(re.match(r"[А-ЯЁ]", key)) or lx.common_english(key)


def _catalogue_fields(lines: list[_Line]) -> None:
    """Among a catalogue's description fields that the reader knows ("Reference: …", "Date:
    …", "Addressee: …"), the lines of the same shape with keys of the catalogue's own
    ("Concerning: …", "Form: …", "Language of original: …") are fields too: a run of three or
    more such lines, two of them known, none of them a message's text ("Text: Tomorrow the
    district commission …") and none an e-mail's header, which is read as such."""
    run: list[int] = []

    def close() -> None:
        if (
            len(run) >= 3
            and sum(lines[i].kind == "field" for i in run) >= 2
            and not any(_MAIL_KEY.match(lines[i].stripped) for i in run)
        ):
            for i in run:
                lines[i].kind = "field"
        run.clear()

    for i, line in enumerate(lines):
        if line.kind == "blank":
            continue
        shaped = _ANY_FIELD.match(line.stripped)
        if line.kind == "field" or (
            shaped is not None
            and line.kind in ("text", "prose")
            and _catalogue_key(shaped.group("key"))
            and len(line.stripped.split()) <= 30
        ):
            run.append(i)
        else:
            close()
    close()


def _page_title(line: _Line) -> bool:
    """A line short enough for a title and not ended as a sentence is: "Tula Papers, 1924"."""
    s = line.stripped
    return len(s.split()) <= 12 and not s.endswith((".", "!", "?", ",", ";", ":", "…"))


def _contents_above(lines: list[_Line]) -> None:
    """A site's list of the file's sheets or documents above the letter ("- Л. 1–1 об.
    Заявление / - Л. 2. Справка отдела кадров треста"): two or more short items, none a
    sentence, before any greeting or running text; the page's, not a letter."""
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.kind in ("salutation", "separator"):
            return
        if not _LIST_BULLET.match(line.stripped):
            if (
                line.kind == "prose"
                and _reads_as_sentence(line)
                # (not the page's word on its documents among its fields)
                and not _described_among_fields(lines, i)
            ):
                return
            i += 1
            continue
        end = i
        while end < len(lines) and _LIST_BULLET.match(lines[end].stripped):
            end += 1
        items = lines[i:end]
        if len(items) >= 2 and all(
            len(ln.stripped.split()) <= 10
            and not ln.stripped.endswith(("!", "?", ":"))
            and lx.HEADER_FIELD.match(ln.stripped) is None
            and russian_header_field(ln.stripped) is None
            for ln in items
        ):
            for ln in items:
                ln.kind = "nav"
        i = end


def _site_says_below(lines: list[_Line]) -> None:
    """A site's word on itself under the page's links ("Ural Party History Online is a
    volunteer transcription project. …"): a paragraph that opens with the site's name, the
    page's first line, after a line of the page's own."""
    written = [line for line in lines if line.kind != "blank"]
    if len(written) < 3 or len(written[0].stripped.split()) > 6:
        return
    site = written[0].stripped.rstrip(".:")
    for before, line in itertools.pairwise(written):
        if before.kind == "nav" and line.kind == "prose" and line.stripped.startswith(site + " "):
            line.kind = "nav"


# A site's heading over the reference to cite the page by: "Как цитировать", "Cite this
# document", "How to cite".
_CITE_HEADING = re.compile(
    r"^\s*(?:Как\s+цитировать|Для\s+цитирования|Ссылка\s+на\s+(?:документ|публикацию)"
    r"|Cite\s+(?:this(?:\s+(?:document|item|page|letter))?|as)|How\s+to\s+cite|Citation)\s*:?\s*$",
    re.IGNORECASE,
)


# A site's heading over its readers' comments: "Комментарии (1)", "Comments", "3 comments".
_COMMENTS_HEADING = re.compile(
    r"^\s*(?:(?:Комментари[ийя]|Отзывы|Обсуждение|Comments?|Discussion|Responses)"
    r"(?:\s*\(\d+\))?|\d+\s+(?:comments?|комментари\w*))\s*:?\s*$",
    re.IGNORECASE,
)


def _comments_below(lines: list[_Line]) -> None:
    """Under the document, a site's readers' comments and what follows them are the site's."""
    prose_above = False
    for i, line in enumerate(lines):
        if line.kind == "prose":
            prose_above = True
        if prose_above and _COMMENTS_HEADING.match(line.stripped):
            for below in lines[i:]:
                if below.kind != "blank":
                    below.kind = "nav"
            return


def _citation_block(lines: list[_Line]) -> None:
    """The site's "how to cite" heading and the paragraph under it are the page's."""
    for i, line in enumerate(lines):
        if not _CITE_HEADING.match(line.stripped):
            continue
        line.kind = "nav"
        below = i + 1
        while below < len(lines) and lines[below].kind == "blank":
            below += 1
        while below < len(lines) and lines[below].kind != "blank":
            lines[below].kind = "nav"
            below += 1


def _related_links(lines: list[_Line]) -> None:
    """A site's list of related pages, with its heading, is the page's, not the letter's."""
    listing = False
    for line in lines:
        if _RELATED_HEADING.match(line.stripped):
            line.kind, listing = "nav", True
        elif listing and line.kind != "blank":
            if not _LIST_ITEM.match(line.stripped):
                listing = False
                continue
            line.kind = "nav"


# An editor's label alone on its line over a note written on the document above it: "[Ниже,
# рукой т. Кривцова:]", "[На копии резолюция:]", "[Written across the first page of the
# appeal, in the hand of M. F. Shkiryatov:]".
_NOTE_LABEL = re.compile(r"^\[[^\[\]]{3,160}:\s*\]$")


def _labels_of_notes_below(lines: list[_Line]) -> None:
    """Such a label under a letter's running text parts the note, a document of its own (it
    has its writer and whom it orders), from the letter it was written on, as a rule does. A
    label with the note on the same line ("[Pencil note across the top:] Comrade Vasilyev - …")
    stays the letter's inscription."""
    prose_above = False
    for i, line in enumerate(lines):
        if line.kind == "prose":
            prose_above = True
        if not prose_above or not _NOTE_LABEL.match(line.stripped):
            continue
        below = next((ln for ln in lines[i + 1 :] if ln.kind != "blank"), None)
        if below is not None and below.kind in ("prose", "salutation", "text"):
            line.kind = "separator"


def _title_over_separator(lines: list[_Line]) -> None:
    """A register's or collection's title above a rule at the top of the page ("CENTRAL
    CONTROL COMMISSION R.C.P. / Register of telephone messages, November 1921 / ……"): the
    page's, not a letter of its own. Only a few lines, none a greeting or a finished
    sentence."""
    rule = next((i for i, ln in enumerate(lines) if ln.kind == "separator"), None)
    if rule is None:
        return
    above = [ln for ln in lines[:rule] if ln.kind != "blank"]
    below = next((ln for ln in lines[rule + 1 :] if ln.kind != "blank"), None)
    if below is not None and _FIRST_DOCUMENT.match(below.stripped):
        # "К делу Г. С. Брылкина / В издании печатаются вместе заявление … и его записка … /
        # * * * / 1. ЗАЯВЛЕНИЕ …": the edition's preface to the documents numbered below it
        for line in above:
            if line.kind == "prose" and _EDITION_WORDS.search(line.stripped):
                line.kind = "nav"
        return
    if not above or len(above) > 3:
        return
    if any(
        ln.kind in ("salutation", "field", "heading")
        or lx.TITLE_LINE.match(ln.stripped)
        or _russian_title_naming(ln.stripped)
        # "Телеграмма" over its form line and its text: a document, not a register's title
        or _DOCUMENT_HEADING.match(ln.stripped)
        for ln in above
    ):
        return  # an edition's page: its own rules read its title and fields
    if any(
        ln.kind == "prose" and ln.stripped.endswith((".", "!", "?")) and _is_prose(ln.stripped)
        for ln in above
    ):
        return
    for line in above:
        line.kind = "nav"


# The first of a collection's numbered documents, and the words of an edition's preface.
_FIRST_DOCUMENT = re.compile(r"^(?:№|No\.)?\s*1\.?\s+\S")
_EDITION_WORDS = re.compile(
    r"\b(?:печата\w+|публику\w+|документ\w*|издани\w+|printed|published|documents?|"
    r"edition|collection)\b",
    re.IGNORECASE,
)


def _bracketed_description(lines: list[_Line]) -> None:
    """An editor's description of the copy in square brackets above the letter, over several
    lines ("[Typewritten copy, unsigned. In the register of incoming papers … as from S. N.
    Tereshchenko …]"): the page's word on the document, read as its header, not a letter."""
    start = next((i for i, ln in enumerate(lines) if ln.kind != "blank"), None)
    while start is not None and lines[start].kind in ("nav", "heading", "field"):
        start = next((i for i in range(start + 1, len(lines)) if lines[i].kind != "blank"), None)
    if start is None or not lines[start].stripped.startswith("["):
        return
    end = start
    while end < len(lines) and lines[end].kind != "blank":
        end += 1
    block = " ".join(ln.stripped for ln in lines[start:end])
    if end - start < 2 or not block.rstrip(".").endswith("]") or "]" in block[:-2]:
        return
    for line in lines[start:end]:
        line.kind = "nav"


def _numbered_paragraphs(lines: list[_Line]) -> None:
    """A petition in numbered points ("1. Ячейка Главтопа исключила меня …", "2. С мая 1918 г.
    …") with no running text before them: the points are the letter's paragraphs, not the
    footnotes a numbered line below a letter is."""
    if any(line.kind == "prose" for line in lines):
        return
    run = [line for line in lines if line.kind == "numbered"]
    if len(run) < 2 or run[0].marker != "1":
        return
    for expected, line in enumerate(run, start=1):
        if line.marker != str(expected):
            return
    rest = [lx.FOOTNOTE_NUMBERED.match(line.text) for line in run]
    if sum(1 for m in rest if m is not None and _prose_point(m.group("rest"))) * 2 < len(run):
        return
    for line in run:
        line.kind, line.marker = "prose", ""


def _prose_point(text: str) -> bool:
    kind = russian_line_kind(text)
    return _is_prose(text) or (kind is not None and kind[0] == "prose")


_NUMBER_SIGN = re.compile(r"^№\s*\d{1,4}[а-я]?\.?$")


def _russian_title_naming(s: str) -> bool:
    """A Russian title that says whose or to whom ("Письмо П. С. Гладышеву …"), not a kind word
    alone ("ТЕЛЕГРАММА"), which belongs to the document it heads."""
    return len(s.split()) >= 3 and russian_title(s)


def _markers(lines: list[_Line]) -> set[str]:
    found: set[str] = set()
    for line in lines:
        for m in lx.FOOTNOTE_MARKER.finditer(line.text):
            token = next(g for g in m.groups() if g)
            found.add(token.translate(lx.SUPERSCRIPTS))
    return found


def read_page(decoded: Decoded, *, file_name: str) -> list[Letter]:
    """The letters on a page. Raises UnreadableInput if the page holds no letter."""
    text = _unquote_reply(decoded.text)
    lines = _lines(text)
    prov = Provenance(
        file_name=file_name,
        source_format=decoded.source_format,
        encoding=decoded.encoding,
        title=decoded.meta.get("title", ""),
        url=decoded.meta.get("url", ""),
    )
    _editors_introduction(lines)
    _editors_afterword(lines)
    first = _first_letter_line(lines)
    if first is None:
        raise UnreadableInput(file_name, "holds no letter: no salutation and no running text.")
    header_end = _header_end(lines, first)
    header = lines[:header_end]
    above = _resolution_above(header)
    if above:
        # "Резолюция в левом верхнем углу первого листа: / Тов. Сольцу. Срочно. …": a note the
        # edition prints above the letter it was written on is the page's first document
        prov.boilerplate.append(header[above - 1].stripped)
        header, resolution = header[: above - 1], header[above:]
    _read_header(header, prov)
    segments = _segments(lines[header_end:], prov)
    while len(segments) > 1 and (_collections_word(segments[0]) or _title_alone(segments[0])):
        # "The first letter was forwarded to Moscow by the Tver gubernia commission …" above
        # "No. 19": the collection's word on its documents, not a document
        prov.boilerplate.extend(ln.stripped for ln in segments[0].lines if ln.stripped)
        segments = segments[1:]
    segments = _without_page_furniture(segments, prov)
    if above:
        kept = [ln for ln in resolution if ln.kind != "separator"]
        segments.insert(0, _Segment(lines=kept))
    segments = [
        s
        for s in segments
        if any(ln.kind in ("prose", "text") or _reads_as_sentence(ln) for ln in s.lines)
    ]
    if not segments:
        raise UnreadableInput(file_name, "holds no letter: only headings and navigation.")
    header_text = text[header[0].start : header[-1].end] if header else ""
    letters = []
    for index, seg in enumerate(segments):
        letters.append(_letter(text, seg, index, prov, header_text, file_name))
    if not any(_enough_text(letter.text) for letter in letters):
        raise UnreadableInput(file_name, "holds no letter: too little running text.")
    return letters


# A reply's line over the message it quotes: "On Mon, 13 Mar 2023 at 18:05, Conduct Committee
# <conduct@quillpress.dev> wrote:", "13 ноября 2023 г., 21:07, Ковалёва Н. И. пишет:".
_ATTRIBUTION = re.compile(
    r"^(?:On\s+(?P<date>.+),\s+(?P<who>[^,\n]+?)\s+wrote|(?P<ru_date>.+?),\s+(?P<ru_who>[^,\n]+?)"
    r"\s+(?:пишет|писал|писала|написал|написала))\s*:\s*$",
    re.MULTILINE,
)
_QUOTED = re.compile(r"^[ \t]*>[ \t]?", re.MULTILINE)


def _unquote_reply(text: str) -> str:
    """A reply above the message it quotes, each line of which begins with ">": the quoted
    message written out as the next message of the page, under a header of who sent it and
    when ("From: …", "Date: …"), as a mail program's "Original Message" gives it."""
    for m in _ATTRIBUTION.finditer(text):
        rest = text[m.end() :].lstrip("\n")
        quoted = rest.split("\n")
        depth = 0
        while depth < len(quoted) and (
            quoted[depth].lstrip().startswith(">") or not quoted[depth].strip()
        ):
            depth += 1
        block = "\n".join(quoted[:depth])
        if sum(1 for ln in quoted[:depth] if ln.strip()) < 2:
            continue
        who = without_address(m.group("who") or m.group("ru_who"))
        when = re.sub(r"\s+at\s+", " ", m.group("date") or m.group("ru_date")).strip()
        header = f"-----Original Message-----\nFrom: {who}\nDate: {when}\n\n"
        tail = "\n".join(quoted[depth:])
        return text[: m.start()] + header + _QUOTED.sub("", block) + ("\n" + tail if tail else "\n")
    return text


def _editors_afterword(lines: list[_Line]) -> None:
    """The edition's words at the page's end, under the archive's cipher or its note on the
    copy, that tell of the letter in the third person ("Письмо поступило в ЦКК 30 января 1922
    г. Сведений о решении по делу … в деле не обнаружено."): its notes, not its last paragraph."""
    tail: list[_Line] = []
    for line in reversed(lines):
        if line.kind == "blank":
            continue
        if (
            line.kind == "prose"
            and len(line.stripped.split()) <= 60
            and not _FIRST_PERSON.search(line.stripped)
            and _ABOUT_DOCUMENTS.search(line.stripped)
        ):
            tail.append(line)
            continue
        if line.kind == "nav" and tail:
            for remark in tail:
                remark.kind = "footnote"
        return


def _editors_introduction(lines: list[_Line]) -> None:
    """An edition's paragraph between its header fields and the letter's salutation that tells
    of the letter in the third person ("A. P. Gerasimov … had been expelled … In his letter to
    Dzerzhinsky of 20 October 1923 he asked for help"): the page's, kept with the header, not a
    letter of its own."""
    fields = False
    for i, line in enumerate(lines):
        if line.kind == "field":
            fields = True
            continue
        if line.kind in ("blank", "nav", "wiki", "separator", "heading") or not fields:
            continue
        if line.kind != "prose":
            return
        if (
            _next_kind(lines, i) == "salutation"
            and len(line.stripped.split()) <= 120
            and not _FIRST_PERSON.search(line.stripped)
            and _ABOUT_DOCUMENTS.search(line.stripped)
        ):
            line.kind = "nav"
        return


def _enough_text(text: str) -> bool:
    """Running text, twelve words, or a short note's sentence: "Тов. Сольцу! Прошу пересмотреть
    дело Иванова. Прошу разобраться. А. Петров" is a letter; a page of headings is not."""
    words = text.split()
    return (
        _is_prose(text)
        or len(words) >= 12
        or (
            len(words) >= 8
            and len(_LOWER_WORD.findall(text)) >= 3
            and bool(re.search(r"\w[.!?]", text))
        )
    )


def _resolution_above(header: list[_Line]) -> int:
    """Where a note printed above the letter begins in the lines taken for the page's header:
    after an inscription's heading ("Резолюция в левом верхнем углу первого листа:",
    "Written across the top of the first page:"), when lines of words follow it; else 0."""
    for i, line in enumerate(header):
        if line.kind != "inscription" or not line.stripped.endswith(":"):
            continue
        after = [ln for ln in header[i + 1 :] if ln.kind not in ("blank", "separator")]
        if any(
            ln.kind in ("text", "prose", "salutation") and len(ln.stripped.split()) >= 3
            for ln in after
        ) and all(ln.kind in ("text", "prose", "salutation") for ln in after):
            return i + 1
    return 0


def _first_letter_line(lines: list[_Line]) -> int | None:
    found = _first_prose_or_salutation(lines)
    if found is not None:
        return found
    # A short telegram in capitals has no line of running text: its first line of words is
    # where it begins ("Uyezd commission expelled Belov Ivan. Request verify case."); a short
    # note begins at its salutation when a sentence follows ("Тов. Сольцу! / Прошу
    # пересмотреть дело Иванова.")
    for i, line in enumerate(lines):
        if line.kind == "text" and len(line.stripped.split()) >= 6 and line.capitals:
            return i
        if line.kind == "salutation" and any(_short_sentence(ln) for ln in lines[i + 1 : i + 4]):
            return i
    return None


def _short_sentence(line: _Line) -> bool:
    s = line.stripped
    return (
        line.kind == "text"
        and len(s.split()) >= 4
        and s.endswith((".", "!", "?"))
        and len(_LOWER_WORD.findall(s)) >= 2
    )


def _first_prose_or_salutation(lines: list[_Line]) -> int | None:
    for i, line in enumerate(lines):
        if line.kind == "salutation" and _next_kind(lines, i) in ("field", "nav"):
            continue  # "To P. A. Zalutsky" above "Written: …": the page's title, not the letter
        if line.kind == "salutation" and any(ln.kind == "prose" for ln in lines[i + 1 : i + 12]):
            return i
        below = _next_kind(lines, i)
        # (under a collection's first number, a telegram's text above the next number is the
        # first document, not a title)
        numbered = any(
            ln.kind == "heading" and lx.NUMBER_HEADING.match(ln.stripped) for ln in lines[:i]
        )
        titled = (below == "heading" and not numbered) or (
            # above an edition's fields, English or Russian ("Написано: …", kept as "nav"), or
            # above the portal's links and the word over them first ("View facsimile Cite
            # Download text" / "Description" / "Reference: …")
            (below in ("field", "nav") or _past_labels(lines, i) in ("field", "nav"))
            and len(line.stripped.split()) <= 20
            # a title is no run of sentences (initials and abbreviations aside: "Письмо Е. М.
            # Ярославскому о …", "… about Ye. L. Varnavin", «… 1917–1930-х гг. Поиск»)
            and not _sentences_run(line.stripped)
        )
        if (
            not titled
            and _title(line)
            and (heading := next((ln for ln in lines[i + 1 : i + 4] if ln.stripped), None))
            and (WRITER_TO_HEADING.match(heading.stripped) or _WRITER_TO.match(heading.stripped))
        ):
            # "Письма в Центральную контрольную комиссию. 1922 год" over "И. С. Вахрушев — А. А.
            # Сольцу": the collection's title over its first document's heading
            continue
        if line.kind == "prose" and not titled and _described_among_fields(lines, i):
            # "Письмо написано на двойном листе; ответ … на обороте" between the page's fields
            # and its table of contents: the page's word on the documents, not one of them
            continue
        if line.kind == "prose" and not titled:
            # a line of words above "No. 1" is the title of a collection; above an edition's
            # fields, the title of its page
            return i
    return None


# A collection's heading of one document by its writer and addressee: "N. P. Zotova to M. F.
# Shkiryatov" (its number before it, perhaps).
_WRITER_TO = re.compile(
    r"^(?:No\.\s*\d+\.\s+)?(?:[A-Z]\.\s?){1,3}[A-Z][\w’'-]+\s+to\s+(?:[A-Z]\.\s?){1,3}"
    r"[A-Z][\w’'-]+\.?$"
)


_ABBREVIATIONS = frozenset({
    "гг", "вв", "тт", "им", "ул", "кв", "см", "ст", "об", "лл", "стр", "тов", "губ", "уезд",
    "обл", "пр", "no", "nos", "vol", "pp", "ll", "com", "st", "dr", "mr", "mrs", "ms", "ed",
    "eds", "op", "cit", "ibid", "etc", "gub",
})  # fmt: skip


def _sentences_run(s: str) -> bool:
    """Whether a line runs one sentence into the next ("It came. We …"), a full stop after an
    initial or an abbreviation aside."""
    return any(
        len(m.group(1)) >= 2
        and not (len(m.group(1)) == 2 and m.group(1)[0].isupper())  # "Ye. L. Varnavin"
        and m.group(1).lower() not in _ABBREVIATIONS
        for m in re.finditer(r"(?<![\w.])(\w+)[.!?]\s+\S", s)
    )


def _next_kind(lines: list[_Line], i: int) -> str:
    return next((ln.kind for ln in lines[i + 1 :] if ln.kind != "blank"), "")


def _described_among_fields(lines: list[_Line], i: int) -> bool:
    """A paragraph on the documents in the third person, with the page's fields or links
    above and below it."""
    above = next((ln.kind for ln in reversed(lines[:i]) if ln.kind != "blank"), "")
    s = lines[i].stripped
    return (
        above in ("field", "nav")
        and _next_kind(lines, i) in ("field", "nav")
        and bool(_ABOUT_DOCUMENTS.search(s))
        and not _FIRST_PERSON.search(s)
    )


def _past_labels(lines: list[_Line], i: int) -> str:
    """The kind of the next line after line `i` that is not a short label or a row of links
    (a few words in a "text" line, no sentence's end), within three lines."""
    for line in [ln for ln in lines[i + 1 :] if ln.kind != "blank"][:3]:
        if not (
            line.kind == "text"
            and len(line.stripped.split()) <= 8
            and not line.stripped.endswith((".", "!", "?", ":", ","))
        ):
            return line.kind
    return ""


def _reads_as_sentence(line: _Line) -> bool:
    """Running text, not a place-and-date line or an address line ("Copy to the Moscow
    Gubernia Committee") of the same length."""
    if line.kind == "prose":
        return True
    if line.kind == "text" and _title(line):
        # A document's title above it: "LETTER FROM M. P. LUNYOVA TO THE CENTRAL CONTROL
        # COMMISSION" reads as words in lower case once cased, and is still no sentence.
        return False
    if line.kind == "salutation" and (greeted := _GREETING_ENDS.search(line.stripped)):
        # "To Comrade Solts. Verify Sidorchuk's case urgently and report to me. Lenin": a
        # resolution that greets and writes on the same line
        rest = line.stripped[greeted.end() :]
        # "To Comrade Lenin, Chairman of the Council of People's Commissars,": the address
        # goes on with an office
        return (
            len(rest.split()) >= 3
            and len(_LOWER_WORD.findall(rest)) >= 2
            and not rest.endswith((",", ";"))
        )
    if _CLASSIFIED_MARK.match(line.stripped):
        return False  # "PRIVATE AND CONFIDENTIAL - ADDRESSEE ONLY" above the address
    words = line.stripped.split()
    if (
        line.kind == "text"
        and len(words) <= 10
        and not line.stripped.endswith((".", "!", "?", ":"))
        and any(w.lower().strip(",()") in lx.ORG_WORDS for w in words)
        and not any(w.lower() in _VERB_HINTS for w in words)
    ):
        return False  # a body's name as a letterhead: "CENTRAL CONTROL COMMISSION OF THE R.C.P."
    return (
        line.kind == "text"
        and len(words) >= 6
        and len(lx.PROSE_WORD.findall(line.stripped)) >= len(words) * 0.5
    )


_CLASSIFIED_MARK = re.compile(
    r"^(?:strictly\s+|top\s+)?(?:private|personal|confidential|secret)"
    r"(?:\s+and\s+(?:confidential|personal|private))?"
    r"(?:\s*[-–—:,]\s*(?:(?:for\s+the\s+)?addressee\s+only|not\s+to\s+be\s+copied))?\s*\.?$",
    re.IGNORECASE,
)

# Words that make a line about a body a sentence rather than the body's name.
_VERB_HINTS = frozenset({
    "is", "are", "was", "were", "has", "have", "had", "asks", "ask", "requests", "request",
    "expelled", "decided", "resolved", "will", "shall", "should", "must", "can",
})  # fmt: skip


_LOWER_WORD = re.compile(r"(?<![\w’'])[a-zа-яё][\w’'-]*")
# Where a greeting on a line of its own ends and a sentence may follow.
_GREETING_ENDS = re.compile(r"[.!,:]\s+(?=\S)")


def _header_end(lines: list[_Line], first: int) -> int:
    """Index of the first line after the header: past the last boilerplate line before the
    letter begins, so a date line written above the salutation stays with the letter."""
    last = -1
    for i in range(first):
        if lines[i].kind in ("field", "nav", "wiki", "separator", "heading"):
            last = i
    edition = last >= 0
    for i in range(last + 1, first):
        if edition and _RUNNING_HEAD.match(lines[i].stripped):
            last = i  # "146" over "В. И. ЛЕНИН": the running head is the edition's too
    if last < 0:
        # No archive header: only a leading title line ("Letter to the Control Commission").
        for i in range(first):
            if lines[i].kind == "blank":
                continue
            if lx.TITLE_LINE.match(lines[i].stripped) or _russian_title_naming(lines[i].stripped):
                last = i
            break
    return last + 1


def _edition(header: list[_Line]) -> bool:
    """A header of an edition's page: fields, or its notes, running heads and page numbers."""
    return any(ln.kind in ("field", "nav", "heading") for ln in header)


# An e-mail's header lines, English or Russian, and the key each is filed under.
_MAIL_KEYS = {
    "from": "From", "to": "To", "cc": "Cc", "bcc": "Bcc", "date": "Date", "sent": "Sent",
    "subject": "Subject", "reply-to": "Reply-To", "от": "From", "кому": "To", "копия": "Cc",
    "дата": "Date", "тема": "Subject", "отправлено": "Sent",
}  # fmt: skip
_MAIL_LINE = re.compile(
    r"^\s*(?P<key>From|To|Cc|Bcc|Date|Sent|Subject|Reply-To|От|Кому|Копия|Дата|Тема|Отправлено)"
    r"\s*:\s*(?P<value>\S.*)$",
    re.IGNORECASE,
)


def _mail_field(s: str) -> tuple[str, str] | None:
    """("To", "Ingrid Solberg") for an e-mail's header line, its address left out."""
    m = _MAIL_LINE.match(s)
    if m is None:
        return None
    return _MAIL_KEYS[m.group("key").lower()], without_address(m.group("value"))


def _mail_headers(lines: list[_Line]) -> None:
    """An e-mail's header block ("From: …", "To: …", "Cc: …", "Date: …", "Subject: …", or
    "От: …", "Кому: …", "Тема: …"): its lines are fields, the "Cc:" and "Subject:" lines too,
    which outside such a block may be a letter's own words."""
    i = 0
    while i < len(lines):
        j = i
        keys = set()
        while j < len(lines) and (found := _mail_field(lines[j].stripped)) is not None:
            keys.add(found[0])
            j += 1
        if j - i >= 3 and "From" in keys and keys & {"To", "Date", "Sent", "Subject"}:
            for line in lines[i:j]:
                line.kind = "field"
        i = max(j, i + 1)


def _read_header(header: list[_Line], prov: Provenance) -> None:
    has_fields = any(ln.kind == "field" for ln in header)
    for line in header:
        s = line.stripped
        if line.kind == "field" and (m := lx.HEADER_FIELD.match(s) or _bare_field(s)):
            # ("To: Conduct Committee <conduct@…>": the name, not the address)
            prov.fields[m.group("key").strip()] = without_address(m.group("value"))
        elif line.kind == "field" and (mail := _mail_field(s)) is not None:
            # an e-mail's "Cc:", "Subject:", or its Russian header ("Кому: …")
            prov.fields.setdefault(*mail)
        elif line.kind == "wiki":
            m = lx.WIKI_FROM.match(s)
            assert m is not None
            prov.archive = prov.archive or m.group(1).strip()
            prov.channel = "wiki_page"
        elif line.kind in ("nav", "separator", "heading"):
            prov.boilerplate.append(s)
            if "jump to" in s.lower():
                prov.channel = "wiki_page"
        elif s and not prov.title and (lx.TITLE_LINE.match(s) or _russian_title_naming(s)):
            prov.title = s
        elif (
            s
            and has_fields
            and not prov.header_author
            and _NAME_LINE.match(s)
            # (not a portal's word over its sections: "Description", "Text")
            and not (len(s.split()) == 1 and lx.common_english(s))
        ):
            prov.header_author = re.sub(r"\s+", " ", s)
        elif (
            s
            and not prov.header_author
            and _RUNNING_HEAD.match(s)
            and _edition(header)
            # (not a section's number and the kind of paper under it: "I. Заявление")
            and not _KIND_ALONE.match(re.sub(r"^\s*(?:[А-ЯЁA-Z]\.\s*)+", "", s))
        ):
            prov.header_author = re.sub(r"\s+", " ", s)
            prov.boilerplate.append(s)
        elif s:
            prov.boilerplate.append(s)
    _header_people(prov, header)
    for key, value in prov.fields.items():
        low, vlow = key.lower(), value.lower()
        if low.startswith(("public domain", "copyleft", "copyright", "archive")):
            m = _ARCHIVE.search(value)
            prov.archive = prov.archive or (m.group(1) if m else value[:120])
        elif low.startswith("source"):
            prov.source = value
        elif low.startswith(("published", "first published")):
            prov.publication = value
        elif low.startswith("translat"):
            prov.translation = value
        if "phone" in vlow and low.startswith(("dictated", "written", "sent")):
            _history(prov, "telephone")
        if "typewritten" in vlow:
            _history(prov, "typewritten_copy")
        if re.search(r"\b(manuscript|autograph|original)\b", vlow) and low != "other formats":
            _history(prov, "original")
        if low.startswith("source") and re.search(r"works|edition|volume|publishers", vlow):
            _history(prov, "published_edition")
        if not prov.url and (m := _URL.search(value)):
            prov.url = m.group(0)
    if prov.fields and prov.channel == "unknown":
        prov.channel = "archive_page"


def _bare_field(s: str) -> re.Match[str] | None:
    """A wiki edition's header field without a colon ("Author(s) Lenin", "Written 22 October
    1919"); a "Written"/"Dictated" line counts only when it is short and gives a date, so a
    sentence of a letter is never taken for one."""
    m = lx.BARE_HEADER_FIELD.match(s)
    if m is None or len(s.split()) > 16:
        return None
    if m.group("key").lower() != "author(s)" and not (
        lx.DATE.search(s) or lx.MONTH_YEAR.search(m.group("value"))
    ):
        return None
    return m


def _header_people(prov: Provenance, header: list[_Line]) -> None:
    """An "Author(s)"/"Author"/"From" field names the writer when the page has no name line;
    else a collection's heading of the document ("Letter from P. S. Ivanov to the Central
    Control Commission", "P. S. Ivanov to A. B. Petrov")."""
    for key, value in prov.fields.items():
        if key.lower() in ("author(s)", "author", "authors", "from") and not prov.header_author:
            name = re.split(r"[,;]", value)[0].strip()
            if name and len(name.split()) <= 4 and re.match(r"[A-ZА-ЯЁ]", name):
                prov.header_author = name
        elif (
            "note" in key.lower()
            and not prov.header_author
            and (written := _WRITTEN_BY.search(value))
        ):
            # "Editor's note: The copy bears no signature. … the letter was written by I. N.
            # Pankratov, a smith of the Sormovo works"
            prov.header_author = written.group("n")
    described = " ".join(ln.stripped for ln in header if ln.kind == "nav")
    if (
        not prov.header_author
        and described.startswith("[")
        and (entered := _ENTERED_AS_FROM.search(described))
    ):
        # "[Typewritten copy, unsigned. In the register … it is entered under No. 1893 as from
        # S. N. Tereshchenko, military commissar …]": who the archive says sent it
        prov.header_author = entered.group("n")
    for title in [prov.title, *(ln.stripped for ln in header)]:
        if prov.header_author:
            break
        # "Lenin: To A. A. Solts", "V. I. Lenin. Note to …": an edition's page titled by its
        # writer's name
        named = _WRITER_THEN_TITLE.match(title or "") or WRITER_THEN_TITLE.match(title or "")
        if named is None:
            continue
        words = [w for w in named.group("n").replace(".", ". ").split() if len(w) > 2]
        # (not a catalogue's field: "Type: Letter (denunciation), anonymous")
        if (
            words
            and not any(lx.not_a_name(w) for w in words)
            and not (len(words) == 1 and lx.common_english(words[0]))
        ):
            prov.header_author = named.group("n")
    for line in header:
        if prov.header_author:
            break
        prov.header_author = lx.heading_writer(line.stripped)
        if ru_heading := WRITER_TO_HEADING.match(line.stripped):
            prov.header_author = ru_heading.group("writer")


_WRITTEN_BY = re.compile(
    r"\b(?:written|signed|sent|composed)\s+by\s+(?:Comrade\s+)?"
    r"(?P<n>(?:" + lx.INITIAL + r"\s?){0,3}[A-Z][\w’'-]+)"
)

_ENTERED_AS_FROM = re.compile(
    r"\b(?:as\s+(?:coming\s+)?from|(?:written|signed|sent)\s+by|как\s+(?:письмо\s+)?от)\s+"
    r"(?:Comrade\s+|тов\.\s*)?(?P<n>(?:" + lx.INITIAL + r"\s?){1,3}[A-ZА-ЯЁ][\w’'-]+)"
)

_WRITER_THEN_TITLE = re.compile(
    r"(?P<n>(?:" + lx.INITIAL + r"\s?){0,3}[A-Z][\w’'-]+)\s*[:.]\s+(?:To|Letter|Note|Notes|"
    r"Telegram|Resolution|Reply|Telephone|Telephone\s+message|Remarks|Instructions|Draft|"
    r"Inscription|Memo|Request)\b"
)


def _history(prov: Provenance, channel: str) -> None:
    # Kept oldest first: dictated, then typed, then printed.
    order = ["original", "telephone", "typewritten_copy", "published_edition"]
    if channel not in prov.history:
        prov.history.append(channel)
        prov.history.sort(key=order.index)


def _segments(lines: list[_Line], prov: Provenance) -> list[_Segment]:
    segments: list[_Segment] = [_Segment()]
    in_notes = False
    body_markers: set[str] = set()
    seen_prose = False
    addressing = False  # inside an address block: "Copy to the Chairman / of the … Section"
    noted_under_rule = False  # the letter's notes were set off below it by a rule
    # an inscription above the letter it was written on ("[Across the top, in ink:] Com.
    # Yaroslavsky. Please look into this …"): its lines, to the blank line that ends it
    top_note: list[_Line] | None = None
    for i, line in enumerate(lines):
        seg = segments[-1]
        kind = line.kind
        if top_note is not None:
            if kind != "blank":
                top_note.append(line)
                continue
            # "[Across the top of the first sheet, in blue pencil:]" over its words
            if not (len(top_note) == 1 and top_note[0].stripped.rstrip("]").endswith(":")):
                top_note = None
            continue
        if (
            kind in ("inscription", "text")
            and not seen_prose
            and not seg.notes
            and len(segments) > 1
            and _closed_description(lines, i)
        ):
            # "[On the back of the form, pencil draft of the reply; stamp "Sent 13.III 16.45"]"
            # over the reply: the archive's word on the document under it, set off as its own
            prov.boilerplate.append(line.stripped)
            for described in _block(lines, i)[1:]:
                described.kind = "nav"
            seg.labelled = True
            continue
        if (
            kind == "inscription"
            # (the edition's bracketed words, not a title: "Written on the statement of …";
            # or its label: "Inscription: in the upper left corner, in blue pencil: …")
            and (
                line.stripped.startswith("[")
                or bool(_INSCRIPTION_LABEL.match(line.stripped))
                # "В левом верхнем углу л. 33 резолюция синим карандашом: Т. Сольцу. …" under
                # the document's title
                or (bool(re.search(r"\w:\s+\S", line.stripped)) and _titled_above(seg.lines))
            )
            and not seen_prose
            and not seg.notes
            # (under the page's title and date, above the greeting, as much as under fields)
            and (all(ln.kind in ("blank", "field") for ln in seg.lines) or _titled_above(seg.lines))
        ):
            top_note = [line]
            seg.notes.append(top_note)
            _heading_above_note(seg, prov)
            continue
        addressing = _continues_address(line, addressing)
        later_heading = len(segments) > 1 and all(ln.kind == "blank" for ln in seg.lines)
        if (
            kind == "field"
            and len(segments) > 1
            and not seen_prose
            and (own := _mail_field(line.stripped)) is not None
        ):
            # "From: …" / "To: …" over the next message of the page: its own, not the page's,
            # and none of its words
            seg.fields.setdefault(*own)
            prov.boilerplate.append(line.stripped)
            continue
        if kind == "field" and later_heading and (written := _written_field(line.stripped)):
            # "Written: 19 June 1922" over the next document of the page: its own date
            seg.fields.setdefault(*written)
            prov.boilerplate.append(line.stripped)
            continue
        if kind in ("nav", "wiki"):
            if (seen_prose or later_heading) and (
                written := _written_field(line.stripped)
            ) is not None:
                # its own, not the page's: the next document on the page has another date
                # (under it, or in the heading lines of the next: "Написано: декабрь 1921 г.")
                seg.fields.setdefault(*written)
            else:
                prov.boilerplate.append(line.stripped)
            continue
        if kind == "separator" and seen_prose and _footnote_next(lines, i):
            # "---" and "¹ The decision … was reviewed …" under a letter: its notes, set off
            prov.boilerplate.append(line.stripped)
            in_notes = noted_under_rule = True
            continue
        if kind == "salutation" and seen_prose and _headnote_only(seg, first=len(segments) == 1):
            # "214. F. E. Dzerzhinsky to A. A. Solts" / "The verification commission … had
            # completed its work … See the introduction." / "27.XII.1921" / "Comrade Solts,":
            # the editor's word under the heading, then the document it heads
            prov.boilerplate.extend(ln.stripped for ln in seg.lines if ln.kind == "prose")
            seg.lines = [ln for ln in seg.lines if ln.kind != "prose"]
            seen_prose = False
        if not seen_prose and not seg.notes and not _written(seg.lines) and _section_label(line):
            # "The letter" over the first document under the page's introduction: the page's
            # label, not the document's first words
            prov.boilerplate.append(line.stripped)
            continue
        section_label = False
        starts_letter = (
            # "Т. Быстров," signed under a recommendation reads like "Т. Сольцу,": a greeting
            # starts a letter only when words follow it
            (
                kind == "salutation"
                and seen_prose
                and _words_follow(lines, i)
                # "Members of the RSDLP(b): / Buzin, Trofim Yakovlevich, fitter …": who signs
                and not _signers_follow(lines, i)
            )
            or (kind == "separator" and not _minutes_begun(seg))
            or (seen_prose and _letterhead_at(lines, i, seg))
            # "The reply", "Written beneath" under a signed letter, set alone as the page's
            # label of the document under it
            or (section_label := seen_prose and _section_label(line) and _signed_within(seg))
            # "ВЫПИСКА / из протокола № 41 …" under a signed letter: what it sends
            or (
                seen_prose
                and kind == "text"
                and bool(_KIND_ALONE.match(line.stripped))
                # ("… 4) медицинская / справка.": the list's line carried over, in lower case)
                and line.stripped[:1].isupper()
                and _ends_in_closing(seg)
            )
            or (
                kind == "heading"
                # a page's number under the notes is no document
                and ((_ends_in_closing(seg) and not noted_under_rule) or _document_below(lines, i))
                # "Control Commission / No. 2271 / 11 June 1923": a letterhead's outgoing number
                and not _outgoing_number(lines, i)
            )
            or (
                kind == "prose"
                and seen_prose
                and bool(_GREETS_THEN_WRITES.match(line.stripped))
                # "… пересмотреть решение по делу / тов. Евсеева: с 1 октября …": the line
                # goes on with the sentence above it, no greeting
                and not _runs_on(lines, i)
                # "SPOKE: / Comrade Grushin: he was given a chance …": a speaker in minutes
                and not any(_MINUTES_HEAD.match(ln.stripped) for ln in seg.lines)
            )
        )
        if starts_letter:
            noted_under_rule = False
            if kind in ("separator", "heading"):
                prov.boilerplate.append(line.stripped)
            if seen_prose or seg.notes:
                segments.append(_Segment())
                _move_heading_lines(segments[-2], segments[-1], prov, at_rule=kind == "separator")
            if kind == "heading":
                # "No. 1. Anonymous letter to the Central Control Commission": what the
                # collection calls the document below
                segments[-1].fields.setdefault("Heading", line.stripped)
            if kind == "separator" and line.stripped.startswith("["):
                segments[-1].labelled = True
            in_notes, seen_prose = False, False
            if section_label:
                segments[-1].labelled = True
                prov.boilerplate.append(line.stripped)
                continue
            if kind in ("separator", "heading"):
                continue
            segments[-1].lines.append(line)
            seen_prose = _reads_as_sentence(line)
            continue
        if (
            (
                kind == "heading"
                or (kind == "field" and not _dated(line.stripped))
                # "Письмо Алексинского укома РКП в Тульскую губернскую проверочную комиссию"
                or (
                    kind in ("text", "prose")
                    and _title(line)
                    and _russian_title_naming(line.stripped)
                )
            )
            and len(segments) > 1
            and not seen_prose
            and all(ln.kind in ("blank", "field") for ln in seg.lines)
        ):
            # "No. 103. Telephone message of the Secretariat …", "Source: telephone message
            # form …" under the rule that ended the document before: this one's title and notes
            prov.boilerplate.append(line.stripped)
            if kind == "heading":
                seg.fields.setdefault("Heading", line.stripped)
            continue
        if (
            re.fullmatch(r"(?:No\.?\s*|№\s*)?\d{1,4}\.?", seg.fields.get("Heading", ""))
            and not _written(seg.lines)
            and kind in ("text", "prose")
            and (lx.TITLE_LINE.match(line.stripped) or lx.heading_writer(line.stripped))
        ):
            # "9" over "Covering note of the chairman of the Smolensk GKK R. Lutsevich to the
            # CCC on the case of S. F. Mrochek": the edition's title of the document it numbers
            seg.fields["Heading"] = line.stripped
            prov.boilerplate.append(line.stripped)
            continue
        if kind == "notes_heading" and seen_prose:
            in_notes = True
            continue
        is_note_start = (
            kind in ("footnote", "inscription")
            or (
                kind == "numbered"
                and (in_notes or (line.marker in body_markers and not _points_follow(seg)))
            )
            # "[On 17 August 1922 the GKK sent a copy of the statement to S. F. Mrochek …]"
            # under a signed document: the editors' note on what came of it
            or (not in_notes and _bracketed_paragraph(lines, i) and _signed_within(seg))
        )
        if seen_prose and is_note_start:
            in_notes = True
            seg.notes.append([line])
            continue
        if in_notes:
            if kind == "blank":
                if seg.notes and seg.notes[-1] and seg.notes[-1][-1].kind != "blank":
                    seg.notes[-1].append(line)
                continue
            if (
                seg.notes
                and line.text.startswith((" ", "\t"))
                and seg.notes[-1][-1].kind != "blank"
            ):
                seg.notes[-1].append(line)  # an indented line continues its note
            elif seg.notes and seg.notes[-1][-1].kind != "blank":
                seg.notes[-1].append(line)
            else:
                seg.notes.append([line])
            continue
        if (
            "Heading" in seg.fields
            and not seen_prose
            and all(ln.kind == "blank" for ln in seg.lines)
            and (kind == "nav" or (kind == "text" and _date_alone(line.stripped.strip("[]"))))
        ):
            # "Л. 21–22. Сообщение …" / "19 ноября 1923 г." / "Подлинник. Машинопись. …" over
            # the letterhead: the document's date and the edition's word on it, not its text
            if kind == "text":
                seg.fields.setdefault("Written", line.stripped.strip("[]"))
            prov.boilerplate.append(line.stripped)
            continue
        seg.lines.append(line)
        if (
            # "2. The expulsion of Kriger, Adolf Karlovich, is confirmed.": a reply's points
            (_reads_as_sentence(line) or (kind == "numbered" and _prose_point(line.stripped)))
            # ("Sent: Monday, November 13, 2023 9:07 PM" is a message's header, no sentence)
            and kind != "field"
            and not addressing
            and not _REFERENCE_LINE.match(line.stripped)
            # "from Pelageya Markovna Sorokina, widow, of the village of Lipki": who sends it
            and not (
                (lx.FROM_LINE.match(line.text) or _RU_FROM.match(line.text))
                and not _FROM_A_BOOK.match(line.text)
                and not seen_prose
            )
            # "Central Control Commission of the R.C.P." over a reply: its letterhead
            and not (line.kind == "text" and _BODY_LINE.match(line.stripped))
            # "Адрес: Ярославской губернии, Даниловского уезда, село Покровское." under the
            # sender's line: where the sender lives
            and not (_ADDRESS_LINE.match(line.stripped) and not seen_prose)
        ):
            seen_prose = True
        body_markers |= _markers([line])
    return _assign_notes(_notes_after_separator(segments))


# Where the page's documents come from, not who sends one: "From the series "Letters to the
# All-Russian Starosta", volume 2."
_FROM_A_BOOK = re.compile(
    r"[ \t]*from\s+(?:the\s+)?(?:series|collection|archive|book|volume|papers|files|edition)\b",
    re.I,
)


# A petition's line of who sends it, under its address: "от крестьянина деревни Горки …
# Андрея Егоровича Лаптева", "От гр. Ивановой А. П." (not "От имени ячейки просим …").
_RU_FROM = re.compile(
    r"[ \t]*(?:от|От\s+(?=гр\.|граждан|член|крестьян|рабоч|кандидат|бывш|вдов|тов\."
    # "От Порфирия Саввича Дороднова": a name and patronymic in the genitive
    r"|[А-ЯЁ][а-яё]+\s+[А-ЯЁ][а-яё]+(?:вича|вны|ича|ичны|чны)\b))\s*\S"
)


# Where the sender lives, on a line of its own in the heading: "Адрес: …", "My address: …",
# "проживающей: г. Пенза, …".
_ADDRESS_LINE = re.compile(
    r"(?i:(?:мой\s+|наш\s+)?адрес|(?:my\s+|our\s+|home\s+)?address|проживающ\w*|живущ\w*)"
    r"\s*:\s*\S"
)


# A document's kind alone on its line above it.
_KIND_ALONE = re.compile(
    r"(?i:выписка|справка|удостоверение|extract|certificate|телеграмма|телефонограмма|telegram"
    r"|telephone\s+message|рекомендация|характеристика|заявление|ходатайство|reference"
    r"|recommendation|statement|petition|testimonial)"
    # "Выписка из протокола № 41", "Extract from the minutes No. 12 of the bureau"
    r"(?i:\s+(?:из|from)\s+(?:the\s+)?(?:протокол\w*|журнал\w*|minutes|journal|record)\b"
    r"[^.!?]{0,60})?"
    r"\s*[.:]?(?:\s*(?:No\.?|№|N)\s*\d+[\w/-]*\.?)?$"
)


# A page's label over the next document of a sheet: "The reply", "Written beneath", «Ответ».
_SECTION_LABEL = re.compile(
    r"(?i:письмо|(?:the\s+)?(?:letter|reply|answer|response|(?:pencil\s+)?draft\s+(?:of\s+the\s+)?(?:reply|answer))"
    r"|written\s+(?:beneath|below|underneath|under\s+it|on\s+the\s+back)|(?:beneath|below)\s+it"
    r"|on\s+the\s+(?:back|reverse)|ответ|проект\s+ответа|на\s+обороте)\s*[.:]?"
)


def _block(lines: list[_Line], i: int) -> list[_Line]:
    """Line `i` and the lines under it, to the next blank line."""
    return list(itertools.takewhile(lambda ln: ln.kind != "blank", lines[i:]))


def _bracketed_paragraph(lines: list[_Line], i: int) -> bool:
    """A paragraph wholly in square brackets, of a sentence or more, beginning at line `i`."""
    if not lines[i].stripped.startswith("["):
        return False
    text = " ".join(ln.stripped for ln in _block(lines, i))
    return text.rstrip(" .").endswith("]") and text.count("]") == 1 and len(text.split()) >= 8


def _section_label(line: _Line) -> bool:
    return line.kind == "text" and bool(_SECTION_LABEL.fullmatch(line.stripped))


def _written(lines: list[_Line]) -> list[_Line]:
    return [ln for ln in lines if ln.stripped]


def _signed_within(seg: _Segment) -> bool:
    """A signature among the last lines of a part, perhaps with an address or a postscript
    under it ("Ye. Kholodova" / "My address: …")."""
    written = _written(seg.lines)
    return any(_signed(written[: len(written) - k]) for k in range(min(3, len(written)))) or any(
        ln.kind == "text" and _signature_line(ln.stripped) for ln in written[-4:]
    )


_INSCRIPTION_LABEL = re.compile(r"(?i:inscription|надпись|помета)\s*:")


def _closed_description(lines: list[_Line], i: int) -> bool:
    """Whether line `i` begins the archive's bracketed word on the document below it, closed
    with no label's colon ("[On the back of the form, pencil draft of the reply]"), with lines
    of the document under it; not an inscription's label ("[In pencil, across the top:]") or
    an inscription given in brackets with its words after ("[Across the corner:] To Com. …")."""
    block = _block(lines, i)
    text = " ".join(ln.stripped for ln in block)
    below = next((ln for ln in lines[i + len(block) :] if ln.kind != "blank"), None)
    return (
        text.startswith("[")
        and text.endswith("]")
        and text.count("]") == 1
        and not text[:-1].rstrip(" .\"'”»").endswith(":")
        and len(text.split()) >= 4
        # (not the editors' title of the document: "[Letter of Ye. A. Vorobyova to V. I. Lenin]")
        and not lx.TITLE_LINE.match(text[1:-1])
        and not lx.heading_writer(text[1:-1])
        and below is not None
        and not below.stripped.startswith("[")
    )


def _points_follow(seg: _Segment) -> bool:
    """Numbered lines under "RESOLVED:", "Постановили:" or another line that leads into a list
    are its points, not the notes their numbers look like."""
    last = next((ln for ln in reversed(seg.lines) if ln.kind != "blank"), None)
    if last is None:
        return False
    if last.stripped.endswith(":"):
        return True
    # (the second point, under the first)
    return last.kind == "numbered" and any(ln.stripped.endswith(":") for ln in seg.lines)


def _runs_on(lines: list[_Line], i: int) -> bool:
    """Whether line `i` continues the sentence of the line straight above it."""
    above = lines[i - 1] if i > 0 else None
    return (
        above is not None
        and above.kind == "prose"
        and not above.stripped.endswith((".", "!", "?", ":", "»", '"'))
    )


# A signer listed surname first: "Buzin, Trofim Yakovlevich, fitter", «Бузин Трофим Яковлевич,
# слесарь».
_SIGNER_LISTED = re.compile(
    r"^\s*(?:\d{1,2}[.)]\s*)?[A-ZА-ЯЁ][a-zа-яё’'-]+,?\s+[A-ZА-ЯЁ][a-zа-яё]+(?:\s+[A-ZА-ЯЁ][a-zа-яё]+)?,"
)


def _signers_follow(lines: list[_Line], i: int) -> bool:
    """Under a line ending in a colon, people listed surname first: the signers of the letter
    above, grouped under their standing ("Members of the RSDLP(b):"), not a new greeting."""
    if not lines[i].stripped.endswith(":"):
        return False
    following = next((ln for ln in lines[i + 1 :] if ln.kind != "blank"), None)
    return following is not None and bool(_SIGNER_LISTED.match(following.text))


def _footnote_next(lines: list[_Line], i: int) -> bool:
    """A footnote, an inscription or the notes' own heading ("Notes") under a rule: the notes of
    the document above it, not a document of their own."""
    at = next((j for j in range(i + 1, len(lines)) if lines[j].kind != "blank"), None)
    if at is None or _closed_description(lines, at):
        # ("[On the back of the form, pencil draft of the reply]": over a document)
        return False
    following = lines[at]
    if following.kind == "inscription":
        # one that says it is written on the document ("Резолюция на первом листе:"); a bare
        # "Резолюция:" under a rule may be a document of its own
        return bool(_WRITTEN_ON.search(following.stripped.split(":", 1)[0]))
    return following.kind in ("footnote", "notes_heading")


_WRITTEN_ON = re.compile(
    r"(?i:\bна\s+(?:\w+\s+)?(?:листе|полях|обороте|письме|заявлении|документе|конверте)"
    r"|\bв\s+(?:\w+\s+){0,2}углу|\bacross\b|\bon\s+the\b|\bin\s+the\s+(?:\w+\s+)?(?:margin|corner))"
)


_NOTE_KINDS = ("footnote", "numbered", "inscription")


# An editor's remark under the documents speaks of them in the third person.
_ABOUT_DOCUMENTS = re.compile(
    r"\b(?:documents?|letters?|telegrams?|notes?|files?|archives?|stamp|original|copy|papers|"
    r"series|translated|"
    r"документ\w*|письм\w*|телеграмм\w*|записк\w*|архив\w*|подлинник\w*|копи[яию]|штамп\w*)\b",
    re.IGNORECASE,
)
_FIRST_PERSON = re.compile(r"\bI\b(?!\.)|\b(?i:we|my|our|я|мы|мой|моя|наш\w*|прошу|просим)\b(?!\.)")


def _outgoing_number(lines: list[_Line], i: int) -> bool:
    """A number alone on its line inside a letterhead's block ("Control Commission" over
    "No. 2271" over the date): the paper's outgoing number, not a document's heading."""
    return (
        i > 0
        and lines[i - 1].kind not in ("blank", "separator", "heading")
        and bool(lx.OUTGOING_NUMBER.fullmatch(lines[i].stripped))
    )


def _title_alone(seg: _Segment) -> bool:
    """A collection's title alone above the rule over its first document ("Appeals of Party
    Members to the Central Control Commission, 1921–1922"): the page's, not a document."""
    written = _written(seg.lines)
    return (
        len(written) == 1
        and not seg.notes
        and written[0].kind in ("text", "heading")
        and _title(written[0])
    )


def _headnote_only(seg: _Segment, *, first: bool) -> bool:
    """Under a collection's heading of one document, a single paragraph in the third person,
    unsigned, and perhaps the document's date: the editor's headnote, not a document. (Under
    the page's header, where the heading went, it must read as an editor's: "had completed
    its work …", "See the introduction, pp. 14–19".)"""
    if "Heading" not in seg.fields and not first:
        return False
    written = _written(seg.lines)
    prose = [ln for ln in written if ln.kind == "prose"]
    if not prose or len(prose) > 3 or len(written) - len(prose) > 2:
        return False
    if any(ln.kind != "prose" and not _dated(ln.stripped) for ln in written):
        return False
    text = " ".join(ln.stripped for ln in prose)
    if "Heading" not in seg.fields and not (
        _EDITORS_HINT.search(text) or _ABOUT_DOCUMENTS.search(text)
    ):
        return False
    return len(text.split()) <= 80 and not _FIRST_PERSON.search(text)


# An editor's words on a document: "had completed its work", "See the introduction, pp. 14–19".
_EDITORS_HINT = re.compile(
    r"\b(?:had\s+(?:been\s+|already\s+)?\w+ed|see\s+(?:the\s+)?(?:introduction|note|notes|"
    r"commentary|above|below|p\.|pp\.|No\.)|pp?\.\s*\d|см\.\s|с\.\s*\d)",
    re.IGNORECASE,
)


def _collections_word(seg: _Segment) -> bool:
    """A paragraph or two of prose alone, with no greeting and no signature, that speaks of the
    documents in the third person: an editor's, not a covering note (which is signed)."""
    written = _written(seg.lines)
    if (
        len(written) > 1
        # (a title may read as a body greeted: "The Presidium of the CCC on two appeals")
        and written[0].kind in ("text", "salutation")
        and not written[0].stripped.endswith((".", "!", "?", ",", ":"))
    ):
        # "M. I. Kalinin on the case of P. S. Mitin …" over "From the series …": the page's
        # title and the collection's word under it
        written = written[1:]
    # (a paragraph's lines may be wrapped: "… Translated from the Russian / by the editors.";
    # a line of its own under the paragraph is a signature, or a document's line)
    rest = {id(ln) for ln in written[1:]}
    wrapped = all(
        ln.kind == "prose" or (ln.kind == "text" and before.kind in ("prose", "text"))
        for before, ln in itertools.pairwise(seg.lines)
        if id(ln) in rest
    )
    return (
        0 < len(written) <= 6
        and written[0].kind == "prose"
        and wrapped
        and not _signed(written)
        and _editors_remark(written)
    )


# The editors speaking of their own work in the first person: "We publish one such letter in
# full", «Публикуем по подлиннику».
_EDITORS_WE = re.compile(
    r"\b(?i:we\s+(?:publish|print|reproduce|give|present|have\s+(?:kept|corrected|preserved|"
    r"not\s+\w+))|(?:мы\s+)?(?:публикуем|печатаем|приводим|воспроизводим)"
    # the translator's or transcriber's own word: "My translation", «перевод мой»
    r"|(?:my|our)\s+(?:translation|transcription|emphasis|italics|notes?)|(?:перевод|курсив)\s+мой)\b"
)
# An edition's own fields (its source, its translation, its rights), which make no document.
_EDITION_FIELD = re.compile(
    r"\s*(?:[-*•]\s+)?(?:Source|Published|First\s+published|Printed|Translated|Translation|"
    r"Translator|Transcri\w*|Rights|Licen[cs]e|Copyright|Citation|Cite\s+as|Reference|"
    r"Archive\w*|URL|Online|Keywords|Tags|Источник|Публикуется|Печатается|Перевод)\b[^:]{0,20}:",
    re.IGNORECASE,
)


def _document_like(seg: _Segment) -> bool:
    """Whether a part of the page reads as somebody's document: greeted, signed, headed by the
    edition, minutes, a telegram in capitals, a form's fields, or words in the writer's own
    voice. A part that is none of these (a collection's introduction in the third person, an
    afterword, "Comments are closed for this post.") is the page's."""
    written = _written(seg.lines)
    if not written:
        return False
    text = " ".join(ln.stripped for ln in written)
    return (
        "Heading" in seg.fields
        or seg.labelled
        or bool(seg.notes)
        or any(ln.kind in ("salutation", "inscription") for ln in written)
        or any(ln.kind == "field" and not _EDITION_FIELD.match(ln.stripped) for ln in written)
        or any(
            (ln.capitals and len(ln.stripped.split()) >= 4)
            or _KIND_ALONE.match(ln.stripped)  # "УДОСТОВЕРЕНИЕ", "Extract from the minutes"
            or _MINUTES_HEAD.match(ln.stripped)
            or _PROTOCOL.match(ln.stripped)  # "PROTOCOL OF QUESTIONING"
            or _GREETS_THEN_WRITES.match(ln.stripped)  # "Comrade Solts! Please …"
            for ln in written
        )
        # a signature among the last lines, perhaps over a seal or an office's second signer
        # (a line naming who wrote to whom is the next document's title: "1. Е. К. Панкратова —
        # М. И. Калинину")
        or any(
            ln.kind in ("text", "prose") and not _title(ln) and _signature_line(ln.stripped)
            for ln in written[-4:]
        )
        or bool(_FIRST_PERSON.search(_EDITORS_WE.sub("", text)) or _ME.search(text))
    )


_PROTOCOL = re.compile(r"(?i:protocol|протокол)\b")
_ME = re.compile(r"\b(?i:me|мне|меня|мною)\b")


def _signature_line(s: str) -> bool:
    """A short line that ends in a signed name: "Secretary of the bureau V. Lukin", "For the
    secretary of the district committee — Bely", «За председателя — секретарь губКК И. Чубарова»."""
    return len(s.split()) <= 12 and bool(
        _SIGNED_NAME.search(s) or _OFFICE_SIGNED.match(s) or _DASH_SIGNED.search(s)
    )


_DASH_SIGNED = re.compile(r"\s[—–-]\s*[A-ZА-ЯЁ][a-zа-яё’'-]{2,}\.?$")


def _without_page_furniture(segments: list[_Segment], prov: Provenance) -> list[_Segment]:
    """The page's own parts taken out from among its documents, when it has any: before the
    first document they are its header's (the collection's title and introduction), after one
    they are that document's notes (an afterword that tells what became of the case)."""
    documents = [i for i, seg in enumerate(segments) if _document_like(seg)]
    if not documents:
        return segments
    kept: list[_Segment] = []
    for i, seg in enumerate(segments):
        # (above the first document only a title, a line or words on the documents are the
        # page's: a short unsigned note at the top is more likely a document)
        if i in documents or (i < documents[0] and not _headnote(seg)):
            if not kept and i > 0:
                _heading_to_fields(seg, prov)
            kept.append(seg)
            continue
        if kept:
            kept[-1].notes.extend(_paragraphs(seg.lines))
            continue
        if i + 1 == documents[0]:
            # "1. Е. К. Панкратова — М. И. Калинину" / "[Февраль 1925 г.]" under the
            # introduction: the first document's heading and date
            _move_heading_lines(seg, segments[i + 1], prov)
        prov.boilerplate.extend(ln.stripped for ln in seg.lines if ln.stripped)
    return kept


_DESCRIPTION_LINE = re.compile(r"^(?:[-*•]\s+)?[\w ]{2,30}(?::\s|\[)")


def _heading_to_fields(seg: _Segment, prov: Provenance) -> None:
    """The first document under the page's introduction, headed as the later ones are ("M. S.
    Kovrigina to Yemelyan Yaroslavsky" over "Moscow, 3 March 1924" over the greeting): its
    heading and date are its fields, not its first words."""
    taken = 0
    for line in seg.lines:
        if not line.stripped:
            taken += 1
            continue
        if "Heading" not in seg.fields and lx.heading_writer(line.stripped):
            seg.fields["Heading"] = line.stripped
        elif "Heading" in seg.fields and "Written" not in seg.fields and _dated(line.stripped):
            seg.fields["Written"] = line.stripped
        else:
            break
        prov.boilerplate.append(line.stripped)
        taken += 1
    if "Heading" in seg.fields:
        seg.lines = seg.lines[taken:]


def _headnote(seg: _Segment) -> bool:
    """A part above the page's first document that is the page's: its title or one line of
    its description («Тематика: …»), or words on the documents ("The three documents below
    are kept in …"). (A sentence alone is more likely a short note.)"""
    written = _written(seg.lines)
    text = " ".join(ln.stripped for ln in written)
    if len(written) == 1:
        line = written[0]
        return (
            line.kind != "prose"
            or _title(line)
            # "- Тематика: персональные дела; …", "Н. К. Крупская и дело … Ноябрь – декабрь
            # 1922": a line of the page's description, or its title with the years
            or bool(_DESCRIPTION_LINE.match(line.stripped))
            or bool(re.search(r"\b1[89]\d\d(?:\s*(?:г|гг)\.)?\)?$", line.stripped))
            # the editors on their work: "… we publish the first of them in full"
            or bool(_EDITORS_WE.search(line.stripped) or _EDITORS_HINT.search(line.stripped))
        )
    return bool(_ABOUT_DOCUMENTS.search(text) or _EDITORS_HINT.search(text))


def _paragraphs(lines: list[_Line]) -> list[list[_Line]]:
    """Lines as notes: one per paragraph, and one per numbered or marked note."""
    notes: list[list[_Line]] = []
    for line, before in zip(lines, [None, *lines], strict=False):
        if not line.stripped:
            continue
        if before is None or not before.stripped or line.kind in _NOTE_KINDS or not notes:
            notes.append([line])
        else:
            notes[-1].append(line)
    return notes


def _document_below(lines: list[_Line], i: int) -> bool:
    """Under a collection's number ("2"), a document's first line: a greeting, an address,
    or a telegram's line in capitals; a page number inside a letter has running text under
    it."""
    # (past the document's own fields: "Автор: …", "Кому: …", "Написано: …", "Источник: …")
    below = [
        ln
        for ln in lines[i + 1 : i + 14]
        if ln.kind != "blank"
        and not (ln.kind in ("nav", "field", "text") and _header_field(ln.stripped))
    ][:3]
    for line in below:
        if (
            line.kind == "salutation"
            or line.capitals
            or _MINUTES_OPEN.match(line.stripped)
            or _GREETS_THEN_WRITES.match(line.stripped)  # "Тов. Сольц! Пересылаю письмо …"
        ):
            return True
        # "No. 118. Statement of the bureau … / September 9, 1921 / To the Pskov …": the
        # document's date, or when it was received, between its number and its greeting
        dated = re.search(r"\d{4}|\b[IVX]{1,4}\b", line.stripped)
        if not (line.kind in ("text", "field") and dated):
            return False
    return False


def _header_field(s: str) -> bool:
    """ "Написано: 3 марта 1922 г.", "Кому: Н. К. Крупская", "Source: …": a field of the
    edition's, one word or two and a colon."""
    return (
        russian_header_field(s) is not None
        or lx.HEADER_FIELD.match(s) is not None
        or _FIELD_SHAPE.match(s) is not None
    )


_FIELD_SHAPE = re.compile(r"(?:Автор|Кому|Адресат|Author|To|Addressee)\s*:\s+\S")


def _words_follow(lines: list[_Line], i: int) -> bool:
    """Running text on the line or in the dozen lines after it, before a rule ends the
    document ("П. Хмельной / Вязьма, … / 5 января 1922 г. / === Л. 3 ===": a signature)."""
    following = lines[i : i + 12]
    rule = next((k for k, ln in enumerate(following) if ln.kind == "separator"), len(following))
    return any(
        ln.kind == "prose"
        or _reads_as_sentence(ln)
        # a short sentence, not a date line ("12 февраля 1924 г.")
        or (_short_sentence(ln) and not re.search(r"\d", ln.stripped))
        for ln in following[:rule]
    )


# The head of an extract from minutes, and the part that ends it.
_MINUTES_HEAD = re.compile(
    r"^\s*(?:выписка\s+из\s+протокола|протокол\b|присутствовали|extract\b|minutes\b|present\s*:)",
    re.IGNORECASE,
)
_MINUTES_DECIDED = re.compile(r"^\s*(?:постановили|решили|resolved|decided)\b", re.IGNORECASE)


# Where the text of minutes begins under their heading: "Heard: 7. The case of …".
_MINUTES_OPEN = re.compile(r"^\s*(?:heard|слушали|присутствовали|present)\s*:", re.IGNORECASE)


def _minutes_begun(seg: _Segment) -> bool:
    """An extract from minutes whose head is written and whose decision is not yet: a rule
    under "Присутствовали: …" goes on to "Слушали / Постановили", it starts no letter."""
    return any(_MINUTES_HEAD.match(ln.stripped) for ln in seg.lines) and not any(
        _MINUTES_DECIDED.match(ln.stripped) for ln in seg.lines
    )


def _editors_remark(lines: list[_Line]) -> bool:
    """The last lines of a page, set off by a rule, that speak of the documents above and not
    as anyone's letter: "Both documents are kept together in the file of I. L. Zotov." """
    text = " ".join(ln.stripped for ln in lines)
    return (
        len(text.split()) <= 60
        and not _FIRST_PERSON.search(text)
        and bool(_ABOUT_DOCUMENTS.search(text))
        # "TELEGRAM / Vladimir 5/XI 21 …": a document under its own heading, not a remark on one
        and not (lines and _DOCUMENT_HEADING.match(lines[0].stripped))
        # ("Received: 21/XI 1921, 16 h 40 m": a form's fields, not an editor's words)
        and not any(ln.kind == "field" for ln in lines)
        # (nor a telegram's words in capitals: «ОТВЕТНАЯ ТЕЛЕГРАММА / … ТЧК ЗАЛУЦКИЙ»)
        and not any(ln.capitals and len(ln.stripped.split()) >= 4 for ln in lines)
    )


_DOCUMENT_HEADING = re.compile(
    # "Copy of telegram sent 16 April 1921", «Копия телеграммы»
    r"^(?:(?:copy|text|draft)\s+of\s+(?:the\s+|a\s+)?(?:reply\s+)?|(?:копия|текст)\s+)?"
    r"(?:telegram|telephonogram|telephone\s+message|letter|note|statement|petition|"
    r"телеграмм[аы]|телефонограмм[аы]|"
    r"письм[оа]|записк[аи]|заявлени[ея]|прошени[ея])\.?(?:\s*(?:No\.?|№)\s*\d+\.?)?"
    r"(?:\s+(?:sent|dispatched|dated|of|from|to|отправленн\w+|от)\s.*)?$",
    re.IGNORECASE,
)


_BARE_MARKER = re.compile(r"^(\d{1,3})\s+[A-ZА-ЯЁ]")


# A name signed under a document: "Пред. губКК Г. Трофимов", "M. Kalinin", a telegram's
# "Шкирятов" alone on its line.
_SIGNED_NAME = re.compile(
    r"(?:\b[A-ZА-ЯЁ][a-zа-яё]?\.\s?){1,2}[A-ZА-ЯЁ][a-zа-яё’'-]+\.?$|^[A-ZА-ЯЁ][a-zа-яё’'-]{2,}$"
)


# An office and the surname of who holds it, on one line: "Secretary of the Uyezd Committee
# Shchukin", «Секретарь укома Дроздов».
_OFFICE_SIGNED = re.compile(
    r"^(?:(?:Deputy|Assistant|Acting)\s+)?(?:Secretary|Chairman|Chairwoman|Member|Head|Instructor"
    r"|Clerk|Manager|President|Председатель|Секретарь|Член|Зав\.|Заведующий|Инструктор)\b.*\s"
    r"(?!(?:Committee|Commission|Bureau|Cell|Presidium|Department)\b)[A-ZА-ЯЁ][a-zа-яё’'-]{2,}$"
)


def _signed(lines: list[_Line]) -> bool:
    """A document that ends in a signature, perhaps with its date under it ("Пом. секретаря
    ЦКК Е. Гарф / 4 марта 1922 г."), perhaps with a stamp the edition describes under it
    ("[Stamp:] Sent."): a reply, not an editor's remark."""
    while len(lines) > 1 and lines[-1].stripped.startswith("["):
        lines = lines[:-1]
    if len(lines) > 1 and _dated(lines[-1].stripped):
        lines = lines[:-1]
    return (
        bool(lines)
        and lines[-1].kind == "text"
        and bool(
            _SIGNED_NAME.search(lines[-1].stripped) or _OFFICE_SIGNED.match(lines[-1].stripped)
        )
    )


def _notes_after_separator(segments: list[_Segment]) -> list[_Segment]:
    """Footnotes set off from the last letter by a rule ("* * *", an HTML <hr>) are that
    letter's notes, not a letter of their own."""
    kept = segments[:1]
    for seg in segments[1:]:
        if seg.labelled:
            kept.append(seg)  # set off under the archive's bracketed word: a document
            continue
        lines = [ln for ln in seg.lines if ln.kind != "blank"]
        notes_only = all(ln.kind in (*_NOTE_KINDS, "text") for ln in lines)
        editors = bool(lines) and (
            bool(lx.EDITORS_NOTE.match(lines[0].stripped))
            or (
                seg is segments[-1]
                and _editors_remark(lines)
                and not _signed(lines)
                # (under its own heading, "Copy of telegram sent 16 April 1921", a document)
                and "Heading" not in seg.fields
            )
        )
        if editors and not seg.notes and not any(ln.kind == "salutation" for ln in lines):
            kept[-1].notes.append(lines)  # "Примечание составителей. Постановлением ЦКК …"
            continue
        bare = _BARE_MARKER.match(lines[0].stripped) if lines else None
        if bare and bare.group(1) in _markers(kept[-1].lines) and not seg.notes:
            # "1 Ye. G. Sheremet-Lyubimova (1886-1949), physician." under a rule: the note the
            # letter's "[1]" points to, its number set as a superscript the page lost
            lines[0].kind, lines[0].marker = "footnote", bare.group(1)
            notes_only = all(ln.kind in (*_NOTE_KINDS, "text", "prose") for ln in lines)
        if lines and not seg.notes and lines[0].kind in _NOTE_KINDS and notes_only:
            for ln in lines:
                if ln.kind == "text" and kept[-1].notes:
                    kept[-1].notes[-1].append(ln)  # a note's second line
                else:
                    kept[-1].notes.append([ln])
            continue
        kept.append(seg)
    return kept


_ADDRESS_START = re.compile(r"^(?:cop(?:y|ies):?\s+to|cop(?:y|ies):|cc:?|to)\s", re.IGNORECASE)


def _continues_address(line: _Line, addressing: bool) -> bool:
    """Whether `line` is part of an address block: a "To …" or "Copy to …" line that is not a
    sentence, and the lines under it that carry on its words in lower case ("of the Petrograd
    Section"), up to a blank line or a line that ends a sentence."""
    s = line.stripped
    if not s:
        return False
    # "… of the R.C.P.": the body's initials, no sentence's full stop
    ends = s.endswith((".", "!", "?")) and not _INITIALS_AT_END.search(s)
    if _ADDRESS_START.match(s):
        return not ends  # "To be heard at once.": a sentence
    return addressing and s[0].islower() and not ends


_INITIALS_AT_END = re.compile(r"(?:\b[A-ZА-ЯЁ]\.){2,}(?:\([a-zа-яё]\.\))?$")


# A paragraph that opens with its own greeting ("тов. Окулов! Очень жалею, что …", "Comrade
# Okulov! I am very sorry …", "Comrade Molotov: Find out at once …"): a reply or resolution
# written under the note above it begins there.
_GREETS_THEN_WRITES = re.compile(
    r"^(?:[Тт]ов\.|[Тт]\.|[Тт]оварищ[иу]?|Comrades?|Dear\s+Comrades?)\s*"
    r"[A-ZА-ЯЁ][\w’'-]*\.?(?:\s+[A-ZА-ЯЁ][\w’'-]*\.?){0,2}\s*[!:]\s+\S"
)


def _ends_in_closing(seg: _Segment) -> bool:
    """A numbering heading heads the next letter only after a letter's closing (a signature,
    a date); after a paragraph it numbers a section of the same statement."""
    if seg.notes:
        return True
    last = next((ln for ln in reversed(seg.lines) if ln.kind != "blank"), None)
    return last is not None and not _reads_as_sentence(last) and not last.stripped.endswith(":")


def _move_heading_lines(
    prev: _Segment, new: _Segment, prov: Provenance, *, at_rule: bool = False
) -> None:
    """Lines between a letter's last sentence and the next salutation are the first letter's
    closing, except a title heading, which is boilerplate, and a date line directly above the
    salutation when the closing already has a date (not above a rule: a date over the rule
    that ends a document is that document's)."""
    tail = prev.lines
    while tail and tail[-1].kind == "blank":
        tail.pop()
    # "А. А. Сольц — И. С. Вахрушеву" over "Written: …", "Author(s): …": the next document's
    # heading and fields, not this one's closing
    fields = len(tail)
    while fields and (tail[fields - 1].kind in ("field", "blank") or _field_of(tail[fields - 1])):
        fields -= 1
    mail = [f for ln in tail[fields:] if (f := _mail_field(ln.stripped)) is not None]
    moved: list[tuple[str, str]] | None = None
    if len(mail) >= 3 and any(key == "From" for key, _value in mail):
        # "From: … / To: … / Date: … / Subject: …" under a message: the next message's header
        moved, start = mail, fields
    elif (
        fields < len(tail)
        and fields
        and (
            WRITER_TO_HEADING.match(tail[fields - 1].stripped)
            or _WRITER_TO.match(tail[fields - 1].stripped)
        )
    ):
        moved = [f for ln in tail[fields:] if (f := _field_of(ln)) is not None]
        start = fields - 1
    if moved is not None:
        for field_ in moved:
            new.fields.setdefault(*field_)
        prov.boilerplate.extend(ln.stripped for ln in tail[start:] if ln.stripped)
        del tail[start:]
        while tail and tail[-1].kind == "blank":
            tail.pop()
    written = [i for i, ln in enumerate(tail) if ln.stripped]
    dated = len(written) > 2 and _date_or_month(tail[written[-1]].stripped.strip("[]"))
    # "2. Препроводительное письмо … в ЦКК РКП(б)" over "7 марта 1925 г."
    numbered = written[-2] if dated else written[-1] if len(written) > 1 else 0
    if numbered > 0 and _numbered_title(tail[numbered].stripped):
        new.fields.setdefault("Heading", tail[numbered].stripped)
        if dated:
            new.fields.setdefault("Written", tail[written[-1]].stripped.strip("[]"))
        prov.boilerplate.extend(ln.stripped for ln in tail[numbered:] if ln.stripped)
        del tail[numbered:]
        while tail and tail[-1].kind == "blank":
            tail.pop()
    if tail and (lx.TITLE_LINE.match(tail[-1].stripped) or _LABEL_LINE.match(tail[-1].stripped)):
        prov.boilerplate.append(tail.pop().stripped)
    if (
        not at_rule
        and len(tail) >= 2
        and lx.DATE.search(tail[-1].text)
        and not _is_prose(tail[-1].stripped)
    ):
        earlier = [ln for ln in tail[:-1][-6:] if lx.DATE.search(ln.text)]
        if earlier:
            new.lines.insert(0, tail.pop())


def _date_or_month(s: str) -> bool:
    """A date alone on its line, or a month and year ("[Февраль 1925 г.]", "April 1925")."""
    return _date_alone(s) or bool(lx.MONTH_YEAR.match(s) or russian_month_year_pattern().match(s))


def _numbered_title(s: str) -> bool:
    """A collection's numbered heading of the next document: "2. A. A. Solts to N. K.
    Krupskaya", «2. Препроводительное письмо приёмной Председателя ВЦИК в ЦКК РКП(б)»."""
    number = re.match(r"(?:№\s*|No\.\s*)?\d{1,3}\.\s+(?=\S)", s)
    if number is None:
        return False
    rest = s[number.end() :]
    return bool(
        WRITER_TO_HEADING.match(rest)
        or _WRITER_TO.match(rest)
        or lx.heading_writer(rest)
        or _russian_title_naming(rest)
    )


# A body's name as its letterhead prints it: "ТВЕРСКАЯ ГУБЕРНСКАЯ ПРОВЕРОЧНАЯ КОМИССИЯ РКП",
# "Kashin Uyezd Committee of the R.C.P.".
_BODY_LINE = re.compile(
    r"^[^.!?]{0,60}\b(?:комисси[яи]|комитет|уком|губком|бюро|ячейка|президиум|редакция|"
    # (the full stops of an abbreviation are no sentence's: "of the R.C.P.")
    r"commission|committee|bureau|cell|presidium|department)\b"
    r"(?:[^.!?]|(?<=\b\w)\.|\.(?=\w)){0,40}$",
    re.IGNORECASE,
)


def _dated(line: str) -> bool:
    """A date in English or Russian on the line ("14 December 1921", «3 июня 1921 г.»)."""
    return bool(lx.DATE.search(line) or russian_date_pattern().search(line))


def _letterhead_at(lines: list[_Line], i: int, seg: _Segment) -> bool:
    """Whether line `i` begins the next document's letterhead under a signed one: a body's name
    after a blank line, with an outgoing number or a date in the lines under it
    ("ТВЕРСКАЯ ГУБЕРНСКАЯ ПРОВЕРОЧНАЯ КОМИССИЯ РКП / 3 июня 1921 г. / № 1187")."""
    line = lines[i]
    if line.kind != "text" or i == 0 or lines[i - 1].kind != "blank" or not _ends_in_closing(seg):
        return False
    if _PARTY_MARK.match(line.stripped) and i + 1 < len(lines) and lines[i + 1].kind == "text":
        # "РКП(б)" over "Пензенская губернская контрольная комиссия": the party's name heads
        # the body's letterhead
        i += 1
        line = lines[i]
    if (
        not _BODY_LINE.match(line.stripped)
        or _SIGNED_NAME.search(line.stripped)
        or _OFFICE_SIGNED.match(line.stripped)
    ):
        # "Secretary of the cell D. Garanin / 9/VIII-21", "Secretary of the Uyezd Committee
        # Shchukin": a signature
        return False
    below = [ln.stripped for ln in lines[i + 1 : i + 6] if ln.stripped][:3]
    if below and lines[i + 1].stripped and _SIGNED_NAME.fullmatch(below[0]):
        return False  # "Secretary of the cell bureau / P. Zheleznov / 16/III.23": a signature
    last = next((ln for ln in reversed(seg.lines) if ln.kind != "blank"), None)
    if line.capitals and last is not None and _ENCLOSURE_LINE.match(last.stripped):
        # "Attached: reference for O. V. Sablina" under the signatures, then the reference
        # under its body's name in capitals
        return True
    return any(lx.OUTGOING_NUMBER.search(w) or _dated(w) for w in below)


# The party's name alone on a letterhead's first line.
_PARTY_MARK = re.compile(
    r"^(?:[РВ]КП\s*\(б\)|РКП|R\.\s?C\.\s?P\.(?:\s?\(b\))?|RCP(?:\(b\))?"
    r"|Российская\s+коммунистическая\s+партия(?:\s*\(большевиков\))?"
    r"|Russian\s+Communist\s+Party(?:\s*\(Bolsheviks\))?)\.?$",
    re.IGNORECASE,
)


# The line under a letter's signatures that says what goes with it.
_ENCLOSURE_LINE = re.compile(
    r"(?:attached|enclosed|enclosure|appended|приложение|прилагается|прилагаю)\b", re.IGNORECASE
)


# An editor's label above the next document on the page: "Lenin's resolution:", "The reply:".
_LABEL_LINE = re.compile(
    r"^(?:[\w’'.-]+\s+){0,4}(?:resolution|note|reply|answer|telegram|letter|inscription|"
    r"endorsement|instruction)s?(?:\s+[\w’'.-]+){0,3}\s*:$"
    # "Written by Lenin across the top of Yaroslavsky's reply:"
    r"|^(?:Written|Noted|Inscribed)\s+(?:by\s+[\w’'. -]{1,30}\s+)?(?:on|across|at|in)\s+"
    r"[^.!?]{1,80}:$",
    re.IGNORECASE,
)


def _key_and_value(s: str) -> tuple[str, str] | None:
    """A header field's key and value, Russian ("Написано: …") or English ("Written: …")."""
    found = russian_header_field(s)
    if found is None and (m := lx.HEADER_FIELD.match(s)) is not None:
        found = m.group("key").strip(), m.group("value").strip()
    return found


def _field_of(line: _Line) -> tuple[str, str] | None:
    """The header field a field or navigation line gives."""
    return _key_and_value(line.stripped) if line.kind in ("field", "nav") else None


def _written_field(s: str) -> tuple[str, str] | None:
    """("Written", "2 сентября") for an edition's line dating the document above it, or the
    line naming its author among the fields over a later document of the page."""
    found = _key_and_value(s)
    if found is None or found[0] not in ("Written", "Dictated", "Dated", "Author"):
        return None
    return found


def _assign_notes(segments: list[_Segment]) -> list[_Segment]:
    """Footnotes go to the letter whose text carries their marker; an inscription or an
    unmarked note stays with the note before it (or the letter it follows)."""
    owner_of: dict[str, int] = {}
    for i, seg in enumerate(segments):
        for marker in _markers(seg.lines):
            owner_of.setdefault(marker, i)
    moved: list[list[list[_Line]]] = [[] for _ in segments]
    for i, seg in enumerate(segments):
        current = i
        for note in seg.notes:
            first = note[0]
            if first.kind in ("footnote", "numbered") and first.marker in owner_of:
                current = owner_of[first.marker]
            moved[current].append(note)
    for seg, notes in zip(segments, moved, strict=True):
        seg.notes = notes
    return segments


# The fields that say who sent a message, to whom and when.
_MESSAGE_FIELDS = {
    "from",
    "to",
    "cc",
    "bcc",
    "subject",
    "addressee",
    "date",
    "dated",
    "sent",
    "received",
}


def _titled_above(lines: list[_Line]) -> bool:
    """Lines of a title and perhaps its date, no more: "Letter of Z. P. Rukavishnikova to N. K.
    Krupskaya …" / "14 March 1923"."""
    above = [ln for ln in lines if ln.kind != "blank"]
    return (
        0 < len(above) <= 3
        and all(ln.kind in ("text", "field") for ln in above)
        # (or the date alone, when the title went to the page's header; or the title under the
        # site's tags, "чистка 1921 семья тиф")
        and (
            _title(above[0])
            or all(_date_alone(ln.stripped) for ln in above)
            or (
                any(_title(ln) for ln in above)
                and all(_title(ln) or _short_label(ln.stripped) for ln in above)
            )
        )
    )


def _short_label(s: str) -> bool:
    return len(s.split()) <= 6 and not s.endswith((".", "!", "?", ":"))


def _date_alone(s: str) -> bool:
    return _dated(s) and len(s.split()) <= 5


def _heading_above_note(seg: _Segment, prov: Provenance) -> None:
    """A page's title and date over an inscription that stands above the greeting ("Letter of
    Z. P. Rukavishnikova to N. K. Krupskaya …" / "14 March 1923" / "[Inscription …:] …"): the
    document's own heading and date, kept as its fields, not as its first words (the
    inscription would else be read inside the letter)."""
    above = [ln for ln in seg.lines if ln.kind == "text"]
    if not above or not _titled_above(seg.lines):
        return
    titled = next((ln for ln in above if _title(ln)), None)
    if titled is not None:
        seg.fields.setdefault("Heading", titled.stripped)
    for ln in above:
        if _date_alone(ln.stripped):
            seg.fields.setdefault("Written", ln.stripped)
    prov.boilerplate.extend(ln.stripped for ln in above)
    seg.lines = [ln for ln in seg.lines if ln.kind != "text"]


def _letter(
    text: str, seg: _Segment, index: int, prov: Provenance, header_text: str, file_name: str
) -> Letter:
    body = list(seg.lines)
    while body and body[0].kind == "blank":
        body.pop(0)
    while body and body[-1].kind == "blank":
        body.pop()
    letter_text = text[body[0].start : body[-1].end] if body else ""
    notes: list[Note] = []
    parts: list[str] = []
    offset = 0
    for note_lines in seg.notes:
        chunks = [ln for ln in note_lines if ln.kind != "blank"]
        if not chunks:
            continue
        # Each line of a note is its own paragraph when it starts a new note kind.
        groups: list[list[_Line]] = []
        for ln in chunks:
            if groups and ln.kind != "inscription":
                groups[-1].append(ln)
            else:
                groups.append([ln])
        for group in groups:
            note_text = "\n".join(ln.written.strip() for ln in group)
            kind = "inscription" if group[0].kind == "inscription" else "footnote"
            if parts:
                offset += 2
            start = offset
            parts.append(note_text)
            offset += len(note_text)
            notes.append(_note(kind, group[0].marker, start, offset, note_text))
    notes_text = "\n\n".join(parts)
    inherited = prov.fields
    if {k.lower() for k in seg.fields} & _MESSAGE_FIELDS:
        # a message with its own "From:"/"To:" lines takes none of the page's
        inherited = {k: v for k, v in prov.fields.items() if k.lower() not in _MESSAGE_FIELDS}
    letter_prov = Provenance(
        **{**prov.__dict__, "fields": {**inherited, **seg.fields}, "own_fields": tuple(seg.fields)}
    )
    if inherited is not prov.fields:
        # a message of a thread is from whom its own "From:" says, not the page's first sender
        sender = seg.fields.get("From", "")
        letter_prov.header_author = sender if re.fullmatch(r"(?:\S+\s){0,3}\S+", sender) else ""
    letter_prov.history = list(prov.history)
    letter_prov.boilerplate = list(prov.boilerplate)
    for note in notes:
        low = note.span.text.lower()
        if re.search(r"dictated (by|over the) (tele)?phone", low):
            _history(letter_prov, "telephone")
        if "typewritten" in low:
            _history(letter_prov, "typewritten_copy")
    return Letter(
        file_name=file_name,
        index=index,
        text=letter_text,
        notes_text=notes_text,
        header_text=header_text,
        notes=notes,
        provenance=letter_prov,
    )


def _note(kind: str, marker: str, start: int, end: int, note_text: str) -> Note:
    from commission.intake.reading.model import Span

    return Note(
        kind="inscription" if kind == "inscription" else "footnote",
        marker=marker,
        span=Span("notes", start, end, note_text),
    )
