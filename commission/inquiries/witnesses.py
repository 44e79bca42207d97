"""Witness discovery: who can speak to a subject, found through the relationship graph.

Two plain indexed queries per call (the subject's ties, then the ties of the relatives and
colleagues among them), so every tie committed before the call counts and nothing needs a cache.
The second step is bounded, so a subject with thousands of ties still answers quickly."""

from __future__ import annotations

import datetime as dt
import heapq
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from commission.cases.models import Case, Testimony
from commission.inquiries.enums import InquiryState
from commission.inquiries.models import Inquiry
from commission.registry.enums import Gender, RelationshipKind
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
# The strongest ties read on each side of a subject, and the candidates described in full.
MAX_DIRECT = 1000
MIN_SHORTLIST = 200
DECEASED_FACTOR = 0.3
ASKED_BASELINE = 0.2
MAX_SECOND_STEP_ROWS = 5000


@dataclass
class Candidate:
    person: Person
    score: float = 0.0
    paths: list[str] = field(default_factory=list)
    first_hand: bool = False
    marks: set[str] = field(default_factory=set)  # asked, testifying, recused, deceased, tied


@dataclass(frozen=True)
class _Edge:
    source_id: int
    target_id: int
    kind: str
    strength: int
    started_on: dt.date | None
    ended_on: dt.date | None
    period: str

    def other(self, person_id: int) -> int:
        return self.target_id if self.source_id == person_id else self.source_id


def _edges(condition: Q, limit: int | None = None) -> list[_Edge]:
    rows = Relationship.objects.filter(condition).values_list(
        "source_id", "target_id", "kind", "strength", "started_on", "ended_on", "period"
    )
    if limit is not None:
        rows = rows.order_by("-strength")[:limit]
    return [_Edge(*row) for row in rows]


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


def _possessive(person: Person) -> str:
    return {Gender.FEMALE: "her", Gender.MALE: "his"}.get(Gender(person.gender), "their")


def kin_term(edge: _Edge, relative: Person, subject: Person) -> str:
    """How `relative` stands to `subject` along `edge`: "her brother", "his mother" …"""
    kind = RelationshipKind(edge.kind)
    male = relative.gender == Gender.MALE
    female = relative.gender == Gender.FEMALE
    if kind == RelationshipKind.PARENT:
        if edge.source_id == relative.pk:
            word = "father" if male else "mother" if female else "parent"
        else:
            word = "son" if male else "daughter" if female else "child"
    elif kind == RelationshipKind.SIBLING:
        word = "brother" if male else "sister" if female else "sibling"
    elif kind == RelationshipKind.SPOUSE:
        word = "husband" if male else "wife" if female else "spouse"
    elif kind == RelationshipKind.COLLEAGUE:
        word = "colleague"
    else:
        word = "relative"
    return f"{_possessive(subject)} {word}"


