"""The whole synthetic registry, each record written after those it refers to, so that the
import reads it in one pass.
"""

from __future__ import annotations

import random
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from commission.core.errors import InvalidInput
from commission.registry.generate.hierarchy import _commissioners, _commissions, _units
from commission.registry.generate.output import _Output
from commission.registry.generate.people import _people
from commission.registry.generate.ties import _social_ties


@dataclass
class GenerateResult:
    counts: dict[str, int]
    destination: Path

    def summary(self) -> str:
        parts = ", ".join(f"{n} {t}" for t, n in self.counts.items() if n)
        return f"Wrote {parts} to {self.destination}."


def generate_registry(
    *,
    destination: Path,
    people: int = 730_000,
    relationships: int = 5_000_000,
    seed: int = 1921,
    fmt: str = "jsonl",
    progress: Callable[[int], None] | None = None,
) -> GenerateResult:
    """Write a synthetic registry to `destination` (a .jsonl file or a CSV folder).

    `progress` is called with the number of records written since its last call.
    Errors: InvalidInput for sizes that make no registry or an unknown format.
    """
    if fmt not in ("jsonl", "csv"):
        raise InvalidInput(_("%(format)r is not a format; use jsonl or csv.") % {"format": fmt})
    if people < 20:
        raise InvalidInput(_("A registry needs at least 20 people to be generated."))
    if relationships < 0:
        raise InvalidInput(_("The number of relationships cannot be negative."))
    destination = Path(destination)
    rnd = random.Random(seed)
    out = _Output(destination, fmt)
    counts = dict.fromkeys(
        (
            "organisations",
            "units",
            "commissions",
            "people",
            "memberships",
            "commissioners",
            "relationships",
        ),
        0,
    )
    unreported = 0

    def emit(rtype: str, record: dict[str, Any], count_as: str) -> None:
        nonlocal unreported
        out.write(rtype, record)
        counts[count_as] += 1
        unreported += 1
        if progress is not None and unreported >= 10_000:
            progress(unreported)
            unreported = 0

    try:
        org = "rcp"
        emit(
            "organisation",
            {"id": org, "name": "Russian Communist Party (Bolsheviks)", "short_name": "RCP(b)"},
            "organisations",
        )
        cells = _units(rnd, people, org, emit)
        _commissions(org, cells, emit)
        # Family ties are recorded while people are made and written once everyone exists,
        # as (source, target, kind index) triples of person numbers: compact, not records.
        family = array("i")
        _people(rnd, people, org, cells, family, emit)
        budget = max(relationships - len(family) // 3, 0)
        _commissioners(rnd, people, cells, emit)
        family_kinds = ("parent", "spouse", "sibling")
        written = 0
        for i in range(0, len(family), 3):
            if written >= relationships:
                break
            out.tie(
                f"P{family[i]}",
                f"P{family[i + 1]}",
                family_kinds[family[i + 2]],
                5 if family[i + 2] < 2 else 4,
            )
            written += 1
        counts["relationships"] += written
        unreported += written
        counts["relationships"] += _social_ties(rnd, people, budget, out)
        if progress is not None:
            progress(unreported + counts["relationships"] - written)
    finally:
        out.close()
    return GenerateResult(counts=counts, destination=destination)
