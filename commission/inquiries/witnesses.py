"""Witness discovery: who can speak to a subject, found through the relationship graph.

Two statements read the ties: the subject's, then those of the relatives and colleagues among
them. Each reads only the strongest ties of each person, from the covering indexes
`relationship_source_strong_idx` and `relationship_target_strong_idx` alone, so a person with
thousands of ties costs what one with a few hundred does. A third ranks the shortlist and reads
what the commission has asked and who testifies; only the people in the answer are read in full.
Every tie committed before the call counts and nothing needs a cache."""

from __future__ import annotations

import datetime as dt
import heapq
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db import connection
from django.db.models import Q
from django.utils.translation import gettext_noop

from commission.cases.models import Case, Testimony
from commission.core import clock
from commission.core.dbrouting import reading_connection
from commission.inquiries.enums import InquiryState
from commission.inquiries.models import Inquiry
from commission.registry.enums import (
    INVERSE_LABELS,
    SYMMETRIC_RELATIONSHIPS,
    Gender,
    RelationshipKind,
)
from commission.registry.kin import kin_word
from commission.registry.models import Commissioner, Person, Relationship

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

    def other(self, person_id: int) -> int:
        return self.target_id if self.source_id == person_id else self.source_id


# Only these names are written into the statements below; every value is a parameter.
_TABLE = f'"{Relationship._meta.db_table}"'
_COLUMNS = "source_id, target_id, kind, strength, started_on, ended_on, period"


def _strongest_sql(side: str, person: str = "%s") -> str:
    """The strongest ties of `person` on one side, leaving out those to another person (%s), at
    most %s of them: a range of the side's covering index, read in its order."""
    other = "target_id" if side == "source_id" else "source_id"
    return (
        f"SELECT {_COLUMNS} FROM {_TABLE} WHERE {side} = {person} AND {other} <> %s "  # noqa: S608
        f"ORDER BY strength DESC, {other} LIMIT %s"
    )


def _ties(sql: str, params: Sequence[int | list[int]]) -> list[_Edge]:
    with reading_connection(Relationship).cursor() as cursor:
        cursor.execute(sql, params)
        return [_Edge._make(row) for row in cursor.fetchall()]


def _direct_ties(subject_id: int) -> list[_Edge]:
    """The subject's strongest ties on each side, outgoing first, in one statement."""
    sql = (
        f"SELECT * FROM ({_strongest_sql('source_id')}) AS outgoing UNION ALL "  # noqa: S608
        f"SELECT * FROM ({_strongest_sql('target_id')}) AS incoming"
    )
    return _ties(sql, [subject_id, subject_id, MAX_DIRECT] * 2)


def _second_step_ties(bridge_ids: list[int], subject_id: int, per_side: int) -> list[_Edge]:
    """The strongest ties of each bridge on each side, except those back to the subject, in one
    statement: all outgoing ones first, then all incoming ones, bridge by bridge."""
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


class _Standing(NamedTuple):
    """What the ranking needs to know of each person, what the commission has asked about the
    subject and who testifies about them: read in one statement, together with the people the
    answer may show, each with what it shows of them (WITNESS_FIELDS)."""

    ranking: dict[int, tuple[bool, str]]  # person -> (deceased, surname key)
    asked: list[tuple[int, str, str, dt.date]]  # (recipient, state, urgency, due), in order
    testifying: set[int]
    people: dict[int, Person]


# The columns read of each person: the ranking's and what the answer shows, in the order of the
# model's fields (as Model.from_db takes them), so the id comes first.
_PERSON_READ = [
    f for f in Person._meta.concrete_fields if f.attname in {"id", "surname_key", *WITNESS_FIELDS}
]
_PERSON_FIELDS = [f.attname for f in _PERSON_READ]
_DECEASED = _PERSON_FIELDS.index("deceased")


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


def _person(row: Sequence[Any]) -> Person:
    values = list(row)
    values[_DECEASED] = bool(values[_DECEASED])  # SQLite returns 0 or 1
    return Person.from_db(connection.alias, _PERSON_FIELDS, values)


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
    standing = _Standing(ranking={}, asked=[], testifying=set(), people={})
    inquiries: list[tuple[int, tuple[int, str, str, dt.date]]] = []
    for arm, state, urgency, due_on, inquiry_id, *person_row in rows:
        if arm == "testifying":
            standing.testifying.add(person_row[0])
            continue
        _read(standing, person_row)
        if arm == "asked":
            inquiries.append((inquiry_id, (person_row[0], state, urgency, due_on)))
    standing.asked.extend(inquiry for _, inquiry in sorted(inquiries))
    return standing


def _read(standing: _Standing, person_row: Sequence[Any]) -> None:
    found = standing.people[person_row[0]] = _person(person_row)
    standing.ranking[found.pk] = (found.deceased, found.surname_key)


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


def _tie_weight(edge: _Edge, today: dt.date) -> float:
    weight = KIND_WEIGHT.get(RelationshipKind(edge.kind), 0.3) * edge.strength / 5
    if edge.ended_on:
        years_since = max(0.0, (today - edge.ended_on).days / 365.25)
        weight *= 1 / (1 + years_since / 10)
    if edge.started_on:
        end = edge.ended_on or today
        years_known = max(0.0, (end - edge.started_on).days / 365.25)
        weight *= 1 + min(years_known, 10) / 30
    return weight


