from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from commission.cases import models, queries, rules, services
from commission.cases.enums import CaseKind, CaseState, HearingState
from commission.cases.models import (
    Case,
    CaseDocument,
    Decision,
    Ground,
    Hearing,
    HearingAttendance,
    RecusalOverride,
    Vote,
)
from commission.documents.models import Document
from commission.registry.enums import RelationshipKind
from commission.registry.models import Relationship
from tests.factories import PersonFactory

START = dt.datetime(1921, 11, 1, 10, 0, tzinfo=dt.UTC)


def _big_case(h, chair) -> Case:
    """A case with 200 documents, 20 hearings and 10 decisions with votes, built row by row
    (no service lets one case carry ten decisions; the page must still show them)."""
    a, b, c = h.district_commissioners
    case = Case.objects.create(
        ref="K-big", subject=h.subject, commission=h.district, kind=CaseKind.EXPULSION,
        state=CaseState.DECIDED, title="Expulsion: Nadezhda Sergeyevna Alliluyeva",
        due_on=dt.date(1921, 12, 24), opened_on=dt.date(1921, 11, 1),
    )  # fmt: skip
    documents = Document.objects.bulk_create(
        Document(title=f"Letter {i:03d}", text=f"text {i}", fingerprint=f"{i:064x}")
        for i in range(200)
    )
    CaseDocument.objects.bulk_create(
        CaseDocument(
            case=case,
            document=d,
            role="evidence",
            filed_at=START + dt.timedelta(hours=i, days=0 if i < 150 else 30),
        )
        for i, d in enumerate(documents)
    )
    hearings = Hearing.objects.bulk_create(
        Hearing(
            case=case,
            commission=h.district,
            starts_at=START + dt.timedelta(days=i),
            place="Room 4",
            state=HearingState.HELD,
            minutes=f"Minutes of sitting {i}.",
        )
        for i in range(20)
    )
    HearingAttendance.objects.bulk_create(
        HearingAttendance(hearing=hearing, person=p, present=p != c)
        for hearing in hearings
        for p in (a, b, c)
    )
    witness = PersonFactory(ref="P-witness", given_name="Vladimir", surname="Svidetelev")
    models.Testimony.objects.create(
        case=case, document=documents[0], witness=witness, stance="for", basis="observed_work",
        period="since 1917",
    )  # fmt: skip
    # a is the subject's brother; b's colleague is married to the witness.
    Relationship.objects.create(source=a, target=h.subject, kind=RelationshipKind.SIBLING)
    middle = PersonFactory(ref="P-middle", given_name="Pyotr", surname="Srednev")
    Relationship.objects.create(source=b, target=middle, kind=RelationshipKind.COLLEAGUE)
    Relationship.objects.create(source=middle, target=witness, kind=RelationshipKind.SPOUSE)
    passivity = Ground.objects.get(code="passivity")
    for i in range(10):
        decision = Decision.objects.create(
            case=case, outcome="reprimand", decided_on=dt.date(1921, 12, 1 + i),
            reasons=f"Reasons number {i}.", appeal_deadline=dt.date(1921, 12, 15 + i),
        )  # fmt: skip
        # Each decision saw the first 150 documents; the last 50 arrived after all of them.
        Decision.objects.filter(pk=decision.pk).update(recorded_at=START + dt.timedelta(days=8))
        decision.grounds.add(passivity)
        decision.documents_on_file.set(documents[:150])
        Vote.objects.bulk_create(
            [
                Vote(decision=decision, commissioner=a, choice="for"),
                Vote(decision=decision, commissioner=b, choice="for"),
                Vote(decision=decision, commissioner=c, choice="against"),
            ]
        )
    return case


# The case page's query budget: the file in its few queries (queries.case_file), the page's own
# reads, one query each for the tags and the notes beside the documents, and the installation's
# calendar for the banner when it is not in the cache; and, on every signed-in request, whether
# the account has a second factor and which commissions a clerk is posted to.
PAGE_QUERIES = 18


