"""Rows written at the engine's speed: ids handed out in advance, and many rows per statement
(executemany on SQLite, COPY on PostgreSQL), for the loads that write hundreds of thousands of
rows (a registry import, a collection of letters).

The ORM's `bulk_create` builds a model instance per row and compiles every value; for a million
letters that was most of the load's time. Here the caller gives the rows as tuples of values the
database takes as they are (text, numbers, booleans, dates and times through `db_value`), and
names every column the table needs.

Table and column names come from the models, never from input.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.db import connection


def table_of(model: Any) -> str:
    return str(model._meta.db_table)


def db_value(value: dt.datetime | dt.date) -> Any:
    """A date or an aware time as this database stores it."""
    if isinstance(value, dt.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value.isoformat()  # what both engines store and read for a date


def next_ids(cursor: Any, model: Any, count: int) -> list[int]:
    """`count` ids for new rows of `model`, never handed out before.

    On SQLite the caller must be inside a writing transaction (which holds the database's
    write lock, so nobody else takes the same ids); numbers given to rows since deleted are not
    handed out again. On PostgreSQL they come from the table's own sequence, so they may not be
    consecutive when others insert at the same time, and are never given twice."""
    if count <= 0:
        return []
    table = table_of(model)
    if connection.vendor == "postgresql":
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            (table, count),
        )
        return [int(row[0]) for row in cursor.fetchall()]
    cursor.execute(
        f'SELECT MAX(COALESCE((SELECT MAX(id) FROM "{table}"), 0), '  # noqa: S608
        "COALESCE((SELECT seq FROM sqlite_sequence WHERE name = ?), 0))",
        (table,),
    )
    first = int(cursor.fetchone()[0]) + 1
    return list(range(first, first + count))


def insert_rows(
    cursor: Any, model: Any, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """Write `rows` (one value per column, in the order of `columns`) into `model`'s table."""
    table = table_of(model)
    names = ", ".join(f'"{column}"' for column in columns)
    if connection.vendor == "postgresql":
        with cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join("?" * len(columns))
    cursor.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows)  # noqa: S608


def values_on_file(cursor: Any, model: Any, column: str, values: Sequence[Any]) -> set[Any]:
    """Which of `values` the table's `column` already holds (one statement per 30,000 values,
    where the ORM compiled every value of its `__in` list)."""
    table = table_of(model)
    found: set[Any] = set()
    for start in range(0, len(values), _VALUES_PER_STATEMENT):
        chunk = list(values[start : start + _VALUES_PER_STATEMENT])
        if connection.vendor == "postgresql":
            cursor.execute(
                f'SELECT "{column}" FROM "{table}" WHERE "{column}" = ANY(%s)',  # noqa: S608
                (chunk,),
            )
        else:
            marks = ", ".join("?" * len(chunk))
            cursor.execute(
                f'SELECT "{column}" FROM "{table}" WHERE "{column}" IN ({marks})',  # noqa: S608
                chunk,
            )
        found.update(row[0] for row in cursor.fetchall())
    return found


# (SQLite takes at most 32,766 values in one statement)
_VALUES_PER_STATEMENT = 30_000


def refresh_statistics(*models: Any) -> None:
    """Bring the planner's statistics of these tables up to date after a large load. Without
    them PostgreSQL guesses, and a freshly loaded table was read whole where its key's index
    would have answered at once."""
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f'ANALYZE "{table_of(model)}"')


# The page cache SQLite keeps for a large load (restored after it): the indexes of a table of
# millions of rows are then read from memory as their pages are written.
_SQLITE_LOAD_CACHE_KIB = 256 * 1024


@contextlib.contextmanager
def large_cache() -> Iterator[None]:
    """A larger page cache on SQLite for the length of a load, and no memory map (a load
    writes far more than it reads, and the registry import measured a tenth slower mapped);
    nothing on PostgreSQL."""
    if connection.vendor != "sqlite":
        yield
        return
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = int(cursor.fetchone()[0])
        cursor.execute("PRAGMA mmap_size")
        row = cursor.fetchone()
        mapped = int(row[0]) if row else 0
        cursor.execute(f"PRAGMA cache_size = -{_SQLITE_LOAD_CACHE_KIB}")
        cursor.execute("PRAGMA mmap_size = 0")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {before}")
            cursor.execute(f"PRAGMA mmap_size = {mapped}")


# How often the checkpointing thread of a load copies SQLite's log into the database file.
_CHECKPOINT_SECONDS = 0.5


@contextlib.contextmanager
def checkpoints_aside() -> Iterator[None]:
    """On SQLite, for the length of a load that commits batch after batch: the write-ahead log
    copied into the database file by a thread of its own, on a connection of its own, instead
    of by the load's connection at the commit that fills the log (a tenth of a load's time,
    waited for). The same pages are written; the load goes on while they are. Nothing on
    PostgreSQL or an in-memory database."""
    if connection.vendor != "sqlite" or connection.is_in_memory_db():  # type: ignore[attr-defined]
        yield
        return
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_autocheckpoint")
        before = int(cursor.fetchone()[0])
        cursor.execute("PRAGMA wal_autocheckpoint = 0")
    stop = threading.Event()
    path = str(connection.settings_dict["NAME"])

    def run() -> None:
        side = sqlite3.connect(path, timeout=30)
        try:
            while not stop.wait(_CHECKPOINT_SECONDS):
                side.execute("PRAGMA wal_checkpoint(PASSIVE)")
        finally:
            side.close()

    thread = threading.Thread(target=run, name="sqlite-checkpoint", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA wal_autocheckpoint = {before}")
