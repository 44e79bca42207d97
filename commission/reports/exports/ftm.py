"""The registry and the case files as FollowTheMoney entities, for investigators' tools (Aleph,
OpenAleph, the `followthemoney` toolkit): one JSON object a line, each built through the
toolkit's own model, so a property its schema does not know is refused while writing.

- Person for every person (names, pseudonyms and name forms; birth and death; addresses,
  telephones and e-mail only for readers allowed personal data); Organization for the
  organisation and PublicBody for each commission;
- Membership for each membership, with its status and the date it was joined;
- Family for ties of kin, Associate for every other tie, with the letter that is their
  evidence as `proof`;
- Document for each letter and document the reader may read, and Documentation tying it to
  each person it names, in the role they are named;
- Note for each case the reader may see, on its subject: kind, state, and every decision
  with its outcome, date and reasons.

Ids are the records' own references, hashed by the toolkit's `make_id` with a prefix, so two
exports of the same installation give the same ids."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import transaction
from followthemoney import model, registry
from followthemoney.proxy import EntityProxy

from commission.audit.services import record_event
from commission.cases.models import Case, Decision
from commission.cases.queries import visible_cases
from commission.core.actors import Actor
from commission.core.audit_actions import AuditAction
from commission.core.roles import can, require
from commission.documents.access import readable
from commission.documents.models import Document
from commission.registry.enums import RelationshipKind
from commission.registry.models import (
    Commission,
    ContactDetail,
    Membership,
    Mention,
    Organisation,
    Person,
    Relationship,
)
from commission.registry.personal import with_personal_data

KIN = {RelationshipKind.PARENT, RelationshipKind.SIBLING, RelationshipKind.SPOUSE,
       RelationshipKind.RELATIVE}  # fmt: skip
PERSONAL = "registry.view_personal_data"


def _entity(schema: str, *key: object) -> EntityProxy:
    entity = model.make_entity(schema)
    entity.make_id("commission", schema, *key)
    return entity


def _id(schema: str, *key: object) -> str:
    return str(_entity(schema, *key).id)


@dataclass
class Exported:
    entities: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.entities.values())


def entities(actor: Actor) -> Iterator[EntityProxy]:
    """Every entity the actor may see, in an order where each is written after those it
    points to."""
    personal = can(actor, PERSONAL)
    for org in Organisation.objects.order_by("pk"):
        e = _entity("Organization", "org", org.pk)
        e.add("name", org.name)
        yield e
    for commission in Commission.objects.select_related("organisation").order_by("pk"):
        e = _entity("PublicBody", "commission", commission.ref)
        e.add("name", commission.name)
        e.add("classification", commission.level)
        e.add("parent", _id("Organization", "org", commission.organisation_id))
        yield e
    contacts: dict[int, list[ContactDetail]] = {}
    if personal:
        # A clerk posted to commissions exports only the contacts of the people they concern.
        shown = with_personal_data(actor, Person.objects.all()).values("pk")
        for contact in ContactDetail.objects.filter(person_id__in=shown).order_by("pk"):
            contacts.setdefault(contact.person_id, []).append(contact)
    for person in Person.objects.prefetch_related("names").order_by("pk"):
        yield _person(person, contacts.get(person.pk, []))
    for membership in Membership.objects.select_related("person").order_by("pk"):
        e = _entity("Membership", "membership", membership.pk)
        e.add("member", _id("Person", "person", membership.person.ref))
        e.add("organization", _id("Organization", "org", membership.organisation_id))
        e.add("status", membership.get_status_display())
        e.add("startDate", membership.joined_on)
        yield e
    documents = readable(Document.objects.all(), actor).order_by("pk")
    readable_ids = set(documents.values_list("pk", flat=True))
    for document in documents:
        e = _entity("Document", "document", document.pk)
        e.add("title", document.title)
        e.add("date", document.written_on)
        e.add("bodyText", document.text)
        yield e
    for tie in Relationship.objects.select_related("source", "target").order_by("pk"):
        kin = tie.kind in KIN
        e = _entity("Family" if kin else "Associate", "tie", tie.pk)
        e.add("person", _id("Person", "person", tie.source.ref))
        e.add("relative" if kin else "associate", _id("Person", "person", tie.target.ref))
        e.add("relationship", tie.get_kind_display())
        e.add("startDate", tie.started_on)
        e.add("endDate", tie.ended_on)
        if tie.evidence_id in readable_ids:
            e.add("proof", _id("Document", "document", tie.evidence_id))
        yield e
    mentions = Mention.objects.filter(document_id__in=readable_ids).select_related("person")
    for mention in mentions.order_by("pk"):
        e = _entity("Documentation", "mention", mention.pk)
        e.add("document", _id("Document", "document", mention.document_id))
        e.add("entity", _id("Person", "person", mention.person.ref))
        e.add("role", mention.get_role_display())
        yield e
    cases = visible_cases(actor).select_related("subject", "commission").order_by("pk")
    decisions: dict[int, list[Decision]] = {}
    for decision in Decision.objects.filter(case__in=cases).order_by("pk"):
        decisions.setdefault(decision.case_id, []).append(decision)
    for case in cases:
        yield _case_note(case, decisions.get(case.pk, []))


def _person(person: Person, contacts: list[ContactDetail]) -> EntityProxy:
    e = _entity("Person", "person", person.ref)
    e.add("name", person.display_name)
    e.add("firstName", person.given_name)
    e.add("fatherName", person.patronymic)
    e.add("lastName", person.surname)
    e.add("alias", person.known_as)
    e.add("alias", [n.value for n in person.names.all()])
    e.add("birthDate", person.born_on)
    e.add("deathDate", person.died_on)
    e.add("description", person.description)
    for contact in contacts:
        if contact.kind == "address":
            e.add("address", contact.value)
        elif contact.kind == "email" and registry.email.validate(contact.value):
            e.add("email", contact.value)
        elif contact.kind == "phone" and registry.phone.validate(contact.value):
            e.add("phone", contact.value)
        else:
            # A number the toolkit cannot read as international (a 1921 exchange's "58–97")
            # would be dropped as a phone; it is kept, said in words, in the notes.
            e.add("notes", f"{contact.get_kind_display()}: {contact.value}")
    return e


def _case_note(case: Case, decisions: list[Decision]) -> EntityProxy:
    e = _entity("Note", "case", case.ref)
    e.add("entity", _id("Person", "person", case.subject.ref))
    e.add("name", f"{case.get_kind_display().capitalize()} case {case.ref}")
    lines = [
        f"{case.get_kind_display().capitalize()} before {case.commission.name}, "
        f"opened {case.opened_on or 'on an unknown date'}; {case.get_state_display()}."
    ]
    for decision in decisions:
        lines.append(
            f"Decision ({decision.decided_on or 'date unknown'}): "
            f"{decision.get_outcome_display()}. {decision.reasons}"
        )
    e.add("description", "\n".join(lines))
    return e


def export_ftm(*, actor: Actor, out: IO[str]) -> Exported:
    """Write the entities the actor may see to `out`, one JSON object a line. Side effect: an
    audit event saying how many of each schema left, and whether personal data and
    confidential cases were among them. Errors: NotAllowed without the right to export."""
    require(actor, "registry.export_registry", "export the registry")
    exported = Exported()
    with transaction.atomic():
        for entity in entities(actor):
            out.write(json.dumps(entity.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
            name = entity.schema.name
            exported.entities[name] = exported.entities.get(name, 0) + 1
        record_event(
            actor=actor, action=AuditAction.REGISTRY_EXPORT, target_type="ftm", target_id="",
            summary=f"{exported.total:,} FollowTheMoney entities were exported.",
            after=_what(actor, exported),
        )  # fmt: skip
    return exported


def _what(actor: Actor, exported: Exported) -> dict[str, Any]:
    return {
        "entities": exported.entities,
        "personal_data": can(actor, PERSONAL),
        "confidential_cases": can(actor, "cases.view_confidential_case"),
    }
