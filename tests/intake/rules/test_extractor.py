"""The package: the reader registered as "rules", a whole letter read field by field, and the
modules layered so that each imports only those before it."""

from __future__ import annotations

import ast
from pathlib import Path

from commission.intake.reading import rules
from commission.intake.reading.extractors import get_extractor
from tests.intake.rules.letters import read

ORDER = [
    "context",
    "people",
    "dates",
    "contacts",
    "addressees",
    "author",
    "kin",
    "subjects",
    "stance",
    "requests",
    "notes",
    "extractor",
]
PACKAGE = Path(rules.__file__).parent


def test_the_reader_is_registered_as_rules():
    assert get_extractor("rules") is rules.extract_by_rules


def test_every_module_imports_only_the_modules_before_it():
    assert sorted(p.stem for p in PACKAGE.glob("*.py")) == sorted([*ORDER, "__init__"])
    for name in ORDER:
        tree = ast.parse((PACKAGE / f"{name}.py").read_text())
        imported = {
            node.module.rsplit(".", 1)[1]
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom)
            and node.module
            and node.module.startswith("commission.intake.reading.rules.")
        }
        later = imported - set(ORDER[: ORDER.index(name)])
        assert later == set(), f"{name} imports {sorted(later)}"


def test_a_whole_letter_field_by_field():
    text = (
        "Dear Comrade Ivanov,\n\n"
        "Comrade Lapina was expelled from the Party. I have known her since 1917 and ask you "
        "to reinstate her.\n\n"
        "With communist greetings,\nA. Sidorov\n2 March 1922"
    )

    extraction = read(text)

    fields = {name: [i.value for i in extraction.get(name)] for name in extraction.fields}
    assert {name: found for name, found in fields.items() if found} == {
        "author": ["A. Sidorov"],
        "addressees": ["Ivanov"],
        "date": ["1922-03-02"],
        "subjects": ["Lapina"],
        "stance": ["for"],
        "basis": ["knows_personally"],
        "requests": ["reinstate"],
    }
