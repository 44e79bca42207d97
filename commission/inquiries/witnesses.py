"""Witness discovery: who can speak to a subject, found through the relationship graph.

The ties are read in two steps: the subject's, then those of the relatives and colleagues among
them. Each step reads only the strongest ties of each person, so a person with thousands of
ties costs what one with a few hundred does. They come from the graph held in memory
(`inquiries.tiegraph`, kept in step with every tie committed), or, with WITNESS_GRAPH =
"database", from the covering indexes `relationship_source_strong_idx` and
`relationship_target_strong_idx` alone, in the same order. One statement then ranks the
shortlist and reads what the commission has asked and who testifies; only the people in the
answer are read in full."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np
from django.db import connection
from django.db.models import Q
from django.db.models.base import ModelState
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext_noop, pgettext, pgettext_lazy
from django.utils.translation import gettext as _

from commission.cases.models import Case, Testimony
from commission.core import clock
from commission.core.dbrouting import reading_connection
from commission.inquiries import tiegraph
from commission.inquiries.enums import InquiryState
from commission.inquiries.models import Inquiry
from commission.inquiries.tiegraph import TieGraph
from commission.registry.enums import (
    INVERSE_LABELS,
    SYMMETRIC_RELATIONSHIPS,
    Gender,
    RelationshipKind,
)
from commission.registry.kin import kin_word
from commission.registry.models import Commissioner, Person, Relationship
from commission.registry.names import name_for_language

# How much a tie of each kind tells about the person at its other end.
KIND_WEIGHT = {
    RelationshipKind.OBSERVED_WORK: 1.0,
    RelationshipKind.SUPERVISED_WORK: 1.0,
    RelationshipKind.COLLEAGUE: 0.9,
    RelationshipKind.RECOMMENDED: 0.8,
    RelationshipKind.KNEW_ABROAD: 0.7,
    RelationshipKind.PARENT: 0.6,
    RelationshipKind.SIBLING: 0.6,
    RelationshipKind.SPOUSE: 0.6,
    RelationshipKind.RELATIVE: 0.5,
    RelationshipKind.SHELTERED: 0.5,
    RelationshipKind.ACQUAINTANCE: 0.5,
    RelationshipKind.SENT: 0.4,
    RelationshipKind.CORRESPONDENT: 0.3,
}
FIRST_HAND = frozenset(
    {RelationshipKind.OBSERVED_WORK, RelationshipKind.SUPERVISED_WORK, RelationshipKind.COLLEAGUE}
)
# The second step goes only through the subject's relatives and colleagues.
BRIDGE_KINDS = frozenset(
    {
        RelationshipKind.PARENT,
        RelationshipKind.SIBLING,
        RelationshipKind.SPOUSE,
        RelationshipKind.RELATIVE,
        RelationshipKind.COLLEAGUE,
    }
)
FAMILY = frozenset(
    {
        RelationshipKind.PARENT,
        RelationshipKind.SIBLING,
        RelationshipKind.SPOUSE,
        RelationshipKind.RELATIVE,
    }
)
MAX_BRIDGES = 60
# The marks a candidate may carry, as the pages name them (they translate the mark itself).
MARK_WORDS = (
    gettext_noop("asked"),
    gettext_noop("testifying"),
    gettext_noop("deceased"),
    gettext_noop("recused"),
    gettext_noop("tied to a commissioner"),
)

# What the answer shows of each person (their name, their gender for "her brother", whether
# they can still be asked): the rest of a person's row is not read.
WITNESS_FIELDS = ("gender", "deceased", *Person.NAME_FIELDS)
# The strongest ties read on each side of a subject, and the candidates described in full.
MAX_DIRECT = 1000
MIN_SHORTLIST = 200
DECEASED_FACTOR = 0.3
ASKED_BASELINE = 0.2
# The ties read in the second step, shared out among the bridges: each gives its strongest ties
# on each side, and never more than the shortlist holds, so a bridge who is a hub costs little.
MAX_SECOND_STEP_ROWS = 5000


@dataclass
class Candidate:
    person: Person
    score: float = 0.0
    paths: list[str] = field(default_factory=list)
    first_hand: bool = False
    marks: set[str] = field(default_factory=set)  # asked, testifying, recused, deceased, tied


class _Edge(NamedTuple):
    source_id: int
    target_id: int
    kind: str
    strength: int
    started_on: dt.date | None
    ended_on: dt.date | None
    period: str


@dataclass
class _Ties:
    """Ties as `tiegraph` holds them (EDGE rows), with the periods their numbers stand for."""

    rows: np.ndarray
    periods: Sequence[str]
    _listed: list[tuple[int, ...]] | None = None

    def edge(self, at: int) -> _Edge:
        if self._listed is None:
            self._listed = self.rows.tolist()
        source, target, kind, strength, started, ended, period = self._listed[at]
        return _Edge(source, target, tiegraph.KINDS[kind], strength, _day(started),
                     _day(ended), self.periods[period])  # fmt: skip


@functools.cache
def _day(ordinal: int) -> dt.date | None:
    return dt.date.fromordinal(ordinal) if ordinal else None


# Only these names are written into the statements below; every value is a parameter.
_TABLE = f'"{Relationship._meta.db_table}"'


def _strongest_sql(side: str, person: str = "%s") -> str:
    """The strongest ties of `person` on one side, leaving out those to another person (%s), at
    most %s of them: a range of the side's covering index, read in its order."""
    other = "target_id" if side == "source_id" else "source_id"
    columns = tiegraph.columns(connection.vendor)
    return (
        f"SELECT {columns} FROM {_TABLE} WHERE {side} = {person} AND {other} <> %s "  # noqa: S608
        # (the kind too, so the order is the index's whatever plan reads it: after a bulk
        # import PostgreSQL may sort instead, and ties of one strength to one person came back
        # in any order, another one cut off by the limit than the graph in memory cut)
        f"ORDER BY strength DESC, {other}, kind LIMIT %s"
    )


