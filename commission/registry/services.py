"""Writes to the member registry. Each function owns its transaction, checks the actor's
permission, and records an audit event inside that transaction."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.dispatch import Signal
from django.utils.translation import gettext as _

from commission.audit import sealing
from commission.audit.sealing import owner_of, seal
from commission.audit.services import in_trail_language, record_event
from commission.core.actors import Actor
from commission.core.audit_actions import AuditAction
from commission.core.errors import Conflict, InvalidInput
from commission.core.roles import require
from commission.documents.models import Document
from commission.registry import names as name_forms
from commission.registry.enums import (
    JOINING_STATUSES,
    SYMMETRIC_RELATIONSHIPS,
    CommissionerRole,
    CommissionLevel,
    ContactKind,
    Gender,
    Language,
    MembershipStatus,
    NameKind,
    RelationshipKind,
    StatusChangeBasis,
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

CHANGE = "registry.change_registry"
_PERSON_FIELDS = (
    "given_name", "patronymic", "surname", "known_as", "description", "gender",
    "born_on", "died_on", "deceased", "notes", "is_worker", "language",
)  # fmt: skip


def new_ref(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def person_snapshot(person: Person) -> dict[str, Any]:
    return {f: getattr(person, f) for f in ("ref", *_PERSON_FIELDS, "version")}


def fill_name_keys(person: Person) -> None:
    """Write the folded lookup keys from the name fields (also used by the bulk importer)."""
    person.given_key = name_forms.fold(person.given_name)
    person.patronymic_key = name_forms.fold(person.patronymic)
    person.surname_key = name_forms.fold(person.surname)
    person.surname_skeleton = name_forms.skeleton(person.surname)


def derived_names(person: Person) -> list[tuple[str, str]]:
    """Name forms that follow from the name fields: the parts of a double surname and the
    pseudonym the person is known by. Stored so that lookup finds them by index."""
    return derived_name_forms(person.given_name, person.patronymic, person.surname, person.known_as)


def derived_name_forms(
    given_name: str, patronymic: str, surname: str, known_as: str
) -> list[tuple[str, str]]:
    """`derived_names` of the name fields themselves (the bulk importer has no person)."""
    derived: list[tuple[str, str]] = []
    if "-" in surname:
        derived += [(NameKind.SURNAME_PART, part) for part in surname.split("-") if part]
    if known_as and known_as != " ".join(p for p in (given_name, patronymic, surname) if p):
        derived.append((NameKind.PSEUDONYM, known_as))
    return derived


def name_form_keys(value: str) -> tuple[str, str]:
    """The lookup key and the consonant skeleton stored with a name form."""
    return name_forms.fold(value), name_forms.skeleton(value)


def name_row(person: Person, kind: str, value: str) -> PersonName:
    key, skeleton = name_form_keys(value)
    return PersonName(person=person, kind=kind, value=value, key=key, skeleton=skeleton)


def validate_person_fields(fields: dict[str, Any]) -> None:
    if not any(fields.get(f) for f in ("given_name", "patronymic", "surname", "known_as")) and not (
        fields.get("description")
    ):
        raise InvalidInput(
            _('A person needs at least one name, or a description such as "Alliluyeva\'s father".'),
            field="surname",
        )
    gender = fields.get("gender", Gender.UNKNOWN)
    if gender not in Gender.values:
        raise InvalidInput(
            _("Gender must be one of %(values)s, not '%(gender)s'.")
            % {"values": ", ".join(Gender.values), "gender": gender},
            field="gender",
        )
    language = fields.get("language") or ""
    if language and language not in Language.values:
        raise InvalidInput(
            f"The language must be one of {', '.join(Language.values)} (or empty for the "
            f"installation's default), not {language!r}.",
            field="language",
        )
    born, died = fields.get("born_on"), fields.get("died_on")
    if born and died and died < born:
        raise InvalidInput(_("The date of death is before the date of birth."), field="died_on")


def _check_names(extra_names: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    checked = []
    for kind, value in extra_names:
        if kind not in NameKind.values:
            raise InvalidInput(
                _("'%(kind)s' is not a kind of name form.") % {"kind": kind}, field="names"
            )
        value = value.strip()
        if not value:
            raise InvalidInput(_("A name form cannot be empty."), field="names")
        checked.append((kind, value))
    return checked


def create_person(
    *,
    actor: Actor,
    ref: str | None = None,
    given_name: str = "",
    patronymic: str = "",
    surname: str = "",
    known_as: str = "",
    description: str = "",
    gender: str = Gender.UNKNOWN,
    born_on: dt.date | None = None,
    died_on: dt.date | None = None,
    deceased: bool = False,
    notes: str = "",
    is_worker: bool = False,
    language: str = "",
    names: Iterable[tuple[str, str]] = (),
) -> Person:
    """Add a person to the registry with any further name forms.

    Errors: NotAllowed without registry.change_registry; InvalidInput for a nameless person, an
    unknown gender or name kind, or a `ref` already in use.
    """
    require(actor, CHANGE, "change the member registry")
    fields = {
        "given_name": given_name.strip(), "patronymic": patronymic.strip(),
        "surname": surname.strip(), "known_as": known_as.strip(),
        "description": description.strip(), "gender": gender, "born_on": born_on,
        "died_on": died_on, "deceased": deceased or died_on is not None, "notes": notes,
        "is_worker": is_worker, "language": language,
    }  # fmt: skip
    validate_person_fields(fields)
    extra = _check_names(names)
    person = Person(ref=ref or new_ref("P"), **fields)
    fill_name_keys(person)
    try:
        with transaction.atomic():
            person.save()
            rows = {(k, v) for k, v in [*derived_names(person), *extra]}
            PersonName.objects.bulk_create([name_row(person, k, v) for k, v in sorted(rows)])
            record_event(
                actor=actor,
                action=AuditAction.PERSON_CREATE,
                target=person,
                summary=f"Added {person.display_name} to the registry.",
                after={**person_snapshot(person), "names": sorted(rows)},
            )
    except IntegrityError:
        raise InvalidInput(
            _("The identifier '%(person)s' is already in use.") % {"person": person.ref},
            field="ref",
        ) from None
    return person


def update_person(
    *, actor: Actor, person: Person, expected_version: int, changes: dict[str, Any]
) -> Person:
    """Change a person's fields, refusing if somebody else saved the person since
    `expected_version` was read (no silent overwrite).

    Errors: NotAllowed; InvalidInput for unknown fields or a nameless result; Conflict.
    """
    require(actor, CHANGE, "change the member registry")
    unknown = set(changes) - set(_PERSON_FIELDS)
    if unknown:
        raise InvalidInput(
            _("These fields cannot be changed here: %(sorted)s.")
            % {"sorted": ", ".join(sorted(unknown))}
        )
    with transaction.atomic():
        current = Person.objects.select_for_update().get(pk=person.pk)
        if current.version != expected_version:
            raise Conflict(
                _(
                    "%(current)s was changed by someone else while you were editing (your "
                    "copy is out of date). Reload the page to see their change, then edit "
                    "again."
                )
                % {"current": current.display_name}
            )
        before = person_snapshot(current)
        for name, value in changes.items():
            setattr(current, name, value.strip() if isinstance(value, str) else value)
        if current.died_on:
            current.deceased = True
        validate_person_fields({f: getattr(current, f) for f in _PERSON_FIELDS})
        fill_name_keys(current)
        current.version = F("version") + 1
        current.save()
        current.refresh_from_db()
        old_derived = {
            (k, v) for k, v in derived_names(Person(**{f: before[f] for f in _PERSON_FIELDS}))
        }
        new_derived = set(derived_names(current))
        for kind, value in old_derived - new_derived:
            PersonName.objects.filter(person=current, kind=kind, value=value).delete()
        for kind, value in new_derived - old_derived:
            PersonName.objects.get_or_create(
                person=current, kind=kind, value=value,
                defaults={"key": name_forms.fold(value), "skeleton": name_forms.skeleton(value)},
            )  # fmt: skip
        record_event(
            actor=actor,
            action=AuditAction.PERSON_UPDATE,
            target=current,
            summary=f"Changed {current.display_name}: {', '.join(sorted(changes))}.",
            before=before,
            after=person_snapshot(current),
        )
    return current


def add_person_name(*, actor: Actor, person: Person, kind: str, value: str) -> PersonName:
    """Record a further form of a person's name. Errors: NotAllowed; InvalidInput."""
    require(actor, CHANGE, "change the member registry")
    ((kind, value),) = _check_names([(kind, value)])
    with transaction.atomic():
        row, created = PersonName.objects.get_or_create(
            person=person, kind=kind, value=value,
            defaults={"key": name_forms.fold(value), "skeleton": name_forms.skeleton(value)},
        )  # fmt: skip
        if created:
            record_event(
                actor=actor,
                action=AuditAction.PERSON_ADD_NAME,
                target=person,
                summary=f"Added the name form {value!r} ({row.get_kind_display()}).",
                after={"kind": kind, "value": value},
            )
    return row


