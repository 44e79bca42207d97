"""Person lookup by any form of a name: as written, misspelt, half typed, declined in Russian, or
through a relative ("Kasparov's sister").

A lookup asks the database one statement per pass (exact, near, prefix) for the people every
word of the query may name, and one for their further name forms; each word in turn anchors an
indexed, limited read, and the other words are checked inside the covering indexes. Near misses
are found in memory among the keys the registry holds (`registry.namekeys`) and then looked up
as exact keys. Candidates are ranked in Python, by plain comparisons and rapidfuzz's similarity.
"""

# The SQL here is assembled from this module's constants and placeholders; values are always
# parameters.
# ruff: noqa: S608

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Q
from django.utils.translation import get_language, pgettext_lazy
from rapidfuzz import fuzz

from commission.core.dbrouting import reading_connection
from commission.registry import cyrillic, namekeys
from commission.registry import names as name_forms
from commission.registry.enums import RelationshipKind
from commission.registry.kin import KIN_TERMS, russian_kin
from commission.registry.models import Person, PersonName, Relationship

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
# People read at most for one pass: enough for the longest list shown (`find_people`'s limit).
_ENOUGH = 2 * _CANDIDATES
# Folded patronymics: "-ovich", "-evna", "Ilyich", "Ilyinichna".
_PATRONYMIC_KEY = re.compile(r"(?:vich|vn|vna|ich|ichn|ichna)$")

_PERSON_FIELDS = list(Person._meta.concrete_fields)
_NAME_FIELDS = list(PersonName._meta.concrete_fields)
_PERSON_COLUMNS = ", ".join(str(f.column) for f in _PERSON_FIELDS)
_NAME_COLUMNS = ", ".join(str(f.column) for f in _NAME_FIELDS)
_PERSON_ATTNAMES = [f.attname for f in _PERSON_FIELDS]
_NAME_ATTNAMES = [f.attname for f in _NAME_FIELDS]


# How a match was found, as the people page says it.
HOW_SHOWN = {
    "exact": pgettext_lazy("name match", "exact"),
    "near": pgettext_lazy("name match", "near spelling"),
    "prefix": pgettext_lazy("name match", "start of a name"),
    "kin": pgettext_lazy("name match", "through a relative"),
}


@dataclass(frozen=True)
class PersonMatch:
    person: Person
    score: float
    how: str  # "exact", "near", "prefix", or "kin" (found through a relative: see `via`)
    via: str = ""  # for "kin": how the person is related to the one named, "sister of …"

    @property
    def how_shown(self) -> str:
        return str(HOW_SHOWN.get(self.how, self.how))


def _name_words(query: str) -> list[str]:
    """The words of a query that are names: not initials, not "comrade", "family" …"""
    cut = name_forms.shortened(query)
    return [
        w
        for w in name_forms.words(query)
        if len(w) > 1 and w not in cut and name_forms.fold(w) not in _NOT_NAMES
    ]


# -- One statement per pass ----------------------------------------------------------------

Condition = tuple[str, list[Any]]
_NEVER: Condition = ("1 = 0", [])


def _equal_to_any(column: str, values: Sequence[str]) -> Condition:
    if not values:
        return _NEVER
    if len(values) == 1:
        return f"{column} = %s", [values[0]]
    return f"{column} IN ({', '.join(['%s'] * len(values))})", list(values)


def _starting(column: str, prefix: str) -> Condition:
    return f"({column} >= %s AND {column} < %s)", [prefix, prefix + "zzzz"]


def _any_of(conditions: Sequence[Condition]) -> Condition:
    kept = [c for c in conditions if c is not _NEVER]
    if not kept:
        return _NEVER
    return "(" + " OR ".join(sql for sql, _ in kept) + ")", [p for _, ps in kept for p in ps]


def _all_of(conditions: Sequence[Condition]) -> Condition:
    if any(c is _NEVER for c in conditions):
        return _NEVER
    if not conditions:
        return "1 = 1", []
    return " AND ".join(sql for sql, _ in conditions), [p for _, ps in conditions for p in ps]


