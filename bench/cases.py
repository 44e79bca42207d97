"""Benchmark of the case list and the case file page.

    python -m bench.cases [--engine sqlite|postgres|both] [--cases 200000] [--repeat 50]

Builds a fresh database per engine (SQLite: a file under $COMMISSION_VAR_DIR; PostgreSQL: the
database of $DATABASE_URL, or of --postgres-url, with "_cases_bench" appended, dropped and created
again), fills it with a generated registry and 200,000 cases written with bulk_create (this is
a fixture, not a test of the services), then measures:

- `cases.queries.case_list` with typical filters: the first page of 50 rows, evaluated;
- the case list page (/cases/ with filters) through the Django test client;
- the case file page of a case with 200 documents, 20 hearings and 10 decisions, through the
  Django test client, with its SQL query count.

Each engine runs in its own process, because Django reads its database settings once.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/commission"
BATCH = 5000
LIST_TARGET_P95_MS = 100.0  # the case list
FILE_TARGET_P95_MS = 30.0  # the case file page


def _percentiles(samples: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(samples, n=20, method="inclusive")
    return statistics.median(samples), cuts[18]


def _time(call: Callable[[], Any], repeat: int) -> tuple[float, float, float, float]:
    """Wall-clock p50 and p95 and, beside them, this process's CPU time p50 and p95: on a
    shared machine the wall clock also counts other processes' turns on the CPU."""
    call()  # warm the caches and the connection once, as a running server would be
    from commission.core.runtime import settle

    settle()  # and settle what is loaded, as commission.wsgi does once it has loaded
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        call()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return (*_percentiles(wall), *_percentiles(cpu))


# About the length of a seed letter (3 KB), so the page loads what a real file holds.
_LETTER = "I have seen the work of this comrade at close range for two years and more. " * 4


def _bench_database_url(engine: str, postgres_url: str) -> str:
    if engine == "sqlite":
        var = Path(os.environ.get("COMMISSION_VAR_DIR", ROOT / "var"))
        var.mkdir(parents=True, exist_ok=True)
        path = var / "bench-cases.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    parts = urlsplit(postgres_url)
    # Its own database: the registry benchmarks keep theirs (commission_bench) between runs.
    name = (parts.path.lstrip("/") or "commission") + "_cases_bench"
    return urlunsplit(parts._replace(path="/" + name))