def add_contact(
    *,
    actor: Actor,
    person: Person,
    kind: str,
    value: str,
    note: str = "",
    source_document: Document | None = None,
) -> ContactDetail:
    """Record an address, telephone or other contact. The audit event keeps the value sealed
    under the person's key (commission.audit.sealing), so the audit log does not spread it and
    an erasure can make it unreadable. Errors: NotAllowed; InvalidInput."""
    require(actor, CHANGE, "change the member registry")
    require(actor, "registry.view_personal_data", "record personal data")
    if kind not in ContactKind.values:
        raise InvalidInput(
            _("'%(kind)s' is not a kind of contact detail.") % {"kind": kind}, field="kind"
        )
    if not value.strip():
        raise InvalidInput(_("The contact detail is empty."), field="value")
    with transaction.atomic():
        contact, created = ContactDetail.objects.get_or_create(
            person=person,
            kind=kind,
            value=value.strip(),
            defaults={"note": note, "source_document": source_document},
        )
        if created:
            record_event(
                actor=actor,
                action=AuditAction.PERSON_ADD_CONTACT,
                target=person,
                summary=(
                    f"Recorded a contact detail ({contact.get_kind_display()}) for "
                    f"{person.display_name}."
                ),
                after={
                    "kind": kind,
                    "contact_id": contact.pk,
                    **seal(owner_of(person), {"value": contact.value, "note": note}),
                },
            )
    return contact


