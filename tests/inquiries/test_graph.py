from __future__ import annotations

import datetime as dt
import itertools
import math

from commission.inquiries import services
from commission.inquiries.graph import (
    CENTRE_X,
    CENTRE_Y,
    INNER_RADIUS,
    OUTER_RADIUS,
    neighbourhood,
    ring_layout,
    short_name,
)
from commission.registry.enums import RelationshipKind
from commission.registry.models import Relationship
from tests.factories import PersonFactory


def _radius(point) -> float:
    return round(math.hypot(point.x - CENTRE_X, point.y - CENTRE_Y), 0)


def test_layout_puts_the_subject_in_the_centre_and_the_rings_around_it():
    placed = ring_layout(1, [2, 3, 4, 5], [(6, 2), (7, 4)])
    assert (placed[1].x, placed[1].y, placed[1].ring) == (500.0, 380.0, 0)
    assert (placed[2].x, placed[2].y) == (500.0, 190.0)  # the first of the inner ring on top
    assert (placed[3].x, placed[3].y) == (690.0, 380.0)
    assert {_radius(placed[i]) for i in (2, 3, 4, 5)} == {INNER_RADIUS}
    assert {_radius(placed[i]) for i in (6, 7)} == {OUTER_RADIUS}
    assert (placed[6].ring, placed[7].ring) == (2, 2)


def test_layout_hangs_the_outer_ring_near_the_people_it_is_reached_through():
    placed = ring_layout(1, [2, 3, 4, 5], [(6, 2), (7, 4)])
    # 6 hangs from 2 at the top, 7 from 4 at the bottom: each outside its anchor, turned a
    # little aside so that its tie does not run on from the inner one in one straight line.
    assert (placed[6].x, placed[6].y, placed[6].angle) == (619.9, 83.3, 292.0)
    assert (placed[7].x, placed[7].y, placed[7].angle) == (380.1, 676.7, 112.0)
    assert (placed[6].anchor, placed[3].anchor) == ("start", "middle")  # to the right, off 6
    assert (placed[3].label_y, placed[2].label_y) == (406.0, 173.0)  # below, and above the top


def test_two_people_tied_directly_stand_left_and_right_not_in_a_line_with_the_rest():
    # Her brother and her husband, Lenin through the brother, Sverdlov through the husband:
    # once drawn as five people in one vertical line.
    placed = ring_layout(1, [2, 3], [(4, 2), (5, 3)])
    assert [(placed[i].x, placed[i].y) for i in (2, 3)] == [(690.0, 380.0), (310.0, 380.0)]
    xs = {placed[i].x for i in placed}
    ys = {placed[i].y for i in placed}
    assert (len(xs), len(ys)) == (5, 3)
    assert (placed[4].angle, placed[5].angle) == (22.0, 202.0)


def test_a_group_on_the_outer_ring_fans_out_around_the_person_it_hangs_from():
    placed = ring_layout(1, [2, 3, 4, 5], [(6, 2), (7, 2), (8, 2)])
    assert [placed[i].angle for i in (6, 7, 8)] == [244.0, 270.0, 296.0]


def test_a_crowded_outer_ring_is_spaced_evenly():
    outer = [(pid, 2) for pid in range(10, 30)]
    placed = ring_layout(1, [2, 3, 4, 5], outer)
    angles = sorted(placed[pid].angle for pid, _ in outer)
    gaps = {round(b - a, 1) for a, b in itertools.pairwise(angles)}
    assert gaps == {18.0}


def test_layout_is_deterministic():
    args = (1, [5, 3, 9, 2, 8], [(20, 5), (21, 5), (22, 9), (23, 2), (24, 3)])
    assert ring_layout(*args) == ring_layout(*args)
    assert ring_layout(1, [], []) == {1: ring_layout(1, [], [])[1]}


def test_short_name_prefers_the_name_they_are_known_by(story):
    assert short_name(story.author) == "Lenin"
    assert short_name(story.brother) == "V. Kasparov"
    assert short_name(story.husband) == "Popov"
    nameless = PersonFactory(
        given_name="",
        patronymic="",
        surname="",
        description="Alliluyeva's father, a worker of long service",
    )
    assert short_name(nameless) == "Alliluyeva's father…"


