"""The engine-specific part of the import: rows written in batches with explicit ids
(`core.bulk`: executemany on SQLite, COPY on PostgreSQL), lookup indexes dropped and rebuilt
around a large load, and rows the database refuses named one by one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.utils.translation import gettext as _

from commission.core import bulk
from commission.registry import namekeys, tielog
from commission.registry.models import (
    Commission,
    Commissioner,
    ContactDetail,
    Membership,
    MembershipStatusChange,
    Organisation,
    Person,
    PersonName,
    Position,
    Relationship,
    Unit,
)

_BATCH = 20_000
_REINDEXED = ("person", "name", "membership", "status_change", "relationship")
_PG_SORT_MEMORY = "512MB"


def _max_lengths(model: Any) -> dict[str, int]:
    return {
        f.name: f.max_length
        for f in model._meta.get_fields()
        if getattr(f, "max_length", None) and not f.is_relation
    }


@dataclass
class _Table:
    rtype: str
    model: Any
    columns: tuple[str, ...]
    # Tables where the database can still refuse a row (a unique constraint that needs the
    # stored rows to check) are written in savepoints, so a refused batch can be retried row
    # by row to name the culprit.
    may_conflict: bool = False
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    where: list[tuple[str, int, Any]] = field(default_factory=list)
    written: int = 0

    @property
    def name(self) -> str:
        return str(self.model._meta.db_table)


_TABLES: tuple[tuple[str, Any, tuple[str, ...], bool], ...] = (
    ("organisation", Organisation, ("id", "ref", "name", "short_name", "version"), False),
    ("unit", Unit, ("id", "ref", "organisation_id", "parent_id", "name", "kind", "version"), False),
    ("person", Person, (
        "id", "ref", "given_name", "patronymic", "surname", "known_as", "description", "gender",
        "born_on", "died_on", "deceased", "notes", "is_worker", "given_key", "patronymic_key",
        "surname_key", "surname_skeleton", "version", "created_at", "updated_at",
    ), False),
    ("name", PersonName, ("id", "person_id", "kind", "value", "key", "skeleton"), True),
    ("contact", ContactDetail, ("id", "person_id", "kind", "value", "note", "recorded_at"), True),
    ("membership", Membership, (
        "id", "person_id", "organisation_id", "unit_id", "joined_on", "card_number", "status",
        "status_since", "probation_until", "term_until", "version",
    ), False),
    ("status_change", MembershipStatusChange, (
        "id", "membership_id", "from_status", "to_status", "effective_on", "reason",
        "basis", "document", "recorded_at", "recorded_by_id",
    ), False),
    ("position", Position, (
        "id", "person_id", "title", "body", "unit_id", "started_on", "ended_on",
    ), False),
    ("commission", Commission, (
        "id", "ref", "organisation_id", "name", "level", "parent_id", "unit_id", "version",
    ), False),
    ("commissioner", Commissioner, (
        "id", "commission_id", "person_id", "role", "started_on", "ended_on",
    ), True),
    ("relationship", Relationship, (
        "id", "source_id", "target_id", "kind", "strength", "started_on", "ended_on", "period",
        "note", "created_at",
    ), True),
)  # fmt: skip


class _Writer:
    """The engine-specific part of the import: bulk writes with explicit ids."""

    def __init__(
        self, on_refused: Callable[[str, int, str | None, str, Any], None], shipping: Any = None
    ) -> None:
        self.vendor = connection.vendor
        # In a reading process (`_Importer.read_beside`), the end of the pipe its batches go
        # to; such a writer never touches the database.
        self.shipping = shipping
        if shipping is None:
            self.raw = connection.connection
            self.cursor = self.raw.cursor()
        self.on_refused = on_refused
        self.tables = {rtype: _Table(rtype, m, c, mc) for rtype, m, c, mc in _TABLES}
        self.next_id: dict[str, int] = {}
        self.dropped: list[str] = []
        self.logs_quiet = False
        self.bulk = False

    def start(self, *, bulk: bool) -> None:
        self.bulk = bulk
        names = ", ".join(t.name for t in self.tables.values())
        if self.vendor == "postgresql":
            # Ids are handed out here rather than by the sequences, so other writers wait
            # until the import commits (readers do not).
            self.cursor.execute(f"LOCK TABLE {names} IN SHARE ROW EXCLUSIVE MODE")
        for rtype, table in self.tables.items():
            # Table and column names in SQL here come from the models, never from input.
            self.cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table.name}"')  # noqa: S608
            self.next_id[rtype] = int(self.cursor.fetchone()[0]) + 1
        if bulk:
            self.drop_indexes()
            # Millions of ties are logged as one change, not one by one; the name keys are
            # gathered once at the end.
            tielog.quiet(self.cursor, self.vendor)
            namekeys.quiet(self.cursor, self.vendor)
            self.logs_quiet = True

    def drop_indexes(self) -> None:
        """Drop the lookup indexes of the big tables, to be built again once at the end.

        Building an index from all rows at once sorts them; keeping it up to date row by
        row costs a random index write per row, which measured several times slower for
        millions of rows. Indexes behind unique constraints stay: they find duplicates.
        """
        if self.vendor == "postgresql":
            # Checks still pending from earlier in an enclosing transaction would forbid
            # altering the tables; run them now.
            self.cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            self.cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for rtype in _REINDEXED:
            table = self.tables[rtype].name
            if self.vendor == "postgresql":
                self.cursor.execute(
                    "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s "
                    "AND indexdef NOT LIKE 'CREATE UNIQUE%%' AND indexname NOT IN "
                    "(SELECT conname FROM pg_constraint)",
                    (table,),
                )
            else:
                self.cursor.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
                    "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'",
                    (table,),
                )
            for name, definition in self.cursor.fetchall():
                self.cursor.execute(f'DROP INDEX "{name}"')
                self.dropped.append(definition)
            if self.vendor == "postgresql":
                # Foreign keys too: each row would queue a deferred check, millions of them,
                # and an index cannot be built while checks are pending. Adding the
                # constraint back checks all rows with one join. (The import has already
                # resolved every reference itself.)
                self.cursor.execute(
                    "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                    "WHERE conrelid = %s::regclass AND contype = 'f'",
                    (table,),
                )
                for name, definition in self.cursor.fetchall():
                    self.cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
                    self.dropped.append(
                        f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}'
                    )

    def restore_indexes(self) -> None:
        if not self.dropped:
            return
        if self.vendor == "postgresql":
            # Room to sort millions of keys in memory for the length of the import's
            # transaction, rather than in runs on disk merged afterwards.
            self.cursor.execute(f"SET LOCAL maintenance_work_mem = '{_PG_SORT_MEMORY}'")
        for definition in self.dropped:
            self.cursor.execute(definition)
        self.dropped = []
        # Fresh statistics: without them the planners guess, and person lookup right after a
        # large import was measured an order of magnitude slower.
        for rtype in _REINDEXED:
            self.cursor.execute(f'ANALYZE "{self.tables[rtype].name}"')

    def allocate(self, rtype: str) -> int:
        value = self.next_id[rtype]
        self.next_id[rtype] = value + 1
        return value

    def add(self, rtype: str, row: tuple[Any, ...], where: tuple[str, int, Any]) -> None:
        table = self.tables[rtype]
        table.rows.append(row)
        if table.may_conflict:
            table.where.append(where)
        if len(table.rows) >= _BATCH:
            # Parents go first: a child row written before its parent raises SQLite's count
            # of pending foreign-key violations, and while that count is above zero every
            # parent row written makes SQLite search the child tables for its children.
            for other in self.tables.values():
                self.flush(other)
                if other is table:
                    break

    def flush_all(self) -> None:
        for table in self.tables.values():
            self.flush(table)

    def finish(self) -> None:
        self.flush_all()
        self.restore_indexes()
        if self.logs_quiet:
            tielog.everything_changed(self.cursor, self.vendor)
            namekeys.caught_up(self.cursor, self.vendor)
            self.logs_quiet = False
        if self.vendor == "postgresql":
            for table in self.tables.values():
                if table.written:
                    last = f'(SELECT MAX(id) FROM "{table.name}")'  # noqa: S608
                    self.cursor.execute(
                        f"SELECT setval(pg_get_serial_sequence(%s, 'id'), {last})", (table.name,)
                    )

    def flush(self, table: _Table) -> None:
        if not table.rows:
            return
        rows, where = table.rows, table.where
        table.rows, table.where = [], []
        if self.shipping is not None:
            self.shipping.send(("rows", table.rtype, rows, where))
            return
        self.write(table, rows, where)

    def write(
        self, table: _Table, rows: list[tuple[Any, ...]], where: list[tuple[str, int, Any]]
    ) -> None:
        """Write one batch of a table's rows, naming each the database refuses."""
        if not table.may_conflict:
            self._bulk(table, rows)
            table.written += len(rows)
            return
        self.cursor.execute("SAVEPOINT registry_import_batch")
        try:
            self._bulk(table, rows)
        except self._integrity_errors():
            self.cursor.execute("ROLLBACK TO SAVEPOINT registry_import_batch")
            self._one_by_one(table, rows, where)
        else:
            table.written += len(rows)
        self.cursor.execute("RELEASE SAVEPOINT registry_import_batch")

    def _integrity_errors(self) -> tuple[type[Exception], ...]:
        if self.vendor == "postgresql":
            import psycopg

            return (psycopg.errors.IntegrityError,)
        import sqlite3

        return (sqlite3.IntegrityError,)

    def _bulk(self, table: _Table, rows: list[tuple[Any, ...]]) -> None:
        bulk.insert_rows(self.cursor, table.model, table.columns, rows)

    def _one_by_one(
        self, table: _Table, rows: list[tuple[Any, ...]], where: list[tuple[str, int, Any]]
    ) -> None:
        cols = ", ".join(f'"{c}"' for c in table.columns)
        if self.vendor == "postgresql":
            marks = ", ".join(["%s"] * len(table.columns))
            sql = f'INSERT INTO "{table.name}" ({cols}) VALUES ({marks}) ON CONFLICT DO NOTHING'  # noqa: S608
        else:
            marks = ", ".join("?" * len(table.columns))
            sql = f'INSERT OR IGNORE INTO "{table.name}" ({cols}) VALUES ({marks})'  # noqa: S608
        for row, (label, line, data) in zip(rows, where, strict=True):
            if type(data) is tuple:  # a plain tie's (source, target, kind)
                data = dict(zip(("source", "target", "kind"), data, strict=True))
            self.cursor.execute(sql, row)
            if self.cursor.rowcount == 1:
                table.written += 1
            else:
                self.on_refused(label, line, None, _duplicate_reason(table.rtype, data), data)


def _duplicate_reason(rtype: str, data: Any) -> str:
    if rtype == "relationship":
        return _(
            "the tie %(source)s %(kind)s %(target)s is already recorded, earlier in this import "
            "or in the registry (sibling, spouse, relative, colleague and acquaintance read both "
            "ways, so A–B and B–A are the same tie)."
        ) % {"source": data.get("source"), "kind": data.get("kind"), "target": data.get("target")}
    if rtype == "commissioner":
        return _("%(person)s already sits on %(commission)s as %(role)s.") % {
            "person": data.get("person"),
            "commission": data.get("commission"),
            "role": data.get("role") or "member",
        }
    if rtype == "name":
        sentence = _("%(person)s already has the name form %(value)r of that kind.")
    else:
        sentence = _("%(person)s already has the contact detail %(value)r of that kind.")
    return sentence % {"person": data.get("person"), "value": data.get("value")}
