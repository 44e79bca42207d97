"""Benchmark of the chair's workload view and a commissioner's queue.

    python -m bench.workload [--engine sqlite|postgres|both] [--cases 200000] [--repeat 100]

Builds a fresh database per engine (SQLite: bench-workload.sqlite3 under $COMMISSION_VAR_DIR;
PostgreSQL: the database of --postgres-url with "_workload_bench" appended, dropped and created
again) and fills it with bulk_create (a fixture, not a test of the services): the registry of
bench/cases.py, with twelve more seats on the Central Commission, and --cases cases spread over
the states as bench/cases.py spreads them. Half of them are before the Central Commission, the
heaviest view a chair can ask for; nine in ten of those have a rapporteur among its 15 members.

The services keep the workload counts (cases.tallies) as they write cases; the bulk load
does not, so the counts are rebuilt once after it, as `commission case check-counts --rebuild`
does, and checked against the bare SQL below.

Then it measures, p50 and p95 of the wall clock and of this process's CPU time:

- the baseline: the bare SQL of the same counts (one GROUP BY over the commission's open
  cases), run through the database cursor with nothing around it;
- `cases.workload.workload` for the Central Commission (the service the page, API and CLI use);
- GET /cases/workload/?commission=C-central through the Django test client, as the chair;
- GET /api/v1/workload/?commission=C-central;
- `cases.workload.queue` and GET /cases/queue/?person=… for the busiest member.

Each engine runs in its own process, because Django reads its database settings once.
"""

from __future__ import annotations

import argparse
import datetime as dt
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
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.cases import _build_registry, _recreate_postgres, _setup_django, _time  # noqa: E402

DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/commission_sittings"
TARGET_P95_MS = 100.0
BATCH = 5000

# The same counts as cases.workload.workload_counts, written by hand: the floor any code
# that asks the database this question pays.
BARE_SQL = """
SELECT rapporteur_id,
       SUM(CASE WHEN state = 'open' THEN 1 ELSE 0 END),
       SUM(CASE WHEN state = 'gathering' THEN 1 ELSE 0 END),
       SUM(CASE WHEN state = 'ready' THEN 1 ELSE 0 END),
       SUM(CASE WHEN state = 'hearing' THEN 1 ELSE 0 END),
       SUM(CASE WHEN state IN ('decided', 'appealed') THEN 1 ELSE 0 END),
       SUM(CASE WHEN due_on < %s THEN 1 ELSE 0 END)
  FROM cases_case
 WHERE commission_id = %s
   AND state IN ('open', 'gathering', 'ready', 'hearing', 'decided', 'appealed')
 GROUP BY rapporteur_id
"""


def _database_url(engine: str, postgres_url: str) -> str:
    if engine == "sqlite":
        var = Path(os.environ.get("COMMISSION_VAR_DIR", ROOT / "var"))
        var.mkdir(parents=True, exist_ok=True)
        path = var / "bench-workload.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    parts = urlsplit(postgres_url)
    name = (parts.path.lstrip("/") or "commission") + "_workload_bench"
    return urlunsplit(parts._replace(path="/" + name))


def _build_cases(count: int, reg: dict[str, Any], rng: random.Random) -> None:
    from commission.cases.enums import CaseKind, CaseState
    from commission.cases.models import Case
    from commission.registry.models import Commissioner

    states = [
        (CaseState.OPEN, 15), (CaseState.GATHERING, 15), (CaseState.READY, 10),
        (CaseState.HEARING, 5), (CaseState.DECIDED, 15), (CaseState.APPEALED, 3),
        (CaseState.CLOSED, 32), (CaseState.WITHDRAWN, 5),
    ]  # fmt: skip
    state_values, state_weights = zip(*states, strict=True)
    seats: dict[int, list[int]] = {}
    for commission_id, person_id in Commissioner.objects.values_list("commission_id", "person_id"):
        seats.setdefault(commission_id, []).append(person_id)
    others = [*reg["gubernias"], *reg["districts"]]
    persons = reg["persons"]
    today = dt.date.today()
    batch = []
    for i in range(count):
        commission = reg["central"] if i % 2 == 0 else rng.choice(others)
        state = rng.choices(state_values, state_weights)[0]
        open_state = state not in (CaseState.CLOSED, CaseState.WITHDRAWN)
        rapporteur = rng.choice(seats[commission.pk]) if rng.random() < 0.9 else None
        batch.append(
            Case(
                ref=f"K-w{i:07d}",
                subject=rng.choice(persons),
                commission=commission,
                kind=CaseKind.EXPULSION,
                state=state,
                due_on=today + dt.timedelta(days=rng.randint(-60, 60)) if open_state else None,
                rapporteur_id=rapporteur,
                title=f"Case {i}",
            )
        )
        if len(batch) == BATCH:
            Case.objects.bulk_create(batch)
            batch = []
    if batch:
        Case.objects.bulk_create(batch)


