"""The embedded full-text index of letters: a tantivy index in a folder of the installation.

tantivy is a full-text engine (the design of Lucene: an inverted index with positions, BM25
scoring, segments merged in the background) that runs inside the process through its Python
package. Everything a search needs sits in the index: the words of the title, the body and the
names of the people the letter names (each field weighed differently), and the fields the
filters and facets read (date written, year, kind, confidentiality, the commissions and case
states of the cases it is filed on). So a filtered query is ranked, counted and faceted in one
pass of the engine, and a letter a reader may not see never reaches a page, a count or a facet.

Words are folded the same way for the index and the query: split on anything not a letter or
digit, lower-cased, accents folded, then stemmed by the Snowball stemmers for English and for
Russian (each leaves the other's alphabet alone), so "comrades" finds "comrade" and
"работали" finds "работа".

This module knows tantivy and nothing of the database; `search.embedded` feeds it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import math
import threading
import time
import zlib
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tantivy

from commission.search.backends import MARK_START, MARK_STOP

# Raised to a new number whenever the schema or the analysis of words changes: an index written
# the old way is then left alone and a new one built beside it (`commission search rebuild`).
SCHEMA_VERSION = 4
ANALYZER_NAME = "letters"
# How many times the title, and the names of the people a letter names, are counted in the
# searched words: a letter about a person outranks one that mentions them in passing. Weighing
# by repetition in one field, rather than by boosting several, leaves a query of one term a
# plain term query, which tantivy answers by skipping whole blocks of letters that cannot reach
# the top 20 (block-max WAND): the broadest word then costs little more than a rare one.
TITLE_REPEATS = 3
PEOPLE_REPEATS = 2
PASSAGE_CHARS = 220
SIMILAR_TERMS = 25
# Memory for the writer's in-memory segment before it is flushed (tantivy's minimum is 15 MB).
_WRITER_HEAP = 64_000_000
FACET_FIELDS = ("year", "kind", "commission")


def _analyzer() -> tantivy.TextAnalyzer:
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(60))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .filter(tantivy.Filter.stemmer("english"))
        .filter(tantivy.Filter.stemmer("russian"))
        .build()
    )


ANALYZER = _analyzer()
# The same analysis in two steps: the text cut into words, then each word folded and stemmed.
# The second step gives the same term for the same word every time, so its answers are kept:
# a collection of letters uses a few hundred thousand distinct words, and stemming is most of
# the cost of analysing a letter.
_SPLITTER = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple()).build()
_TERMS_KEPT = 500_000


class _Terms(dict[str, str]):
    """Each word's term ("" for a word the analyser drops), worked out the first time."""

    def __missing__(self, word: str) -> str:
        analysed = ANALYZER.analyze(word)
        term = analysed[0] if analysed else ""
        if len(self) >= _TERMS_KEPT:
            self.clear()
        self[word] = term
        return term


