"""The whole case record as JSON Lines, and its import into an empty installation.

The format is described in docs/record-format.md. Its first line is a header (the format's
name and version, when and by whom it was written); every other line is one row, as Django's
own serializer writes it ("jsonl"): the model, the primary key, the fields. Rows keep their
primary keys, so every link survives a round trip — a membership's status change to the
decision that made it, a relationship to the letter that is its evidence, a decision to the
documents that were on file — and so do the dates written by the system itself, and the audit
chain, whose hashes include the ids of the accounts that acted. Accounts are exported without
their passwords; their groups go by name.

Only someone who may read everything may take the record out: it holds personal data and
confidential cases. Exporting and importing are audited events."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any
from uuid import UUID

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commission.audit.services import record_event
from commission.core.actors import Actor, Viewer
from commission.core.audit_actions import AuditAction
from commission.core.errors import InvalidInput
from commission.core.roles import can, require
from commission.core.services import system_actor

FORMAT = "commission.record"
VERSION = 1
# The apps whose rows make the record, in the order of the layers, bottom up. The search
# index is left out: it is derived from the letters and rebuilt after an import.
RECORD_APPS = ("audit", "documents", "registry", "cases", "inquiries", "intake")
# Rows derived from the others and written again as they arrive: the log of changes to the
# ties and the name keys (the database's triggers write them for each row the import writes).
DERIVED = {"registry.tiechange", "registry.namekey"}
# What a full export needs beyond the right to export: every row of every case and person.
FULL_RIGHTS = {
    "registry.export_registry": "export the registry",
    "registry.view_personal_data": "read personal data",
    "cases.view_confidential_case": "read confidential cases",
    "documents.view_document": "read the documents",
}


def record_models() -> list[type[models.Model]]:
    """The accounts first (rows of every app name them), then each app's models."""
    found: list[type[models.Model]] = [get_user_model()]
    for label in RECORD_APPS:
        found += [
            m
            for m in apps.get_app_config(label).get_models()
            if not m._meta.proxy and m._meta.label_lower not in DERIVED
        ]
    return found


def require_full_record(user: Viewer) -> None:
    """Errors: NotAllowed, naming the first right the user lacks."""
    for permission, doing in FULL_RIGHTS.items():
        if not can(user, permission):
            require(user, permission, f"take the whole case record out ({doing} is needed)")


@dataclass
class Written:
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.rows.values())


class _Exact(json.JSONEncoder):
    """Moments to the microsecond (Django's JSON encoder keeps milliseconds, which would
    change the audit events' hashes), dates and times in ISO form."""

    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime | dt.date | dt.time):
            return o.isoformat()
        if isinstance(o, Decimal | UUID):
            return str(o)
        return super().default(o)


def _rows(model: type[models.Model]) -> Iterator[dict[str, Any]]:
    queryset = model._default_manager.order_by("pk")
    rows = serializers.serialize(
        "python", queryset.iterator(chunk_size=2000), use_natural_foreign_keys=True
    )
    for row in rows:
        if model is get_user_model():
            # Never a password hash: the new installation's accounts set their own.
            row["fields"].pop("password", None)
        yield row


def dumps(row: dict[str, Any]) -> str:
    return json.dumps(row, ensure_ascii=False, sort_keys=True, cls=_Exact)


def export_record(*, actor: Actor, out: IO[str]) -> Written:
    """Write the whole record to `out`. Side effect: an audit event saying how many rows of
    each kind left. Errors: NotAllowed."""
    require_full_record(actor)
    written = Written()
    with transaction.atomic():
        # One transaction, so the file is one consistent moment of the database. The event is
        # written first and so is the file's last audit row: the record shows who took it.
        record_event(
            actor=actor, action=AuditAction.RECORD_EXPORT, target_type="record", target_id="",
            summary="The whole case record was exported.",
        )  # fmt: skip
        header = {
            "format": FORMAT,
            "version": VERSION,
            "exported_at": timezone.now().isoformat(),
            "exported_by": actor.get_username(),
            "models": [m._meta.label_lower for m in record_models()],
        }
        out.write(json.dumps(header, ensure_ascii=False) + "\n")
        for model in record_models():
            count = 0
            for row in _rows(model):
                out.write(dumps(row) + "\n")
                count += 1
            written.rows[model._meta.label_lower] = count
    return written


