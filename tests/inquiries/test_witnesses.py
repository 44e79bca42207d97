from __future__ import annotations

import datetime as dt

from django.utils import translation

from commission.cases import models as case_models
from commission.core.services import system_actor
from commission.inquiries import services, witnesses
from commission.inquiries.witnesses import find_witnesses
from commission.registry.enums import RelationshipKind
from commission.registry.models import Relationship
from tests.factories import PersonFactory


def test_author_found_through_her_brother_with_the_path(story):
    found = {c.person.ref: c for c in find_witnesses(subject=story.subject, case=story.case)}
    lenin = found["P-lenin"]
    assert lenin.paths == [
        "knew abroad Vyacheslav Mikhailovich Kasparov, her brother (very well, abroad after 1905)"
    ]
    assert lenin.marks == set()


def test_sverdlov_found_through_her_husband_and_marked_deceased(story):
    found = {c.person.ref: c for c in find_witnesses(subject=story.subject, case=story.case)}
    assert found["P-sverdlov"].paths == ["sent on assignment Popov, her husband"]
    assert found["P-sverdlov"].marks == {"deceased"}


def test_relatives_themselves_are_direct_candidates(story):
    found = {c.person.ref: c for c in find_witnesses(subject=story.subject)}
    assert found["P-slava"].paths == ["sibling of Yevgenia Kasparova-Popova"]
    assert "deceased" in found["P-slava"].marks


def test_people_already_asked_are_listed_and_marked(story):
    services.ask(
        actor=system_actor(), subject=story.subject, recipient=story.stalin, case=story.case,
        question="Who else knows her well?", due_on=dt.date(1921, 12, 27), urgency="urgent",
        source_document=story.note,
    )  # fmt: skip
    found = {c.person.ref: c for c in find_witnesses(subject=story.subject, case=story.case)}
    assert found["P-stalin"].marks == {"asked"}
    assert found["P-stalin"].paths == [
        "asked by the commission (urgent, sent, due 27 December 1921)"
    ]


def test_the_paths_are_written_in_the_readers_language(story):
    services.ask(
        actor=system_actor(), subject=story.subject, recipient=story.stalin, case=story.case,
        question="Who else knows her well?", due_on=dt.date(1921, 12, 27), urgency="urgent",
        source_document=story.note,
    )  # fmt: skip
    with translation.override("ru"):
        found = {c.person.ref: c for c in find_witnesses(subject=story.subject, case=story.case)}
    assert found["P-sverdlov"].paths[0].endswith("Popov, её муж")
    assert (
        found["P-lenin"]
        .paths[0]
        .endswith("Vyacheslav Mikhailovich Kasparov, её брат (very well, abroad after 1905)")
    )
    assert found["P-stalin"].paths == ["запрос комиссии (срочно, направлено, срок 27 декабря 1921)"]


def test_first_hand_knowledge_ranks_above_a_relative_of_a_relative(story):
    colleague = PersonFactory(ref="P-colleague", surname="Rabotnikova")
    Relationship.objects.create(
        source=colleague, target=story.subject, kind=RelationshipKind.OBSERVED_WORK, strength=4,
        started_on=dt.date(1918, 1, 1), ended_on=dt.date(1921, 6, 1),
    )  # fmt: skip
    ranked = [c.person.ref for c in find_witnesses(subject=story.subject, case=story.case)]
    assert ranked[:2] == ["P-colleague", "P-lenin"]
    assert ranked.index("P-lenin") < ranked.index("P-sverdlov")  # the dead cannot be asked


def test_commissioners_and_their_family_are_marked(story):
    cousin = PersonFactory(ref="P-cousin", surname="Zalutskaya")
    Relationship.objects.create(
        source=cousin, target=story.chair_person, kind=RelationshipKind.RELATIVE
    )
    Relationship.objects.create(
        source=cousin, target=story.subject, kind=RelationshipKind.ACQUAINTANCE
    )
    Relationship.objects.create(
        source=story.chair_person, target=story.subject, kind=RelationshipKind.ACQUAINTANCE
    )
    found = {c.person.ref: c for c in find_witnesses(subject=story.subject, case=story.case)}
    assert found["P-chair"].marks == {"recused"}
    assert found["P-cousin"].marks == {"tied to a commissioner"}


def test_subject_with_no_ties_has_no_candidates(db):
    loner = PersonFactory(ref="P-alone")
    assert find_witnesses(subject=loner) == []


def test_cycles_in_the_graph_do_not_repeat_or_loop(story):
    Relationship.objects.create(
        source=story.author, target=story.subject, kind=RelationshipKind.CORRESPONDENT
    )
    Relationship.objects.create(
        source=story.husband, target=story.brother, kind=RelationshipKind.ACQUAINTANCE
    )
    found = find_witnesses(subject=story.subject)
    refs = [c.person.ref for c in found]
    assert len(refs) == len(set(refs))
    assert "P-k" not in refs
    lenin = next(c for c in found if c.person.ref == "P-lenin")
    assert lenin.paths[0] == "wrote to Yevgenia Kasparova-Popova" or len(lenin.paths) == 2
    assert len(lenin.paths) == 2


