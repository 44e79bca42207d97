"""The upload answering before the file is read, and the Background work page and its API."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from commission.api.services import issue_api_token
from commission.demo.loader import DEMO_LETTERS
from commission.documents.models import Document
from commission.intake.models import LetterUpload
from commission.jobs.models import Job
from commission.jobs.running import run_job_message
from commission.jobs.services import enqueue_job
from tests.jobs.failing import FAILS_AT_ONCE

WIKI_PAGE = DEMO_LETTERS / "001_a352e46885aa233d.txt"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _api(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {issue_api_token(user=user).key}")
    return client


def _failed_job(jobs_run) -> Job:
    with jobs_run():
        job = enqueue_job(
            name=FAILS_AT_ONCE, arguments={"archive": "archive.example"},
            description="Fetch the letters from archive.example",
        )  # fmt: skip
    job.refresh_from_db()
    assert job.state == "failed"
    return job


def test_the_upload_answers_before_the_file_is_read_and_the_page_polls(clerk):
    client = _client(clerk)
    data = WIKI_PAGE.read_bytes()
    # Nothing commits inside the test's transaction: no worker reads the file meanwhile.
    response = client.post(
        "/letters/upload/", {"uploads": [SimpleUploadedFile(WIKI_PAGE.name, data)]}
    )
    assert response.status_code == 302
    assert response["Location"] == "/letters/upload/report/"
    upload = LetterUpload.objects.get()
    assert (upload.file_name, bytes(upload.data), upload.uploaded_by) == (
        WIKI_PAGE.name,
        data,
        clerk,
    )
    assert upload.job.state == "waiting"
    assert Document.objects.count() == 0

    page = client.get("/letters/upload/report/").content.decode()
    assert "Being read…" in page
    assert f"<li>{WIKI_PAGE.name} — waiting for a worker</li>" in page
    assert 'hx-get="/letters/upload/report/" hx-trigger="every 1s"' in page
    assert "0 new letters" not in page  # nothing to count yet

    run_job_message(upload.job.pk)  # as a worker does
    partial = client.get("/letters/upload/report/", headers={"HX-Request": "true"})
    html = partial.content.decode()
    assert html.startswith('<div id="upload-progress">')  # no more polling
    assert "Being read…" not in html
    assert "2 new letters, 0 further copies of known letters, 0 skipped" in html
    assert Document.objects.count() == 2


def test_a_failed_reading_is_shown_with_its_reason_and_a_retry_button(clerk):
    client = _client(clerk)
    client.post("/letters/upload/", {"uploads": [SimpleUploadedFile("a.txt", b"Comrade,")]})
    upload = LetterUpload.objects.get()
    Job.objects.filter(pk=upload.job_id).update(
        state="failed", attempts=3, error="The database was not reachable."
    )
    page = client.get("/letters/upload/report/").content.decode()
    assert "a.txt could not be read after 3 attempts: The database was not reachable." in page
    assert f'action="/work/{upload.job_id}/retry/"' in page
    assert "every 1s" not in page


def test_the_background_work_page_lists_failed_jobs_with_their_error(clerk, jobs_run):
    job = _failed_job(jobs_run)
    page = _client(clerk).get("/work/").content.decode()
    assert "0 waiting, 0 waiting to be tried again, 0 running, 1 failed." in page
    assert (
        '<tr><th scope="row">Fetch the letters from archive.example</th><td>A fault stopped the '
        "work (ConnectionError: the archive server archive.example did not answer).</td><td>1</td>"
    ) in page
    assert f'action="/work/{job.pk}/retry/"' in page


def test_the_retry_button_puts_the_job_back(clerk, jobs_run):
    job = _failed_job(jobs_run)
    response = _client(clerk).post(f"/work/{job.pk}/retry/")
    assert response.status_code == 302
    assert response["Location"] == "/work/"
    job.refresh_from_db()
    assert (job.state, job.attempts, job.error) == ("waiting", 0, "")


def test_a_member_sees_no_background_work_and_may_not_retry(member, jobs_run):
    job = _failed_job(jobs_run)
    client = _client(member)
    assert client.get("/work/").status_code == 403
    client.post(f"/work/{job.pk}/retry/")
    job.refresh_from_db()
    assert job.state == "failed"


def test_the_api_lists_failed_jobs_and_retries_one(clerk, jobs_run):
    job = _failed_job(jobs_run)
    api = _api(clerk)
    listed = api.get("/api/v1/jobs/", {"state": "failed"}).json()
    assert listed["count"] == 1
    (row,) = listed["results"]
    assert (row["id"], row["state"], row["attempts"], row["max_attempts"]) == (
        job.pk,
        "failed",
        1,
        1,
    )
    assert row["error"].startswith("A fault stopped the work (ConnectionError:")
    retried = api.post(f"/api/v1/jobs/{job.pk}/retry/")
    assert retried.status_code == 200
    assert retried.json()["state"] == "waiting"
    again = api.post(f"/api/v1/jobs/{job.pk}/retry/")
    assert again.status_code == 409
    assert again.json()["detail"] == (
        f"Job {job.pk} (Fetch the letters from archive.example) has not failed: it is waiting, "
        "so there is nothing to retry."
    )


def test_the_api_refuses_an_empty_state_rather_than_listing_every_job(clerk, jobs_run):
    _failed_job(jobs_run)
    answer = _api(clerk).get("/api/v1/jobs/?state=")
    assert answer.status_code == 400
    assert answer.json()["errors"] == {"state": ["Give state a value, or leave it out."]}


def test_an_upload_address_that_is_not_a_uuid_is_not_found(clerk):
    answer = _api(clerk).get("/api/v1/letters/uploads/3ad0589c6d8d70e5daf96eb20cf85f574-b8/")
    assert answer.status_code == 404
    assert answer.json()["detail"] == ("There is no upload 3ad0589c6d8d70e5daf96eb20cf85f574-b8.")
