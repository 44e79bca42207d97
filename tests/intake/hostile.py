"""What hurts a reader, for the tests of `intake.isolation`: PDFs made byte by byte so no test
depends on a stored file, and tasks that misbehave in a reading worker.

`shared_stream(pages)`: every page draws the same content stream of a megabyte of text
operators, compressed to a few kilobytes (20 pages make a 7 kB file); `inflating()`: one page
whose stream of about 300 kB inflates to 300 MB.

The tasks are here, in a module that imports no Django model, because a worker started through
the fork server imports the module a task comes from before it can run it."""

from __future__ import annotations

import zlib
from collections.abc import Iterable

from commission.intake import isolation

MEGABYTE = 1024 * 1024


def pdf(pages: int, chunks: Iterable[bytes]) -> bytes:
    """A PDF whose `pages` all point at one Flate-compressed content stream (object 4)."""
    deflate = zlib.compressobj(9)
    stream = b"".join(deflate.compress(chunk) for chunk in chunks) + deflate.flush()
    kids = " ".join(f"{5 + i} 0 R" for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"
    )
    objects += [page] * pages
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def shared_stream(pages: int) -> bytes:
    operator = b"BT /F1 12 Tf 72 712 Td (Comrade) Tj ET\n"
    return pdf(pages, [operator * (MEGABYTE // len(operator))])


def inflating(megabytes: int = 300) -> bytes:
    return pdf(1, (b" " * MEGABYTE for _ in range(megabytes)))


def allocate(megabytes: int, limits: isolation.ReadingLimits) -> object:
    """Asks for `megabytes` at once, as a file that inflates would."""
    return isolation._guarded(limits, lambda: len(bytearray(megabytes * 1024 * 1024)))


def spin(limits: isolation.ReadingLimits) -> None:
    """Computes for ever, as a file built to be slow does."""
    while True:
        pass


def fail(limits: isolation.ReadingLimits) -> object:
    """A fault of the reader: an exception nobody foresaw."""
    return isolation._guarded(limits, lambda: {}["missing"])