def _ties(sql: str, params: Sequence[int | list[int]]) -> _Ties:
    with reading_connection(Relationship).cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    codes = {"": 0}
    return _Ties(tiegraph.rows_to_edges(rows, codes), list(codes))


def _strongest(graph: TieGraph, people: Sequence[int], subject_id: int, limit: int) -> _Ties:
    """As `_strongest_sql` reads them: each person's outgoing ties, then each one's incoming."""
    parts = [
        graph.strongest_of(people, outgoing=outgoing, besides=subject_id, limit=limit)
        for outgoing in (True, False)
    ]
    return _Ties(np.concatenate(parts), graph.periods)


def _direct_ties(subject_id: int, graph: TieGraph | None = None) -> _Ties:
    """The subject's strongest ties on each side, outgoing first, in one statement."""
    if graph is not None:
        return _strongest(graph, [subject_id], subject_id, MAX_DIRECT)
    sql = (
        f"SELECT * FROM ({_strongest_sql('source_id')}) AS outgoing UNION ALL "  # noqa: S608
        f"SELECT * FROM ({_strongest_sql('target_id')}) AS incoming"
    )
    return _ties(sql, [subject_id, subject_id, MAX_DIRECT] * 2)


def _second_step_ties(
    bridge_ids: list[int], subject_id: int, per_side: int, graph: TieGraph | None = None
) -> _Ties:
    """The strongest ties of each bridge on each side, except those back to the subject, in one
    statement: all outgoing ones first, then all incoming ones, bridge by bridge."""
    if graph is not None:
        return _strongest(graph, bridge_ids, subject_id, per_side)
    if connection.vendor == "postgresql":
        # One short plan run once per bridge, however many bridges there are.
        sql = " UNION ALL ".join(
            f"SELECT ties.* FROM unnest(%s::bigint[]) AS bridge(id) "  # noqa: S608
            f"CROSS JOIN LATERAL ({_strongest_sql(side, 'bridge.id')}) AS ties"
            for side in ("source_id", "target_id")
        )
        return _ties(sql, [bridge_ids, subject_id, per_side] * 2)
    arms = [
        f"SELECT * FROM ({_strongest_sql(side)}) AS arm{side[0]}{n}"  # noqa: S608
        for side in ("source_id", "target_id")
        for n in range(len(bridge_ids))
    ]
    params: list[int] = []
    for _side in range(2):
        for bridge_id in bridge_ids:
            params += [bridge_id, subject_id, per_side]
    return _ties(" UNION ALL ".join(arms), params)


