"""Benchmark of the dashboard, per role.

    python -m bench.dashboard [--engine sqlite|postgres|both] [--cases 200000]
        [--inquiries 50000] [--letters 100000] [--people 100000] [--repeat 50]

Builds a fresh database per engine (SQLite: bench-dashboard.sqlite3 under $COMMISSION_VAR_DIR;
PostgreSQL: the database "commission_dash_bench" on the server of $DATABASE_URL or of
--postgres-url, dropped and created again), fills it with bulk_create (a fixture, not a test of
the services):

- a registry of --people people, 111 commissions in three levels with three seats each;
- --cases cases spread over the states as bench/cases.py spreads them, with a scheduled hearing
  for every case in "hearing scheduled" (dates from two months ago to two months ahead) and a
  held one for every decided case, and 500 outcomes reported by letters that no decision
  records yet;
- --inquiries inquiries, most on a case, in every state, due from two months ago to two months
  ahead;
- --letters letters, each with four things read from it that wait for a clerk;
- 100,000 audit events.

Then it measures GET /dashboard/ through the Django test client for a clerk, a commissioner
who sits on two commissions, a chair who sits on the central commission, a chair whose login
belongs to nobody in the registry (so sees every commission's work), an auditor, a member with
three cases, and one user holding every role: p50 and p95 of the wall clock and of this
process's CPU time, and the number of SQL queries one dashboard costs; beside them, the p95 of
the baseline (the same user's notifications page, the cheapest signed-in page in the site's
layout), the dashboard's ratio to it, and its ratio to the 60 ms target.

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

from bench.cases import (  # noqa: E402
    _build_cases,
    _build_registry,
    _recreate_postgres,
    _setup_django,
    _time,
)

DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/commission"
DATABASE_NAME = "commission_dash_bench"
BATCH = 5000
AUDIT_EVENTS = 100_000
REPORTED = 500


def _database_url(engine: str, postgres_url: str, *, fresh: bool) -> str:
    if engine == "sqlite":
        var = Path(os.environ.get("COMMISSION_VAR_DIR", ROOT / "var"))
        var.mkdir(parents=True, exist_ok=True)
        path = var / "bench-dashboard.sqlite3"
        for suffix in ("", "-wal", "-shm") if fresh else ():
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    return urlunsplit(urlsplit(postgres_url)._replace(path="/" + DATABASE_NAME))


def _build_hearings(today: dt.date, rng: random.Random) -> None:
    from commission.cases.enums import CaseState, HearingState
    from commission.cases.models import Case, Hearing

    zone = dt.UTC
    rows = []
    cases = Case.objects.filter(
        state__in=[CaseState.HEARING, CaseState.DECIDED, CaseState.APPEALED, CaseState.CLOSED]
    ).values_list("pk", "commission_id", "state", "due_on")
    for pk, commission_id, state, due_on in cases.iterator(chunk_size=BATCH):
        if state == CaseState.HEARING:
            day = due_on or today
            starts = dt.datetime.combine(day, dt.time(10 + rng.randint(0, 6)), tzinfo=zone)
            hearing_state = HearingState.SCHEDULED
        else:
            starts = dt.datetime(2021, 1, 1, 10, tzinfo=zone) + dt.timedelta(
                days=rng.randint(0, 1500)
            )
            hearing_state = HearingState.HELD
        rows.append(
            Hearing(
                case_id=pk,
                commission_id=commission_id,
                starts_at=starts,
                place=f"Room {rng.randint(1, 40)}",
                state=hearing_state,
            )
        )
        if len(rows) == BATCH:
            Hearing.objects.bulk_create(rows)
            rows = []
    Hearing.objects.bulk_create(rows)


def _build_letters(count: int) -> list[int]:
    from commission.documents.models import Document
    from commission.intake.models import Proposal, ProposalKind, ProposalState

    start = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    registered_at = Document._meta.get_field("registered_at")
    registered_at.auto_now_add = False  # type: ignore[attr-defined]
    ids: list[int] = []
    try:
        for first in range(0, count, BATCH):
            documents = Document.objects.bulk_create(
                Document(
                    title=f"Letter {i:06d} about a member",
                    text="I write about comrade's work at the factory. " * 20,
                    fingerprint=f"dash{i:060d}",
                    written_on=dt.date(1921, 1, 1) + dt.timedelta(days=i % 365),
                    registered_at=start + dt.timedelta(minutes=i),
                )
                for i in range(first, min(first + BATCH, count))
            )
            ids += [d.pk for d in documents]
            Proposal.objects.bulk_create(
                Proposal(
                    document=d,
                    kind=ProposalKind.PERSON,
                    key=f"person:{k}",
                    order=k,
                    payload={},
                    summary=f"Person {k} named in the letter.",
                    state=ProposalState.PENDING,
                )
                for d in documents
                for k in range(4)
            )
    finally:
        registered_at.auto_now_add = True  # type: ignore[attr-defined]
    return ids


def _build_inquiries(count: int, persons: list[Any], today: dt.date, rng: random.Random) -> None:
    from commission.cases.models import Case
    from commission.inquiries.enums import InquiryState, Urgency
    from commission.inquiries.models import Inquiry

    case_rows = list(Case.objects.values_list("pk", "subject_id"))
    states = [
        (InquiryState.DRAFTED, 5), (InquiryState.SENT, 35), (InquiryState.OVERDUE, 15),
        (InquiryState.ANSWERED, 40), (InquiryState.WITHDRAWN, 5),
    ]  # fmt: skip
    values, weights = zip(*states, strict=True)
    rows = []
    for i in range(count):
        if rng.random() < 0.85:
            case_id, subject_id = rng.choice(case_rows)
        else:
            case_id, subject_id = None, rng.choice(persons).pk
        recipient = rng.choice(persons)
        while recipient.pk == subject_id:
            recipient = rng.choice(persons)
        rows.append(
            Inquiry(
                ref=f"I-b{i:07d}",
                case_id=case_id,
                subject_id=subject_id,
                recipient=recipient,
                question="Give information about the comrade and who else knows them well.",
                urgency=Urgency.URGENT if rng.random() < 0.2 else Urgency.NORMAL,
                due_on=today + dt.timedelta(days=rng.randint(-60, 60)),
                state=rng.choices(values, weights)[0],
            )
        )
        if len(rows) == BATCH:
            Inquiry.objects.bulk_create(rows)
            rows = []
    Inquiry.objects.bulk_create(rows)


def _build_reported(document_ids: list[int], rng: random.Random) -> None:
    from commission.cases.enums import CaseState
    from commission.cases.models import Case, ReportedOutcome

    active = list(
        Case.objects.filter(state__in=[CaseState.OPEN, CaseState.GATHERING, CaseState.READY])
        .order_by("?")
        .values_list("pk", flat=True)[:REPORTED]
    )
    ReportedOutcome.objects.bulk_create(
        ReportedOutcome(
            case_id=pk, document_id=rng.choice(document_ids), outcome="reinstate", quote="…"
        )
        for pk in active
    )


def _build_audit(count: int) -> None:
    from commission.audit.models import AuditChainHead, AuditEvent

    start = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    for first in range(1, count + 1, BATCH):
        AuditEvent.objects.bulk_create(
            AuditEvent(
                seq=seq,
                occurred_at=start + dt.timedelta(seconds=seq),
                actor_name="bench",
                action="case.transition",
                target_type="cases.case",
                target_id=str(seq),
                summary=f"Case {seq}: open → gathering material.",
                after={"state": "gathering"},
                prev_hash=f"{seq - 1:064x}",
                hash=f"{seq:064x}",
            )
            for seq in range(first, min(first + BATCH, count + 1))
        )
    AuditChainHead.objects.update_or_create(
        pk=1, defaults={"last_seq": count, "last_hash": f"{count:064x}"}
    )


def _user(name: str, roles: list[str], person: Any = None) -> Any:
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user(name, password="x")
    user.groups.add(*Group.objects.filter(name__in=roles))
    if person is not None:
        type(person).objects.filter(pk=person.pk).update(user=user)
    return User.objects.get(pk=user.pk)


def run_engine(
    engine: str,
    *,
    cases: int,
    inquiries: int,
    letters: int,
    people: int,
    repeat: int,
    postgres_url: str,
    reuse: bool = False,
) -> None:
    url = _database_url(engine, postgres_url, fresh=not reuse)
    if engine == "postgres" and not reuse:
        _recreate_postgres(url)
    _setup_django(url)

    from django.db import connection

    version = (
        connection.Database.sqlite_version
        if connection.vendor == "sqlite"
        else str(getattr(connection, "pg_version", "?"))
    )
    print(f"\n== {engine}: {connection.vendor} {version}", flush=True)
    if reuse:
        from django.contrib.auth.models import User

        users = {name: User.objects.get(username=username) for name, username in PERSONAS.items()}
        print("reusing the database built by an earlier run", flush=True)
    else:
        users = _build(cases, inquiries, letters, people)
    _measure(users, repeat)


# Who the dashboard is measured for, and their usernames.
PERSONAS = {
    "clerk": "bench-clerk",
    "commissioner": "bench-commissioner",
    "chair (central)": "bench-chair",
    "chair (all)": "bench-chair-all",
    "auditor": "bench-auditor",
    "member": "bench-member",
    "every role": "bench-all",
}


def _build(cases: int, inquiries: int, letters: int, people: int) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from commission.cases.models import Case
    from commission.core.services import sync_role_groups
    from commission.registry.models import Commissioner

    began = time.perf_counter()
    call_command("migrate", verbosity=0)
    sync_role_groups()
    rng = random.Random(1921)
    today = timezone.localdate()
    reg = _build_registry(people, rng)
    _build_cases(cases, reg, rng)
    _build_hearings(today, rng)
    document_ids = _build_letters(letters)
    _build_inquiries(inquiries, reg["persons"], today, rng)
    _build_reported(document_ids, rng)
    _build_audit(AUDIT_EVENTS)

    persons = reg["persons"]
    # The commissioner sits on a district and a gubernia commission, the chair on the central.
    commissioner_person = persons[people // 2]
    Commissioner.objects.bulk_create(
        [
            Commissioner(commission=reg["districts"][7], person=commissioner_person),
            Commissioner(commission=reg["gubernias"][3], person=commissioner_person),
        ]
    )
    chair_person = Commissioner.objects.filter(commission=reg["central"]).first().person  # type: ignore[union-attr]
    member_person = persons[123]
    own = list(Case.objects.order_by("pk").values_list("pk", flat=True)[:3000])[::1000]
    Case.objects.filter(pk__in=own).update(subject=member_person)
    every = ["clerk", "commissioner", "chair", "auditor", "member"]
    users = {
        "clerk": _user(PERSONAS["clerk"], ["clerk"]),
        "commissioner": _user(PERSONAS["commissioner"], ["commissioner"], commissioner_person),
        "chair (central)": _user(PERSONAS["chair (central)"], ["chair"], chair_person),
        "chair (all)": _user(PERSONAS["chair (all)"], ["chair"]),
        "auditor": _user(PERSONAS["auditor"], ["auditor"]),
        "member": _user(PERSONAS["member"], ["member"], member_person),
        "every role": _user(PERSONAS["every role"], every, persons[7]),
    }
    with connection.cursor() as cursor:
        # On PostgreSQL, what autovacuum does to freshly loaded tables: statistics, and the
        # visibility map that lets an index-only scan skip the table (the server of this
        # machine runs with autovacuum off, which a deployment does not).
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(
        f"built {cases:,} cases, {inquiries:,} inquiries, {letters:,} letters waiting, "
        f"{AUDIT_EVENTS:,} audit events over {people:,} people "
        f"in {time.perf_counter() - began:.0f} s",
        flush=True,
    )
    return users


def _queries_of(client: Any) -> list[str]:
    """The SQL statements one more dashboard costs."""
    from django.db import connection

    statements: list[str] = []

    def record(execute: Any, sql: str, *args: Any) -> Any:
        statements.append(sql)
        return execute(sql, *args)

    with connection.execute_wrapper(record):
        client.get("/dashboard/")
    return statements


# The target, and the baseline each dashboard is set against: the same user's notifications
# page, the cheapest signed-in page with the site's layout (session, login, permissions,
# header and navigation, one short list), so "× floor" is what the dashboard's work costs
# beyond any page at all.
TARGET_P95_MS = 60.0
BASELINE = "/notifications/"


def _measure(users: dict[str, Any], repeat: int) -> None:
    from django.test import Client

    print(f"\nGET /dashboard/ through the test client ({repeat} runs each), ms")
    print(f"  baseline: GET {BASELINE} as the same user; target p95 {TARGET_P95_MS:.0f} ms")
    print(
        f"  {'as':18} {'p50':>7} {'p95':>7} {'cpu p50':>8} {'cpu p95':>8} {'queries':>8} "
        f"{'sections':>8} {'floor p95':>9} {'× floor':>7} {'÷ target':>8}"
    )
    for name, user in users.items():
        client = Client()
        client.force_login(user)
        response = client.get("/dashboard/")
        assert response.status_code == 200, response.status_code
        assert client.get(BASELINE).status_code == 200
        statements = _queries_of(client)
        sections = response.content.count(b'class="card dash ')
        p50, p95, c50, c95 = _time(lambda c=client: c.get("/dashboard/"), repeat)
        _, floor95, _, _ = _time(lambda c=client: c.get(BASELINE), repeat)
        print(
            f"  {name:18} {p50:7.1f} {p95:7.1f} {c50:8.1f} {c95:8.1f} "
            f"{len(statements):8d} {sections:8d} {floor95:9.1f} {p95 / floor95:7.1f} "
            f"{p95 / TARGET_P95_MS:8.2f}",
            flush=True,
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--engine", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--inquiries", type=int, default=50_000)
    parser.add_argument("--letters", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument(
        "--reuse", action="store_true", help="measure again on the databases of an earlier run"
    )
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("DATABASE_URL", "")
        if os.environ.get("DATABASE_URL", "").startswith("postgres")
        else DEFAULT_POSTGRES,
        help=f'PostgreSQL server to use; its database is always "{DATABASE_NAME}".',
    )
    args = parser.parse_args(argv)
    sizes = {
        "cases": args.cases,
        "inquiries": args.inquiries,
        "letters": args.letters,
        "people": args.people,
        "repeat": args.repeat,
    }
    if args.engine != "both":
        run_engine(args.engine, postgres_url=args.postgres_url, reuse=args.reuse, **sizes)
        return
    print(f"Python {platform.python_version()} on {platform.platform()}, {os.cpu_count()} CPUs")
    print(f"Load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    for engine in ("sqlite", "postgres"):
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        command = [sys.executable, "-m", "bench.dashboard", "--engine", engine]
        for name, value in sizes.items():
            command += [f"--{name}", str(value)]
        command += ["--postgres-url", args.postgres_url] + (["--reuse"] if args.reuse else [])
        subprocess.run(command, check=True, env=env, cwd=ROOT)
    print(f"Load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")


if __name__ == "__main__":
    main()
