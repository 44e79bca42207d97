"""Reading the input files: which are JSON Lines and which CSV (and of what record type), text
that is not UTF-8, lines numbered and hashed as they are read, and where the rejected rows go.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator
from pathlib import Path

from django.utils.translation import gettext as _

from commission.core.errors import InvalidInput
from commission.registry.interchange.format import (
    COLUMNS,
    CSV_FILES,
    RECORD_TYPES,
    REQUIRED,
    Progress,
)

_BLOCK = 1 << 20  # bytes read, hashed and decoded at a time


class _Source:
    """One input file. Reads it as UTF-8 lines, a block at a time, hashing what it reads."""

    def __init__(self, path: Path, rtype: str | None) -> None:
        self.path = path
        self.label = path.name
        self.rtype = rtype  # None for JSON Lines, where each line names its type
        self.sha256 = hashlib.sha256()
        self.size = path.stat().st_size
        # The hash as another process read it (`_Importer.read_beside`).
        self.digest: str | None = None

    def hexdigest(self) -> str:
        return self.digest or self.sha256.hexdigest()

    def lines(self, progress: Progress | None) -> Iterator[tuple[int, str]]:
        """(line number, text with its line end), read in blocks: hashing, decoding and
        splitting a megabyte at a time rather than line by line."""
        number = 0
        carry = b""
        with self.path.open("rb") as handle:
            while True:
                block = handle.read(_BLOCK)
                if block:
                    self.sha256.update(block)
                    if progress is not None:
                        progress(len(block))
                    block = carry + block
                    end = block.rfind(b"\n") + 1
                    block, carry = block[:end], block[end:]
                    if not block:
                        continue
                elif carry:
                    block, carry = carry, b""  # the last line, with no line end
                else:
                    break
                if number == 0 and block.startswith(b"\xef\xbb\xbf"):
                    block = block[3:]
                try:
                    texts = block.decode("utf-8").split("\n")
                except UnicodeDecodeError:
                    texts, unreadable = self._until_unreadable(block, number)
                    for text in texts:
                        number += 1
                        yield number, text + "\n"
                    raise unreadable from None
                tail = texts.pop()  # empty when the block ends with a line end
                for text in texts:
                    number += 1
                    yield number, text + "\n"
                if tail:
                    number += 1
                    yield number, tail

    def _until_unreadable(self, block: bytes, before: int) -> tuple[list[str], InvalidInput]:
        """The lines of a block up to the first that is not UTF-8, and the error naming that
        one (the block's first line being line `before` + 1)."""
        texts: list[str] = []
        for raw in block.split(b"\n"):
            try:
                texts.append(raw.decode("utf-8"))
            except UnicodeDecodeError as exc:
                return texts, InvalidInput(
                    _(
                        "%(file)s, line %(line)d: the text is not UTF-8 (byte %(byte)s at "
                        "character %(at)d cannot be read). Save the file as UTF-8 and import it "
                        "again."
                    )
                    % {
                        "file": self.label,
                        "line": before + len(texts) + 1,
                        "byte": f"0x{raw[exc.start]:02x}",
                        "at": exc.start + 1,
                    }
                )
        raise AssertionError("a block that cannot be decoded holds a line that cannot be")


def _sniff(path: Path) -> None:
    with path.open("rb") as handle:
        head = handle.read(8192)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InvalidInput(
            _("%(file)s is UTF-16 text; save it as UTF-8 and import it again.")
            % {"file": path.name}
        )
    if b"\x00" in head:
        raise InvalidInput(
            _(
                "%(file)s is not a text file (it holds binary data); registry files are UTF-8 "
                "text in JSON Lines or CSV."
            )
            % {"file": path.name}
        )


def _csv_type(path: Path) -> str:
    """The record type of a CSV file: from its name, else from its header."""
    for rtype, name in CSV_FILES.items():
        if path.name == name:
            return rtype
    with path.open("rb") as handle:
        first = handle.readline().decode("utf-8", errors="replace").lstrip("\ufeff")
    header = {c.strip() for c in next(csv.reader([first]), [])}
    fits = [t for t in RECORD_TYPES if header <= set(COLUMNS[t]) and set(REQUIRED[t]) <= header]
    if not fits:
        raise InvalidInput(
            _(
                "%(file)s, line 1: the header (%(columns)s) does not match any registry file; "
                "see the columns in docs/registry-format.md."
            )
            % {"file": path.name, "columns": ", ".join(sorted(header)) or _("empty")}
        )
    # The closest fit: names (person, kind, value) before contacts (…, note).
    return min(fits, key=lambda t: len(set(COLUMNS[t]) - header))


def _collect_sources(paths: list[Path]) -> list[_Source]:
    sources: list[_Source] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() == ".csv")
            if not found:
                raise InvalidInput(
                    _("The folder %(path)s holds no CSV files to import.") % {"path": path}
                )
            for p in found:
                _sniff(p)
            typed = [(_csv_type(p), p) for p in found]
            typed.sort(key=lambda tp: RECORD_TYPES.index(tp[0]))
            sources += [_Source(p, t) for t, p in typed]
        elif path.is_file():
            _sniff(path)
            if path.suffix.lower() == ".csv":
                sources.append(_Source(path, _csv_type(path)))
            else:
                sources.append(_Source(path, None))
        else:
            raise InvalidInput(_("There is no file or folder called %(path)s.") % {"path": path})
    return sources


def _default_report_path(paths: list[Path]) -> Path:
    first = paths[0].resolve()
    return first.with_name(f"{first.stem}-rejected-rows.csv")
