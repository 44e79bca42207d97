"""The organisation's bodies: the central → gubernia → district → cell units, a commission for
each committee above the cells, and three commissioners on each commission.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from commission.registry.generate.lexicon import lexicon


def _units(
    rnd: random.Random, people: int, org: str, emit: Callable[[str, dict[str, Any], str], None]
) -> list[tuple[str, str, str]]:
    """The hierarchy of units; returns the cells as (cell, district, gubernia) refs."""
    words = lexicon()
    emit(
        "unit",
        {"id": "U-central", "organisation": org, "name": "Central Committee", "kind": "central"},
        "units",
    )
    gubernias = words.gubernias[: max(2, min(len(words.gubernias), people // 15_000))]
    cells_wanted = max(4, people // 30)
    districts_per = max(1, min(10, cells_wanted // (len(gubernias) * 4)))
    cells_per = max(1, cells_wanted // (len(gubernias) * districts_per))
    cells = []
    for g, gubernia in enumerate(gubernias, start=1):
        gref = f"U-g{g}"
        emit(
            "unit",
            {
                "id": gref,
                "organisation": org,
                "kind": "gubernia",
                "parent": "U-central",
                "name": f"{gubernia} Gubernia Committee",
            },
            "units",
        )
        for d in range(1, districts_per + 1):
            dref = f"{gref}-d{d}"
            emit(
                "unit",
                {
                    "id": dref,
                    "organisation": org,
                    "kind": "district",
                    "parent": gref,
                    "name": f"{gubernia} District No. {d}",
                },
                "units",
            )
            for c in range(1, cells_per + 1):
                cref = f"{dref}-c{c}"
                trade = words.trades[rnd.randrange(len(words.trades))]
                emit(
                    "unit",
                    {
                        "id": cref,
                        "organisation": org,
                        "kind": "cell",
                        "parent": dref,
                        "name": f"Cell of the {gubernia} {trade} No. {d}.{c}",
                    },
                    "units",
                )
                cells.append((cref, dref, gref))
    return cells


def _commissions(
    org: str, cells: list[tuple[str, str, str]], emit: Callable[[str, dict[str, Any], str], None]
) -> None:
    emit(
        "commission",
        {
            "id": "C-central",
            "organisation": org,
            "level": "central",
            "unit": "U-central",
            "name": "Central Commission for Purging the Party",
        },
        "commissions",
    )
    seen: set[str] = set()
    for _cell, district, gubernia in cells:
        if gubernia not in seen:
            seen.add(gubernia)
            emit(
                "commission",
                {
                    "id": f"C-{gubernia}",
                    "organisation": org,
                    "level": "gubernia",
                    "parent": "C-central",
                    "unit": gubernia,
                    "name": f"Verification Commission of {gubernia}",
                },
                "commissions",
            )
        if district not in seen:
            seen.add(district)
            emit(
                "commission",
                {
                    "id": f"C-{district}",
                    "organisation": org,
                    "level": "district",
                    "parent": f"C-{gubernia}",
                    "unit": district,
                    "name": f"Verification Commission of {district}",
                },
                "commissions",
            )


def _commissioners(
    rnd: random.Random,
    people: int,
    cells: list[tuple[str, str, str]],
    emit: Callable[[str, dict[str, Any], str], None],
) -> None:
    commissions = [
        "C-central",
        *sorted({f"C-{g}" for _c, _d, g in cells}),
        *sorted({f"C-{d}" for _c, d, _g in cells}),
    ]
    for commission in commissions:
        chosen = rnd.sample(range(1, people + 1), 3)
        for person, role in zip(chosen, ("chair", "secretary", "member"), strict=True):
            emit(
                "commissioner",
                {
                    "commission": commission,
                    "person": f"P{person}",
                    "role": role,
                    "started_on": "1921-06-01",
                },
                "commissioners",
            )
