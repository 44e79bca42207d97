"""The reading pipeline end to end: files → letters → extracted fields → resolutions.

Pure reading: nothing here writes to the database. Resolution reads the registry (through a
lookup function, `find_people` by default) and can be switched off.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from commission.intake.reading import ru as russian
from commission.intake.reading.cleaning import read_page
from commission.intake.reading.decoding import Decoded, decode_bytes, decode_file
from commission.intake.reading.extractors import DEFAULT, get_extractor
from commission.intake.reading.fingerprint import NEAR_DUPLICATE, fingerprint, shingles
from commission.intake.reading.model import Extraction, Letter, UnreadableInput
from commission.intake.reading.resolution import Lookup, resolve_extraction
from commission.intake.reading.written_on import carry_subjects, carry_years

SCHEMA_VERSION = 1


@dataclass
class LetterReading:
    letter: Letter
    extraction: Extraction
    copy_of: tuple[int, float] | None = None  # (position in the batch, similarity)


@dataclass
class BatchReading:
    letters: list[LetterReading] = field(default_factory=list)
    errors: list[UnreadableInput] = field(default_factory=list)
    files: int = 0


def read_letters(decoded: Decoded, *, file_name: str) -> list[Letter]:
    language = russian.detect_language(decoded.text)
    if language not in russian.LANGUAGES_READ:
        raise UnreadableInput(file_name, russian.language_refusal(language))
    letters = read_page(decoded, file_name=file_name)
    for letter in letters:
        letter.fingerprint = fingerprint(letter.text)
        if language == "ru":
            russian.prepare_letter(letter)
    return letters


def read_file(path: Path | str) -> list[Letter]:
    return read_letters(decode_file(path), file_name=str(path))


def read_text(data: bytes | str, *, file_name: str) -> list[Letter]:
    raw = data.encode() if isinstance(data, str) else data
    return read_letters(decode_bytes(raw, file_name=file_name), file_name=file_name)


def extract(
    letter: Letter, *, extractor: str = DEFAULT, resolve: bool = True, lookup: Lookup | None = None
) -> Extraction:
    extraction = get_extractor(russian.extractor_for(letter, extractor))(letter)
    if resolve:
        resolve_extraction(extraction, lookup=lookup)
    return extraction


# Reads one file into its letters and what each says, names not yet looked up. The default reads
# in this process; `commission extract` passes the intake's reader that runs in a worker under
# time and memory limits.
FileReader = Callable[[Path | str], list[LetterReading]]


def read_and_extract(path: Path | str, *, extractor: str = DEFAULT) -> list[LetterReading]:
    letters = read_file(path)
    extractions = [extract(letter, extractor=extractor, resolve=False) for letter in letters]
    carry_subjects(letters, extractions)  # a note below a letter is about the letter's subject
    carry_years(letters, extractions)  # and of the letter's year, when it gives day and month
    return [LetterReading(letter, ex) for letter, ex in zip(letters, extractions, strict=True)]


def read_batch(
    paths: Iterable[Path | str],
    *,
    extractor: str = DEFAULT,
    resolve: bool = True,
    lookup: Lookup | None = None,
    reader: FileReader | None = None,
) -> BatchReading:
    """Every letter of every file; a file that cannot be read is an error entry and the batch
    goes on. Copies of one letter within the batch point at its first copy."""
    batch = BatchReading()
    readings = iter_batch(paths, extractor=extractor, resolve=resolve, lookup=lookup, reader=reader)
    for reading in readings:
        if isinstance(reading, UnreadableInput):
            batch.errors.append(reading)
        else:
            batch.letters.append(reading)
    batch.files = len({r.letter.file_name for r in batch.letters}) + len(batch.errors)
    return batch


def iter_batch(
    paths: Iterable[Path | str],
    *,
    extractor: str = DEFAULT,
    resolve: bool = True,
    lookup: Lookup | None = None,
    reader: FileReader | None = None,
) -> Iterator[LetterReading | UnreadableInput]:
    firsts: dict[str, int] = {}
    seen: list[set[str]] = []
    # Shingle → letters holding it: near-duplicate candidates are found without comparing
    # every new letter with every earlier one.
    postings: dict[str, list[int]] = {}
    for path in paths:
        try:
            if reader is None:
                readings = read_and_extract(path, extractor=extractor)
            else:
                readings = reader(path)
        except UnreadableInput as error:
            yield error
            continue
        for reading in readings:
            letter = reading.letter
            if resolve:
                resolve_extraction(reading.extraction, lookup=lookup)
            mine = shingles(letter.text)
            if letter.fingerprint in firsts:
                reading.copy_of = (firsts[letter.fingerprint], 1.0)
            else:
                overlap: dict[int, int] = {}
                for shingle in mine:
                    for i in postings.get(shingle, ()):
                        overlap[i] = overlap.get(i, 0) + 1
                for i, _n in sorted(overlap.items(), key=lambda kv: -kv[1])[:3]:
                    score = len(mine & seen[i]) / len(mine | seen[i])
                    if score >= NEAR_DUPLICATE:
                        reading.copy_of = (i, score)
                        break
                firsts.setdefault(letter.fingerprint, len(seen))
                for shingle in mine:
                    postings.setdefault(shingle, []).append(len(seen))
            seen.append(mine)
            yield reading


def letter_json(
    reading: LetterReading, position: int, batch: list[LetterReading]
) -> dict[str, Any]:
    letter = reading.letter
    copy_of = None
    if reading.copy_of is not None:
        first = batch[reading.copy_of[0]].letter
        copy_of = {
            "letter": reading.copy_of[0],
            "file": first.file_name,
            "index": first.index,
            "similarity": round(reading.copy_of[1], 3),
        }
    return {
        "letter": position,
        "file": letter.file_name,
        "index": letter.index,
        "fingerprint": letter.fingerprint,
        "language": letter.language,
        "copy_of": copy_of,
        "provenance": letter.provenance.as_json(),
        "text": letter.text,
        "notes_text": letter.notes_text,
        "header_text": letter.header_text,
        "notes": [
            {"kind": n.kind, "marker": n.marker or None, "span": n.span.as_json()}
            for n in letter.notes
        ],
        "fields": reading.extraction.as_json(),
    }


def batch_json(batch: BatchReading) -> dict[str, Any]:
    return {
        "schema": SCHEMA_VERSION,
        "letters": [letter_json(r, i, batch.letters) for i, r in enumerate(batch.letters)],
        "errors": [{"file": e.file_name, "reason": e.reason} for e in batch.errors],
    }
