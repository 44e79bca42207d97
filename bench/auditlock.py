"""Benchmark of the audit chain's head lock under concurrent writers, on PostgreSQL.

    python -m bench.auditlock [--writers 1,2,4,8,16] [--seconds 10] [--postgres-url URL]

Every audited change appends its event under one lock, the chain head row (SELECT … FOR
UPDATE), held until its transaction commits, so audited writes are serialised. This measures
what that costs. It makes a fresh database ("commission_auditlock_bench" on the server of
--postgres-url, dropped and created again), migrates it, and for each number of writers runs
that many processes at once for --seconds, each committing transactions back to back:

- **baseline**: a transaction that inserts one row of about an event's size into a plain table
  of the benchmark (`bench_plain`): the same write and commit, without the chain;
- **audited**: the same insert and, in the same transaction, `audit.services.record_event`
  (the head row locked, the event fingerprinted with the audit key and appended, the head
  moved), as every service does.

For each it prints commits a second (all writers together), p50 / p95 / p99 of a transaction
from its start to the end of its commit, and for the audited ones how long each waited for the
head lock (p50 / p95) and the share of all writer time spent waiting. At the end the chain is
verified. Each writer is its own process with its own connection, as web processes and workers
are.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/commission"
DATABASE_NAME = "commission_auditlock_bench"
SUMMARY = "Case K-{n}: gathering material → heard. The bureau heard the member and two witnesses."


def _database_url(postgres_url: str) -> str:
    return urlunsplit(urlsplit(postgres_url)._replace(path="/" + DATABASE_NAME))


def _setup(url: str, key_file: Path) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["COMMISSION_AUDIT_KEY_FILE"] = str(key_file)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commission.settings")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _prepare(url: str, key_file: Path) -> None:
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE_NAME}"')
        conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    _setup(url, key_file)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    settings.AUDIT_KEY_FILE_CREATE = True
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_plain (id bigserial PRIMARY KEY, at timestamptz NOT NULL "
            "DEFAULT now(), writer int NOT NULL, summary text NOT NULL, after jsonb NOT NULL)"
        )
    from django.db import transaction

    from commission.audit.services import record_event
    from commission.core.audit_actions import AuditAction
    from commission.core.services import system_actor

    # The first event makes the head row and seals the chain under the key.
    with transaction.atomic():
        record_event(actor=system_actor(), action=AuditAction.CASE_TRANSITION, summary="Start.")


def _writer(url: str, key_file: Path, kind: str, writer: int, start: float, seconds: float) -> None:
    """One writer process: commit transactions of `kind` from `start` for `seconds`; print
    the timings as JSON."""
    _setup(url, key_file)
    from django.db import connection, transaction

    from commission.audit.models import AuditChainHead
    from commission.audit.services import record_event
    from commission.core.audit_actions import AuditAction
    from commission.core.services import system_actor

    actor = system_actor()
    connection.ensure_connection()
    while time.time() < start:
        time.sleep(0.001)
    end = start + seconds
    took: list[float] = []
    waited: list[float] = []
    n = 0
    while time.time() < end:
        n += 1
        summary = SUMMARY.format(n=f"{writer}-{n}")
        after = json.dumps({"state": "heard", "due_on": "1921-12-30"})
        began = time.perf_counter()
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO bench_plain (writer, summary, after) VALUES (%s, %s, %s)",
                    [writer, summary, after],
                )
            if kind == "audited":
                asked = time.perf_counter()
                AuditChainHead.objects.select_for_update().get(pk=1)
                waited.append(time.perf_counter() - asked)
                record_event(
                    actor=actor,
                    action=AuditAction.CASE_TRANSITION,
                    target_type="cases.case",
                    target_id=str(n),
                    summary=summary,
                    before={"state": "gathering"},
                    after={"state": "heard", "due_on": "1921-12-30"},
                )
        took.append(time.perf_counter() - began)
    print(json.dumps({"took": took, "waited": waited}))


def _pct(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def _round(url: str, key_file: Path, kind: str, writers: int, seconds: float) -> dict[str, Any]:
    start = time.time() + 3.0  # every process set up before the clock starts
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "bench.auditlock",
                "--worker",
                kind,
                str(w),
                str(start),
                str(seconds),
                "--url",
                url,
                "--key-file",
                str(key_file),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        for w in range(writers)
    ]
    took: list[float] = []
    waited: list[float] = []
    for proc in procs:
        out, _err = proc.communicate()
        if proc.returncode != 0:
            raise SystemExit(f"A writer failed (exit {proc.returncode}).")
        found = json.loads(out.strip().splitlines()[-1])
        took += found["took"]
        waited += found["waited"]
    return {
        "commits": len(took),
        "per_second": len(took) / seconds,
        "p50": _pct(took, 0.5),
        "p95": _pct(took, 0.95),
        "p99": _pct(took, 0.99),
        "wait_p50": _pct(waited, 0.5),
        "wait_p95": _pct(waited, 0.95),
        "wait_share": (sum(waited) / sum(took)) if waited and took else 0.0,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.auditlock", description=__doc__)
    parser.add_argument("--writers", default="1,2,4,8,16")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument(
        "--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES)
    )
    parser.add_argument("--worker", nargs=4, metavar=("KIND", "N", "START", "SECONDS"))
    parser.add_argument("--url")
    parser.add_argument("--key-file")
    args = parser.parse_args(argv)
    if args.worker:
        kind, writer, start, seconds = args.worker
        _writer(args.url, Path(args.key_file), kind, int(writer), float(start), float(seconds))
        return 0

    print(f"Python {platform.python_version()} on {platform.platform()}, {os.cpu_count()} CPUs")
    url = _database_url(args.postgres_url)
    with tempfile.TemporaryDirectory(prefix="commission-auditlock-") as folder:
        key_file = Path(folder) / "keys" / "audit-keys.json"
        _prepare(url, key_file)
        print(
            f"{'writers':>7}  {'kind':8} {'commits/s':>9} {'p50':>7} {'p95':>7} {'p99':>7}"
            f"  {'lock wait p50':>13} {'p95':>7} {'share':>6}  ratio to baseline"
        )
        for writers in [int(w) for w in args.writers.split(",") if w.strip()]:
            base = _round(url, key_file, "baseline", writers, args.seconds)
            audited = _round(url, key_file, "audited", writers, args.seconds)
            for kind, r in (("baseline", base), ("audited", audited)):
                ratio = r["per_second"] / base["per_second"] if base["per_second"] else 0.0
                waits = (
                    f"{r['wait_p50']:11.2f} ms {r['wait_p95']:7.2f} {r['wait_share']:6.0%}"
                    if kind == "audited"
                    else f"{'':13} {'':7} {'':6}"
                )
                print(
                    f"{writers:>7}  {kind:8} {r['per_second']:9.1f} {r['p50']:7.2f} "
                    f"{r['p95']:7.2f} {r['p99']:7.2f}  {waits}  x {ratio:.2f}",
                    flush=True,
                )
        from commission.audit.queries import verify_chain
        from commission.core.services import system_actor

        report = verify_chain(actor=system_actor())
        verdict = "intact" if not report.problems else "; ".join(report.problems[:3])
        print(f"chain after the runs: {report.checked:,} events checked, {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
