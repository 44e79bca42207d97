"""Backups an installation can be restored from, and the checks that prove a restore whole.

A backup is a folder: the database, copied by the database's own means (SQLite's online backup;
PostgreSQL's `pg_dump` in its custom format, from an exported snapshot), and `manifest.json`,
which says what was copied: the engine, the file's SHA-256, the number of rows in every table and
the audit chain's head, all read in the same snapshot as the copy. The search index is not copied:
a restore builds it again from the letters, so it can never disagree with them.

The audit keys are not in the backup. They are kept apart from the data on purpose (docs/audit.md):
whoever holds a backup and the keys could rewrite history unseen. A restore needs the key file of
the installation (or the one the records were keyed with) to prove the chain; without it the
restore still loads, and says which keys are missing.

Restoring refuses a database that already holds records unless told to replace them, checks the
file against the manifest before loading it, and after loading compares every table's rows with
the manifest, verifies the audit chain and rebuilds and checks the search index. Each backup and
restore is recorded in the audit trail under the system account, naming the operating-system
user who ran it."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, connections, transaction
from django.utils.translation import gettext as _

from commission.audit.keys import keyring
from commission.audit.models import AuditChainHead
from commission.audit.queries import verify_chain
from commission.audit.services import record_event
from commission.core.audit_actions import AuditAction
from commission.core.env import private_database_file
from commission.core.errors import CommissionError
from commission.core.files import PRIVATE_MODE
from commission.core.operators import require_operator
from commission.core.services import system_actor
from commission.search import services as search_services

FORMAT = "commission-backup"
VERSION = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.pgdump"
_CHUNK = 1 << 20

Say = Callable[[str], None]


class BackupProblem(CommissionError):
    """A backup could not be made or read, or a restore was refused."""


@dataclass
class Manifest:
    engine: str
    file: str
    sha256: str
    created_at: str
    tables: dict[str, int]
    audit_head_seq: int
    audit_head_hash: str
    audit_key_ids: list[str]
    made_by: str

    def as_json(self) -> dict[str, Any]:
        return {"format": FORMAT, "version": VERSION, **self.__dict__}

    @classmethod
    def read(cls, folder: Path) -> Manifest:
        path = folder / MANIFEST
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise BackupProblem(
                f"{folder} is not a Commission backup: it holds no {MANIFEST}."
            ) from None
        except (OSError, ValueError) as error:
            raise BackupProblem(
                f"{path} could not be read as a backup's manifest ({error})."
            ) from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise BackupProblem(f"{path} is not the manifest of a Commission backup.")
        if data.get("version") != VERSION:
            raise BackupProblem(
                f"{path} is a backup of format version {data.get('version')}; this version of "
                f"Commission restores version {VERSION}."
            )
        try:
            return cls(**{name: data[name] for name in cls.__dataclass_fields__})
        except KeyError as missing:
            raise BackupProblem(f"{path} lacks the entry {missing}.") from None


@dataclass
class RestoreReport:
    manifest: Manifest
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    tables_checked: int = 0
    rows_checked: int = 0
    events_checked: int = 0
    letters_indexed: int = 0

    @property
    def whole(self) -> bool:
        return not self.problems


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupProblem(f"Backups are made of SQLite and PostgreSQL databases, not {vendor}.")
    return vendor


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _prepare_folder(dest: Path) -> None:
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise BackupProblem(
            f"{dest} already exists and is not an empty folder; name a new folder for the backup."
        )
    dest.mkdir(mode=0o700, parents=True, exist_ok=True)
    dest.chmod(0o700)


# -- what the database holds ---------------------------------------------------------------


def _sqlite_tables(db: sqlite3.Connection) -> dict[str, int]:
    names = [
        row[0]
        for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name"
        )
    ]
    return {name: db.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in names}  # noqa: S608


def _head_sql() -> str:
    table = AuditChainHead._meta.db_table
    return f'SELECT last_seq, last_hash FROM "{table}" WHERE id = 1'  # noqa: S608


def _postgres_tables(cursor: Any) -> dict[str, int]:
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
    )
    names = [row[0] for row in cursor.fetchall()]
    counts = {}
    for name in names:
        cursor.execute(f'SELECT COUNT(*) FROM "{name}"')  # noqa: S608
        counts[name] = cursor.fetchone()[0]
    return counts


def _pg_environment() -> tuple[dict[str, str], str]:
    """The environment for PostgreSQL's tools and the database's name, from the settings."""
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    given = {
        "PGHOST": db.get("HOST"),
        "PGPORT": db.get("PORT"),
        "PGUSER": db.get("USER"),
        "PGPASSWORD": db.get("PASSWORD"),
    }
    env.update({variable: str(value) for variable, value in given.items() if value})
    return env, str(db["NAME"])


def _run_tool(arguments: list[str], env: dict[str, str], what: str) -> None:
    tool = shutil.which(arguments[0])
    if tool is None:
        raise BackupProblem(
            f"{arguments[0]} was not found: PostgreSQL's client tools are needed to {what} "
            "(Debian: apt-get install postgresql-client)."
        )
    done = subprocess.run(
        [tool, *arguments[1:]], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupProblem(f"{arguments[0]} could not {what}: {done.stderr.strip()}")


# -- backing up ------------------------------------------------------------------------


def make_backup(dest: Path, *, say: Say = lambda _: None) -> Manifest:
    """Copy the database into the new folder `dest`, with a manifest of what it holds. A backup
    holds every record, personal data included, so only the installation's operator makes one.

    Errors: NotAllowed for anyone but the installation's operator; BackupProblem when the folder
    is not new or the database's tools fail."""
    who = require_operator(
        _(
            "Only the operating-system user who runs this installation (%(runs)s) may make "
            "a backup; you are %(who)s."
        )
    )
    engine = _engine()
    _prepare_folder(dest)
    try:
        if engine == "sqlite":
            tables, head, file = _backup_sqlite(dest, say)
        else:
            tables, head, file = _backup_postgres(dest, say)
    except BaseException:
        shutil.rmtree(dest, ignore_errors=True)
        raise
    (dest / file).chmod(PRIVATE_MODE)
    manifest = Manifest(
        engine=engine,
        file=file,
        sha256=_sha256(dest / file),
        created_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        tables=tables,
        audit_head_seq=head[0],
        audit_head_hash=head[1],
        audit_key_ids=sorted(keyring().keys),
        made_by=who,
    )
    manifest_path = dest / MANIFEST
    manifest_path.write_text(json.dumps(manifest.as_json(), indent=1) + "\n", encoding="utf-8")
    manifest_path.chmod(PRIVATE_MODE)
    with transaction.atomic():
        record_event(
            actor=system_actor(),
            action=AuditAction.BACKUP_MAKE,
            summary=(
                f"The operating-system user {who} made a backup of {sum(tables.values())} rows "
                f"in {len(tables)} tables, up to audit event {head[0]}."
            ),
            after={
                "os_user": who,
                "audit_head_seq": head[0],
                "sha256": manifest.sha256,
                "tables": len(tables),
            },
        )
    return manifest


