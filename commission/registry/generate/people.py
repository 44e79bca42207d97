"""People in households: parents and children with Russian name forms (patronymics from the
father's given name, surnames that change with gender, maiden and double surnames, pseudonyms),
their family ties, and memberships with a status history.
"""

from __future__ import annotations

import random
from array import array
from collections.abc import Callable
from typing import Any

from commission.registry.generate.lexicon import lexicon
from commission.registry.names import gendered_surnames

# How memberships end, with the share of each.
_STATUS_ENDS = [
    ("member", 0.62),
    ("candidate", 0.1),
    ("probation", 0.04),
    ("expelled", 0.13),
    ("expelled_for_term", 0.02),
    ("left", 0.06),
    ("deceased", 0.03),
]


def _date(rnd: random.Random, first_year: int, last_year: int) -> str:
    return f"{rnd.randint(first_year, last_year)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"


def _variant(name: str) -> str | None:
    """Another common transliteration of a name, where one differs."""
    for old, new in (
        ("Yev", "Ev"),
        ("Ye", "E"),
        ("yev", "iev"),
        ("yov", "iov"),
        ("kh", "ch"),
        ("y", "i"),
        ("ks", "x"),
    ):
        if old in name:
            return name.replace(old, new, 1)
    return None


def _people(
    rnd: random.Random,
    total: int,
    org: str,
    cells: list[tuple[str, str, str]],
    family: array[int],
    emit: Callable[[str, dict[str, Any], str], None],
) -> None:
    """Households of parents and children; numbers 1…total, written in order."""
    words = lexicon()
    n = 0
    while n < total:
        size = min(total - n, rnd.choice((1, 1, 2, 2, 3, 3, 4, 4, 5, 6)))
        surname = words.surnames[rnd.randrange(len(words.surnames))]
        masculine, feminine = gendered_surnames(surname)
        father_given = words.male[rnd.randrange(len(words.male))]
        cell = cells[rnd.randrange(len(cells))]
        members: list[int] = []
        parents = 2 if size >= 2 else 1
        for position in range(size):
            n += 1
            if position == 0:
                male = parents == 2 or rnd.random() < 0.7
            elif position == 1:
                male = False
            else:
                male = rnd.random() < 0.5
            record = _person(rnd, n, male, position, parents, masculine, feminine, father_given)
            emit("person", record, "people")
            if rnd.random() < 0.86:
                near = cell if rnd.random() < 0.8 else cells[rnd.randrange(len(cells))]
                emit("membership", _membership(rnd, n, org, near[0]), "memberships")
            members.append(n)
        if parents == 2:
            family.extend((members[0], members[1], 1))
        children = members[parents:]
        for child in children:
            for parent in members[:parents]:
                family.extend((parent, child, 0))
        for i, a in enumerate(children):
            for b in children[i + 1 :]:
                family.extend((a, b, 2))


def _person(
    rnd: random.Random,
    n: int,
    male: bool,
    position: int,
    parents: int,
    masculine: str,
    feminine: str,
    father_given: str,
) -> dict[str, Any]:
    words = lexicon()
    names: list[dict[str, str]] = []
    is_child = position >= parents
    if male:
        given = father_given if position == 0 else words.male[rnd.randrange(len(words.male))]
        father = father_given if is_child else words.male[rnd.randrange(len(words.male))]
        patronymic = words.fathers[father][0]
        surname = masculine
        born = _date(rnd, 1890, 1905) if is_child else _date(rnd, 1855, 1889)
    else:
        given = words.female[rnd.randrange(len(words.female))]
        father = father_given if is_child else words.male[rnd.randrange(len(words.male))]
        patronymic = words.fathers[father][1]
        surname = feminine
        born = _date(rnd, 1890, 1905) if is_child else _date(rnd, 1860, 1892)
        if position == 1 and parents == 2:
            maiden = gendered_surnames(words.surnames[rnd.randrange(len(words.surnames))])[1]
            if maiden != surname:
                names.append({"kind": "maiden", "value": maiden})
                if rnd.random() < 0.08:
                    surname = f"{maiden}-{feminine}"
    known_as = ""
    if rnd.random() < 0.012:
        known_as = words.pseudonyms[rnd.randrange(len(words.pseudonyms))]
    if rnd.random() < 0.03:
        variant = _variant(surname)
        if variant and variant != surname:
            names.append({"kind": "variant", "value": variant})
    record: dict[str, Any] = {
        "id": f"P{n}",
        "given_name": given,
        "patronymic": patronymic,
        "surname": surname,
        "known_as": known_as,
        "gender": "male" if male else "female",
        "born_on": born,
        "is_worker": rnd.random() < 0.55,
        "names": names,
    }
    if rnd.random() < 0.03:
        record["deceased"] = True
        record["died_on"] = _date(rnd, 1918, 1921)
    if rnd.random() < 0.04:
        street = words.streets[rnd.randrange(len(words.streets))]
        record["contacts"] = [
            {
                "kind": "address",
                "value": f"{street} {rnd.randint(1, 90)}, Flat {rnd.randint(1, 120)}",
                "note": "",
            },
            {"kind": "phone", "value": f"{rnd.randint(10, 99)}–{rnd.randint(10, 99)}", "note": ""},
        ]
    return record


def _membership(rnd: random.Random, n: int, org: str, cell: str) -> dict[str, Any]:
    joined = _date(rnd, 1898, 1921)
    roll = rnd.random()
    end = "member"
    for status, share in _STATUS_ENDS:
        if roll < share:
            end = status
            break
        roll -= share
    history = [{"to_status": "candidate", "effective_on": joined, "reason": "joined"}]
    current = "candidate"
    year = int(joined[:4])
    if end != "candidate":
        if end in ("member", "expelled", "expelled_for_term", "left", "deceased") or (
            rnd.random() < 0.5
        ):
            year = min(year + 1, 1921)
            history.append(
                {
                    "from_status": current,
                    "to_status": "member",
                    "effective_on": f"{year}-{rnd.randint(1, 12):02d}-15",
                    "reason": "admitted as a full member",
                }
            )
            current = "member"
        if end != "member":
            reason = {
                "probation": "transferred to candidates on probation by the verification",
                "expelled": "expelled by the verification commission",
                "expelled_for_term": "expelled for a term by the verification commission",
                "left": "left the party of own accord",
                "deceased": "died",
            }[end]
            history.append(
                {
                    "from_status": current,
                    "to_status": end,
                    "effective_on": f"1921-{rnd.randint(8, 12):02d}-{rnd.randint(1, 28):02d}",
                    "reason": reason,
                }
            )
    record: dict[str, Any] = {
        "person": f"P{n}",
        "organisation": org,
        "unit": cell,
        "joined_on": joined,
        "card_number": f"{n:07d}",
        "status": end,
        "status_since": history[-1]["effective_on"],
        "history": history,
    }
    if end == "probation":
        record["probation_until"] = f"1923-{rnd.randint(1, 12):02d}-01"
    if end == "expelled_for_term":
        record["term_until"] = f"1922-{rnd.randint(1, 12):02d}-01"
    return record
