"""A decided case keeps no loose ends: its hearing is held (when the decision was taken at it)
or cancelled with the reason, its open inquiries are withdrawn, each with its audit event; and
the decision form offers first the outcome a document on file reports."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from commission.audit.models import AuditEvent
from commission.cases import services, tallies
from commission.cases.enums import CaseState, DecisionOutcome, HearingState
from commission.cases.models import Hearing, ReportedOutcome
from commission.core import clock
from commission.inquiries import services as inquiry_services
from commission.inquiries.enums import InquiryState
from tests.cases.conftest import DECIDED_ON
from tests.factories import PersonFactory

HEARD_AT = dt.datetime(1921, 12, 10, 18, 0, tzinfo=dt.UTC)


@pytest.fixture
def heard(chair, hierarchy):
    """A district case with a hearing scheduled and an urgent inquiry out, on 5 December."""
    with clock.on(dt.date(1921, 12, 5)):
        case = services.open_case(
            actor=chair, subject=hierarchy.subject, commission=hierarchy.district,
            kind="expulsion", opened_on=dt.date(1921, 12, 1),
        )  # fmt: skip
        inquiry = inquiry_services.ask(
            actor=chair, subject=hierarchy.subject, recipient=PersonFactory(ref="P-witness"),
            question="Did you know her work?", due_on=dt.date(1921, 12, 8), case=case,
        )  # fmt: skip
        case.refresh_from_db()
        case = services.transition_case(
            actor=chair, case=case, to_state=CaseState.READY, reason="file complete",
            expected_version=case.version,
        )  # fmt: skip
        hearing = services.schedule_hearing(
            actor=chair, case=case, starts_at=HEARD_AT, expected_version=case.version
        )
    case.refresh_from_db()
    return case, hearing, inquiry


def _decide(chair, hierarchy, case, hearing=None):
    with clock.on(DECIDED_ON):
        return services.record_decision(
            actor=chair, case=case, expected_version=case.version,
            outcome=DecisionOutcome.REPRIMAND, reasons="Late with the cell's minutes.",
            votes=dict.fromkeys(hierarchy.district_commissioners, "for"),
            decided_on=DECIDED_ON, hearing=hearing,
        )  # fmt: skip


def test_the_hearing_the_decision_was_taken_at_is_recorded_as_held(chair, hierarchy, heard):
    case, hearing, _ = heard
    decision = _decide(chair, hierarchy, case, hearing)
    hearing.refresh_from_db()
    assert hearing.state == HearingState.HELD
    assert hearing.minutes == "The commission decided at this hearing: reprimand."
    assert sorted(hearing.attendance.values_list("person__ref", flat=True)) == [
        "P-district-0", "P-district-1", "P-district-2",
    ]  # fmt: skip
    event = AuditEvent.objects.get(action="hearing.held")
    assert event.target_id == str(hearing.pk)
    assert event.after["decision"] == decision.pk


def test_a_hearing_the_decision_was_not_taken_at_is_cancelled_with_the_reason(
    client, chair, hierarchy, heard
):
    case, hearing, _ = heard
    _decide(chair, hierarchy, case)
    hearing.refresh_from_db()
    assert hearing.state == HearingState.CANCELLED
    assert hearing.note == "Not needed: the case was decided on 10 December 1921 (reprimand)."
    assert (
        AuditEvent.objects.filter(action="hearing.cancel", target_id=str(hearing.pk)).count() == 1
    )
    client.force_login(chair)
    page = client.get(reverse("cases:detail", args=[case.ref])).content.decode()
    assert reverse("cases:hearing-held", args=[case.ref, hearing.pk]) not in page


def test_the_open_inquiries_are_withdrawn_and_no_longer_overdue(chair, hierarchy, heard):
    case, _, inquiry = heard
    _decide(chair, hierarchy, case)
    inquiry.refresh_from_db()
    assert inquiry.state == InquiryState.WITHDRAWN
    assert inquiry.withdrawn_reason == (
        "The case was decided on 10 December 1921 (reprimand) before an answer came."
    )
    assert AuditEvent.objects.filter(action="inquiry.withdraw", target_id=str(inquiry.pk)).exists()
    # The reminder run a month later finds nothing overdue.
    assert inquiry_services.run_reminders(actor=chair, today=dt.date(1922, 1, 10))["overdue"] == 0
    assert tallies.compare() == []


def test_a_refused_decision_leaves_the_hearing_and_the_inquiry_as_they_were(
    chair, hierarchy, heard
):
    case, hearing, inquiry = heard
    with pytest.raises(Exception, match="did not carry"):
        services.record_decision(
            actor=chair, case=case, expected_version=case.version,
            outcome=DecisionOutcome.REPRIMAND, reasons="Late.",
            votes=dict.fromkeys(hierarchy.district_commissioners, "against"),
            decided_on=DECIDED_ON,
        )  # fmt: skip
    hearing.refresh_from_db()
    inquiry.refresh_from_db()
    assert (hearing.state, inquiry.state) == (HearingState.SCHEDULED, InquiryState.SENT)


def test_the_decision_form_offers_the_reported_outcome_and_links_the_report(
    client, chair, hierarchy, heard, letter
):
    case, hearing, _ = heard
    report = ReportedOutcome.objects.create(
        case=case, document=letter, outcome=DecisionOutcome.REINSTATE, quote="was reinstated"
    )
    client.force_login(chair)
    url = reverse("cases:decide", args=[case.ref])
    page = client.get(url).content.decode()
    assert '<option value="reinstate" selected>' in page
    assert '<option value="retain" selected>' not in page
    with clock.on(DECIDED_ON):
        answer = client.post(url, {
            "version": case.version, "outcome": "reinstate", "reasons": "The letter shows it.",
            "decided_on": "1921-12-10", "hearing": str(hearing.pk),
            **{f"vote_P-district-{i}": "for" for i in range(3)},
        })  # fmt: skip
    assert answer.status_code == 302
    report.refresh_from_db()
    assert report.decision.outcome == "reinstate"
    assert report.decision.reported_by == letter
    assert Hearing.objects.get(pk=hearing.pk).state == HearingState.HELD
