"""Mentions to registry persons: by any name form, with a confidence; the unknown become
proposed new persons with the name parts that could be read.

Lookup goes through `commission.registry.lookup.find_people`, which already folds gender
forms, transliterations, diminutives, double surnames and possessives. What is added here is
what only the letter knows: which of its mentions are one person (the fullest form is looked
up), family references ("the Alliluyev family" stands for everyone of that surname), kin
references ("Kasparov's sister": a woman of Kasparov's surname) and, when the registry is
silent, what a new person record would hold.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from commission.intake.reading import lexicon as lx
from commission.intake.reading.mentions import gender_of
from commission.intake.reading.model import Extraction, Item, PersonRef, Resolution
from commission.registry import names as name_forms

Lookup = Callable[[str], list[Any]]  # find_people-shaped: query → [PersonMatch]


def _default_lookup(query: str) -> list[Any]:
    from commission.registry.lookup import find_people

    return find_people(query, limit=10)


def resolve_extraction(extraction: Extraction, *, lookup: Lookup | None = None) -> None:
    """Fill `resolution` on every person reference in the extraction (in place). Lookups of
    one name are asked once per letter."""
    lookup = lookup or _default_lookup
    cache: dict[str, list[Any]] = {}

    def cached(query: str) -> list[Any]:
        if query not in cache:
            cache[query] = lookup(query)
        return cache[query]

    for ref in extraction.people():
        if ref.resolution is None:
            ref.resolution = resolve_ref(ref, lookup=cached)
    _called_by_forenames(extraction)
    _narrowed_by_the_letter(extraction)
    for ref in extraction.people():
        if ref.resolution is not None and ref.resolution.how == _GIVEN_NAME_ALONE:
            # "Yegor" in a letter that names no Yegor of the registry's families: a relative or
            # a neighbour known by his first name, not whichever Yegor the registry holds
            ref.resolution = Resolution("proposed", 0.0, proposed=_proposal(ref))


def _surname_stem(name: str) -> str:
    """The surname of a name as a key both sexes share ("Zotova", "Zotov" → "zotov")."""
    words = name_forms.words(name)
    return name_forms.fold(words[-1])[:5] if words else ""


def _given_names_fit(name: str, entry: str) -> bool:
    """Whether the given name (and patronymic) or initials of `name`, all but its last word,
    begin as the entry's do, in order ("Vera" fits Vera Arsenyevna Zotova)."""
    given = [name_forms.fold(w)[:1] for w in name_forms.words(name)[:-1]]
    entry_given = [name_forms.fold(w)[:1] for w in name_forms.words(entry)[:-1]]
    return given == entry_given[: len(given)]


def _same_surname_form(name: str, entry: str) -> bool:
    """ "Sukhov" is Dementy Sukhov, not his wife Praskovya Sukhova: a surname as written is not
    the other sex's form of the entry's (a given name, "Vera", "Kolya", fits any)."""
    written, own = name_forms.words(name)[-1], name_forms.words(entry)[-1]
    feminine = ("a", "aya", "а", "ая")
    return not (
        _surname_stem(written) == _surname_stem(own)
        and written.lower().endswith(feminine) != own.lower().endswith(feminine)
    )


def _narrowed_by_the_letter(extraction: Extraction) -> None:
    """A bare surname or given name two registry entries answer to ("Begichev", "Vera") is the
    one the letter itself names more fully elsewhere ("I. M. Begichev" in its footnote), or,
    failing that, the one of the family the letter is about ("Vera" in a letter that names
    Arseny Zotov and his wife)."""
    people = list(extraction.people())
    matched = {
        ref.resolution.person_ref: ref.resolution
        for ref in people
        if ref.resolution is not None and ref.resolution.status == "matched"
    }
    families = {_surname_stem(r.person_name) for r in matched.values() if r.person_name}
    # (and the surnames the letter writes out: "Marina" in a letter that names Artyom Kovalyov)
    families |= {
        _surname_stem(r.name)
        for r in people
        if len(name_forms.words(r.name)) > 1 and not _forenames(r.name)
    }
    for ref in people:
        found = ref.resolution
        if found is None or found.status != "ambiguous":
            continue
        # (a name in full narrows only to an entry its given names fit: "Георгий Сокольский"
        # is not "V. Sokolsky")
        fitting = [
            c
            for c in found.candidates
            if _given_names_fit(ref.name, c[1]) and _same_surname_form(ref.name, c[1])
        ]
        candidates = [c for c in fitting if c[0] in matched]
        if len(candidates) != 1:
            candidates = [c for c in fitting if _surname_stem(c[1]) in families]
        if len(candidates) != 1:
            continue
        person_ref, person_name, _score = candidates[0]
        ref.resolution = Resolution(
            "matched",
            max(0.5, found.confidence),
            person_ref=person_ref,
            person_name=person_name,
            how="named in the letter",
            candidates=found.candidates,
        )


