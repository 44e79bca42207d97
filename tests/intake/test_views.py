"""The letter pages: the queue, uploading, reviewing with highlighted words, accepting and
rejecting (with htmx and without), choosing another person, and comparing copies."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils.html import escape

from commission.audit.models import AuditEvent
from commission.cases.models import CaseDocument
from commission.demo.loader import DEMO_LETTERS, load_demo
from commission.documents.models import Document, DocumentCopy
from commission.inquiries.models import Inquiry
from commission.intake.models import Proposal
from commission.intake.services import accept_all, ingest_paths
from commission.registry.models import Mention, Person, Relationship
from tests.factories import UserFactory

ARCHIVE_PAGE = DEMO_LETTERS / "000_975b19a40894c24e.txt"
WIKI_PAGE = DEMO_LETTERS / "001_a352e46885aa233d.txt"
LETTER_1 = (
    "V. I. Lenin to Zalutsky and Solts, 20 December 1921 — about Nadezhda Sergeyevna Alliluyeva"
)
LETTER_2 = "Lenin to Zalutsky and Solts, 20 December 1921 — about Kasparova-Popova"
MARKUP_LETTER = (
    "Comrade Solts,\n\nI ask you to verify the case of Ivan Petrovich Sidorov "
    "<script>alert('x')</script>, who was expelled.\n\nIvan Orlov\n3 March 1922\n"
)


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    load_demo(letters=False)


def signed_in(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


@pytest.fixture
def clerk_client(demo) -> Client:
    return signed_in("clerk")


@pytest.fixture
def letters(demo) -> tuple[Document, Document]:
    ingest_paths(actor=User.objects.get(username="clerk"), paths=[ARCHIVE_PAGE, WIKI_PAGE])
    return Document.objects.get(title=LETTER_1), Document.objects.get(title=LETTER_2)


def proposal(document: Document, key: str) -> Proposal:
    return Proposal.objects.get(document=document, key=key)


def file_of(path: Any, name: str | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name or path.name, path.read_bytes())


def state() -> dict[str, Any]:
    return {
        "documents": list(Document.objects.order_by("pk").values()),
        "copies": DocumentCopy.objects.count(),
        "proposals": list(Proposal.objects.order_by("pk").values("pk", "state", "version")),
        "mentions": Mention.objects.count(),
        "ties": Relationship.objects.count(),
        "people": Person.objects.count(),
        "events": AuditEvent.objects.count(),
    }


# --- Uploading ---------------------------------------------------------------------------


def test_upload_files_each_file_and_reports_bad_ones_in_sentences(clerk_client, jobs_run):
    with jobs_run():
        response = clerk_client.post(
            "/letters/upload/",
            {
                "uploads": [
                    file_of(ARCHIVE_PAGE),
                    SimpleUploadedFile("scan.bin", b"\x00\x01binary\x00\x02"),
                    SimpleUploadedFile("blank.txt", b""),
                    file_of(WIKI_PAGE),
                ]
            },
        )
    assert response.status_code == 302
    assert response["Location"] == "/letters/upload/report/"
    page = clerk_client.get("/letters/upload/report/")
    assert page.status_code == 200
    assert page.context["report"] == {
        "filed": [
            f"000_975b19a40894c24e.txt, letter 1: new letter “{LETTER_1}”, 22 things to confirm.",
            f"001_a352e46885aa233d.txt, letter 2: new letter “{LETTER_2}”, 25 things to confirm.",
        ],
        "matched": [f"001_a352e46885aa233d.txt, letter 1: another copy of “{LETTER_1}”."],
        "skipped": [],
        "errors": [
            "scan.bin: is a binary file, not text (it contains NUL bytes).",
            "blank.txt: is empty.",
        ],
        "documents": [
            Document.objects.get(title=LETTER_1).pk,
            Document.objects.get(title=LETTER_2).pk,
        ],
    }
    html = page.content.decode()
    assert "<li>scan.bin: is a binary file, not text (it contains NUL bytes).</li>" in html
    assert "<li>blank.txt: is empty.</li>" in html
    assert (
        "2 new letters, 1 further copy of known letters, 0 skipped, 2 files that could not be "
        "read." in html
    )
    assert Document.objects.count() == 2
    assert DocumentCopy.objects.count() == 3


def test_uploading_the_same_files_again_adds_nothing(clerk_client, jobs_run, letters):
    before = state()
    with jobs_run():
        clerk_client.post(
            "/letters/upload/", {"uploads": [file_of(ARCHIVE_PAGE), file_of(WIKI_PAGE)]}
        )
    report = clerk_client.get("/letters/upload/report/").context["report"]
    assert report["filed"] == report["matched"] == report["errors"] == []
    assert report["skipped"] == [
        f"000_975b19a40894c24e.txt, letter 1: already filed, as a copy of “{LETTER_1}”.",
        f"001_a352e46885aa233d.txt, letter 1: already filed, as a copy of “{LETTER_1}”.",
        f"001_a352e46885aa233d.txt, letter 2: already filed, as a copy of “{LETTER_2}”.",
    ]
    after = state()
    # Receiving each file to read is recorded; nothing read from them was filed.
    assert after.pop("events") == before.pop("events") + 2
    assert after == before


def test_a_file_over_the_size_limit_is_refused_unread_and_the_rest_is_filed(
    clerk_client, jobs_run, settings
):
    settings.LETTER_UPLOAD_MAX_BYTES = 1024
    size = ARCHIVE_PAGE.stat().st_size
    assert size > 1024
    small = SimpleUploadedFile("short.txt", MARKUP_LETTER.encode())
    with jobs_run():
        clerk_client.post("/letters/upload/", {"uploads": [file_of(ARCHIVE_PAGE), small]})
    report = clerk_client.get("/letters/upload/report/").context["report"]
    assert report["errors"] == [
        f"000_975b19a40894c24e.txt: is too large to upload ({size / 1024:.1f} kB; the limit is "
        "1.0 kB). Split it into smaller files."
    ]
    assert len(report["filed"]) == 1
    assert list(Document.objects.values_list("title", flat=True)) == [
        "Ivan Orlov to Solts, 3 March 1922 — about Ivan Petrovich Sidorov"
    ]


def test_uploading_nothing_is_answered_on_the_form(clerk_client):
    response = clerk_client.post("/letters/upload/", {})
    assert response.status_code == 400
    assert "Choose at least one file to upload." in response.content.decode()


def test_a_member_may_not_upload_and_nothing_changes(demo):
    member = signed_in("member")
    before = state()
    page = member.get("/letters/upload/")
    assert page.status_code == 403
    assert "You may not register letters: your role does not allow it." in page.content.decode()
    response = member.post("/letters/upload/", {"uploads": [file_of(ARCHIVE_PAGE)]})
    assert response.status_code == 403
    assert "You may not register letters: your role does not allow it." in (
        response.content.decode()
    )
    assert state() == before


# --- The queue ---------------------------------------------------------------------------


def test_the_queue_puts_waiting_letters_first_and_filters(clerk_client, letters):
    letter1, letter2 = letters
    clerk = User.objects.get(username="clerk")
    accept_all(actor=clerk, document=letter2)  # nothing left on Letter 2
    accept_all(actor=clerk, document=letter1)  # Kerensky is left on Letter 1

    page = clerk_client.get("/letters/")
    rows = list(page.context["page"])
    assert [(d.title, d.pending_count, d.copy_count) for d in rows] == [
        (LETTER_1, 1, 2),
        (LETTER_2, 0, 1),
    ]
    html = page.content.decode()
    assert '<span class="tag pending">1 to confirm</span>' in html
    assert f'<a href="/letters/{letter1.pk}/copies/">2</a>' in html

    waiting = clerk_client.get("/letters/", {"state": "waiting"})
    assert [d.title for d in waiting.context["page"]] == [LETTER_1]
    done = clerk_client.get("/letters/", {"state": "done"})
    assert [d.title for d in done.context["page"]] == [LETTER_2]
    found = clerk_client.get("/letters/", {"q": "kasparova"}, HTTP_HX_REQUEST="true")
    assert [d.title for d in found.context["page"]] == [LETTER_2]
    assert "<html" not in found.content.decode()  # the htmx partial alone
    none = clerk_client.get("/letters/", {"q": "Trotsky", "state": "waiting"})
    assert "No letter matches these filters." in none.content.decode()


# --- Reviewing ---------------------------------------------------------------------------


def test_the_review_page_marks_each_proposals_words(clerk_client, letters):
    letter1, _ = letters
    zalutsky = proposal(letter1, "person:addressee:P-zalutsky")
    outcome = Proposal.objects.get(document=letter1, kind="outcome")

    page = clerk_client.get(f"/letters/{letter1.pk}/")

    assert page.status_code == 200
    html = page.content.decode()
    assert (
        f'Comrade <mark class="mark-person mark-pending" id="words-{zalutsky.pk}" '
        f'aria-describedby="proposal-{zalutsky.pk}-summary">Zalutsky</mark> and Comrade'
    ) in html
    assert (
        f'<span id="proposal-{zalutsky.pk}-summary">Addressee: “Zalutsky” is Pyotr Antonovich '
        "Zalutsky (name form, 100%).</span>"
    ) in html
    # The editors' footnote is marked in the notes part.
    assert (
        f'<mark class="mark-outcome mark-pending" id="words-{outcome.pk}" '
        f'aria-describedby="proposal-{outcome.pk}-summary">[1] Nadezhda Alliluyeva was '
        "reinstated in the Party.</mark>"
    ) in html
    # The author was read from the archive header, which is not the letter: no mark, but the
    # words are quoted beside the proposal.
    author = proposal(letter1, "person:author:P-lenin")
    assert f'id="words-{author.pk}"' not in html
    assert "In the archive header: <q>V. I.   Lenin</q>" in html
    # Both copies with their provenance.
    assert "Lenin Internet Archive" in html
    assert "First published in 1959 in Lenin Miscellany XXXVI." in html
    assert "Marxists-en" in html
    assert "(before that: dictated by telephone, typewritten copy, published edition)" in html
    # Every mark opened is closed: the markup stays well formed where spans nest and cross.
    text = html[html.index('<div class="letter-text">') :]
    text = text[: text.index("</section>")]
    assert text.count("<mark ") == text.count("</mark>")


def test_markup_in_a_letter_is_shown_as_text(clerk_client, jobs_run):
    html_page = (
        "<html><head><title>Letter</title></head><body><p>Comrade Solts,</p><p>I ask you to "
        "verify the case of Ivan Petrovich Sidorov &lt;script&gt;alert(1)&lt;/script&gt;, who "
        "was expelled.</p><script>alert(2)</script><p>Ivan Orlov<br>3 March 1922</p>"
        "</body></html>"
    )
    with jobs_run():
        clerk_client.post(
            "/letters/upload/",
            {
                "uploads": [
                    SimpleUploadedFile("orlov.txt", MARKUP_LETTER.encode()),
                    SimpleUploadedFile("orlov.html", html_page.encode()),
                ]
            },
        )
    for document in Document.objects.all():
        html = clerk_client.get(f"/letters/{document.pk}/").content.decode()
        assert "<script>alert" not in html
        assert "alert(2)" not in html
    plain = Document.objects.get(text__contains="alert('x')")
    html = clerk_client.get(f"/letters/{plain.pk}/").content.decode()
    assert "Sidorov</mark></mark> &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;, who" in html
    marked = Document.objects.get(text__contains="alert(1)")
    html = clerk_client.get(f"/letters/{marked.pk}/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_accepting_with_htmx_swaps_the_row_with_its_result(clerk_client, letters):
    letter1, _ = letters
    zalutsky = proposal(letter1, "person:addressee:P-zalutsky")

    response = clerk_client.post(
        f"/letters/proposals/{zalutsky.pk}/accept/", HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith(f'<tr id="proposal-{zalutsky.pk}" class="proposal proposal-accepted">')
    assert '<a href="/registry/people/P-zalutsky/">Pyotr Antonovich Zalutsky</a>' in html
    assert "Accept</button>" not in html
    zalutsky.refresh_from_db()
    assert (zalutsky.state, zalutsky.decided_by.username) == ("accepted", "clerk")
    assert Mention.objects.filter(
        document=letter1, person__ref="P-zalutsky", role="addressee"
    ).exists()


def test_accepting_without_javascript_returns_to_the_row(clerk_client, letters):
    letter1, _ = letters
    filing = Proposal.objects.get(document=letter1, kind="filing")

    response = clerk_client.post(f"/letters/proposals/{filing.pk}/accept/")

    assert response.status_code == 302
    assert response["Location"] == f"/letters/{letter1.pk}/#proposal-{filing.pk}"
    page = clerk_client.get(response["Location"])
    html = page.content.decode()
    assert f"Accepted: {filing.summary}" in html
    filing.refresh_from_db()
    case = CaseDocument.objects.get(pk=filing.result_id).case
    assert (
        f'<a href="/cases/{case.ref}/">Filed on the {case.get_kind_display()} of Nadezhda '
        "Sergeyevna Alliluyeva</a>"
    ) in html
    assert f">{case.ref}<" not in html  # the reference stays in the address


def test_a_refusal_of_the_service_is_shown_in_place_and_nothing_changes(clerk_client, letters):
    letter1, _ = letters
    father = Proposal.objects.get(
        document=letter1, summary__startswith="Relative: “Nadezhda Sergeyevna Alliluyeva's father”"
    )
    tie = Proposal.objects.filter(document=letter1, key__startswith=f"tie:{father.key}:").first()
    assert tie is not None
    clerk_client.post(f"/letters/proposals/{father.pk}/reject/")
    before = state()
    sentence = (
        "“Nadezhda Sergeyevna Alliluyeva's father” was rejected as a person, so this cannot be "
        "accepted; accept or correct that person first."
    )

    page = clerk_client.post(f"/letters/proposals/{tie.pk}/accept/")
    assert page.status_code == 400
    assert f'<p class="error" role="alert">{escape(sentence)}</p>' in page.content.decode()

    row = clerk_client.post(f"/letters/proposals/{tie.pk}/accept/", HTTP_HX_REQUEST="true")
    assert row.status_code == 200
    assert row.content.decode().startswith(
        f'<tr id="proposal-{tie.pk}" class="proposal proposal-pending">'
    )
    assert f'<p class="error" role="alert">{escape(sentence)}</p>' in row.content.decode()
    assert state() == before


def test_deciding_twice_is_refused_with_a_sentence(clerk_client, letters):
    letter1, _ = letters
    kerensky = Proposal.objects.get(document=letter1, summary__contains="Kerensky")
    clerk_client.post(f"/letters/proposals/{kerensky.pk}/reject/", {"reason": "a bystander"})
    row = clerk_client.post(f"/letters/proposals/{kerensky.pk}/reject/", HTTP_HX_REQUEST="true")
    assert "This proposal is already rejected." in row.content.decode()
    assert AuditEvent.objects.filter(action="proposal.reject").count() == 1


def test_choosing_another_person_for_a_person_proposal(clerk_client, letters):
    letter1, _ = letters
    kerensky = Proposal.objects.get(document=letter1, summary__contains="Kerensky")
    url = f"/letters/proposals/{kerensky.pk}/people/"

    choices = clerk_client.get(url, {"q": "Zinoviev"}, HTTP_HX_REQUEST="true")
    html = choices.content.decode()
    assert "<html" not in html
    assert 'name="person_ref"' in html
    assert 'value="P-zinoviev" checked' in html
    full = clerk_client.get(url, {"q": "Zinoviev"})
    assert "Choose the person the letter means" in full.content.decode()
    nobody = clerk_client.get(url, {"q": "Trotsky"}, HTTP_HX_REQUEST="true")
    assert "Nobody in the registry matches “Trotsky”." in nobody.content.decode()

    unchosen = clerk_client.post(
        f"/letters/proposals/{kerensky.pk}/accept/", {"choosing": "1"}, HTTP_HX_REQUEST="true"
    )
    assert "Choose a person from the list first, or accept the proposal as it stands." in (
        unchosen.content.decode()
    )
    kerensky.refresh_from_db()
    assert kerensky.state == "pending"

    chosen = clerk_client.post(
        f"/letters/proposals/{kerensky.pk}/accept/",
        {"choosing": "1", "person_ref": "P-zinoviev"},
        HTTP_HX_REQUEST="true",
    )
    assert '<a href="/registry/people/P-zinoviev/">' in chosen.content.decode()
    kerensky.refresh_from_db()
    assert (kerensky.state, kerensky.payload["chosen"]) == ("accepted", "P-zinoviev")
    assert Mention.objects.filter(
        document=letter1, person__ref="P-zinoviev", role="mentioned"
    ).exists()


def test_another_person_only_for_a_person_proposal(clerk_client, letters):
    letter1, _ = letters
    filing = Proposal.objects.get(document=letter1, kind="filing")
    row = clerk_client.post(
        f"/letters/proposals/{filing.pk}/accept/",
        {"person_ref": "P-zinoviev"},
        HTTP_HX_REQUEST="true",
    )
    assert "Only a person proposal can be given another person." in row.content.decode()
    assert clerk_client.get(f"/letters/proposals/{filing.pk}/people/").status_code == 404


def test_accept_all_shows_what_was_left_and_every_result(clerk_client, letters):
    letter1, letter2 = letters
    response = clerk_client.post(f"/letters/{letter1.pk}/accept-all/", follow=True)
    html = response.content.decode()
    assert "Accepted 21 things read from the letter." in html
    assert (
        "Mentioned: “Kerensky” is not in the registry: add as a new person. — left for you: "
        "adding someone the letter only mentions is your decision."
    ) in html

    page = clerk_client.get(f"/letters/{letter2.pk}/")
    assert "Accept all as proposed" in page.content.decode()
    clerk_client.post(f"/letters/{letter2.pk}/accept-all/")
    html = clerk_client.get(f"/letters/{letter2.pk}/").content.decode()
    for inquiry in Inquiry.objects.filter(source_document=letter2):
        assert (
            f'<a href="/inquiries/{inquiry.ref}/">Inquiry to {inquiry.recipient.display_name}</a>'
        ) in html
    assert "Accept all as proposed" not in html
    assert "nothing: every proposal has been decided" in html


# --- Who may do what ---------------------------------------------------------------------


def test_an_outsider_may_not_read_or_review_and_nothing_changes(letters):
    letter1, _ = letters
    UserFactory(username="outsider")
    outsider = signed_in("outsider")
    zalutsky = proposal(letter1, "person:addressee:P-zalutsky")
    before = state()

    for url in ["/letters/", f"/letters/{letter1.pk}/", f"/letters/{letter1.pk}/copies/"]:
        page = outsider.get(url)
        assert page.status_code == 403
        assert "You may not read the letters: your role does not allow it." in (
            page.content.decode()
        )
    for url in [
        f"/letters/proposals/{zalutsky.pk}/accept/",
        f"/letters/proposals/{zalutsky.pk}/reject/",
        f"/letters/{letter1.pk}/accept-all/",
    ]:
        refused = outsider.post(url, {"person_ref": "P-zinoviev"})
        assert refused.status_code == 403
        assert (
            "You may not confirm what was read from letters: your role does not allow it."
            in refused.content.decode()
        )
    assert state() == before


def test_a_commissioner_reads_but_does_not_confirm(letters):
    letter1, _ = letters
    commissioner = signed_in("commissioner")
    page = commissioner.get(f"/letters/{letter1.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Accept</button>" not in html
    assert "Accept all as proposed" not in html
    zalutsky = proposal(letter1, "person:addressee:P-zalutsky")
    before = state()
    refused = commissioner.post(f"/letters/proposals/{zalutsky.pk}/accept/")
    assert refused.status_code == 403
    assert state() == before


# --- Copies ------------------------------------------------------------------------------


def test_the_copies_page_shows_the_differences_word_by_word(clerk_client, letters):
    letter1, letter2 = letters
    page = clerk_client.get(f"/letters/{letter1.pk}/copies/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "archive web page" in html
    assert "wiki page" in html
    assert (
        '<del><span class="visually-hidden">[only in the first copy: </span>[1] '
        '<span class="visually-hidden">]</span></del>'
    ) in html
    assert (
        '<ins><span class="visually-hidden">[only in this copy: </span>1. '
        '<span class="visually-hidden">]</span></ins>'
    ) in html
    assert "the same word for word" not in html

    single = clerk_client.get(f"/letters/{letter2.pk}/copies/")
    assert "This letter has only one copy, so there is nothing to compare." in (
        single.content.decode()
    )


def test_copies_with_the_same_words_say_only_the_provenance_differs(
    clerk_client, jobs_run, tmp_path
):
    original = ARCHIVE_PAGE.read_text()
    retyped = original.replace("Translated: Yuri Sdobnikov", "Translated: Y. Sdobnikov")
    assert retyped != original
    with jobs_run():
        clerk_client.post(
            "/letters/upload/",
            {
                "uploads": [
                    file_of(ARCHIVE_PAGE),
                    SimpleUploadedFile("retyped.txt", retyped.encode()),
                ]
            },
        )
    document = Document.objects.get()
    assert document.copies.count() == 2
    html = clerk_client.get(f"/letters/{document.pk}/copies/").content.decode()
    assert (
        "The two texts are the same word for word, notes included; only where the copies came "
        "from differs."
    ) in html
    assert "<del>" not in html
    assert "<ins>" not in html


def test_a_decision_in_place_updates_the_waiting_count_out_of_band(clerk_client, letters):
    letter1, _ = letters
    waiting = Proposal.objects.filter(document=letter1, state="pending").count()
    zalutsky = proposal(letter1, "person:addressee:P-zalutsky")
    kerensky = Proposal.objects.filter(document=letter1, state="pending").exclude(pk=zalutsky.pk)[0]

    accepted = clerk_client.post(
        f"/letters/proposals/{zalutsky.pk}/accept/", HTTP_HX_REQUEST="true"
    ).content.decode()
    rejected = clerk_client.post(
        f"/letters/proposals/{kerensky.pk}/reject/", HTTP_HX_REQUEST="true"
    ).content.decode()

    assert (
        f'<dd id="waiting-count" hx-swap-oob="true">{waiting - 1} things to confirm</dd>'
        in accepted
    )
    assert (
        f'<dd id="waiting-count" hx-swap-oob="true">{waiting - 2} things to confirm</dd>'
        in rejected
    )
    page = clerk_client.get(f"/letters/{letter1.pk}/").content.decode()
    assert f'<dd id="waiting-count">{waiting - 2} things to confirm</dd>' in page


def test_upload_and_accept_all_show_that_they_are_working(clerk_client, letters):
    letter1, _ = letters
    upload = clerk_client.get("/letters/upload/").content.decode()
    review = clerk_client.get(f"/letters/{letter1.pk}/").content.decode()

    assert 'hx-boost="true" hx-indicator="#reading"' in upload
    assert '<span id="reading" class="htmx-indicator working" role="status">' in upload
    assert 'hx-boost="true" hx-indicator="#accepting"' in review
    assert '<span id="accepting" class="htmx-indicator working" role="status">' in review
    # The letter scrolls on its own beside the proposals: a keyboard reaches it.
    assert (
        '<div class="letter-column" tabindex="0" role="region" '
        'aria-label="The letter, scrolling beside the proposals">'
    ) in review