def record_personal_data_read(
    *, actor: Actor, person: Person, where: str, kinds: Iterable[str]
) -> None:
    """Put on record that `actor` was shown `person`'s personal data (the contact details of
    `kinds`) `where` ("on the person page", "in the API", "in letter 12 …"). The event names the
    kinds, never the values, so the audit log does not spread what it guards. Nothing is recorded
    when the person reads their own record: the log answers "who else has read this?".

    Side effect: one audit event `person.personal_data_read` on the person."""
    reader = getattr(actor, "person", None)
    if getattr(reader, "pk", None) == person.pk:
        return
    # Named in the audit trail's one language, whoever's page showed them.
    with in_trail_language():
        shown = sorted(
            {str(ContactKind(kind).label) for kind in kinds if kind in ContactKind.values}
        )
    if not shown:
        return
    with transaction.atomic():
        record_event(
            actor=actor,
            action=AuditAction.PERSONAL_DATA_READ,
            target=person,
            summary=(
                f"{actor.get_username()} was shown the personal data of {person.ref} "
                f"({', '.join(shown)}) {where}."
            ),
            after={"where": where, "kinds": shown},
        )


def record_contacts_shown(
    *, actor: Actor, person: Person, contacts: Iterable[ContactDetail] | None, where: str
) -> None:
    """`record_personal_data_read` for the contact details a page, answer or command showed
    (None or none: nothing personal was shown, nothing is recorded)."""
    kinds = [contact.kind for contact in contacts or ()]
    if kinds:
        record_personal_data_read(actor=actor, person=person, where=where, kinds=kinds)


