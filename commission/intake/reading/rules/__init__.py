"""The built-in rule-based extractor: how letters of this genre say who, to whom, when, about
whom, on what footing and asking what. Registered like any other extractor.

Each rule is a pattern of the genre (a salutation line, a signature at the foot, a possessive
kin phrase, an expulsion phrase with a name after it), never a fact about one letter.

One module per field, each importing only those before it: `context` → `people` → `dates` →
`contacts` → `addressees` → `author` → `kin` → `subjects` → `stance` → `requests` → `notes`
→ `extractor`, which registers the reader and runs the fields in order.
"""

from __future__ import annotations

from commission.intake.reading.rules.contacts import CONTACT_ADDRESS, CONTACT_PHONE, CONTACT_STREET
from commission.intake.reading.rules.dates import parse_date, parse_time
from commission.intake.reading.rules.extractor import extract_by_rules
from commission.intake.reading.rules.notes import ACTIVE_OUTCOME, OUTCOME
from commission.intake.reading.rules.requests import REPORTED_FRAME, REQUEST_FRAME, REQUEST_KINDS
from commission.intake.reading.rules.stance import BASIS, STANCE_AGAINST, STANCE_FOR
from commission.intake.reading.rules.subjects import SUBJECT_TRIGGER

__all__ = [
    "ACTIVE_OUTCOME",
    "BASIS",
    "CONTACT_ADDRESS",
    "CONTACT_PHONE",
    "CONTACT_STREET",
    "OUTCOME",
    "REPORTED_FRAME",
    "REQUEST_FRAME",
    "REQUEST_KINDS",
    "STANCE_AGAINST",
    "STANCE_FOR",
    "SUBJECT_TRIGGER",
    "extract_by_rules",
    "parse_date",
    "parse_time",
]
