"""The cases behind a figure of the statistics, through the same filters that counted it
(`figures`): the page a figure links to lists exactly the cases it counted."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from commission.cases.enums import CaseKind, CaseState, DecisionOutcome
from commission.cases.models import Case, CaseTransition
from commission.core.errors import InvalidInput
from commission.inquiries.enums import InquiryState
from commission.reports.statistics import figures
from commission.reports.statistics.figures import Frame, Verdict


@dataclass(frozen=True)
class Figure:
    """One kind of figure the cases of which can be listed: its sentence and the values it
    may be narrowed by (kind, outcome, verdict, state); the commission is the scope's."""

    title: str
    narrows: tuple[str, ...]
    cases: Callable[[Frame, Mapping[str, str]], QuerySet[Case]]


def _of(rows: QuerySet[Any], relation: str = "case_id") -> Q:
    return Q(pk__in=rows.order_by().values(relation))


def _decided(frame: Frame, given: Mapping[str, str]) -> QuerySet[Case]:
    rows = figures.decisions(frame)
    if given.get("kind"):
        rows = rows.filter(case__kind=given["kind"])
    if given.get("outcome"):
        rows = rows.filter(outcome=given["outcome"])
    return Case.objects.filter(_of(rows))


def _opened(frame: Frame, given: Mapping[str, str]) -> QuerySet[Case]:
    rows = figures.cases_opened(frame)
    return rows.filter(kind=given["kind"]) if given.get("kind") else rows


def _measured(appeal: bool) -> Callable[[Frame, Mapping[str, str]], QuerySet[Case]]:
    def cases(frame: Frame, given: Mapping[str, str]) -> QuerySet[Case]:
        rows = figures.decisions(frame).filter(
            decided_on__isnull=False, case__opened_on__isnull=False
        )
        rows = rows.filter(case__kind=CaseKind.APPEAL) if appeal else rows.exclude(
            case__kind=CaseKind.APPEAL
        )  # fmt: skip
        return Case.objects.filter(_of(rows))

    return cases


def _appealed(frame: Frame, given: Mapping[str, str]) -> QuerySet[Case]:
    rows = figures.decisions(frame).filter(figures._appealed())
    return Case.objects.filter(_of(rows))


def _appeals(frame: Frame, given: Mapping[str, str]) -> QuerySet[Case]:
    rows = figures.appeal_decisions(frame)
    if given.get("verdict"):
        rows = rows.filter(verdict=given["verdict"])
    return Case.objects.filter(_of(rows))


def _expelled(readmitted: bool | None) -> Callable[[Frame, Mapping[str, str]], QuerySet[Case]]:
    def cases(frame: Frame, given: Mapping[str, str]) -> QuerySet[Case]:
        rows = figures.expulsions(frame)
        if readmitted is not None:
            rows = rows.filter(readmitted=readmitted)
        return Case.objects.filter(_of(rows))

    return cases


def _majority(needed: bool) -> Callable[[Frame, Mapping[str, str]], QuerySet[Case]]:
    def cases(frame: Frame, given: Mapping[str, str]) -> QuerySet[Case]:
        rows = figures.majority_decisions(frame)
        if needed:
            rows = rows.filter(shortened=1)
        return Case.objects.filter(pk__in=[r.case_id for r in rows.only("case_id")])

    return cases


def _overrides(frame: Frame, given: Mapping[str, str]) -> QuerySet[Case]:
    return Case.objects.filter(_of(figures.recusal_overrides(frame)))


def _late(frame: Frame, given: Mapping[str, str]) -> QuerySet[Case]:
    return Case.objects.filter(_of(figures.late_filings(frame)))


_INQUIRY_STATES = {
    "answered": Q(state=InquiryState.ANSWERED),
    "late": Q(state=InquiryState.ANSWERED, days_late__gt=0),
    "overdue": Q(state=InquiryState.OVERDUE),
    "escalated": Q(escalated_at__isnull=False),
    "withdrawn": Q(state=InquiryState.WITHDRAWN),
}


def _inquiries(frame: Frame, given: Mapping[str, str]) -> QuerySet[Case]:
    rows = figures.inquiries_sent(frame).filter(case__isnull=False)
    if given.get("state"):
        rows = rows.filter(_INQUIRY_STATES[given["state"]])
    return Case.objects.filter(_of(rows))


def _left_state(frame: Frame, given: Mapping[str, str]) -> QuerySet[Case]:
    moves = CaseTransition.objects.filter(frame.cases("case__"), frame.period.of("at", moment=True))
    moves = moves.exclude(from_state="")
    if given.get("state"):
        moves = moves.filter(from_state=given["state"])
    return Case.objects.filter(_of(moves))


FIGURES: dict[str, Figure] = {
    "opened": Figure("Cases opened", ("kind",), _opened),
    "decided": Figure("Cases decided", ("kind", "outcome"), _decided),
    "to_decision": Figure("Cases measured from opening to decision", (), _measured(False)),
    "appeal_to_decision": Figure("Appeals measured from filing to decision", (), _measured(True)),
    "state": Figure("Cases that left a state", ("state",), _left_state),
    "appealed": Figure("Decisions that were appealed", (), _appealed),
    # Appeals against the decisions of the commissions in scope.
    "appeals": Figure("Appeals decided", ("verdict",), _appeals),
    "expelled": Figure("Expulsions", (), _expelled(None)),
    "readmitted": Figure("Expulsions followed by readmission", (), _expelled(True)),
    "majority": Figure("Decisions carried by the halving majority", (), _majority(False)),
    "majority_needed": Figure(
        "Readmissions whose shorter probation needed the halving majority", (), _majority(True)
    ),
    "overrides": Figure("Cases with a recusal overridden", (), _overrides),
    "late": Figure("Cases with material filed after their decision", (), _late),
    "inquiries": Figure("Cases with inquiries sent", ("state",), _inquiries),
}

_ALLOWED = {
    "kind": set(CaseKind.values),
    "outcome": set(DecisionOutcome.values),
    "verdict": set(Verdict.ALL),
    "state": set(CaseState.values) | set(_INQUIRY_STATES),
}


def cases_behind(frame: Frame, figure: str, given: Mapping[str, str]) -> QuerySet[Case]:
    """The cases counted by `figure` narrowed by `given`, newest first. Errors: InvalidInput
    for an unknown figure or a value it cannot be narrowed by."""
    found = FIGURES.get(figure)
    if found is None:
        raise InvalidInput(
            _("'%(figure)s' is not a figure of the statistics.") % {"figure": figure},
            field="figure",
        )
    narrowed = {k: v for k, v in given.items() if k in found.narrows and v}
    for key, value in narrowed.items():
        if key in _ALLOWED and value not in _ALLOWED[key]:
            raise InvalidInput(
                _("'%(value)s' is not a %(key)s this figure knows.") % {"value": value, "key": key},
                field=key,
            )
    return (
        found.cases(frame, narrowed)
        .select_related("subject", "commission")
        .order_by("-opened_at", "-id")
    )
