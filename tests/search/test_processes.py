"""Several processes on one database: a crash between the commit and the indexing, and two
machines following the same change log. Each process is a real one (`tests.search.process`)
over an installation of its own, since a test's own database transaction never commits; on the
database engine the tests run on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.search.conftest import LETTERS, write_letters

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def search_backend():
    """Once, on the embedded engine: the only one fed after the commit."""
    return "embedded"


def _process(env: dict[str, str], *args: str, **kwargs) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "tests.search.process", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, **kwargs,
    )  # fmt: skip
    assert done.stdout.strip() or done.returncode == -9, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1]) if done.stdout.strip() else {}


@pytest.fixture
def installation(tmp_path) -> Iterator[dict[str, str]]:
    """An installation of its own (a database and a folder), migrated, that separate processes
    share, as the web processes of one machine do: an SQLite file, or a PostgreSQL database of
    its own on the server the tests run on."""
    url = os.environ.get("DATABASE_URL", "")
    name = f"commission_processes_{uuid.uuid4().hex[:12]}"
    on_postgres = url.startswith(("postgres://", "postgresql://"))
    if on_postgres:
        _server(url, f'CREATE DATABASE "{name}"')
        database = urlunsplit(urlsplit(url)._replace(path=f"/{name}"))
    else:
        database = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    env = {
        **os.environ,
        "DATABASE_URL": database,
        "COMMISSION_VAR_DIR": str(tmp_path / "var"),
        "COMMISSION_SEARCH_BACKEND": "embedded",
    }
    try:
        subprocess.run(
            [sys.executable, "-m", "commission.cli", "migrate", "-v0"],
            cwd=ROOT, env=env, check=True, timeout=300,
        )  # fmt: skip
        yield env
    finally:
        if on_postgres:
            _server(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _server(url: str, statement: str) -> None:
    import psycopg

    server = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(statement)


def test_a_letter_committed_before_a_crash_is_indexed_at_the_next_start(installation, tmp_path):
    letters = write_letters(tmp_path / "l.jsonl", LETTERS)
    crashed = subprocess.run(
        [sys.executable, "-m", "tests.search.process", "load", str(letters), "--die-after-commit"],
        cwd=ROOT, env=installation, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert crashed.returncode == -9, crashed.stderr  # killed by SIGKILL after the commit
    # The letters are on file and in the change log, but the index never saw them.
    assert _process(installation, "peek", "tannery") == {"matched": 0}
    # The next process to start repairs the index from the log before it answers.
    assert _process(installation, "search", "tannery")["matched"] == 2
    assert _process(installation, "peek", "tannery") == {"matched": 2}


def test_a_load_killed_before_its_index_commits_is_indexed_at_the_next_start(
    installation, tmp_path
):
    letters = write_letters(tmp_path / "l.jsonl", LETTERS)
    crashed = subprocess.run(
        [sys.executable, "-m", "tests.search.process", "load-alone", str(letters), "--batch",
         "2", "--die-before-indexing"],
        cwd=ROOT, env=installation, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert crashed.returncode == -9, crashed.stderr
    # The first batch of two letters is on file and in the change log; the index is empty.
    assert _process(installation, "peek", "tannery") == {"matched": 0}
    assert _process(installation, "search", "tannery")["matched"] == 2
    # The rest of the file loads when the load is run again; what is on file is left alone.
    assert _process(installation, "load-alone", str(letters))["loaded"] == 2
    assert _process(installation, "peek", "depot") == {"matched": 2}


def test_a_load_in_many_batches_is_findable_from_every_process(installation, tmp_path):
    letters = write_letters(tmp_path / "l.jsonl", LETTERS)
    loaded = _process(installation, "load-alone", str(letters), "--batch", "1", "--workers")
    assert loaded["loaded"] == 4
    assert _process(installation, "peek", "comrade") == {"matched": 3}
    other = {**installation, "COMMISSION_SEARCH_INDEX_DIR": str(tmp_path / "other-index")}
    for word in ("tannery", "depot", "comrade"):
        assert _process(installation, "search", word) == _process(other, "search", word)


def test_two_machines_follow_the_same_log(installation, tmp_path):
    """Two processes, each with its own index folder (as on two machines), one database: a
    letter one commits is found by the other within a second, and both answer alike."""
    other = {**installation, "COMMISSION_SEARCH_INDEX_DIR": str(tmp_path / "other-index")}
    _process(installation, "load", str(write_letters(tmp_path / "l.jsonl", LETTERS)))
    waiting = subprocess.Popen(
        [sys.executable, "-m", "tests.search.process", "wait", "samovar", "20"],
        cwd=ROOT, env=other, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert waiting.stdout is not None
    assert json.loads(waiting.stdout.readline()) == {"ready": True}
    time.sleep(0.5)
    late = write_letters(tmp_path / "late.jsonl", [{"title": "Late", "text": "A samovar."}])
    committed_at = _process(installation, "load", str(late))["committed_at"]
    found_at = json.loads(waiting.communicate(timeout=60)[0].strip().splitlines()[-1])["found_at"]
    assert found_at is not None
    assert found_at - committed_at <= 1.0
    for word in ("tannery", "depot", "comrade", "samovar"):
        assert _process(installation, "search", word) == _process(other, "search", word)
