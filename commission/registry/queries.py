"""Reads of the member registry: person lookup by any name form, and the person page."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q

from commission.core.roles import can
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

# Words that appear in references to people but are not names.
_NOT_NAMES = frozenset(
    name_forms.fold(w)
    for w in (
        "comrade", "comrades", "tov", "citizen", "family", "the", "of", "and", "mr", "mrs",
        "miss", "dr", "her", "his", "brother", "sister", "father", "mother", "wife", "husband",
    )
)  # fmt: skip
# Enough rows to rank well; a name as common as "Ivanov" is narrowed by a second word.
_CANDIDATES = 200


@dataclass(frozen=True)
class PersonMatch:
    person: Person
    score: float
    how: str  # "exact", "near" or "prefix"


def _query_terms(query: str) -> tuple[list[str], list[str]]:
    words = name_forms.words(query)
    keys = [name_forms.fold(w) for w in words if len(w) > 1]
    keys = [k for k in keys if k and k not in _NOT_NAMES]
    return keys, name_forms.initials(query)


def _token_filter(key: str, how: str) -> Q:
    extra = PersonName.objects.filter(key=key) if how == "exact" else None
    if how == "exact":
        return (
            Q(surname_key=key)
            | Q(given_key__in=name_forms.given_name_keys(key))
            | Q(patronymic_key=key)
            | Q(pk__in=extra.values("person_id"))  # type: ignore[union-attr]
        )
    if how == "near":
        skel = name_forms.skeleton(key)
        return (
            Q(surname_skeleton=skel)
            | Q(given_key__in=name_forms.given_name_keys(key))
            | Q(patronymic_key=key)
            | Q(pk__in=PersonName.objects.filter(skeleton=skel).values("person_id"))
        )
    upper = key + "zzzz"
    return (
        Q(surname_key__gte=key, surname_key__lt=upper)
        | Q(given_key__gte=key, given_key__lt=upper)
        | Q(pk__in=PersonName.objects.filter(key__gte=key, key__lt=upper).values("person_id"))
    )


def _initials_filter(initials: list[str]) -> Q:
    """Initials are written given name first, then patronymic ("N. S." is Nadezhda
    Sergeyevna, not Sergei Nikolayevich); further letters are ignored."""
    condition = Q()
    for letter, name_part in zip(initials, ("given_key", "patronymic_key"), strict=False):
        # A glide initial ("Y.") abbreviates a name whose folded key starts with a vowel.
        starts = sorted(name_forms.VOWELS) if letter == "y" else [letter]
        either = Q()
        for start in starts:
            either |= Q(**{f"{name_part}__startswith": start})
        condition &= either
    return condition


def _similarity(query: str, forms: list[str]) -> tuple[float, float]:
    """How closely the best of `forms` matches the name words of `query`: first on the folded
    keys, then on the spelling as written, so that among people who all match "Alliluyeva"
    the women, whose surname is spelled that way, come before the men."""
    name_words = [
        w for w in name_forms.words(query) if len(w) > 1 and name_forms.fold(w) not in _NOT_NAMES
    ]
    wanted = " ".join(name_forms.fold(w) for w in name_words)
    wanted_raw = " ".join(name_forms.to_ascii(w) for w in name_words)
    best = (0.0, 0.0)
    for form in forms:
        if not form:
            continue
        folded = difflib.SequenceMatcher(None, wanted, name_forms.fold(form)).ratio()
        raw_form = " ".join(name_forms.to_ascii(w) for w in name_forms.words(form))
        raw = difflib.SequenceMatcher(None, wanted_raw, raw_form).ratio()
        best = max(best, (folded, raw))
    return best


def find_people(query: str, *, limit: int = 20) -> list[PersonMatch]:
    """People whose names match `query` in any form, best first.

    Every word of the query must match some part of the person's name: surname in either
    gender, given name or a diminutive of it, patronymic, pseudonym, maiden or married name,
    a part of a double surname or a recorded variant, in any common transliteration or in
    Cyrillic; single letters match initials. If nothing matches exactly, near spellings are
    tried, then prefixes (for a name being typed).
    """
    keys, initials = _query_terms(query)
    if not keys:
        return []
    for how in ("exact", "near", "prefix"):
        if how == "prefix" and min(len(k) for k in keys) < 3:
            break
        condition = _initials_filter(initials)
        for key in keys:
            condition &= _token_filter(key, how)
        candidates = list(
            Person.objects.filter(condition)
            .prefetch_related("names")
            .order_by("surname_key", "given_key", "id")[:_CANDIDATES]
        )
        if candidates:
            scored = []
            for person in candidates:
                forms = [person.full_name, person.surname, person.known_as]
                forms += [n.value for n in person.names.all()]
                forms += [f"{person.given_name} {person.patronymic}"]
                forms += [f"{person.given_name} {person.surname}"]
                score, spelling = _similarity(query, forms)
                scored.append((-score, -spelling, person.surname_key, person.pk, person))
            scored.sort(key=lambda row: row[:4])
            return [PersonMatch(row[4], -row[0], how) for row in scored[:limit]]
    return []


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
            label = kind.label
        else:
            label = INVERSE_LABELS.get(kind, f"{kind.label} (by)")
        ties.append(Tie(rel, other, str(label)))
    ties.sort(key=lambda t: (t.label, t.other.surname_key, t.other.pk))
    return ties


def person_detail(*, person_id: int, viewer: Any) -> PersonDetail:
    """Everything the person page shows. Contacts only for viewers allowed personal data."""
    person = Person.objects.get(pk=person_id)
    memberships = list(
        Membership.objects.filter(person=person)
        .select_related("organisation", "unit")
        .prefetch_related(
            Prefetch(
                "history",
                queryset=MembershipStatusChange.objects.select_related(
                    "decision", "decision__case"
                ).order_by("id"),
            )
        )
    )
    return PersonDetail(
        person=person,
        names=list(person.names.order_by("kind", "value")),
        surname_forms=name_forms.gendered_surnames(person.surname),
        memberships=memberships,
        positions=list(Position.objects.filter(person=person).select_related("unit")),
        ties=ties_of(person),
        contacts=list(person.contacts.order_by("kind", "id"))
        if can(viewer, "registry.view_personal_data")
        else None,
    )
