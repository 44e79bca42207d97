"""Triggers as the modules that own them declare them (`tielog`, `namekeys`): on SQLite a set
of name → what follows the name, dropped and created as one set; on PostgreSQL a function that
a setting of the transaction silences. A bulk import silences them for its own transaction
alone: SQLite changes its schema inside a transaction, and has one writer at a time."""

from __future__ import annotations

from typing import Any


def drop_sqlite(cursor: Any, triggers: dict[str, str]) -> None:
    for name in triggers:
        cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def create_sqlite(cursor: Any, triggers: dict[str, str]) -> None:
    for name, body in triggers.items():
        cursor.execute(f"CREATE TRIGGER {name} {body}")


def silence(cursor: Any, vendor: str, *, setting: str, sqlite: dict[str, str]) -> None:
    """No trigger of the set fires for the rest of this transaction: PostgreSQL's functions
    return at once while `setting` is on; SQLite's triggers are dropped inside it."""
    if vendor == "postgresql":
        cursor.execute(f"SET LOCAL {setting} = 'on'")
    else:
        drop_sqlite(cursor, sqlite)


def resume(cursor: Any, vendor: str, *, setting: str, sqlite: dict[str, str]) -> None:
    """The triggers of the set fire again from now on (after `silence`)."""
    if vendor == "postgresql":
        cursor.execute(f"SET LOCAL {setting} = 'off'")
    else:
        create_sqlite(cursor, sqlite)
