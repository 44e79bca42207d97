"""Decoding and bad input: every refusal names the file and the reason; the batch goes on."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from commission.intake.reading.decoding import (
    MAX_BYTES,
    decode_bytes,
    decode_file,
    html_to_text,
    markdown_to_text,
)
from commission.intake.reading.model import UnreadableInput
from commission.intake.reading.pipeline import read_batch, read_text

LETTER = (
    "Dear Comrade Solts,\n\nI write about Comrade Anna Smirnova, who was expelled by the "
    "district commission. I have seen her work for two years and ask you to verify her case.\n\n"
    "P. Zalutsky\n\n3 March 1922\n"
)


def test_utf8_and_windows_1252_read_the_same():
    text = LETTER.replace("ask you", "ask you – urgently –")
    assert decode_bytes(text.encode("cp1252"), file_name="a.txt").text == text
    decoded = decode_bytes(text.encode("utf-8"), file_name="b.txt")
    assert (decoded.text, decoded.encoding) == (text, "utf-8")


def test_utf16_without_bom_is_recognised():
    decoded = decode_bytes(LETTER.encode("utf-16-le"), file_name="c.txt")
    assert decoded.text == LETTER
    assert decoded.encoding == "utf-16-le"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "is empty."),
        (b"   \n\n ", "is empty."),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "is a PNG image, not a text, HTML or PDF file."),
        (b"abc\x00\x01\x02def" * 20, "is a binary file, not text (it contains NUL bytes)."),
    ],
)
def test_refusals_name_the_file_and_reason(data, reason):
    with pytest.raises(UnreadableInput) as caught:
        decode_bytes(data, file_name="in/box.txt")
    assert caught.value.file_name == "in/box.txt"
    assert caught.value.reason == reason
    assert str(caught.value) == f"in/box.txt: {reason}"


def test_mixed_encodings_are_refused():
    data = "Comrade Kasparova’s letter – ".encode() + "naïve café".encode("latin-1")
    with pytest.raises(UnreadableInput, match="mixes encodings: it is mostly UTF-8 but byte"):
        decode_bytes(data, file_name="mixed.txt")


def test_huge_file_is_refused_without_reading_it(tmp_path):
    big = tmp_path / "volume.txt"
    with big.open("wb") as fh:
        fh.truncate(200 * 1024 * 1024)  # sparse: 200 MB on paper, nothing on disk
    with pytest.raises(UnreadableInput) as caught:
        decode_file(big)
    assert caught.value.reason == (
        f"is too large to be a letter (200.0 MB; the limit is {MAX_BYTES // 1024 // 1024} MB). "
        "Split it into smaller files."
    )


def test_html_drops_scripts_styles_and_navigation():
    html = (
        "<html><head><title>T</title><script>var x='Comrade Fake was expelled';</script>"
        "<style>p{}</style></head><body><nav>Home | Index | Next</nav>"
        f"<p>{LETTER.replace(chr(10) * 2, '</p><p>')}</p><script>alert(1)</script></body></html>"
    )
    decoded = decode_bytes(html.encode(), file_name="page.html")
    assert decoded.source_format == "html"
    assert decoded.meta["title"] == "T"
    assert "Fake" not in decoded.text
    assert "alert" not in decoded.text
    assert "Home | Index" not in decoded.text
    assert "I write about Comrade Anna Smirnova" in decoded.text


def test_markdown_markup_and_footnotes():
    md = "**Dear Comrade Solts,**\n\nShe was *expelled*.[^1]\n\n[^1]: She was reinstated.\n"
    decoded = decode_bytes(md.encode(), file_name="note.md")
    assert (
        decoded.text == "Dear Comrade Solts,\n\nShe was expelled.[1]\n\n[1] She was reinstated.\n"
    )


def test_pdf_text_layer_is_read():
    pypdf = pytest.importorskip("pypdf")
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = pypdf.PdfWriter()
    page = writer.add_blank_page(width=400, height=200)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
    )
    stream = DecodedStreamObject()
    stream.set_data(b"BT /F1 12 Tf 20 150 Td (Comrade Solts and Comrade Zalutsky) Tj ET")
    page[NameObject("/Contents")] = writer._add_object(stream)
    buffer = io.BytesIO()
    writer.write(buffer)
    decoded = decode_bytes(buffer.getvalue(), file_name="scan.pdf")
    assert decoded.source_format == "pdf"
    assert "Comrade Solts and Comrade Zalutsky" in decoded.text


def test_pdf_without_text_layer_is_refused():
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=100, height=100)
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(UnreadableInput, match="a PDF without a text layer"):
        decode_bytes(buffer.getvalue(), file_name="image.pdf")


def test_page_without_a_letter_is_refused():
    page = (
        "Works Index | Volume 45 | Collected Works\n\nJump to navigation Jump to search\n\nHome\n"
    )
    with pytest.raises(UnreadableInput, match=r"^index\.txt: holds no letter"):
        read_text(page, file_name="index.txt")


def test_batch_goes_on_past_bad_files(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(LETTER, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x00\x01" * 100)
    missing = tmp_path / "missing.txt"
    batch = read_batch([empty, binary, good, missing], resolve=False)
    assert [r.letter.file_name for r in batch.letters] == [str(good)]
    assert [(e.file_name, e.reason) for e in batch.errors] == [
        (str(empty), "is empty."),
        (str(binary), "is a binary file, not text (it contains NUL bytes)."),
        (str(missing), "cannot be opened (No such file or directory)."),
    ]


# --- Encodings ------------------------------------------------------------------------------
# The letters in tests/intake/encodings/ are UTF-8 originals; each test saves them in another
# encoding as an office would have, and reads them back.

ENCODINGS = Path(__file__).parent / "encodings"
RUSSIAN = (ENCODINGS / "russian_letter.txt").read_text(encoding="utf-8")
ENGLISH = (ENCODINGS / "english_letter.txt").read_text(encoding="utf-8")
TELEGRAM = (ENCODINGS / "russian_telegram.txt").read_text(encoding="utf-8")
# What a typist got on a machine whose code page lacks a sign: KOI8-R, CP866 and ISO-8859-5
# have no guillemets (and the first no "№"); Latin-1 has no typographic quotes or dashes.
TYPED_INSTEAD = {"«": '"', "»": '"', "№": "N", "“": '"', "”": '"', "’": "'", "–": "-", "—": "-"}


def saved_as(text: str, encoding: str) -> tuple[bytes, str]:
    """The bytes of `text` saved in `encoding`, and the text those bytes hold."""
    typed = "".join(ch if _encodable(ch, encoding) else TYPED_INSTEAD[ch] for ch in text)
    return typed.encode(encoding), typed


def _encodable(ch: str, encoding: str) -> bool:
    try:
        ch.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


BOMS = {"utf-8": b"\xef\xbb\xbf", "utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}
CYRILLIC_CODE_PAGES = ["cp1251", "koi8-r", "iso-8859-5", "cp866", "mac-cyrillic"]


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", False), ("utf-8", True), ("utf-16-le", False), ("utf-16-le", True),
     ("utf-16-be", False), ("utf-16-be", True)]
    + [(encoding, False) for encoding in CYRILLIC_CODE_PAGES],
)  # fmt: skip
def test_the_russian_letter_reads_the_same_in_every_encoding(encoding, bom):
    data, typed = saved_as(RUSSIAN, encoding)
    decoded = decode_bytes(BOMS[encoding] + data if bom else data, file_name="letter.txt")
    assert (decoded.text, decoded.encoding) == (typed, encoding)


def test_code_pages_without_guillemets_get_what_the_typist_typed():
    assert saved_as(RUSSIAN, "cp1251")[1] == RUSSIAN
    assert saved_as(RUSSIAN, "mac-cyrillic")[1] == RUSSIAN
    typed = saved_as(RUSSIAN, "koi8-r")[1]
    assert "(протокол N 47)" in typed
    assert 'она "скрыла своё происхождение"' in typed


@pytest.mark.parametrize(
    ("encoding", "bom", "named"),
    [("utf-8", False, "utf-8"), ("utf-8", True, "utf-8"), ("utf-16-le", True, "utf-16-le"),
     ("utf-16-le", False, "utf-16-le"), ("utf-16-be", False, "utf-16-be"),
     ("cp1252", False, "cp1252"), ("latin-1", False, "cp1252")],
)  # fmt: skip
def test_the_english_letter_reads_the_same_in_every_encoding(encoding, bom, named):
    data, typed = saved_as(ENGLISH, encoding)
    decoded = decode_bytes(BOMS[encoding] + data if bom else data, file_name="letter.txt")
    assert (decoded.text, decoded.encoding) == (typed, named)
    if encoding == "latin-1":
        assert "“" not in typed
        assert "at the café on Dean Street" in typed


@pytest.mark.parametrize("encoding", [*CYRILLIC_CODE_PAGES, "utf-16-le", "utf-16-be"])
def test_a_one_line_telegram_in_capitals(encoding):
    decoded = decode_bytes(TELEGRAM.encode(encoding), file_name="telegram.txt")
    assert (decoded.text, decoded.encoding) == (TELEGRAM, encoding)


@pytest.mark.parametrize(
    ("text", "encoding"),
    [("ДА ТЧК\n", "koi8-r"), ("НЕТ\n", "cp1251"), ("Приеду завтра\n", "cp866"),
     ("СОГЛАСЕН\n", "koi8-r"), ("ВЫЕЗЖАЮ ЗАВТРА\n", "iso-8859-5"),
     ("Приеду завтра\n", "mac-cyrillic")],
)  # fmt: skip
def test_a_few_russian_words_are_enough(text, encoding):
    decoded = decode_bytes(text.encode(encoding), file_name="telegram.txt")
    assert (decoded.text, decoded.encoding) == (text, encoding)


def test_capitals_alike_in_two_code_pages_are_named_after_the_commoner():
    # Without "Ё", capitals are the same bytes in CP866 and Mac Cyrillic: the text is certain.
    assert "ВЫЕЗЖАЮ ЗАВТРА".encode("mac-cyrillic") == "ВЫЕЗЖАЮ ЗАВТРА".encode("cp866")
    decoded = decode_bytes("ВЫЕЗЖАЮ ЗАВТРА\n".encode("mac-cyrillic"), file_name="t.txt")
    assert (decoded.text, decoded.encoding) == ("ВЫЕЗЖАЮ ЗАВТРА\n", "cp866")


def test_windows_line_ends_in_a_windows_1251_letter():
    decoded = decode_bytes(RUSSIAN.replace("\n", "\r\n").encode("cp1251"), file_name="a.txt")
    assert (decoded.text, decoded.encoding) == (RUSSIAN, "cp1251")


def test_a_dos_file_with_its_end_of_file_mark():
    data, typed = saved_as(RUSSIAN, "cp866")
    decoded = decode_bytes(data.replace(b"\n", b"\r\n") + b"\x1a", file_name="DOS.TXT")
    assert (decoded.text, decoded.encoding) == (typed, "cp866")


def test_a_name_alone_cannot_be_told_and_is_refused():
    # "ПЕТРОВ" saved in Windows-1251 is "оефспч" in KOI8-R: the bytes alone cannot say which.
    with pytest.raises(UnreadableInput) as caught:
        decode_bytes("ПЕТРОВ\n".encode("cp1251"), file_name="letter.txt")
    assert str(caught.value) == (
        "letter.txt: the encoding cannot be told: it reads as Windows-1251 or as KOI8-R "
        "equally well; save it as UTF-8 and upload it again."
    )


def test_bytes_garbled_in_every_code_page_are_refused():
    with pytest.raises(UnreadableInput) as caught:
        decode_bytes(b"\x80\x81\x82 \xc0\xe0\xc1\xe1\n", file_name="odd.txt")
    assert caught.value.reason == (
        "is not UTF-8 and comes out garbled in every encoding Russian and Western offices used "
        "(Windows-1251, KOI8-R, CP866 (DOS), ISO-8859-5, Mac Cyrillic, Windows-1252); save it "
        "as UTF-8 and upload it again."
    )


def test_a_letter_half_in_windows_1251_and_half_in_utf8_is_refused():
    half = RUSSIAN.index("Я знаю")
    data = RUSSIAN[:half].encode("cp1251") + RUSSIAN[half:].encode("utf-8")
    with pytest.raises(UnreadableInput) as caught:
        decode_bytes(data, file_name="mixed.txt")
    assert caught.value.reason == (
        "mixes encodings: it is mostly UTF-8 but byte 0 is not. Re-save it as UTF-8."
    )


def test_one_utf8_quote_in_a_windows_1251_letter_is_not_stored_garbled():
    data = RUSSIAN.replace("«", "\0").encode("cp1251").replace(b"\0", "“".encode())
    with pytest.raises(UnreadableInput, match=r"^mixed\.txt: (mixes encodings|is not UTF-8)"):
        decode_bytes(data, file_name="mixed.txt")


def test_a_few_koi8_bytes_that_happen_to_be_utf8_are_read_as_koi8():
    # "её" in KOI8-R is the two bytes of "ţ" in UTF-8.
    decoded = decode_bytes("её\n".encode("koi8-r"), file_name="a.txt")
    assert (decoded.text, decoded.encoding) == ("её\n", "koi8-r")


@pytest.mark.parametrize(
    "data",
    [bytes(range(256)) * 4, b"\x1b[31m\x07\x08" * 40],
)
def test_binary_is_refused(data):
    with pytest.raises(UnreadableInput, match=r"^blob\.txt: is a binary file, not text \("):
        decode_bytes(data, file_name="blob.txt")


# --- Markdown -------------------------------------------------------------------------------


def test_markdown_lists_links_headings_and_raw_html():
    md = (
        '# Statement\n\nI ask the [Commission](https://example.org/ccc "CCC") to hear:\n\n'
        "1. Comrade *Motina*;\n2. Comrade __Radchenko__, and\n\n- `Gubanov`\n- ![photo](a.png)"
        "Kharitonov\n  - his brother\n\n<div><script>alert(1)</script><p>Raw <b>block</b></p></div>"
        "\n\n> Quoted line\n\n---\n\nSigned.[^1]\n\n[^1]: Readmitted in 1922.\n"
    )
    assert markdown_to_text(md) == (
        "Statement\n\nI ask the Commission to hear:\n\n1. Comrade Motina;\n"
        "2. Comrade Radchenko, and\n\n  - Gubanov\n  - Kharitonov\n    - his brother\n\n"
        "Raw block\n\nQuoted line\n\n* * *\n\nSigned.[1]\n\n[1] Readmitted in 1922.\n"
    )


def test_markdown_loose_list_items_stand_apart_and_numbers_are_kept():
    md = "3. third\n\n4. fourth\n"
    assert markdown_to_text(md) == "3. third\n\n4. fourth\n"


def test_markdown_keeps_what_is_not_markup():
    md = "Flat 63, 3 House of Soviets; tel. 58–97 * not a list\n\nIt costs 2 * 3 rubles.\n"
    assert markdown_to_text(md) == md


# --- Through the ingest service -------------------------------------------------------------

KOI8_LETTER = (
    "Dear Comrade Solts,\n\nI write about Comrade Yelena Motina (Елена Мотина), who was expelled "
    "by the Kozlov uyezd commission. I have seen her work in the uyezd committee (уездный "
    "комитет) for three years and ask you to verify her case.\n\nP. Kharitonov (П. Харитонов)\n\n"
    "Kozlov, 2 January 1922\n"
)


def _stored() -> dict[str, int]:
    from commission.audit.models import AuditEvent
    from commission.documents.models import Document, DocumentCopy
    from commission.intake.models import Proposal

    return {
        "documents": Document.objects.count(),
        "copies": DocumentCopy.objects.count(),
        "proposals": Proposal.objects.count(),
        "events": AuditEvent.objects.count(),
    }


def test_ingest_stores_a_koi8_letter_as_unicode_and_goes_past_a_refused_file(clerk, tmp_path):
    from commission.documents.models import DocumentCopy
    from commission.intake.services import ingest_paths

    undecidable = tmp_path / "a_name.txt"
    undecidable.write_bytes("ПЕТРОВ\n".encode("cp1251"))
    koi8 = tmp_path / "b_motina.txt"
    koi8.write_bytes(KOI8_LETTER.encode("koi8-r"))
    refusal = (
        f"{undecidable}: the encoding cannot be told: it reads as Windows-1251 or as KOI8-R "
        "equally well; save it as UTF-8 and upload it again."
    )

    before = _stored()
    assert ingest_paths(actor=clerk, paths=[undecidable]).errors == [refusal]
    assert _stored() == before

    report = ingest_paths(actor=clerk, paths=[undecidable, koi8])

    assert report.errors == [refusal]
    assert len(report.filed) == 1
    (copy,) = DocumentCopy.objects.all()
    assert (copy.file_name, copy.provenance_fields["encoding"]) == ("b_motina.txt", "koi8-r")
    # The letter as written, in Unicode: the Cyrillic names are not KOI8-R's bytes misread.
    assert (copy.text, copy.raw_text) == (KOI8_LETTER.rstrip("\n"), KOI8_LETTER.rstrip("\n"))
    assert _stored()["documents"] == 1


def test_html_pre_keeps_the_writers_lines():
    page = (
        "<html><body><p>The telegram:</p><pre>\nMOSCOW KREMLIN LENIN\nHANDED IN MOZYR 23 II 22\n"
        "ASK YOUR PROTECTION\nSIDORCHUK\n</pre></body></html>"
    )
    text, _meta = html_to_text(page)
    assert "MOSCOW KREMLIN LENIN\nHANDED IN MOZYR 23 II 22\nASK YOUR PROTECTION\nSIDORCHUK" in text


@pytest.mark.parametrize("encoding", ["koi8-r", "cp1251", "cp866", "iso-8859-5"])
def test_soviet_abbreviations_of_mixed_case_are_no_garbling(encoding):
    text = (
        "Ячейка просит губКК пересмотреть постановление губпроверкома. Дело передано в ГубЧК, "
        "а КрасКом Петров ручается за него.\n"
    )
    decoded = decode_bytes(text.encode(encoding), file_name="cell.txt")
    assert (decoded.text, decoded.encoding) == (text, encoding)


def test_a_capitalised_word_turned_round_by_the_wrong_code_page_stays_garbled():
    from commission.intake.reading.decoding import _judge_word

    assert _judge_word("пРОШУ") is None
    assert _judge_word("губКК") is not None


def test_a_petition_in_numbered_points_is_read_not_refused():
    from commission.intake.reading import read_text

    text = (
        "В Центральную контрольную комиссию РКП(б)\n\n"
        "от бывшего члена РКП(б) Хорошилова Дмитрия Андреевича\n\n"
        "ЗАЯВЛЕНИЕ\n\n"
        "1. Ячейка Главтопа 2 сентября 1921 г. исключила меня из партии как бывшего офицера. "
        "Это несправедливо, я ничего не скрывал.\n\n"
        "2. С мая 1918 г. по март 1920 г. я служил в Красной Армии командиром роты, о чём "
        "знают товарищи по полку.\n\n"
        "3. Прошу восстановить меня в партии и о решении сообщить по указанному адресу.\n\n"
        "Д. Хорошилов\n3.III.22\n"
    )
    letters = read_text(text, file_name="zayavlenie.txt")

    assert len(letters) == 1
    assert "Прошу восстановить меня" in letters[0].text
    assert letters[0].notes == []


def test_a_markdown_pages_footnotes_stay_under_the_document_that_defines_them():
    md = (
        "# Document 14\n\nDear Comrade,\n\nMy father[^1] was expelled.\n\nT. Reb\n\n"
        "[^1]: K. I. Shaposhnikov, a member\nsince 1917.\n\n# Document 15\n\nThe file is sent.\n"
    )
    assert markdown_to_text(md) == (
        "Document 14\n\nDear Comrade,\n\nMy father[1] was expelled.\n\nT. Reb\n\n"
        "[1] K. I. Shaposhnikov, a member since 1917.\n\nDocument 15\n\nThe file is sent.\n"
    )


def test_a_catalogues_definition_list_reads_as_key_and_value_lines():
    text, _ = html_to_text(
        "<dl><dt>Date</dt><dd>4 July 1923</dd><dt>Creator</dt><dd>Central Control Commission"
        "</dd></dl><p>To the Gubernia Control Commission</p>"
    )
    assert "Date: 4 July 1923\n" in text
    assert "Creator: Central Control Commission\n" in text