def test_case_page_of_a_large_file_runs_a_bounded_number_of_queries(
    client, chair, hierarchy, django_assert_max_num_queries
):
    case = _big_case(hierarchy, chair)
    client.force_login(chair)
    with django_assert_max_num_queries(PAGE_QUERIES):
        response = client.get(reverse("cases:detail", args=[case.ref]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Documents on file (200)" in page
    assert page.count('class="decision card"') == 10
    assert page.count("The commission had 150 documents on file when it decided") == 10
    assert page.count("Material that arrived after this decision (50)") == 10
    # Each document is listed once, with the decisions that saw it; only the latest decision
    # lists its late material in full.
    assert page.count("<li>Letter 199 (evidence, filed ") == 1
    assert page.count(">1–10</td>") == 150
    assert page.count("2 for, 1 against, 0 abstaining") == 10
    assert page.count("Passivity: takes no part in the organisation") == 10
    assert "Reasons number 9." in page
    assert page.count("Minutes of sitting") == 20
    assert page.count(
        "Present: Ivan Petrovich KomissarovDistrict0, Ivan Petrovich KomissarovDistrict1. "
        "Absent: Ivan Petrovich KomissarovDistrict2."
    ) == 20  # fmt: skip
    assert "Ivan Petrovich KomissarovDistrict0 is sibling of the subject, " in page
    assert (
        "Ivan Petrovich KomissarovDistrict1 is colleague of Pyotr Petrovich Srednev, who is "
        "tied (spouse of) to the witness Vladimir Petrovich Svidetelev." in page
    )
    assert page.count("Must stand aside") == 2


def test_appeal_case_page_names_the_decision_appealed_within_the_budget(
    client, chair, hierarchy, django_assert_max_num_queries
):
    big = _big_case(hierarchy, chair)
    decision = Decision.objects.filter(case=big).order_by("id").last()
    appeal = Case.objects.create(
        ref="K-appeal", subject=hierarchy.subject, commission=hierarchy.gubernia,
        kind=CaseKind.APPEAL, appeals=decision, title="Appeal: Alliluyeva",
    )  # fmt: skip
    client.force_login(chair)
    with django_assert_max_num_queries(PAGE_QUERIES):
        response = client.get(reverse("cases:detail", args=[appeal.ref]))
    page = response.content.decode()
    assert (
        f'href="/cases/K-big/#decision-{decision.pk}">Reprimand: decision of 10 December 1921 '
        f"on the {big.get_kind_display()} of {hierarchy.subject.display_name}</a>"
    ) in page
    assert "K-big<" not in page  # the reference stays in the address


def test_page_query_count_does_not_grow_with_the_file(
    client, chair, hierarchy, django_assert_max_num_queries, letter
):
    case = services.open_case(
        actor=chair, subject=hierarchy.subject, commission=hierarchy.district,
        kind=CaseKind.EXPULSION,
    )  # fmt: skip
    services.file_document(actor=chair, case=case, document=letter, role="evidence")
    client.force_login(chair)
    with django_assert_max_num_queries(PAGE_QUERIES):
        assert client.get(reverse("cases:detail", args=[case.ref])).status_code == 200


def test_seat_recusals_say_what_the_rule_says(chair, hierarchy, letter):
    """The case page computes recusal for all seats in one query; the sentences must be the
    rule's own, one commissioner at a time."""
    a, b, c = hierarchy.district_commissioners
    witness = PersonFactory(ref="P-w", surname="Svidetelev")
    middle = PersonFactory(ref="P-m", surname="Srednev")
    other = PersonFactory(ref="P-o", surname="Drugov")
    Relationship.objects.create(source=a, target=hierarchy.subject, kind=RelationshipKind.PARENT)
    Relationship.objects.create(source=hierarchy.subject, target=b, kind=RelationshipKind.PARENT)
    Relationship.objects.create(source=b, target=middle, kind=RelationshipKind.SUPERVISED_WORK)
    Relationship.objects.create(source=middle, target=witness, kind=RelationshipKind.SIBLING)
    Relationship.objects.create(source=c, target=other, kind=RelationshipKind.KNEW_ABROAD)
    case = services.open_case(
        actor=chair, subject=hierarchy.subject, commission=hierarchy.district,
        kind=CaseKind.EXPULSION,
    )  # fmt: skip
    services.record_testimony(
        actor=chair, case=case, document=letter, witness=witness, stance="for",
        basis="observed_work",
    )  # fmt: skip
    services.record_testimony(
        actor=chair, case=case, document=letter, witness=c, stance="against", basis="hearsay",
    )  # fmt: skip
    people = [a, b, c]
    many = rules.recusal_reasons_for(case, people, [witness, c])
    for person in people:
        assert many[person.pk] == rules.recusal_reasons(case, person)
    assert many[a.pk] == [f"{a.display_name} is parent of the subject, Nadezhda Sergeyevna "
                          "Alliluyeva."]  # fmt: skip
    assert many[b.pk] == [
        f"{b.display_name} is child of the subject, Nadezhda Sergeyevna Alliluyeva.",
        f"{b.display_name} is supervised the work of {middle.display_name}, who is tied "
        f"(sibling of) to the witness {witness.display_name}.",
    ]
    assert many[c.pk] == [f"{c.display_name} is the witness {c.display_name} of this case."]


def test_case_file_shows_overrides_on_their_seats(chair, hierarchy):
    a = hierarchy.district_commissioners[0]
    Relationship.objects.create(source=a, target=hierarchy.subject, kind=RelationshipKind.SPOUSE)
    case = services.open_case(
        actor=chair, subject=hierarchy.subject, commission=hierarchy.district,
        kind=CaseKind.EXPULSION,
    )  # fmt: skip
    services.override_recusal(actor=chair, case=case, commissioner=a, reason="Only quorum.")
    cf = queries.case_file(case_id=case.pk)
    seat = next(s for s in cf.seats if s.commissioner.person_id == a.pk)
    assert seat.ties == [f"{a.display_name} is spouse of the subject, Nadezhda Sergeyevna "
                         "Alliluyeva."]  # fmt: skip
    assert seat.overridden is not None
    assert seat.overridden.pk == RecusalOverride.objects.get().pk
    assert (seat.overridden.reason, seat.overridden_by) == ("Only quorum.", "chair")
    assert not seat.must_stand_aside


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["K-3", "K-2", "K-1"]),
        ({"state": "ready"}, ["K-2"]),
        ({"kind": "verification"}, ["K-3"]),
        ({"commission": "C-gub"}, ["K-3"]),
        ({"overdue": True}, ["K-1"]),
        ({"subject": "P-subject"}, ["K-3", "K-2", "K-1"]),
    ],
)
def test_case_list_filters(chair, hierarchy, filters, expected):
    today = dt.date(1921, 12, 20)
    rows = [
        ("K-1", hierarchy.district, "expulsion", "open", dt.date(1921, 12, 1)),
        ("K-2", hierarchy.district, "expulsion", "ready", dt.date(1922, 1, 1)),
        ("K-3", hierarchy.gubernia, "verification", "closed", dt.date(1921, 12, 1)),
    ]
    for ref, commission, kind, state, due in rows:
        Case.objects.create(
            ref=ref, subject=hierarchy.subject, commission=commission, kind=kind, state=state,
            due_on=due,
        )  # fmt: skip
    found = queries.case_list(user=chair, today=today, **filters)
    assert [c.ref for c in found] == expected


def test_member_sees_only_their_own_cases(member, chair, hierarchy):
    mine = Case.objects.create(
        ref="K-mine", subject=hierarchy.subject, commission=hierarchy.district, kind="expulsion"
    )
    Case.objects.create(
        ref="K-other", subject=hierarchy.district_commissioners[0],
        commission=hierarchy.district, kind="expulsion",
    )  # fmt: skip
    assert list(queries.case_list(user=member)) == []
    hierarchy.subject.user = member
    hierarchy.subject.save()
    assert [c.ref for c in queries.case_list(user=member)] == ["K-mine"]
    assert queries.can_see_case(member, mine)
    assert not queries.can_see_case(member, Case.objects.get(ref="K-other"))