class _People(dict[int, Person]):
    """The people an answer may show, read as rows and made into `Person`s only when shown:
    most of those read only help to rank."""

    def __init__(self, alias: str) -> None:
        super().__init__()
        self.alias = alias
        self.rows: dict[int, Sequence[Any]] = {}

    def __missing__(self, person_id: int) -> Person:
        person = self[person_id] = _person(self.rows[person_id], self.alias)
        return person

    def known(self) -> set[int]:
        return {*self.rows, *self}


class _Standing(NamedTuple):
    """What the ranking needs to know of each person, what the commission has asked about the
    subject and who testifies about them: read in one statement, together with the people the
    answer may show, each with what it shows of them (WITNESS_FIELDS)."""

    ranking: dict[int, tuple[bool, str]]  # person -> (deceased, surname key)
    asked: list[tuple[int, str, str, dt.date]]  # (recipient, state, urgency, due), in order
    testifying: set[int]
    people: _People


# The columns read of each person: the ranking's and what the answer shows, in the order of the
# model's fields (as Model.from_db takes them), so the id comes first.
_PERSON_READ = [
    f for f in Person._meta.concrete_fields if f.attname in {"id", "surname_key", *WITNESS_FIELDS}
]
_PERSON_FIELDS = [f.attname for f in _PERSON_READ]
_DECEASED = _PERSON_FIELDS.index("deceased")
_SURNAME_KEY = _PERSON_FIELDS.index("surname_key")


def _person_columns(alias: str) -> str:
    return ", ".join(f"{alias}.{f.column}" for f in _PERSON_READ)


def _nulls(count: int) -> str:
    return ", ".join(["NULL"] * count)


def _people_sql(ids: Sequence[int]) -> tuple[str, list[Any]]:
    """The statement that reads `ids`, and its parameters. PostgreSQL takes the ids as one
    array, so the statement reads the same for any number of them and is prepared once."""
    params: list[Any]
    if connection.vendor == "postgresql":
        where, params = "p.id = ANY(%s::bigint[])", [list(ids)]
    else:
        where, params = f"p.id IN ({', '.join(['%s'] * len(ids))})", list(ids)
    sql = (
        f"SELECT 'shortlisted', {_nulls(4)}, "  # noqa: S608
        f'{_person_columns("p")} FROM "{Person._meta.db_table}" p WHERE {where}'
    )
    return sql, params


def _person(row: Sequence[Any], alias: str) -> Person:
    """A person of the answer from its row, as `Person.from_db` would make it with only these
    fields loaded (the others are read if asked for), without going through the model's
    constructor, which costs several times more for the fifty or so people of an answer."""
    person = Person.__new__(Person)
    person.__dict__.update(zip(_PERSON_FIELDS, row, strict=True))
    person.deceased = bool(row[_DECEASED])  # SQLite returns 0 or 1
    person._state = ModelState()
    person._state.adding = False
    person._state.db = alias
    return person


def _standing(subject_id: int, people_ids: Sequence[int]) -> _Standing:
    person, inquiry = Person._meta.db_table, Inquiry._meta.db_table
    testimony, case = Testimony._meta.db_table, Case._meta.db_table
    asked_sql = (
        "SELECT 'asked', i.state, i.urgency, i.due_on, i.id, "  # noqa: S608
        f'{_person_columns("p")} FROM "{inquiry}" i JOIN "{person}" p ON p.id = i.recipient_id '
        "WHERE i.subject_id = %s"
    )
    testifying_sql = (
        f"SELECT 'testifying', {_nulls(4)}, t.witness_id, {_nulls(len(_PERSON_FIELDS) - 1)} "  # noqa: S608
        f'FROM "{testimony}" t JOIN "{case}" c ON c.id = t.case_id WHERE c.subject_id = %s'
    )
    arms = [asked_sql, testifying_sql]
    params: list[Any] = [subject_id, subject_id]
    if people_ids:
        sql, more = _people_sql(people_ids)
        arms.append(sql)
        params += more
    with reading_connection(Relationship).cursor() as cursor:
        cursor.execute(" UNION ALL ".join(arms), params)
        rows = cursor.fetchall()
    standing = _Standing(ranking={}, asked=[], testifying=set(), people=_People(connection.alias))
    inquiries: list[tuple[int, tuple[int, str, str, dt.date]]] = []
    for arm, state, urgency, due_on, inquiry_id, *person_row in rows:
        if arm == "testifying":
            standing.testifying.add(person_row[0])
            continue
        _read(standing, person_row)
        if arm == "asked":
            inquiries.append((inquiry_id, (person_row[0], state, urgency, due_on)))
    standing.asked.extend(inquiry for _number, inquiry in sorted(inquiries))
    return standing