# A given name and a patronymic alone, as one addresses a person ("Mikhail Ivanovich",
# «Арон Александрович»).
_PATRONYMIC = re.compile(r"(?:ovich|evich|ich|ovna|evna|ichna)$")
# Where a person named twice in a letter is one entry.
_PEOPLE_FIELDS = ("author", "addressees", "subjects", "other_people")


def _forenames(name: str) -> tuple[str, ...] | None:
    words = [name_forms.fold(w) for w in name_forms.words(name)]
    return tuple(words) if len(words) == 2 and _PATRONYMIC.search(words[1]) else None


def _called_by_forenames(extraction: Extraction) -> None:
    """ "Dear Mikhail Ivanovich" in a letter that names Kalinin: the registry's Kalinin is Mikhail
    Ivanovich, so the form of address is he, not a second person. Such a mention takes the
    resolution of the one person of the letter whose given name and patronymic it is, and is
    left out where that person already stands (an addressee, the author, a subject)."""
    named: dict[tuple[str, ...], list[Resolution]] = {}
    for ref in extraction.people():
        found = ref.resolution
        if found is None or found.status != "matched" or _forenames(ref.name):
            continue
        words = tuple(name_forms.fold(w) for w in name_forms.words(found.person_name)[:2])
        if all(r.person_ref != found.person_ref for r in named.get(words, [])):
            named.setdefault(words, []).append(found)
    if not named:
        return
    placed: dict[str, set[str]] = {
        field: {
            i.person.resolution.person_ref
            for i in extraction.get(field)
            if i.person and i.person.resolution and i.person.resolution.status == "matched"
            and not _forenames(i.person.name)
        }
        for field in _PEOPLE_FIELDS
    }  # fmt: skip
    holders: dict[str, Item] = {}
    for field in _PEOPLE_FIELDS:
        for item in extraction.get(field):
            if item.person and item.person.resolution and not _forenames(item.person.name):
                holders.setdefault(f"{field}:{item.person.resolution.person_ref}", item)
                holders.setdefault(item.person.resolution.person_ref, item)
    stands = set().union(*placed.values())
    for field in _PEOPLE_FIELDS:
        kept = []
        for item in extraction.get(field):
            keys = _forenames(item.person.name) if item.person else None
            persons = named.get(keys, []) if keys else []
            if item.person is not None and len(persons) == 1:
                item.person.resolution = persons[0]
                here = placed[field] if field != "other_people" else stands
                person = persons[0].person_ref
                if person in here:
                    # kept as another name of the entry that stands for the person
                    holder = holders.get(f"{field}:{person}") or holders[person]
                    holder.extra.setdefault("also_called", []).append(item.person)
                    continue
            kept.append(item)
        extraction.fields[field] = kept


def _person_gender(person: Any) -> str:
    return str(getattr(person, "gender", "unknown") or "unknown")


_NEAR_ENOUGH = 0.5