def _recreate_postgres(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def _setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commission.settings")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _build_registry(people: int, rng: random.Random) -> dict[str, Any]:
    from commission.registry.enums import CommissionerRole, CommissionLevel
    from commission.registry.models import (
        Commission,
        Commissioner,
        Membership,
        Organisation,
        Person,
    )

    org = Organisation.objects.create(ref="rcp", name="Russian Communist Party (Bolsheviks)")
    central = Commission.objects.create(
        ref="C-central", organisation=org, name="Central Commission", level=CommissionLevel.CENTRAL
    )
    gubernias = Commission.objects.bulk_create(
        Commission(
            ref=f"C-g{g:02d}",
            organisation=org,
            name=f"Gubernia Commission {g}",
            level=CommissionLevel.GUBERNIA,
            parent=central,
        )
        for g in range(10)
    )
    districts = Commission.objects.bulk_create(
        Commission(
            ref=f"C-d{d:03d}",
            organisation=org,
            name=f"District Commission {d}",
            level=CommissionLevel.DISTRICT,
            parent=gubernias[d % 10],
        )
        for d in range(100)
    )
    given = ["Ivan", "Pyotr", "Nadezhda", "Anna", "Sergei", "Olga", "Vladimir", "Yevgenia"]
    surnames = ["Ivanov", "Petrov", "Sidorov", "Alliluyev", "Kasparov", "Popov", "Smirnov"]
    rows = []
    for i in range(people):
        surname = f"{rng.choice(surnames)}{i}"
        rows.append(
            Person(
                ref=f"P-b{i:07d}",
                given_name=rng.choice(given),
                surname=surname,
                surname_key=surname.lower(),
                surname_skeleton=surname.lower(),
            )
        )
    persons = Person.objects.bulk_create(rows, batch_size=BATCH)
    Membership.objects.bulk_create(
        (Membership(person=p, organisation=org, status="member") for p in persons),
        batch_size=BATCH,
    )
    seats = []
    for n, commission in enumerate([central, *gubernias, *districts]):
        for k in range(3):
            person = persons[(n * 3 + k) % len(persons)]
            role = CommissionerRole.CHAIR if k == 0 else CommissionerRole.MEMBER
            seats.append(Commissioner(commission=commission, person=person, role=role))
    Commissioner.objects.bulk_create(seats)
    return {
        "org": org,
        "central": central,
        "gubernias": gubernias,
        "districts": districts,
        "persons": persons,
    }


def _build_cases(count: int, reg: dict[str, Any], rng: random.Random) -> None:
    from commission.cases.enums import CaseKind, CaseState
    from commission.cases.models import Case

    states = [
        (CaseState.OPEN, 15), (CaseState.GATHERING, 15), (CaseState.READY, 10),
        (CaseState.HEARING, 5), (CaseState.DECIDED, 15), (CaseState.APPEALED, 3),
        (CaseState.CLOSED, 32), (CaseState.WITHDRAWN, 5),
    ]  # fmt: skip
    kinds = [(CaseKind.VERIFICATION, 70), (CaseKind.EXPULSION, 25), (CaseKind.REOPENING, 5)]
    state_values, state_weights = zip(*states, strict=True)
    kind_values, kind_weights = zip(*kinds, strict=True)
    commissions = reg["districts"] * 8 + reg["gubernias"] * 15 + [reg["central"]] * 5
    persons = reg["persons"]
    today = dt.date.today()
    start = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    # opened_at is auto_now_add; a benchmark of "newest first" needs it spread over years.
    opened_at = Case._meta.get_field("opened_at")
    opened_at.auto_now_add = False  # type: ignore[attr-defined]
    try:
        batch = []
        for i in range(count):
            state = rng.choices(state_values, state_weights)[0]
            open_state = state not in (CaseState.CLOSED, CaseState.WITHDRAWN)
            due = today + dt.timedelta(days=rng.randint(-60, 60)) if open_state else None
            batch.append(
                Case(
                    ref=f"K-b{i:07d}",
                    subject=rng.choice(persons),
                    commission=rng.choice(commissions),
                    kind=rng.choices(kind_values, kind_weights)[0],
                    state=state,
                    due_on=due,
                    title=f"Case {i}",
                    confidential=rng.random() < 0.02,
                    opened_at=start + dt.timedelta(minutes=15 * i),
                    opened_on=(start + dt.timedelta(minutes=15 * i)).date(),
                )
            )
            if len(batch) == BATCH:
                Case.objects.bulk_create(batch)
                batch = []
        if batch:
            Case.objects.bulk_create(batch)
    finally:
        opened_at.auto_now_add = True  # type: ignore[attr-defined]


def _build_large_file(reg: dict[str, Any], chair: Any) -> Any:
    """One case with 200 documents, 20 hearings with attendance and 10 decisions with votes,
    grounds and the frozen list of documents on file; 50 documents arrived after them."""
    from commission.cases.models import (
        Case,
        CaseDocument,
        Decision,
        Ground,
        Hearing,
        HearingAttendance,
        Testimony,
        Vote,
    )
    from commission.documents.models import Document
    from commission.registry.models import Commissioner

    commission = reg["districts"][0]
    seated = [s.person for s in Commissioner.objects.filter(commission=commission)]
    subject = reg["persons"][-1]
    case = Case.objects.create(
        ref="K-large",
        subject=subject,
        commission=commission,
        kind="expulsion",
        state="decided",
        title="Expulsion: the large file",
    )
    start = dt.datetime(2021, 1, 1, tzinfo=dt.UTC)
    documents = Document.objects.bulk_create(
        Document(title=f"Letter {i:03d}", text=_LETTER * 12, fingerprint=f"{i:064x}")
        for i in range(200)
    )
    CaseDocument.objects.bulk_create(
        CaseDocument(
            case=case,
            document=d,
            role="evidence",
            filed_at=start + dt.timedelta(hours=i, days=0 if i < 150 else 60),
        )
        for i, d in enumerate(documents)
    )
    for i in range(5):
        Testimony.objects.create(
            case=case,
            document=documents[i],
            witness=reg["persons"][1000 + i],
            stance="for",
            basis="observed_work",
        )
    hearings = Hearing.objects.bulk_create(
        Hearing(
            case=case,
            commission=commission,
            starts_at=start + dt.timedelta(days=i),
            state="held",
            minutes=f"Minutes of sitting {i}.",
        )
        for i in range(20)
    )
    HearingAttendance.objects.bulk_create(
        HearingAttendance(hearing=h, person=p, present=True) for h in hearings for p in seated
    )
    grounds = list(Ground.objects.all()[:2])
    for i in range(10):
        decision = Decision.objects.create(
            case=case,
            outcome="reprimand",
            decided_on=dt.date(2021, 2, 1 + i),
            reasons=f"Reasons of decision {i}.",
        )
        Decision.objects.filter(pk=decision.pk).update(recorded_at=start + dt.timedelta(days=30))
        decision.grounds.set(grounds)
        decision.documents_on_file.set(documents[:150])
        Vote.objects.bulk_create(
            Vote(decision=decision, commissioner=p, choice="for") for p in seated
        )
    return case


def run_engine(engine: str, cases: int, people: int, repeat: int, postgres_url: str) -> None:
    url = _bench_database_url(engine, postgres_url)
    if engine == "postgres":
        _recreate_postgres(url)
    _setup_django(url)

    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from commission.cases import queries
    from commission.core.services import sync_role_groups

    version = (
        connection.Database.sqlite_version
        if connection.vendor == "sqlite"
        else str(getattr(connection, "pg_version", "?"))
    )
    print(f"\n== {engine}: {connection.vendor} {version}")
    began = time.perf_counter()
    call_command("migrate", verbosity=0)
    sync_role_groups()
    rng = random.Random(1921)
    reg = _build_registry(people, rng)
    _build_cases(cases, reg, rng)
    chair = User.objects.create_user("bench-chair", password="x")
    chair.groups.add(Group.objects.get(name="chair"))
    clerk = User.objects.create_user("bench-clerk", password="x")
    clerk.groups.add(Group.objects.get(name="clerk"))
    large = _build_large_file(reg, chair)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"built {cases:,} cases over {people:,} people in {time.perf_counter() - began:.0f} s")

    chair = User.objects.get(pk=chair.pk)
    clerk = User.objects.get(pk=clerk.pk)
    subject_ref = reg["persons"][123].ref
    scenarios: list[tuple[str, dict[str, Any]]] = [
        ("no filter", {}),
        ("state=open", {"state": "open"}),
        ("commission (district)", {"commission": "C-d007"}),
        ("commission + state", {"commission": "C-d007", "state": "gathering"}),
        ("kind=reopening", {"kind": "reopening"}),
        ("overdue", {"overdue": True}),
        ("subject", {"subject": subject_ref}),
        ("commission + kind + overdue", {"commission": "C-g03", "kind": "expulsion",
                                         "overdue": True}),
    ]  # fmt: skip
    print(f"\ncase_list, first page of 50 rows, evaluated ({repeat} runs each), ms")
    print(f"  {'filters':32} {'as':6} {'p50':>7} {'p95':>7} {'cpu p50':>8} {'cpu p95':>8} rows")
    for name, filters in scenarios:
        for who, user in (("chair", chair), ("clerk", clerk)):
            rows = len(list(queries.case_list(user=user, **filters)[:50]))
            p50, p95, c50, c95 = _time(
                lambda u=user, f=filters: list(queries.case_list(user=u, **f)[:50]), repeat
            )
            print(f"  {name:32} {who:6} {p50:7.1f} {p95:7.1f} {c50:8.1f} {c95:8.1f} {rows}")

    client = Client()
    client.force_login(chair)
    print(f"\ncase list page /cases/ through the test client ({repeat} runs each), ms")
    print(f"  {'filters':32} {'p50':>7} {'p95':>7} {'cpu p50':>8} {'cpu p95':>8}")
    for name, params in [
        ("no filter", {}),
        ("state=open", {"state": "open"}),
        ("commission + state", {"commission": "C-d007", "state": "gathering"}),
        ("overdue", {"overdue": "on"}),
        ("page 40 of state=open", {"state": "open", "page": "40"}),
    ]:
        p50, p95, c50, c95 = _time(lambda p=params: client.get("/cases/", p), repeat)
        print(
            f"  {name:32} {p50:7.1f} {p95:7.1f} {c50:8.1f} {c95:8.1f}  "
            f"÷ target {p95 / LIST_TARGET_P95_MS:.2f}"
        )

    path = f"/cases/{large.ref}/"
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    statements = []
    with connection.execute_wrapper(
        lambda execute, sql, *args: statements.append(sql) or execute(sql, *args)
    ):
        client.get(path)
    p50, p95, c50, c95 = _time(lambda: client.get(path), repeat)
    print(
        f"\ncase file page, 200 documents, 20 hearings, 10 decisions ({repeat} runs): "
        f"p50 {p50:.1f} ms, p95 {p95:.1f} ms (CPU p50 {c50:.1f}, p95 {c95:.1f}), "
        f"{len(statements)} SQL queries, {len(response.content) // 1024} KiB of HTML; "
        f"p95 ÷ the {FILE_TARGET_P95_MS:.0f} ms target = {p95 / FILE_TARGET_P95_MS:.2f}"
    )
    # Other processes on the machine show in the wall clock (and less in the CPU columns).
    print("load average (1, 5, 15 min): {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("DATABASE_URL", "")
        if os.environ.get("DATABASE_URL", "").startswith("postgres")
        else DEFAULT_POSTGRES,
        help='PostgreSQL server to use; "_bench" is appended to the database name.',
    )
    args = parser.parse_args(argv)
    if args.engine != "both":
        run_engine(args.engine, args.cases, args.people, args.repeat, args.postgres_url)
        return
    print(f"Python {platform.python_version()} on {platform.platform()}, {os.cpu_count()} CPUs")
    for engine in ("sqlite", "postgres"):
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        subprocess.run(
            [
                sys.executable,
                "-m",
                "bench.cases",
                "--engine",
                engine,
                "--cases",
                str(args.cases),
                "--people",
                str(args.people),
                "--repeat",
                str(args.repeat),
                "--postgres-url",
                args.postgres_url,
            ],
            check=True,
            env=env,
            cwd=ROOT,
        )


if __name__ == "__main__":
    main()