def run_engine(engine: str, cases: int, people: int, repeat: int, postgres_url: str) -> None:
    url = _database_url(engine, postgres_url)
    if engine == "postgres":
        _recreate_postgres(url)
    _setup_django(url)

    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from rest_framework.test import APIClient

    from commission.cases import tallies, workload
    from commission.cases.models import Case
    from commission.core.services import sync_role_groups
    from commission.registry.enums import CommissionerRole
    from commission.registry.models import Commissioner

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
    central = reg["central"]
    Commissioner.objects.bulk_create(
        Commissioner(commission=central, person=p, role=CommissionerRole.MEMBER)
        for p in reg["persons"][-12:]
    )
    _build_cases(cases, reg, rng)
    chair = User.objects.create_user("bench-chair", password="x")
    chair.groups.add(Group.objects.get(name="chair"))
    chair = User.objects.get(pk=chair.pk)
    # The cases were bulk-loaded past the services, so their counts are made as an operator
    # would after a bulk load: `commission case check-counts --rebuild`.
    counted = time.perf_counter()
    rows = tallies.rebuild_counts(actor=chair)
    print(f"counted the cases into {rows:,} workload rows in {time.perf_counter() - counted:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    central_open = Case.objects.filter(commission=central).exclude(
        state__in=["closed", "withdrawn"]
    )
    print(
        f"built {cases:,} cases over {people:,} people in {time.perf_counter() - began:.0f} s; "
        f"the Central Commission has {central_open.count():,} open cases and 15 members"
    )
    busiest = (
        central_open.exclude(rapporteur=None)
        .values("rapporteur")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    assert busiest is not None
    from commission.registry.models import Person

    member = Person.objects.get(pk=busiest["rapporteur"])
    chair = User.objects.get(pk=chair.pk)
    today = dt.date.today()

    def bare() -> list[Any]:
        with connection.cursor() as cursor:
            cursor.execute(BARE_SQL, [today, central.pk])
            return cursor.fetchall()

    view = workload.workload(commission=central, today=today)
    by_sql = {row[0]: row[1:] for row in bare()}
    for m in view.members:  # the service and the bare SQL give the same numbers
        expected = by_sql.get(m.person.pk if m.person else None, (0,) * 6)
        got = (m.assigned, m.waiting, m.ready, m.hearing, m.decided, m.overdue)
        assert tuple(int(v) for v in expected) == got, (expected, got)

    client = Client()
    client.force_login(chair)
    api = APIClient()
    api.force_authenticate(chair)
    page = f"/cases/workload/?commission={central.ref}"
    assert client.get(page).status_code == 200
    assert api.get("/api/v1/workload/", {"commission": central.ref}).status_code == 200
    queue_page = f"/cases/queue/?person={member.ref}"
    assert client.get(queue_page).status_code == 200

    rows = [
        ("baseline: bare SQL of the counts", bare),
        ("workload() service", lambda: workload.workload(commission=central, today=today)),
        ("GET /cases/workload/ (page)", lambda: client.get(page)),
        (
            "GET /api/v1/workload/",
            lambda: api.get("/api/v1/workload/", {"commission": central.ref}),
        ),
        (
            f"queue() of the busiest member ({busiest['n']:,})",
            lambda: workload.queue(user=chair, person=member, today=today),
        ),
        ("GET /cases/queue/ (page)", lambda: client.get(queue_page)),
    ]
    print(f"\n{repeat} runs each, ms")
    print(f"  {'what':44} {'p50':>7} {'p95':>7} {'cpu p50':>8} {'cpu p95':>8}  ÷ target")
    for name, call in rows:
        p50, p95, c50, c95 = _time(call, repeat)
        print(f"  {name:44} {p50:7.1f} {p95:7.1f} {c50:8.1f} {c95:8.1f}  {p95 / TARGET_P95_MS:.2f}")
    print("load average (1, 5, 15 min): {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=100)
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES)
    args = parser.parse_args(argv)
    if args.engine != "both":
        run_engine(args.engine, args.cases, args.people, args.repeat, args.postgres_url)
        return
    print(f"Python {platform.python_version()} on {platform.platform()}, {os.cpu_count()} CPUs")
    for engine in ("sqlite", "postgres"):
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        subprocess.run(
            [
                sys.executable, "-m", "bench.workload", "--engine", engine,
                "--cases", str(args.cases), "--people", str(args.people),
                "--repeat", str(args.repeat), "--postgres-url", args.postgres_url,
            ],
            check=True,
            env=env,
        )  # fmt: skip


if __name__ == "__main__":
    main()