@dataclass(frozen=True)
class _Word:
    """One name word of a query as a pass reads it: the stored keys it may be (exact: itself;
    near: the stored words near it), each looked for only in the parts of a name it is stored
    as; or, for a name being typed, the start of a key in any part."""

    key: str
    keys: tuple[str, ...] = ()
    stored: namekeys.HeldWords | None = None  # None: the start of a key (a name being typed)

    def _held(self, part: str, keys: Sequence[str] | None = None) -> list[str]:
        assert self.stored is not None
        return [k for k in (self.keys if keys is None else keys) if self.stored.held_as(k, part)]

    def surname(self) -> Condition:
        if self.stored is None:
            return _starting("p.surname_key", self.key)
        return _equal_to_any("p.surname_key", self._held(namekeys.SURNAME))

    def given(self) -> Condition:
        if self.stored is None:
            return _starting("p.given_key", self.key)
        given = dict.fromkeys(g for k in self.keys for g in name_forms.given_name_keys(k))
        return _equal_to_any("p.given_key", self._held(namekeys.GIVEN, list(given)))

    def patronymic(self) -> Condition:
        """The patronymic column; a patronymic also matches someone whose patronymic the
        registry does not hold: letters give it more often than records do."""
        if self.stored is None:
            held = _starting("p.patronymic_key", self.key)
        else:
            held = _equal_to_any("p.patronymic_key", self._held(namekeys.PATRONYMIC))
        if _PATRONYMIC_KEY.search(self.key):
            return _any_of([held, ("p.patronymic_key = ''", [])])
        return held

    def form(self) -> Condition:
        if self.stored is None:
            return _starting("n.key", self.key)
        return _equal_to_any("n.key", self._held(namekeys.FORM))

    def any_part(self) -> Condition:
        """Some name part stored on the person's row."""
        parts = [self.given(), self.surname(), self.patronymic()]
        if self.stored is not None:
            # One part of a double surname ("Popova" of "Kasparova-Popova", keyed "kasparov
            # popov"): only ever tested on the few rows another word's index already found.
            for key in self._held(namekeys.SURNAME + namekeys.PART_OF):
                parts.append(("p.surname_key LIKE %s", [f"{key} %"]))
                parts.append(("p.surname_key LIKE %s", [f"% {key}"]))
        return _any_of(parts)

    def may_match(self) -> bool:
        return self.any_part() is not _NEVER or self.form() is not _NEVER


def _passes(
    keys: list[str], stored: namekeys.HeldWords, hows: Sequence[str]
) -> Iterator[tuple[str, list[_Word]]]:
    """What each pass looks up for the query's words, in order: exactly as written (unless a
    word is one no name holds); then near: the words no name holds as the stored words near
    them and the others as written, then every word as the stored words near it; then, for a
    name being typed, as the starts of keys. A pass that would ask what an earlier one asked
    is left out."""
    asked: set[tuple[tuple[str, ...], ...]] = set()

    def new(words: list[_Word]) -> bool:
        question = tuple(tuple(dict.fromkeys(w.keys)) for w in words)
        if question in asked:
            return False
        asked.add(question)
        return True

    for how in hows:
        if how == "exact":
            words = [_Word(k, (k,), stored) for k in keys]
            if all(w.may_match() for w in words) and new(words):
                yield how, words
        elif how == "near":
            as_written = [_Word(k, (k,), stored) for k in keys]
            near = [_Word(k, tuple(dict.fromkeys((k, *stored.near(k)))), stored) for k in keys]
            unknown_first = [
                w if w.may_match() else n for w, n in zip(as_written, near, strict=True)
            ]
            if new(unknown_first):
                yield how, unknown_first
            if new(near):
                yield how, near
        elif min(len(k) for k in keys) >= 3:
            yield how, [_Word(k) for k in keys]


def _initials_filter(initials: list[str]) -> Condition:
    """Initials are written given name first, then patronymic ("N. S." is Nadezhda
    Sergeyevna, not Sergei Nikolayevich); further letters are ignored."""
    conditions = []
    for letter, column in zip(initials, ("p.given_key", "p.patronymic_key"), strict=False):
        # A glide initial ("Y.") abbreviates a name whose folded key starts with a vowel.
        starts = sorted(name_forms.VOWELS) if letter == "y" else [letter]
        conditions.append(_equal_to_any(f"substr({column}, 1, 1)", starts))
    return _all_of(conditions)


