"""Two records of one person merged into one, and the merge undone; and the pairs of records
that look like one person, for a clerk to review.

Everything that points at a person — names, contact details, memberships, ties, mentions in
letters, and whatever the apps above the registry hold (cases, testimony, inquiries, votes) — is
found through the model's relations, so the registry need not know those apps. A row that the
kept record already has in the same form (a name, a tie, a mention) is removed as a duplicate;
a row that would contradict one (two memberships of one organisation, two votes on one decision)
stops the merge with a sentence saying what to settle first."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core import serializers
from django.db import IntegrityError, models, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from commission.audit.services import record_event
from commission.core.actors import Actor
from commission.core.audit_actions import AuditAction
from commission.core.errors import Conflict, InvalidInput
from commission.core.roles import require
from commission.registry import names as name_forms
from commission.registry.enums import Gender, NameKind
from commission.registry.models import (
    ContactDetail,
    Mention,
    Person,
    PersonMerge,
    PersonName,
    Position,
    Relationship,
)

CHANGE = "registry.change_registry"

# Rows that may simply be dropped when the kept person already has the same one.
_DUPLICATES_DROPPED = (PersonName, ContactDetail, Mention, Relationship, Position)
# Facts of the kept record filled from the merged one when empty.
_FILLED = ("patronymic", "known_as", "description", "born_on", "died_on")


def _pointers() -> list[Any]:
    """Every foreign key to Person in every installed app (through tables included), except
    the merge's own bookkeeping."""
    found: list[Any] = []
    for relation in Person._meta.get_fields(include_hidden=True):
        if not (relation.one_to_many or relation.one_to_one) or not relation.auto_created:
            continue
        field = relation.field  # type: ignore[union-attr]
        if field.model in (Person, PersonMerge):
            continue
        found.append(field)
    return found


def _locked(person_id: int) -> Person:
    return Person.objects.select_for_update().get(pk=person_id)


def merge_people(*, actor: Actor, keep: Person, merge: Person, reason: str) -> PersonMerge:
    """Merge the record `merge` into `keep`: move everything that points at it, drop what
    `keep` already has, add its name as a variant of `keep`'s, fill `keep`'s empty facts from
    it, and mark it as merged. Undone by `undo_merge`.

    Side effects: one audit event `person.merge` on the kept person.
    Errors: NotAllowed; InvalidInput (the same record, one already merged, no reason, or a row
    that contradicts one of `keep`'s: the sentence says which)."""
    require(actor, CHANGE, "change the member registry")
    if not reason.strip():
        raise InvalidInput(_("Say why the two records are one person."), field="reason")
    if keep.pk == merge.pk:
        raise InvalidInput(_("A record cannot be merged into itself."), field="merge")
    with transaction.atomic():
        kept, gone = _locked(keep.pk), _locked(merge.pk)
        for person in (kept, gone):
            if person.merged_into_id is not None:
                raise InvalidInput(
                    _("%(name)s [%(ref)s] was already merged into another record.")
                    % {"name": person.display_name, "ref": person.ref}
                )
        if kept.user_id and gone.user_id:
            raise InvalidInput(_("Both records have a login; take one of them off before merging."))
        moved: list[list[Any]] = []
        removed: list[Any] = []
        for field in _pointers():
            _move(field, gone, kept, moved, removed)
        filled = {f: _plain(getattr(kept, f)) for f in _FILLED if _empty(kept, f, gone)}
        for name in filled:
            setattr(kept, name, getattr(gone, name))
        if kept.gender == Gender.UNKNOWN and gone.gender != Gender.UNKNOWN:
            filled["gender"] = kept.gender
            kept.gender = gone.gender
        if gone.user_id and not kept.user_id:
            filled["user"] = None
            kept.user_id, gone.user_id = gone.user_id, None
        added = _add_variant(kept, gone)
        gone.merged_into = kept
        gone.version += 1
        gone.save(update_fields=["merged_into", "user", "version", "updated_at"])
        kept.version += 1
        kept.save()
        record = PersonMerge.objects.create(
            kept=kept, merged=gone, reason=reason.strip(), merged_by=actor if actor.pk else None,
            moved=moved, removed=removed, filled=filled, added_name=added,
        )  # fmt: skip
        counts: defaultdict[str, int] = defaultdict(int)
        for label, _pk, _field in moved:
            counts[label] += 1
        record_event(
            actor=actor,
            action=AuditAction.PERSON_MERGE,
            target=kept,
            summary=(
                f"Merged {gone.display_name} [{gone.ref}] into {kept.display_name} [{kept.ref}] "
                f"as one person: {len(moved)} record(s) moved, {len(removed)} duplicate(s) "
                f"removed. Reason: {reason.strip()}"
            )[:500],
            after={"merge": record.pk, "merged": gone.ref, "moved": dict(counts),
                   "removed": len(removed), "filled": sorted(filled)},
        )  # fmt: skip
    return record


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _empty(kept: Person, name: str, gone: Person) -> bool:
    return getattr(kept, name) in (None, "") and getattr(gone, name) not in (None, "")


