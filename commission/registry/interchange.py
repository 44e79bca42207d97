"""Import and export of the member registry in the interchange format (docs/registry-format.md).

The import streams its files: it keeps the identifiers it has seen (to resolve references)
and one batch of rows, never the files. Rows are validated with the rules the registry
services use, given explicit ids and written with the engine's bulk path (executemany on
SQLite, COPY on PostgreSQL), all inside one transaction, so a refused import changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from commission.audit.services import record_event
from commission.core.errors import CommissionError, InvalidInput
from commission.core.roles import can, require
from commission.registry import services as registry_services
from commission.registry.enums import (
    CommissionerRole,
    CommissionLevel,
    ContactKind,
    Gender,
    MembershipStatus,
    NameKind,
    RelationshipKind,
    UnitKind,
)
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

Progress = Callable[[int], None]

# Record types in the order a record may refer to those before it.
RECORD_TYPES = (
    "organisation", "unit", "person", "name", "contact", "membership", "status_change",
    "position", "commission", "commissioner", "relationship",
)  # fmt: skip

CSV_FILES = {
    "organisation": "organisations.csv", "unit": "units.csv", "person": "people.csv",
    "name": "names.csv", "contact": "contacts.csv", "membership": "memberships.csv",
    "status_change": "status_changes.csv", "position": "positions.csv",
    "commission": "commissions.csv", "commissioner": "commissioners.csv",
    "relationship": "relationships.csv",
}  # fmt: skip

COLUMNS: dict[str, tuple[str, ...]] = {
    "organisation": ("id", "name", "short_name"),
    "unit": ("id", "organisation", "name", "kind", "parent"),
    "person": (
        "id", "given_name", "patronymic", "surname", "known_as", "description", "gender",
        "born_on", "died_on", "deceased", "is_worker", "notes",
    ),
    "name": ("person", "kind", "value"),
    "contact": ("person", "kind", "value", "note"),
    "membership": (
        "person", "organisation", "unit", "joined_on", "card_number", "status", "status_since",
        "probation_until", "term_until",
    ),
    "status_change": ("person", "organisation", "from_status", "to_status", "effective_on",
                      "reason"),
    "position": ("person", "title", "body", "unit", "started_on", "ended_on"),
    "commission": ("id", "organisation", "name", "level", "parent", "unit"),
    "commissioner": ("commission", "person", "role", "started_on", "ended_on"),
    "relationship": ("source", "target", "kind", "strength", "started_on", "ended_on", "period",
                     "note"),
}  # fmt: skip

REQUIRED: dict[str, tuple[str, ...]] = {
    "organisation": ("id", "name"),
    "unit": ("id", "organisation", "name"),
    "person": ("id",),
    "name": ("person", "kind", "value"),
    "contact": ("person", "kind", "value"),
    "membership": ("person", "organisation", "status"),
    "status_change": ("person", "organisation", "to_status"),
    "position": ("person", "title"),
    "commission": ("id", "organisation", "name", "level"),
    "commissioner": ("commission", "person"),
    "relationship": ("source", "target", "kind"),
}

# Lists nested in a JSON record; in CSV they are files of their own.
NESTED = {"person": ("names", "contacts"), "membership": ("history",)}

COUNT_LABELS = {
    "organisation": "organisations", "unit": "units", "person": "people", "name": "names",
    "contact": "contacts", "membership": "memberships", "status_change": "status changes",
    "position": "positions", "commission": "commissions", "commissioner": "commissioners",
    "relationship": "relationships",
}  # fmt: skip

_BATCH = 20_000
# Inputs larger than this rebuild the lookup indexes of the big tables after loading them.
_BULK_BYTES = 64 * 2**20
_REINDEXED = ("person", "name", "membership", "status_change", "relationship")
_SQLITE_IMPORT_CACHE_KIB = 256 * 1024
_PROGRESS_EVERY = 1 << 20  # bytes
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Enum values read once: TextChoices.values builds a new list on every access.
_CHOICES: dict[Any, list[str]] = {
    enum: [str(v) for v in enum.values]
    for enum in (UnitKind, Gender, NameKind, ContactKind, MembershipStatus, CommissionLevel,
                 CommissionerRole, RelationshipKind)
}  # fmt: skip


@dataclass
class ImportResult:
    counts: dict[str, int]
    skipped: int = 0
    report_path: Path | None = None
    files: list[dict[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"{n} {COUNT_LABELS[t]}" for t, n in self.counts.items() if n]
        text = "Imported " + (", ".join(parts) if parts else "nothing") + "."
        if self.skipped:
            text += f" Skipped {self.skipped} bad rows; see {self.report_path}."
        return text


@dataclass
class ExportResult:
    counts: dict[str, int]
    destination: Path
    fmt: str
    personal_data: bool

    def summary(self) -> str:
        parts = [f"{n} {COUNT_LABELS[t]}" for t, n in self.counts.items() if n]
        return f"Exported {', '.join(parts) or 'an empty registry'} to {self.destination}."


class _RowError(Exception):
    """A row cannot be accepted; `column` names the culprit when one is to blame."""

    def __init__(self, column: str | None, reason: str) -> None:
        super().__init__(reason)
        self.column = column
        self.reason = reason


# ---------------------------------------------------------------------------------------------
# Reading files


class _Source:
    """One input file. Reads it as UTF-8 line by line, hashing what it reads."""

    def __init__(self, path: Path, rtype: str | None) -> None:
        self.path = path
        self.label = path.name
        self.rtype = rtype  # None for JSON Lines, where each line names its type
        self.sha256 = hashlib.sha256()
        self.size = path.stat().st_size

    def lines(self, progress: Progress | None) -> Iterator[tuple[int, str]]:
        unreported = 0
        with self.path.open("rb") as handle:
            for number, raw in enumerate(handle, start=1):
                self.sha256.update(raw)
                unreported += len(raw)
                if progress is not None and unreported >= _PROGRESS_EVERY:
                    progress(unreported)
                    unreported = 0
                if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                    raw = raw[3:]
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError as exc:
                    raise InvalidInput(
                        f"{self.label}, line {number}: the text is not UTF-8 (byte "
                        f"0x{raw[exc.start]:02x} at character {exc.start + 1} cannot be read). "
                        "Save the file as UTF-8 and import it again."
                    ) from None
                yield number, text
        if progress is not None and unreported:
            progress(unreported)


def _sniff(path: Path) -> None:
    with path.open("rb") as handle:
        head = handle.read(8192)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InvalidInput(f"{path.name} is UTF-16 text; save it as UTF-8 and import it again.")
    if b"\x00" in head:
        raise InvalidInput(
            f"{path.name} is not a text file (it holds binary data); registry files are "
            "UTF-8 text in JSON Lines or CSV."
        )


def _csv_type(path: Path) -> str:
    """The record type of a CSV file: from its name, else from its header."""
    for rtype, name in CSV_FILES.items():
        if path.name == name:
            return rtype
    with path.open("rb") as handle:
        first = handle.readline().decode("utf-8", errors="replace").lstrip("\ufeff")
    header = {c.strip() for c in next(csv.reader([first]), [])}
    fits = [t for t in RECORD_TYPES if header <= set(COLUMNS[t]) and set(REQUIRED[t]) <= header]
    if not fits:
        raise InvalidInput(
            f"{path.name}, line 1: the header ({', '.join(sorted(header)) or 'empty'}) does "
            "not match any registry file; see the columns in docs/registry-format.md."
        )
    # The closest fit: names (person, kind, value) before contacts (…, note).
    return min(fits, key=lambda t: len(set(COLUMNS[t]) - header))


def _collect_sources(paths: list[Path]) -> list[_Source]:
    sources: list[_Source] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() == ".csv")
            if not found:
                raise InvalidInput(f"The folder {path} holds no CSV files to import.")
            for p in found:
                _sniff(p)
            typed = [(_csv_type(p), p) for p in found]
            typed.sort(key=lambda tp: RECORD_TYPES.index(tp[0]))
            sources += [_Source(p, t) for t, p in typed]
        elif path.is_file():
            _sniff(path)
            if path.suffix.lower() == ".csv":
                sources.append(_Source(path, _csv_type(path)))
            else:
                sources.append(_Source(path, None))
        else:
            raise InvalidInput(f"There is no file or folder called {path}.")
    return sources


# ---------------------------------------------------------------------------------------------
# Writing rows


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
        "recorded_at", "recorded_by_id",
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

    def __init__(self, on_refused: Callable[[str, int, str | None, str, Any], None]) -> None:
        self.vendor = connection.vendor
        self.raw = connection.connection
        self.cursor = self.raw.cursor()
        self.on_refused = on_refused
        self.tables = {rtype: _Table(rtype, m, c, mc) for rtype, m, c, mc in _TABLES}
        self.next_id: dict[str, int] = {}
        self.dropped: list[str] = []
        self.cache_size: int | None = None

    def start(self, *, bulk: bool) -> None:
        names = ", ".join(t.name for t in self.tables.values())
        if self.vendor == "postgresql":
            # Ids are handed out here rather than by the sequences, so other writers wait
            # until the import commits (readers do not).
            self.cursor.execute(f"LOCK TABLE {names} IN SHARE ROW EXCLUSIVE MODE")
        for rtype, table in self.tables.items():
            # Table and column names in SQL here come from the models, never from input.
            self.cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table.name}"')  # noqa: S608
            self.next_id[rtype] = int(self.cursor.fetchone()[0]) + 1
        if self.vendor == "sqlite":
            # A larger page cache for the length of the import (restored at the end): index
            # pages of millions of rows otherwise go back and forth to disk.
            self.cursor.execute("PRAGMA cache_size")
            self.cache_size = self.cursor.fetchone()[0]
            self.cursor.execute(f"PRAGMA cache_size = -{_SQLITE_IMPORT_CACHE_KIB}")
        if bulk:
            self.drop_indexes()

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
        if self.vendor == "sqlite" and self.cache_size is not None:
            self.cursor.execute(f"PRAGMA cache_size = {int(self.cache_size)}")
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
        cols = ", ".join(f'"{c}"' for c in table.columns)
        if self.vendor == "postgresql":
            with self.cursor.copy(f'COPY "{table.name}" ({cols}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" * len(table.columns))
            sql = f'INSERT INTO "{table.name}" ({cols}) VALUES ({marks})'  # noqa: S608
            self.cursor.executemany(sql, rows)

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
            self.cursor.execute(sql, row)
            if self.cursor.rowcount == 1:
                table.written += 1
            else:
                self.on_refused(label, line, None, _duplicate_reason(table.rtype, data), data)


def _duplicate_reason(rtype: str, data: Any) -> str:
    if rtype == "relationship":
        return (
            f"the tie {data.get('source')} {data.get('kind')} {data.get('target')} is already "
            "recorded, earlier in this import or in the registry (sibling, spouse, relative, "
            "colleague and acquaintance read both ways, so A–B and B–A are the same tie)."
        )
    if rtype == "commissioner":
        return (
            f"{data.get('person')} already sits on {data.get('commission')} as "
            f"{data.get('role') or 'member'}."
        )
    what = "name form" if rtype == "name" else "contact detail"
    return f"{data.get('person')} already has the {what} {data.get('value')!r} of that kind."


# ---------------------------------------------------------------------------------------------
# Validation: one method per record type, shared by both engines.


class _Importer:
    def __init__(self, *, actor: Any, skip_bad_rows: bool, report: Any) -> None:
        self.actor = actor
        self.actor_id = actor.pk if getattr(actor, "pk", None) else None
        self.skip_bad_rows = skip_bad_rows
        self.report = report
        self.skipped = 0
        self.label = ""
        self.line = 0
        self.writer = _Writer(self.refused)
        self.now = connection.ops.adapt_datetimefield_value(timezone.now())
        self.organisations: dict[str, int] = {}
        self.units: dict[str, int] = {}
        self.people: dict[str, int] = {}
        self.commissions: dict[str, tuple[int, str]] = {}
        # {organisation id: {person id: membership id}}: ints only, to stay small.
        self.memberships: dict[int, dict[int, int]] = {}
        # Derived name forms of people whose names imply some, so that a names.csv row
        # repeating one is merged rather than refused.
        self.derived: dict[int, set[tuple[str, str]]] = {}
        self.csv_history = False
        self.lengths = {rtype: _max_lengths(model) for rtype, model, _c, _m in _TABLES}
        self.scratch = Person()
        self.rule_cache: dict[tuple[Any, ...], Any] = {}
        self.key_cache: dict[tuple[str, str], tuple[str, str]] = {}
        self.name_cache: dict[str, tuple[str, str]] = {}
        self.handlers: dict[str, Callable[[dict[str, Any]], None]] = {
            "organisation": self.organisation, "unit": self.unit, "person": self.person,
            "name": self.name, "contact": self.contact, "membership": self.membership,
            "status_change": self.status_change, "position": self.position,
            "commission": self.commission, "commissioner": self.commissioner,
            "relationship": self.relationship,
        }  # fmt: skip

    # -- reporting ---------------------------------------------------------------------------

    def location(self, label: str, line: int, column: str | None) -> str:
        where = f"{label}, line {line}"
        if column:
            kind = "column" if label.lower().endswith(".csv") else "field"
            where += f", {kind} {column}"
        return where

    def refused(self, label: str, line: int, column: str | None, reason: str, data: Any) -> None:
        sentence = f"{self.location(label, line, column)}: {reason}"
        if not self.skip_bad_rows:
            raise InvalidInput(sentence, field=column)
        self.skipped += 1
        self.report.writerow(
            [label, line, column or "", reason, json.dumps(data, ensure_ascii=False, default=str)]
        )

    # -- reading -----------------------------------------------------------------------------

    def load_existing(self) -> None:
        self.organisations = dict(Organisation.objects.values_list("ref", "id"))
        self.units = dict(Unit.objects.values_list("ref", "id"))
        self.commissions = {
            ref: (pk, level)
            for ref, pk, level in Commission.objects.values_list("ref", "id", "level")
        }
        for ref, pk in Person.objects.values_list("ref", "id").iterator(chunk_size=20_000):
            self.people[ref] = pk
        for pk, person_id, org_id in Membership.objects.values_list(
            "id", "person_id", "organisation_id"
        ).iterator(chunk_size=20_000):
            self.memberships.setdefault(org_id, {})[person_id] = pk

    def run(self, sources: list[_Source], progress: Progress | None) -> None:
        self.csv_history = any(s.rtype == "status_change" for s in sources)
        for source in sources:
            self.label = source.label
            if source.rtype is None:
                self.read_jsonl(source, progress)
            else:
                self.read_csv(source, progress)
        self.writer.finish()

    def read_jsonl(self, source: _Source, progress: Progress | None) -> None:
        handlers = self.handlers
        for number, text in source.lines(progress):
            stripped = text.strip()
            if not stripped or stripped.startswith("#"):
                continue
            self.line = number
            plain = _PLAIN_TIE_LINE.fullmatch(text)
            if plain is not None and self.plain_tie(*plain.groups()):
                continue
            try:
                data = json.loads(text.rstrip("\r\n"))
            except json.JSONDecodeError as exc:
                self.refused(
                    source.label, number, None,
                    f"this line is not valid JSON ({exc.msg} at character {exc.pos + 1}).", text,
                )  # fmt: skip
                continue
            try:
                if not isinstance(data, dict):
                    raise _RowError(None, "each line must be one JSON object with a type field.")
                rtype = data.get("type")
                if rtype not in handlers or rtype in ("name", "contact", "status_change"):
                    known = ", ".join(t for t in RECORD_TYPES if t not in _CSV_ONLY)
                    raise _RowError("type", f"{json.dumps(rtype)} is not one of {known}.")
                if not data.keys() <= _JSON_FIELDS[rtype]:
                    allowed = (*COLUMNS[rtype], *NESTED.get(rtype, ()))
                    key = next(k for k in data if k not in _JSON_FIELDS[rtype])
                    raise _RowError(
                        key, f"there is no such field in a {rtype} record; the fields are "
                        f"{', '.join(allowed)}.",
                    )  # fmt: skip
                handlers[rtype](data)
            except _RowError as exc:
                self.refused(source.label, number, exc.column, exc.reason, data)

    def read_csv(self, source: _Source, progress: Progress | None) -> None:
        assert source.rtype is not None
        rtype = source.rtype
        handler = self.handlers[rtype]
        numbered = source.lines(progress)
        current = [0]

        def text_lines() -> Iterator[str]:
            for number, text in numbered:
                current[0] = number
                yield text

        reader = csv.reader(text_lines())
        try:
            header = [c.strip() for c in next(reader)]
        except StopIteration:
            return
        except csv.Error as exc:
            raise InvalidInput(
                f"{source.label}, line 1: the header cannot be read ({exc})."
            ) from None
        expected = COLUMNS[rtype]
        for column in header:
            if column not in expected:
                raise InvalidInput(
                    f"{source.label}, line 1, column {column or '(blank)'}: there is no such "
                    f"column in {CSV_FILES[rtype]}; the columns are {', '.join(expected)}."
                )
        missing = [c for c in REQUIRED[rtype] if c not in header]
        if missing:
            raise InvalidInput(
                f"{source.label}, line 1: the required column{'s' if len(missing) > 1 else ''} "
                f"{', '.join(missing)} {'are' if len(missing) > 1 else 'is'} missing."
            )
        if len(set(header)) != len(header):
            raise InvalidInput(f"{source.label}, line 1: a column is named twice in the header.")
        width = len(header)
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                self.refused(source.label, current[0], None, f"the row cannot be read ({exc}).", "")
                continue
            self.line = current[0]
            if not row:
                continue
            if len(row) != width:
                self.refused(
                    source.label, current[0], None,
                    f"the row has {len(row)} values but the header names {width} columns.", row,
                )  # fmt: skip
                continue
            data = dict(zip(header, row, strict=True))
            try:
                handler(data)
            except _RowError as exc:
                self.refused(source.label, current[0], exc.column, exc.reason, data)

    # -- field readers -----------------------------------------------------------------------

    def text(self, rtype: str, data: dict[str, Any], column: str, *, required: bool = False,
             model_field: str | None = None) -> str:  # fmt: skip
        value = data.get(column)
        if value is None:
            value = ""
        elif not isinstance(value, str):
            raise _RowError(column, f"{json.dumps(value)} is not text.")
        else:
            value = value.strip()
        if required and not value:
            raise _RowError(column, "this value is required and is empty.")
        limit = self.lengths[rtype].get(model_field or column)
        if limit is not None and len(value) > limit:
            raise _RowError(
                column, f"the text is {len(value)} characters long; at most {limit} fit."
            )
        return value

    def choice(self, data: dict[str, Any], column: str, allowed: list[str],
               default: str | None) -> str:  # fmt: skip
        value = data.get(column)
        if value is None or value == "":
            if default is None:
                raise _RowError(column, f"this value is required; one of {', '.join(allowed)}.")
            return default
        if value not in allowed:
            raise _RowError(column, f"{json.dumps(value, ensure_ascii=False)} is not one of "
                            f"{', '.join(allowed)}.")  # fmt: skip
        return str(value)

    def date(self, data: dict[str, Any], column: str) -> str | None:
        value = data.get(column)
        if value is None or value == "":
            return None
        if isinstance(value, str) and _ISO_DATE.fullmatch(value):
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                pass
            else:
                return value
        shown = json.dumps(value, ensure_ascii=False)
        raise _RowError(column, f"{shown} is not a date written as YYYY-MM-DD (e.g. 1921-12-20).")

    def flag(self, data: dict[str, Any], column: str) -> bool:
        value = data.get(column)
        if value is None or value == "" or value is False:
            return False
        if value is True:
            return True
        if isinstance(value, str) and value.lower() in ("true", "false", "1", "0", "yes", "no"):
            return value.lower() in ("true", "1", "yes")
        raise _RowError(column, f"{json.dumps(value)} is not true or false.")

    def ref(self, data: dict[str, Any], column: str, known: dict[str, Any], what: str,
            required: bool = True) -> Any:  # fmt: skip
        value = data.get(column)
        if value is None or value == "":
            if required:
                raise _RowError(column, f"the {what} is required and is empty.")
            return None
        found = known.get(value) if isinstance(value, str) else None
        if found is None:
            raise _RowError(
                column, f"there is no {what} {json.dumps(value, ensure_ascii=False)}, neither "
                "earlier in this import nor in the registry.",
            )  # fmt: skip
        return found

    def new_ref(self, rtype: str, data: dict[str, Any], known: dict[str, Any], what: str) -> str:
        ref = self.text(rtype, data, "id", required=True, model_field="ref")
        if ref in known:
            raise _RowError(
                "id", f"the {what} id {ref!r} is already used, earlier in this import or in the "
                "registry.",
            )  # fmt: skip
        return ref

    def span(self, data: dict[str, Any], start: str, end: str, what: str) -> tuple[Any, Any]:
        started, ended = self.date(data, start), self.date(data, end)
        if started and ended and ended < started:
            raise _RowError(end, f"the {what} ends before it starts.")
        return started, ended

    def person_rule(self, fields: dict[str, Any]) -> None:
        """registry.services.validate_person_fields, remembered per kind of row: the rule
        looks at which name parts are present, the gender, and the dates only when both are
        there, so rows that agree on those get the same answer."""
        both = bool(fields["born_on"] and fields["died_on"])
        key = (
            *(bool(fields[f]) for f in ("given_name", "patronymic", "surname", "known_as",
                                        "description")),
            fields["gender"], fields["born_on"] if both else None,
            fields["died_on"] if both else None,
        )  # fmt: skip
        outcome = self.rule_cache.get(key, _UNSEEN)
        if outcome is _UNSEEN:
            outcome = None
            try:
                registry_services.validate_person_fields(fields)
            except CommissionError as exc:
                outcome = _RowError(exc.field, exc.message)
            self.rule_cache[key] = outcome
        if outcome is not None:
            raise outcome

    def status_rule(self, status: str, probation: str | None, term: str | None) -> None:
        """registry.services.status_dates_ok, remembered per status and present end dates
        (the rule looks only at whether they are there)."""
        key = ("status", status, probation is not None, term is not None)
        outcome = self.rule_cache.get(key, _UNSEEN)
        if outcome is _UNSEEN:
            outcome = None
            try:
                registry_services.status_dates_ok(
                    status,
                    dt.date.fromisoformat(probation) if probation else None,
                    dt.date.fromisoformat(term) if term else None,
                )
            except CommissionError as exc:
                outcome = _RowError(exc.field, exc.message)
            self.rule_cache[key] = outcome
        if outcome is not None:
            raise outcome

    # -- record types ------------------------------------------------------------------------

    def where(self, data: Any) -> tuple[str, int, Any]:
        return (self.label, self.line, data)

    def organisation(self, data: dict[str, Any]) -> None:
        ref = self.new_ref("organisation", data, self.organisations, "organisation")
        name = self.text("organisation", data, "name", required=True)
        short = self.text("organisation", data, "short_name")
        pk = self.writer.allocate("organisation")
        self.writer.add("organisation", (pk, ref, name, short, 1), self.where(data))
        self.organisations[ref] = pk

    def unit(self, data: dict[str, Any]) -> None:
        ref = self.new_ref("unit", data, self.units, "unit")
        org = self.ref(data, "organisation", self.organisations, "organisation")
        name = self.text("unit", data, "name", required=True)
        kind = self.choice(data, "kind", _CHOICES[UnitKind], UnitKind.OTHER)
        parent = self.ref(data, "parent", self.units, "unit", required=False)
        pk = self.writer.allocate("unit")
        self.writer.add("unit", (pk, ref, org, parent, name, kind, 1), self.where(data))
        self.units[ref] = pk

    def person_keys(self, field_name: str, value: str) -> tuple[str, str]:
        # fill_name_keys derives each key from its own field alone, so the keys can be
        # remembered per distinct value; names repeat a great deal across a registry.
        cached = self.key_cache.get((field_name, value))
        if cached is None:
            scratch = self.scratch
            scratch.given_name = scratch.patronymic = scratch.surname = ""
            setattr(scratch, field_name, value)
            registry_services.fill_name_keys(scratch)
            if field_name == "surname":
                cached = (scratch.surname_key, scratch.surname_skeleton)
            elif field_name == "given_name":
                cached = (scratch.given_key, "")
            else:
                cached = (scratch.patronymic_key, "")
            self.key_cache[(field_name, value)] = cached
        return cached

    def name_keys(self, person: Person, kind: str, value: str) -> tuple[str, str]:
        cached = self.name_cache.get(value)
        if cached is None:
            row = registry_services.name_row(person, kind, value)
            cached = (row.key, row.skeleton)
            self.name_cache[value] = cached
        return cached

    def person(self, data: dict[str, Any]) -> None:
        ref = self.new_ref("person", data, self.people, "person")
        text = self.text
        fields: dict[str, Any] = {
            "given_name": text("person", data, "given_name"),
            "patronymic": text("person", data, "patronymic"),
            "surname": text("person", data, "surname"),
            "known_as": text("person", data, "known_as"),
            "description": text("person", data, "description"),
            "gender": self.choice(data, "gender", _CHOICES[Gender], Gender.UNKNOWN),
            "born_on": self.date(data, "born_on"),
            "died_on": self.date(data, "died_on"),
            "deceased": self.flag(data, "deceased"),
            "notes": data.get("notes") or "",
            "is_worker": self.flag(data, "is_worker"),
        }
        if not isinstance(fields["notes"], str):
            raise _RowError("notes", "the notes must be text.")
        fields["deceased"] = fields["deceased"] or fields["died_on"] is not None
        self.person_rule(fields)
        extra = self.nested_names(data.get("names"))
        contacts = self.nested_contacts(data.get("contacts"))
        given_key, _ = self.person_keys("given_name", fields["given_name"])
        patronymic_key, _ = self.person_keys("patronymic", fields["patronymic"])
        surname_key, skeleton = self.person_keys("surname", fields["surname"])
        pk = self.writer.allocate("person")
        f = fields
        self.writer.add("person", (
            pk, ref, f["given_name"], f["patronymic"], f["surname"], f["known_as"],
            f["description"], f["gender"], f["born_on"], f["died_on"], f["deceased"], f["notes"],
            f["is_worker"], given_key, patronymic_key, surname_key, skeleton, 1, self.now,
            self.now,
        ), self.where(data))  # fmt: skip
        self.people[ref] = pk
        derived: list[tuple[str, str]] = []
        if fields["known_as"] or "-" in fields["surname"]:
            names_only = ("given_name", "patronymic", "surname", "known_as")
            stand_in = Person(pk=pk, **{k: fields[k] for k in names_only})
            derived = registry_services.derived_names(stand_in)
            if derived:
                self.derived[pk] = set(derived)
        if derived or extra:
            stand_in = Person(pk=pk)
            for kind, value in sorted({*derived, *extra}):
                key, skel = self.name_keys(stand_in, kind, value)
                row = (self.writer.allocate("name"), pk, kind, value, key, skel)
                self.writer.add("name", row, self.where({"person": ref, "value": value}))
        for kind, value, note in contacts:
            contact = (self.writer.allocate("contact"), pk, kind, value, note, self.now)
            self.writer.add("contact", contact, self.where({"person": ref, "value": value}))

    def nested_names(self, value: Any) -> list[tuple[str, str]]:
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise _RowError("names", "the names must be a list of {kind, value} objects.")
        pairs = []
        for item in value:
            kind = self.choice(item, "kind", _CHOICES[NameKind], None)
            pairs.append((kind, self.text("name", item, "value", required=True)))
        return pairs

    def nested_contacts(self, value: Any) -> list[tuple[str, str, str]]:
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise _RowError("contacts", "the contacts must be a list of {kind, value, note} "
                            "objects.")  # fmt: skip
        found = []
        seen = set()
        for item in value:
            kind = self.choice(item, "kind", _CHOICES[ContactKind], None)
            text = self.text("contact", item, "value", required=True)
            if (kind, text) in seen:
                raise _RowError("contacts", f"the contact {text!r} is listed twice.")
            seen.add((kind, text))
            found.append((kind, text, self.text("contact", item, "note")))
        return found

    def name(self, data: dict[str, Any]) -> None:
        pk = self.ref(data, "person", self.people, "person")
        kind = self.choice(data, "kind", _CHOICES[NameKind], None)
        value = self.text("name", data, "value", required=True)
        if (kind, value) in self.derived.get(pk, ()):
            return  # already stored with the person it follows from
        key, skel = self.name_keys(Person(pk=pk), kind, value)
        self.writer.add(
            "name", (self.writer.allocate("name"), pk, kind, value, key, skel), self.where(data)
        )

    def contact(self, data: dict[str, Any]) -> None:
        pk = self.ref(data, "person", self.people, "person")
        kind = self.choice(data, "kind", _CHOICES[ContactKind], None)
        value = self.text("contact", data, "value", required=True)
        note = self.text("contact", data, "note")
        row = (self.writer.allocate("contact"), pk, kind, value, note, self.now)
        self.writer.add("contact", row, self.where(data))

    def membership(self, data: dict[str, Any]) -> None:
        person = self.ref(data, "person", self.people, "person")
        org = self.ref(data, "organisation", self.organisations, "organisation")
        unit = self.ref(data, "unit", self.units, "unit", required=False)
        joined = self.date(data, "joined_on")
        card = self.text("membership", data, "card_number")
        status = self.choice(data, "status", _CHOICES[MembershipStatus], None)
        probation = self.date(data, "probation_until")
        term = self.date(data, "term_until")
        self.status_rule(status, probation, term)
        members = self.memberships.setdefault(org, {})
        if person in members:
            raise _RowError(
                "organisation", f"{data['person']} already has a membership of "
                f"{data['organisation']}, earlier in this import or in the registry.",
            )  # fmt: skip
        history = data.get("history")
        steps: list[tuple[str, str, str | None, str]] = []
        if history is not None:
            if not isinstance(history, list) or not all(isinstance(h, dict) for h in history):
                raise _RowError("history", "the history must be a list of {from_status, "
                                "to_status, effective_on, reason} objects.")  # fmt: skip
            steps = [self.step(h) for h in history]
        elif not self.csv_history:
            steps = [("", status, joined, "joined")]
        since = self.date(data, "status_since")
        if since is None:
            since = steps[-1][2] if steps and history is not None else joined
        pk = self.writer.allocate("membership")
        self.writer.add("membership", (
            pk, person, org, unit, joined, card, status, since, probation, term, 1,
        ), self.where(data))  # fmt: skip
        members[person] = pk
        for from_status, to_status, effective, reason in steps:
            row = (self.writer.allocate("status_change"), pk, from_status, to_status, effective,
                   reason, self.now, self.actor_id)  # fmt: skip
            self.writer.add("status_change", row, self.where(data))

    def step(self, data: dict[str, Any]) -> tuple[str, str, str | None, str]:
        return (
            self.choice(data, "from_status", _CHOICES[MembershipStatus], ""),
            self.choice(data, "to_status", _CHOICES[MembershipStatus], None),
            self.date(data, "effective_on"),
            self.text("status_change", data, "reason"),
        )

    def status_change(self, data: dict[str, Any]) -> None:
        person = self.ref(data, "person", self.people, "person")
        org = self.ref(data, "organisation", self.organisations, "organisation")
        membership = self.memberships.get(org, {}).get(person)
        if membership is None:
            raise _RowError(
                "organisation", f"{data['person']} has no membership of {data['organisation']} "
                "to add this step to, neither earlier in this import nor in the registry.",
            )  # fmt: skip
        from_status, to_status, effective, reason = self.step(data)
        row = (self.writer.allocate("status_change"), membership, from_status, to_status,
               effective, reason, self.now, self.actor_id)  # fmt: skip
        self.writer.add("status_change", row, self.where(data))

    def position(self, data: dict[str, Any]) -> None:
        person = self.ref(data, "person", self.people, "person")
        title = self.text("position", data, "title", required=True)
        body = self.text("position", data, "body")
        unit = self.ref(data, "unit", self.units, "unit", required=False)
        started, ended = self.span(data, "started_on", "ended_on", "position")
        row = (self.writer.allocate("position"), person, title, body, unit, started, ended)
        self.writer.add("position", row, self.where(data))

    def commission(self, data: dict[str, Any]) -> None:
        ref = self.new_ref("commission", data, self.commissions, "commission")
        org = self.ref(data, "organisation", self.organisations, "organisation")
        name = self.text("commission", data, "name", required=True)
        level = self.choice(data, "level", _CHOICES[CommissionLevel], None)
        parent = self.ref(data, "parent", self.commissions, "commission", required=False)
        unit = self.ref(data, "unit", self.units, "unit", required=False)
        try:
            registry_services.check_commission_parent(
                level=level, parent_level=parent[1] if parent else None,
                parent_name=str(data.get("parent", "")),
            )  # fmt: skip
        except CommissionError as exc:
            raise _RowError(exc.field, exc.message) from None
        pk = self.writer.allocate("commission")
        row = (pk, ref, org, name, level, parent[0] if parent else None, unit, 1)
        self.writer.add("commission", row, self.where(data))
        self.commissions[ref] = (pk, level)

    def commissioner(self, data: dict[str, Any]) -> None:
        commission = self.ref(data, "commission", self.commissions, "commission")
        person = self.ref(data, "person", self.people, "person")
        role = self.choice(data, "role", _CHOICES[CommissionerRole], CommissionerRole.MEMBER)
        started, ended = self.span(data, "started_on", "ended_on", "seat")
        row = (self.writer.allocate("commissioner"), commission[0], person, role, started, ended)
        self.writer.add("commissioner", row, self.where(data))

    def plain_tie(self, source: str, target: str, kind: str, strength: str) -> bool:
        """A tie line as the export and the generator write it, read without the JSON parser
        (the pattern admits only lines that parse to exactly these values). False when the
        tie needs the full checks."""
        source_id, target_id = self.people.get(source), self.people.get(target)
        if source_id is None or target_id is None or source_id == target_id:
            return False
        if kind not in _RELATIONSHIP_KINDS:
            return False
        source_id, target_id = registry_services.canonical_pair(source_id, target_id, kind)
        writer = self.writer
        rid = writer.next_id["relationship"]
        writer.next_id["relationship"] = rid + 1
        row = (rid, source_id, target_id, kind, int(strength), None, None, "", "", self.now)
        where = {"source": source, "target": target, "kind": kind}
        writer.add("relationship", row, (self.label, self.line, where))
        return True

    def relationship(self, data: dict[str, Any]) -> None:
        # Nine rows in ten are ties, most with nothing but their ends, kind and strength:
        # those take this short path, anything else the full checks below.
        people = self.people
        source, target = data.get("source"), data.get("target")
        if (
            type(source) is str
            and type(target) is str
            and data.keys() <= _PLAIN_TIE
            and source != target
            and data.get("kind") in _RELATIONSHIP_KINDS
            and type(data.get("strength")) is int
            and data["strength"] in _STRENGTHS
        ):
            source_id, target_id = people.get(source), people.get(target)
            if source_id is not None and target_id is not None:
                kind = data["kind"]
                source_id, target_id = registry_services.canonical_pair(source_id, target_id, kind)
                writer = self.writer
                rid = writer.next_id["relationship"]
                writer.next_id["relationship"] = rid + 1
                row = (rid, source_id, target_id, kind, _STRENGTHS[data["strength"]], None, None,
                       "", "", self.now)  # fmt: skip
                writer.add("relationship", row, (self.label, self.line, data))
                return
        source = people.get(data.get("source"))  # type: ignore[arg-type]
        if source is None:
            source = self.ref(data, "source", people, "person")
        target = people.get(data.get("target"))  # type: ignore[arg-type]
        if target is None:
            target = self.ref(data, "target", people, "person")
        kind = data.get("kind")
        if kind not in _RELATIONSHIP_KINDS:
            kind = self.choice(data, "kind", _CHOICES[RelationshipKind], None)
        if source == target:
            raise _RowError("target", "a person cannot be tied to themselves.")
        strength = data.get("strength")
        if strength is None or strength == "":
            strength = 3
        elif isinstance(strength, bool) or strength not in _STRENGTHS:
            raise _RowError(
                "strength", f"{json.dumps(strength)} is not a strength from 1 (slight) to 5 "
                "(very close).",
            )  # fmt: skip
        else:
            strength = _STRENGTHS[strength]
        started, ended = self.span(data, "started_on", "ended_on", "relationship")
        period = data.get("period") or ""
        note = data.get("note") or ""
        if period or note:
            period = self.text("relationship", data, "period")
            note = self.text("relationship", data, "note")
        source, target = registry_services.canonical_pair(source, target, kind)
        row = (self.writer.allocate("relationship"), source, target, kind, strength, started,
               ended, period, note, self.now)  # fmt: skip
        self.writer.add("relationship", row, self.where(data))


_CSV_ONLY = ("name", "contact", "status_change")
_UNSEEN = object()
_JSON_FIELDS = {
    rtype: frozenset(("type", *COLUMNS[rtype], *NESTED.get(rtype, ()))) for rtype in RECORD_TYPES
}
_PLAIN_TIE_LINE = re.compile(
    r'\{"type": ?"relationship", ?"source": ?"([^"\\]+)", ?"target": ?"([^"\\]+)", '
    r'?"kind": ?"([a-z_]+)", ?"strength": ?([1-5])\}\r?\n?'
)
_PLAIN_TIE = frozenset(("type", "source", "target", "kind", "strength"))
_RELATIONSHIP_KINDS = frozenset(_CHOICES[RelationshipKind])
_STRENGTHS: dict[Any, int] = {**{n: n for n in range(1, 6)}, **{str(n): n for n in range(1, 6)}}


def _default_report_path(paths: list[Path]) -> Path:
    first = paths[0].resolve()
    return first.with_name(f"{first.stem}-rejected-rows.csv")


def import_registry(
    *,
    actor: Any,
    paths: list[Path],
    skip_bad_rows: bool = False,
    report_path: Path | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import registry files (JSON Lines files, CSV files, or folders of CSV files).

    All or nothing: one transaction, and the first bad row refuses the whole import, unless
    `skip_bad_rows`, when good rows are imported and each bad one is written with its reason to
    a CSV report (at `report_path`, or beside the first input). `progress` is called with the
    number of bytes read since its last call.

    Side effects: one audit event (counts per type, sha256 of each file) in the transaction.
    Errors: NotAllowed without registry.import_registry; InvalidInput naming file, line,
    column and reason.
    """
    require(actor, "registry.import_registry", "import registry files")
    if not paths:
        raise InvalidInput("Name at least one file or folder to import.")
    sources = _collect_sources([Path(p) for p in paths])
    report_file = None
    report_writer = None
    if skip_bad_rows:
        report_path = Path(report_path) if report_path else _default_report_path(paths)
        report_file = report_path.open("w", encoding="utf-8", newline="")
        report_writer = csv.writer(report_file)
        report_writer.writerow(["file", "line", "column", "reason", "row"])
    importer = _Importer(actor=actor, skip_bad_rows=skip_bad_rows, report=report_writer)
    try:
        with transaction.atomic():
            importer.writer.start(bulk=sum(s.size for s in sources) > _BULK_BYTES)
            importer.load_existing()
            importer.run(sources, progress)
            counts = {t: importer.writer.tables[t].written for t in RECORD_TYPES}
            files = [{"name": str(s.path), "sha256": s.sha256.hexdigest()} for s in sources]
            result = ImportResult(
                counts=counts,
                skipped=importer.skipped,
                report_path=report_path if skip_bad_rows else None,
                files=files,
            )
            record_event(
                actor=actor,
                action="registry.import",
                target_type="registry",
                summary=result.summary(),
                after={"counts": counts, "skipped": importer.skipped, "files": files},
            )
    finally:
        if report_file is not None:
            report_file.close()
    _vacuum_after_bulk(importer)
    return result


