"""The extractor registry. An extractor is a function from a `Letter` to an `Extraction`.

The built-in rule-based extractor registers itself here exactly as a third-party one would: with
the `extractor` decorator, in a module that is imported when the registry is first used. Other
packages add theirs through the `commission.extractors` entry-point group (the entry point names
a module; importing it runs its decorators).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from importlib.metadata import entry_points

from commission.intake.reading.model import Extraction, Letter

Extractor = Callable[[Letter], Extraction]

EXTRACTORS: dict[str, Extractor] = {}
BUILTIN_MODULES = ("commission.intake.reading.rules", "commission.intake.reading.ru.extractor")
DEFAULT = "rules"
_loaded = False


def extractor(name: str) -> Callable[[Extractor], Extractor]:
    """Register `function` under `name`; a second registration of one name is refused, so two
    plug-ins cannot silently replace each other."""

    def register(function: Extractor) -> Extractor:
        if name in EXTRACTORS and EXTRACTORS[name] is not function:
            raise ValueError(f"An extractor named {name!r} is already registered.")
        EXTRACTORS[name] = function
        return function

    return register


def load_extractors() -> dict[str, Extractor]:
    global _loaded
    if not _loaded:
        for module in BUILTIN_MODULES:
            importlib.import_module(module)
        for entry in entry_points(group="commission.extractors"):
            importlib.import_module(entry.value.split(":")[0])
        _loaded = True
    return EXTRACTORS


def get_extractor(name: str = DEFAULT) -> Extractor:
    available = load_extractors()
    try:
        return available[name]
    except KeyError:
        known = ", ".join(sorted(available)) or "none"
        raise LookupError(f"No extractor named {name!r} (registered: {known}).") from None
