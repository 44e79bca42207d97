from __future__ import annotations

import datetime as dt

import pytest

from commission.audit.models import AuditEvent
from commission.cases import services
from commission.cases.enums import CaseKind, CaseState, DecisionOutcome, HearingState
from commission.cases.models import Case, CaseTransition, Decision, Hearing, Vote
from commission.core.errors import Conflict, InvalidInput, NotAllowed
from commission.registry.enums import MembershipStatus, RelationshipKind
from commission.registry.models import Membership, Relationship
from tests.cases.conftest import DECIDED_ON
from tests.factories import PersonFactory


def _open(actor, h, kind=CaseKind.EXPULSION, commission=None):
    return services.open_case(
        actor=actor, subject=h.subject, commission=commission or h.district, kind=kind,
        opened_on=dt.date(1921, 12, 1),
    )  # fmt: skip


def _ready(actor, case):
    return services.transition_case(
        actor=actor, case=case, to_state=CaseState.READY, reason="file complete",
        expected_version=case.version,
    )  # fmt: skip


def _all_for(commissioners):
    return dict.fromkeys(commissioners, "for")


def _expel(chair, h, case=None):
    case = case or _ready(chair, _open(chair, h))
    return services.record_decision(
        actor=chair, case=case, expected_version=case.version, outcome=DecisionOutcome.EXPEL,
        reasons="Did not take part in the cell's work for a year.",
        votes=_all_for(h.district_commissioners), decided_on=DECIDED_ON, grounds=["passivity"],
    )  # fmt: skip


def test_open_case_starts_open_with_deadline_and_audit(chair, hierarchy):
    case = _open(chair, hierarchy)
    assert case.state == CaseState.OPEN
    assert case.due_on == dt.date(1921, 12, 31)  # 30 days for the file by default
    assert (case.title, str(case)) == ("", "Expulsion of Nadezhda Sergeyevna Alliluyeva")
    assert list(case.transitions.values_list("from_state", "to_state")) == [("", "open")]
    assert AuditEvent.objects.filter(action="case.open", target_id=str(case.pk)).count() == 1


def test_member_cannot_open_case_and_nothing_is_created(member, hierarchy):
    with pytest.raises(NotAllowed, match="You may not open cases"):
        _open(member, hierarchy)
    assert Case.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_transition_not_in_the_process_is_refused(chair, hierarchy):
    case = _open(chair, hierarchy)
    with pytest.raises(InvalidInput, match="A case that is open cannot become decided"):
        services.transition_case(
            actor=chair, case=case, to_state=CaseState.DECIDED, reason="x",
            expected_version=case.version,
        )  # fmt: skip
    case.refresh_from_db()
    assert case.state == CaseState.OPEN
    assert case.transitions.count() == 1


def test_transition_needs_the_moves_permission(clerk, hierarchy, chair):
    case = _ready(chair, _open(chair, hierarchy))
    with pytest.raises(NotAllowed, match="move a case to withdrawn"):
        services.transition_case(
            actor=clerk, case=case, to_state=CaseState.WITHDRAWN, reason="no grounds",
            expected_version=case.version,
        )  # fmt: skip
    case.refresh_from_db()
    assert case.state == CaseState.READY


def test_second_editor_gets_a_conflict_not_an_overwrite(chair, clerk, hierarchy):
    case = _open(chair, hierarchy)
    stale = case.version
    services.transition_case(
        actor=clerk, case=case, to_state=CaseState.GATHERING, reason="asking witnesses",
        expected_version=stale,
    )  # fmt: skip
    with pytest.raises(Conflict, match="was changed by someone else"):
        services.transition_case(
            actor=chair, case=case, to_state=CaseState.READY, reason="complete",
            expected_version=stale,
        )  # fmt: skip
    case.refresh_from_db()
    assert case.state == CaseState.GATHERING
    assert case.transitions.count() == 2


def test_decision_changes_membership_status_pointing_to_the_decision(chair, hierarchy, letter):
    case = _ready(chair, _open(chair, hierarchy))
    services.file_document(actor=chair, case=case, document=letter, role="evidence")
    case.refresh_from_db()
    decision = _expel(chair, hierarchy, case)
    membership = Membership.objects.get(person=hierarchy.subject)
    assert membership.status == MembershipStatus.EXPELLED
    last = membership.history.order_by("-id").first()
    assert (last.from_status, last.to_status, last.decision_id) == (
        "member",
        "expelled",
        decision.pk,
    )
    assert last.effective_on == DECIDED_ON
    assert decision.appeal_deadline == dt.date(1921, 12, 24)
    assert list(decision.documents_on_file.values_list("pk", flat=True)) == [letter.pk]
    assert sorted(decision.grounds.values_list("code", flat=True)) == ["passivity"]
    assert Vote.objects.filter(decision=decision, choice="for").count() == 3
    case.refresh_from_db()
    assert case.state == CaseState.DECIDED
    assert case.due_on == dt.date(1921, 12, 24)