def _ref_in_use(ref: str) -> InvalidInput:
    return InvalidInput(
        _("The identifier '%(ref)s' is already in use.") % {"ref": ref}, field="ref"
    )


def create_organisation(*, actor: Actor, ref: str, name: str, short_name: str = "") -> Organisation:
    """Errors: NotAllowed; InvalidInput for a `ref` already in use."""
    require(actor, CHANGE, "change the member registry")
    try:
        with transaction.atomic():
            org = Organisation.objects.create(ref=ref, name=name, short_name=short_name)
            record_event(
                actor=actor, action=AuditAction.ORGANISATION_CREATE, target=org,
                summary=f"Added {name}.",
                after={"ref": ref, "name": name},
            )  # fmt: skip
    except IntegrityError:
        raise _ref_in_use(ref) from None
    return org


def create_unit(
    *,
    actor: Actor,
    organisation: Organisation,
    ref: str,
    name: str,
    kind: str = UnitKind.OTHER,
    parent: Unit | None = None,
) -> Unit:
    """Errors: NotAllowed; InvalidInput for an unknown kind, a parent unit of another
    organisation or a `ref` already in use."""
    require(actor, CHANGE, "change the member registry")
    if kind not in UnitKind.values:
        raise InvalidInput(_("'%(kind)s' is not a kind of unit.") % {"kind": kind}, field="kind")
    if parent is not None and parent.organisation_id != organisation.pk:
        raise InvalidInput(
            _("%(parent)s belongs to another organisation, so it cannot contain this unit.")
            % {"parent": parent.name},
            field="parent",
        )
    try:
        with transaction.atomic():
            unit = Unit.objects.create(
                organisation=organisation, ref=ref, name=name, kind=kind, parent=parent
            )
            record_event(
                actor=actor, action=AuditAction.UNIT_CREATE, target=unit,
                summary=f"Added the unit {name}.",
                after={"ref": ref, "name": name, "kind": kind,
                       "parent": parent.ref if parent else None},
            )  # fmt: skip
    except IntegrityError:
        raise _ref_in_use(ref) from None
    return unit


_LEVELS = [CommissionLevel.DISTRICT, CommissionLevel.GUBERNIA, CommissionLevel.CENTRAL]


def check_commission_parent(*, level: str, parent_level: str | None, parent_name: str) -> None:
    """Appeals go one way, up: every commission below the central one names the commission
    above it. Errors: InvalidInput naming the parent field."""
    if level != CommissionLevel.CENTRAL and parent_level is None:
        raise InvalidInput(
            _("A %(level)s commission needs the commission above it, where its appeals go.")
            % {"level": level},
            field="parent",
        )
    if parent_level is not None and _LEVELS.index(CommissionLevel(parent_level)) <= _LEVELS.index(
        CommissionLevel(level)
    ):
        raise InvalidInput(
            _(
                "Appeals from a %(level)s commission go up, but %(parent_name)s is a "
                "%(parent_level)s commission."
            )
            % {"level": level, "parent_name": parent_name, "parent_level": parent_level},
            field="parent",
        )


