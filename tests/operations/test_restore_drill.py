"""The restore drill: the demo's whole story in a database of its own, backed up with `commission
backup`, restored with `commission restore` into another, empty database, and proved whole there:
every table's rows as counted, the audit chain verified, the search index rebuilt and finding
the letters. Then what a restore must refuse: a file changed since the backup, a database that
already holds records, another engine, a folder that is not a backup, someone who does not run
the installation.

Everything runs as the commands a operator would type, in child processes, on SQLite or, in the
PostgreSQL pass of the suite, on fresh PostgreSQL databases beside the one of DATABASE_URL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.installations import fresh_database

ROOT = Path(__file__).resolve().parents[2]
COMMISSION = [sys.executable, "-m", "commission"]


def _env(tmp: Path, name: str) -> dict[str, str]:
    return {
        **os.environ,
        "COMMISSION_VAR_DIR": str(tmp / f"var-{name}"),
        "DATABASE_URL": fresh_database(tmp, name),
    }


def _run(env: dict[str, str], *arguments: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [*COMMISSION, *arguments], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    if ok and done.returncode != 0:
        pytest.fail(f"commission {' '.join(arguments)} failed:\n{done.stdout}\n{done.stderr}")
    return done


@pytest.fixture(scope="module")
def backed_up(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    tmp = tmp_path_factory.mktemp("drill")
    origin = _env(tmp, "origin")
    _run(origin, "migrate", "-v0")
    _run(origin, "demo")
    backup = tmp / "backup"
    made = _run(origin, "backup", str(backup))
    return {"tmp": tmp, "origin": origin, "backup": backup, "made": made.stdout}


def test_a_backup_is_a_folder_of_the_database_and_its_manifest(backed_up):
    backup = backed_up["backup"]
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["format"] == "commission-backup"
    assert (backup / manifest["file"]).is_file()
    assert manifest["tables"]["audit_auditevent"] == manifest["audit_head_seq"] > 100
    assert manifest["tables"]["intake_document"] >= 2
    assert "Backed up" in backed_up["made"]
    for each in (backup, backup / "manifest.json", backup / manifest["file"]):
        assert each.stat().st_mode & 0o077 == 0, f"{each} is readable by others"


def test_the_backup_is_recorded_in_the_audit_trail(backed_up):
    shown = _run(backed_up["origin"], "audit", "verify")
    assert "The audit chain is intact" in shown.stdout
    manifest = json.loads((backed_up["backup"] / "manifest.json").read_text())
    checked = int(shown.stdout.split("intact: ")[1].split(" ")[0])
    assert checked == manifest["audit_head_seq"] + 1  # the backup's own event came after it


def test_the_drill_restores_elsewhere_and_proves_it_whole(backed_up):
    target = _env(backed_up["tmp"], "restored")
    restored = _run(target, "restore", str(backed_up["backup"]))
    assert "The restored database is whole." in restored.stdout
    manifest = json.loads((backed_up["backup"] / "manifest.json").read_text())
    rows = sum(manifest["tables"].values())
    assert f"{rows} rows in {len(manifest['tables'])} tables as counted" in restored.stdout
    assert f"{manifest['audit_head_seq']} audit events checked" in restored.stdout

    verified = _run(target, "audit", "verify")
    assert "The audit chain is intact" in verified.stdout
    found = _run(target, "search", "Kasparova", "--kind", "letters")
    assert "Lenin to Zalutsky and Solts" in found.stdout
    person = _run(target, "search", "Alliluyeva", "--kind", "people")
    assert "Alliluyeva" in person.stdout


def test_a_changed_backup_file_is_refused_and_nothing_is_loaded(backed_up, tmp_path):
    broken = tmp_path / "broken"
    broken.mkdir()
    manifest = json.loads((backed_up["backup"] / "manifest.json").read_text())
    (broken / "manifest.json").write_text(json.dumps(manifest))
    data = bytearray((backed_up["backup"] / manifest["file"]).read_bytes())
    data[len(data) // 2] ^= 0xFF
    (broken / manifest["file"]).write_bytes(bytes(data))

    target = _env(tmp_path, "changed")
    refused = _run(target, "restore", str(broken), ok=False)
    assert refused.returncode != 0
    assert "its SHA-256 differs from the manifest's. Nothing was restored." in refused.stderr
    assert "Traceback" not in refused.stderr


def test_a_database_with_records_is_replaced_only_when_asked(backed_up):
    origin = backed_up["origin"]
    refused = _run(origin, "restore", str(backed_up["backup"]), ok=False)
    assert "already holds records" in refused.stderr
    assert "--replace" in refused.stderr
    replaced = _run(origin, "restore", str(backed_up["backup"]), "--replace")
    assert "The restored database is whole." in replaced.stdout


def test_what_is_not_a_backup_is_refused_with_a_sentence(backed_up, tmp_path):
    target = _env(tmp_path, "nothing")
    refused = _run(target, "restore", str(tmp_path), ok=False)
    assert "is not a Commission backup: it holds no manifest.json" in refused.stderr

    other = tmp_path / "other-engine"
    other.mkdir()
    manifest = json.loads((backed_up["backup"] / "manifest.json").read_text())
    manifest["engine"] = "postgresql" if manifest["engine"] == "sqlite" else "sqlite"
    (other / "manifest.json").write_text(json.dumps(manifest))
    refused = _run(target, "restore", str(other), ok=False)
    assert f"is of a {manifest['engine']} database" in refused.stderr

    refused = _run(backed_up["origin"], "backup", str(backed_up["backup"]), ok=False)
    assert "is not an empty folder" in refused.stderr


def test_only_the_operator_of_the_installation_backs_up_or_restores(backed_up, tmp_path):
    stranger = {**backed_up["origin"], "COMMISSION_OPERATORS": "someone-else"}
    refused = _run(stranger, "backup", str(tmp_path / "stolen"), ok=False)
    assert "Only the operating-system user who runs this installation (someone-else)" in (
        refused.stderr
    )
    assert not (tmp_path / "stolen").exists()
    refused = _run(stranger, "restore", str(backed_up["backup"]), "--replace", ok=False)
    assert "may restore a backup" in refused.stderr