def _add_variant(kept: Person, gone: Person) -> PersonName | None:
    """`gone`'s full name as a variant of `kept`'s, so that a search by it still finds her."""
    written = gone.display_name.strip()
    if not written or written == kept.display_name.strip():
        return None
    name, created = PersonName.objects.get_or_create(
        person=kept, kind=NameKind.VARIANT, value=written[:150]
    )
    return name if created else None


def _move(
    field: Any,
    gone: Person,
    kept: Person,
    moved: list[list[Any]],
    removed: list[Any],
) -> None:
    model = field.model
    label = model._meta.label_lower
    for row in model._default_manager.filter(**{field.attname: gone.pk}).order_by("pk"):
        if isinstance(row, Relationship) and {row.source_id, row.target_id} == {gone.pk, kept.pk}:
            # A tie between the two records is a tie of the person with herself.
            removed.extend(_serialised(row))
            row.delete()
            continue
        try:
            with transaction.atomic():
                model._default_manager.filter(pk=row.pk).update(**{field.attname: kept.pk})
        except IntegrityError:
            if not isinstance(row, _DUPLICATES_DROPPED):
                raise Conflict(
                    _(
                        "Both records have a %(what)s that cannot be joined (%(row)s); settle "
                        "it on one of them first."
                    )
                    % {"what": model._meta.verbose_name, "row": row}
                ) from None
            removed.extend(_serialised(row))
            row.delete()
            continue
        moved.append([label, row.pk, field.attname])


def _serialised(row: models.Model) -> list[Any]:
    return list(serializers.serialize("python", [row]))


def undo_merge(*, actor: Actor, merge: PersonMerge) -> PersonMerge:
    """Put back what `merge_people` changed: the rows moved go back to the merged record, the
    duplicates removed are restored, the name form added and the facts filled are taken back,
    and the merged record is itself again. Changes made to the kept record since stay.

    Side effects: one audit event `person.merge_undo`. Errors: NotAllowed; InvalidInput when
    it was undone already."""
    require(actor, CHANGE, "change the member registry")
    with transaction.atomic():
        record = PersonMerge.objects.select_for_update().get(pk=merge.pk)
        if record.undone_at is not None:
            raise InvalidInput(_("This merge was undone already."))
        kept, gone = _locked(record.kept_id), _locked(record.merged_id)
        for label, pk, attname in record.moved:
            apps.get_model(label)._default_manager.filter(pk=pk, **{attname: kept.pk}).update(
                **{attname: gone.pk}
            )
        for restored in serializers.deserialize("python", record.removed):
            restored.save()
        if record.added_name_id:
            PersonName.objects.filter(pk=record.added_name_id).delete()
        for name, before in record.filled.items():
            if name == "user":
                gone.user_id, kept.user_id = kept.user_id, None
            elif name in ("born_on", "died_on"):
                setattr(kept, name, dt.date.fromisoformat(before) if before else None)
            else:
                setattr(kept, name, before)
        gone.merged_into = None
        gone.version += 1
        kept.version += 1
        kept.save()
        gone.save()
        record.undone_at = timezone.now()
        record.undone_by = actor if actor.pk else None
        record.save(update_fields=["undone_at", "undone_by"])
        record_event(
            actor=actor,
            action=AuditAction.PERSON_MERGE_UNDO,
            target=kept,
            summary=(
                f"Undid the merge of {gone.display_name} [{gone.ref}] into "
                f"{kept.display_name} [{kept.ref}]: {len(record.moved)} record(s) moved back, "
                f"{len(record.removed)} restored."
            ),
            after={"merge": record.pk, "merged": gone.ref},
        )
    return record


@dataclass(frozen=True)
class LikelyPair:
    """Two records that may be one person, and why they look so."""

    first: Person
    second: Person
    why: str


def likely_duplicates(*, limit: int = 50) -> list[LikelyPair]:
    """Pairs of records with the same folded surname and given name (any transliteration or
    gender form), neither merged, whose birth years do not differ: the clerk decides."""
    keys = (
        Person.objects.filter(merged_into__isnull=True)
        .exclude(surname_key="")
        .exclude(given_key="")
        .values("surname_key", "given_key")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .order_by("surname_key", "given_key")[:limit]
    )
    pairs: list[LikelyPair] = []
    for key in keys:
        people = list(
            Person.objects.filter(
                merged_into__isnull=True,
                surname_key=key["surname_key"],
                given_key=key["given_key"],
            ).order_by("pk")[:6]
        )
        for i, first in enumerate(people):
            for second in people[i + 1 :]:
                if first.born_on and second.born_on and first.born_on.year != second.born_on.year:
                    continue
                if (
                    first.patronymic_key
                    and second.patronymic_key
                    and first.patronymic_key != second.patronymic_key
                ):
                    continue
                why = _("the same name in folded form (%(name)s)") % {
                    "name": name_forms.full_name(first.given_name, "", first.surname)
                }
                pairs.append(LikelyPair(first, second, why))
                if len(pairs) >= limit:
                    return pairs
    return pairs
