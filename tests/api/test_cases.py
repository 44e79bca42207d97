# The fixtures imported from tests/cases/conftest.py come back as test arguments of the same name.
# ruff: noqa: F811
from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from commission.audit.models import AuditEvent
from commission.cases import services
from commission.cases.enums import CaseKind, CaseState, DecisionOutcome
from commission.cases.models import (
    Case,
    CaseDocument,
    CaseTransition,
    Decision,
    Hearing,
    HearingAttendance,
    RecusalOverride,
    Vote,
)
from commission.documents.models import Document
from commission.registry.enums import RelationshipKind
from commission.registry.models import Membership, MembershipStatusChange, Relationship
from tests.cases.conftest import DECIDED_ON, hierarchy, letter  # noqa: F401
from tests.factories import MembershipFactory, PersonFactory

CASES = "/api/v1/cases/"
REFUSED = "You may not use the commission's cases: your role does not allow it."
SUBJECT = {"ref": "P-subject", "display_name": "Nadezhda Sergeyevna Alliluyeva"}
PASSIVITY = {"code": "passivity", "label": "Passivity: takes no part in the organisation's work"}


def stamp(value: dt.datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


@pytest.fixture
def case_state(db):
    """Every case row and audit event, to show that a refused request changed nothing."""

    def state() -> dict[str, list[dict[str, Any]]]:
        return {
            model.__name__: list(model.objects.order_by("pk").values())
            for model in (
                Case, CaseTransition, CaseDocument, Hearing, HearingAttendance, Decision, Vote,
                RecusalOverride, Membership, MembershipStatusChange, AuditEvent,
            )
        }  # fmt: skip

    return state


def open_case(actor, h, **kw) -> Case:
    return services.open_case(
        actor=actor, subject=h.subject, commission=h.district, kind=CaseKind.EXPULSION,
        opened_on=dt.date(1921, 12, 1), **kw,
    )  # fmt: skip


def ready(actor, case) -> Case:
    return services.transition_case(
        actor=actor, case=case, to_state=CaseState.READY, reason="file complete",
        expected_version=case.version,
    )  # fmt: skip


def expel(chair, h, case=None) -> Decision:
    case = case or ready(chair, open_case(chair, h))
    return services.record_decision(
        actor=chair, case=case, expected_version=case.version, outcome=DecisionOutcome.EXPEL,
        reasons="Did not take part in the cell's work for a year.",
        votes=dict.fromkeys(h.district_commissioners, "for"), decided_on=DECIDED_ON,
        grounds=["passivity"],
    )  # fmt: skip


def votes_for(people, choice="for") -> list[dict[str, str]]:
    return [{"commissioner": p.ref, "choice": choice} for p in people]


# --- The list ------------------------------------------------------------------------------


def test_list_shows_each_case_with_its_state_and_deadline(api, commissioner, chair, hierarchy):
    case = open_case(chair, hierarchy)

    answer = api(commissioner).get(CASES)

    assert answer.status_code == 200
    assert answer.json() == {
        "count": 1,
        "next": None,
        "previous": None,
        "results": [
            {
                "ref": case.ref,
                "title": "Expulsion of Nadezhda Sergeyevna Alliluyeva",
                "subject": SUBJECT,
                "commission": "C-dist",
                "kind": "expulsion",
                "state": "open",
                "state_since": stamp(case.state_since),
                "due_on": "1921-12-31",
                "overdue": True,
                "confidential": False,
                "opened_on": "1921-12-01",
                "appeals": None,
                "reopens": None,
                "version": 1,
            }
        ],
    }


def test_list_filters_by_commission_state_kind_subject_and_overdue(api, chair, hierarchy):
    first = open_case(chair, hierarchy)
    other = PersonFactory(ref="P-other")
    MembershipFactory(person=other, organisation=hierarchy.district.organisation)
    second = services.open_case(
        actor=chair, subject=other, commission=hierarchy.gubernia, kind=CaseKind.VERIFICATION,
    )  # fmt: skip
    services.transition_case(
        actor=chair, case=second, to_state="gathering", reason="asking", expected_version=1
    )
    client = api(chair)

    def refs(**query) -> list[str]:
        return [row["ref"] for row in client.get(CASES, query).json()["results"]]

    assert refs() == [second.ref, first.ref]
    assert refs(commission="C-dist") == [first.ref]
    assert refs(state="gathering") == [second.ref]
    assert refs(kind="verification") == [second.ref]
    assert refs(subject="P-other") == [second.ref]
    # The first file was due in 1921; the second, opened today, has thirty days to go.
    assert refs(overdue="true") == [first.ref]


def test_list_refuses_an_unknown_state_naming_the_field(api, chair, hierarchy):
    answer = api(chair).get(CASES, {"state": "pending"})

    sentence = (
        '"pending" is not a case state; use one of open, gathering, ready, hearing, decided, '
        "appealed, closed, withdrawn."
    )
    assert answer.status_code == 400
    assert answer.json() == {"detail": f"state: {sentence}", "errors": {"state": [sentence]}}


def test_a_member_sees_only_their_own_cases(api, member, chair, hierarchy):
    own = open_case(chair, hierarchy)
    other = PersonFactory(ref="P-other")
    MembershipFactory(person=other, organisation=hierarchy.district.organisation)
    services.open_case(
        actor=chair, subject=other, commission=hierarchy.district, kind=CaseKind.EXPULSION
    )
    hierarchy.subject.user = member
    hierarchy.subject.save()
    client = api(member)

    listed = client.get(CASES)
    hidden = client.get(f"{CASES}{Case.objects.get(subject=other).ref}/")

    assert [row["ref"] for row in listed.json()["results"]] == [own.ref]
    assert client.get(f"{CASES}{own.ref}/").status_code == 200
    assert hidden.status_code == 404


@pytest.mark.parametrize("persona", ["member", "outsider"])
def test_without_a_case_role_or_a_case_of_ones_own_reading_is_refused(
    api, request, chair, hierarchy, persona
):
    open_case(chair, hierarchy)

    answer = api(request.getfixturevalue(persona)).get(CASES)

    assert answer.status_code == 403
    assert answer.json() == {"detail": REFUSED}


def test_a_clerk_does_not_see_a_confidential_case(api, clerk, chair, hierarchy):
    case = open_case(chair, hierarchy, confidential=True)
    client = api(clerk)

    assert client.get(CASES).json()["count"] == 0
    answer = client.get(f"{CASES}{case.ref}/")
    assert answer.status_code == 404
    assert answer.json() == {"detail": f"There is no case with the reference {case.ref}."}


# --- Opening -------------------------------------------------------------------------------


def test_clerk_opens_a_case(api, clerk, hierarchy):
    answer = api(clerk).post(
        CASES,
        {"subject": "P-subject", "commission": "C-dist", "kind": "expulsion",
         "opened_on": "1921-12-01", "summary": "Passive for a year."},
        format="json",
    )  # fmt: skip

    assert answer.status_code == 201
    case = Case.objects.get()
    body = answer.json()
    assert (body["ref"], body["state"], body["due_on"], body["summary"]) == (
        case.ref, "open", "1921-12-31", "Passive for a year.",
    )  # fmt: skip
    assert (case.subject, case.commission, case.opened_by) == (
        hierarchy.subject, hierarchy.district, clerk,
    )  # fmt: skip
    assert [
        (t["from_state"], t["to_state"], t["by"], t["reason"]) for t in body["transitions"]
    ] == [("", "open", "clerk", "opened")]
    assert [s["person"]["ref"] for s in body["seats"]] == [
        "P-district-0", "P-district-1", "P-district-2",
    ]  # fmt: skip


def test_opening_a_case_names_the_unknown_subject(api, clerk, hierarchy, case_state):
    before = case_state()

    answer = api(clerk).post(
        CASES, {"subject": "P-nobody", "commission": "C-dist", "kind": "purge"}, format="json"
    )

    assert answer.status_code == 400
    assert answer.json()["errors"] == {
        "subject": ["There is no person with the reference P-nobody."],
        "kind": [
            '"purge" is not a kind of case; use one of verification, expulsion, appeal, reopening.'
        ],
    }
    assert case_state() == before


def test_a_case_about_someone_outside_the_organisation_is_refused(
    api, clerk, hierarchy, case_state
):
    PersonFactory(ref="P-stranger", given_name="Karl", patronymic="", surname="Radek")
    before = case_state()

    answer = api(clerk).post(
        CASES, {"subject": "P-stranger", "commission": "C-dist", "kind": "expulsion"}, format="json"
    )

    sentence = (
        "Karl Radek has no membership of RCP(b); a commission of that organisation cannot hear "
        "a case about them."
    )
    assert answer.status_code == 422
    assert answer.json() == {"detail": sentence, "errors": {"subject": [sentence]}}
    assert case_state() == before


@pytest.mark.parametrize(
    ("persona", "sentence"),
    [
        ("commissioner", "You may not open cases: your role does not allow it."),
        ("auditor", "You may not open cases: your role does not allow it."),
        ("member", REFUSED),
    ],
)
def test_only_case_clerks_and_chairs_open_cases(
    api, request, hierarchy, case_state, persona, sentence
):
    user = request.getfixturevalue(persona)
    hierarchy.subject.user = user  # even the subject of a case may not open one
    hierarchy.subject.save()
    before = case_state()

    answer = api(user).post(
        CASES, {"subject": "P-subject", "commission": "C-dist", "kind": "expulsion"}, format="json"
    )

    assert answer.status_code == 403
    assert answer.json() == {"detail": sentence}
    assert case_state() == before


# --- The case file -------------------------------------------------------------------------


def test_the_case_file_holds_decisions_votes_documents_late_material_and_seats(
    api, commissioner, chair, hierarchy, letter
):
    case = ready(chair, open_case(chair, hierarchy))
    services.file_document(actor=chair, case=case, document=letter, role="evidence")
    case.refresh_from_db()
    decision = expel(chair, hierarchy, case)
    late = Document.objects.create(title="Late letter", text="t", fingerprint="e" * 64)
    late_filing = services.file_document(actor=chair, case=case, document=late, role="testimony")
    Relationship.objects.create(
        source=hierarchy.district_commissioners[1], target=hierarchy.subject,
        kind=RelationshipKind.SIBLING,
    )  # fmt: skip

    answer = api(commissioner).get(f"{CASES}{case.ref}/")

    assert answer.status_code == 200
    body = answer.json()
    assert (body["state"], body["version"], body["due_on"]) == ("decided", 3, "1921-12-24")
    assert [(t["from_state"], t["to_state"], t["reason"]) for t in body["transitions"]] == [
        ("", "open", "opened"),
        ("open", "ready", "file complete"),
        ("ready", "decided", "decided: expel"),
    ]
    letter_ref = {"id": letter.pk, "kind": "letter", "title": "Letter in the member's favour",
                  "written_on": None}  # fmt: skip
    late_ref = {"id": late.pk, "kind": "letter", "title": "Late letter", "written_on": None}
    assert [(f["document"], f["role"], f["filed_by"]) for f in body["filings"]] == [
        (letter_ref, "evidence", "chair"),
        (late_ref, "testimony", "chair"),
    ]
    people = [
        {"ref": p.ref, "display_name": p.display_name} for p in hierarchy.district_commissioners
    ]
    assert body["decisions"] == [
        {
            "id": decision.pk,
            "outcome": "expel",
            "decided_on": "1921-12-10",
            "reasons": "Did not take part in the cell's work for a year.",
            "term_until": None,
            "appeal_deadline": "1921-12-24",
            "hearing": None,
            "rules_version": None,
            "grounds": [PASSIVITY],
            "votes": [{"commissioner": p, "choice": "for"} for p in people],
            "count": {"for": 3, "against": 0, "abstain": 0, "carried": True,
                      "summary": "3 for, 0 against, 0 abstaining"},
            "documents_on_file": [letter.pk],
            "late_material": [
                {"document": late_ref, "role": "testimony", "filed_at": stamp(late_filing.filed_at),
                 "filed_by": "chair", "note": ""}
            ],
            "reported_by": None,
            "recorded_at": stamp(decision.recorded_at),
            "recorded_by": "chair",
            "appealed_in": None,
            "reopened_in": None,
        }
    ]  # fmt: skip
    assert [(s["person"]["ref"], s["role"], s["recusal_reasons"], s["must_stand_aside"],
             s["override"]) for s in body["seats"]] == [
        ("P-district-0", "chair", [], False, None),
        ("P-district-1", "member", [
            "Ivan Petrovich KomissarovDistrict1 is sibling of the subject, "
            "Nadezhda Sergeyevna Alliluyeva."
        ], True, None),
        ("P-district-2", "member", [], False, None),
    ]  # fmt: skip
    assert AuditEvent.objects.filter(action="case.read").count() == 0


def test_reading_a_confidential_case_is_logged(api, commissioner, chair, hierarchy):
    case = open_case(chair, hierarchy, confidential=True)

    answer = api(commissioner).get(f"{CASES}{case.ref}/")

    assert answer.status_code == 200
    assert answer.json()["confidential"] is True
    assert list(
        AuditEvent.objects.filter(action="case.read").values_list("actor_name", "summary")
    ) == [("commissioner", f"commissioner read the confidential {case}.")]


def test_the_subject_reading_their_own_confidential_case_is_logged_as_such(
    api, member, chair, hierarchy
):
    case = open_case(chair, hierarchy, confidential=True)
    hierarchy.subject.user = member
    hierarchy.subject.save()

    answer = api(member).get(f"{CASES}{case.ref}/")

    assert answer.status_code == 200
    (event,) = AuditEvent.objects.filter(action="case.read")
    assert event.actor == member
    assert event.summary.endswith("(their own case).")


# --- Moves ---------------------------------------------------------------------------------


def test_clerk_moves_a_case_to_gathering(api, clerk, chair, hierarchy):
    case = open_case(chair, hierarchy)

    answer = api(clerk).post(
        f"{CASES}{case.ref}/transition/",
        {"to_state": "gathering", "reason": "asking witnesses", "version": 1},
        format="json",
    )

    assert answer.status_code == 200
    assert (answer.json()["state"], answer.json()["version"]) == ("gathering", 2)
    case.refresh_from_db()
    assert case.state == CaseState.GATHERING


def test_a_stale_version_answers_409_and_changes_nothing(api, clerk, chair, hierarchy, case_state):
    case = open_case(chair, hierarchy)
    ready(chair, case)
    before = case_state()

    answer = api(clerk).post(
        f"{CASES}{case.ref}/transition/",
        {"to_state": "gathering", "reason": "asking witnesses", "version": 1},
        format="json",
    )

    assert answer.status_code == 409
    assert answer.json() == {
        "detail": "Expulsion of Nadezhda Sergeyevna Alliluyeva was changed by someone else while "
        "you were working on it (it is now ready for hearing). Reload the case and try again."
    }
    assert case_state() == before


def test_a_move_the_role_may_not_make_answers_403(api, clerk, chair, hierarchy, case_state):
    case = open_case(chair, hierarchy)
    before = case_state()

    answer = api(clerk).post(
        f"{CASES}{case.ref}/transition/",
        {"to_state": "withdrawn", "reason": "no grounds", "version": 1},
        format="json",
    )

    assert answer.status_code == 403
    assert answer.json() == {"detail": "You may not move a case to withdrawn: your role does not "
                             "allow it."}  # fmt: skip
    assert case_state() == before


def test_a_move_the_process_does_not_allow_answers_422(api, chair, hierarchy, case_state):
    case = open_case(chair, hierarchy)
    before = case_state()

    answer = api(chair).post(
        f"{CASES}{case.ref}/transition/",
        {"to_state": "decided", "reason": "x", "version": 1},
        format="json",
    )

    sentence = "A case that is open cannot become decided."
    assert answer.status_code == 422
    assert answer.json() == {"detail": sentence, "errors": {"state": [sentence]}}
    assert case_state() == before


def test_an_auditor_reads_but_cannot_move_a_case(api, auditor, chair, hierarchy, case_state):
    case = open_case(chair, hierarchy)
    before = case_state()

    answer = api(auditor).post(
        f"{CASES}{case.ref}/transition/",
        {"to_state": "gathering", "reason": "x", "version": 1},
        format="json",
    )

    assert answer.status_code == 403
    assert answer.json() == {
        "detail": "You may not move a case to gathering material: your role does not allow it."
    }
    assert case_state() == before


# --- Hearings ------------------------------------------------------------------------------


def test_chair_schedules_postpones_and_cancels_a_hearing(api, chair, hierarchy):
    case = ready(chair, open_case(chair, hierarchy))
    client = api(chair)

    scheduled = client.post(
        f"{CASES}{case.ref}/hearings/",
        {"starts_at": "1921-12-15T18:00:00Z", "place": "Room 4", "version": case.version},
        format="json",
    )
    first = Hearing.objects.get()
    postponed = client.post(
        f"/api/v1/hearings/{first.pk}/postpone/",
        {"starts_at": "1921-12-18T18:00:00Z", "reason": "Witness travelling."},
        format="json",
    )
    second = Hearing.objects.exclude(pk=first.pk).get()
    cancelled = client.post(
        f"/api/v1/hearings/{second.pk}/cancel/", {"reason": "Commissioner ill."}, format="json"
    )

    assert scheduled.status_code == 201
    assert scheduled.json() == {
        "id": first.pk, "state": "scheduled", "starts_at": "1921-12-15T18:00:00Z",
        "place": "Room 4", "minutes": "", "note": "", "attendance": [],
    }  # fmt: skip
    assert postponed.status_code == 201
    assert postponed.json()["id"] == second.pk
    assert postponed.json()["starts_at"] == "1921-12-18T18:00:00Z"
    assert cancelled.status_code == 200
    assert (cancelled.json()["state"], cancelled.json()["note"]) == (
        "cancelled", "Commissioner ill.",
    )  # fmt: skip
    assert list(Hearing.objects.order_by("id").values_list("state", "note")) == [
        ("postponed", "Witness travelling."),
        ("cancelled", "Commissioner ill."),
    ]
    case.refresh_from_db()
    assert case.state == CaseState.READY


def test_a_held_hearing_records_attendance_and_minutes(api, chair, hierarchy):
    case = ready(chair, open_case(chair, hierarchy))
    hearing = services.schedule_hearing(
        actor=chair, case=case, starts_at=dt.datetime(1921, 12, 15, 18, tzinfo=dt.UTC),
        expected_version=case.version,
    )  # fmt: skip
    first, second, _ = hierarchy.district_commissioners

    answer = api(chair).post(
        f"/api/v1/hearings/{hearing.pk}/held/",
        {"minutes": "Heard the member.", "attendance": [
            {"person": first.ref}, {"person": second.ref, "present": False},
        ]},
        format="json",
    )  # fmt: skip

    assert answer.status_code == 200
    assert answer.json()["state"] == "held"
    assert answer.json()["minutes"] == "Heard the member."
    assert answer.json()["attendance"] == [
        {"person": {"ref": first.ref, "display_name": first.display_name}, "present": True},
        {"person": {"ref": second.ref, "display_name": second.display_name}, "present": False},
    ]
    shown = api(chair).get(f"{CASES}{case.ref}/").json()["hearings"]
    assert shown[0]["attendance"] == answer.json()["attendance"]


def test_naming_someone_twice_in_the_attendance_is_refused(api, chair, hierarchy, case_state):
    case = ready(chair, open_case(chair, hierarchy))
    hearing = services.schedule_hearing(
        actor=chair, case=case, starts_at=dt.datetime(1921, 12, 15, 18, tzinfo=dt.UTC),
        expected_version=case.version,
    )  # fmt: skip
    first = hierarchy.district_commissioners[0]
    before = case_state()

    answer = api(chair).post(
        f"/api/v1/hearings/{hearing.pk}/held/",
        {"minutes": "m", "attendance": [{"person": first.ref}, {"person": first.ref}]},
        format="json",
    )

    sentence = f"{first.display_name} is named twice."
    assert answer.status_code == 422
    assert answer.json() == {
        "detail": f"attendance.1.person: {sentence}",
        "errors": {"attendance.1.person": [sentence]},
    }
    assert case_state() == before


def test_a_clerk_cannot_schedule_a_hearing(api, clerk, chair, hierarchy, case_state):
    case = ready(chair, open_case(chair, hierarchy))
    before = case_state()

    answer = api(clerk).post(
        f"{CASES}{case.ref}/hearings/",
        {"starts_at": "1921-12-15T18:00:00Z", "version": case.version},
        format="json",
    )

    assert answer.status_code == 403
    assert answer.json() == {
        "detail": "You may not schedule hearings: your role does not allow it."
    }
    assert case_state() == before


def test_an_unknown_hearing_answers_404(api, chair, hierarchy):
    answer = api(chair).post("/api/v1/hearings/999/cancel/", {"reason": "x"}, format="json")

    assert answer.status_code == 404
    assert answer.json() == {"detail": "There is no hearing with the number 999."}


# --- Decisions -----------------------------------------------------------------------------


def test_chair_records_a_decision(api, chair, hierarchy, letter):
    case = ready(chair, open_case(chair, hierarchy))
    services.file_document(actor=chair, case=case, document=letter, role="evidence")
    first, second, third = hierarchy.district_commissioners

    answer = api(chair).post(
        f"{CASES}{case.ref}/decisions/",
        {
            "outcome": "expel", "reasons": "Passive for a year.", "decided_on": "1921-12-10",
            "grounds": ["passivity"], "version": 2,
            "votes": [*votes_for([first, second]), *votes_for([third], "against")],
        },
        format="json",
    )  # fmt: skip

    assert answer.status_code == 201
    decision = Decision.objects.get()
    body = answer.json()
    assert (body["id"], body["outcome"], body["appeal_deadline"], body["grounds"]) == (
        decision.pk, "expel", "1921-12-24", [PASSIVITY],
    )  # fmt: skip
    assert body["count"] == {
        "for": 2, "against": 1, "abstain": 0, "carried": True,
        "summary": "2 for, 1 against, 0 abstaining",
    }  # fmt: skip
    assert body["documents_on_file"] == [letter.pk]
    assert Membership.objects.get(person=hierarchy.subject).status == "expelled"


def test_a_decision_that_did_not_carry_is_refused(api, chair, hierarchy, case_state):
    case = ready(chair, open_case(chair, hierarchy))
    first, second, third = hierarchy.district_commissioners
    before = case_state()

    answer = api(chair).post(
        f"{CASES}{case.ref}/decisions/",
        {"outcome": "expel", "reasons": "r", "decided_on": "1921-12-10", "version": 2,
         "votes": [*votes_for([first]), *votes_for([second, third], "against")]},
        format="json",
    )  # fmt: skip

    sentence = "The decision did not carry: 1 for, 2 against, 0 abstaining."
    assert answer.status_code == 422
    assert answer.json() == {"detail": sentence, "errors": {"votes": [sentence]}}
    assert case_state() == before


def test_a_decision_on_a_stale_case_answers_409(api, chair, clerk, hierarchy, case_state):
    case = ready(chair, open_case(chair, hierarchy))
    services.transition_case(
        actor=clerk, case=case, to_state="gathering", reason="more letters", expected_version=2
    )
    before = case_state()

    answer = api(chair).post(
        f"{CASES}{case.ref}/decisions/",
        {"outcome": "expel", "reasons": "r", "decided_on": "1921-12-10", "version": 2,
         "votes": votes_for(hierarchy.district_commissioners)},
        format="json",
    )  # fmt: skip

    assert answer.status_code == 409
    assert answer.json()["detail"].endswith(
        "(it is now gathering material). Reload the case and try again."
    )
    assert case_state() == before


def test_a_vote_twice_by_one_commissioner_is_refused(api, chair, hierarchy, case_state):
    case = ready(chair, open_case(chair, hierarchy))
    first = hierarchy.district_commissioners[0]
    before = case_state()

    answer = api(chair).post(
        f"{CASES}{case.ref}/decisions/",
        {"outcome": "expel", "reasons": "r", "decided_on": "1921-12-10", "version": 2,
         "votes": [*votes_for([first]), *votes_for([first], "against")]},
        format="json",
    )  # fmt: skip

    assert answer.status_code == 422
    assert answer.json()["errors"] == {
        "votes.1.commissioner": [f"{first.display_name} has already voted above."]
    }
    assert case_state() == before


def test_a_decision_at_a_hearing_of_another_case_is_refused(api, chair, hierarchy, case_state):
    other_subject = PersonFactory(ref="P-other")
    MembershipFactory(person=other_subject, organisation=hierarchy.district.organisation)
    other = ready(chair, services.open_case(
        actor=chair, subject=other_subject, commission=hierarchy.district, kind="expulsion"
    ))  # fmt: skip
    elsewhere = services.schedule_hearing(
        actor=chair, case=other, starts_at=dt.datetime(1921, 12, 5, 18, tzinfo=dt.UTC),
        expected_version=other.version,
    )  # fmt: skip
    case = ready(chair, open_case(chair, hierarchy))
    before = case_state()

    answer = api(chair).post(
        f"{CASES}{case.ref}/decisions/",
        {"outcome": "expel", "reasons": "r", "decided_on": "1921-12-10", "version": 2,
         "hearing": elsewhere.pk, "votes": votes_for(hierarchy.district_commissioners)},
        format="json",
    )  # fmt: skip

    sentence = "The hearing of 5 December 1921 was a sitting on another case."
    assert answer.status_code == 422
    assert answer.json() == {"detail": sentence, "errors": {"hearing": [sentence]}}
    assert case_state() == before


def test_a_tied_commissioner_votes_once_the_chair_records_an_override(api, chair, hierarchy):
    case = ready(chair, open_case(chair, hierarchy))
    tied = hierarchy.district_commissioners[1]
    Relationship.objects.create(source=tied, target=hierarchy.subject, kind="sibling")
    client = api(chair)
    body = {"outcome": "expel", "reasons": "r", "decided_on": "1921-12-10", "version": 2,
            "votes": votes_for(hierarchy.district_commissioners)}  # fmt: skip

    refused = client.post(f"{CASES}{case.ref}/decisions/", body, format="json")
    override = client.post(
        f"{CASES}{case.ref}/recusal-overrides/",
        {"commissioner": tied.ref, "reason": "No other commissioner is free."},
        format="json",
    )
    recorded = client.post(f"{CASES}{case.ref}/decisions/", body, format="json")

    assert refused.status_code == 422
    assert refused.json()["detail"] == (
        "Ivan Petrovich KomissarovDistrict1 must stand aside from this case: Ivan Petrovich "
        "KomissarovDistrict1 is sibling of the subject, Nadezhda Sergeyevna Alliluyeva. The "
        "chair may record an override with a reason."
    )
    assert override.status_code == 201
    saved = RecusalOverride.objects.get()
    assert override.json() == {
        "commissioner": {"ref": tied.ref, "display_name": tied.display_name},
        "reason": "No other commissioner is free.",
        "by": "chair",
        "at": stamp(saved.at),
    }
    assert recorded.status_code == 201
    seat = client.get(f"{CASES}{case.ref}/").json()["seats"][1]
    assert (seat["must_stand_aside"], seat["override"]) == (
        False, {"reason": "No other commissioner is free.", "at": stamp(saved.at), "by": "chair"},
    )  # fmt: skip


def test_a_clerk_cannot_record_a_decision(api, clerk, chair, hierarchy, case_state):
    case = ready(chair, open_case(chair, hierarchy))
    before = case_state()

    answer = api(clerk).post(
        f"{CASES}{case.ref}/decisions/",
        {"outcome": "expel", "reasons": "r", "decided_on": "1921-12-10", "version": 2,
         "votes": votes_for(hierarchy.district_commissioners)},
        format="json",
    )  # fmt: skip

    assert answer.status_code == 403
    assert answer.json() == {"detail": "You may not record decisions: your role does not allow it."}
    assert case_state() == before


# --- Appeals and reopening -----------------------------------------------------------------


def test_chair_files_an_appeal_to_the_commission_above(api, chair, hierarchy):
    decision = expel(chair, hierarchy)

    answer = api(chair).post(
        f"/api/v1/decisions/{decision.pk}/appeal/",
        {"filed_on": "1921-12-20", "statement": "Wrongly expelled."},
        format="json",
    )

    assert answer.status_code == 201
    appeal = Case.objects.get(kind="appeal")
    body = answer.json()
    assert (body["ref"], body["commission"], body["appeals"], body["summary"]) == (
        appeal.ref, "C-gub", decision.pk, "Wrongly expelled.",
    )  # fmt: skip
    decision.case.refresh_from_db()
    assert decision.case.state == CaseState.APPEALED
    shown = api(chair).get(f"{CASES}{decision.case.ref}/").json()["decisions"][0]
    assert shown["appealed_in"] == appeal.ref


def test_an_appeal_after_the_window_is_refused(api, chair, hierarchy, case_state):
    decision = expel(chair, hierarchy)
    before = case_state()

    answer = api(chair).post(
        f"/api/v1/decisions/{decision.pk}/appeal/",
        {"filed_on": "1921-12-30", "statement": "Late."},
        format="json",
    )

    sentence = (
        "The appeal window for this decision closed on 24 December 1921; an appeal filed on "
        "30 December 1921 is too late."
    )
    assert answer.status_code == 422
    assert answer.json() == {"detail": sentence, "errors": {"filed_on": [sentence]}}
    assert case_state() == before


def test_the_subject_may_not_backdate_their_own_appeal(api, member, chair, hierarchy, case_state):
    decision = expel(chair, hierarchy)
    hierarchy.subject.user = member
    hierarchy.subject.save()
    before = case_state()

    answer = api(member).post(
        f"/api/v1/decisions/{decision.pk}/appeal/",
        {"filed_on": "1921-12-20", "statement": "I was wrongly expelled."},
        format="json",
    )

    sentence = (
        "Your appeal is filed on the day you send it; only the secretariat records another day."
    )
    assert answer.status_code == 422
    assert answer.json() == {"detail": sentence, "errors": {"filed_on": [sentence]}}
    assert case_state() == before


def test_a_member_cannot_appeal_someone_elses_decision(api, member, chair, hierarchy, case_state):
    decision = expel(chair, hierarchy)
    PersonFactory(ref="P-member", user=member)
    before = case_state()

    answer = api(member).post(
        f"/api/v1/decisions/{decision.pk}/appeal/", {"statement": "x"}, format="json"
    )

    # The case is not theirs to see, so neither is its decision.
    assert answer.status_code == 404
    assert answer.json() == {"detail": f"There is no decision with the number {decision.pk}."}
    assert case_state() == before


def test_a_case_is_reopened_on_material_its_decision_did_not_see(api, chair, hierarchy, letter):
    decision = expel(chair, hierarchy)
    late = Document.objects.create(title="Late letter", text="t", fingerprint="e" * 64)
    services.file_document(actor=chair, case=decision.case, document=late, role="testimony")

    answer = api(chair).post(
        f"/api/v1/decisions/{decision.pk}/reopen/",
        {"reason": "A letter the commission never saw.", "material": [late.pk]},
        format="json",
    )

    assert answer.status_code == 201
    reopening = Case.objects.get(kind="reopening")
    body = answer.json()
    assert (body["ref"], body["reopens"], body["commission"]) == (
        reopening.ref, decision.pk, "C-dist",
    )  # fmt: skip
    assert [(f["document"]["id"], f["role"], f["note"]) for f in body["filings"]] == [
        (late.pk, "testimony", "material the earlier decision did not see")
    ]


def test_reopening_on_a_document_not_on_the_file_is_refused(
    api, chair, hierarchy, letter, case_state
):
    decision = expel(chair, hierarchy)
    before = case_state()

    answer = api(chair).post(
        f"/api/v1/decisions/{decision.pk}/reopen/",
        {"reason": "New letter.", "material": [letter.pk]},
        format="json",
    )

    sentence = f"Not on the file of case {decision.case.ref}: document {letter.pk}."
    assert answer.status_code == 422
    assert answer.json() == {"detail": sentence, "errors": {"material": [sentence]}}
    assert case_state() == before


def test_reopening_on_an_id_larger_than_any_is_refused_by_its_place(
    api, chair, hierarchy, letter, case_state
):
    decision = expel(chair, hierarchy)
    late = Document.objects.create(title="Late letter", text="t", fingerprint="e" * 64)
    services.file_document(actor=chair, case=decision.case, document=late, role="testimony")
    before = case_state()

    answer = api(chair).post(
        f"/api/v1/decisions/{decision.pk}/reopen/",
        {"reason": "New letter.", "material": [late.pk, 2**63]},
        format="json",
    )

    sentence = "No document has an id that large."
    assert answer.status_code == 400
    assert answer.json() == {
        "detail": f"material.1: {sentence}",
        "errors": {"material.1": [sentence]},
    }
    assert case_state() == before


# --- Rules and grounds ---------------------------------------------------------------------


def test_rules_check_explains_a_short_probation_and_records_nothing(
    api, chair, hierarchy, case_state
):
    expel(chair, hierarchy)
    case = ready(chair, open_case(chair, hierarchy))
    before = case_state()

    answer = api(chair).get(
        f"{CASES}{case.ref}/rules-check/",
        {"outcome": "probation", "decided_on": "1922-01-01", "term_until": "1923-01-01",
         "votes": "for,for,against"},
    )  # fmt: skip

    assert answer.status_code == 200
    assert answer.json() == {
        "outcome": "probation",
        "decided_on": "1922-01-01",
        "term_until": "1923-01-01",
        "membership_status": "expelled",
        "count": {"for": 2, "against": 1, "abstain": 0, "carried": True,
                  "summary": "2 for, 1 against, 0 abstaining"},
        "readmission": {
            "applies": True,
            "allowed": False,
            "explanation": [
                "Nadezhda Sergeyevna Alliluyeva is not a worker: the probation must last at "
                "least 36 months, but this decision sets 12.0."
            ],
        },
    }  # fmt: skip
    assert case_state() == before


def test_rules_check_refuses_an_unknown_vote(api, chair, hierarchy):
    case = open_case(chair, hierarchy)

    answer = api(chair).get(
        f"{CASES}{case.ref}/rules-check/", {"outcome": "retain", "votes": "for,maybe"}
    )

    sentence = '"maybe" is not a vote; use one of for, against, abstain.'
    assert answer.status_code == 400
    assert answer.json() == {"detail": f"votes: {sentence}", "errors": {"votes": [sentence]}}


def test_rules_check_refuses_an_empty_date_rather_than_reading_it_as_none(api, chair, hierarchy):
    case = open_case(chair, hierarchy)

    answer = api(chair).get(
        f"{CASES}{case.ref}/rules-check/", {"outcome": "retain", "term_until": ""}
    )

    assert answer.status_code == 400
    assert answer.json()["errors"] == {"term_until": ["Give term_until a value, or leave it out."]}


def test_grounds_are_listed_with_their_codes(api, commissioner):
    answer = api(commissioner).get("/api/v1/grounds/")

    assert answer.status_code == 200
    assert answer.json()["count"] == 11
    assert answer.json()["results"][0] == {"code": "abuse-of-office", "label": "Abuse of office"}
    assert PASSIVITY in answer.json()["results"]