def test_neighbourhood_draws_one_node_per_person_within_two_steps(story):
    graph = neighbourhood(subject=story.subject, case=story.case)
    assert [(n.person.ref, n.point.ring) for n in graph.nodes] == [
        ("P-k", 0), ("P-slava", 1), ("P-popov", 1), ("P-lenin", 2), ("P-sverdlov", 2),
    ]  # fmt: skip
    assert graph.left_out == 0
    assert [row.candidate.person.ref for row in graph.witnesses][:1] == ["P-lenin"]


def test_neighbourhood_marks_the_witness_paths_and_not_other_ties(story):
    friend = PersonFactory(ref="P-friend", surname="Znakomova", gender="female")
    friends_friend = PersonFactory(ref="P-ff", surname="Dalnyaya", gender="female")
    Relationship.objects.create(
        source=friend, target=story.subject, kind=RelationshipKind.ACQUAINTANCE
    )
    Relationship.objects.create(
        source=friend, target=friends_friend, kind=RelationshipKind.ACQUAINTANCE
    )
    graph = neighbourhood(subject=story.subject, case=story.case)
    by_pair = {(e.source.person.ref, e.target.person.ref): e.on_path for e in graph.edges}
    assert by_pair == {
        ("P-slava", "P-k"): True,
        ("P-popov", "P-k"): True,
        ("P-friend", "P-k"): True,
        ("P-lenin", "P-slava"): True,
        ("P-sverdlov", "P-popov"): True,
        ("P-friend", "P-ff"): False,  # an acquaintance's acquaintance is no witness path
    }
    assert graph.path_edge_count == 5


def test_focus_on_one_witness_marks_only_their_path(story):
    graph = neighbourhood(subject=story.subject, case=story.case, focus=story.author)
    focused = sorted((e.source.person.ref, e.target.person.ref) for e in graph.edges if e.focus)
    assert focused == [("P-lenin", "P-slava"), ("P-slava", "P-k")]
    assert sorted(n.person.ref for n in graph.nodes if n.focus) == ["P-k", "P-lenin", "P-slava"]


def test_neighbourhood_is_deterministic(story):
    first = neighbourhood(subject=story.subject, case=story.case)
    second = neighbourhood(subject=story.subject, case=story.case)
    assert [(n.person.pk, n.point) for n in first.nodes] == [
        (n.person.pk, n.point) for n in second.nodes
    ]
    assert [e.words for e in first.edges] == [e.words for e in second.edges]


def test_subject_with_no_ties_draws_only_the_subject(db):
    loner = PersonFactory(ref="P-alone")
    graph = neighbourhood(subject=loner)
    assert [n.person.ref for n in graph.nodes] == ["P-alone"]
    assert (graph.edges, graph.witnesses) == ([], [])


def test_the_people_asked_are_drawn_joined_to_the_subject_by_their_inquiry(story, clerk):
    services.ask(
        actor=clerk, subject=story.subject,
        recipient=story.stalin, case=story.case, question="Who knows her well?",
        urgency="urgent", due_on=dt.date(1921, 12, 27),
    )  # fmt: skip
    graph = neighbourhood(subject=story.subject, case=story.case)
    assert [(n.person.ref, n.point.ring) for n in graph.nodes] == [
        ("P-k", 0), ("P-slava", 1), ("P-popov", 1), ("P-stalin", 1),
        ("P-lenin", 2), ("P-sverdlov", 2),
    ]  # fmt: skip
    asked = [e for e in graph.edges if e.asked]
    assert [(e.source.person.ref, e.target.person.ref, e.css) for e in asked] == [
        ("P-stalin", "P-k", "edge asked")
    ]
    assert asked[0].words == (
        "Iosif Vissarionovich Dzhugashvili (Stalin) — asked by the commission about — "
        "Yevgenia Kasparova-Popova"
    )
