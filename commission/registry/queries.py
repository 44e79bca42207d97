"""Reads of the member registry: person lookup by any name form, and the person page."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q

from commission.audit.models import AuditEvent
from commission.core.actors import Viewer
from commission.core.audit_actions import AuditAction
from commission.registry import cyrillic
from commission.registry import names as name_forms
from commission.registry.enums import INVERSE_LABELS, SYMMETRIC_RELATIONSHIPS, RelationshipKind
from commission.registry.kin import KIN_TERMS, russian_kin
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

# Words that appear in references to people but are not names.
_NOT_NAMES = frozenset(
    name_forms.fold(w)
    for w in (
        "comrade", "comrades", "tov", "citizen", "family", "the", "of", "and", "mr", "mrs",
        "miss", "dr", "her", "his", "brother", "sister", "father", "mother", "wife", "husband",
    )
)  # fmt: skip
# Candidates taken per anchor: enough to rank well, few enough to rank quickly. A name as common
# as "Ivanov" is narrowed by a second word, not by taking more rows.
_CANDIDATES = 30


@dataclass(frozen=True)
class PersonMatch:
    person: Person
    score: float
    how: str  # "exact", "near", "prefix", or "kin" (found through a relative: see `via`)
    via: str = ""  # for "kin": how the person is related to the one named, "sister of …"


def _name_words(query: str) -> list[str]:
    """The words of a query that are names: not initials, not "comrade", "family" …"""
    return [
        w for w in name_forms.words(query) if len(w) > 1 and name_forms.fold(w) not in _NOT_NAMES
    ]


def _query_terms(query: str) -> tuple[list[str], list[str]]:
    keys = [k for k in (name_forms.fold(w) for w in _name_words(query)) if k]
    return keys, name_forms.initials(query)


def _surname_anchor(key: str, how: str) -> Q:
    if how == "exact":
        return Q(surname_key=key)
    if how == "near":
        return Q(surname_skeleton=name_forms.skeleton(key))
    return Q(surname_key__gte=key, surname_key__lt=key + "zzzz")


def _name_form_anchor(key: str, how: str) -> Q:
    if how == "exact":
        return Q(key=key)
    if how == "near":
        return Q(skeleton=name_forms.skeleton(key))
    return Q(key__gte=key, key__lt=key + "zzzz")


def _given_anchor(key: str, how: str) -> Q:
    if how == "prefix":
        return Q(given_key__gte=key, given_key__lt=key + "zzzz")
    return Q(given_key__in=name_forms.given_name_keys(key))


# Folded patronymics: "-ovich", "-evna", "Ilyich", "Ilyinichna".
_PATRONYMIC_KEY = re.compile(r"(?:vich|vn|vna|ich|ichn|ichna)$")


def _any_part(key: str, how: str) -> Q:
    """A query word matching some name part stored on the person row itself. A patronymic
    the registry does not hold for the person does not rule them out: letters give it more
    often than records do."""
    condition = _given_anchor(key, how) | Q(patronymic_key=key) | _surname_anchor(key, how)
    if how == "exact":
        # One part of a double surname ("Popova" of "Kasparova-Popova", keyed "kasparov popov"):
        # only ever tested on the few rows another word's index already found.
        condition |= Q(surname_key__startswith=f"{key} ") | Q(surname_key__endswith=f" {key}")
    if _PATRONYMIC_KEY.search(key):
        condition |= Q(patronymic_key="")
    return condition


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
    name_words = _name_words(query)
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


def _candidate_ids(keys: list[str], initials: list[str], how: str) -> list[int]:
    """People matching every query word, found from one word at a time used as the anchor
    (a surname, then a further name form, then a given name), each through its own index and
    with a small limit; the other words and the initials filter what the anchor finds."""
    initials_q = _initials_filter(initials)
    found: list[int] = []

    def take(ids: Any) -> None:
        for pk in ids:
            if pk not in found:
                found.append(pk)

    for i, key in enumerate(keys):
        rest = initials_q
        for j, other in enumerate(keys):
            if j != i:
                rest &= _any_part(other, how)
        take(
            Person.objects.filter(_surname_anchor(key, how) & rest)
            .order_by("surname_key", "given_key", "id")
            .values_list("id", flat=True)[:_CANDIDATES]
        )
        named = list(
            PersonName.objects.filter(_name_form_anchor(key, how)).values_list(
                "person_id", flat=True
            )[:_CANDIDATES]
        )
        if named:
            take(Person.objects.filter(Q(pk__in=named) & rest).values_list("id", flat=True))
    if len(found) < _CANDIDATES:
        for i, key in enumerate(keys):
            rest = initials_q
            for j, other in enumerate(keys):
                if j != i:
                    rest &= _any_part(other, how)
            take(
                Person.objects.filter(_given_anchor(key, how) & rest)
                .order_by("given_key", "patronymic_key", "id")
                .values_list("id", flat=True)[:_CANDIDATES]
            )
    return found


def _raw_words(text: str) -> list[str]:
    return [name_forms.to_ascii(w) for w in name_forms.words(text)]


def _rank_exact(
    query_words: list[str], keys: list[str], given_alts: list[set[str]], person: Person
) -> tuple[float, float]:
    """(score, tie-break) for a person every query word matched exactly. The score is highest
    when the words match name parts of the person's own row rather than other recorded forms
    (a maiden name); among equals, those whose names are spelled as the query writes them come
    first (the women for "Alliluyeva", the men for "Alliluyev"), then the closest surname."""
    row_keys = {person.patronymic_key, *person.surname_key.split()}
    on_row = sum(
        1
        for k, alts in zip(keys, given_alts, strict=True)
        if k in row_keys or person.given_key in alts
    ) / len(keys)
    raw_parts = set(_raw_words(f"{person.full_name} {person.known_as}"))
    for name in person.names.all():
        raw_parts.update(_raw_words(name.value))
    spelled = sum(1 for w in query_words if w in raw_parts) / len(query_words)
    written = " ".join(query_words)
    surname = " ".join(_raw_words(person.surname or person.known_as))
    closeness = difflib.SequenceMatcher(None, written, surname).ratio()
    return round(0.9 + 0.1 * on_row, 4), spelled + closeness / 10


def find_people(query: str, *, limit: int = 20, exact_only: bool = False) -> list[PersonMatch]:
    """People whose names match `query` in any form, best first (see `_find_people`); a record
    merged into another is not among them: the record it was merged into carries its name."""
    return [
        m
        for m in _find_people(query, limit=limit, exact_only=exact_only)
        if m.person.merged_into_id is None
    ]


def _find_people(query: str, *, limit: int = 20, exact_only: bool = False) -> list[PersonMatch]:
    """People whose names match `query` in any form, best first.

    Every word of the query must match some part of the person's name: surname in either
    gender, given name or a diminutive of it, patronymic, pseudonym, maiden or married name,
    a part of a double surname or a recorded variant, in any common transliteration or in
    Cyrillic, declined or not; single letters match initials. If nothing matches exactly,
    near spellings are tried, then prefixes (for a name being typed), unless `exact_only`.
    """
    hows: tuple[str, ...] = ("exact",) if exact_only else ("exact", "near", "prefix")
    kin_phrase = _kin_phrase(query)
    if kin_phrase is not None:
        return _relatives_named(*kin_phrase, limit=limit)
    if cyrillic.is_cyrillic(query):
        # A Russian name in any case ("Каспаровой-Поповой", "с её сестрой Верой") is looked up
        # by its nominative, which is how names are kept.
        readings = cyrillic.nominatives(query)
        query = readings[0]
        if not exact_only:
            # English writes "ё" as "yo" (Семён / Semyon, Фёдор / Fyodor), Russian print often
            # as "е": the English reading first. A form that may be either gender is tried in
            # both. The first reading that names someone exactly wins; else the likeliest one
            # is looked up by near spelling and prefix.
            tries = [r.replace("ё", "йо").replace("Ё", "Йо") for r in readings if "ё" in r.lower()]
            for alternative in [*tries, *readings]:
                # In Latin letters, so the look-up does not read the name again.
                latin = name_forms.to_ascii(alternative)
                found = _find_people(latin, limit=limit, exact_only=True)
                if found:
                    return found
            pseudonymous = _by_pseudonym_initial(readings[0], limit)
            if pseudonymous:
                return pseudonymous
            hows = ("near", "prefix")  # every reading was tried exactly
    keys, initials = _query_terms(query)
    if not keys:
        return []
    query_words = [name_forms.to_ascii(w) for w in _name_words(query)]
    given_alts = [set(name_forms.given_name_keys(k)) for k in keys]
    for how in hows:
        if how == "prefix" and min(len(k) for k in keys) < 3:
            break
        ids = _candidate_ids(keys, initials, how)
        if not ids:
            continue
        people = Person.objects.filter(pk__in=ids).prefetch_related("names")
        scored = []
        for person in people:
            if how == "exact":
                score, tie = _rank_exact(query_words, keys, given_alts, person)
            else:
                forms = [person.full_name, person.surname, person.known_as]
                forms += [n.value for n in person.names.all()]
                forms += [f"{person.given_name} {person.patronymic}"]
                forms += [f"{person.given_name} {person.surname}"]
                score, tie = _similarity(query, forms)
            scored.append((-score, -tie, person.surname_key, person.pk, person))
        scored.sort(key=lambda row: row[:4])
        return [PersonMatch(row[4], -row[0], how) for row in scored[:limit]]
    return []


# "Kasparov's sister", "the sister of Kasparov".
_POSSESSIVE_KIN = re.compile(r"^(?P<name>.+?)['’]s?\s+(?P<kin>[a-zé-]+)$", re.IGNORECASE)
_KIN_OF = re.compile(r"^(?:the\s+)?(?P<kin>[a-zé-]+)\s+of\s+(?P<name>.+)$", re.IGNORECASE)


def _kin_phrase(query: str) -> tuple[str, str] | None:
    """(kin term, the relative's name as a nominative) when the query names a person through a
    relative: "Kasparov's sister", "the wife of Popov", "сестра Каспарова" (the name in the
    genitive, as Russian says it)."""
    text = " ".join(query.split())
    found = _POSSESSIVE_KIN.match(text) or _KIN_OF.match(text)
    if found and found["kin"].lower() in KIN_TERMS:
        return found["kin"].lower(), found["name"]
    if cyrillic.is_cyrillic(text):
        # Only a kin word in the nominative: in "брата Вячеслава" (the brother, Vyacheslav) the
        # name stands beside the kin word in its case and names the brother himself.
        first, _, rest = text.partition(" ")
        word = first.strip(",").lower()
        term = russian_kin().get(word) if cyrillic.lemma(word) == word else None
        if term is not None and rest and term[0] in KIN_TERMS:
            return term[0], cyrillic.nominative(rest, case="gent")
    return None


def _relatives_named(term: str, name: str, *, limit: int) -> list[PersonMatch]:
    """The people the registry ties as `term` ("sister") to whoever `name` names, the closest
    reading of the name first. A kin term the ties do not record by kind (uncle, cousin) is
    looked for among the ties recorded as "relative of"."""
    group, gender = KIN_TERMS[term]
    found: list[PersonMatch] = []
    seen: set[int] = set()
    for anchor in find_people(name, limit=3):
        for relative in _kin_of(anchor.person, group):
            if relative.pk in seen or (
                gender != "unknown" and relative.gender not in (gender, "unknown")
            ):
                continue
            seen.add(relative.pk)
            via = f"{term} of {anchor.person.display_name}"
            found.append(PersonMatch(relative, anchor.score, "kin", via))
    if not found and gender != "unknown":
        # No tie recorded: the family's other members of the kin's gender, as near matches
        # ("Kasparov's sister" when nobody is recorded as his sibling: the Kasparovas).
        anchors = {m.person.pk for m in find_people(name, limit=1)}
        found = [
            PersonMatch(m.person, m.score, "near")
            for m in find_people(name, limit=limit + 1)
            if m.person.pk not in anchors and m.person.gender == gender
        ]
    return found[:limit]


def _kin_of(person: Person, group: str) -> list[Person]:
    """The people tied to `person` as `group` ("parent": her parents; "child": her children;
    "sibling", "spouse"; any other kin: the ties recorded as "relative of")."""
    if group == "parent":
        ties = Q(kind=RelationshipKind.PARENT, target=person)
        pick = "source"
    elif group == "child":
        ties = Q(kind=RelationshipKind.PARENT, source=person)
        pick = "target"
    else:
        kind = {
            "sibling": RelationshipKind.SIBLING, "spouse": RelationshipKind.SPOUSE,
            "widowed spouse": RelationshipKind.SPOUSE,
        }.get(group, RelationshipKind.RELATIVE)  # fmt: skip
        ties = Q(kind=kind) & (Q(source=person) | Q(target=person))
        pick = ""
    people = []
    for tie in Relationship.objects.filter(ties).select_related("source", "target"):
        if pick:
            people.append(getattr(tie, pick))
        else:
            people.append(tie.target if tie.source_id == person.pk else tie.source)
    return sorted(people, key=lambda p: (p.surname_key, p.pk))


def _by_pseudonym_initial(reading: str, limit: int) -> list[PersonMatch]:
    """ "Е. Ярославский": a pseudonym carries a given name of its own (Yemelyan, while the
    registry's given name is Minei), so an initial that does not fit the registry's given name
    may fit the first word of the name the person is known as."""
    initials = name_forms.initials(reading)
    bare = " ".join(w for w in name_forms.words(reading) if len(w) > 1)
    if not initials or not bare:
        return []
    found = find_people(name_forms.to_ascii(bare), limit=limit, exact_only=True)
    return [m for m in found if _known_as_fits(m.person.known_as, initials[0])]


def _known_as_fits(known_as: str, initial: str) -> bool:
    words = name_forms.words(known_as)
    key = name_forms.fold(words[0]) if len(words) >= 2 else ""
    if not key:
        return False
    return key[0] == initial or (initial == "y" and key[0] in name_forms.VOWELS)


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


def person_detail(*, person_id: int, viewer: Viewer) -> PersonDetail:
    """Everything the person page shows. Contacts only for viewers allowed this person's
    personal data (registry.personal)."""
    person = Person.objects.get(pk=person_id)
    memberships = list(
        Membership.objects.filter(person=person)
        .select_related("organisation", "unit")
        .prefetch_related(
            Prefetch(
                "history",
                queryset=MembershipStatusChange.objects.select_related(
                    "decision", "decision__case", "decision__case__subject"
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
        if may_see_personal_data(viewer, person)
        else None,
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