def test_decision_without_reasons_is_refused_and_nothing_changes(chair, hierarchy):
    case = _ready(chair, _open(chair, hierarchy))
    with pytest.raises(InvalidInput, match="A decision must give its reasons"):
        services.record_decision(
            actor=chair, case=case, expected_version=case.version, outcome="expel",
            reasons="  ", votes=_all_for(hierarchy.district_commissioners), decided_on=DECIDED_ON,
        )  # fmt: skip
    assert Decision.objects.count() == 0
    assert Membership.objects.get(person=hierarchy.subject).status == MembershipStatus.MEMBER
    case.refresh_from_db()
    assert case.state == CaseState.READY


def test_vote_by_someone_not_on_the_commission_is_refused(chair, hierarchy):
    case = _ready(chair, _open(chair, hierarchy))
    votes = {
        **_all_for(hierarchy.district_commissioners),
        hierarchy.central_commissioners[0]: "for",
    }
    with pytest.raises(InvalidInput, match="does not sit on District Commission"):
        services.record_decision(
            actor=chair, case=case, expected_version=case.version, outcome="expel",
            reasons="r", votes=votes, decided_on=DECIDED_ON,
        )  # fmt: skip
    assert Decision.objects.count() == 0
    assert Vote.objects.count() == 0


def test_decision_that_does_not_carry_is_refused(chair, hierarchy):
    case = _ready(chair, _open(chair, hierarchy))
    a, b, c = hierarchy.district_commissioners
    with pytest.raises(InvalidInput, match="did not carry: 1 for, 2 against"):
        services.record_decision(
            actor=chair, case=case, expected_version=case.version, outcome="expel",
            reasons="r", votes={a: "for", b: "against", c: "against"}, decided_on=DECIDED_ON,
        )  # fmt: skip
    assert Decision.objects.count() == 0


def test_recused_commissioner_cannot_vote_until_the_chair_overrides(chair, hierarchy):
    a, b, c = hierarchy.district_commissioners
    Relationship.objects.create(source=a, target=hierarchy.subject, kind=RelationshipKind.SIBLING)
    case = _ready(chair, _open(chair, hierarchy))
    with pytest.raises(
        InvalidInput, match=r"must stand aside from this case: .* is sibling of the subject"
    ):
        services.record_decision(
            actor=chair, case=case, expected_version=case.version, outcome="expel",
            reasons="r", votes=_all_for([a, b, c]), decided_on=DECIDED_ON,
        )  # fmt: skip
    assert Decision.objects.count() == 0
    services.override_recusal(actor=chair, case=case, commissioner=a, reason="No one else can sit.")
    case.refresh_from_db()
    decision = services.record_decision(
        actor=chair, case=case, expected_version=case.version, outcome="expel",
        reasons="r", votes=_all_for([a, b, c]), decided_on=DECIDED_ON,
    )  # fmt: skip
    assert decision.votes.count() == 3


def test_recusal_reaches_two_steps_through_a_witness(chair, hierarchy, letter):
    a = hierarchy.district_commissioners[0]
    witness = PersonFactory(ref="P-witness", surname="Svidetelev")
    middle = PersonFactory(ref="P-middle", surname="Srednev")
    Relationship.objects.create(source=a, target=middle, kind=RelationshipKind.COLLEAGUE)
    Relationship.objects.create(source=middle, target=witness, kind=RelationshipKind.SPOUSE)
    case = _open(chair, hierarchy)
    services.record_testimony(
        actor=chair, case=case, document=letter, witness=witness, stance="for",
        basis="observed_work",
    )  # fmt: skip
    from commission.cases.rules import recusal_reasons

    reasons = recusal_reasons(case, a)
    assert reasons == [
        f"{a.display_name} is colleague of {middle.display_name}, who is tied (spouse of) to "
        f"the witness {witness.display_name}."
    ]


def test_appeal_goes_one_level_up_and_within_the_window(chair, hierarchy):
    decision = _expel(chair, hierarchy)
    appeal = services.open_appeal(
        actor=chair,
        decision=decision,
        filed_on=dt.date(1921, 12, 20),
        statement="Wrongly expelled.",
    )
    assert (appeal.kind, appeal.commission, appeal.appeals) == (
        "appeal",
        hierarchy.gubernia,
        decision,
    )
    decision.case.refresh_from_db()
    assert decision.case.state == CaseState.APPEALED