def _read(standing: _Standing, person_row: Sequence[Any]) -> None:
    standing.people.rows[person_row[0]] = person_row
    standing.ranking[person_row[0]] = (bool(person_row[_DECEASED]), person_row[_SURNAME_KEY])


def _rank_also(standing: _Standing, person_ids: Sequence[int]) -> None:
    sql, params = _people_sql(person_ids)
    with reading_connection(Relationship).cursor() as cursor:
        cursor.execute(sql, params)
        for row in cursor.fetchall():
            _read(standing, row[5:])


def _head(best: list[int], scores: dict[int, float], size: int) -> list[int]:
    """The first `size` of `best` (strongest first), and after them any whose score rounds to
    the same as the last one's."""
    end = min(size, len(best))
    if end == 0:
        return []
    last = round(scores[best[end - 1]], 4)
    while end < len(best) and round(scores[best[end]], 4) == last:
        end += 1
    return best[:end]


# The weights of the kinds, and which kinds are first-hand or bridges, by the kinds' numbers.
_KIND_WEIGHTS = np.array([KIND_WEIGHT.get(RelationshipKind(k), 0.3) for k in tiegraph.KINDS])
_FIRST_HAND = np.array([k in FIRST_HAND for k in tiegraph.KINDS])
_BRIDGE = np.array([k in BRIDGE_KINDS for k in tiegraph.KINDS])


def _tie_weights(rows: np.ndarray, today: dt.date) -> np.ndarray:
    """How much each tie tells, as of `today`: by its kind and strength, less the longer ago it
    ended (divided by 1 + the years since / 10), more the longer it lasted (times 1 + its years,
    up to ten, / 30)."""
    day = today.toordinal()
    weight = _KIND_WEIGHTS[rows["kind"]] * rows["strength"] / 5
    started, ended = rows["started"], rows["ended"]
    has_end = ended > 0
    if has_end.any():
        years_since = np.maximum(0.0, (day - ended) / 365.25)
        weight = np.where(has_end, weight * (1 / (1 + years_since / 10)), weight)
    has_start = started > 0
    if has_start.any():
        years_known = np.maximum(0.0, (np.where(has_end, ended, day) - started) / 365.25)
        weight = np.where(has_start, weight * (1 + np.minimum(years_known, 10) / 30), weight)
    return weight


@functools.cache
def _possessives(language: str | None) -> dict[str, str]:
    """ "her", "his", "their" in `language` (the active one: the cache is keyed by it)."""
    return {
        Gender.FEMALE: pgettext("of her", "her"),
        Gender.MALE: pgettext("of him", "his"),
        "": pgettext("of them", "their"),
    }


def _possessive(person: Person) -> str:
    said = _possessives(get_language())
    return said.get(person.gender, said[""])


# The words a tie to a bridge is named by, in the reader's language ("her brother").
_KIN_SHOWN = {
    "father": pgettext_lazy("kin", "father"),
    "mother": pgettext_lazy("kin", "mother"),
    "parent": pgettext_lazy("kin", "parent"),
    "son": pgettext_lazy("kin", "son"),
    "daughter": pgettext_lazy("kin", "daughter"),
    "child": pgettext_lazy("kin", "child"),
    "brother": pgettext_lazy("kin", "brother"),
    "sister": pgettext_lazy("kin", "sister"),
    "sibling": pgettext_lazy("kin", "sibling"),
    "husband": pgettext_lazy("kin", "husband"),
    "wife": pgettext_lazy("kin", "wife"),
    "spouse": pgettext_lazy("kin", "spouse"),
    "colleague": pgettext_lazy("kin", "colleague"),
    "relative": pgettext_lazy("kin", "relative"),
}


