"""Hostile files are read in workers under time and memory limits and refused with a sentence
naming the file, on every channel, while the rest of a batch and the server go on."""

from __future__ import annotations

import fcntl
import functools
import io
import time
from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from rest_framework.test import APIClient

from commission.demo.loader import DEMO_LETTERS, load_demo
from commission.documents.models import Document, DocumentCopy
from commission.intake import isolation
from commission.intake.reading.model import UnreadableInput
from commission.intake.services import ingest_upload
from tests.intake import hostile
from tests.intake.hostile import allocate, fail, spin

ARCHIVE_PAGE = DEMO_LETTERS / "000_975b19a40894c24e.txt"
TOO_SLOW = "took longer than {seconds} seconds to read and was stopped; nothing from it was filed."
INFLATES = (
    "is a PDF whose compressed contents inflate far beyond any letter (past the PDF reader's "
    "limit), so it was not read; print the letter to a new PDF or save it as text."
)


@functools.cache
def hostile_pdf(name: str) -> bytes:
    return {
        "shared-20.pdf": lambda: hostile.shared_stream(20),
        "shared-2000.pdf": lambda: hostile.shared_stream(2000),
        "inflates.pdf": hostile.inflating,
    }[name]()


def expected_start(name: str, seconds: float) -> tuple[str, ...]:
    """How the refusal of `name` begins. The inflating PDF is refused by the PDF reader's own
    limit, or, on a machine so loaded that inflating up to that limit outlasts the time limit,
    by the time limit: either is a refusal that names the file, within the limit."""
    slow = f"{name}: " + TOO_SLOW.format(seconds=f"{seconds:g}")
    if name == "inflates.pdf":
        return (f"{name}: {INFLATES}", slow)
    return (slow,)


@pytest.fixture(autouse=True)
def _fresh_workers() -> Iterator[None]:
    """Each test starts its own workers (the limits may differ) and stops them after."""
    isolation.shutdown()
    yield
    isolation.shutdown()


@pytest.fixture
def quick(settings):
    """A shorter limit for the tests of each channel; the defaults are tested on their own."""
    settings.LETTER_READ_SECONDS = 3
    return 3


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    load_demo(letters=False)


def stored() -> tuple[int, int]:
    return Document.objects.count(), DocumentCopy.objects.count()


def test_the_built_files_are_the_hostile_ones():
    assert len(hostile_pdf("shared-20.pdf")) < 7 * 1024
    assert len(hostile_pdf("shared-2000.pdf")) < 400 * 1024
    assert 250 * 1024 < len(hostile_pdf("inflates.pdf")) < 350 * 1024


@pytest.mark.parametrize("name", ["shared-20.pdf", "shared-2000.pdf", "inflates.pdf"])
def test_each_hostile_pdf_is_refused_within_ten_seconds_under_the_default_limits(demo, name):
    clerk = User.objects.get(username="clerk")
    data = hostile_pdf(name)
    started = time.monotonic()
    report = ingest_upload(actor=clerk, data=data, file_name=name)
    elapsed = time.monotonic() - started
    assert elapsed < 10
    assert len(report.errors) == 1
    assert report.errors[0].startswith(expected_start(name, isolation.DEFAULT_SECONDS))
    assert (report.filed, report.matched, report.documents) == ([], [], [])
    assert stored() == (0, 0)


@pytest.fixture(params=["command", "web server"])
def start(request, monkeypatch) -> str:
    """Workers started for a command's single thread, or for a threaded web server."""
    threads = 1 if request.param == "command" else 2
    monkeypatch.setattr(isolation.threading, "active_count", lambda: threads)
    return str(request.param)


def test_a_file_that_asks_for_too_much_memory_is_refused_and_the_worker_goes_on(start):
    limits = isolation.ReadingLimits(seconds=5, memory_mb=64, workers=1)
    with pytest.raises(UnreadableInput) as refusal:
        isolation._run(allocate, (1024,), "huge.pdf", limits)
    assert str(refusal.value) == (
        "huge.pdf: needs more than 64 MB of memory to read and was stopped; nothing from it was "
        "filed. Save the letter as text or print it to a new PDF and upload that."
    )
    # The limit is lifted after the task: the same worker reads an ordinary letter.
    letters = isolation.read_file_letters(ARCHIVE_PAGE, limits=limits)
    assert [letter.index for letter in letters] == [0]


def test_a_file_that_computes_past_the_limit_is_stopped_and_a_new_worker_reads_the_next(start):
    limits = isolation.ReadingLimits(seconds=1, memory_mb=256, workers=1)
    started = time.monotonic()
    with pytest.raises(UnreadableInput) as refusal:
        isolation._run(spin, (), "endless.pdf", limits)
    assert time.monotonic() - started < 4
    assert str(refusal.value).startswith("endless.pdf: " + TOO_SLOW.format(seconds="1"))
    letters = isolation.read_file_letters(ARCHIVE_PAGE, limits=limits)
    assert [letter.index for letter in letters] == [0]


