"""The picture of a subject's neighbourhood in the relationship graph, with the witness paths
drawn: the subject in the centre, the people tied to them on an inner ring, the people tied to
those on an outer ring.

`ring_layout` is pure arithmetic so the same people always land in the same places (a clerk who
comes back to the picture finds it unchanged, and tests can pin it); `neighbourhood` reads the
ties and the witness candidates and hands the template finished coordinates, so the page draws
it as plain SVG with no script.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.text import slugify

from commission.cases.models import Case
from commission.inquiries.witnesses import (
    BRIDGE_KINDS,
    FAMILY,
    FIRST_HAND,
    MAX_BRIDGES,
    Candidate,
    find_witnesses,
)
from commission.registry.enums import RelationshipKind
from commission.registry.models import Person, Relationship

# Wider than tall: the labels of the outer ring run sideways off the circle.
WIDTH = 1000
HEIGHT = 760
CENTRE_X = WIDTH / 2
CENTRE_Y = HEIGHT / 2
INNER_RADIUS = 190.0
OUTER_RADIUS = 320.0
# Beyond these the labels collide; the page says how many people were left out.
MAX_FIRST_RING = 24
MAX_SECOND_RING = 40
# Rows read for the second step: the strongest ties of the inner ring are enough to draw it.
MAX_SECOND_STEP_ROWS = 2000
LABEL_GAP = 14.0
SHORT_NAME_LENGTH = 22


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    ring: int
    angle: float  # degrees, 0 = to the right, growing clockwise (SVG's y points down)
    label_x: float
    label_y: float
    anchor: str  # "start", "middle" or "end": which side of the node the label sits on


def _point(angle: float, radius: float, ring: int) -> Point:
    rad = math.radians(angle)
    cos, sin = math.cos(rad), math.sin(rad)
    x, y = round(CENTRE_X + radius * cos, 1), round(CENTRE_Y + radius * sin, 1)
    turned = round(angle % 360, 3)
    if ring == 0:
        # Above the centre: the labels of the inner ring's left and right sit below their nodes.
        return Point(x, y, 0, 0.0, x, round(y - 34, 1), "middle")
    if ring == 1:
        # Centred above or below: pointing outward, a label would run into the outer ring.
        label_y = y - 17 if sin < -0.5 else y + 26
        return Point(x, y, 1, turned, x, round(label_y, 1), "middle")
    # The outer ring's labels point away from the centre, clear of every line.
    anchor = "start" if cos > 0.35 else "end" if cos < -0.35 else "middle"
    label_x = x + LABEL_GAP * cos
    label_y = y + LABEL_GAP * sin + (4 if anchor != "middle" else (14 if sin > 0 else -8))
    return Point(x, y, ring, turned, round(label_x, 1), round(label_y, 1), anchor)


def ring_layout(
    centre_id: int, first: Sequence[int], second: Sequence[tuple[int, int]]
) -> dict[int, Point]:
    """Place `centre_id` in the middle, `first` evenly on the inner ring in the order given
    (starting at the top), and `second` — (person, the inner-ring person they are reached
    through) — evenly on the outer ring, grouped by that person and turned as a whole so each
    group sits as close as it can to the person it hangs from.

    Deterministic: the same arguments give the same coordinates."""
    placed: dict[int, Point] = {centre_id: _point(0.0, 0.0, 0)}
    inner_angle: dict[int, float] = {}
    # One or two people start on the right rather than on top, so that the subject, the inner
    # ring and the people hanging from it do not stand in one vertical line, labels on lines.
    start = 0.0 if len(first) <= 2 else -90.0
    for i, person_id in enumerate(first):
        angle = start + 360.0 * i / len(first)
        inner_angle[person_id] = angle
        placed[person_id] = _point(angle, INNER_RADIUS, 1)
    outer = [(pid, anchor) for pid, anchor in second if pid not in placed]
    if not outer:
        return placed
    order = {pid: i for i, pid in enumerate(first)}
    # Stable sort: within a group the caller's order stands.
    outer.sort(key=lambda row: order.get(row[1], len(first)))
    fanned = _fan_out(outer, inner_angle)
    if fanned is not None:
        for person_id, angle in fanned.items():
            placed[person_id] = _point(angle, OUTER_RADIUS, 2)
        return placed
    step = 360.0 / len(outer)
    # Turn the outer ring by the circular mean of how far each slot is from its anchor.
    sx = sy = 0.0
    for j, (_, anchor) in enumerate(outer):
        delta = math.radians(inner_angle.get(anchor, -90.0) - (-90.0 + step * j))
        sx += math.cos(delta)
        sy += math.sin(delta)
    turn = math.degrees(math.atan2(sy, sx)) if (abs(sx) > 1e-9 or abs(sy) > 1e-9) else 0.0
    for j, (person_id, _) in enumerate(outer):
        placed[person_id] = _point(-90.0 + step * j + turn, OUTER_RADIUS, 2)
    return placed


# A few people on the outer ring fan out beside the person they hang from, this far apart; a
# lone one is turned aside by OUTER_TURN so that its tie does not continue the inner one in a
# straight line. When the fans would touch, the ring is spaced evenly instead.
OUTER_SPACING = 26.0
OUTER_TURN = 22.0


def _fan_out(
    outer: Sequence[tuple[int, int]], inner_angle: dict[int, float]
) -> dict[int, float] | None:
    groups: dict[int, list[int]] = {}
    for person_id, anchor in outer:
        groups.setdefault(anchor, []).append(person_id)
    angles: dict[int, float] = {}
    for anchor, members in groups.items():
        centre = inner_angle.get(anchor, -90.0)
        if len(members) == 1:
            angles[members[0]] = centre + OUTER_TURN
            continue
        for j, person_id in enumerate(members):
            angles[person_id] = centre + OUTER_SPACING * (j - (len(members) - 1) / 2)
    ordered = sorted(a % 360 for a in angles.values())
    gaps = [b - a for a, b in itertools.pairwise(ordered)]
    gaps.append(ordered[0] + 360 - ordered[-1])
    if len(ordered) > 1 and min(gaps) < OUTER_SPACING - 1e-6:
        return None
    return angles


def short_name(person: Person) -> str:
    """The name under a node: the name the person is known by, else the initial and surname
    (a family shares its surname, so the surname alone would not tell them apart)."""
    if not person.known_as and person.given_name and person.surname:
        return _shorten(f"{person.given_name[0]}. {person.surname}")
    name = person.known_as or person.surname or person.given_name or person.description
    return _shorten(name or f"person {person.ref}")


def _shorten(name: str) -> str:
    if len(name) > SHORT_NAME_LENGTH:
        name = name[: SHORT_NAME_LENGTH - 1].rstrip(" ,;:") + "…"
    return name


@dataclass(frozen=True)
class Node:
    person: Person
    point: Point
    label: str
    marks: tuple[str, ...]
    on_path: bool
    focus: bool

    @property
    def css(self) -> str:
        classes = ["node", f"ring-{self.point.ring}"]
        if self.on_path:
            classes.append("on-path")
        if self.focus:
            classes.append("focus")
        classes += ["mark-" + slugify(m) for m in self.marks]
        return " ".join(classes)


@dataclass(frozen=True)
class Edge:
    source: Node
    target: Node
    words: str  # "Kasparov sibling of Kasparova-Popova"
    on_path: bool
    focus: bool
    first_hand: bool
    asked: bool = False  # no tie: the commission asked this person about the subject

    @property
    def css(self) -> str:
        classes = ["edge"]
        if self.asked:
            classes.append("asked")
        if self.on_path:
            classes.append("on-path")
        if self.first_hand:
            classes.append("first-hand")
        if self.focus:
            classes.append("focus")
        return " ".join(classes)


# witnesses._mark words an inquiry already sent as a path of its own; such a path is no tie.
ASKED_PATH_PREFIX = "asked by the commission"


@dataclass(frozen=True)
class WitnessRow:
    """A candidate as the pages list them: marks in a fixed order, so the page reads the same
    on every load, and whether any tie in the graph explains them (else there is no path to
    draw)."""

    candidate: Candidate
    marks: list[str]
    tied: bool

    @classmethod
    def of(cls, candidate: Candidate) -> WitnessRow:
        tied = any(not p.startswith(ASKED_PATH_PREFIX) for p in candidate.paths)
        return cls(candidate, sorted(candidate.marks), tied)


@dataclass
class Neighbourhood:
    subject: Person
    nodes: list[Node]
    edges: list[Edge]
    witnesses: list[WitnessRow]  # the drawn candidates with their paths, best first
    focus: Person | None = None
    left_out: int = 0  # people tied within two steps who did not fit on the picture
    width: int = WIDTH
    height: int = HEIGHT
    path_edge_count: int = field(default=0)


@dataclass(frozen=True)
class _Tie:
    pk: int
    source_id: int
    target_id: int
    kind: str
    strength: int

    def other(self, person_id: int) -> int:
        return self.target_id if self.source_id == person_id else self.source_id

    def touches(self, person_id: int) -> bool:
        return person_id in (self.source_id, self.target_id)


def _ties(condition: Q, limit: int | None = None) -> list[_Tie]:
    rows = Relationship.objects.filter(condition).order_by("-strength", "id")
    values = rows.values_list("pk", "source_id", "target_id", "kind", "strength")
    return [_Tie(*row) for row in (values[:limit] if limit else values)]


def _words(tie: _Tie, people: dict[int, Person]) -> str:
    kind = RelationshipKind(tie.kind)
    source, target = people[tie.source_id], people[tie.target_id]
    return f"{source.display_name} — {kind.label} — {target.display_name}"


def _kind_group(kind: str) -> int:
    # Family first, then those who saw the subject's work, then everyone else: the inner ring
    # reads round from the top in that order.
    if kind in FAMILY:
        return 0
    if kind in FIRST_HAND:
        return 1
    return 2


def neighbourhood(
    *, subject: Person, case: Case | None = None, focus: Person | None = None
) -> Neighbourhood:
    """The subject's ties within two steps, laid out for drawing, with the edges of the witness
    paths (as `witnesses.find_witnesses` finds them) marked, and those of `focus` — one
    candidate — marked again. Reads a bounded number of rows however many ties there are."""
    candidates = find_witnesses(subject=subject, case=case)
    ranked = {c.person.pk: c for c in candidates}

    direct = _ties(Q(source_id=subject.pk) | Q(target_id=subject.pk))
    strongest: dict[int, _Tie] = {}
    for tie in direct:  # already strongest first
        strongest.setdefault(tie.other(subject.pk), tie)
    first_all = list(strongest)
    # The same bridges the witness search walks through, so the highlighted second-step edges
    # are exactly the paths it explains.
    bridge_ties = sorted((t for t in direct if t.kind in BRIDGE_KINDS), key=lambda t: -t.strength)
    bridges = {t.other(subject.pk) for t in bridge_ties[:MAX_BRIDGES]}

    first_keep = sorted(
        first_all, key=lambda pid: (pid not in ranked, -strongest[pid].strength, pid)
    )[:MAX_FIRST_RING]
    first_set = set(first_keep)
    second_ties = (
        _ties(
            (Q(source_id__in=first_set) | Q(target_id__in=first_set))
            & ~Q(source_id=subject.pk)
            & ~Q(target_id=subject.pk),
            limit=MAX_SECOND_STEP_ROWS,
        )
        if first_set
        else []
    )

    def is_path(tie: _Tie) -> bool:
        """Whether the witness search explains a candidate through this tie."""
        if tie.touches(subject.pk):
            return tie.other(subject.pk) in ranked
        a, b = tie.source_id, tie.target_id
        return (a in bridges and b in ranked) or (b in bridges and a in ranked)

    # Who hangs from whom on the outer ring: path ties first, then the strongest.
    anchor_of: dict[int, tuple[bool, int, int]] = {}
    outer_all: dict[int, tuple[int, int]] = {}
    for tie in second_ties:
        if tie.source_id in first_set and tie.target_id in first_set:
            continue
        inner_id = tie.source_id if tie.source_id in first_set else tie.target_id
        outer_id = tie.other(inner_id)
        key = (not is_path(tie), -tie.strength, inner_id)
        if outer_id not in anchor_of or key < anchor_of[outer_id]:
            anchor_of[outer_id] = key
            outer_all[outer_id] = (inner_id, tie.strength)

    def outer_rank(pid: int) -> tuple[bool, float, int]:
        on_path, _, _ = anchor_of[pid]
        score = ranked[pid].score if pid in ranked else 0.0
        return (on_path, -score, pid)

    outer_keep = sorted(outer_all, key=outer_rank)[:MAX_SECOND_RING]
    # The people the commission has asked about the subject, whom no tie places on the picture,
    # stand on the inner ring too, joined to the subject by the inquiry: they are part of her
    # file, and the witness list names them.
    drawn_already = {subject.pk, *first_set, *outer_keep}
    asked_only = [
        pid for pid, c in ranked.items() if "asked" in c.marks and pid not in drawn_already
    ][: max(0, MAX_FIRST_RING - len(first_keep))]
    people = Person.objects.in_bulk([subject.pk, *first_keep, *outer_keep, *asked_only])
    people[subject.pk] = subject

    first_order = sorted(
        first_keep,
        key=lambda pid: (
            _kind_group(strongest[pid].kind),
            people[pid].surname_key,
            people[pid].given_key,
            pid,
        ),
    )
    first_order += sorted(
        asked_only, key=lambda pid: (people[pid].surname_key, people[pid].given_key, pid)
    )
    second_order = sorted(
        ((pid, outer_all[pid][0]) for pid in outer_keep),
        key=lambda row: (people[row[0]].surname_key, people[row[0]].given_key, row[0]),
    )
    points = ring_layout(subject.pk, first_order, second_order)

    focus_ids: set[int] = set()
    path_ties = [t for t in [*direct, *second_ties] if is_path(t)]
    if focus is not None:
        focus_ids.add(focus.pk)
        for tie in path_ties:
            if tie.touches(focus.pk):
                focus_ids.add(tie.other(focus.pk))
        focus_ids.add(subject.pk)

    nodes: dict[int, Node] = {}
    for pid, point in points.items():
        candidate = ranked.get(pid)
        nodes[pid] = Node(
            person=people[pid],
            point=point,
            label=short_name(people[pid]),
            marks=tuple(sorted(candidate.marks)) if candidate else (),
            on_path=pid == subject.pk or candidate is not None,
            focus=pid in focus_ids,
        )

    def focus_edge(tie: _Tie) -> bool:
        if focus is None or not is_path(tie):
            return False
        if tie.touches(focus.pk):
            return True
        # The bridge tie that carries a second-step path to the focus.
        if tie.touches(subject.pk):
            middle = tie.other(subject.pk)
            return middle in bridges and any(
                t.touches(middle) and t.touches(focus.pk) for t in path_ties
            )
        return False

    # Several ties between the same two people (observed her work, and sheltered her) are one
    # line whose title names them all; a highlighted tie makes the whole line highlighted.
    pairs: dict[tuple[int, int], list[_Tie]] = {}
    for tie in [*direct, *second_ties]:
        if tie.source_id not in nodes or tie.target_id not in nodes:
            continue
        ties = pairs.setdefault((tie.source_id, tie.target_id), [])
        if tie.pk not in {t.pk for t in ties}:
            ties.append(tie)
    edges = [
        Edge(
            source=nodes[a],
            target=nodes[b],
            words="; ".join(_words(t, people) for t in ties),
            on_path=any(is_path(t) for t in ties),
            focus=any(focus_edge(t) for t in ties),
            # First-hand is about the subject: a colleague of her husband saw his work.
            first_hand=any(
                t.touches(subject.pk) and RelationshipKind(t.kind) in FIRST_HAND for t in ties
            ),
        )
        for (a, b), ties in pairs.items()
    ]
    edges += [
        Edge(
            source=nodes[pid],
            target=nodes[subject.pk],
            words=f"{people[pid].display_name} — asked by the commission about — "
            f"{subject.display_name}",
            on_path=False,
            focus=focus is not None and focus.pk == pid,
            first_hand=False,
            asked=True,
        )
        for pid in asked_only
    ]
    # Highlighted edges last, so they are drawn over the others.
    edges.sort(
        key=lambda e: (e.on_path, e.first_hand, e.focus, e.source.person.pk, e.target.person.pk)
    )

    drawn = set(nodes)
    reachable = set(first_all) | set(outer_all)
    return Neighbourhood(
        subject=subject,
        nodes=sorted(nodes.values(), key=lambda n: (n.point.ring, n.person.pk)),
        edges=edges,
        witnesses=[WitnessRow.of(c) for c in candidates if c.person.pk in drawn and c.paths],
        focus=focus,
        left_out=len(reachable - drawn),
        path_edge_count=sum(1 for e in edges if e.on_path),
    )