def create_commission(
    *,
    actor: Actor,
    organisation: Organisation,
    ref: str,
    name: str,
    level: str,
    parent: Commission | None = None,
    unit: Unit | None = None,
) -> Commission:
    """Errors: NotAllowed; InvalidInput when a district or gubernia commission has no commission
    above it, sits below one of its own or a lower level, or below another organisation's
    commission, or when `ref` is already in use."""
    require(actor, CHANGE, "change the member registry")
    if level not in CommissionLevel.values:
        raise InvalidInput(
            _("'%(level)s' is not a commission level.") % {"level": level}, field="level"
        )
    check_commission_parent(
        level=level,
        parent_level=parent.level if parent else None,
        parent_name=parent.name if parent else "",
    )
    if parent is not None and parent.organisation_id != organisation.pk:
        raise InvalidInput(
            _("%(parent)s belongs to another organisation, so appeals cannot go to it.")
            % {"parent": parent.name},
            field="parent",
        )
    try:
        with transaction.atomic():
            commission = Commission.objects.create(
                organisation=organisation, ref=ref, name=name, level=level, parent=parent,
                unit=unit,
            )  # fmt: skip
            record_event(
                actor=actor, action=AuditAction.COMMISSION_CREATE, target=commission,
                summary=f"Added {name}.",
                after={"ref": ref, "level": level, "parent": parent.ref if parent else None},
            )  # fmt: skip
    except IntegrityError:
        raise _ref_in_use(ref) from None
    return commission


def appoint_commissioner(
    *,
    actor: Actor,
    commission: Commission,
    person: Person,
    role: str = CommissionerRole.MEMBER,
    started_on: dt.date | None = None,
) -> Commissioner:
    require(actor, CHANGE, "change the member registry")
    if role not in CommissionerRole.values:
        raise InvalidInput(
            _("'%(role)s' is not a commissioner's role.") % {"role": role}, field="role"
        )
    with transaction.atomic():
        seat, created = Commissioner.objects.get_or_create(
            commission=commission, person=person, role=role, defaults={"started_on": started_on}
        )
        if created:
            record_event(
                actor=actor,
                action=AuditAction.COMMISSION_APPOINT,
                target=commission,
                summary=f"Appointed {person.display_name} to {commission.name} as {role}.",
                after={"person": person.ref, "role": role},
            )
    return seat


def status_dates_ok(
    status: str, probation_until: dt.date | None, term_until: dt.date | None
) -> None:
    if status not in MembershipStatus.values:
        raise InvalidInput(
            _("'%(status)s' is not a membership status.") % {"status": status}, field="status"
        )
    if status == MembershipStatus.PROBATION and probation_until is None:
        raise InvalidInput(
            _("A candidate on probation needs the date the probation ends."),
            field="probation_until",
        )
    if status == MembershipStatus.EXPELLED_FOR_TERM and term_until is None:
        raise InvalidInput(
            _("An expulsion for a term needs the date the term ends."), field="term_until"
        )