def _label(edge: _Edge, from_id: int) -> str:
    """The tie read from `from_id`'s side: "knew abroad", "was sheltered by" …"""
    from commission.registry.enums import INVERSE_LABELS, SYMMETRIC_RELATIONSHIPS

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
    today = as_of or (case.opened_on if case and case.opened_on else None) or timezone.localdate()
    # A hub's weakest ties cannot reach the top of the list; its strongest ones on each side
    # are read in the database's order, so a person with 20,000 ties costs what 1,000 do.
    direct = _edges(Q(source_id=subject.pk), limit=MAX_DIRECT) + _edges(
        Q(target_id=subject.pk), limit=MAX_DIRECT
    )
    bridges = [e for e in direct if e.kind in BRIDGE_KINDS]
    bridges.sort(key=lambda e: -e.strength)
    bridges = bridges[:MAX_BRIDGES]
    bridge_edge = {e.other(subject.pk): e for e in bridges}
    second = (
        _edges(
            (Q(source_id__in=list(bridge_edge)) | Q(target_id__in=list(bridge_edge)))
            & ~Q(source_id=subject.pk)
            & ~Q(target_id=subject.pk),
            limit=MAX_SECOND_STEP_ROWS,
        )
        if bridge_edge
        else []
    )

    # Score on the ties alone; people are read only for the best candidates.
    paths: dict[int, list[tuple[float, _Edge, int | None]]] = defaultdict(list)
    for edge in direct:
        first_hand = RelationshipKind(edge.kind) in FIRST_HAND
        weight = _tie_weight(edge, today) * (1.2 if first_hand else 1)
        paths[edge.other(subject.pk)].append((weight, edge, None))
    for edge in second:
        if edge.source_id in bridge_edge and edge.target_id not in bridge_edge:
            middle_id, other_id = edge.source_id, edge.target_id
        elif edge.target_id in bridge_edge and edge.source_id not in bridge_edge:
            middle_id, other_id = edge.target_id, edge.source_id
        else:
            middle_id = edge.source_id if edge.source_id in bridge_edge else edge.target_id
            other_id = edge.other(middle_id)
        if other_id == subject.pk:
            continue
        weight = 0.5 * _tie_weight(edge, today) * _tie_weight(bridge_edge[middle_id], today)
        paths[other_id].append((weight, edge, middle_id))
    for found in paths.values():
        found.sort(key=lambda p: -p[0])
    scores = {pid: found[0][0] + 0.1 * sum(p[0] for p in found[1:]) for pid, found in paths.items()}
    best = heapq.nlargest(max(4 * limit, MIN_SHORTLIST), scores, key=scores.__getitem__)
    wanted = set(best) | {m for pid in best for _, _, m in paths[pid] if m is not None}
    people = Person.objects.in_bulk(list(wanted))

    candidates: dict[int, Candidate] = {}
    for person_id in best:
        texts = []
        for _weight, edge, via in paths[person_id]:
            if via is None:
                text = f"{_label(edge, person_id)} {subject.display_name}"
            else:
                middle = people[via]
                text = (
                    f"{_label(edge, person_id)} {middle.display_name}, "
                    f"{kin_term(bridge_edge[via], middle, subject)}"
                )
            texts.append(f"{text} ({edge.period})" if edge.period else text)
        score = scores[person_id]
        if people[person_id].deceased:
            score *= DECEASED_FACTOR
        candidates[person_id] = Candidate(
            person=people[person_id],
            score=round(score, 4),
            paths=texts,
            first_hand=any(
                m is None and RelationshipKind(e.kind) in FIRST_HAND for _, e, m in paths[person_id]
            ),
        )
    _mark(candidates, subject, case)
    # The living first: the dead can be named but not asked.
    ranked = sorted(
        candidates.values(),
        key=lambda c: (c.person.deceased, -c.score, c.person.surname_key, c.person.pk),
    )
    return ranked[:limit]


def _mark(candidates: dict[int, Candidate], subject: Person, case: Case | None) -> None:
    inquiries = Inquiry.objects.filter(subject=subject).select_related("recipient")
    for inquiry in inquiries:
        candidate = candidates.get(inquiry.recipient_id)
        if candidate is None:
            candidate = candidates[inquiry.recipient_id] = Candidate(person=inquiry.recipient)
        state = InquiryState(inquiry.state)
        urgency = "urgent, " if inquiry.urgency == "urgent" else ""
        candidate.paths.append(
            f"asked by the commission ({urgency}{state.label}, due {inquiry.due_on:%d %B %Y})"
        )
        candidate.marks.add("asked")
        if not candidate.score:
            # Someone the commission chose to ask is worth hearing even without a known tie.
            candidate.score = ASKED_BASELINE
    testifying = Testimony.objects.filter(case__subject=subject).values_list(
        "witness_id", flat=True
    )
    for witness_id in testifying:
        if witness_id in candidates:
            candidates[witness_id].marks.add("testifying")
    for candidate in candidates.values():
        if candidate.person.deceased:
            candidate.marks.add("deceased")
    if case is not None:
        seated = set(
            Commissioner.objects.filter(commission=case.commission).values_list(
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