def _vacuum_after_bulk(importer: _Importer) -> None:
    """After a bulk load into PostgreSQL, mark the new rows visible to all in the tables'
    visibility maps, so index-only scans (the strongest ties of a person, say) need not visit
    the table for each row. VACUUM cannot run inside a transaction: skipped when the import is
    part of a larger one, where autovacuum does it later."""
    writer = importer.writer
    if writer.vendor != "postgresql" or connection.in_atomic_block:
        return
    bulk = [writer.tables[t].name for t in _REINDEXED if writer.tables[t].written >= _BATCH]
    with connection.cursor() as cursor:
        for table in bulk:
            cursor.execute(f'VACUUM (ANALYZE) "{table}"')


# ---------------------------------------------------------------------------------------------
# Export


def _iso(value: Any) -> str:
    return value.isoformat() if value else ""


def _parents_first(rows: list[Any]) -> list[Any]:
    """Order rows so a parent comes before its children, ids breaking ties."""
    by_id = {r["id"]: r for r in rows}
    placed: set[int] = set()
    ordered: list[dict[str, Any]] = []

    def place(row: dict[str, Any]) -> None:
        chain = []
        while row["id"] not in placed:
            chain.append(row)
            parent = by_id.get(row["parent_id"]) if row["parent_id"] else None
            if parent is None or parent["id"] in placed or parent in chain:
                break
            row = parent
        for item in reversed(chain):
            if item["id"] not in placed:
                placed.add(item["id"])
                ordered.append(item)

    for row in sorted(rows, key=lambda r: r["id"]):
        place(row)
    return ordered


