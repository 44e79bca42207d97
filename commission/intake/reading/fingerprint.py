"""One letter, many copies: a fingerprint equal across copies, and a similarity for near ones.

Copies of one letter differ in whitespace, quote and dash styles, footnote markers, markup and
in whether the copyist kept the closing lines (signature, date) or moved them to a header. The
fingerprint is therefore taken over the letter's running text only: normalised, with the short
closing lines at its end left out.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from commission.intake.reading import lexicon as lx

_MARKERS = re.compile(r"\[(?:\d{1,3}|\*|[a-z])\]|\^\d{1,3}|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\[\^\w+\]")
# The characters a marker starts with: most letters hold none, and looking for one is much
# cheaper than trying the markers at every position.
_MARKER_START = re.compile(r"[\[\^¹²³⁴⁵⁶⁷⁸⁹⁰]")
# Runs of what is neither a word character nor a space; the spaces are split on afterwards, so
# leaving them out of the runs gives the same words with far fewer replacements.
_NON_WORD = re.compile(r"[^\w\s]+")
_CLOSING_MAX_WORDS = 12


def normalise(text: str) -> str:
    """Lower-case words separated by single spaces: markup, markers, punctuation and the
    difference between typographic and straight quotes or dashes all vanish."""
    # Markers first: NFKC would turn a superscript ² into a plain 2 that looks like text.
    if _MARKER_START.search(text):
        text = _MARKERS.sub(" ", text)
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("’", "'").replace("'", "")  # Kasparov’s / Kasparov's / Kasparovs
    text = _NON_WORD.sub(" ", text.lower()).replace("_", " ")
    return " ".join(text.split())


def running_text(text: str) -> str:
    """The letter without its closing block: trailing short lines (signature, date, place)."""
    lines = text.split("\n")
    while lines and (
        not lines[-1].strip()
        or (len(lines[-1].split()) <= _CLOSING_MAX_WORDS and not _sentence(lines[-1]))
    ):
        lines.pop()
    core = "\n".join(lines)
    return core if core.strip() else text


def _sentence(line: str) -> bool:
    words = line.split()
    return len(words) >= 6 and len(lx.PROSE_WORD.findall(line)) >= len(words) * 0.6


def fingerprint(text: str) -> str:
    return hashlib.sha256(normalise(running_text(text)).encode()).hexdigest()


def shingles(text: str, size: int = 4) -> set[str]:
    words = normalise(text).split()
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of word 4-grams of two letters' normalised texts, 0 to 1. Copies of
    one letter with a changed word or two score above 0.8; different letters of the same
    author on the same day (the seeds) score below 0.1."""
    sa, sb = shingles(a), shingles(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


NEAR_DUPLICATE = 0.8
