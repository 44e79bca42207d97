"""The counts behind the chair's workload view: cases per commission, rapporteur and state
(`WorkloadCount`), and open cases per commission, rapporteur and deadline (`DeadlineCount`).
The services that write a case's commission, rapporteur, state or deadline call `moved` in
their own transaction, so the counts are never out of step with a committed case; `compare`
and `rebuild_counts` check them against the cases themselves (`commission case check-counts`).

Counting the cases themselves read every open case of the commission, which over 200,000 cases
took 150–330 ms; the counts are a few rows per member and state, and per member and day past
due (bench/workload.py)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import NamedTuple

from django.db import IntegrityError, models, transaction
from django.db.models import Count, F

from commission.audit.services import record_event
from commission.cases.enums import TERMINAL_STATES
from commission.cases.models import Case, DeadlineCount, WorkloadCount
from commission.core.actors import Actor
from commission.core.audit_actions import AuditAction
from commission.core.roles import require

REBUILD = "cases.assign_case"


class CaseKey(NamedTuple):
    """Where one case is counted: its commission, rapporteur, state and deadline."""

    commission_id: int
    rapporteur_id: int | None
    state: str
    due_on: dt.date | None


class StateKey(NamedTuple):
    commission_id: int
    rapporteur_id: int | None
    state: str

    @property
    def text(self) -> str:
        return f"{self.commission_id}:{self.rapporteur_id or '-'}:{self.state}"


class DueKey(NamedTuple):
    commission_id: int
    rapporteur_id: int | None
    due_on: dt.date

    @property
    def text(self) -> str:
        return f"{self.commission_id}:{self.rapporteur_id or '-'}:{self.due_on.isoformat()}"


def key_of(case: Case) -> CaseKey:
    return CaseKey(case.commission_id, case.rapporteur_id, case.state, case.due_on)


def _state_key(key: CaseKey) -> StateKey:
    return StateKey(key.commission_id, key.rapporteur_id, key.state)


def _due_key(key: CaseKey) -> DueKey | None:
    """Only open cases with a deadline can be overdue; the others have no deadline row."""
    if key.due_on is None or key.state in TERMINAL_STATES:
        return None
    return DueKey(key.commission_id, key.rapporteur_id, key.due_on)


def _add(model: type[models.Model], key: StateKey | DueKey, delta: int) -> None:
    rows = model.objects.filter(key=key.text)  # type: ignore[attr-defined]
    if rows.update(cases=F("cases") + delta):
        return
    try:
        # A savepoint: a writer that inserted the same key meanwhile makes this insert fail
        # without spoiling the caller's transaction, and the update then finds its row.
        with transaction.atomic():
            model.objects.create(key=key.text, cases=delta, **key._asdict())  # type: ignore[attr-defined]
    except IntegrityError:
        rows.update(cases=F("cases") + delta)


def moved(before: CaseKey | None, after: CaseKey | None) -> None:
    """Count a case out of `before` and into `after` (None: it did not exist). Called inside
    the transaction of the service that changed the case."""
    old_state = _state_key(before) if before else None
    new_state = _state_key(after) if after else None
    if old_state != new_state:
        if old_state is not None:
            _add(WorkloadCount, old_state, -1)
        if new_state is not None:
            _add(WorkloadCount, new_state, 1)
    old_due = _due_key(before) if before else None
    new_due = _due_key(after) if after else None
    if old_due != new_due:
        if old_due is not None:
            _add(DeadlineCount, old_due, -1)
        if new_due is not None:
            _add(DeadlineCount, new_due, 1)


def _from_cases() -> tuple[Counter[StateKey], Counter[DueKey]]:
    by_state: Counter[StateKey] = Counter()
    by_due: Counter[DueKey] = Counter()
    rows = (
        Case.objects.values_list("commission_id", "rapporteur_id", "state", "due_on")
        .annotate(n=Count("id"))
        .order_by()
    )
    for commission, rapporteur, state, due_on, n in rows:
        key = CaseKey(commission, rapporteur, state, due_on)
        by_state[_state_key(key)] += n
        due = _due_key(key)
        if due is not None:
            by_due[due] += n
    return by_state, by_due


def _kept() -> tuple[Counter[StateKey], Counter[DueKey]]:
    by_state = Counter(
        {
            StateKey(c, r, s): n
            for c, r, s, n in WorkloadCount.objects.exclude(cases=0).values_list(
                "commission_id", "rapporteur_id", "state", "cases"
            )
        }
    )
    by_due = Counter(
        {
            DueKey(c, r, d): n
            for c, r, d, n in DeadlineCount.objects.exclude(cases=0).values_list(
                "commission_id", "rapporteur_id", "due_on", "cases"
            )
        }
    )
    return by_state, by_due


@dataclass
class Difference:
    key: StateKey | DueKey
    kept: int
    real: int

    def __str__(self) -> str:
        k = self.key
        where = f"in state {k.state}" if isinstance(k, StateKey) else f"due {k.due_on:%d %B %Y}"
        return (
            f"commission {k.commission_id}, rapporteur {k.rapporteur_id or 'none'}, {where}: "
            f"{self.kept} counted, {self.real} cases"
        )


def _differences(
    real: Counter[StateKey] | Counter[DueKey], kept: Counter[StateKey] | Counter[DueKey]
) -> list[Difference]:
    keys: set[StateKey | DueKey] = {*real, *kept}
    return [
        Difference(key, kept.get(key, 0), real.get(key, 0))  # type: ignore[arg-type]
        for key in sorted(keys, key=lambda k: k.text)
        if kept.get(key, 0) != real.get(key, 0)  # type: ignore[arg-type]
    ]


def compare() -> list[Difference]:
    """Where the kept counts differ from the cases (empty when they agree)."""
    real_state, real_due = _from_cases()
    kept_state, kept_due = _kept()
    return _differences(real_state, kept_state) + _differences(real_due, kept_due)


def rebuild_counts(*, actor: Actor) -> int:
    """Count the cases again and replace the kept counts with the result (after a bulk load, or
    to repair what `compare` found); returns how many rows were written. A service that
    writes a case meanwhile either waits for the rows locked here or, adding a key this has
    just written, makes one of the two fail and roll back: nothing is counted twice.
    Side effect: an audit event. Errors: NotAllowed without cases.assign_case."""
    require(actor, REBUILD, "rebuild the workload counts")
    with transaction.atomic():
        differences = len(compare())
        list(WorkloadCount.objects.select_for_update().values_list("pk", flat=True))
        list(DeadlineCount.objects.select_for_update().values_list("pk", flat=True))
        WorkloadCount.objects.all().delete()
        DeadlineCount.objects.all().delete()
        by_state, by_due = _from_cases()
        WorkloadCount.objects.bulk_create(
            (WorkloadCount(key=k.text, cases=n, **k._asdict()) for k, n in by_state.items()),
            batch_size=2000,
        )
        DeadlineCount.objects.bulk_create(
            (DeadlineCount(key=k.text, cases=n, **k._asdict()) for k, n in by_due.items()),
            batch_size=2000,
        )
        rows = len(by_state) + len(by_due)
        record_event(
            actor=actor,
            action=AuditAction.CASE_COUNTS_REBUILD,
            target_type="cases.workloadcount",
            summary=f"Rebuilt the workload counts from the cases: {rows} rows, "
            f"{differences} of which differed.",
            after={"rows": rows, "differed": differences},
        )
    return rows
