"""Export of the registry in the interchange format, and the writers of that format that the
generator shares: JSON lines without empty values, a folder of CSV files.
"""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils.translation import gettext as _

from commission.audit.services import record_event, trail_text
from commission.core.actors import Actor
from commission.core.audit_actions import AuditAction
from commission.core.errors import InvalidInput
from commission.core.files import open_private
from commission.core.roles import can, require
from commission.registry import services as registry_services
from commission.registry.interchange.format import (
    COLUMNS,
    CSV_FILES,
    RECORD_TYPES,
    Progress,
    counted,
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
from commission.registry.posts import posted_commissions


@dataclass
class ExportResult:
    counts: dict[str, int]
    destination: Path
    fmt: str
    personal_data: bool

    def summary(self) -> str:
        parts = counted(self.counts)
        if not parts:
            return _("Exported an empty registry to %(path)s.") % {"path": self.destination}
        return _("Exported %(records)s to %(path)s.") % {
            "records": parts,
            "path": self.destination,
        }


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
            handle = open_private(folder / filename, "w", encoding="utf-8", newline="")
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
    actor: Actor,
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
    if include_personal_data and posted_commissions(actor) is not None:
        raise InvalidInput(
            _(
                "A clerk posted to commissions may not export the whole registry's contact "
                "details: export without --include-personal-data, and read the contacts of the "
                "people of your cases on their pages."
            )
        )
    if fmt not in ("jsonl", "csv"):
        raise InvalidInput(
            _("%(format)r is not an export format; use jsonl or csv.") % {"format": fmt}
        )
    destination = Path(destination)
    if destination.exists() and not (
        fmt == "csv" and destination.is_dir() and not any(destination.iterdir())
    ):
        raise InvalidInput(
            _("%(path)s already exists; name a new file or folder.") % {"path": destination}
        )
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
                action=AuditAction.REGISTRY_EXPORT,
                target_type="registry",
                summary=trail_text(result.summary),
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
        with open_private(partial, "w", encoding="utf-8") as out:
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