class _TieWeights(dict[tuple[str, int, dt.date | None, dt.date | None], float]):
    """`_tie_weight` of many ties as of one day, worked out once per kind, strength and dates:
    thousands of ties share a few dozen of these."""

    def __init__(self, today: dt.date) -> None:
        super().__init__()
        self.today = today

    def of(self, edge: _Edge) -> float:
        key = (edge.kind, edge.strength, edge.started_on, edge.ended_on)
        weight = self.get(key)
        if weight is None:
            weight = self[key] = _tie_weight(edge, self.today)
        return weight


def _possessive(person: Person) -> str:
    return {Gender.FEMALE: "her", Gender.MALE: "his"}.get(Gender(person.gender), "their")


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
    return f"{_possessive(subject)} {word}"


def _label(edge: _Edge, from_id: int) -> str:
    """The tie read from `from_id`'s side: "knew abroad", "was sheltered by" …"""
    kind = RelationshipKind(edge.kind)
    if edge.source_id == from_id or kind in SYMMETRIC_RELATIONSHIPS:
        return str(kind.label)
    return str(INVERSE_LABELS.get(kind, kind.label))


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
    weights = _TieWeights(today)
    subject_id = subject.pk
    direct = _direct_ties(subject_id)
    bridges = [e for e in direct if e.kind in BRIDGE_KINDS]
    bridges.sort(key=lambda e: -e.strength)
    bridges = bridges[:MAX_BRIDGES]
    bridge_edge = {e.other(subject_id): e for e in bridges}
    shortlist = max(4 * limit, MIN_SHORTLIST)
    second = (
        _second_step_ties(
            list(bridge_edge),
            subject_id,
            per_side=max(1, min(shortlist, MAX_SECOND_STEP_ROWS // (2 * len(bridge_edge)))),
        )
        if bridge_edge
        else []
    )

    # Score on the ties alone; people are read only for the best candidates.
    paths: dict[int, list[tuple[float, _Edge, int | None]]] = defaultdict(list)
    for edge in direct:
        weight = weights.of(edge) * (1.2 if edge.kind in FIRST_HAND else 1)
        paths[edge.other(subject_id)].append((weight, edge, None))
    bridge_weight = {middle_id: weights.of(e) for middle_id, e in bridge_edge.items()}
    between_bridges: set[_Edge] = set()
    for edge in second:
        if edge.source_id in bridge_edge:
            if edge.target_id in bridge_edge:
                # Read from both of its ends; it counts once, from its source.
                if edge in between_bridges:
                    continue
                between_bridges.add(edge)
            middle_id, other_id = edge.source_id, edge.target_id
        else:
            middle_id, other_id = edge.target_id, edge.source_id
        weight = 0.5 * weights.of(edge) * bridge_weight[middle_id]
        paths[other_id].append((weight, edge, middle_id))
    scores: dict[int, float] = {}
    for person_id, found in paths.items():
        if len(found) == 1:  # the usual case: nothing to sort or add up
            scores[person_id] = found[0][0]
            continue
        found.sort(key=lambda p: -p[0])
        scores[person_id] = found[0][0] + 0.1 * sum(p[0] for p in found[1:])
    best = heapq.nlargest(shortlist, scores, key=scores.__getitem__)
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
    asked_below = [pk for pk, *_ in standing.asked if pk in shortlisted]
    score_of: dict[int, float] = {}
    for person_id in [*head, *asked_below]:
        score = scores[person_id]
        if ranking[person_id][0]:
            score *= DECEASED_FACTOR
        score_of[person_id] = round(score, 4)
    for recipient_id, *_ in standing.asked:
        if not score_of.get(recipient_id):
            # Someone the commission chose to ask is worth hearing even without a known tie.
            score_of[recipient_id] = ASKED_BASELINE
    # The living first: the dead can be named but not asked.
    ranked = sorted(score_of, key=lambda pk: (ranking[pk][0], -score_of[pk], ranking[pk][1], pk))
    chosen = ranked[:limit]

    explained = [pk for pk in chosen if pk in shortlisted]
    middles = {via for pk in explained for _, _, via in paths[pk] if via is not None}
    people = standing.people
    unread = {*chosen, *middles} - people.keys()
    if unread:  # not expected: everyone chosen was ranked, and so read
        people.update(Person.objects.only(*WITNESS_FIELDS).in_bulk(list(unread)))
    candidates = {pk: Candidate(person=people[pk], score=score_of[pk]) for pk in chosen}
    through: dict[int, str] = {}  # a bridge: "Vyacheslav Kasparov, her brother"
    for person_id in explained:
        candidate = candidates[person_id]
        for _weight, edge, via in paths[person_id]:
            if via is None:
                text = f"{_label(edge, person_id)} {subject.display_name}"
                candidate.first_hand = candidate.first_hand or edge.kind in FIRST_HAND
            else:
                if via not in through:
                    middle = people[via]
                    through[via] = (
                        f"{middle.display_name}, {kin_term(bridge_edge[via], middle, subject)}"
                    )
                text = f"{_label(edge, person_id)} {through[via]}"
            candidate.paths.append(f"{text} ({edge.period})" if edge.period else text)
    _mark(candidates, case, standing)
    return list(candidates.values())


def _mark(candidates: dict[int, Candidate], case: Case | None, standing: _Standing) -> None:
    for recipient_id, state, urgency, due_on in standing.asked:
        candidate = candidates.get(recipient_id)
        if candidate is None:
            continue
        label = InquiryState(state).label
        urgent = "urgent, " if urgency == "urgent" else ""
        candidate.paths.append(f"asked by the commission ({urgent}{label}, due {due_on:%d %B %Y})")
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