def kin_term(edge: _Edge, relative: Person, subject: Person) -> str:
    """How `relative` stands to `subject` along `edge`: "her brother", "his mother" …"""
    kind = RelationshipKind(edge.kind)
    if kind == RelationshipKind.PARENT:
        group = "parent" if edge.source_id == relative.pk else "child"
        word = kin_word(group, relative.gender)
    elif kind in (RelationshipKind.SIBLING, RelationshipKind.SPOUSE):
        word = kin_word(str(kind.value), relative.gender)
    elif kind == RelationshipKind.COLLEAGUE:
        word = "colleague"
    else:
        word = "relative"
    return f"{_possessive(subject)} {_kin_shown(get_language()).get(word, word)}"


@functools.cache
def _kin_shown(language: str | None) -> dict[str, str]:
    return {word: str(shown) for word, shown in _KIN_SHOWN.items()}


def _label(edge: _Edge, from_id: int, language: str | None) -> str:
    """The tie read from `from_id`'s side, in `language`: "knew abroad", "was sheltered by" …"""
    return _kind_label(edge.kind, edge.source_id == from_id, language)


@functools.cache
def _kind_label(kind_name: str, forward: bool, language: str | None) -> str:
    kind = RelationshipKind(kind_name)
    if forward or kind in SYMMETRIC_RELATIONSHIPS:
        return str(kind.label)
    return str(INVERSE_LABELS.get(kind, kind.label))


def _within(values: np.ndarray, ordered: np.ndarray) -> np.ndarray:
    """Which of `values` are in `ordered` (sorted): `np.isin` for a few dozen, without its
    cost of choosing a method."""
    at = np.minimum(np.searchsorted(ordered, values), len(ordered) - 1)
    return np.asarray(ordered[at] == values)


@dataclass
class _Paths:
    """Every way the ties lead from the subject to each candidate (a path: a tie to them, or a
    tie to them from a bridge), weighed; worked out on arrays, and turned into ties one can
    read only for the candidates shown.

    A candidate's score is the weight of their best path and a tenth of the others'. The
    candidates are taken as the paths first reach them: ties to the subject first, then the
    second step, as read."""

    direct: _Ties
    second: _Ties
    other: np.ndarray  # per path (direct ones first), the candidate it reaches
    weight: np.ndarray
    via: np.ndarray  # the bridge a second-step path goes through, or -1
    order: np.ndarray = field(init=False)  # paths by candidate, heaviest first, then as read
    starts: np.ndarray = field(init=False)  # where each candidate's paths begin in `order`
    candidates: np.ndarray = field(init=False)  # each candidate (ascending)
    score: np.ndarray = field(init=False)  # per candidate

    @classmethod
    def of(
        cls,
        direct: _Ties,
        first_other: np.ndarray,
        first_weight: np.ndarray,
        second: _Ties,
        bridge_edge: dict[int, int],
        bridge_weight: np.ndarray,
        today: dt.date,
    ) -> _Paths:
        rows = second.rows
        if len(rows):
            bridges = np.sort(np.array(list(bridge_edge), dtype=np.int64))
            from_bridge = _within(rows["source"], bridges)
            between = np.flatnonzero(from_bridge & _within(rows["target"], bridges))
            if len(between):
                # A tie between two bridges is read from both of its ends; it counts once,
                # from its source.
                keep = np.ones(len(rows), dtype=bool)
                keep[between] = False
                keep[between[np.unique(rows[between], return_index=True)[1]]] = True
                rows, from_bridge = rows[keep], from_bridge[keep]
            via = np.where(from_bridge, rows["source"], rows["target"]).astype(np.int64)
            other = np.where(from_bridge, rows["target"], rows["source"])
            # The weight of each bridge's tie to the subject, in the order of `bridges`.
            bridge_rows = [bridge_edge[b] for b in bridges.tolist()]
            through = bridge_weight[bridge_rows][np.searchsorted(bridges, via)]
            weight = 0.5 * _tie_weights(rows, today) * through
            first_other = np.concatenate([first_other, other])
            first_weight = np.concatenate([first_weight, weight])
            via = np.concatenate([np.full(len(direct.rows), -1, dtype=np.int64), via])
        else:
            via = np.full(len(direct.rows), -1, dtype=np.int64)
        paths = cls(
            direct=direct,
            second=_Ties(rows, second.periods),
            other=first_other.astype(np.int64),
            weight=first_weight,
            via=via,
        )
        paths._group()
        return paths

    def _group(self) -> None:
        count = len(self.other)
        self.order = np.lexsort((np.arange(count), -self.weight, self.other))
        grouped = self.other[self.order]
        if count:
            self.starts = np.flatnonzero(np.concatenate([[True], grouped[1:] != grouped[:-1]]))
        else:
            self.starts = np.empty(0, dtype=np.int64)
        self.candidates = grouped[self.starts]
        sizes = np.diff(np.append(self.starts, count))
        weights = self.weight[self.order]
        self.score = weights[self.starts]
        listed = weights.tolist()
        for group in np.flatnonzero(sizes > 1).tolist():
            at, size = int(self.starts[group]), int(sizes[group])
            self.score[group] = listed[at] + 0.1 * sum(listed[at + 1 : at + size])

    def best(self, count: int) -> tuple[list[int], dict[int, float]]:
        """The `count` best candidates, best first (of equals, the one reached first), and
        their scores."""
        if not len(self.starts):
            return [], {}
        reached = np.minimum.reduceat(self.order, self.starts)
        ranked = np.lexsort((reached, -self.score))[:count]
        people = self.other[self.order[self.starts[ranked]]].tolist()
        return people, dict(zip(people, self.score[ranked].tolist(), strict=True))

    def of_candidates(self, people: Sequence[int]) -> dict[int, list[tuple[_Edge, int | None]]]:
        """Each candidate's paths, heaviest first: each tie, and the bridge it goes through."""
        if not people:
            return {}
        groups = np.searchsorted(self.candidates, np.array(people, dtype=np.int64))
        starts = self.starts[groups].tolist()
        ends = np.append(self.starts, len(self.order))[groups + 1].tolist()
        first = len(self.direct.rows)
        explained = {}
        for person_id, start, end in zip(people, starts, ends, strict=True):
            found: list[tuple[_Edge, int | None]] = []
            for at in self.order[start:end].tolist():
                if at < first:
                    found.append((self.direct.edge(at), None))
                else:
                    found.append((self.second.edge(at - first), int(self.via[at])))
            explained[person_id] = found
        return explained


