"""Ties the names tell. A Russian name carries the father's: Pyotr Gavrilovich is the son of a
Gavrila, and "Ivan Lukich Zotov" beside "Fyodor Lukich Zotov" are brothers. A letter that
says "his father" and names a Gavrila Chursin elsewhere ("the widow of Gavrila Yefimovich
Chursin") has named the father; one that calls Ignat Lukich Zotov the subject's father, where
the subject is Fyodor Lukich Zotov, has been misread. This step, shared by the English and
the Russian rules, reads the ties a subject's patronymic settles:

- a man whose given name the subject's patronymic is made from, of the subject's surname (or
  of none, when the letter speaks of the subject's father unnamed), is the subject's father;
- a person of the subject's patronymic and surname is the subject's brother or sister;
- a person of the subject's surname whose patronymic is made from the subject's given name is
  the subject's son or daughter.

An unnamed tie of the same kind ("his father", «отец») becomes the named person's; a tie the
rules gave the same two people under another term is corrected.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from commission.intake.reading import lexicon as lx
from commission.intake.reading.model import Extraction, Item, PersonRef
from commission.registry import names as name_forms
from commission.registry.kin import KIN_TERMS

_PATRONYMIC_ENDINGS = ("inichna", "ichna", "ovich", "evich", "ovna", "evna", "ich")
_FEMALE_PATRONYMIC = ("vna", "chna")
_SURNAME_ENDINGS = re.compile(
    r"(?:ov|ova|ev|eva|in|ina|yn|yna|sky|skii|ski|skaya|ska|enko|uk|ik|ykh|ikh|ets)$"
)


Same = Callable[[PersonRef, PersonRef], bool]


@dataclass(frozen=True)
class NameParts:
    given: str  # folded
    patronymic: str  # the folded father's stem the patronymic is made from
    surname: str  # folded
    gender: str  # as the patronymic says, else "unknown"


@lru_cache(maxsize=20000)
def name_parts(name: str) -> NameParts:
    """The given name, the father's stem and the surname of a name as a letter writes it, in
    either order ("Kostrov Mikhail Ivanovich", "Mikhail Ivanovich Kostrov", "Ivan Shumov")."""
    words = [w for w in name_forms.words(name) if len(w) > 1 and not w.endswith(".")]
    latin = [name_forms.to_ascii(w) for w in words]
    at = next(
        (i for i, w in enumerate(latin) if i > 0 and lx.PATRONYMIC.match(w)),
        -1,
    )
    if (
        at > 0
        and len(words) == 2
        and _plain(_father_stem(name_forms.fold(words[at]))) not in _KNOWN_STEMS
    ):
        at = -1  # "Martyn Yasevich": a surname in -ich, unless a known name's patronymic
    if at > 0:
        given = words[at - 1]
        rest = [w for i, w in enumerate(words) if i not in (at - 1, at)]
        folded = name_forms.fold(words[at])
        gender = "female" if latin[at].endswith(_FEMALE_PATRONYMIC) else "male"
        return NameParts(_given_key(given), _father_stem(folded), _surname_key(rest), gender)
    if len(words) == 1:
        word = words[0]
        if _is_given(word):
            return NameParts(_given_key(word), "", "", "unknown")
        return NameParts("", "", _surname_key(words), "unknown")
    if len(words) == 2:
        first, second = words
        if not _is_given(first) and (
            _is_given(second) or _SURNAME_ENDINGS.search(name_forms.to_ascii(first))
        ):
            first, second = second, first  # "Sokolsky Georgy"
        return NameParts(_given_key(first), "", _surname_key([second]), "unknown")
    return NameParts("", "", "", "unknown")


def father_named(parts: NameParts, father: NameParts) -> bool:
    """Whether `father`'s given name is the one `parts`' patronymic is made from."""
    return bool(parts.patronymic and father.given) and _plain(parts.patronymic) in _stems(
        father.given
    )


def _is_given(word: str) -> bool:
    return name_forms.to_ascii(word) in lx.GIVEN_NAMES or any(
        key in _GIVEN_KEYS for key in name_forms.given_name_keys(word)
    )


_GIVEN_KEYS = frozenset(name_forms.fold(w) for w in lx.GIVEN_NAMES)


def _given_key(word: str) -> str:
    return name_forms.given_name_keys(word)[-1] if word else ""


def _surname_key(words: list[str]) -> str:
    return name_forms.fold(words[-1]) if words else ""


def _father_stem(folded: str) -> str:
    for ending in _PATRONYMIC_ENDINGS:
        if folded.endswith(ending) and len(folded) > len(ending) + 1:
            return folded[: -len(ending)]
    return ""


def _stems(given: str) -> set[str]:
    """The stems a patronymic can be made on from a folded given name: Gavrila → gavril,
    Pavel → pavl, Nikolai → nikola, Yakov → yakovl, Pyotr → petr."""
    stems = {given}
    if given[-1:] in ("a", "o", "i", "e"):
        stems.add(given[:-1])
    if re.search(r"e[a-z]$", given):
        stems.add(given[:-2] + given[-1])  # Pavel: Pavlovich; Lev: Lvovich
    stems |= {s + "l" for s in list(stems)}  # Yakov: Yakovlevich
    return {_plain(s) for s in stems if len(s) > 1}


def _plain(stem: str) -> str:
    # "o" and "e" are where transliterations of "ё" disagree (Fyodor, Fedor; Pyotr, Petrovich)
    return stem.replace("o", "e")


People = list[tuple[PersonRef, "NameParts"]]


def kin_by_names(
    out: Extraction, subjects: list[PersonRef], people: People, same_person: Same
) -> None:
    """Read the ties the subjects' patronymics settle (see the module's docstring); `people`
    are the letter's, as `people_of` gives them."""
    relatives = out.get("relatives")
    born = _maiden_names(out)
    for subject in subjects:
        mine = _parts(subject)
        if not mine.given and not mine.patronymic:
            continue
        # "Гаврилова Ольга Кузьминична, в девичестве Сарафанова": her father is a Сарафанов
        surnames = {mine.surname, *born.get(id(subject), ())} - {""}
        for person, theirs in people:
            if same_person(person, subject) or any(same_person(person, s) for s in subjects):
                continue
            same_surname = bool(theirs.surname and theirs.surname in surnames)
            no_surname = not theirs.surname
            if (
                father_named(mine, theirs)
                and theirs.gender != "female"
                and (same_surname or no_surname)
            ):
                _settle(relatives, person, "father", subject, same_person, add=same_surname)
            elif (
                mine.patronymic
                and _plain(theirs.patronymic) == _plain(mine.patronymic)
                and same_surname
                and theirs.given != mine.given
            ):
                term = "sister" if theirs.gender == "female" else "brother"
                _settle(relatives, person, term, subject, same_person, add=True)
            elif father_named(theirs, mine) and same_surname:
                term = "daughter" if theirs.gender == "female" else "son"
                _settle(relatives, person, term, subject, same_person, add=True)


