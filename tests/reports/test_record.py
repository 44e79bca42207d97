"""The whole case record as JSON Lines: written from the demo, loaded into a new, empty
installation in another process, and written again from there gives back every row of every
table, with the links and dates intact and the audit chain whole."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User

from commission.audit.models import AuditEvent
from commission.core.errors import InvalidInput, NotAllowed
from commission.registry.models import MembershipStatusChange, Relationship
from commission.reports.exports.record import FORMAT, export_record, import_record

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def demo(db):
    from commission.demo.loader import load_demo

    load_demo(letters=True, decide=True)


def _commission(var: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CI_DATABASE_URL")}
    env["COMMISSION_VAR_DIR"] = str(var)
    # The record carries the audit chain as written: the new installation continues it, and
    # checks it, with the same audit key (docs/audit.md: moving an installation).
    env["COMMISSION_AUDIT_KEY_FILE"] = str(settings.AUDIT_KEY_FILE)
    done = subprocess.run(
        [sys.executable, "-m", "commission.cli", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


def _rows(path: Path) -> tuple[dict, dict]:
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = {(r["model"], r["pk"]): r["fields"] for r in map(json.loads, lines[1:])}
    return json.loads(lines[0]), rows


def test_a_record_loaded_into_an_empty_installation_gives_back_every_row(demo, tmp_path):
    from commission.demo.loader import DEMO_DIR
    from commission.intake.mail import take_in_message

    system = User.objects.get(username="system")
    # A letter that came by mail: the message as it came travels with the record.
    reply = (DEMO_DIR / "replies" / "invented-reply-from-safarov.txt").read_bytes()
    take_in_message(
        actor=system,
        raw=b"From: g.safarov@example.org\r\nMessage-ID: <r@x>\r\nSubject: Reply\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\n\r\n" + reply,
    )
    first = tmp_path / "first.jsonl"
    with first.open("w", encoding="utf-8") as out:
        written = export_record(actor=system, out=out)
    header, before = _rows(first)
    assert header["format"] == FORMAT
    assert header["version"] == 1
    assert written.total == len(before)
    # The links the registry's own export used to drop are in the record.
    decided = MembershipStatusChange.objects.filter(decision__isnull=False).count()
    assert decided > 0
    assert sum(
        1 for (m, _), f in before.items()
        if m == "registry.membershipstatuschange" and f["decision"] is not None
    ) == decided  # fmt: skip
    assert Relationship.objects.filter(evidence__isnull=False).exists()
    (mail,) = [f for (m, _), f in before.items() if m == "intake.incomingmail"]
    assert mail["message_id"] == "<r@x>"

    var = tmp_path / "new"
    var.mkdir()
    _commission(var, "migrate", "--verbosity", "0")
    assert "Imported" in _commission(var, "import-record", str(first))
    assert "intact" in _commission(var, "audit", "verify")
    second = tmp_path / "second.jsonl"
    _commission(var, "export-record", str(second))
    _, after = _rows(second)

    changed = {key for key in before if after.get(key) != before[key]}
    # Only the chain's head moved on, by the import's event and the second export's.
    assert changed == {("audit.auditchainhead", 1)}
    added = sorted(after.keys() - before.keys())
    last = max(pk for model, pk in before if model == "audit.auditevent")
    assert added == [("audit.auditevent", last + 1), ("audit.auditevent", last + 2)]
    assert [after[key]["action"] for key in added] == ["record.import", "record.export"]


def test_only_someone_who_reads_everything_takes_the_record_out(demo):
    clerk = User.objects.get(username="clerk")
    events = AuditEvent.objects.count()
    with pytest.raises(NotAllowed, match="read confidential cases is needed"):
        export_record(actor=clerk, out=io.StringIO())
    assert AuditEvent.objects.count() == events


def test_the_export_is_an_audited_event_in_the_name_of_who_took_it(demo):
    chair = User.objects.get(username="chair")
    export_record(actor=chair, out=io.StringIO())
    event = AuditEvent.objects.order_by("-seq").first()
    assert (event.action, event.actor_id) == ("record.export", chair.pk)
    assert event.summary == "The whole case record was exported."


@pytest.mark.parametrize(
    ("first_line", "words"),
    [
        ("not json", "Line 1 is not the header"),
        (json.dumps({"format": FORMAT, "version": 99}), "of version 99"),
    ],
)
def test_a_file_that_is_not_a_record_of_this_version_is_refused(db, first_line, words):
    with pytest.raises(InvalidInput, match=words):
        import_record(lines=[first_line])


def test_an_installation_that_holds_records_refuses_an_import(demo):
    events = AuditEvent.objects.count()
    header = json.dumps({"format": FORMAT, "version": 1})
    with pytest.raises(InvalidInput, match="already holds records"):
        import_record(lines=[header])
    assert AuditEvent.objects.count() == events