def test_appeal_after_its_deadline_is_refused_and_nothing_changes(chair, hierarchy):
    decision = _expel(chair, hierarchy)
    with pytest.raises(
        InvalidInput,
        match="closed on 24 December 1921; an appeal filed on 30 December 1921 is too late",
    ):
        services.open_appeal(
            actor=chair, decision=decision, filed_on=dt.date(1921, 12, 30), statement="Late."
        )
    assert Case.objects.filter(kind=CaseKind.APPEAL).count() == 0
    decision.case.refresh_from_db()
    assert decision.case.state == CaseState.DECIDED


def test_subject_may_appeal_own_case_but_not_others(member, hierarchy, chair, monkeypatch):
    decision = _expel(chair, hierarchy)
    # The subject files on the day they file: let that day fall inside the appeal window.
    monkeypatch.setattr(services.timezone, "localdate", lambda: DECIDED_ON)
    other = PersonFactory(ref="P-other")
    other.user = member
    other.save()
    with pytest.raises(NotAllowed, match="only against a decision on your own case"):
        services.open_appeal(actor=member, decision=decision, filed_on=DECIDED_ON, statement="x")
    other.user = None
    other.save()
    hierarchy.subject.user = member
    hierarchy.subject.save()
    member.refresh_from_db()
    appeal = services.open_appeal(
        actor=member, decision=decision, filed_on=DECIDED_ON, statement="I was wrongly expelled."
    )
    assert appeal.state == CaseState.OPEN


def test_deciding_the_appeal_closes_the_appealed_case(chair, hierarchy):
    decision = _expel(chair, hierarchy)
    appeal = _ready(chair, services.open_appeal(
        actor=chair, decision=decision, filed_on=dt.date(1921, 12, 12), statement="Appeal."
    ))  # fmt: skip
    probation = services.record_decision(
        actor=chair, case=appeal, expected_version=appeal.version, outcome="probation",
        reasons="Young; transferred to candidates.",
        votes=_all_for(hierarchy.gubernia_commissioners),
        decided_on=dt.date(1921, 12, 17), term_until=dt.date(1922, 12, 17),
    )  # fmt: skip
    decision.case.refresh_from_db()
    assert decision.case.state == CaseState.CLOSED
    membership = Membership.objects.get(person=hierarchy.subject)
    assert (membership.status, membership.probation_until) == ("probation", dt.date(1922, 12, 17))
    assert list(membership.history.order_by("id").values_list("to_status", "decision_id")) == [
        ("member", None),
        ("expelled", decision.pk),
        ("probation", probation.pk),
    ]


def test_cancelling_a_hearing_keeps_the_appeal(chair, hierarchy):
    decision = _expel(chair, hierarchy)
    appeal = _ready(chair, services.open_appeal(
        actor=chair, decision=decision, filed_on=dt.date(1921, 12, 12), statement="Appeal."
    ))  # fmt: skip
    when = dt.datetime(1921, 12, 15, 18, 0, tzinfo=dt.UTC)
    hearing = services.schedule_hearing(
        actor=chair, case=appeal, starts_at=when, expected_version=appeal.version
    )
    appeal.refresh_from_db()
    assert appeal.state == CaseState.HEARING
    services.cancel_hearing(actor=chair, hearing=hearing, reason="Commissioner ill.")
    appeal.refresh_from_db()
    hearing.refresh_from_db()
    assert hearing.state == HearingState.CANCELLED
    assert appeal.state == CaseState.READY
    assert appeal.appeals == decision
    decision.case.refresh_from_db()
    assert decision.case.state == CaseState.APPEALED


def test_postponing_keeps_both_sittings_on_record(chair, hierarchy):
    case = _ready(chair, _open(chair, hierarchy))
    first = services.schedule_hearing(
        actor=chair, case=case, starts_at=dt.datetime(1921, 12, 5, 18, tzinfo=dt.UTC),
        expected_version=case.version,
    )  # fmt: skip
    second = services.postpone_hearing(
        actor=chair, hearing=first, starts_at=dt.datetime(1921, 12, 8, 18, tzinfo=dt.UTC),
        reason="The member is travelling.",
    )  # fmt: skip
    assert list(Hearing.objects.order_by("id").values_list("state", flat=True)) == [
        "postponed", "scheduled",
    ]  # fmt: skip
    case.refresh_from_db()
    assert case.due_on == dt.date(1921, 12, 8)
    assert second.case == case


def test_readmission_rules_explain_and_refuse_a_short_probation(chair, hierarchy):
    _expel(chair, hierarchy)
    readmission = _ready(chair, _open(chair, hierarchy, kind=CaseKind.VERIFICATION))
    a, b, c = hierarchy.district_commissioners
    with pytest.raises(
        InvalidInput,
        match=r"is not a worker: the probation must last at least 36 months, but "
        r"this decision sets 12\.0",
    ):
        services.record_decision(
            actor=chair, case=readmission, expected_version=readmission.version,
            outcome="probation", reasons="Readmit.", votes={a: "for", b: "for", c: "against"},
            decided_on=dt.date(1922, 6, 1), term_until=dt.date(1923, 6, 1),
        )  # fmt: skip
    assert Membership.objects.get(person=hierarchy.subject).status == MembershipStatus.EXPELLED