def find_witnesses(
    *, subject: Person, case: Case | None = None, limit: int = 50, as_of: dt.date | None = None
) -> list[Candidate]:
    """The people who can speak to `subject`, best first, each with the paths that explain why
    and marks for those already asked, already testifying, deceased, sitting on the case's
    commission (recused) or tied to its commissioners.

    Recency is judged `as_of` the case's opening (or today): a tie that ended a year before the
    case counts more than one that ended twenty years before it. The deceased rank low, as they
    cannot be asked."""
    today = as_of or (case.opened_on if case and case.opened_on else None) or clock.today()
    subject_id = subject.pk
    graph = tiegraph.current()
    direct = _direct_ties(subject_id, graph)
    first = direct.rows
    first_other = np.where(first["source"] == subject_id, first["target"], first["source"])
    first_weight = _tie_weights(first, today)
    # The strongest relatives and colleagues (the first of equals as read); one tie per bridge,
    # the last one read to them.
    bridging = np.flatnonzero(_BRIDGE[first["kind"]])
    bridging = bridging[np.argsort(-first["strength"][bridging], kind="stable")][:MAX_BRIDGES]
    bridge_edge: dict[int, int] = {}  # a bridge -> its tie to the subject (a row of `direct`)
    for at in bridging.tolist():
        bridge_edge[int(first_other[at])] = at
    shortlist = max(4 * limit, MIN_SHORTLIST)
    second = (
        _second_step_ties(
            list(bridge_edge),
            subject_id,
            per_side=max(1, min(shortlist, MAX_SECOND_STEP_ROWS // (2 * len(bridge_edge)))),
            graph=graph,
        )
        if bridge_edge
        else _Ties(tiegraph.NO_EDGES, [])
    )
    paths = _Paths.of(
        direct, first_other, first_weight * np.where(_FIRST_HAND[first["kind"]], 1.2, 1.0),
        second, bridge_edge, first_weight, today,
    )  # fmt: skip
    best, scores = paths.best(shortlist)
    shortlisted = set(best)

    # The strongest part of the shortlist is ranked first. Once `limit` people in it are alive,
    # nobody below it can reach the answer: the living come first, and everyone below it scores
    # less, rounded or not. Below it, only people the commission has asked may still rise.
    head = _head(best, scores, limit + limit // 2)
    # The bridges are read with them: the paths through them name them.
    standing = _standing(subject_id, list(dict.fromkeys([*head, *bridge_edge])))
    ranking = standing.ranking
    if len(head) < len(best) and sum(not ranking[pk][0] for pk in head) < limit:
        _rank_also(standing, best[len(head) :])
        head = best
    asked_below = [pk for pk, *_rest in standing.asked if pk in shortlisted]
    score_of: dict[int, float] = {}
    for person_id in [*head, *asked_below]:
        score = scores[person_id]
        if ranking[person_id][0]:
            score *= DECEASED_FACTOR
        score_of[person_id] = round(score, 4)
    for recipient_id, *_rest in standing.asked:
        if not score_of.get(recipient_id):
            # Someone the commission chose to ask is worth hearing even without a known tie.
            score_of[recipient_id] = ASKED_BASELINE
    # The living first: the dead can be named but not asked.
    ranked = sorted(score_of, key=lambda pk: (ranking[pk][0], -score_of[pk], ranking[pk][1], pk))
    chosen = ranked[:limit]

    explained = paths.of_candidates([pk for pk in chosen if pk in shortlisted])
    middles = {via for found in explained.values() for _edge, via in found if via is not None}
    people = standing.people
    unread = {*chosen, *middles} - people.known()
    if unread:  # not expected: everyone chosen was ranked, and so read
        people.update(Person.objects.only(*WITNESS_FIELDS).in_bulk(list(unread)))
    candidates = {pk: Candidate(person=people[pk], score=score_of[pk]) for pk in chosen}
    through: dict[int, str] = {}  # a bridge: "Vyacheslav Kasparov, her brother"
    language = get_language()
    subject_name = name_for_language(subject)
    for person_id, found in explained.items():
        candidate = candidates[person_id]
        for edge, via in found:
            if via is None:
                text = f"{_label(edge, person_id, language)} {subject_name}"
                candidate.first_hand = candidate.first_hand or edge.kind in FIRST_HAND
            else:
                if via not in through:
                    middle = people[via]
                    through[via] = (
                        f"{name_for_language(middle)}, "
                        f"{kin_term(direct.edge(bridge_edge[via]), middle, subject)}"
                    )
                text = f"{_label(edge, person_id, language)} {through[via]}"
            candidate.paths.append(f"{text} ({edge.period})" if edge.period else text)
    _mark(candidates, case, standing)
    return list(candidates.values())


def _mark(candidates: dict[int, Candidate], case: Case | None, standing: _Standing) -> None:
    for recipient_id, state, urgency, due_on in standing.asked:
        candidate = candidates.get(recipient_id)
        if candidate is None:
            continue
        candidate.paths.append(
            _("asked by the commission (%(urgent)s%(state)s, due %(due)s)")
            % {
                "urgent": _("urgent, ") if urgency == "urgent" else "",
                "state": InquiryState(state).label,
                "due": date_format(due_on, "j E Y"),
            }
        )
        candidate.marks.add("asked")
    for witness_id in standing.testifying & set(candidates):
        candidates[witness_id].marks.add("testifying")
    for candidate in candidates.values():
        if candidate.person.deceased:
            candidate.marks.add("deceased")
    if case is not None:
        seated = set(
            Commissioner.objects.filter(commission_id=case.commission_id).values_list(
                "person_id", flat=True
            )
        )
        for person_id in seated & set(candidates):
            candidates[person_id].marks.add("recused")
        if seated:
            tied = Relationship.objects.filter(
                (Q(source_id__in=seated) & Q(target_id__in=list(candidates)))
                | (Q(target_id__in=seated) & Q(source_id__in=list(candidates))),
                kind__in=list(FAMILY | {RelationshipKind.COLLEAGUE}),
            ).values_list("source_id", "target_id")
            for source_id, target_id in tied:
                for person_id in (source_id, target_id):
                    if person_id in candidates and person_id not in seated:
                        candidates[person_id].marks.add("tied to a commissioner")
