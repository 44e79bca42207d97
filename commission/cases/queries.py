"""Reads of cases: the case list with filters, the overdue list, and the case file page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from commission.cases import rules
from commission.cases.enums import CaseState
from commission.cases.models import (
    Case,
    CaseDocument,
    CaseTransition,
    Decision,
    Hearing,
    RecusalOverride,
    Testimony,
    Vote,
)
from commission.core.roles import can
from commission.registry.models import Commissioner

OPEN_STATES = [s for s in CaseState.values if s not in (CaseState.CLOSED, CaseState.WITHDRAWN)]


def visible_cases(user: Any) -> QuerySet[Case]:
    """Cases the user may see: all for case roles (confidential ones only with the right), and
    a member's own cases."""
    cases = Case.objects.all()
    own = Q(subject__user=user) if getattr(user, "is_authenticated", False) else Q(pk__in=[])
    if can(user, "cases.view_case"):
        if can(user, "cases.view_confidential_case"):
            return cases
        return cases.filter(Q(confidential=False) | own)
    return cases.filter(own)


def can_see_case(user: Any, case: Case) -> bool:
    return visible_cases(user).filter(pk=case.pk).exists()


def case_list(
    *,
    user: Any,
    commission: str | None = None,
    state: str | None = None,
    kind: str | None = None,
    overdue: bool = False,
    subject: str | None = None,
    today: dt.date | None = None,
) -> QuerySet[Case]:
    """Cases newest first, filtered by commission ref, state, kind, overdue, subject ref."""
    cases = visible_cases(user).select_related("subject", "commission")
    if commission:
        cases = cases.filter(commission__ref=commission)
    if state:
        cases = cases.filter(state=state)
    if kind:
        cases = cases.filter(kind=kind)
    if subject:
        cases = cases.filter(subject__ref=subject)
    if overdue:
        cases = cases.filter(due_on__lt=today or timezone.localdate(), state__in=OPEN_STATES)
    return cases.order_by("-opened_at", "-id")


@dataclass
class DecisionView:
    decision: Decision
    votes: list[Vote]
    on_file: list[int]  # document ids the decision saw
    late_material: list[CaseDocument]  # filed afterwards, not seen by it


@dataclass
class SeatView:
    commissioner: Commissioner
    ties: list[str]
    overridden: RecusalOverride | None

    @property
    def must_stand_aside(self) -> bool:
        return bool(self.ties) and self.overridden is None


@dataclass
class CaseFile:
    case: Case
    filings: list[CaseDocument]
    testimonies: list[Testimony]
    hearings: list[Hearing]
    decisions: list[DecisionView]
    transitions: list[CaseTransition]
    seats: list[SeatView]
    timeline: list[tuple[dt.datetime, str, str]] = field(default_factory=list)


def case_file(*, case_id: int, with_recusal: bool = True) -> CaseFile:
    """Everything the case page shows, in a bounded number of queries whatever the file's size."""
    case = Case.objects.select_related(
        "subject", "commission", "commission__parent", "appeals", "appeals__case", "reopens"
    ).get(pk=case_id)
    filings = list(
        CaseDocument.objects.filter(case=case).select_related("document").order_by("filed_at", "id")
    )
    testimonies = list(Testimony.objects.filter(case=case).select_related("witness", "document"))
    hearings = list(Hearing.objects.filter(case=case).prefetch_related("attendance__person"))
    decisions = list(
        Decision.objects.filter(case=case)
        .prefetch_related(
            Prefetch("votes", queryset=Vote.objects.select_related("commissioner")),
            "grounds",
            Prefetch("documents_on_file", to_attr="seen_documents"),
        )
        .select_related("reported_by")
    )
    decision_views = []
    for decision in decisions:
        seen = {d.pk for d in decision.seen_documents}
        late = [
            f for f in filings if f.document_id not in seen and f.filed_at > decision.recorded_at
        ]
        decision_views.append(
            DecisionView(decision, list(decision.votes.all()), sorted(seen), late)
        )
    transitions = list(CaseTransition.objects.filter(case=case).select_related("by"))
    seats: list[SeatView] = []
    if with_recusal:
        overrides = {o.commissioner_id: o for o in RecusalOverride.objects.filter(case=case)}
        for seat in Commissioner.objects.filter(commission=case.commission).select_related(
            "person"
        ):
            seats.append(
                SeatView(
                    seat, rules.recusal_reasons(case, seat.person), overrides.get(seat.person_id)
                )
            )
    timeline: list[tuple[dt.datetime, str, str]] = []
    for t in transitions:
        timeline.append((t.at, "state", f"{t.from_state or 'new'} → {t.to_state}: {t.reason}"))
    for f in filings:
        timeline.append((f.filed_at, "document", f"Filed “{f.document}” ({f.get_role_display()})"))
    for h in hearings:
        timeline.append((h.starts_at, "hearing", f"Hearing {h.get_state_display()}"))
    for d in decision_views:
        timeline.append(
            (d.decision.recorded_at, "decision", f"Decision: {d.decision.get_outcome_display()}")
        )
    timeline.sort(key=lambda row: row[0])
    return CaseFile(
        case, filings, testimonies, hearings, decision_views, transitions, seats, timeline
    )


def overdue_cases(*, user: Any, today: dt.date | None = None) -> QuerySet[Case]:
    return case_list(user=user, overdue=True, today=today).order_by("due_on", "id")
