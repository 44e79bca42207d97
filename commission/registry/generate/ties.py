"""Ties beyond the family, with a heavy-tailed degree distribution."""

from __future__ import annotations

import math
import random
from array import array

from commission.registry.generate.output import _Output

# Directed kinds that the random ties may take; family kinds come from the families.
_SOCIAL_SYMMETRIC = ("colleague", "acquaintance", "relative")
_SOCIAL_DIRECTED = (
    "supervised_work",
    "observed_work",
    "knew_abroad",
    "sheltered",
    "recommended",
    "sent",
    "correspondent",
)


def _social_ties(rnd: random.Random, people: int, budget: int, out: _Output) -> int:
    """Ties beyond the family: each person names a few others; who is named follows a
    power law, so a few people (the hubs) are named by thousands."""
    if budget <= 0:
        return 0
    # A fixed random order of people decides who the hubs are.
    rank = list(range(1, people + 1))
    rnd.shuffle(rank)
    random_ = rnd.random
    # Each person is a source once, with a share of the budget drawn from an exponential
    # distribution and scaled so the shares add up; a second pass could repeat a tie.
    shares = array("d", (-math.log(1.0 - random_()) for _ in range(people)))
    scale = budget / sum(shares)
    written = 0
    carry = 0.0
    for source in range(1, people + 1):
        carry += shares[source - 1] * scale
        degree = min(int(carry), people - 1)
        carry -= degree
        if source == people:
            degree = min(budget - written, people - 1)
        chosen: set[tuple[int, str]] = set()
        attempts = 0
        while len(chosen) < degree and attempts < degree * 10:
            attempts += 1
            target = rank[int(people * random_() ** 2.6)]
            if target == source:
                continue
            if random_() < 0.45:
                kind = _SOCIAL_SYMMETRIC[int(random_() * 3)]
                # Symmetric ties are written by the lower number only, so A–B never
                # appears again as B–A.
                if target < source:
                    kind = _SOCIAL_DIRECTED[int(random_() * 7)]
            else:
                kind = _SOCIAL_DIRECTED[int(random_() * 7)]
            chosen.add((target, kind))
        for target, kind in sorted(chosen):
            out.tie(f"P{source}", f"P{target}", kind, 1 + int(random_() * 4))
        written += len(chosen)
    return written