def _header(first: str) -> dict[str, Any]:
    try:
        header = json.loads(first)
    except json.JSONDecodeError:
        header = None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise InvalidInput(
            _("Line 1 is not the header of a case record (a JSON object with format '%(FORMAT)s').")
            % {"FORMAT": FORMAT}
        )
    if header.get("version") != VERSION:
        raise InvalidInput(
            _("This record is of version %(get)r; this installation reads version %(VERSION)s.")
            % {"get": header.get("version"), "VERSION": VERSION}
        )
    return header


# Lists the migrations seed (the grounds of decisions): an empty installation holds them, and
# the record's own rows replace them, so the list is the exporting installation's.
SEEDED = ("cases.ground",)


def installation_is_empty() -> bool:
    return not any(
        m._default_manager.exists() for m in record_models() if m._meta.label_lower not in SEEDED
    )


def import_record(*, lines: Iterable[str], acting_as: str = "") -> Written:
    """Load a record into an empty installation, every row with its own key, in one
    transaction: either all of it arrives or nothing does. Side effects: the full-text index is
    rebuilt; an audit event saying what arrived is appended to the imported chain, in the name
    of `acting_as` (an imported account) or of the system.

    Errors: InvalidInput for a file that is not a record of this version, a line that is not a
    row (naming the line), or an installation that already holds records."""
    from commission.search.services import rebuild_index

    numbered = enumerate(lines, start=1)
    first = next(numbered, (1, ""))[1]
    _header(first)
    if not installation_is_empty():
        raise InvalidInput(
            _(
                "This installation already holds records; a case record is imported "
                "only into an empty one (run `commission migrate` on a new database)."
            )
        )
    arrived = Written()
    with transaction.atomic(), connection.constraint_checks_disabled():
        for label in SEEDED:
            # Nothing refers to them yet: the installation holds no decision.
            apps.get_model(label)._default_manager.all().delete()
        for number, line in numbered:
            if not line.strip():
                continue
            try:
                for found in serializers.deserialize("python", [json.loads(line)]):
                    instance = found.object
                    if isinstance(instance, get_user_model()):
                        instance.set_unusable_password()
                    # Inserted, never updated: audit events refuse any UPDATE.
                    found.save(force_insert=True)
                    label = instance._meta.label_lower
                    arrived.rows[label] = arrived.rows.get(label, 0) + 1
            except (DeserializationError, ValueError, TypeError, KeyError) as error:
                raise InvalidInput(
                    _("Line %(number)s is not a row of the record: %(error)s")
                    % {"number": number, "error": error}
                ) from None
        _check_constraints()
        _reset_sequences()
        actor = (
            get_user_model()._default_manager.filter(username=acting_as).first() or system_actor()
        )
        record_event(
            actor=actor, action=AuditAction.RECORD_IMPORT, target_type="record", target_id="",
            summary=f"A case record of {arrived.total:,} rows was imported.",
            after={"rows": arrived.rows},
        )  # fmt: skip
        rebuild_index()
    return arrived


def _check_constraints() -> None:
    try:
        connection.check_constraints()
    except Exception as error:  # the engines raise their own IntegrityError
        raise InvalidInput(
            _("The record refers to rows it does not hold: %(error)s") % {"error": error}
        ) from None


def _reset_sequences() -> None:
    """Rows came with their keys; the next row written here must not reuse one."""
    statements = connection.ops.sequence_reset_sql(no_style(), record_models())
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