def enrol_member(
    *,
    actor: Actor,
    person: Person,
    organisation: Organisation,
    unit: Unit | None = None,
    joined_on: dt.date | None = None,
    status: str = MembershipStatus.MEMBER,
    probation_until: dt.date | None = None,
    term_until: dt.date | None = None,
    reason: str = "",
    card_number: str = "",
    document: str,
) -> Membership:
    """Start a membership and the first line of its history, which rests on `document`, the
    document that records the joining (a questionnaire, a party card, a cell's minutes).

    A membership starts as a candidate or a member; any other status is made by a decision
    (cases.services.record_decision) or copied with a register's history (`commission import`).

    Errors: NotAllowed; InvalidInput for a second membership in the same organisation, a
    status a membership cannot start in, or no document named.
    """
    require(actor, CHANGE, "change the member registry")
    status_dates_ok(status, probation_until, term_until)
    if status not in JOINING_STATUSES:
        raise InvalidInput(
            _(
                "A membership starts as a candidate or a member, not as "
                "%(MembershipStatus)s: that status is made by the decision that made "
                "it, or comes with a register's history through an import."
            )
            % {"MembershipStatus": MembershipStatus(status).label},
            field="status",
        )
    if not document.strip():
        raise InvalidInput(
            _(
                "Name the document that records the joining (a questionnaire, a party "
                "card, the minutes of the cell that admitted them)."
            ),
            field="document",
        )
    if unit is not None and unit.organisation_id != organisation.pk:
        raise InvalidInput(
            _("%(unit)s is not a unit of %(organisation)s.")
            % {"unit": unit.name, "organisation": organisation},
            field="unit",
        )
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                person=person, organisation=organisation, unit=unit, joined_on=joined_on,
                status=status, status_since=joined_on, probation_until=probation_until,
                term_until=term_until, card_number=card_number,
            )  # fmt: skip
            MembershipStatusChange.objects.create(
                membership=membership, from_status="", to_status=status, effective_on=joined_on,
                reason=reason or "joined", basis=StatusChangeBasis.DOCUMENT,
                document=document.strip(), recorded_by=actor if actor.pk else None,
            )  # fmt: skip
            record_event(
                actor=actor,
                action=AuditAction.MEMBERSHIP_CREATE,
                target=membership,
                summary=f"Enrolled {person.display_name} in {organisation} as {status}.",
                after={
                    "person": person.ref,
                    "status": status,
                    "joined_on": joined_on,
                    "document": document.strip(),
                },
            )
    except IntegrityError:
        raise InvalidInput(
            _("%(person)s already has a membership of %(organisation)s.")
            % {"person": person.display_name, "organisation": organisation},
            field="organisation",
        ) from None
    return membership


def change_membership_status(
    *,
    actor: Actor,
    membership: Membership,
    to_status: str,
    effective_on: dt.date | None,
    reason: str,
    decision: Any = None,
    document: str = "",
    probation_until: dt.date | None = None,
    term_until: dt.date | None = None,
    expected_version: int | None = None,
) -> MembershipStatusChange:
    """Move a membership to a new status and add the step to its history.

    The step rests on `decision` (a cases.Decision on this person), the decision that made it;
    only a death may rest instead on `document`, the document that records it. Called inside a
    decision's own transaction, the status change commits or rolls back with the decision.

    Errors: NotAllowed; InvalidInput for no reason, no decision (or, for a death, no document),
    a decision on someone else, or a missing end date; Conflict when the membership changed since
    `expected_version`.
    """
    require(actor, CHANGE, "change the member registry")
    status_dates_ok(to_status, probation_until, term_until)
    if not reason.strip():
        raise InvalidInput(_("Say why the membership status changes."), field="reason")
    basis = _status_change_basis(membership, to_status, decision, document)
    with transaction.atomic():
        current = Membership.objects.select_for_update().get(pk=membership.pk)
        if expected_version is not None and current.version != expected_version:
            raise Conflict(
                _(
                    "This membership was changed by someone else in the meantime; reload "
                    "and try again."
                )
            )
        before = {"status": current.status, "status_since": current.status_since}
        step = MembershipStatusChange.objects.create(
            membership=current, from_status=current.status, to_status=to_status,
            effective_on=effective_on, reason=reason.strip(), decision=decision,
            basis=basis, document=document.strip(), recorded_by=actor if actor.pk else None,
        )  # fmt: skip
        current.status = to_status
        current.status_since = effective_on
        current.probation_until = probation_until
        current.term_until = term_until
        current.version = F("version") + 1
        current.save()
        current.refresh_from_db()
        record_event(
            actor=actor,
            action=AuditAction.MEMBERSHIP_STATUS,
            target=current,
            summary=f"Membership status {before['status']} → {to_status}: {reason.strip()}",
            before=before,
            after={
                "status": to_status,
                "status_since": effective_on,
                "decision": decision.pk if decision is not None else None,
                **({"document": document.strip()} if basis == StatusChangeBasis.DOCUMENT else {}),
            },
        )
    membership.refresh_from_db()
    return step


