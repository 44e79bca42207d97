"""What a person typed into the search box, read into words and phrases.

Nothing typed is ever handed to a search engine as syntax: operators (AND, OR, NOT, NEAR, `*`,
`^`, `:`, `-`), brackets and markup are read as plain text and dropped where they are not
words, so a stray quote or bracket can neither raise an error nor change the meaning of the
query. A balanced pair of double quotes keeps its words together as a phrase; an unbalanced
quote is ignored. Each backend writes its own engine's syntax from the words and phrases.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_INPUT = 500
MAX_WORDS = 12

# A word: letters and digits, joined by inner apostrophes or hyphens ("Kasparova-Popova").
_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
_PHRASE = re.compile(r'"([^"]*)"')


@dataclass(frozen=True)
class Query:
    """Words a result must all contain; a phrase is words that must stand together in order."""

    phrases: tuple[tuple[str, ...], ...]

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(word for phrase in self.phrases for word in phrase)

    def __bool__(self) -> bool:
        return bool(self.phrases)

    def text(self) -> str:
        """The query as it was understood, for telling the user."""
        return " ".join(
            f"“{' '.join(phrase)}”" if len(phrase) > 1 else phrase[0] for phrase in self.phrases
        )


def fold(word: str) -> str:
    """Lower case without accents, as both full-text engines compare words."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def parse(raw: str) -> Query:
    """Read the search box. Never fails: input with no words gives an empty query."""
    raw = (raw or "")[:MAX_INPUT]
    phrases: list[tuple[str, ...]] = []
    quoted = _PHRASE.findall(raw) if raw.count('"') >= 2 else []
    rest = _PHRASE.sub(" ", raw) if quoted else raw
    for chunk in quoted:
        words = tuple(word for phrase in _phrases(chunk) for word in phrase)
        if words:
            phrases.append(words)
    phrases.extend(_phrases(rest))
    kept: list[tuple[str, ...]] = []
    count = 0
    for phrase in phrases:
        if phrase in kept:
            continue
        if count + len(phrase) > MAX_WORDS:
            break
        kept.append(phrase)
        count += len(phrase)
    return Query(phrases=tuple(kept))


def _phrases(text: str) -> list[tuple[str, ...]]:
    # A hyphenated or apostrophised word is searched as its parts standing together, since the
    # engines index the parts ("Kasparova-Popova" is the phrase "kasparova popova").
    return [
        tuple(part for part in re.split(r"['’\-]", word) if part) for word in _WORD.findall(text)
    ]