def name_unnamed_kin(
    out: Extraction, subjects: list[PersonRef], people: People, same_person: Same
) -> None:
    """ "His wife … Zelenevskaya asks …": an unnamed relative of a subject ("his wife",
    «мужа») is the one person of the letter of the subject's surname, or known by a given
    name alone, whose gender fits, when no one else is tied and no other unnamed tie of the
    subject could be that person."""
    relatives = out.get("relatives")
    tied = [item.person for item in relatives if item.person is not None and item.person.name]
    free = [
        (person, parts)
        for person, parts in people
        if not any(same_person(person, s) for s in subjects)
        and not any(same_person(person, t) for t in tied)
    ]
    authors = [item.person for item in out.get("author") if item.person is not None]
    for subject in subjects:
        mine = _parts(subject)
        unnamed = [
            item
            for item in relatives
            if (item.person is None or not item.person.name)
            and isinstance(item.extra.get("of"), PersonRef)
            and same_person(item.extra["of"], subject)
            and item.value["relation"] in lx.KIN_GENDER
        ]
        for gender in ("male", "female"):
            ties = [i for i in unnamed if lx.KIN_GENDER[i.value["relation"]] == gender]
            if len(ties) != 1:
                continue
            fits = [
                person
                for person, parts in free
                if _gender_of(person, parts) == gender
                and not any(same_person(person, a) for a in authors)
                and (
                    (parts.surname and parts.surname == mine.surname)
                    or (parts.given and not parts.surname and not parts.patronymic)
                )
            ]
            if len(fits) == 1:
                ties[0].person = fits[0]
                ties[0].value = {**ties[0].value, "person": fits[0].name}
                free = [(p, q) for p, q in free if p is not fits[0]]


