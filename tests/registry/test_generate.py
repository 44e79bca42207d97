"""The synthetic registry: reproducible, shaped like the model case, and importable."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command

from commission.core.errors import InvalidInput
from commission.registry.generate import generate_registry
from commission.registry.generate.lexicon import lexicon
from commission.registry.interchange import import_registry
from commission.registry.models import Membership, Person, Relationship
from commission.registry.names import gendered_surnames


def records(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


@pytest.fixture(scope="module")
def registry(tmp_path_factory) -> list[dict]:
    path = tmp_path_factory.mktemp("gen") / "registry.jsonl"
    generate_registry(destination=path, people=400, relationships=4000, seed=7)
    return records(path)


def test_the_same_seed_gives_the_same_file_and_another_seed_another(tmp_path):
    for name, seed in (("a.jsonl", 3), ("b.jsonl", 3), ("c.jsonl", 4)):
        generate_registry(destination=tmp_path / name, people=200, relationships=900, seed=seed)
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()
    assert (tmp_path / "a.jsonl").read_bytes() != (tmp_path / "c.jsonl").read_bytes()


def test_a_seed_gives_the_registry_it_always_gave(tmp_path):
    # The name lists are data files; a name added, moved or removed would change this.
    generate_registry(destination=tmp_path / "a.jsonl", people=200, relationships=900, seed=3)
    written = (tmp_path / "a.jsonl").read_bytes()
    assert len(written) == 205_827
    assert (
        hashlib.sha256(written).hexdigest()
        == "cb41edabed121f64e20f2a1ab143fcee0f804da25b5c87ada7dd6990cc0829a5"
    )


def test_sizes_are_as_asked(registry):
    kinds = Counter(r["type"] for r in registry)
    assert kinds["person"] == 400
    assert kinds["relationship"] == 4000
    assert kinds["organisation"] == 1


def test_units_and_commissions_form_the_hierarchy(registry):
    units = {r["id"]: r for r in registry if r["type"] == "unit"}
    assert Counter(u["kind"] for u in units.values())["central"] == 1
    parent_kind = {"gubernia": "central", "district": "gubernia", "cell": "district"}
    for unit in units.values():
        if unit["kind"] != "central":
            assert units[unit["parent"]]["kind"] == parent_kind[unit["kind"]]
    commissions = {r["id"]: r for r in registry if r["type"] == "commission"}
    above = {"gubernia": "central", "district": "gubernia"}
    for commission in commissions.values():
        if commission["level"] != "central":
            assert commissions[commission["parent"]]["level"] == above[commission["level"]]


def test_children_carry_the_patronymic_of_their_father_and_the_family_surname(registry):
    people = {r["id"]: r for r in registry if r["type"] == "person"}
    checked = 0
    for tie in (r for r in registry if r["type"] == "relationship" and r["kind"] == "parent"):
        parent, child = people[tie["source"]], people[tie["target"]]
        if parent["gender"] != "male":
            continue
        sons, daughters = lexicon().fathers[parent["given_name"]]
        expected = sons if child["gender"] == "male" else daughters
        assert child["patronymic"] == expected
        masculine, feminine = gendered_surnames(parent["surname"])
        assert child["surname"] == (masculine if child["gender"] == "male" else feminine)
        checked += 1
    assert checked > 50


def test_married_women_have_maiden_names_and_some_are_known_by_pseudonyms(tmp_path):
    path = tmp_path / "r.jsonl"
    generate_registry(destination=path, people=3000, relationships=3000, seed=11)
    people = [r for r in records(path) if r["type"] == "person"]
    maiden = [p for p in people if any(n["kind"] == "maiden" for n in p.get("names", []))]
    assert maiden
    assert all(p["gender"] == "female" for p in maiden)
    assert any("-" in p["surname"] for p in maiden)
    assert any(p.get("known_as") for p in people)
    assert all(
        p["surname"].endswith(("a", "aya"))
        or "-" in p["surname"]
        or p["surname"] == gendered_surnames(p["surname"])[0]
        for p in people
        if p["gender"] == "female"
    )


def test_ties_are_heavy_tailed_and_never_repeated(registry):
    ties = [r for r in registry if r["type"] == "relationship"]
    degree = Counter()
    for tie in ties:
        degree[tie["source"]] += 1
        degree[tie["target"]] += 1
    mean = sum(degree.values()) / 400
    assert max(degree.values()) > 8 * mean
    symmetric = {"sibling", "spouse", "relative", "colleague", "acquaintance"}
    keys = [
        (min(t["source"], t["target"]), max(t["source"], t["target"]), t["kind"])
        if t["kind"] in symmetric
        else (t["source"], t["target"], t["kind"])
        for t in ties
    ]
    assert len(set(keys)) == len(keys)
    assert all(t["source"] != t["target"] for t in ties)


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_a_generated_registry_imports_cleanly(clerk, tmp_path, fmt):
    destination = tmp_path / ("r.jsonl" if fmt == "jsonl" else "r")
    generated = generate_registry(
        destination=destination, people=300, relationships=2500, seed=5, fmt=fmt
    )
    result = import_registry(actor=clerk, paths=[destination])
    assert Person.objects.count() == 300
    assert Relationship.objects.count() == 2500
    assert Membership.objects.count() == generated.counts["memberships"]
    assert result.counts["person"] == 300
    assert result.skipped == 0


def test_too_small_a_registry_is_refused(tmp_path):
    with pytest.raises(InvalidInput) as refused:
        generate_registry(destination=tmp_path / "x.jsonl", people=5)
    assert refused.value.message == "A registry needs at least 20 people to be generated."
    assert not (tmp_path / "x.jsonl").exists()


def test_the_generate_command_writes_and_summarises(tmp_path, capsys):
    call_command(
        "generate",
        str(tmp_path / "g.jsonl"),
        "--people",
        "50",
        "--relationships",
        "120",
        "--seed",
        "2",
    )
    out = capsys.readouterr().out
    assert out.startswith("Wrote 1 organisations, ")
    assert "50 people" in out
    assert "120 relationships" in out