def test_a_tie_between_two_relatives_counts_once_from_its_source(story):
    Relationship.objects.create(
        source=story.brother, target=story.husband, kind=RelationshipKind.ACQUAINTANCE
    )
    found = {c.person.ref: c for c in find_witnesses(subject=story.subject)}
    assert found["P-popov"].paths == [
        "spouse of Yevgenia Kasparova-Popova",
        "acquainted with Vyacheslav Mikhailovich Kasparov, her brother",
    ]
    assert found["P-slava"].paths == ["sibling of Yevgenia Kasparova-Popova"]


def test_a_tie_recorded_just_before_the_search_is_found(story):
    assert "P-stalin" not in {c.person.ref for c in find_witnesses(subject=story.subject)}
    Relationship.objects.create(
        source=story.stalin, target=story.husband, kind=RelationshipKind.COLLEAGUE, strength=4
    )
    found = {c.person.ref: c for c in find_witnesses(subject=story.subject)}
    assert found["P-stalin"].paths == ["colleague of Popov, her husband"]


def test_only_the_strongest_ties_of_each_relative_are_read(story, monkeypatch):
    weak = PersonFactory(ref="P-weak")
    Relationship.objects.create(
        source=weak, target=story.brother, kind=RelationshipKind.CORRESPONDENT, strength=1
    )
    assert "P-weak" in {c.person.ref for c in find_witnesses(subject=story.subject)}
    # Two relatives share four rows: one per relative on each side, so only the brother's
    # strongest tie on the incoming side (from Lenin) is read.
    monkeypatch.setattr(witnesses, "MAX_SECOND_STEP_ROWS", 4)
    refs = {c.person.ref for c in find_witnesses(subject=story.subject)}
    assert refs == {"P-slava", "P-popov", "P-lenin", "P-sverdlov"}


def test_only_the_strongest_ties_of_the_subject_are_read_on_each_side(story, monkeypatch):
    strong = PersonFactory(ref="P-strong")
    faint = PersonFactory(ref="P-faint")
    Relationship.objects.create(
        source=story.subject, target=strong, kind=RelationshipKind.RECOMMENDED, strength=4
    )
    Relationship.objects.create(
        source=story.subject, target=faint, kind=RelationshipKind.RECOMMENDED, strength=2
    )
    monkeypatch.setattr(witnesses, "MAX_DIRECT", 1)
    refs = {c.person.ref for c in find_witnesses(subject=story.subject)}
    # Brother and husband are equally close; the one recorded first is read.
    assert refs == {"P-strong", "P-slava", "P-lenin"}


def test_people_testifying_are_marked(story):
    case_models.Testimony.objects.create(
        case=story.case, document=story.note, witness=story.author, stance="for",
        basis="knows_relative",
    )  # fmt: skip
    found = {c.person.ref: c for c in find_witnesses(subject=story.subject, case=story.case)}
    assert found["P-lenin"].marks == {"testifying"}
    assert found["P-sverdlov"].marks == {"deceased"}


def test_someone_asked_without_a_known_tie_ranks_by_the_asked_baseline(story):
    for recipient in (story.stalin, story.chair_person):
        services.ask(
            actor=system_actor(), subject=story.subject, recipient=recipient, case=story.case,
            question="What do you know of her?", due_on=dt.date(1921, 12, 27), urgency="normal",
            source_document=story.note,
        )  # fmt: skip
    found = find_witnesses(subject=story.subject, case=story.case)
    ranked = [(c.person.ref, c.score, sorted(c.marks)) for c in found]
    assert ranked == [
        ("P-lenin", 0.21, []),
        ("P-stalin", 0.2, ["asked"]),
        ("P-chair", 0.2, ["asked", "recused"]),
        ("P-slava", 0.18, ["deceased"]),
        ("P-popov", 0.18, ["deceased"]),
        ("P-sverdlov", 0.0216, ["deceased"]),
    ]


def test_the_living_come_first_however_far_down_the_ties_they_are(story):
    # The three strongest ties lead to the husband, the brother (both dead) and Lenin; the one
    # other living person is tied only faintly, yet ranks above the dead.
    faint = PersonFactory(ref="P-faint", surname="Dalnyaya")
    Relationship.objects.create(
        source=faint, target=story.subject, kind=RelationshipKind.CORRESPONDENT, strength=1
    )
    found = find_witnesses(subject=story.subject, limit=2)
    assert [(c.person.ref, c.score) for c in found] == [("P-lenin", 0.21), ("P-faint", 0.06)]
