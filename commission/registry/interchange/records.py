"""Validation: one method per record type, shared by both engines. Each turns a row of the
format into table rows with explicit ids, resolving its references to rows read earlier in the
import or already in the registry, and hands them to the bulk writer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from commission.core.errors import CommissionError
from commission.registry import services as registry_services
from commission.registry.enums import (
    CommissionerRole,
    CommissionLevel,
    ContactKind,
    Gender,
    MembershipStatus,
    NameKind,
    RelationshipKind,
    StatusChangeBasis,
    UnitKind,
)
from commission.registry.interchange.bulk import _TABLES, _max_lengths, _Writer
from commission.registry.interchange.format import (
    _CHOICES,
    _PLAIN_TIE,
    _RELATIONSHIP_KINDS,
    _STRENGTHS,
    _FieldReader,
    _RowError,
    shown,
)
from commission.registry.models import Commission, Membership, Organisation, Person, Unit

_UNSEEN = object()


class _RecordReader(_FieldReader):
    """The rows of one import: what each record type becomes, and the references it may make."""

    def __init__(self, *, writer: _Writer, actor_id: int | None) -> None:
        super().__init__({rtype: _max_lengths(model) for rtype, model, _c, _m in _TABLES})
        self.actor_id = actor_id
        self.label = ""
        self.line = 0
        self.writer = writer
        now = timezone.now()
        stored = connection.ops.adapt_datetimefield_value(now)
        # As text: PostgreSQL's COPY takes it as it is, where a datetime is converted again for
        # each of millions of rows.
        self.now = stored if isinstance(stored, str) else now.isoformat()
        self.organisations: dict[str, int] = {}
        self.units: dict[str, int] = {}
        self.people: dict[str, int] = {}
        self.commissions: dict[str, tuple[int, str]] = {}
        # {organisation id: {person id: membership id}}: ints only, to stay small.
        self.memberships: dict[int, dict[int, int]] = {}
        # The memberships this import creates: only they take steps of history from it.
        self.new_memberships: set[int] = set()
        # Derived name forms of people whose names imply some, so that a names.csv row
        # repeating one is merged rather than refused.
        self.derived: dict[int, set[tuple[str, str]]] = {}
        self.csv_history = False
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

    def name_keys(self, value: str) -> tuple[str, str]:
        cached = self.name_cache.get(value)
        if cached is None:
            cached = self.name_cache[value] = registry_services.name_form_keys(value)
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
            raise _RowError("notes", _("the notes must be text."))
        fields["deceased"] = fields["deceased"] or fields["died_on"] is not None
        self.person_rule(fields)
        extra = self.nested_names(data.get("names"))
        contacts = self.nested_contacts(data.get("contacts"))
        given_key, _skeleton = self.person_keys("given_name", fields["given_name"])
        patronymic_key, _skeleton = self.person_keys("patronymic", fields["patronymic"])
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
            derived = registry_services.derived_name_forms(
                f["given_name"], f["patronymic"], f["surname"], f["known_as"]
            )
            if derived:
                self.derived[pk] = set(derived)
        if derived or extra:
            for kind, value in sorted({*derived, *extra}):
                key, skel = self.name_keys(value)
                row = (self.writer.allocate("name"), pk, kind, value, key, skel)
                self.writer.add("name", row, self.where({"person": ref, "value": value}))
        for kind, value, note in contacts:
            contact = (self.writer.allocate("contact"), pk, kind, value, note, self.now)
            self.writer.add("contact", contact, self.where({"person": ref, "value": value}))

    def nested_names(self, value: Any) -> list[tuple[str, str]]:
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise _RowError("names", _("the names must be a list of {kind, value} objects."))
        pairs = []
        for item in value:
            kind = self.choice(item, "kind", _CHOICES[NameKind], None)
            pairs.append((kind, self.text("name", item, "value", required=True)))
        return pairs

    def nested_contacts(self, value: Any) -> list[tuple[str, str, str]]:
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise _RowError(
                "contacts", _("the contacts must be a list of {kind, value, note} objects.")
            )
        found = []
        seen = set()
        for item in value:
            kind = self.choice(item, "kind", _CHOICES[ContactKind], None)
            text = self.text("contact", item, "value", required=True)
            if (kind, text) in seen:
                raise _RowError(
                    "contacts", _("the contact %(value)r is listed twice.") % {"value": text}
                )
            seen.add((kind, text))
            found.append((kind, text, self.text("contact", item, "note")))
        return found

    def name(self, data: dict[str, Any]) -> None:
        pk = self.ref(data, "person", self.people, "person")
        kind = self.choice(data, "kind", _CHOICES[NameKind], None)
        value = self.text("name", data, "value", required=True)
        if (kind, value) in self.derived.get(pk, ()):
            return  # already stored with the person it follows from
        key, skel = self.name_keys(value)
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
                "organisation",
                _(
                    "%(person)s already has a membership of %(organisation)s, earlier in this "
                    "import or in the registry."
                )
                % {"person": data["person"], "organisation": data["organisation"]},
            )
        history = data.get("history")
        steps: list[tuple[str, str, str | None, str]] = []
        if history is not None:
            if not isinstance(history, list) or not all(isinstance(h, dict) for h in history):
                raise _RowError(
                    "history",
                    _(
                        "the history must be a list of {from_status, to_status, effective_on, "
                        "reason} objects."
                    ),
                )
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
        self.new_memberships.add(pk)
        for from_status, to_status, effective, reason in steps:
            row = (self.writer.allocate("status_change"), pk, from_status, to_status, effective,
                   reason, StatusChangeBasis.IMPORTED.value, self.copied_from(), self.now,
                   self.actor_id)  # fmt: skip
            self.writer.add("status_change", row, self.where(data))

    def copied_from(self) -> str:
        """What an imported step of a history names as its basis: the register it came from."""
        return f"imported from {self.label}, line {self.line}"[:300]

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
                "organisation",
                _(
                    "%(person)s has no membership of %(organisation)s to add this step to, "
                    "neither earlier in this import nor in the registry."
                )
                % {"person": data["person"], "organisation": data["organisation"]},
            )
        if membership not in self.new_memberships:
            # A step added to a membership the registry already kept would change its status
            # with no decision behind it; only a history copied with its membership is taken.
            raise _RowError(
                "organisation",
                _(
                    "%(person)s's membership of %(organisation)s was in the registry before "
                    "this import: its status changes only by the decision that makes the "
                    "change (`commission case decide`), not by an imported step."
                )
                % {"person": data["person"], "organisation": data["organisation"]},
            )
        from_status, to_status, effective, reason = self.step(data)
        row = (self.writer.allocate("status_change"), membership, from_status, to_status,
               effective, reason, StatusChangeBasis.IMPORTED.value, self.copied_from(), self.now,
               self.actor_id)  # fmt: skip
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

    def plain_tie(self, source: str, target: str, kind: str, strength: int) -> bool:
        """A tie line as the export and the generator write it, read without the JSON parser
        (`format.plain_tie` admits only lines that parse to exactly these values). False when
        the tie needs the full checks."""
        source_id, target_id = self.people.get(source), self.people.get(target)
        if source_id is None or target_id is None or source_id == target_id:
            return False
        if kind not in _RELATIONSHIP_KINDS:
            return False
        source_id, target_id = registry_services.canonical_pair(source_id, target_id, kind)
        writer = self.writer
        rid = writer.next_id["relationship"]
        writer.next_id["relationship"] = rid + 1
        row = (rid, source_id, target_id, kind, strength, None, None, "", "", self.now)
        # The tie's fields as a tuple (cheaper than a dict, by the million); the writer makes
        # the dict when it names a refused tie.
        writer.add("relationship", row, (self.label, self.line, (source, target, kind)))
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
            raise _RowError("target", _("a person cannot be tied to themselves."))
        strength = data.get("strength")
        if strength is None or strength == "":
            strength = 3
        elif isinstance(strength, bool) or strength not in _STRENGTHS:
            raise _RowError(
                "strength",
                _("%(value)s is not a strength from 1 (slight) to 5 (very close).")
                % {"value": shown(strength)},
            )
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
