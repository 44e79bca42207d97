"""FollowTheMoney entities checked against the toolkit's own schema, personal data and
confidential cases only for those allowed; CSV lists with formulas made inert."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.contrib.auth.models import Permission, User
from followthemoney import model

from commission.audit.models import AuditEvent
from commission.cases.models import Case
from commission.core.errors import NotAllowed
from commission.reports.exports.ftm import export_ftm
from commission.reports.exports.tables import inert, write_csv
from tests.factories import UserFactory


@pytest.fixture
def demo(db):
    from commission.demo.loader import load_demo

    load_demo(letters=True, decide=True)


def _export(user) -> list[dict]:
    out = io.StringIO()
    export_ftm(actor=user, out=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_every_entity_is_valid_in_its_followthemoney_schema(demo):
    rows = _export(User.objects.get(username="chair"))
    ids = {row["id"] for row in rows}
    assert len(ids) == len(rows)
    for row in rows:
        schema = model.get(row["schema"])
        assert schema is not None, row["schema"]
        entity = model.get_proxy(row, cleaned=False)
        for prop in entity.iterprops():
            for value in entity.get(prop):
                assert prop.type.validate(value), (row["schema"], prop.name, value)
                if prop.type.name == "entity":
                    assert value in ids, f"{row['schema']}.{prop.name} points nowhere"
    schemas = {row["schema"] for row in rows}
    assert {"Person", "Membership", "Family", "Associate", "Document", "Documentation",
            "Note", "PublicBody"} <= schemas  # fmt: skip
    # The brother tie of the seed story is kin, with the letter as its proof.
    family = [r for r in rows if r["schema"] == "Family"]
    assert any(r["properties"].get("proof") for r in family)


def test_personal_data_and_confidential_cases_only_for_those_allowed(demo):
    chair = User.objects.get(username="chair")
    notes = [n for r in _export(chair) for n in r["properties"].get("notes", [])]
    assert "telephone: 58–97" in notes
    hidden = Case.objects.filter(subject__surname__icontains="Kasparova")
    refs = set(hidden.values_list("ref", flat=True))
    assert refs
    hidden.update(confidential=True)
    reader = UserFactory(username="reader")
    reader.user_permissions.add(
        *Permission.objects.filter(codename__in=["export_registry", "view_case"])
    )
    reader = User.objects.get(pk=reader.pk)
    rows = _export(reader)
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.after["personal_data"] is False
    assert event.after["confidential_cases"] is False
    assert not any(r["properties"].get("address") for r in rows)
    assert not any("58–97" in n for r in rows for n in r["properties"].get("notes", []))

    def case_refs(rows: list[dict]) -> set[str]:
        names = [n for r in rows if r["schema"] == "Note" for n in r["properties"]["name"]]
        return {name.rsplit(" ", 1)[-1] for name in names}

    assert refs <= case_refs(_export(chair))
    assert case_refs(rows)
    assert not refs & case_refs(rows)


def test_someone_who_may_not_export_gets_nothing(demo):
    member = User.objects.get(username="member")
    events = AuditEvent.objects.count()
    with pytest.raises(NotAllowed, match="export the registry"):
        export_ftm(actor=member, out=io.StringIO())
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
        ("+1", "'+1"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"),
        ("Kasparova-Popova", "Kasparova-Popova"), (None, ""), (63, "63"),
    ],
)  # fmt: skip
def test_a_cell_a_spreadsheet_would_run_is_made_inert(cell, written):
    assert inert(cell) == written


def test_a_csv_list_is_audited_and_reads_back_as_text(db, chair):
    out = io.StringIO()
    count = write_csv(actor=chair, out=out, name="cases", header=["case", "title"],
                      rows=[["K1", "=1+1"], ["K2", "plain"]])  # fmt: skip
    assert count == 2
    assert list(csv.reader(io.StringIO(out.getvalue()))) == [
        ["case", "title"], ["K1", "'=1+1"], ["K2", "plain"],
    ]  # fmt: skip
    event = AuditEvent.objects.order_by("-seq").first()
    assert (event.action, event.target_id) == ("list.export", "cases")


def test_the_command_writes_the_entities_to_a_file(demo, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    path = tmp_path / "demo.ftm.jsonl"
    out = StringIO()
    call_command("export_ftm", str(path), "--as", "chair", stdout=out)
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert out.getvalue().startswith(f"Wrote {len(rows)} entities to {path}: ")
    assert {r["schema"] for r in rows} >= {"Person", "Note"}
