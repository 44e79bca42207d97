"""The workload counts the services keep: every write of a case's commission, rapporteur, state
or deadline moves its count in the same transaction, and `check-counts` finds and repairs a
count that differs from the cases."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from commission.audit.models import AuditEvent
from commission.cases import assigning, services, tallies
from commission.cases.enums import CaseKind, CaseState
from commission.cases.models import Case, WorkloadCount


def _open(actor, h):
    return services.open_case(
        actor=actor, subject=h.subject, commission=h.district, kind=CaseKind.EXPULSION,
        opened_on=dt.date(1921, 12, 1),
    )  # fmt: skip


def test_the_services_keep_the_counts_in_step_with_the_cases(chair, hierarchy):
    first, second = _open(chair, hierarchy), _open(chair, hierarchy)
    assigning.assign_case(actor=chair, case=first, rapporteur=hierarchy.district_commissioners[1])
    second.refresh_from_db()
    services.transition_case(
        actor=chair, case=second, to_state=CaseState.GATHERING, reason="asking",
        expected_version=second.version,
    )  # fmt: skip
    assert tallies.compare() == []


def test_a_case_counted_once_after_it_moves(chair, hierarchy):
    case = _open(chair, hierarchy)
    assigning.assign_case(actor=chair, case=case, rapporteur=hierarchy.district_commissioners[1])
    rows = WorkloadCount.objects.values_list("rapporteur_id", "state", "cases")
    assert sorted(rows, key=lambda r: r[0] or 0) == [
        (None, "open", 0),
        (hierarchy.district_commissioners[1].pk, "open", 1),
    ]


def test_check_counts_says_they_agree(chair, hierarchy):
    _open(chair, hierarchy)
    out = StringIO()
    call_command("case", "check-counts", "--as", "chair", stdout=out)
    assert out.getvalue() == "The workload counts agree with the cases.\n"


def test_check_counts_names_a_count_that_differs_and_rebuild_repairs_it(chair, hierarchy):
    case = _open(chair, hierarchy)
    Case.objects.filter(pk=case.pk).update(state=CaseState.READY)
    with pytest.raises(CommandError, match="2 workload counts differ from the cases"):
        call_command("case", "check-counts", "--as", "chair", stdout=StringIO())
    call_command("case", "check-counts", "--rebuild", "--as", "chair", stdout=StringIO())
    assert (tallies.compare(), AuditEvent.objects.filter(action="case.counts_rebuild").count()) == (
        [],
        1,
    )


def test_only_the_chair_rebuilds_the_counts(clerk, hierarchy):
    with pytest.raises(CommandError, match="may not rebuild the workload counts"):
        call_command("case", "check-counts", "--rebuild", "--as", "clerk", stdout=StringIO())
