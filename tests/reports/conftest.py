"""A commission with work waiting for every role: cases in each state, inquiries overdue and
due soon, letters waiting for a clerk, hearings and decisions to take."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.utils import timezone

from commission.audit.services import record_event
from commission.cases.enums import CaseKind, CaseState, HearingState
from commission.cases.models import Case, Decision, Hearing, ReportedOutcome
from commission.documents.models import Document
from commission.inquiries.enums import InquiryState, Urgency
from commission.inquiries.models import Inquiry
from commission.intake.models import Proposal, ProposalKind, ProposalState
from commission.registry.enums import CommissionerRole, CommissionLevel
from commission.registry.models import Commission, Commissioner, Person
from tests.factories import CommissionFactory, OrganisationFactory, PersonFactory


@dataclass
class World:
    today: dt.date
    central: Commission
    gubernia: Commission
    district: Commission
    cases: dict[str, Case] = field(default_factory=dict)
    inquiries: dict[str, Inquiry] = field(default_factory=dict)
    letters: dict[str, Document] = field(default_factory=dict)
    hearings: dict[str, Hearing] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)


def make_case(
    ref: str, commission: Commission, state: str, due: int | None, today: dt.date, **extra
) -> Case:
    return Case.objects.create(
        ref=ref,
        subject=extra.pop("subject", None) or PersonFactory(ref=f"P-{ref}", surname=f"Sub{ref}"),
        commission=commission,
        kind=extra.pop("kind", CaseKind.EXPULSION),
        state=state,
        due_on=None if due is None else today + dt.timedelta(days=due),
        title=extra.pop("title", f"Expulsion {ref}"),
        **extra,
    )


def make_letter(title: str, pending: int, accepted: int = 0) -> Document:
    document = Document.objects.create(title=title, text=title, fingerprint=title.ljust(64, "x"))
    for i in range(pending + accepted):
        Proposal.objects.create(
            document=document,
            kind=ProposalKind.PERSON,
            key=f"person:{i}",
            payload={},
            summary=f"Person {i}",
            state=ProposalState.PENDING if i < pending else ProposalState.ACCEPTED,
        )
    return document


def make_inquiry(ref: str, *, state: str, due: int, today: dt.date, case: Case | None = None):
    subject = case.subject if case is not None else PersonFactory(ref=f"P-s-{ref}")
    return Inquiry.objects.create(
        ref=ref,
        case=case,
        subject=subject,
        recipient=PersonFactory(ref=f"P-r-{ref}", given_name="Iosif", surname=f"Recip{ref}"),
        question=f"What do you know? ({ref})",
        urgency=Urgency.URGENT,
        due_on=today + dt.timedelta(days=due),
        state=state,
    )


@pytest.fixture
def world(db, commissioner, chair, member) -> World:
    today = timezone.localdate()
    org = OrganisationFactory()
    central = CommissionFactory(organisation=org, ref="C-central", name="Central Commission")
    gubernia = CommissionFactory(
        organisation=org, ref="C-gub", name="Gubernia Commission",
        level=CommissionLevel.GUBERNIA, parent=central,
    )  # fmt: skip
    district = CommissionFactory(
        organisation=org, ref="C-dist", name="District Commission",
        level=CommissionLevel.DISTRICT, parent=gubernia,
    )  # fmt: skip
    w = World(today, central, gubernia, district)
    # The commissioner sits on the district commission, the chair chairs the gubernia one.
    w.people["commissioner"] = PersonFactory(ref="P-kom", surname="Solts", user=commissioner)
    w.people["chair"] = PersonFactory(ref="P-chair", surname="Zalutsky", user=chair)
    w.people["member"] = PersonFactory(ref="P-member", surname="Kasparova", user=member)
    Commissioner.objects.create(commission=district, person=w.people["commissioner"])
    Commissioner.objects.create(
        commission=gubernia, person=w.people["chair"], role=CommissionerRole.CHAIR
    )
    # A seat that ended does not count.
    Commissioner.objects.create(
        commission=central, person=w.people["commissioner"], ended_on=today - dt.timedelta(days=1)
    )

    c = w.cases
    c["gather"] = make_case("K-gather", district, CaseState.GATHERING, -3, today)
    c["open"] = make_case("K-open", gubernia, CaseState.OPEN, 10, today)
    c["secret"] = make_case(
        "K-secret", district, CaseState.GATHERING, 1, today, confidential=True,
        title="Expulsion of a secret subject",
    )  # fmt: skip
    c["ready"] = make_case("K-ready", gubernia, CaseState.READY, 5, today)
    c["heard"] = make_case("K-heard", district, CaseState.HEARING, -1, today)
    c["soon"] = make_case("K-soon", gubernia, CaseState.HEARING, 2, today)
    c["reported"] = make_case("K-reported", gubernia, CaseState.READY, 20, today)
    c["own"] = make_case(
        "K-own", district, CaseState.DECIDED, 7, today, subject=w.people["member"],
        title="Expulsion: Kasparova",
    )  # fmt: skip
    c["closed"] = make_case("K-closed", district, CaseState.CLOSED, None, today)

    now = timezone.now()
    w.hearings["heard"] = Hearing.objects.create(
        case=c["heard"], commission=district, starts_at=now - dt.timedelta(days=1)
    )
    w.hearings["soon"] = Hearing.objects.create(
        case=c["soon"], commission=gubernia, starts_at=now + dt.timedelta(days=2), place="Room 4"
    )
    Hearing.objects.create(
        case=c["soon"], commission=gubernia, starts_at=now + dt.timedelta(days=3),
        state=HearingState.CANCELLED,
    )  # fmt: skip
    letter = make_letter("Letter reporting a reinstatement", pending=0, accepted=1)
    ReportedOutcome.objects.create(
        case=c["reported"], document=letter, outcome="reinstate", quote="was reinstated"
    )
    Decision.objects.create(
        case=c["own"], outcome="expel", reasons="Passivity.", decided_on=today,
        appeal_deadline=today + dt.timedelta(days=7),
    )  # fmt: skip

    i = w.inquiries
    i["late"] = make_inquiry(
        "I-late", state=InquiryState.SENT, due=-2, today=today, case=c["gather"]
    )
    i["marked"] = make_inquiry("I-marked", state=InquiryState.OVERDUE, due=-5, today=today)
    i["soon"] = make_inquiry("I-soon", state=InquiryState.SENT, due=3, today=today, case=c["open"])
    i["secret"] = make_inquiry(
        "I-secret", state=InquiryState.SENT, due=-1, today=today, case=c["secret"]
    )
    i["answered"] = make_inquiry("I-answered", state=InquiryState.ANSWERED, due=-9, today=today)
    i["later"] = make_inquiry("I-later", state=InquiryState.SENT, due=30, today=today)

    w.letters["waiting"] = make_letter("Letter waiting for a clerk", pending=2, accepted=1)
    w.letters["done"] = make_letter("Letter already confirmed", pending=0, accepted=2)
    w.letters["reporting"] = letter

    with transaction.atomic():
        record_event(
            actor=None, action="person.add_contact", target_type="registry.person",
            target_id="9", summary="Accepted: Record the phone “58–97” (personal data) for "
            "Kasparova-Popova.", after={"kind": "phone", "value": "58–97"},
        )  # fmt: skip
        record_event(
            actor=None, action="case.transition", target=c["gather"],
            summary="Expulsion K-gather: open → gathering material.",
            before={"state": "open"}, after={"state": "gathering"},
        )  # fmt: skip
    return w
