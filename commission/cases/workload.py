"""Reads of who works on what: each commissioner's queue, and the chair's view of the workload
of every member of a commission. The queue reads `Case.rapporteur` through case_queue_idx; the
workload view adds up the counts the services keep (cases.tallies). bench/workload.py measures
both over 200,000 cases."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet, Sum

from commission.cases.assigning import OPEN_STATES, sitting_members
from commission.cases.enums import CaseState
from commission.cases.models import Assignment, Case, DeadlineCount, WorkloadCount
from commission.cases.queries import visible_cases
from commission.core import clock
from commission.core.actors import Viewer
from commission.registry.models import Commission, Person

# The queue's sections: a case in "gathering material" waits on the inquiries and papers the
# commission asked for; "ready" and "hearing scheduled" wait on a sitting.
QUEUE_SECTIONS: list[tuple[str, str, list[str]]] = [
    ("assigned", "Newly assigned", [CaseState.OPEN]),
    ("waiting", "Waiting on inquiries and material", [CaseState.GATHERING]),
    ("ready", "Ready for hearing", [CaseState.READY]),
    ("hearing", "Hearing scheduled", [CaseState.HEARING]),
    ("decided", "Decided, appeal window open", [CaseState.DECIDED, CaseState.APPEALED]),
]


@dataclass
class MemberLoad:
    person: Person | None = None  # None: the cases nobody has yet
    assigned: int = 0
    waiting: int = 0
    ready: int = 0
    hearing: int = 0
    decided: int = 0
    overdue: int = 0

    @property
    def open(self) -> int:
        return self.assigned + self.waiting + self.ready + self.hearing + self.decided


@dataclass
class Workload:
    commission: Commission
    today: dt.date
    members: list[MemberLoad] = field(default_factory=list)
    unassigned: MemberLoad = field(default_factory=lambda: MemberLoad(None))
    elsewhere: MemberLoad = field(default_factory=lambda: MemberLoad(None))

    @property
    def total_open(self) -> int:
        return sum(m.open for m in self.members) + self.unassigned.open + self.elsewhere.open


_SECTION_OF = {state: key for key, _label, states in QUEUE_SECTIONS for state in states}


def workload_counts(commission_id: int, today: dt.date) -> dict[int | None, dict[str, int]]:
    """Open cases of one commission per rapporteur (None: unassigned), by queue section and
    overdue: the counts the services keep (cases.tallies), one row per member and state and
    one per member and day past due, read from workload_count_idx and deadline_count_idx,
    rather than a count of the cases themselves."""
    found: dict[int | None, dict[str, int]] = {}
    rows = WorkloadCount.objects.filter(
        commission_id=commission_id, state__in=OPEN_STATES, cases__gt=0
    ).values_list("rapporteur_id", "state", "cases")
    for rapporteur, state, cases in rows:
        counts = found.setdefault(
            rapporteur, dict.fromkeys([*(k for k, _l, _s in QUEUE_SECTIONS), "overdue"], 0)
        )
        counts[_SECTION_OF[state]] += cases
    overdue = (
        DeadlineCount.objects.filter(commission_id=commission_id, due_on__lt=today)
        .values_list("rapporteur_id")
        .annotate(n=Sum("cases"))
        .order_by()
    )
    for rapporteur, n in overdue:
        if n and rapporteur in found:
            found[rapporteur]["overdue"] = int(n)
    return found


def workload(*, commission: Commission, today: dt.date | None = None) -> Workload:
    """The chair's view: for each sitting member, how many open cases they have in each
    section of their queue and how many are overdue; and the cases nobody has yet."""
    today = today or clock.today()
    counts = workload_counts(commission.pk, today)
    view = Workload(commission=commission, today=today)
    members = sitting_members(commission)
    for person in members:
        view.members.append(MemberLoad(person=person, **counts.pop(person.pk, {})))
    view.unassigned = MemberLoad(person=None, **counts.pop(None, {}))
    # Cases still with someone whose seat has ended: counted together, to be reassigned.
    for row in counts.values():
        for key, value in row.items():
            setattr(view.elsewhere, key, getattr(view.elsewhere, key) + value)
    return view


@dataclass
class Queue:
    person: Person
    today: dt.date
    sections: list[tuple[str, str, list[Case]]]
    overdue: list[Case]


def queue_cases(user: Viewer, person: Person) -> QuerySet[Case]:
    return (
        visible_cases(user)
        .filter(rapporteur=person, state__in=OPEN_STATES)
        .select_related("subject", "commission")
    )


def queue(
    *, user: Viewer, person: Person, today: dt.date | None = None, per_section: int = 50
) -> Queue:
    """A commissioner's queue: their open cases by section, soonest deadline first, and those
    past their deadline; at most `per_section` of each."""
    today = today or clock.today()
    cases = queue_cases(user, person)
    sections = []
    for key, label, states in QUEUE_SECTIONS:
        rows = cases.filter(state__in=states).order_by("due_on", "id")[:per_section]
        sections.append((key, label, list(rows)))
    overdue = list(cases.filter(due_on__lt=today).order_by("due_on", "id")[:per_section])
    return Queue(person=person, today=today, sections=sections, overdue=overdue)


def assignment_history(case: Case) -> list[Assignment]:
    return list(
        Assignment.objects.filter(case=case)
        .select_related("rapporteur", "assigned_by")
        .order_by("assigned_at", "id")
    )
