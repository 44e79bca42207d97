"""SQLite triggers as the modules that own them declare them, name → what follows the name
(`tielog`, `namekeys`): dropped and created as one set. SQLite changes its schema inside a
transaction, so a bulk import drops them for its own transaction alone."""

from __future__ import annotations

from typing import Any


def drop_sqlite(cursor: Any, triggers: dict[str, str]) -> None:
    for name in triggers:
        cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def create_sqlite(cursor: Any, triggers: dict[str, str]) -> None:
    for name, body in triggers.items():
        cursor.execute(f"CREATE TRIGGER {name} {body}")