def _candidates_sql(words: list[_Word], initials: list[str]) -> Condition:
    """The ids of the people matching every word, read through the indexes a few at a time.

    A one-word query is read by surname, by further name forms, then by given name. A longer
    one first by pairs of its words in the columns an index holds side by side (a surname and
    a given name, a given name and a patronymic), which go straight to the people; then by each
    word's further name forms; then by a surname and a patronymic, which reads through the
    people of the surname. The other words and the initials filter what each read finds, and
    the reads stop once `_ENOUGH` people are found, so a common given name or surname is
    never read through from end to end when the pairs have found its people."""
    initials_q = _initials_filter(initials)
    any_parts = [w.any_part() for w in words]
    direct: list[Condition] = []
    through_forms: list[Condition] = []
    through_surnames: list[Condition] = []

    def rest(*taken: int) -> Condition:
        return _all_of([initials_q, *(c for n, c in enumerate(any_parts) if n not in taken)])

    def read(reads: list[Condition], where: list[Condition], order: str) -> None:
        condition = _all_of(where)
        if condition is _NEVER:
            return
        reads.append(
            (
                f"SELECT p.id FROM registry_person p WHERE {condition[0]} "
                f"ORDER BY {order}, p.id LIMIT {_CANDIDATES}",
                condition[1],
            )
        )

    by_surname, by_given = "p.surname_key, p.given_key", "p.given_key, p.patronymic_key"
    for i, word in enumerate(words):
        form, others = word.form(), rest(i)
        if form is not _NEVER and others is not _NEVER:
            through_forms.append(
                (
                    "SELECT p.id FROM registry_person p WHERE p.id IN (SELECT n.person_id "
                    f"FROM registry_personname n WHERE {form[0]} LIMIT {_CANDIDATES}) "
                    f"AND {others[0]}",
                    [*form[1], *others[1]],
                )
            )
        if len(words) == 1:
            read(direct, [word.surname(), others], by_surname)
            read(through_surnames, [word.given(), others], by_given)
            continue
        surname, given = word.surname(), word.given()
        for j, other in enumerate(words):
            if j != i:
                pair_rest, patronymic = rest(i, j), other.patronymic()
                read(direct, [surname, other.given(), pair_rest], by_surname)
                read(direct, [given, patronymic, pair_rest], by_given)
                read(through_surnames, [surname, patronymic, pair_rest], by_surname)
    reads = direct + through_forms + through_surnames
    if not reads:
        return _NEVER
    union = " UNION ALL ".join(
        f"SELECT id FROM ({sql}) AS anchor{n}" for n, (sql, _) in enumerate(reads)
    )
    return f"SELECT id FROM ({union}) AS found LIMIT {_ENOUGH}", [p for _, ps in reads for p in ps]


def _candidates(
    db: BaseDatabaseWrapper, words: list[_Word], initials: list[str]
) -> list[tuple[Person, list[PersonName]]]:
    """The people matching every word, with their further name forms."""
    union, params = _candidates_sql(words, initials)
    if (union, params) == _NEVER:
        return []
    with db.cursor() as cursor:
        cursor.execute(
            f"SELECT {_PERSON_COLUMNS} FROM registry_person WHERE id IN ({union}) ORDER BY id",
            params,
        )
        rows = cursor.fetchall()
        if not rows:
            return []
        people = [Person.from_db(db.alias, _PERSON_ATTNAMES, row) for row in rows]
        names: dict[int, list[PersonName]] = {p.pk: [] for p in people}
        ids = list(names)
        cursor.execute(
            f"SELECT {_NAME_COLUMNS} FROM registry_personname "
            f"WHERE person_id IN ({', '.join(['%s'] * len(ids))}) ORDER BY id",
            ids,
        )
        for row in cursor.fetchall():
            name = PersonName.from_db(db.alias, _NAME_ATTNAMES, row)
            names[name.person_id].append(name)
    return [(p, names[p.pk]) for p in people]


def _with_names(person: Person, names: list[PersonName]) -> Person:
    """`person` with its name forms in place, as `prefetch_related("names")` leaves them."""
    forms = person.names.all()
    forms._result_cache = names
    forms._prefetch_done = True  # type: ignore[attr-defined]
    person._prefetched_objects_cache = {"names": forms}  # type: ignore[attr-defined]
    return person