_terms = _Terms()


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("id", stored=True, indexed=True, fast=True)
    # Kept for passages and "more like this"; the title and names are only stored.
    builder.add_text_field("title", stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_text_field("people", stored=True, tokenizer_name="raw", index_option="basic")
    # The body's own terms with their positions: for passages, and long phrases checked exactly.
    builder.add_text_field("body", stored=True, tokenizer_name=ANALYZER_NAME)
    # What a query's words are looked up in: title, names and body, weighed by repetition.
    # Given as terms already analysed (`words_of`), which the runs need too, so each letter is
    # analysed once for both.
    builder.add_text_field("words", tokenizer_name="whitespace", index_option="freq")
    # Each run of two and of three neighbouring terms as one term ("night_school"), so a phrase
    # is looked up as one term instead of by reading the positions of every letter holding its
    # words ("the party" read positions in most letters and took tens of milliseconds).
    builder.add_text_field("runs", tokenizer_name="whitespace", index_option="freq")
    builder.add_integer_field("written", indexed=True, fast=True)  # date.toordinal()
    builder.add_integer_field("year", indexed=True, fast=True)
    builder.add_text_field("kind", tokenizer_name="raw", fast=True)
    builder.add_unsigned_field("sealed", indexed=True)  # 1 when the letter is marked confidential
    builder.add_unsigned_field("commission", indexed=True, fast=True)
    builder.add_text_field("state", tokenizer_name="raw", fast=True)
    # A checksum of everything above, so `check` can tell a stale entry from a current one.
    builder.add_unsigned_field("stamp", fast=True)
    return builder.build()


SCHEMA = _schema()


@dataclass(frozen=True)
class Analysis:
    """What the index is given of a letter's words: the terms of its title, the names it
    names and its body, as one text (`words`), and their runs (`runs`)."""

    words: str
    runs: str


def analyse(title: str, people: Sequence[str], body: str) -> Analysis:
    """A letter's words for the index; pure work on text, so it can be done in another
    process."""
    title_terms = words_of(title)
    names = [words_of(name) for name in people]
    body_terms = words_of(body)
    named = [term for terms in names for term in terms]
    runs: list[str] = []
    for terms in (title_terms, *names, body_terms):
        runs += runs_of(terms)
    return Analysis(
        words=" ".join(title_terms * TITLE_REPEATS + named * PEOPLE_REPEATS + body_terms),
        runs=" ".join(runs),
    )


@dataclass(frozen=True)
class IndexedLetter:
    """A letter as the index holds it."""

    id: int
    title: str
    body: str
    people: tuple[str, ...] = ()
    written_on: dt.date | None = None
    kind: str = "letter"
    confidential: bool = False
    commissions: tuple[int, ...] = ()
    states: tuple[str, ...] = ()
    # Its words analysed beforehand (by a load's worker processes), else when it is indexed.
    analysis: Analysis | None = field(default=None, compare=False, repr=False)

    @property
    def stamp(self) -> int:
        content = "\x1f".join(
            [
                self.title,
                self.body,
                "\x1e".join(self.people),
                self.written_on.isoformat() if self.written_on else "",
                self.kind,
                "1" if self.confidential else "0",
                ",".join(map(str, sorted(self.commissions))),
                ",".join(sorted(self.states)),
            ]
        )
        return zlib.crc32(content.encode())

    def document(self) -> tantivy.Document:
        doc = tantivy.Document()
        doc.add_unsigned("id", self.id)
        doc.add_text("title", self.title)
        doc.add_text("body", self.body)
        for name in self.people:
            doc.add_text("people", name)
        analysis = self.analysis or analyse(self.title, self.people, self.body)
        doc.add_text("words", analysis.words)
        doc.add_text("runs", analysis.runs)
        if self.written_on is not None:
            doc.add_integer("written", self.written_on.toordinal())
            doc.add_integer("year", self.written_on.year)
        doc.add_text("kind", self.kind)
        doc.add_unsigned("sealed", 1 if self.confidential else 0)
        for commission in sorted(set(self.commissions)):
            doc.add_unsigned("commission", commission)
        for state in sorted(set(self.states)):
            doc.add_text("state", state)
        doc.add_unsigned("stamp", self.stamp)
        return doc


@dataclass(frozen=True)
class Narrowing:
    """What the engine leaves out: the filters of a search and what its reader may not see."""

    written_from: dt.date | None = None
    written_to: dt.date | None = None
    kind: str | None = None
    commission_id: int | None = None
    case_state: str | None = None
    include_sealed: bool = False
    hidden_ids: Sequence[int] = ()  # letters a layer above keeps from this reader
    exclude_id: int | None = None
    # What a reader who needs to know only some commissions' letters may find: those filed on
    # their cases, those on no case, and `reach_ids`; None for every letter.
    reach_commissions: Sequence[int] | None = None
    reach_ids: Sequence[int] = ()


@dataclass
class Found:
    ids: list[int]
    passages: dict[int, str]  # raw passages with the private marks of `search.backends`
    count: int
    facets: dict[str, list[tuple[Any, int]]] = field(default_factory=dict)
    titles: dict[int, str] = field(default_factory=dict)
    written: dict[int, dt.date | None] = field(default_factory=dict)
    sealed: set[int] = field(default_factory=set)  # those of `ids` marked confidential


class WriterBusy(Exception):
    """Another process holds the index's writer."""


def words_of(text: str) -> list[str]:
    """The index's terms for a piece of text: what `ANALYZER` makes of it."""
    return list(filter(None, map(_terms.__getitem__, _SPLITTER.analyze(text))))


def runs_of(terms: Sequence[str]) -> list[str]:
    """Each two and three neighbouring terms, joined ("_" is never part of a term: terms are
    letters and digits)."""
    pairs = list(map("_".join, itertools.pairwise(terms)))
    return pairs + list(map("_".join, zip(terms, terms[1:], terms[2:], strict=False)))


def _phrase_runs(terms: Sequence[str]) -> list[str]:
    """The runs a phrase's letters must hold: itself if it is two or three terms long, else
    its overlapping triples."""
    if len(terms) <= 3:
        return ["_".join(terms)]
    return ["_".join(terms[i : i + 3]) for i in range(len(terms) - 2)]


class LetterIndex:
    """One index folder, opened once per process and shared by its threads."""

    def __init__(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.index = tantivy.Index(SCHEMA, path=str(path), reuse=True)
        self.index.register_tokenizer(ANALYZER_NAME, ANALYZER)
        # Threads of one process take turns at writing; tantivy's lock file keeps other
        # processes out while one writes.
        self.write_lock = threading.Lock()
        self.checked_at = 0.0
        self.started = False

    # Writing

    @contextlib.contextmanager
    def writer(self, *, wait: float) -> Iterator[Any]:
        """The index's writer, waiting up to `wait` seconds for another process or thread to let
        go of it. Raises WriterBusy if it does not. What the caller adds is visible to searches
        once the block ends (after the caller's `commit`)."""
        deadline = time.monotonic() + wait
        # Bounded too: a thread of this process holding the writer for a long while (a load, a
        # full check) makes the others leave their changes to it, as another process's would.
        if not self.write_lock.acquire(timeout=wait):
            raise WriterBusy("another thread of this process is writing the index")
        try:
            while True:
                try:
                    writer = self.index.writer(heap_size=_WRITER_HEAP, num_threads=1)
                    break
                except ValueError as error:
                    if "LockBusy" not in str(error) or time.monotonic() >= deadline:
                        if "LockBusy" in str(error):
                            raise WriterBusy(str(error)) from None
                        raise
                    time.sleep(0.02)
            try:
                yield writer
            except BaseException:
                writer.rollback()
                raise
            finally:
                # Merges started by the commits finish before the lock file is released, so the
                # index never keeps more segments than its merge policy wants.
                writer.wait_merging_threads()
            self.index.reload()
        finally:
            self.write_lock.release()

    @staticmethod
    def put(writer: Any, letters: Sequence[IndexedLetter]) -> None:
        # Built before the writer is asked for anything: a load's writer may still be
        # committing the previous batches (`search.embedded.Loading`).
        documents = [letter.document() for letter in letters]
        LetterIndex.remove(writer, [letter.id for letter in letters])
        for document in documents:
            writer.add_document(document)

    @staticmethod
    def put_new(writer: Any, letters: Sequence[IndexedLetter]) -> None:
        """Add letters the index is known not to hold (after `delete_all_documents`)."""
        for letter in letters:
            writer.add_document(letter.document())

    @staticmethod
    def remove(writer: Any, ids: Sequence[int]) -> None:
        # By query: deleting by term takes a Python int for a signed number, which never
        # equals the unsigned id the index holds.
        if ids:
            writer.delete_documents_by_query(
                tantivy.Query.term_set_query(SCHEMA, "id", [int(i) for i in ids])
            )

    # Reading

    def reload(self) -> None:
        self.index.reload()

    def count(self) -> int:
        return int(self.index.searcher().num_docs)

    def stamps(self) -> dict[int, int]:
        """Every letter in the index with its stamp (for `check`)."""
        searcher = self.index.searcher()
        total = searcher.num_docs
        if not total:
            return {}
        hits = searcher.search(tantivy.Query.all_query(), total, count=False).hits
        addresses = [address for _, address in hits]
        ids = searcher.fast_field_values("id", addresses)
        stamps = searcher.fast_field_values("stamp", addresses)
        return {int(i or 0): int(s or 0) for i, s in zip(ids, stamps, strict=True)}

    def text_query(
        self, phrases: Sequence[Sequence[str]]
    ) -> tuple[tantivy.Query, tantivy.Query] | None:
        """The query for these phrases, and the query that marks their words in passages.

        A word is one term of the words field; a phrase of two or three words is one term of
        the runs field (exact: the run is there only where the words stand together); a longer
        phrase must hold all its triples and then its words in order in the body. Every phrase
        must match. None when no phrase leaves a term to look for."""
        musts = []
        marked = []
        for phrase in phrases:
            words = [str(term) for word in phrase for term in words_of(word)]
            if not words:
                continue
            marked += [
                (tantivy.Occur.Should, tantivy.Query.term_query(SCHEMA, "body", w)) for w in words
            ]
            if len(words) == 1:
                musts.append(tantivy.Query.term_query(SCHEMA, "words", words[0]))
                continue
            runs = [tantivy.Query.term_query(SCHEMA, "runs", run) for run in _phrase_runs(words)]
            musts += runs
            if len(words) > 3:
                terms: list[str | tuple[int, str]] = list(words)
                exact = tantivy.Query.phrase_query(SCHEMA, "body", terms)
                musts.append(tantivy.Query.const_score_query(exact, 0.0))
        if not musts:
            return None
        query = (
            musts[0]
            if len(musts) == 1
            else tantivy.Query.boolean_query([(tantivy.Occur.Must, q) for q in musts])
        )
        return query, tantivy.Query.boolean_query(marked)

    def _narrowed(self, query: tantivy.Query, narrowing: Narrowing) -> tantivy.Query:
        clauses = [(tantivy.Occur.Must, query)]
        must, must_not = tantivy.Occur.Must, tantivy.Occur.MustNot
        if narrowing.written_from or narrowing.written_to:
            clauses.append((must, tantivy.Query.range_query(
                SCHEMA, "written", tantivy.FieldType.Integer,
                narrowing.written_from.toordinal() if narrowing.written_from else None,
                narrowing.written_to.toordinal() if narrowing.written_to else None,
            )))  # fmt: skip
        if narrowing.kind:
            clauses.append((must, tantivy.Query.term_query(SCHEMA, "kind", narrowing.kind)))
        if narrowing.commission_id:
            clauses.append(
                (must, tantivy.Query.term_query(SCHEMA, "commission", narrowing.commission_id))
            )
        if narrowing.case_state:
            clauses.append((must, tantivy.Query.term_query(SCHEMA, "state", narrowing.case_state)))
        if not narrowing.include_sealed:
            clauses.append((must_not, tantivy.Query.term_query(SCHEMA, "sealed", 1)))
        if narrowing.hidden_ids:
            clauses.append(
                (must_not, tantivy.Query.term_set_query(SCHEMA, "id", list(narrowing.hidden_ids)))
            )
        if narrowing.exclude_id:
            clauses.append((must_not, tantivy.Query.term_query(SCHEMA, "id", narrowing.exclude_id)))
        if narrowing.reach_commissions is not None:
            should = tantivy.Occur.Should
            on_no_case = tantivy.Query.boolean_query([
                (must, tantivy.Query.all_query()),
                (must_not, tantivy.Query.exists_query("commission")),
            ])  # fmt: skip
            reach = [(should, on_no_case)]
            if narrowing.reach_commissions:
                reach.append((should, tantivy.Query.term_set_query(
                    SCHEMA, "commission", list(narrowing.reach_commissions))))  # fmt: skip
            if narrowing.reach_ids:
                reach.append(
                    (should, tantivy.Query.term_set_query(SCHEMA, "id", list(narrowing.reach_ids)))
                )
            clauses.append((must, tantivy.Query.boolean_query(reach)))
        return tantivy.Query.boolean_query(clauses) if len(clauses) > 1 else query

    def search(
        self,
        phrases: Sequence[Sequence[str]],
        narrowing: Narrowing,
        *,
        limit: int,
        offset: int = 0,
        facets: bool = False,
    ) -> Found:
        """The best `limit` letters after `offset`, by BM25, with passages, the number of
        letters that match, and (if asked) how many match by year, kind and commission."""
        queries = self.text_query(phrases)
        if queries is None:
            return Found(ids=[], passages={}, count=0)
        words, marked = queries
        return self._run(words, narrowing, marked, limit=limit, offset=offset, facets=facets)

    def similar(self, letter_id: int, narrowing: Narrowing, *, limit: int) -> Found:
        """Letters whose words are most like this letter's: its `SIMILAR_TERMS` most telling
        terms (frequent in it, rare elsewhere: tf-idf), each weighed so, as one query.

        Written here rather than with tantivy's own "more like this" query, which fails on an
        index holding deleted entries (every re-indexed letter leaves one until a merge)."""
        searcher = self.index.searcher()
        hits = searcher.search(tantivy.Query.term_query(SCHEMA, "id", letter_id), 1).hits
        if not hits:
            return Found(ids=[], passages={}, count=0)
        doc = searcher.doc(hits[0][1])
        text = " ".join([*doc.get_all("title"), *doc.get_all("people"), *doc.get_all("body")])
        counts = Counter(term for term in words_of(text) if len(term) >= 3)
        total = max(1, int(searcher.num_docs))
        weighed = []
        for term, count in counts.items():
            frequency = int(searcher.doc_freq("words", term))
            if 2 <= frequency < total:  # in some other letter, and not in every one
                weighed.append((count * math.log(total / frequency), term))
        weighed.sort(reverse=True)
        if not weighed:
            return Found(ids=[], passages={}, count=0)
        like = tantivy.Query.boolean_query(
            [
                (tantivy.Occur.Should,
                 tantivy.Query.boost_query(tantivy.Query.term_query(SCHEMA, "words", term), weight))
                for weight, term in weighed[:SIMILAR_TERMS]
            ]
        )  # fmt: skip
        narrowing = Narrowing(**{**narrowing.__dict__, "exclude_id": letter_id})
        return self._run(like, narrowing, None, limit=limit, offset=0, facets=False,
                         searcher=searcher)  # fmt: skip

    def _run(
        self,
        query: tantivy.Query,
        narrowing: Narrowing,
        words: tantivy.Query | None,
        *,
        limit: int,
        offset: int,
        facets: bool,
        searcher: Any = None,
    ) -> Found:
        searcher = searcher or self.index.searcher()
        narrowed = self._narrowed(query, narrowing)
        result = searcher.search(narrowed, limit, count=True, offset=offset)
        addresses = [address for _, address in result.hits]
        ids = [int(i) for i in searcher.fast_field_values("id", addresses)] if addresses else []
        found = Found(ids=ids, passages={}, count=int(result.count or 0))
        if addresses:
            generator = tantivy.SnippetGenerator.create(searcher, words or query, SCHEMA, "body")
            generator.set_max_num_chars(PASSAGE_CHARS)
            written = searcher.fast_field_values("written", addresses)
            for letter_id, address, day in zip(ids, addresses, written, strict=True):
                doc = searcher.doc(address)
                found.passages[letter_id] = _marked(generator, doc)
                found.titles[letter_id] = doc.get_first("title") or ""
                found.written[letter_id] = dt.date.fromordinal(int(day)) if day else None
            if narrowing.include_sealed:
                sealed = tantivy.Query.boolean_query([
                    (tantivy.Occur.Must, tantivy.Query.term_set_query(SCHEMA, "id", ids)),
                    (tantivy.Occur.Must, tantivy.Query.term_query(SCHEMA, "sealed", 1)),
                ])  # fmt: skip
                hits = searcher.search(sealed, len(ids), count=False).hits
                found.sealed = {
                    int(i) for i in searcher.fast_field_values("id", [a for _, a in hits])
                }
        if facets and found.count:
            found.facets = self._facets(searcher, narrowed)
        return found

    @staticmethod
    def _facets(searcher: Any, query: tantivy.Query) -> dict[str, list[tuple[Any, int]]]:
        spec = {name: {"terms": {"field": name, "size": 30}} for name in FACET_FIELDS}
        answer = searcher.aggregate(query, spec)
        return {
            name: [(bucket["key"], int(bucket["doc_count"])) for bucket in answer[name]["buckets"]]
            for name in FACET_FIELDS
        }


def _marked(generator: Any, doc: Any) -> str:
    """The passage of `doc` that best shows the query, matched words between private marks; the
    opening of the letter when its body does not hold them (the words were in its title)."""
    snippet = generator.snippet_from_doc(doc)
    fragment: str = snippet.fragment()
    if not fragment:
        body = (doc.get_first("body") or "")[:PASSAGE_CHARS]
        return body + ("…" if len(body) == PASSAGE_CHARS else "")
    raw = fragment.encode()
    out: list[bytes] = []
    at = 0
    # The highlighted ranges count bytes of the UTF-8 fragment, not characters.
    for span in sorted(snippet.highlighted(), key=lambda s: s.start):
        if span.start < at:
            continue
        out += [raw[at : span.start], MARK_START.encode(), raw[span.start : span.end],
                MARK_STOP.encode()]  # fmt: skip
        at = span.end
    out.append(raw[at:])
    return "…" + b"".join(out).decode(errors="replace") + "…"


_open: dict[Path, LetterIndex] = {}
_open_lock = threading.Lock()


def open_index(folder: Path) -> LetterIndex:
    """The index in `folder` (created if missing), opened once per process."""
    path = (folder / f"v{SCHEMA_VERSION}").resolve()
    with _open_lock:
        index = _open.get(path)
        if index is None:
            index = _open[path] = LetterIndex(path)
        return index


def forget(folder: Path) -> None:
    """Close the index in `folder` in this process (before its files are removed)."""
    with _open_lock:
        _open.pop((folder / f"v{SCHEMA_VERSION}").resolve(), None)
