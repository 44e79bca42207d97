"""Reads of documents and their copies: how the copies of one document differ, and the
channels each copy passed through before it arrived."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from commission.documents.enums import CopyChannel
from commission.documents.models import Document, DocumentCopy


@dataclass(frozen=True)
class DiffOp:
    """One run of a word-level comparison: `base` holds the words of the first copy, `other`
    those of the copy compared with it; for "equal" they are the same."""

    op: str  # equal, delete, insert, replace
    base: str
    other: str


@dataclass
class CopyComparison:
    base: DocumentCopy
    other: DocumentCopy
    text: list[DiffOp] = field(default_factory=list)
    notes: list[DiffOp] = field(default_factory=list)

    @property
    def identical(self) -> bool:
        return all(op.op == "equal" for op in (*self.text, *self.notes))


_WORD = re.compile(r"(\S+)(\s*)")


def _words(text: str) -> tuple[list[str], list[str]]:
    """The words of a text, and each word as shown: followed by a paragraph break where the
    text has a blank line, else by one space. Copies wrap their lines differently, so the
    comparison is of words alone."""
    words, shown = [], []
    for match in _WORD.finditer(text):
        words.append(match.group(1))
        gap = match.group(2)
        shown.append(match.group(1) + ("\n\n" if gap.count("\n") > 1 else " " if gap else ""))
    return words, shown


def word_diff(base: str, other: str) -> list[DiffOp]:
    base_words, base_shown = _words(base)
    other_words, other_shown = _words(other)
    # autojunk would treat frequent words ("the", "of") as junk in longer letters and report
    # whole sentences as replaced.
    matcher = difflib.SequenceMatcher(None, base_words, other_words, autojunk=False)
    return [
        DiffOp(op, "".join(base_shown[i1:i2]), "".join(other_shown[j1:j2]))
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
    ]


def compare_copies(document: Document) -> list[CopyComparison]:
    """Each later copy of the document compared with the first that arrived."""
    copies = list(document.copies.select_related("received_by").order_by("received_at", "pk"))
    if len(copies) < 2:
        return []
    base = copies[0]
    return [
        CopyComparison(
            base=base,
            other=other,
            text=word_diff(base.text, other.text),
            notes=word_diff(base.notes_text, other.notes_text),
        )
        for other in copies[1:]
    ]


def copy_history(copy: DocumentCopy) -> list[str]:
    """The channels the copy passed through before it reached us, oldest first, as words."""
    labels = dict(CopyChannel.choices)
    history = (copy.provenance_fields or {}).get("history") or []
    return [str(labels.get(step, str(step).replace("_", " "))) for step in history]