def _merge(rows: Iterator[tuple[Any, ...]]) -> Iterator[tuple[Any, list[tuple[Any, ...]]]]:
    """Group rows ordered by their first value."""
    group: list[tuple[Any, ...]] = []
    current: Any = None
    for row in rows:
        if group and row[0] != current:
            yield current, group
            group = []
        current = row[0]
        group.append(row)
    if group:
        yield current, group


class _Grouped:
    """Children of ordered parents, read alongside the parents in one pass."""

    def __init__(self, rows: Iterator[tuple[Any, ...]]) -> None:
        self.groups = _merge(rows)
        self.pending = next(self.groups, None)

    def take(self, parent_id: int) -> list[tuple[Any, ...]]:
        while self.pending is not None and self.pending[0] < parent_id:
            self.pending = next(self.groups, None)
        if self.pending is not None and self.pending[0] == parent_id:
            found = self.pending[1]
            self.pending = next(self.groups, None)
            return found
        return []


def _records(personal: bool) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every record of the registry in import order, as format dictionaries."""
    chunk = 5000
    orgs = dict(Organisation.objects.values_list("id", "ref"))
    for _pk, ref, name, short in Organisation.objects.order_by("id").values_list(
        "id", "ref", "name", "short_name"
    ):
        yield "organisation", {"id": ref, "name": name, "short_name": short}
    units = list(Unit.objects.values("id", "ref", "organisation_id", "name", "kind", "parent_id"))
    unit_refs = {u["id"]: u["ref"] for u in units}
    for u in _parents_first(units):
        yield "unit", {
            "id": u["ref"], "organisation": orgs[u["organisation_id"]], "name": u["name"],
            "kind": u["kind"], "parent": unit_refs.get(u["parent_id"], ""),
        }  # fmt: skip
    people: dict[int, str] = {}
    names = _Grouped(
        PersonName.objects.order_by("person_id", "id")
        .values_list("person_id", "kind", "value")
        .iterator(chunk_size=chunk)
    )
    contacts = _Grouped(
        ContactDetail.objects.order_by("person_id", "id")
        .values_list("person_id", "kind", "value", "note")
        .iterator(chunk_size=chunk)
        if personal
        else iter(())
    )
    person_fields = (
        "id", "ref", "given_name", "patronymic", "surname", "known_as", "description", "gender",
        "born_on", "died_on", "deceased", "is_worker", "notes",
    )  # fmt: skip
    stand_in = Person()
    for values in Person.objects.order_by("id").values_list(*person_fields).iterator(chunk):
        row = dict(zip(person_fields, values, strict=True))
        pk = row.pop("id")
        people[pk] = row["ref"]
        stand_in.surname, stand_in.known_as = row["surname"], row["known_as"]
        stand_in.given_name, stand_in.patronymic = row["given_name"], row["patronymic"]
        derived = set(registry_services.derived_names(stand_in))
        record = {
            "id": row["ref"], **{k: row[k] for k in person_fields[2:9]},
            "born_on": _iso(row["born_on"]), "died_on": _iso(row["died_on"]),
            "deceased": row["deceased"], "is_worker": row["is_worker"], "notes": row["notes"],
            "names": [
                {"kind": k, "value": v} for _p, k, v in names.take(pk) if (k, v) not in derived
            ],
        }  # fmt: skip
        if personal:
            record["contacts"] = [
                {"kind": k, "value": v, "note": n} for _p, k, v, n in contacts.take(pk)
            ]
        yield "person", record
    history = _Grouped(
        MembershipStatusChange.objects.order_by("membership_id", "effective_on", "id")
        .values_list("membership_id", "from_status", "to_status", "effective_on", "reason")
        .iterator(chunk_size=chunk)
    )
    membership_fields = (
        "id", "person_id", "organisation_id", "unit_id", "joined_on", "card_number", "status",
        "status_since", "probation_until", "term_until",
    )  # fmt: skip
    for values in Membership.objects.order_by("id").values_list(*membership_fields).iterator(chunk):
        m = dict(zip(membership_fields, values, strict=True))
        yield "membership", {
            "person": people[m["person_id"]], "organisation": orgs[m["organisation_id"]],
            "unit": unit_refs.get(m["unit_id"], ""), "joined_on": _iso(m["joined_on"]),
            "card_number": m["card_number"], "status": m["status"],
            "status_since": _iso(m["status_since"]),
            "probation_until": _iso(m["probation_until"]), "term_until": _iso(m["term_until"]),
            "history": [
                {"from_status": f, "to_status": t, "effective_on": _iso(e), "reason": r}
                for _m, f, t, e, r in history.take(m["id"])
            ],
        }  # fmt: skip
    for person_id, title, body, unit_id, started, ended in (
        Position.objects.order_by("id")
        .values_list("person_id", "title", "body", "unit_id", "started_on", "ended_on")
        .iterator(chunk)
    ):
        yield "position", {
            "person": people[person_id], "title": title, "body": body,
            "unit": unit_refs.get(unit_id, ""), "started_on": _iso(started),
            "ended_on": _iso(ended),
        }  # fmt: skip
    commissions = list(
        Commission.objects.values(
            "id", "ref", "organisation_id", "name", "level", "parent_id", "unit_id"
        )
    )
    commission_refs = {c["id"]: c["ref"] for c in commissions}
    for c in _parents_first(commissions):
        yield "commission", {
            "id": c["ref"], "organisation": orgs[c["organisation_id"]], "name": c["name"],
            "level": c["level"], "parent": commission_refs.get(c["parent_id"], ""),
            "unit": unit_refs.get(c["unit_id"], ""),
        }  # fmt: skip
    for commission_id, person_id, role, started, ended in (
        Commissioner.objects.order_by("id")
        .values_list("commission_id", "person_id", "role", "started_on", "ended_on")
        .iterator(chunk)
    ):
        yield "commissioner", {
            "commission": commission_refs[commission_id], "person": people[person_id],
            "role": role, "started_on": _iso(started), "ended_on": _iso(ended),
        }  # fmt: skip
    for source, target, kind, strength, started, ended, period, note in (
        Relationship.objects.order_by("id")
        .values_list(
            "source_id", "target_id", "kind", "strength", "started_on", "ended_on", "period", "note"
        )
        .iterator(chunk_size=20_000)
    ):
        yield "relationship", {
            "source": people[source], "target": people[target], "kind": kind,
            "strength": strength, "started_on": _iso(started), "ended_on": _iso(ended),
            "period": period, "note": note,
        }  # fmt: skip


def compact_record(record: dict[str, Any]) -> dict[str, Any]:
    """Leave out empty optional values, so JSON lines stay short."""
    return {k: v for k, v in record.items() if v not in ("", None, False, [])}


class CsvFolderWriter:
    def __init__(self, folder: Path, personal: bool) -> None:
        self.folder = folder
        self.handles: dict[str, Any] = {}
        self.writers: dict[str, Any] = {}
        for rtype, filename in CSV_FILES.items():
            if rtype == "contact" and not personal:
                continue
            handle = (folder / filename).open("w", encoding="utf-8", newline="")
            self.handles[rtype] = handle
            self.writers[rtype] = csv.writer(handle)
            self.writers[rtype].writerow(COLUMNS[rtype])

    def write(self, rtype: str, record: dict[str, Any]) -> None:
        self.writers[rtype].writerow([_csv_value(record.get(c)) for c in COLUMNS[rtype]])
        if rtype == "person":
            for name in record.get("names", ()):
                self.write("name", {"person": record["id"], **name})
            for contact in record.get("contacts", ()):
                self.write("contact", {"person": record["id"], **contact})
        elif rtype == "membership":
            for step in record["history"]:
                owner = {"person": record["person"], "organisation": record["organisation"]}
                self.write("status_change", {**owner, **step})

    def close(self) -> None:
        for handle in self.handles.values():
            handle.close()


def _csv_value(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    return "" if value is None else str(value)


def export_registry(
    *,
    actor: Any,
    destination: Path,
    fmt: str = "jsonl",
    include_personal_data: bool = False,
    progress: Progress | None = None,
) -> ExportResult:
    """Write the whole registry to `destination`: one JSON Lines file, or a folder of CSV files.

    Contacts are written only with `include_personal_data` by an actor allowed to see personal
    data. The files appear only once complete. `progress` is called with the number of records
    written since its last call.

    Side effects: one audit event. Errors: NotAllowed; InvalidInput for an unknown format or a
    destination that is in the way.
    """
    require(actor, "registry.export_registry", "export the registry")
    if include_personal_data and not can(actor, "registry.view_personal_data"):
        raise InvalidInput(
            "You may not export contact details: your role does not allow you to see personal "
            "data. Export without --include-personal-data."
        )
    if fmt not in ("jsonl", "csv"):
        raise InvalidInput(f"{fmt!r} is not an export format; use jsonl or csv.")
    destination = Path(destination)
    if destination.exists() and not (
        fmt == "csv" and destination.is_dir() and not any(destination.iterdir())
    ):
        raise InvalidInput(f"{destination} already exists; name a new file or folder.")
    partial = destination.with_name(destination.name + ".partial")
    if partial.exists():
        shutil.rmtree(partial) if partial.is_dir() else partial.unlink()
    counts = dict.fromkeys(RECORD_TYPES, 0)
    try:
        outermost = not connection.in_atomic_block
        with transaction.atomic():
            if connection.vendor == "postgresql" and outermost:
                with connection.cursor() as cursor:
                    # One snapshot for the whole export, so the files agree with each other.
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            _write_export(partial, fmt, include_personal_data, counts, progress)
            result = ExportResult(
                counts=dict(counts),
                destination=destination,
                fmt=fmt,
                personal_data=include_personal_data,
            )
            record_event(
                actor=actor,
                action="registry.export",
                target_type="registry",
                summary=result.summary(),
                after={
                    "counts": counts,
                    "format": fmt,
                    "personal_data": include_personal_data,
                    "destination": str(destination),
                },
            )
            if destination.is_dir():
                destination.rmdir()
            partial.rename(destination)
    except BaseException:
        if partial.exists():
            shutil.rmtree(partial) if partial.is_dir() else partial.unlink()
        raise
    return result


def _write_export(
    partial: Path, fmt: str, personal: bool, counts: dict[str, int], progress: Progress | None
) -> None:
    unreported = 0
    if fmt == "jsonl":
        with partial.open("w", encoding="utf-8") as out:
            for rtype, record in _records(personal):
                out.write(json.dumps({"type": rtype, **compact_record(record)}, ensure_ascii=False))
                out.write("\n")
                counts[rtype] += 1
                counts["name"] += len(record.get("names", ()))
                counts["contact"] += len(record.get("contacts", ()))
                counts["status_change"] += len(record.get("history", ()))
                unreported += 1
                if progress is not None and unreported >= 10_000:
                    progress(unreported)
                    unreported = 0
    else:
        partial.mkdir()
        folder = CsvFolderWriter(partial, personal)
        try:
            for rtype, record in _records(personal):
                folder.write(rtype, record)
                counts[rtype] += 1
                counts["name"] += len(record.get("names", ()))
                counts["contact"] += len(record.get("contacts", ()))
                counts["status_change"] += len(record.get("history", ()))
                unreported += 1
                if progress is not None and unreported >= 10_000:
                    progress(unreported)
                    unreported = 0
        finally:
            folder.close()
    if progress is not None and unreported:
        progress(unreported)


__all__ = ["ExportResult", "ImportResult", "export_registry", "import_registry"]
