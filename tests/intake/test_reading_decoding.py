"""Decoding and bad input: every refusal names the file and the reason; the batch goes on."""

from __future__ import annotations

import io

import pytest

from commission.intake.reading.decoding import MAX_BYTES, decode_bytes, decode_file
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
