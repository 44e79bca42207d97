from __future__ import annotations

import datetime as dt

from commission.core.services import system_actor
from commission.inquiries import services
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