def test_a_fault_of_the_reader_becomes_a_sentence_naming_the_file(start):
    limits = isolation.ReadingLimits(seconds=2)
    with pytest.raises(UnreadableInput) as refusal:
        isolation._run(fail, (), "odd.txt", limits)
    assert str(refusal.value) == (
        "odd.txt: could not be read because of a fault in the letter reader (KeyError: "
        "'missing'); nothing from it was filed."
    )


# --- every channel ----------------------------------------------------------------------------


def test_the_upload_page_names_the_hostile_files_and_files_the_good_one(demo, quick, jobs_run):
    client = Client()
    client.force_login(User.objects.get(username="clerk"))
    with jobs_run():
        response = client.post(
            "/letters/upload/",
            {
                "uploads": [
                    SimpleUploadedFile("shared-20.pdf", hostile_pdf("shared-20.pdf")),
                    SimpleUploadedFile("inflates.pdf", hostile_pdf("inflates.pdf")),
                    SimpleUploadedFile(ARCHIVE_PAGE.name, ARCHIVE_PAGE.read_bytes()),
                ]
            },
        )
    assert response.status_code == 302
    page = client.get("/letters/upload/report/")
    report = page.context["report"]
    assert [line.split(":")[0] for line in report["errors"]] == ["shared-20.pdf", "inflates.pdf"]
    assert report["errors"][0].startswith(expected_start("shared-20.pdf", quick))
    assert report["errors"][1].startswith(expected_start("inflates.pdf", quick))
    assert len(report["filed"]) == 1
    assert report["errors"][0] in page.content.decode().replace("&#x27;", "'")
    assert stored() == (1, 1)


@pytest.mark.parametrize("name", ["shared-2000.pdf", "inflates.pdf"])
def test_the_api_reports_the_file_unreadable_naming_it(demo, quick, name, jobs_run):
    client = APIClient()
    client.force_authenticate(User.objects.get(username="clerk"))
    with jobs_run():
        response = client.post(
            "/api/v1/letters/",
            {"file": SimpleUploadedFile(name, hostile_pdf(name))},
            format="multipart",
        )
    assert response.status_code == 202
    status = client.get(response.json()["status_url"])
    assert status["Content-Type"] == "application/json"
    body = status.json()
    assert body["state"] == "done"
    (error,) = body["report"]["errors"]
    assert error["file"] == name
    assert f"{name}: {error['reason']}".startswith(expected_start(name, quick))
    assert stored() == (0, 0)


def test_ingest_goes_on_with_the_batch_and_says_which_file_failed_and_why(demo, quick, tmp_path):
    for name in ("shared-20.pdf", "inflates.pdf"):
        (tmp_path / name).write_bytes(hostile_pdf(name))
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command(
            "ingest",
            str(tmp_path / "inflates.pdf"),
            str(tmp_path / "shared-20.pdf"),
            str(ARCHIVE_PAGE),
            stdout=out,
            stderr=err,
        )
    assert exit_.value.code == 1
    lines = err.getvalue().splitlines()
    assert lines[0] == "Could not be read:"
    assert lines[1] == f"  {tmp_path / 'inflates.pdf'}: {INFLATES}"
    assert lines[2].startswith(f"  {tmp_path / 'shared-20.pdf'}: took longer than 3 seconds")
    assert out.getvalue().splitlines()[-1] == (
        "1 new letter filed, 0 further copies of known letters, 0 skipped, 2 files could not be "
        "read."
    )
    assert stored() == (1, 1)


def test_extract_skips_the_hostile_file_with_a_sentence(db, quick, tmp_path):
    path = tmp_path / "shared-20.pdf"
    path.write_bytes(hostile_pdf("shared-20.pdf"))
    out, err = io.StringIO(), io.StringIO()
    call_command("extract", str(path), str(ARCHIVE_PAGE), stdout=out, stderr=err)
    assert err.getvalue().startswith(f"Skipped {path}: took longer than 3 seconds to read")
    assert out.getvalue().splitlines()[-1] == (
        "1 letter(s) read from 2 file(s); 1 file(s) skipped. Nothing was stored."
    )


def test_a_worker_does_not_keep_a_lock_the_caller_held_when_it_started(tmp_path, start):
    """A worker started while the caller held a lock on a file (the search index's writer lock,
    held while a letter is indexed) does not hold it on: the lock is free once the caller lets
    go of it, not when the worker ends, 200 files later."""
    isolation.shutdown()
    lock = tmp_path / "writer.lock"
    with lock.open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        assert [letter.index for letter in isolation.read_file_letters(ARCHIVE_PAGE)] == [0]
    with lock.open("w") as again:
        fcntl.flock(again, fcntl.LOCK_EX | fcntl.LOCK_NB)  # BlockingIOError if a worker kept it
