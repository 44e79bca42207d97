"""Letters over JSON: upload, list, read, compare copies, accept and reject."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile

from commission.audit.models import AuditEvent
from commission.demo.loader import DEMO_LETTERS, load_demo
from commission.documents.models import Document, DocumentCopy
from commission.intake.models import LetterUpload, Proposal
from commission.intake.services import ingest_paths
from commission.registry.models import Mention
from tests.factories import UserFactory

ARCHIVE_PAGE = DEMO_LETTERS / "000_975b19a40894c24e.txt"
WIKI_PAGE = DEMO_LETTERS / "001_a352e46885aa233d.txt"
LETTER_1 = (
    "V. I. Lenin to Zalutsky and Solts, 20 December 1921 — about Nadezhda Sergeyevna Alliluyeva"
)
LETTER_2 = "Lenin to Zalutsky and Solts, 20 December 1921 — about Kasparova-Popova"
REFUSED_REVIEW = "You may not confirm what was read from letters: your role does not allow it."


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    load_demo(letters=False)


@pytest.fixture
def as_user(api, demo):
    def client(username: str) -> Any:
        return api(User.objects.get(username=username))

    return client


@pytest.fixture
def letters(demo) -> tuple[Document, Document]:
    ingest_paths(actor=User.objects.get(username="clerk"), paths=[ARCHIVE_PAGE, WIKI_PAGE])
    return Document.objects.get(title=LETTER_1), Document.objects.get(title=LETTER_2)


def upload(client: Any, name: str, data: bytes) -> Any:
    return client.post(
        "/api/v1/letters/", {"file": SimpleUploadedFile(name, data)}, format="multipart"
    )


def upload_read(client: Any, jobs_run: Any, name: str, data: bytes) -> dict[str, Any]:
    """Upload, let the worker read the file (at the commit), and poll the upload once."""
    with jobs_run():
        response = upload(client, name, data)
    assert response.status_code == 202
    accepted = response.json()
    assert accepted["state"] == "waiting"
    assert response["Location"] == accepted["status_url"]
    answer = client.get(accepted["status_url"])
    assert answer.status_code == 200
    return answer.json()


def state() -> dict[str, Any]:
    return {
        "documents": Document.objects.count(),
        "copies": DocumentCopy.objects.count(),
        "proposals": list(Proposal.objects.order_by("pk").values("pk", "state", "version")),
        "mentions": Mention.objects.count(),
        "events": AuditEvent.objects.count(),
    }


def test_upload_answers_at_once_and_the_upload_says_what_reading_registered(as_user, jobs_run):
    clerk = as_user("clerk")
    read = upload_read(clerk, jobs_run, WIKI_PAGE.name, WIKI_PAGE.read_bytes())
    letter1, letter2 = Document.objects.order_by("pk")
    assert read["state"] == "done"
    assert read["error"] == ""
    assert read["report"] == {
        "filed": [
            f"{WIKI_PAGE.name}, letter 1: new letter “Lenin to Zalutsky and Solts, 20 December "
            "1921 — about Nadezhda Sergeyevna Alliluyeva”, 22 things to confirm.",
            f"{WIKI_PAGE.name}, letter 2: new letter “{LETTER_2}”, 25 things to confirm.",
        ],
        "matched": [],
        "skipped": [],
        "errors": [],
        "letters": [letter1.pk, letter2.pk],
    }

    again = upload_read(clerk, jobs_run, ARCHIVE_PAGE.name, ARCHIVE_PAGE.read_bytes())
    assert again["report"]["matched"] == [
        f"{ARCHIVE_PAGE.name}, letter 1: another copy of “Lenin to Zalutsky and Solts, 20 "
        "December 1921 — about Nadezhda Sergeyevna Alliluyeva”."
    ]

    before = state()
    repeat = upload_read(clerk, jobs_run, WIKI_PAGE.name, WIKI_PAGE.read_bytes())
    assert repeat["report"]["skipped"] == [
        f"{WIKI_PAGE.name}, letter 1: already filed, as a copy of “Lenin to Zalutsky and Solts, "
        "20 December 1921 — about Nadezhda Sergeyevna Alliluyeva”.",
        f"{WIKI_PAGE.name}, letter 2: already filed, as a copy of “{LETTER_2}”.",
    ]
    after = state()
    # Receiving the file is recorded; nothing read from it was filed.
    assert after.pop("events") == before.pop("events") + 1
    assert after == before


def test_an_upload_being_read_says_so(as_user):
    clerk = as_user("clerk")
    # Nothing commits inside the test's transaction, so no worker has read it yet.
    response = upload(clerk, WIKI_PAGE.name, WIKI_PAGE.read_bytes())
    assert response.status_code == 202
    status_url = response.json()["status_url"]
    answer = clerk.get(status_url).json()
    assert answer["state"] == "waiting"
    assert answer["report"] is None
    assert Document.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "data", "detail"),
    [
        ("scan.bin", b"\x00\x01binary\x00", "scan.bin: is a binary file, not text (it contains "
         "NUL bytes)."),
        ("photo.png", b"\x89PNG\r\n\x1a\n....", "photo.png: is a PNG image, not a text, HTML or "
         "PDF file."),
    ],
)  # fmt: skip
def test_a_file_that_cannot_be_read_is_reported_with_its_reason(as_user, jobs_run, name, data,
                                                                detail):  # fmt: skip
    before = state()
    read = upload_read(as_user("clerk"), jobs_run, name, data)
    assert read["state"] == "done"
    assert read["report"]["errors"] == [{"file": name, "reason": detail.removeprefix(f"{name}: ")}]
    assert read["report"]["filed"] == read["report"]["letters"] == []
    after = state()
    assert after.pop("events") == before.pop("events") + 1
    assert after == before


def test_an_empty_file_is_refused_unstored(as_user):
    response = upload(as_user("clerk"), "blank.txt", b"")
    assert response.status_code == 422
    assert response.json()["detail"] == "file: The file is empty."
    assert LetterUpload.objects.count() == 0


def test_a_file_over_the_limit_is_refused_unread(as_user, settings):
    settings.LETTER_UPLOAD_MAX_BYTES = 1024
    size = ARCHIVE_PAGE.stat().st_size
    response = upload(as_user("clerk"), ARCHIVE_PAGE.name, ARCHIVE_PAGE.read_bytes())
    assert response.status_code == 422
    assert response.json() == {
        "detail": f"{ARCHIVE_PAGE.name}: is too large to upload ({size / 1024:.1f} kB; the "
        "limit is 1.0 kB). Split it into smaller files.",
        "errors": {
            "file": [
                f"{ARCHIVE_PAGE.name}: is too large to upload ({size / 1024:.1f} kB; the limit "
                "is 1.0 kB). Split it into smaller files."
            ]
        },
    }
    assert Document.objects.count() == 0


def test_upload_without_a_file_says_how_to_send_one(as_user):
    response = as_user("clerk").post("/api/v1/letters/", {}, format="multipart")
    assert response.status_code == 400
    assert response.json()["detail"] == "file: Send the letter as the multipart field “file”."


def test_a_member_may_not_upload_and_nothing_changes(as_user):
    before = state()
    response = upload(as_user("member"), ARCHIVE_PAGE.name, ARCHIVE_PAGE.read_bytes())
    assert response.status_code == 403
    assert response.json() == {
        "detail": "You may not read the letters: your role does not allow it."
    }
    assert state() == before


def test_the_list_puts_waiting_letters_first_and_filters_by_pending(as_user, letters):
    letter1, letter2 = letters
    clerk = as_user("clerk")
    clerk.post(f"/api/v1/letters/{letter2.pk}/accept-all/")

    everything = clerk.get("/api/v1/letters/").json()
    assert everything["count"] == 2
    assert [(r["title"], r["pending"], r["copies"]) for r in everything["results"]] == [
        (LETTER_1, 22, 2),
        (LETTER_2, 0, 1),
    ]
    first = everything["results"][0]
    assert (first["written_on"], first["written_at"], first["kind"]) == (
        "1921-12-20", "20:00:00", "letter",
    )  # fmt: skip
    waiting = clerk.get("/api/v1/letters/", {"pending": "true"}).json()
    assert [r["id"] for r in waiting["results"]] == [letter1.pk]
    done = clerk.get("/api/v1/letters/", {"pending": "false"}).json()
    assert [r["id"] for r in done["results"]] == [letter2.pk]
    bad = clerk.get("/api/v1/letters/", {"pending": "perhaps"})
    assert bad.status_code == 400
    assert bad.json()["detail"] == "pending: Must be a valid boolean."


def test_a_letter_with_its_copies_and_proposals(as_user, letters):
    letter1, _ = letters
    body = as_user("commissioner").get(f"/api/v1/letters/{letter1.pk}/").json()

    assert body["title"] == LETTER_1
    assert body["text"].startswith("Comrade Zalutsky and Comrade Solts\n\nI have learned")
    assert body["notes_text"] == "[1] Nadezhda Alliluyeva was reinstated in the Party."
    assert body["pending"] == 22
    archive, wiki = body["copies"]
    assert {
        k: archive[k] for k in ("channel", "archive", "publication", "history", "file_name")
    } == {
        "channel": "archive_page",
        "archive": "Lenin Internet Archive",
        "publication": "First published in 1959 in Lenin Miscellany XXXVI. Printed from a "
        "typewritten copy.",
        "history": ["telephone", "typewritten_copy", "published_edition"],
        "file_name": ARCHIVE_PAGE.name,
    }
    assert (wiki["channel"], wiki["archive"], wiki["file_name"]) == (
        "wiki_page", "Marxists-en", WIKI_PAGE.name,
    )  # fmt: skip
    zalutsky = next(p for p in body["proposals"] if p["summary"].startswith("Addressee: “Zal"))
    assert zalutsky["kind"] == "person"
    assert zalutsky["state"] == "pending"
    assert zalutsky["span"] == {"part": "text", "start": 8, "end": 16, "text": "Zalutsky"}
    assert zalutsky["result"] is None
    assert zalutsky["payload"]["role"] == "addressee"


def test_the_differences_between_copies_as_operations(as_user, letters):
    letter1, letter2 = letters
    clerk = as_user("clerk")
    body = clerk.get(f"/api/v1/letters/{letter1.pk}/copies/diff/").json()
    assert len(body) == 1
    comparison = body[0]
    assert (comparison["base"]["channel"], comparison["other"]["channel"]) == (
        "archive_page", "wiki_page",
    )  # fmt: skip
    assert comparison["identical"] is False
    assert comparison["notes"] == [
        {"op": "replace", "base": "[1] ", "other": "1. "},
        {
            "op": "equal",
            "base": "Nadezhda Alliluyeva was reinstated in the Party.",
            "other": "Nadezhda Alliluyeva was reinstated in the Party.",
        },
    ]
    assert comparison["text"][-1] == {"op": "insert", "base": "", "other": "Lenin"}
    # Put together again, each side is its copy's words.
    copies = list(DocumentCopy.objects.filter(document=letter1).order_by("pk"))
    base = "".join(op["base"] for op in comparison["text"])
    other = "".join(op["other"] for op in comparison["text"])
    assert base.split() == copies[0].text.split()
    assert other.split() == copies[1].text.split()

    assert clerk.get(f"/api/v1/letters/{letter2.pk}/copies/diff/").json() == []


def test_accepting_and_rejecting_proposals(as_user, letters):
    letter1, _ = letters
    clerk = as_user("clerk")
    zalutsky = Proposal.objects.get(document=letter1, key="person:addressee:P-zalutsky")
    kerensky = Proposal.objects.get(document=letter1, summary__contains="Kerensky")
    filing = Proposal.objects.get(document=letter1, kind="filing")

    accepted = clerk.post(f"/api/v1/proposals/{zalutsky.pk}/accept/", {}, format="json")
    assert accepted.status_code == 200
    assert accepted.json()["state"] == "accepted"
    assert accepted.json()["decided_by"] == "clerk"
    assert accepted.json()["result"] == {
        "kind": "person",
        "ref": "P-zalutsky",
        "label": "Pyotr Antonovich Zalutsky",
        "url": "/registry/people/P-zalutsky/",
    }

    wrong = clerk.post(
        f"/api/v1/proposals/{filing.pk}/accept/", {"person_ref": "P-zinoviev"}, format="json"
    )
    assert wrong.status_code == 422
    assert wrong.json()["detail"] == "Only a person proposal can be given another person."

    unknown = clerk.post(
        f"/api/v1/proposals/{kerensky.pk}/accept/", {"person_ref": "P-nobody"}, format="json"
    )
    assert unknown.status_code == 422
    assert unknown.json() == {
        "detail": "There is no person 'P-nobody' in the registry.",
        "errors": {"person_ref": ["There is no person 'P-nobody' in the registry."]},
    }
    chosen = clerk.post(
        f"/api/v1/proposals/{kerensky.pk}/accept/", {"person_ref": "P-zinoviev"}, format="json"
    )
    assert chosen.status_code == 200
    assert chosen.json()["result"]["ref"] == "P-zinoviev"

    rejected = clerk.post(
        f"/api/v1/proposals/{filing.pk}/reject/", {"reason": "filed by hand"}, format="json"
    )
    assert rejected.status_code == 200
    assert rejected.json()["state"] == "rejected"
    again = clerk.post(f"/api/v1/proposals/{filing.pk}/reject/", {}, format="json")
    assert again.status_code == 422
    assert again.json()["detail"] == "This proposal is already rejected."
    missing = clerk.post("/api/v1/proposals/999999/reject/", {}, format="json")
    assert missing.status_code == 404
    assert missing.json()["detail"] == "There is no proposal with the number 999999."


def test_accept_all_answers_what_was_accepted_and_left(as_user, letters):
    letter1, _ = letters
    response = as_user("clerk").post(f"/api/v1/letters/{letter1.pk}/accept-all/")
    assert response.status_code == 200
    body = response.json()
    assert body["accepted"] == 21
    assert body["left"] == [
        "Mentioned: “Kerensky” is not in the registry: add as a new person. — left for you: "
        "adding someone the letter only mentions is your decision."
    ]
    assert body["letter"]["pending"] == 1
    filing = next(p for p in body["letter"]["proposals"] if p["kind"] == "filing")
    assert filing["result"]["kind"] == "case"
    assert filing["result"]["url"] == f"/cases/{filing['result']['ref']}/"


@pytest.mark.parametrize("username", ["commissioner", "outsider"])
def test_only_reviewers_confirm_and_nothing_changes(as_user, letters, username):
    letter1, _ = letters
    if username == "outsider":
        UserFactory(username="outsider")
    client = as_user(username)
    zalutsky = Proposal.objects.get(document=letter1, key="person:addressee:P-zalutsky")
    expected = (
        REFUSED_REVIEW
        if username == "commissioner"
        else "You may not read the letters: your role does not allow it."
    )
    before = state()
    for url in [
        f"/api/v1/proposals/{zalutsky.pk}/accept/",
        f"/api/v1/proposals/{zalutsky.pk}/reject/",
        f"/api/v1/letters/{letter1.pk}/accept-all/",
    ]:
        response = client.post(url, {}, format="json")
        assert response.status_code == 403
        assert response.json() == {"detail": expected}
    assert state() == before