def test_readmission_probation_halved_by_four_fifths(chair, hierarchy):
    _expel(chair, hierarchy)
    readmission = _ready(chair, _open(chair, hierarchy, kind=CaseKind.VERIFICATION))
    decision = services.record_decision(
        actor=chair, case=readmission, expected_version=readmission.version,
        outcome="probation", reasons="Readmit.", votes=_all_for(hierarchy.district_commissioners),
        decided_on=dt.date(1922, 6, 1), term_until=dt.date(1923, 12, 1),
    )  # fmt: skip
    assert decision.outcome == "probation"


def test_readmission_closed_after_shameful_expulsion(chair, hierarchy):
    case = _ready(chair, _open(chair, hierarchy))
    services.record_decision(
        actor=chair, case=case, expected_version=case.version, outcome="expel_shameful",
        reasons="Took bribes.", votes=_all_for(hierarchy.district_commissioners),
        decided_on=DECIDED_ON, grounds=["bribery"],
    )  # fmt: skip
    again = _ready(chair, _open(chair, hierarchy, kind=CaseKind.VERIFICATION))
    with pytest.raises(
        InvalidInput, match="expelled for shameful behaviour; readmission is closed"
    ):
        services.record_decision(
            actor=chair, case=again, expected_version=again.version, outcome="probation",
            reasons="r", votes=_all_for(hierarchy.district_commissioners),
            decided_on=dt.date(1925, 1, 1), term_until=dt.date(1929, 1, 1),
        )  # fmt: skip


def test_late_material_is_flagged_and_reopens_the_case(chair, hierarchy, letter):
    from commission.cases.queries import case_file
    from commission.documents.models import Document

    decision = _expel(chair, hierarchy)
    late_letter = Document.objects.create(title="Late letter", text="t", fingerprint="e" * 64)
    filing = services.file_document(
        actor=chair, case=decision.case, document=late_letter, role="testimony"
    )
    view = case_file(case_id=decision.case_id)
    assert [f.document_id for f in view.decisions[0].late_material] == [late_letter.pk]
    reopening = services.reopen_case(
        actor=chair,
        decision=decision,
        reason="A letter the commission never saw.",
        material=[filing],
    )
    assert (reopening.kind, reopening.reopens) == ("reopening", decision)
    assert list(reopening.filings.values_list("document_id", flat=True)) == [late_letter.pk]


def test_every_step_is_in_the_audit_trail_and_the_chain_holds(chair, hierarchy, auditor):
    from commission.audit.queries import verify_chain

    decision = _expel(chair, hierarchy)
    actions = list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))
    assert actions == [
        "case.open", "case.transition", "membership.status", "case.transition", "decision.record",
    ]  # fmt: skip
    assert verify_chain(actor=auditor).intact
    assert CaseTransition.objects.filter(case=decision.case).count() == 3


# Reported outcomes


def _reported(chair, hierarchy, letter, outcome="expel"):
    from commission.cases.models import ReportedOutcome

    decision = _expel(chair, hierarchy)
    note = letter
    report = ReportedOutcome.objects.create(
        case=decision.case, document=note, outcome=outcome, quote="was expelled"
    )
    return decision, report


def test_a_reported_outcome_is_linked_to_its_decision_with_an_audit_event(chair, hierarchy, letter):
    decision, report = _reported(chair, hierarchy, letter)
    linked = services.link_reported_outcome(actor=chair, report=report, decision=decision)
    assert linked.decision == decision
    event = AuditEvent.objects.order_by("-seq").first()
    assert (event.action, event.target_type, event.target_id) == (
        "outcome.link",
        "cases.reportedoutcome",
        str(report.pk),
    )
    # Again with the same decision: nothing more happens.
    services.link_reported_outcome(actor=chair, report=report, decision=decision)
    assert AuditEvent.objects.filter(action="outcome.link").count() == 1


def test_a_report_of_another_outcome_is_not_linked(chair, clerk, hierarchy, letter):
    decision, report = _reported(chair, hierarchy, letter, outcome="reinstate")
    with pytest.raises(InvalidInput, match="reports “reinstate”"):
        services.link_reported_outcome(actor=chair, report=report, decision=decision)
    with pytest.raises(NotAllowed, match="record decisions"):
        services.link_reported_outcome(actor=clerk, report=report, decision=decision)
    report.refresh_from_db()
    assert report.decision is None
    assert not AuditEvent.objects.filter(action="outcome.link").exists()
