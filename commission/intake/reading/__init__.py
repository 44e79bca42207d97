"""Reading letters: decoding, cleaning and splitting, fingerprints, extraction, resolution.

Pure functions and dataclasses; nothing in this package writes to the database. The intake
services store what a clerk confirms from the readings made here.
"""

from commission.intake.reading.extractors import extractor, get_extractor, load_extractors
from commission.intake.reading.model import (
    Extraction,
    Item,
    Letter,
    PersonRef,
    Provenance,
    Resolution,
    Span,
    UnreadableInput,
)
from commission.intake.reading.pipeline import (
    BatchReading,
    LetterReading,
    batch_json,
    extract,
    read_batch,
    read_file,
    read_text,
)

__all__ = [
    "BatchReading", "Extraction", "Item", "Letter", "LetterReading", "PersonRef", "Provenance",
    "Resolution", "Span", "UnreadableInput", "batch_json", "extract", "extractor",
    "get_extractor", "load_extractors", "read_batch", "read_file", "read_text",
]  # fmt: skip