def _maiden_names(out: Extraction) -> dict[int, set[str]]:
    """The folded other surnames of each subject ("(née Arkhipova)", «в девичестве …»), by the
    identity of the subject's reference."""
    found: dict[int, set[str]] = {}
    for item in out.get("subjects"):
        if item.person is None:
            continue
        aliases = item.extra.get("aliases") or []
        found[id(item.person)] = {name_forms.fold(str(a).split()[-1]) for a in aliases if a}
    return found


def _gender_of(person: PersonRef, parts: NameParts) -> str:
    return parts.gender if parts.gender != "unknown" else person.gender


def _parts(ref: PersonRef) -> NameParts:
    return name_parts(ref.name)


def people_of(out: Extraction, same_person: Same) -> People:
    """The letter's people, each once, with the parts of their names."""
    found: People = []
    for ref in out.people():
        if not ref.name or ref.family or any(same_person(ref, f) for f, _ in found):
            continue
        parts = _parts(ref)
        if parts.gender == "unknown" and ref.gender != "unknown":
            parts = NameParts(parts.given, parts.patronymic, parts.surname, ref.gender)
        if parts.given or parts.surname:
            found.append((ref, parts))
    return found


_BLOOD_MISREAD = frozenset(
    {"father", "mother", "son", "daughter", "uncle", "aunt", "nephew", "niece"}
)


def _settle(
    relatives: list[Item],
    person: PersonRef,
    term: str,
    subject: PersonRef,
    same_person: Same,
    *,
    add: bool,
) -> None:
    """Give the tie `person`—`term`—`subject` to the letter's reading: correct a tie of the two
    under another term, name an unnamed one of the same kind, or add it when `add`."""
    group = _group(term)
    ties = [
        item
        for item in relatives
        if isinstance(item.extra.get("of"), PersonRef) and same_person(item.extra["of"], subject)
    ]
    told = [
        item
        for item in ties
        if item.person is not None and item.person.name and same_person(item.person, person)
    ]
    if told:
        # "Ignat Lukich Zotov, his father … his uncle": brothers by their names. Only a
        # brother's or sister's names overrule the letter's word, and only a word of blood
        # kin: a wife may share her husband's patronymic, a son his father's given name.
        if group != "sibling" or not all(item.value["relation"] in _BLOOD_MISREAD for item in told):
            return
        told[0].value = {**told[0].value, "relation": term}
        for item in told[1:]:
            relatives.remove(item)
        return
    for item in ties:
        unnamed = item.person is None or not item.person.name
        fits = term == "father" or _gender_fits(item.value["relation"], term)
        if unnamed and fits and _group(item.value["relation"]) == group:
            item.person = person
            item.value = {**item.value, "person": person.name}
            return
    if term == "father" and any(
        item.value["relation"] == term and item.person is not None and item.person.name
        for item in ties
    ):
        return  # a father named otherwise: the letter's own word stands
    if add and not any(
        item.person is not None and same_person(item.person, person) for item in relatives
    ):
        # a person the letter already ties to someone is placed: "his wife's mother, Marfa
        # Stepanovna" is no daughter of a Stepan the letter names
        value = {"person": person.name, "relation": term, "of": subject.name}
        relatives.append(Item(value, person.span, person, {"of": subject, "kin_as_written": ""}))


def _group(term: str) -> str:
    """A brother and a sister are one kind of tie here, as are a son and a daughter; a father
    and a mother are not."""
    group = KIN_TERMS.get(term, ("", ""))[0]
    return group if group in ("sibling", "child") else term


def _gender_fits(relation: str, term: str) -> bool:
    return lx.KIN_GENDER.get(relation, "unknown") in ("unknown", lx.KIN_GENDER.get(term))


_KNOWN_STEMS = frozenset(stem for key in _GIVEN_KEYS for stem in _stems(key))