def _status_change_basis(
    membership: Membership, to_status: str, decision: Any, document: str
) -> StatusChangeBasis:
    """What a change of status rests on, or the sentence that refuses it.

    The decision is a cases.Decision, known here by its fields only (the registry sits below the
    cases); its case must be about this membership's person."""
    person = membership.person
    if decision is not None:
        subject_id = decision.case.subject_id
        if subject_id != person.pk:
            raise InvalidInput(
                _("Decision %(decision)s was taken on the case of %(subject)s, not on %(person)s.")
                % {
                    "decision": decision.pk,
                    "subject": decision.case.subject.display_name,
                    "person": person.display_name,
                },
                field="decision",
            )
        return StatusChangeBasis.DECISION
    if to_status == MembershipStatus.DECEASED:
        if not document.strip():
            raise InvalidInput(
                _(
                    "Name the document that records the death of %(person)s (a death "
                    "notice, a letter reporting it)."
                )
                % {"person": person.display_name},
                field="document",
            )
        return StatusChangeBasis.DOCUMENT
    label = MembershipStatus(to_status).label
    raise InvalidInput(
        _(
            "%(person)s's membership cannot become “%(label)s” without the "
            "decision that made the change: record the commission's decision on "
            "the case (which changes the status), or name it here. Only a death is "
            "recorded on a document alone."
        )
        % {"person": person.display_name, "label": label},
        field="decision",
    )


def add_position(
    *,
    actor: Actor,
    person: Person,
    title: str,
    body: str = "",
    unit: Unit | None = None,
    started_on: dt.date | None = None,
    ended_on: dt.date | None = None,
) -> Position:
    require(actor, CHANGE, "change the member registry")
    if not title.strip():
        raise InvalidInput(_("A position needs a title."), field="title")
    if started_on and ended_on and ended_on < started_on:
        raise InvalidInput(_("The position ends before it starts."), field="ended_on")
    with transaction.atomic():
        position = Position.objects.create(
            person=person, title=title.strip(), body=body.strip(), unit=unit,
            started_on=started_on, ended_on=ended_on,
        )  # fmt: skip
        record_event(
            actor=actor, action=AuditAction.PERSON_ADD_POSITION, target=person,
            summary=f"{person.display_name}: {position}.",
            after={"title": position.title, "body": position.body},
        )  # fmt: skip
    return position


def canonical_pair(source_id: int, target_id: int, kind: str) -> tuple[int, int]:
    """Symmetric ties are stored lower id first, so A–B and B–A are the same row."""
    if kind in SYMMETRIC_RELATIONSHIPS and source_id > target_id:
        return target_id, source_id
    return source_id, target_id


def record_relationship(
    *,
    actor: Actor,
    source: Person,
    target: Person,
    kind: str,
    strength: int = 3,
    started_on: dt.date | None = None,
    ended_on: dt.date | None = None,
    period: str = "",
    note: str = "",
    evidence: Any = None,
) -> Relationship:
    """Record a tie "<source> is <kind> <target>"; recording it again returns the existing tie
    (adding the evidence if it had none).

    Errors: NotAllowed; InvalidInput for a tie to oneself, an unknown kind, a strength outside
    1–5 or a period that ends before it starts.
    """
    require(actor, CHANGE, "change the member registry")
    if kind not in RelationshipKind.values:
        raise InvalidInput(
            _("'%(kind)s' is not a kind of relationship.") % {"kind": kind}, field="kind"
        )
    if source.pk == target.pk:
        raise InvalidInput(_("A person cannot be tied to themselves."), field="target")
    if not 1 <= strength <= 5:
        raise InvalidInput(_("Strength goes from 1 (slight) to 5 (very close)."), field="strength")
    if started_on and ended_on and ended_on < started_on:
        raise InvalidInput(_("The relationship ends before it starts."), field="ended_on")
    source_id, target_id = canonical_pair(source.pk, target.pk, kind)
    with transaction.atomic():
        tie, created = Relationship.objects.select_for_update().get_or_create(
            source_id=source_id, target_id=target_id, kind=kind,
            defaults={
                "strength": strength, "started_on": started_on, "ended_on": ended_on,
                "period": period, "note": note, "evidence": evidence,
            },
        )  # fmt: skip
        if created:
            record_event(
                actor=actor,
                action=AuditAction.RELATIONSHIP_CREATE,
                target=tie,
                summary=(
                    f"{source.display_name} — {tie.get_kind_display()} — {target.display_name}."
                ),
                after={
                    "source": source.ref, "target": target.ref, "kind": kind,
                    "strength": strength, "period": period,
                    "evidence": evidence.pk if evidence is not None else None,
                },
            )  # fmt: skip
        elif evidence is not None and tie.evidence_id is None:
            tie.evidence = evidence
            tie.save(update_fields=["evidence"])
            record_event(
                actor=actor, action=AuditAction.RELATIONSHIP_EVIDENCE, target=tie,
                summary=f"Added evidence to the tie {tie}.", after={"evidence": evidence.pk},
            )  # fmt: skip
    return tie