def resolve_ref(ref: PersonRef, *, lookup: Lookup) -> Resolution:
    if not ref.name:
        return Resolution("proposed", 0.0, proposed=_proposal(ref))
    query = ref.name
    matches = lookup(query)
    if ref.family:
        family = [m for m in matches if m.score >= 0.6]
        if family:
            return Resolution(
                "family",
                min(0.9, max(m.score for m in family)),
                how="family name",
                candidates=tuple(_cand(m) for m in family[:10]),
            )
        return Resolution("proposed", 0.0, proposed=_proposal(ref))
    if ref.gender in ("male", "female"):
        # "Kasparov" the brother is not Kasparova the sister: drop matches of the other gender.
        same = [m for m in matches if _person_gender(m.person) in (ref.gender, "unknown")]
        matches = same or matches if not _gendered_surname(ref.name) else same
    # a spelling far from every name ("Lev Gurvich" and Marcus Lowe) is no match at all
    matches = [m for m in matches if m.how != "near" or m.score >= _NEAR_ENOUGH]
    if not matches:
        return Resolution("proposed", 0.0, proposed=_proposal(ref))
    best = matches[0]
    if _given_name_alone(query) and not any(_is_surname(query, m.person) for m in matches):
        # a first name alone answers to everyone of that name: the letter may narrow it to one
        # of the families it names (`_narrowed_by_the_letter`), else it is no one on file
        return Resolution(
            "ambiguous",
            0.3,
            how=_GIVEN_NAME_ALONE,
            candidates=tuple(_cand(m) for m in matches[:5]),
        )
    how = {"exact": "name form", "near": "near spelling", "prefix": "name prefix"}.get(
        best.how, best.how
    )
    confidence = best.score * {"exact": 1.0, "near": 0.85, "prefix": 0.6}.get(best.how, 0.7)
    runners = [m for m in matches[1:] if m.score >= best.score - 0.05]
    if runners:
        # Two people answer equally well to a bare surname: say so rather than guess.
        return Resolution(
            "ambiguous",
            confidence / (1 + len(runners)),
            how=how,
            candidates=tuple(_cand(m) for m in matches[:5]),
        )
    if len(name_forms.words(query)) == 1 and best.how == "exact":
        confidence = max(confidence, 0.9)
    return Resolution(
        "matched",
        min(1.0, max(confidence, 0.5)),
        person_ref=best.person.ref,
        person_name=best.person.display_name,
        how=how,
        candidates=tuple(_cand(m) for m in matches[:5]),
    )


_GIVEN_NAME_ALONE = "given name alone"


def _given_name_alone(name: str) -> bool:
    words = name_forms.words(name)
    return len(words) == 1 and name_forms.to_ascii(words[0]).lower() in lx.GIVEN_NAMES


def _is_surname(name: str, person: Any) -> bool:
    """Whether `name` is the person's surname (in either gender's form), not their given name."""
    surname = getattr(person, "surname", "") or ""
    if not surname:
        return False
    written, own = name_forms.fold(name), name_forms.fold(surname)
    # (either gender's form: "Zotov" / "Zotova", "Sokolsky" / "Sokolskaya")
    return (
        written == own
        or written.rstrip("a") == own.rstrip("a")
        or (
            written.endswith(("skaya", "skiy", "sky"))
            and own.endswith(("skaya", "skiy", "sky"))
            and written[:-3] == own[:-3]
        )
    )


def _gendered_surname(name: str) -> bool:
    words = name_forms.words(name_forms.to_ascii(name))  # Cyrillic names too: "Попов"
    return bool(words) and bool(
        lx.FEMININE_SURNAME.search(words[-1]) or lx.SURNAME_SUFFIX.search(words[-1])
    )


def _cand(match: Any) -> tuple[str, str, float]:
    return (match.person.ref, match.person.display_name, float(match.score))


def _proposal(ref: PersonRef) -> dict[str, str]:
    """The parts of a new person record readable from the mention."""
    proposal = {
        "given_name": "",
        "patronymic": "",
        "surname": "",
        "known_as": "",
        "gender": ref.gender if ref.gender in ("male", "female") else gender_of(ref.name),
        "description": ref.description,
    }
    words = [w for w in name_forms.words(ref.name) if len(w) > 1]
    if ref.family and words:
        proposal["surname"] = words[0]
        proposal["description"] = f"the {words[0]} family"
        return proposal
    rest = []
    for word in words:
        low = word.lower()
        if not proposal["given_name"] and low in lx.GIVEN_NAMES:
            proposal["given_name"] = word
        elif not proposal["patronymic"] and lx.PATRONYMIC.match(word):
            proposal["patronymic"] = word
        else:
            rest.append(word)
    if rest:
        hyphenated = ref.name.split()[-1] if "-" in ref.name.split()[-1] else ""
        proposal["surname"] = hyphenated.strip(",.") if hyphenated else rest[-1]
    return proposal
