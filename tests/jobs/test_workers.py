"""Real workers: `commission worker` processes over an installation of their own (an SQLite
file and a queue file, or in the PostgreSQL pass a PostgreSQL database that also holds the
queue), since a test's own transaction never commits. A job that keeps
failing is tried with back-off, then lands in the failed list; a worker killed with SIGKILL in
the middle of reading an upload loses nothing, and the next worker files every letter once."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from tests.installations import fresh_database, on_postgresql

ROOT = Path(__file__).resolve().parents[2]
LETTERS = 150


def _database(base: Path) -> dict[str, str]:
    if not on_postgresql():
        return {
            "DATABASE_URL": fresh_database(base, "db"),
            "COMMISSION_JOB_QUEUE_URL": f"sqlite:///{base / 'queue.sqlite3'}",
        }
    # The queue lives in the same database (its default there), woken by LISTEN/NOTIFY.
    return {"DATABASE_URL": fresh_database(base, "jobs"), "COMMISSION_JOB_QUEUE_URL": ""}


@pytest.fixture(scope="module")
def installation(tmp_path_factory) -> dict[str, str]:
    base = tmp_path_factory.mktemp("installation")
    env = {
        **os.environ,
        **_database(base),
        "COMMISSION_VAR_DIR": str(base / "var"),
        # A killed worker's claim lapses after two seconds without its heartbeat.
        "COMMISSION_JOB_LEASE_SECONDS": "2",
        # Reading a file of many letters may take longer than a clerk's single letter.
        "LETTER_READ_SECONDS": "120",
        "COMMISSION_AUDIT_KEY": "dGVzdHMtb2YtdGhlLWpvYi1xdWV1ZS1uZXZlci1pbi11c2U",
    }
    env.pop("COMMISSION_JOBS_IMMEDIATE", None)
    subprocess.run(
        [sys.executable, "-m", "commission.cli", "migrate", "-v0"],
        cwd=ROOT, env=env, check=True, timeout=300,
    )  # fmt: skip
    return env


def _process(env: dict[str, str], *args: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "tests.jobs.process", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def _start_worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    # A session of its own, so the kill reaches the worker and its reading processes alike.
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "tests.jobs.process", "worker"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=out, start_new_session=True,
        )  # fmt: skip


def _kill(worker: subprocess.Popen[bytes]) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=30)


def _query(env: dict[str, str], sql: str, *args: Any) -> list[tuple[Any, ...]]:
    url = env["DATABASE_URL"]
    if url.startswith("sqlite:///"):
        with closing(sqlite3.connect(url.removeprefix("sqlite:///"), timeout=30)) as db:
            return db.execute(sql.replace("%s", "?"), args).fetchall()
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        return conn.execute(sql, args).fetchall()


def _job(env: dict[str, str], job_id: int) -> dict[str, Any]:
    columns = ["state", "attempts", "error", "worker", "created_at", "finished_at"]
    (row,) = _query(
        env,
        "select state, attempts, error, worker, created_at, finished_at from jobs_job "
        "where id = %s",
        job_id,
    )
    return dict(zip(columns, row, strict=True))


def _wait_for(what: Callable[[], bool], seconds: float, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if what():
            return
        time.sleep(0.05)
    raise AssertionError(f"Waited {seconds} s in vain; the worker said:\n{log.read_text()}")


def _documents(env: dict[str, str]) -> int:
    return _query(env, "select count(*) from intake_document")[0][0]


def test_a_job_that_keeps_failing_is_retried_with_back_off_then_listed_as_failed(
    installation, tmp_path
):
    log = tmp_path / "worker.log"
    job_id = _process(installation, "fail", "archive.example")["job"]
    worker = _start_worker(installation, log)
    try:
        _wait_for(lambda: _job(installation, job_id)["state"] == "failed", 60, log)
    finally:
        _kill(worker)
    job = _job(installation, job_id)
    assert job["attempts"] == 3
    assert job["error"] == (
        "A fault stopped the work (ConnectionError: the archive server archive.example did not "
        "answer)."
    )
    # Two waits, of 0.5 s then 1 s (the scheduler looks once a second), lie between the tries.
    created, finished = (
        dt.datetime.fromisoformat(str(job[name])) for name in ("created_at", "finished_at")
    )
    assert (finished - created).total_seconds() >= 1
    listed = subprocess.run(
        [sys.executable, "-m", "commission.cli", "jobs", "--state", "failed"],
        cwd=ROOT, env=installation, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    assert f"{job_id:>7}  failed" in listed.stdout
    assert "Fetch the letters from archive.example  (attempt 3 of 3)" in listed.stdout
    assert "ConnectionError: the archive server archive.example did not answer" in listed.stdout


def test_a_worker_killed_while_filing_an_upload_loses_nothing_and_files_nothing_twice(
    installation, tmp_path
):
    letters = "\n\n---\n\n".join(
        f"Comrade Solts,\n\nI ask you to verify the case of Comrade Semyon Ilyich Tokarev{n}, "
        f"who was expelled from the cell of the tannery number {n}.\n\nNikolai Orlov\n"
        f"{n % 27 + 1} March 1922\n"
        for n in range(LETTERS)
    )
    upload = tmp_path / "many-letters.txt"
    upload.write_text(letters)
    log = tmp_path / "worker.log"
    before = _documents(installation)

    job_id = _process(installation, "upload", str(upload))["job"]
    first = _start_worker(installation, log)
    try:
        # Killed in the middle of filing: some letters are on file, most are not.
        _wait_for(lambda: _documents(installation) - before >= 5, 120, log)
    finally:
        _kill(first)
    filed_by_the_first = _documents(installation) - before
    assert 5 <= filed_by_the_first < LETTERS
    job = _job(installation, job_id)
    assert (job["state"], job["attempts"]) == ("running", 1)

    time.sleep(2.5)  # the killed worker's claim lapses
    second = _start_worker(installation, log)
    try:
        _wait_for(lambda: _job(installation, job_id)["state"] == "done", 180, log)
    finally:
        _kill(second)
    job = _job(installation, job_id)
    assert job["attempts"] == 2
    assert job["worker"] != ""
    assert _documents(installation) - before == LETTERS
    # Each letter once, with one copy: nothing the first worker filed was filed again.
    per_letter = _query(
        installation,
        "select count(*) from intake_documentcopy c join intake_document d "
        "on d.id = c.document_id where d.text like %s group by d.id",
        "%Tokarev%",
    )
    assert len(per_letter) == LETTERS
    assert {n for (n,) in per_letter} == {1}
    (report,) = _query(
        installation, "select report from intake_letterupload where job_id = %s", job_id
    )
    report = report[0] if isinstance(report[0], dict) else json.loads(report[0])
    # The second reading finds the first one's letters already on file and files the rest.
    assert len(report["skipped"]) == filed_by_the_first
    assert len(report["filed"]) == LETTERS - filed_by_the_first