ERASE = "registry.erase_personal_data"

# Sent inside the erasure's transaction, before the keys are deleted, with `person` and her
# `contacts` (not yet deleted). The apps above the registry that copied a contact detail (a
# proposal read from a letter, a mail's sender line) connect to it, blank their copies, and
# return an ErasedCopies: the owners of the sealing keys to delete and what was blanked.
erasing = Signal()


@dataclass(frozen=True)
class ErasedCopies:
    owners: list[str]
    said: str  # "2 proposal(s)", in the erasure's audit summary


@dataclass(frozen=True)
class Erasure:
    """What an erasure removed."""

    contacts: int
    keys: int
    copies: list[str]


def erase_personal_data(*, actor: Actor, person: Person, reason: str) -> Erasure:
    """Honour a lawful request to erase `person`'s personal data: delete her contact details,
    let the apps that copied them blank their copies (`erasing`), and delete the keys that
    sealed them in audit events (commission.audit.sealing), so that no one can read them again
    while every event, and the chain, stays as written. The letters themselves are the
    commission's records and are not altered (docs/operations.md).

    Side effects: one audit event `person.erase_personal_data` naming the kinds and counts,
    never the values. Errors: NotAllowed; InvalidInput when the request is not said."""
    require(actor, ERASE, "erase personal data")
    if not reason.strip():
        raise InvalidInput(_("Say on what request the personal data is erased."), field="reason")
    with transaction.atomic():
        contacts = list(ContactDetail.objects.select_for_update().filter(person=person))
        owners = [owner_of(person)]
        copies: list[str] = []
        for _receiver, answer in erasing.send(sender=Person, person=person, contacts=contacts):
            if isinstance(answer, ErasedCopies):
                owners += answer.owners
                if answer.said:
                    copies.append(answer.said)
        keys = sealing.erase(owners)
        kinds = sorted(
            {str(ContactKind(c.kind).label) for c in contacts if c.kind in ContactKind.values}
        )
        ContactDetail.objects.filter(pk__in=[c.pk for c in contacts]).delete()
        what = ", ".join(
            [f"{len(contacts)} contact detail(s)" + (f" ({', '.join(kinds)})" if kinds else ""),
             f"{keys} sealed record(s) of the audit trail", *copies]
        )  # fmt: skip
        record_event(
            actor=actor,
            action=AuditAction.PERSON_ERASE_PERSONAL_DATA,
            target=person,
            summary=f"Erased the personal data of {person.ref}: {what}. Request: {reason.strip()}",
            after={"contacts": len(contacts), "kinds": kinds, "keys": keys, "copies": copies},
        )
    return Erasure(contacts=len(contacts), keys=keys, copies=copies)
