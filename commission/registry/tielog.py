"""The ties' change log (`TieChange`) is written by triggers on the ties' table, so every
change is logged in its own transaction: the services', a merge's moves and its undo, the
admin's, raw SQL. A bulk import turns the triggers off for its transaction and logs one row
that says "everything changed" instead of five million.

The triggers log the pair of people a tie joins: a new tie's pair, a removed tie's pair, and a
changed tie's pair before and after (only when a column the witness graph reads changes)."""

# Every name written into SQL here is a constant of this module.
# ruff: noqa: S608

from __future__ import annotations

from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper

from commission.registry import triggers

_TIES = "registry_relationship"
_LOG = "registry_tiechange"
_READ = "source_id, target_id, kind, strength, started_on, ended_on, period"
_QUIET = "commission.ties_unlogged"

_SQLITE_TRIGGERS = {
    "registry_tie_logged_insert": (
        f"AFTER INSERT ON {_TIES} BEGIN "
        f"INSERT INTO {_LOG} (source_id, target_id) VALUES (NEW.source_id, NEW.target_id); END"
    ),
    "registry_tie_logged_delete": (
        f"AFTER DELETE ON {_TIES} BEGIN "
        f"INSERT INTO {_LOG} (source_id, target_id) VALUES (OLD.source_id, OLD.target_id); END"
    ),
    "registry_tie_logged_update": (
        f"AFTER UPDATE OF {_READ} ON {_TIES} BEGIN "
        f"INSERT INTO {_LOG} (source_id, target_id) VALUES (OLD.source_id, OLD.target_id); "
        f"INSERT INTO {_LOG} (source_id, target_id) SELECT NEW.source_id, NEW.target_id "
        "WHERE NEW.source_id <> OLD.source_id OR NEW.target_id <> OLD.target_id; END"
    ),
}

_POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION registry_tie_logged() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('{_QUIET}', true) = 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO {_LOG} (source_id, target_id) VALUES (OLD.source_id, OLD.target_id);
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND (NEW.source_id, NEW.target_id)
            IS DISTINCT FROM (OLD.source_id, OLD.target_id)) THEN
        INSERT INTO {_LOG} (source_id, target_id) VALUES (NEW.source_id, NEW.target_id);
    END IF;
    RETURN NULL;
END $$
"""
_POSTGRES_TRIGGER = (
    f"CREATE TRIGGER registry_tie_logged AFTER INSERT OR DELETE OR UPDATE OF {_READ} "
    f"ON {_TIES} FOR EACH ROW EXECUTE FUNCTION registry_tie_logged()"
)


def create_triggers(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_POSTGRES_FUNCTION)
            cursor.execute(f"DROP TRIGGER IF EXISTS registry_tie_logged ON {_TIES}")
            cursor.execute(_POSTGRES_TRIGGER)
        else:
            triggers.drop_sqlite(cursor, _SQLITE_TRIGGERS)
            triggers.create_sqlite(cursor, _SQLITE_TRIGGERS)


def drop_triggers(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP TRIGGER IF EXISTS registry_tie_logged ON {_TIES}")
            cursor.execute("DROP FUNCTION IF EXISTS registry_tie_logged()")
        else:
            triggers.drop_sqlite(cursor, _SQLITE_TRIGGERS)


def quiet(cursor: Any, vendor: str) -> None:
    """Stop logging each tie for the rest of this transaction (a bulk import's): PostgreSQL is
    told so for this transaction alone; SQLite's triggers are dropped inside it, which other
    connections never see (its schema changes are part of the transaction, and it has one
    writer at a time)."""
    triggers.silence(cursor, vendor, setting=_QUIET, sqlite=_SQLITE_TRIGGERS)


def everything_changed(cursor: Any, vendor: str) -> None:
    """Log that every tie may have changed, and log each one again from now on."""
    cursor.execute(f"INSERT INTO {_LOG} (source_id, target_id) VALUES (NULL, NULL)")
    triggers.resume(cursor, vendor, setting=_QUIET, sqlite=_SQLITE_TRIGGERS)
