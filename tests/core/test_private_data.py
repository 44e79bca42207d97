"""Personal data kept out of caches and out of other accounts' reach: `Cache-Control: no-store`
on what a signed-in user or the API is shown, and data files created mode 0600."""

from __future__ import annotations

import csv
import os
import stat

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from commission.core.env import private_database_file
from commission.core.files import open_private
from commission.registry import services

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def popova(clerk):
    person = services.create_person(
        actor=clerk, ref="kasparova-popova", given_name="Yevgenia", surname="Kasparova-Popova"
    )
    services.add_contact(actor=clerk, person=person, kind="phone", value="58–97")
    return person


@pytest.fixture
def open_umask():
    """A process umask that lets every account read new files, as many machines have."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


class TestNoStore:
    def test_the_person_page_with_contact_details(self, client, clerk, popova):
        client.force_login(clerk)
        response = client.get(f"/registry/people/{popova.ref}/")
        assert response.status_code == 200
        assert "58–97" in response.content.decode()
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert {"no-store", "private"} <= directives

    def test_the_api_answer_with_contact_details(self, clerk, popova):
        api = APIClient()
        api.force_authenticate(clerk)
        response = api.get(f"/api/v1/people/{popova.ref}/")
        assert response.status_code == 200
        assert "58–97" in response.content.decode()
        assert "no-store" in response["Cache-Control"]

    def test_an_api_refusal_too(self, db):
        response = APIClient().get("/api/v1/people/")
        assert response.status_code in (401, 403)
        assert "no-store" in response["Cache-Control"]


class TestPrivateFiles:
    def test_open_private_creates_and_narrows(self, tmp_path, open_umask):
        fresh = tmp_path / "fresh.csv"
        with open_private(fresh) as out:
            out.write("x\n")
        old = tmp_path / "old.csv"
        old.write_text("y\n")
        assert _mode(old) == 0o644
        with open_private(old, "a") as out:
            out.write("z\n")
        assert (_mode(fresh), _mode(old)) == (0o600, 0o600)
        assert old.read_text() == "y\nz\n"

    def test_the_embedded_database_file(self, tmp_path, open_umask):
        path = tmp_path / "data" / "commission.sqlite3"
        private_database_file(path)
        assert (_mode(path), _mode(path.parent), path.stat().st_size) == (0o600, 0o700, 0)
        path.chmod(0o644)
        wal = tmp_path / "data" / "commission.sqlite3-wal"
        wal.write_text("")
        wal.chmod(0o644)
        private_database_file(path)
        assert (_mode(path), _mode(wal)) == (0o600, 0o600)

    @pytest.mark.parametrize("fmt", ["jsonl", "csv"])
    def test_an_export_with_personal_data(self, popova, tmp_path, open_umask, fmt):
        destination = tmp_path / ("out.jsonl" if fmt == "jsonl" else "out")
        call_command(
            "export", str(destination), "--format", fmt, "--include-personal-data", "--as", "clerk"
        )
        files = [destination] if fmt == "jsonl" else sorted(destination.iterdir())
        assert files
        assert {f.name: _mode(f) for f in files} == {f.name: 0o600 for f in files}

    def test_a_report_of_refused_rows(self, clerk, tmp_path, open_umask):
        people = tmp_path / "people.csv"
        people.write_text("id,surname,gender\nP1,Ivanov,m\nP2,Petrova,female\n")
        report = tmp_path / "refused.csv"
        call_command(
            "import", str(people), "--skip-bad-rows", "--report", str(report), "--as", "clerk"
        )
        assert _mode(report) == 0o600
        with report.open(newline="") as lines:
            assert list(csv.reader(lines))[1][:2] == ["people.csv", "2"]