def _backup_sqlite(dest: Path, say: Say) -> tuple[dict[str, int], tuple[int, str], str]:
    source_path = str(settings.DATABASES["default"]["NAME"])
    target_path = dest / SQLITE_FILE
    say(f"Copying {source_path} with SQLite's online backup.")
    source = sqlite3.connect(source_path)
    target = sqlite3.connect(target_path)
    try:
        # One step: the whole copy is read in one snapshot, however busy the database is.
        source.backup(target)
        target.execute("PRAGMA journal_mode = DELETE")
        tables = _sqlite_tables(target)
        row = target.execute(_head_sql()).fetchone()
    finally:
        target.close()
        source.close()
    return tables, (int(row[0]), str(row[1])) if row else (0, ""), SQLITE_FILE


def _backup_postgres(dest: Path, say: Say) -> tuple[dict[str, int], tuple[int, str], str]:
    env, name = _pg_environment()
    target_path = dest / POSTGRES_FILE
    # The counts and the dump read one snapshot: the transaction that exported it stays open
    # until pg_dump has finished.
    snapshot_connection = connections.create_connection("default")
    try:
        snapshot_connection.ensure_connection()
        raw = snapshot_connection.connection
        assert raw is not None
        raw.autocommit = False
        with raw.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            say(f"Dumping {name} with pg_dump from snapshot {snapshot}.")
            _run_tool(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    f"--file={target_path}",
                    name,
                ],
                env,
                "dump the database",
            )
            tables = _postgres_tables(cursor)
            cursor.execute(_head_sql())
            row = cursor.fetchone()
        raw.rollback()
    finally:
        snapshot_connection.close()
    return tables, (int(row[0]), str(row[1])) if row else (0, ""), POSTGRES_FILE


# -- restoring -------------------------------------------------------------------------


def _holds_records() -> bool:
    tables = connection.introspection.table_names()
    if not tables:
        return False
    head_table = AuditChainHead._meta.db_table
    if head_table not in tables:
        return True
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT COUNT(*) FROM "{head_table}"')  # noqa: S608
        return bool(cursor.fetchone()[0])


