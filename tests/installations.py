"""What the tests that start a whole installation in child processes share: a free loopback
port for its server, and a database of its own (a SQLite file in the test's folder, or, in the
PostgreSQL pass, a fresh PostgreSQL database beside the one of DATABASE_URL)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit


def free_port() -> int:
    """A loopback port nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def on_postgresql() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def fresh_database(folder: Path, name: str) -> str:
    """The URL of an empty database called `name`: `folder`/`name`.sqlite3, or, on PostgreSQL,
    `<DATABASE_URL's database>_<name>`, dropped first if an earlier run left it."""
    if not on_postgresql():
        return f"sqlite:///{folder / name}.sqlite3"
    import psycopg

    parts = urlsplit(os.environ["DATABASE_URL"])
    database = f"{parts.path.lstrip('/') or 'commission'}_{name}"
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{database}"')
    return urlunsplit(parts._replace(path=f"/{database}"))


def migrated_installation(folder: Path, name: str) -> dict[str, str]:
    """The environment of a child process with a database of its own (`fresh_database`),
    migrated, and its files in `folder`/var."""
    env = {
        **os.environ,
        "DATABASE_URL": fresh_database(folder, name),
        "COMMISSION_VAR_DIR": str(folder / "var"),
    }
    subprocess.run([sys.executable, "-m", "commission.cli", "migrate", "-v0"],
                   cwd=Path(__file__).resolve().parents[1], env=env, check=True,
                   timeout=300)  # fmt: skip
    return env
