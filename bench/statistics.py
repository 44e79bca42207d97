"""Benchmark of the procedure statistics.

    python -m bench.statistics [--engine sqlite|postgres|both] [--cases 200000] [--repeat 30]
        [--reuse]

Builds a fresh database per engine (SQLite: bench-statistics.sqlite3 under $COMMISSION_VAR_DIR;
PostgreSQL: the database "commission_stats_bench" on the server of --postgres-url, dropped and
created again) and fills it with bulk_create (a fixture, not a test of the services):

- the registry and --cases cases of bench/cases.py (111 commissions in three levels);
- a decision with three votes for every case that reached a decision, days to weeks after its
  opening; an appeal case, heard by the commission above, for every appealed one, with its own
  decision (upheld, varied or overturned);
- each case's moves between states, days apart;
- --inquiries inquiries, sent, many answered, some overdue and escalated;
- late material on 1 % of the decided cases and a recusal override on 0.5 %.

Then it measures, p50 and p95 of the wall clock over --repeat runs:

- baseline: the bare SQL aggregates every statistics page must at least run (cases by kind,
  decisions by outcome) — two GROUP BY queries over the whole tables;
- `procedure_statistics` for the whole organisation and all dates when no set is kept (the
  page counts afresh, a worker is asked to keep the set; at most 5 runs), the worker's count in
  full of every segment (at most 5 runs), after a restart (nothing in memory, the sets kept by
  the workers), right after a change made through the services, and as the page reads it
  (kept figures, keyed by the audit chain's head), for one level, for one commission, and for
  a one-year period, and for periods never asked before (a new one for each call: from a day to
  a day, cutting a month at both ends) for the whole organisation and for one level;
- GET /statistics/ through the Django test client (figures, charts and tables) for a chair,
  who reads every case, and for a clerk, who does not read confidential ones, with nothing
  changed and right after a change, of all dates and of a period never asked before.

Each engine runs in its own process, because Django reads its database settings once.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import platform
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, this folder would come first on the path and this file would stand in for
# the standard library's statistics module, which bench/cases.py imports.
if sys.path and Path(sys.path[0]).resolve() == ROOT / "bench":
    sys.path.pop(0)
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.cases import (  # noqa: E402
    _build_cases,
    _build_registry,
    _percentiles,
    _recreate_postgres,
    _setup_django,
    _time,
)

DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/commission"
DATABASE_NAME = "commission_stats_bench"
BATCH = 5000
TARGET_P95_MS = 200.0


def _database_url(engine: str, postgres_url: str, *, fresh: bool) -> str:
    if engine == "sqlite":
        var = Path(os.environ.get("COMMISSION_VAR_DIR", ROOT / "var"))
        var.mkdir(parents=True, exist_ok=True)
        path = var / "bench-statistics.sqlite3"
        for suffix in ("", "-wal", "-shm") if fresh else ():
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    return urlunsplit(urlsplit(postgres_url)._replace(path="/" + DATABASE_NAME))


def _without_auto_now(*fields: Any) -> list[Any]:
    for f in fields:
        f.auto_now_add = False
    return list(fields)


def _build_procedure(reg: dict[str, Any], inquiries: int, rng: random.Random) -> None:
    from commission.cases.enums import CaseKind, CaseState, DecisionOutcome
    from commission.cases.models import (
        Case,
        CaseDocument,
        CaseTransition,
        Decision,
        RecusalOverride,
        Vote,
    )
    from commission.documents.models import Document
    from commission.inquiries.enums import InquiryState
    from commission.inquiries.models import Inquiry
    from commission.registry.models import Commissioner

    seats: dict[int, list[int]] = {}
    for commission_id, person_id in Commissioner.objects.values_list("commission_id", "person_id"):
        seats.setdefault(commission_id, []).append(person_id)
    parents = {c.pk: c.parent_id for c in [reg["central"], *reg["gubernias"], *reg["districts"]]}
    fields = _without_auto_now(
        Decision._meta.get_field("recorded_at"),
        CaseTransition._meta.get_field("at"),
        Case._meta.get_field("opened_at"),
    )
    outcomes = [
        (DecisionOutcome.RETAIN, 40), (DecisionOutcome.REPRIMAND, 10),
        (DecisionOutcome.PROBATION, 10), (DecisionOutcome.EXPEL, 30),
        (DecisionOutcome.EXPEL_FOR_TERM, 5), (DecisionOutcome.EXPEL_SHAMEFUL, 5),
    ]  # fmt: skip
    outcome_values, outcome_weights = zip(*outcomes, strict=True)
    decided_states = {CaseState.DECIDED, CaseState.APPEALED, CaseState.CLOSED}
    path = [CaseState.OPEN, CaseState.GATHERING, CaseState.READY, CaseState.HEARING]
    try:
        rows = Case.objects.values_list(
            "pk", "state", "opened_at", "opened_on", "commission_id", "subject_id"
        ).order_by("pk")
        decisions, transitions, appeal_of = [], [], []
        for pk, state, opened_at, _opened_on, commission_id, subject_id in rows.iterator(BATCH):
            moment = opened_at
            transitions.append(CaseTransition(case_id=pk, from_state="", to_state="open",
                                              at=moment, reason="opened"))  # fmt: skip
            reached = path if state in decided_states else path[: path.index(state) + 1] if (
                state in path) else path[:2]  # fmt: skip
            for before, after in itertools.pairwise(reached):
                moment += dt.timedelta(days=rng.randint(1, 20), hours=rng.randint(0, 23))
                transitions.append(CaseTransition(case_id=pk, from_state=before, to_state=after,
                                                  at=moment, reason="moved"))  # fmt: skip
            if state in decided_states:
                moment += dt.timedelta(days=rng.randint(1, 30))
                transitions.append(CaseTransition(case_id=pk, from_state="hearing",
                                                  to_state="decided", at=moment,
                                                  reason="decided"))  # fmt: skip
                decisions.append(
                    Decision(
                        case_id=pk,
                        outcome=rng.choices(outcome_values, outcome_weights)[0],
                        decided_on=moment.date(),
                        reasons="The commission heard the member and the witnesses.",
                        term_until=moment.date() + dt.timedelta(days=rng.choice((270, 540))),
                        recorded_at=moment,
                    )
                )
                if state == CaseState.APPEALED and parents.get(commission_id):
                    appeal_of.append((len(decisions) - 1, commission_id, subject_id, moment))
            if len(transitions) >= BATCH:
                CaseTransition.objects.bulk_create(transitions)
                transitions = []
        CaseTransition.objects.bulk_create(transitions)
        Decision.objects.bulk_create(decisions, batch_size=BATCH)
        votes = []
        for decision in decisions:
            commission_seats = seats.get(_commission_of(decision, rng), [])
            for person_id in commission_seats[:3]:
                votes.append(Vote(decision_id=decision.pk, commissioner_id=person_id,
                                  choice="for" if rng.random() < 0.9 else "against"))  # fmt: skip
        Vote.objects.bulk_create(votes, batch_size=BATCH)
        appeals = []
        for i, (index, commission_id, subject_id, moment) in enumerate(appeal_of):
            appeals.append(
                Case(
                    ref=f"K-a{i:07d}",
                    subject_id=subject_id,
                    commission_id=parents[commission_id],
                    kind=CaseKind.APPEAL,
                    state=CaseState.DECIDED,
                    appeals=decisions[index],
                    title=f"Appeal {i}",
                    opened_at=moment + dt.timedelta(days=3),
                    opened_on=(moment + dt.timedelta(days=3)).date(),
                )
            )
        Case.objects.bulk_create(appeals, batch_size=BATCH)
        Decision.objects.bulk_create(
            [
                Decision(
                    case=a,
                    decided_on=a.opened_on + dt.timedelta(days=rng.randint(5, 60)),
                    outcome=rng.choice(
                        [
                            decisions[index].outcome,
                            DecisionOutcome.PROBATION,
                            DecisionOutcome.REINSTATE,
                        ]
                    ),
                    term_until=a.opened_on + dt.timedelta(days=600),
                    reasons="The appeal was heard.",
                    recorded_at=a.opened_at + dt.timedelta(days=9),
                )
                for a, (index, *_rest) in zip(appeals, appeal_of, strict=True)
            ],
            batch_size=BATCH,
        )
        decided = [d.case_id for d in decisions]
        late = rng.sample(decided, len(decided) // 100)
        documents = Document.objects.bulk_create(
            Document(
                title=f"Late letter {i}", text="I write too late.", fingerprint=f"late{i:060d}"
            )
            for i in range(len(late))
        )
        CaseDocument.objects.bulk_create(
            CaseDocument(
                case_id=c,
                document=d,
                role="testimony",
                filed_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
            )
            for c, d in zip(late, documents, strict=True)
        )
        some = rng.sample(decided, len(decided) // 200)
        chair = _chair()
        RecusalOverride.objects.bulk_create(
            RecusalOverride(
                case_id=c, commissioner_id=reg["persons"][0].pk, reason="tied", by=chair
            )
            for c in some
        )
    finally:
        for f in fields:
            f.auto_now_add = True
    case_rows = list(Case.objects.values_list("pk", "subject_id", "opened_at"))
    persons = reg["persons"]
    rows_i = []
    for i in range(inquiries):
        case_id, subject_id, opened_at = rng.choice(case_rows)
        recipient = rng.choice(persons)
        if recipient.pk == subject_id:
            continue
        sent = opened_at + dt.timedelta(days=rng.randint(0, 10))
        state = rng.choices(
            [
                InquiryState.ANSWERED,
                InquiryState.OVERDUE,
                InquiryState.SENT,
                InquiryState.WITHDRAWN,
            ],
            [60, 15, 20, 5],
        )[0]
        rows_i.append(
            Inquiry(
                ref=f"I-s{i:07d}",
                case_id=case_id,
                subject_id=subject_id,
                recipient=recipient,
                question="Give information about the comrade.",
                state=state,
                due_on=(sent + dt.timedelta(days=14)).date(),
                sent_at=sent,
                answered_at=sent + dt.timedelta(days=rng.randint(1, 30))
                if state == InquiryState.ANSWERED
                else None,
                escalated_at=sent + dt.timedelta(days=20)
                if state == InquiryState.OVERDUE and rng.random() < 0.5
                else None,
            )
        )
        if len(rows_i) == BATCH:
            Inquiry.objects.bulk_create(rows_i)
            rows_i = []
    Inquiry.objects.bulk_create(rows_i)


_CASE_COMMISSION: dict[int, int] = {}


def _commission_of(decision: Any, rng: random.Random) -> int:
    from commission.cases.models import Case

    if not _CASE_COMMISSION:
        _CASE_COMMISSION.update(Case.objects.values_list("pk", "commission_id"))
    return _CASE_COMMISSION[decision.case_id]


def _chair() -> Any:
    from django.contrib.auth.models import Group, User

    user, _ = User.objects.get_or_create(username="stats-chair")
    user.groups.add(*Group.objects.filter(name="chair"))
    return user


def _clerk() -> Any:
    from django.contrib.auth.models import Group, User

    user, _ = User.objects.get_or_create(username="stats-clerk")
    user.groups.add(*Group.objects.filter(name="clerk"))
    return user


def _build(cases: int, inquiries: int, people: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    from commission.core.services import sync_role_groups

    began = time.perf_counter()
    call_command("migrate", verbosity=0)
    sync_role_groups()
    rng = random.Random(1921)
    reg = _build_registry(people, rng)
    _build_cases(cases, reg, rng)
    _build_procedure(reg, inquiries, rng)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"built in {time.perf_counter() - began:.0f} s", flush=True)


def _baseline() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT kind, COUNT(*) FROM cases_case GROUP BY kind")
        cursor.fetchall()
        cursor.execute("SELECT outcome, COUNT(*) FROM cases_decision GROUP BY outcome")
        cursor.fetchall()


def _one_change(chair: Any) -> Any:
    """A change through the services before each measured call: a case opened before a random
    commission about a random member, and moved on (two audited events)."""
    from commission.cases.services import open_case, transition_case
    from commission.registry.models import Commission, Person

    rng = random.Random(1917)
    commissions = list(Commission.objects.order_by("pk"))
    people = list(Person.objects.filter(memberships__isnull=False).order_by("pk")[:5000])

    def change() -> None:
        case = open_case(
            actor=chair, subject=rng.choice(people), commission=rng.choice(commissions),
            kind="verification", title="Opened by the benchmark",
        )  # fmt: skip
        transition_case(
            actor=chair, case=case, to_state="gathering", reason="Letters asked for.",
            expected_version=case.version,
        )  # fmt: skip

    return change


def _periods() -> Any:
    """Periods never asked before, one after another: from a day in 2020–2025 to a day one to
    24 months later, each cutting a month at both ends (its whole months are read from the
    kept counts, its ends counted afresh)."""
    rng = random.Random(1922)
    while True:
        start = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randint(0, 6 * 365))
        end = start + dt.timedelta(days=rng.randint(30, 730))
        yield {"start": start.isoformat(), "end": end.isoformat()}


def _time_after(change: Any, call: Any, repeat: int) -> tuple[float, float, float, float]:
    """As `_time`, with `change` made (and not timed) before each call."""
    wall, cpu = [], []
    for _ in range(repeat):
        change()
        start, start_cpu = time.perf_counter(), time.process_time()
        call()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return (*_percentiles(wall), *_percentiles(cpu))


def run_engine(engine: str, *, postgres_url: str, reuse: bool, cases: int, inquiries: int,
               people: int, repeat: int) -> None:  # fmt: skip
    url = _database_url(engine, postgres_url, fresh=not reuse)
    if engine == "postgres" and not reuse:
        _recreate_postgres(url)
    _setup_django(url)
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from commission.cases.models import Case, Decision
    from commission.registry.models import Commission
    from commission.reports.statistics.report import procedure_statistics

    if not reuse:
        _build(cases, inquiries, people)
    else:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)  # tables added since the database was built
    settings.ALLOWED_HOSTS = ["testserver"]
    setup_test_environment()
    chair, clerk = _chair(), _clerk()
    chair = User.objects.get(pk=chair.pk)
    district = Commission.objects.filter(level="district").order_by("ref").first()
    assert district is not None
    print(
        f"{engine}: {Case.objects.count():,} cases, {Decision.objects.count():,} decisions",
        flush=True,
    )
    from django.core.cache import cache

    from commission.reports.models import KeptTally
    from commission.reports.statistics import kept
    from commission.reports.statistics.figures import Frame, Reading
    from commission.reports.statistics.jobs import catch_up_statistics
    from commission.reports.statistics.scope import Period, Scope

    def not_kept() -> None:
        # The first page of a period never asked for, or after changes the kept counts cannot
        # follow: the page counts its scope afresh and asks a worker to keep the set.
        KeptTally.objects.all().delete()
        cache.clear()
        procedure_statistics(user=chair)

    def counted_in_full() -> None:
        # What that worker does: count every segment and keep them.
        KeptTally.objects.all().delete()
        kept.kept_counts(
            Frame(user=chair, scope=Scope(), period=Period(), reading=Reading.ALL), in_full=True
        )

    def kept_by_the_worker() -> None:
        # Untimed: the sets the measured pages read (every period reads the set of all
        # dates), as the workers leave them.
        catch_up_statistics()

    def restarted() -> None:
        cache.clear()  # a new process: nothing in memory, the kept counts in the database
        kept._READ.clear()
        procedure_statistics(user=chair)

    runs: list[tuple[str, Any, Any]] = [
        ("baseline: bare SQL aggregates", None, _baseline),
        ("statistics, whole org., set not kept", None, not_kept),
        ("statistics, whole org., counted in full", None, counted_in_full),
        ("statistics, whole org., after a restart", kept_by_the_worker, restarted),
        (
            "statistics, whole org., after one change",
            _one_change(chair),
            lambda: procedure_statistics(user=chair),
        ),
        ("statistics, whole organisation", None, lambda: procedure_statistics(user=chair)),
        (
            "statistics, district level",
            None,
            lambda: procedure_statistics(user=chair, level="district"),
        ),
        (
            "statistics, one commission",
            None,
            lambda: procedure_statistics(user=chair, commission=district.ref),
        ),
        (
            "statistics, year 2022",
            None,
            lambda: procedure_statistics(user=chair, start="2022-01-01", end="2022-12-31"),
        ),
    ]
    periods = _periods()
    runs += [
        (
            "statistics, a new period each time",
            None,
            lambda: procedure_statistics(user=chair, **next(periods)),
        ),
        (
            "statistics, a new period after a change",
            _one_change(chair),
            lambda: procedure_statistics(user=chair, **next(periods)),
        ),
        (
            "statistics, one level, a new period",
            None,
            lambda: procedure_statistics(user=chair, level="district", **next(periods)),
        ),
    ]
    for name, user in (("chair", chair), ("clerk", clerk)):
        client = Client()
        client.force_login(user)

        def page(client: Any = client) -> None:
            response = client.get("/statistics/")
            assert response.status_code == 200, response.status_code

        def page_of_period(client: Any = client) -> None:
            asked = next(periods)
            response = client.get("/statistics/", {"from": asked["start"], "to": asked["end"]})
            assert response.status_code == 200, response.status_code

        runs.append((f"GET /statistics/ as {name}", None, page))
        runs.append((f"GET /statistics/ as {name} after a change", _one_change(chair), page))
        runs.append((f"GET a new period as {name}", None, page_of_period))
        runs.append(
            (f"GET a new period as {name} after a change", _one_change(chair), page_of_period)
        )
    baseline_p95 = None
    for name, change, call in runs:
        if change:
            change()
        # Counted by a wrapper: the test client's requests empty Django's own query log.
        queries: list[str] = []

        def counted(execute: Any, sql: str, *rest: Any, queries: list[str] = queries) -> Any:
            queries.append(sql)
            return execute(sql, *rest)

        with connection.execute_wrapper(counted):
            call()
        # Counting everything takes seconds: five runs of it say enough.
        times = min(repeat, 5) if call in (not_kept, counted_in_full) else repeat
        p50, p95, _cpu50, cpu95 = _time_after(change, call, times) if change else _time(call, times)
        baseline_p95 = baseline_p95 or p95
        verdict = "meets" if p95 <= TARGET_P95_MS else "MISSES"
        print(
            f"  {name:38} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  (cpu p95 {cpu95:6.1f} ms)  "
            f"{len(queries):3d} queries  x{p95 / baseline_p95:5.1f} baseline  "
            f"{verdict} the {TARGET_P95_MS:.0f} ms target",
            flush=True,
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--engine", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--inquiries", type=int, default=50_000)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--reuse", action="store_true", help="measure the databases built before")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES)
    args = parser.parse_args(argv)
    sizes = {"cases": args.cases, "inquiries": args.inquiries, "people": args.people,
             "repeat": args.repeat}  # fmt: skip
    if args.engine != "both":
        run_engine(args.engine, postgres_url=args.postgres_url, reuse=args.reuse, **sizes)
        return
    print(f"Python {platform.python_version()} on {platform.platform()}, {os.cpu_count()} CPUs")
    for engine in ("sqlite", "postgres"):
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        command = [sys.executable, "-m", "bench.statistics", "--engine", engine]
        for name, value in sizes.items():
            command += [f"--{name}", str(value)]
        command += ["--postgres-url", args.postgres_url] + (["--reuse"] if args.reuse else [])
        subprocess.run(command, check=True, env=env, cwd=ROOT)


if __name__ == "__main__":
    main()