def restore_backup(
    source: Path, *, replace: bool = False, say: Say = lambda _: None
) -> RestoreReport:
    """Load the backup in `source` into the configured database, then prove it whole: every
    table's rows as the manifest counted them, the audit chain verified to the manifest's head,
    the search index rebuilt and checked against the letters.

    Errors: NotAllowed for anyone but the operator; BackupProblem for a folder that is not a
    backup, a file that changed since the backup was made, another engine, or a database that
    holds records when `replace` is not given."""
    who = require_operator(
        _(
            "Only the operating-system user who runs this installation (%(runs)s) may "
            "restore a backup; you are %(who)s."
        )
    )
    manifest = Manifest.read(source)
    engine = _engine()
    if manifest.engine != engine:
        raise BackupProblem(
            f"The backup in {source} is of a {manifest.engine} database; this installation runs "
            f"on {engine}. Restore it into a {manifest.engine} database (set DATABASE_URL)."
        )
    file = source / manifest.file
    if not file.is_file():
        raise BackupProblem(f"The backup's database file {file} is missing.")
    say(f"Checking {file} against the manifest.")
    if _sha256(file) != manifest.sha256:
        raise BackupProblem(
            f"{file} is not the file the backup was made with: its SHA-256 differs from the "
            "manifest's. Nothing was restored."
        )
    if _holds_records() and not replace:
        raise BackupProblem(
            "The database this installation uses already holds records. Restore into an empty "
            "database, or give --replace to replace everything in it with the backup."
        )
    say("Loading the backup.")
    if engine == "sqlite":
        _restore_sqlite(file)
    else:
        _restore_postgres(file, replace=replace)
    report = RestoreReport(manifest=manifest)
    _compare_tables(report)
    _check_chain(report, say)
    say("Building the search index from the letters.")
    report.letters_indexed = search_services.rebuild_index()
    check = search_services.check_index(fix=False)
    if not check.consistent:
        report.problems.append(
            f"The search index does not match the letters after it was rebuilt: "
            f"{len(check.missing)} missing, {len(check.extra)} extra, {len(check.stale)} stale."
        )
    with transaction.atomic():
        record_event(
            actor=system_actor(),
            action=AuditAction.BACKUP_RESTORE,
            summary=(
                f"The operating-system user {who} restored the backup made on "
                f"{manifest.created_at} by {manifest.made_by}, up to audit event "
                f"{manifest.audit_head_seq}"
                + ("; it was found whole." if report.whole else "; it was NOT found whole.")
            ),
            after={
                "os_user": who,
                "backup_created_at": manifest.created_at,
                "audit_head_seq": manifest.audit_head_seq,
                "sha256": manifest.sha256,
                "problems": len(report.problems),
            },
        )
    return report


def _restore_sqlite(file: Path) -> None:
    connections.close_all()
    target_path = Path(str(settings.DATABASES["default"]["NAME"]))
    source = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
    target = sqlite3.connect(target_path)
    try:
        # Page by page into the live file, through SQLite itself: its journal and any other
        # connection see either the old database or the restored one, never a mixture.
        source.backup(target)
        target.execute("PRAGMA journal_mode = WAL")
    finally:
        target.close()
        source.close()
    private_database_file(target_path)


def _restore_postgres(file: Path, *, replace: bool) -> None:
    env, name = _pg_environment()
    clean = replace or bool(connection.introspection.table_names())
    connections.close_all()
    arguments = [
        "pg_restore",
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
        f"--dbname={name}",
    ]
    if clean:
        # Tables already there (from `migrate`, or records being replaced) are dropped first.
        arguments += ["--clean", "--if-exists"]
    _run_tool([*arguments, str(file)], env, "load the backup")


def _current_tables() -> dict[str, int]:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return _sqlite_tables(connection.connection)
    with connection.cursor() as cursor:
        return _postgres_tables(cursor)


def _compare_tables(report: RestoreReport) -> None:
    found = _current_tables()
    expected = report.manifest.tables
    for name, rows in sorted(expected.items()):
        if name not in found:
            report.problems.append(f"The table {name} is missing after the restore.")
        elif found[name] != rows:
            report.problems.append(
                f"The table {name} holds {found[name]} rows; the backup counted {rows}."
            )
    report.tables_checked = len(expected)
    report.rows_checked = sum(expected.values())


def _check_chain(report: RestoreReport, say: Say) -> None:
    say("Verifying the audit chain.")
    manifest = report.manifest
    chain = verify_chain(actor=system_actor())
    report.events_checked = chain.checked
    report.problems.extend(chain.problems)
    if chain.missing_keys:
        report.notes.append(
            "This installation's key file lacks the audit key(s) "
            + ", ".join(chain.missing_keys)
            + " the records were keyed with: copy the key file that was kept apart from the "
            "backup (COMMISSION_AUDIT_KEY_FILE), then run `commission audit verify`."
        )
    head = AuditChainHead.objects.filter(pk=1).values_list("last_seq", "last_hash").first()
    if (head or (0, "")) != (manifest.audit_head_seq, manifest.audit_head_hash):
        report.problems.append(
            f"The audit chain ends at event {head[0] if head else 0}; the backup's manifest "
            f"says it ended at event {manifest.audit_head_seq}."
        )
