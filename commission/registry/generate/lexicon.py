"""The names and places the generators draw from, kept as data beside this module and read
once, at first use.

`data/fathers.json` maps men's given names to the patronymics they give their sons and
daughters; each `data/*.txt` file is a list, one item a line, with `#` starting a comment line.
The order and length of every list are part of what a seed generates.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.abc import Traversable
from types import MappingProxyType
from typing import Any


@dataclass(frozen=True)
class Lexicon:
    """The lists as the generators use them."""

    # Men's given names with the patronymics they give their sons and daughters.
    fathers: Mapping[str, tuple[str, str]]
    # The given names of `fathers`, in their order.
    male: tuple[str, ...]
    female: tuple[str, ...]
    # Masculine surnames; the feminine forms follow from names.gendered_surnames.
    surnames: tuple[str, ...]
    pseudonyms: tuple[str, ...]
    gubernias: tuple[str, ...]
    trades: tuple[str, ...]
    streets: tuple[str, ...]


def _data() -> Traversable:
    return resources.files("commission.registry.generate") / "data"


def _items(name: str) -> tuple[str, ...]:
    text = (_data() / name).read_text(encoding="utf-8")
    lines = (line.strip() for line in text.splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))


@cache
def lexicon() -> Lexicon:
    """The lists, read from the data files on the first call and kept."""
    pairs = json.loads((_data() / "fathers.json").read_text(encoding="utf-8"))
    fathers = {given: (son, daughter) for given, (son, daughter) in pairs.items()}
    return Lexicon(
        fathers=MappingProxyType(fathers),
        male=tuple(fathers),
        female=_items("female_given_names.txt"),
        surnames=_items("surnames.txt"),
        pseudonyms=_items("pseudonyms.txt"),
        gubernias=_items("gubernias.txt"),
        trades=_items("trades.txt"),
        streets=_items("streets.txt"),
    )


# The lists under constant names, for code that imports them (the letter generator).
_CONSTANTS = {
    "FATHERS": "fathers", "MALE_GIVEN_NAMES": "male", "FEMALE_GIVEN_NAMES": "female",
    "SURNAMES": "surnames", "PSEUDONYMS": "pseudonyms", "GUBERNIAS": "gubernias",
    "TRADES": "trades", "STREETS": "streets",
}  # fmt: skip


def __getattr__(name: str) -> Any:
    # Module constants (PEP 562), so that importing one reads the files no earlier.
    if name in _CONSTANTS:
        return getattr(lexicon(), _CONSTANTS[name])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
