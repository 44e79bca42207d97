"""The engine's bulk path for large loads: which values a table holds already, and SQLite's
write-ahead log copied into the database file by a thread of its own while a load commits."""

from __future__ import annotations

import os
import threading
import time

import pytest
from django.db import connection, transaction
from django.utils import timezone

from commission.core import bulk
from commission.search.models import IndexChange


def _changes(cursor, first: int, count: int) -> None:
    now = bulk.db_value(timezone.now())
    rows = [(first + n, first + n, now) for n in range(count)]
    bulk.insert_rows(cursor, IndexChange, ("id", "document_id", "changed_at"), rows)


_ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")


@pytest.mark.django_db
def test_values_on_file_finds_what_the_table_holds_in_any_number_of_values():
    with transaction.atomic():
        cursor = connection.connection.cursor()
        _changes(cursor, 1, 40)
        asked = [*range(-35_000, 0), 3, 17, 40, 41]  # more than one statement takes
        assert bulk.values_on_file(cursor, IndexChange, "id", asked) == {3, 17, 40}
        assert bulk.values_on_file(cursor, IndexChange, "id", []) == set()


def _checkpointing() -> bool:
    return any(t.name == "sqlite-checkpoint" for t in threading.enumerate())


@pytest.mark.django_db
def test_the_checkpointing_thread_runs_on_sqlite_only_and_only_for_the_load():
    with bulk.checkpoints_aside():
        running = _checkpointing()
    assert running == (connection.vendor == "sqlite")  # PostgreSQL keeps its own log
    assert not _checkpointing()


# (committed for real, which the test database of PostgreSQL, whose audit trail cannot be
# emptied, does not allow: SQLite's log is SQLite's alone)
@pytest.mark.skipif(_ON_POSTGRES, reason="SQLite's write-ahead log")
@pytest.mark.django_db(transaction=True)
def test_a_loads_log_is_copied_into_the_database_by_a_thread_of_its_own():
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_autocheckpoint")
        before = cursor.fetchone()[0]
    database = str(connection.settings_dict["NAME"])
    with bulk.checkpoints_aside():
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_autocheckpoint")
            assert cursor.fetchone()[0] == 0  # the load's own commits leave the log alone
        size = os.path.getsize(database)
        with transaction.atomic():
            _changes(connection.connection.cursor(), 1, 20_000)
        deadline = time.monotonic() + 10
        while os.path.getsize(database) == size and time.monotonic() < deadline:
            time.sleep(0.1)
        # the new pages reached the database file, though nobody here checkpointed
        assert os.path.getsize(database) > size
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_autocheckpoint")
        assert cursor.fetchone()[0] == before
        cursor.execute("SELECT COUNT(*) FROM search_indexchange")
        assert cursor.fetchone()[0] == 20_000
