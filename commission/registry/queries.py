"""Reads of the member registry: the person page, its ties and who read their personal data.
Person lookup by name is `registry.lookup`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q

from commission.audit.models import AuditEvent
from commission.core.actors import Viewer
from commission.core.audit_actions import AuditAction
from commission.registry import names as name_forms
from commission.registry.enums import INVERSE_LABELS, SYMMETRIC_RELATIONSHIPS, RelationshipKind
from commission.registry.models import (
    ContactDetail,
    Membership,
    MembershipStatusChange,
    Person,
    PersonName,
    Position,
    Relationship,
)
from commission.registry.personal import may_see_personal_data


@dataclass(frozen=True)
class Tie:
    relationship: Relationship
    other: Person
    label: str  # how the tie reads from the person's side: "sibling of", "sheltered by" …


@dataclass
class PersonDetail:
    person: Person
    names: list[PersonName]
    surname_forms: tuple[str, str]
    memberships: list[Membership]
    positions: list[Position]
    ties: list[Tie]
    contacts: list[ContactDetail] | None  # None: the viewer may not see personal data
    extra: dict[str, Any] = field(default_factory=dict)


def ties_of(person: Person) -> list[Tie]:
    rows = Relationship.objects.filter(Q(source=person) | Q(target=person)).select_related(
        "source", "target", "evidence"
    )
    ties = []
    for rel in rows:
        outgoing = rel.source_id == person.pk
        other = rel.target if outgoing else rel.source
        kind = RelationshipKind(rel.kind)
        if outgoing or kind in SYMMETRIC_RELATIONSHIPS:
            label = str(kind.label)
        else:
            label = str(INVERSE_LABELS.get(kind, f"{kind.label} (by)"))
        ties.append(Tie(rel, other, str(label)))
    ties.sort(key=lambda t: (t.label, t.other.surname_key, t.other.pk))
    return ties


def person_detail(
    *, person_id: int, viewer: Viewer, person: Person | None = None, own: bool = False
) -> PersonDetail:
    """Everything the person page shows. Contacts only for viewers allowed this person's
    personal data (registry.personal), and always on `own` record (the viewer's own, whatever
    her role may see of others). `person`, when the caller has read it already, is not read
    again."""
    if person is None or person.pk != person_id:
        person = Person.objects.get(pk=person_id)
    memberships = list(
        Membership.objects.filter(person=person)
        .select_related("organisation", "unit")
        .prefetch_related(
            Prefetch(
                "history",
                queryset=MembershipStatusChange.objects.select_related(
                    "decision", "decision__case", "decision__case__subject", "recorded_by"
                ).order_by("id"),
            )
        )
    )
    for membership in memberships:  # whose they are is known: not read again for each
        membership.person = person
    shown = own or may_see_personal_data(viewer, person)
    return PersonDetail(
        person=person,
        names=list(person.names.order_by("kind", "value")),
        surname_forms=name_forms.gendered_surnames(person.surname),
        memberships=memberships,
        positions=list(Position.objects.filter(person=person).select_related("unit")),
        ties=ties_of(person),
        contacts=list(person.contacts.order_by("kind", "id")) if shown else None,
    )


@dataclass(frozen=True)
class PersonalDataRead:
    """One time someone was shown a person's personal data, as the audit trail recorded it."""

    seq: int
    occurred_at: dt.datetime
    reader: str
    where: str
    kinds: list[str]


def personal_data_reads(person_id: int, *, limit: int = 200) -> list[PersonalDataRead]:
    """Who was shown this person's personal data, and when and where, newest first: what the
    member sees on her own record."""
    events = AuditEvent.objects.filter(
        action=AuditAction.PERSONAL_DATA_READ,
        target_type="registry.person",
        target_id=str(person_id),
    ).order_by("-seq")[:limit]
    return [
        PersonalDataRead(
            seq=e.seq,
            occurred_at=e.occurred_at,
            reader=e.actor_name,
            where=str((e.after or {}).get("where", "")),
            kinds=list((e.after or {}).get("kinds", [])),
        )
        for e in events
    ]