# -- Ranking -------------------------------------------------------------------------------


def _raw_words(text: str) -> list[str]:
    return [name_forms.to_ascii(w) for w in name_forms.words(text)]


# Names repeat (a registry has far fewer surnames than people): their folded and spelled-out
# forms are remembered rather than worked out again for each candidate.
@lru_cache(maxsize=50_000)
def _folded(text: str) -> str:
    return name_forms.fold(text)


@lru_cache(maxsize=50_000)
def _spelled(text: str) -> str:
    return " ".join(_raw_words(text))


def _closeness(a: str, b: str) -> float:
    return fuzz.ratio(a, b) / 100


def _similarity(name_words: list[str], forms: list[str]) -> tuple[float, float]:
    """How closely the best of `forms` matches the name words of a query: first on the folded
    keys, then on the spelling as written, so that among people who all match "Alliluyeva"
    the women, whose surname is spelled that way, come before the men."""
    wanted = " ".join(_folded(w) for w in name_words)
    wanted_raw = " ".join(name_forms.to_ascii(w) for w in name_words)
    best = (0.0, 0.0)
    for form in forms:
        if form:
            best = max(
                best, (_closeness(wanted, _folded(form)), _closeness(wanted_raw, _spelled(form)))
            )
    return best


def _rank_exact(
    query_words: list[str],
    keys: list[str],
    given_alts: list[set[str]],
    person: Person,
    names: list[PersonName],
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
    raw_parts = set(_spelled(f"{person.full_name} {person.known_as}").split())
    for name in names:
        raw_parts.update(_spelled(name.value).split())
    spelled = sum(1 for w in query_words if w in raw_parts) / len(query_words)
    written = " ".join(query_words)
    surname = _spelled(person.surname or person.known_as)
    return round(0.9 + 0.1 * on_row, 4), spelled + _closeness(written, surname) / 10


# -- Lookup --------------------------------------------------------------------------------


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
                named = _find_people(latin, limit=limit, exact_only=True)
                if named:
                    return named
            pseudonymous = _by_pseudonym_initial(readings[0], limit)
            if pseudonymous:
                return pseudonymous
            hows = ("near", "prefix")  # every reading was tried exactly
    name_words = _name_words(query)
    keys = [k for k in (name_forms.fold(w) for w in name_words) if k]
    if not keys:
        return []
    initials = name_forms.initials(query)
    query_words = [name_forms.to_ascii(w) for w in name_words]
    given_alts = [set(name_forms.given_name_keys(k)) for k in keys]
    db = reading_connection(Person)
    for how, words in _passes(keys, namekeys.held(db), hows):
        candidates = _candidates(db, words, initials)
        if not candidates:
            continue
        scored = []
        for person, names in candidates:
            if how == "exact":
                score, tie = _rank_exact(query_words, keys, given_alts, person, names)
            else:
                forms = [person.full_name, person.surname, person.known_as]
                forms += [n.value for n in names]
                forms += [f"{person.given_name} {person.patronymic}"]
                forms += [f"{person.given_name} {person.surname}"]
                score, tie = _similarity(name_words, forms)
            scored.append((-score, -tie, person.surname_key, person.pk, person, names))
        scored.sort(key=lambda row: row[:4])
        return [PersonMatch(_with_names(row[4], row[5]), -row[0], how) for row in scored[:limit]]
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
            via = _kin_via(term, anchor.person)
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


def _kin_via(term: str, relative_of: Person) -> str:
    """How a person found through a tie stands to the one named, in the reader's language:
    "sister of Vyacheslav Kasparov", «сестра Вячеслава Каспарова» (the Cyrillic name the
    registry holds, in the genitive)."""
    if not (get_language() or "").startswith("ru"):
        return f"{term} of {relative_of.display_name}"
    word = _russian_kin_words().get(term, term)
    return f"{word} {cyrillic.inflected(name_forms.name_for_language(relative_of, 'ru'), 'gent')}"


@lru_cache(maxsize=1)
def _russian_kin_words() -> dict[str, str]:
    """The English kin terms' Russian words, the first of the list for each (сестра, брат)."""
    words: dict[str, str] = {}
    for word, (term, _gender) in russian_kin().items():
        words.setdefault(term, word)
    return words


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
