"""Notes on documents and passages, tags, and notes that become inquiries or checks: the
service, the document page beside the case file, the API and `commission case note|notes|tag|
check` with `commission inquiries from-note`."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from commission.audit.models import AuditEvent
from commission.cases import notes, services
from commission.cases.enums import CaseKind, FilingRole
from commission.cases.models import DocumentNote, DocumentTag
from commission.core.errors import InvalidInput, NotAllowed
from commission.documents.models import Document
from commission.inquiries import services as inquiry_services
from commission.inquiries.models import Inquiry
from tests.factories import PersonFactory

TEXT = (
    "I have known her whole family since before October. "
    "Her father hid us in July 1917. I ask the commission to compare the facts."
)
NOTES = "1. She was reinstated in the Party."


@pytest.fixture
def filed(clerk, hierarchy):
    case = services.open_case(
        actor=clerk, subject=hierarchy.subject, commission=hierarchy.district,
        kind=CaseKind.EXPULSION, opened_on=dt.date(1921, 12, 1),
    )  # fmt: skip
    document = Document.objects.create(
        title="Letter about the family", text=TEXT, notes_text=NOTES, fingerprint="a" * 64
    )
    services.file_document(actor=clerk, case=case, document=document, role=FilingRole.TESTIMONY)
    return case, document


def test_a_note_on_a_passage_keeps_the_span_and_the_words(clerk, filed):
    case, document = filed
    note = notes.write_note(
        actor=clerk, document=document, case=case, text="Who else knew this?", part="text",
        quote="Her father hid us in July 1917.",
    )  # fmt: skip
    assert (note.part, note.start, note.end) == ("text", 52, 83)


def test_the_offsets_of_a_passage_give_its_words(clerk, filed):
    case, document = filed
    note = notes.write_note(
        actor=clerk, document=document, case=case, text="Dates?", part="text", start=52, end=83
    )
    assert note.quote == "Her father hid us in July 1917."


def test_a_note_is_audited(clerk, filed):
    case, document = filed
    note = notes.write_note(actor=clerk, document=document, case=case, text="Read it.")
    event = AuditEvent.objects.get(action="document.note")
    assert event.target_id == str(note.pk)


@pytest.mark.parametrize(
    ("part", "start", "end", "quote", "says"),
    [
        ("text", None, None, "Kronstadt", "is not in the text"),
        ("text", None, None, "the", "occurs 3 times"),
        ("text", 10, 5, "", "ends after its start"),
        ("text", 0, 10_000, "", "at 126 at most"),
        ("text", 52, 83, "Her mother", "read “Her father hid us"),
        ("margin", None, None, "father", "not a part of a document"),
    ],
)
def test_a_passage_that_does_not_fit_is_refused_and_nothing_is_written(
    clerk, filed, part, start, end, quote, says
):
    case, document = filed
    with pytest.raises(InvalidInput) as refused:
        notes.write_note(
            actor=clerk, document=document, case=case, text="Note", part=part, start=start,
            end=end, quote=quote,
        )  # fmt: skip
    assert says in refused.value.message
    assert DocumentNote.objects.count() == 0


def test_someone_without_the_right_cannot_write_a_note(auditor, filed):
    case, document = filed
    with pytest.raises(NotAllowed):
        notes.write_note(actor=auditor, document=document, case=case, text="Note")
    assert DocumentNote.objects.count() == 0


def test_a_note_on_a_document_not_on_the_file_is_refused(clerk, filed):
    case, _ = filed
    other = Document.objects.create(title="Other", text="Other text.", fingerprint="b" * 64)
    with pytest.raises(InvalidInput, match="is not on the file"):
        notes.write_note(actor=clerk, document=other, case=case, text="Note")


def test_tags_filter_and_are_audited(clerk, filed):
    _, document = filed
    assert notes.tag_document(actor=clerk, document=document, tag="character_reference")
    assert not notes.tag_document(actor=clerk, document=document, tag="character_reference")
    assert notes.tags_of([document.pk]) == {document.pk: ["character_reference"]}
    assert AuditEvent.objects.filter(action="document.tag").count() == 1


def test_an_unknown_tag_is_refused_with_the_list(clerk, filed):
    _, document = filed
    with pytest.raises(InvalidInput, match="the tags are: testimony, character reference"):
        notes.tag_document(actor=clerk, document=document, tag="gossip")


def test_a_check_stays_open_until_its_finding_is_recorded(clerk, filed):
    case, document = filed
    note = notes.write_note(
        actor=clerk, document=document, case=case, text="Compare the father's service.",
        asks="check",
    )  # fmt: skip
    assert list(notes.open_checks(case)) == [note]
    assert notes.tags_of([document.pk])[document.pk] == ["needs_check"]
    notes.record_check(actor=clerk, note=note, finding="Served since 1896, as the letter says.")
    assert list(notes.open_checks(case)) == []
    assert notes.tags_of([document.pk])[document.pk] == []


def test_needs_checking_cannot_be_taken_off_while_a_check_is_open(clerk, filed):
    case, document = filed
    notes.write_note(actor=clerk, document=document, case=case, text="Check.", asks="check")
    with pytest.raises(InvalidInput, match="still open"):
        notes.untag_document(actor=clerk, document=document, tag="needs_check")
    assert DocumentTag.objects.filter(tag="needs_check").count() == 1


def test_a_check_is_made_once(clerk, filed):
    case, document = filed
    note = notes.write_note(actor=clerk, document=document, case=case, text="Check.", asks="check")
    notes.record_check(actor=clerk, note=note, finding="Found.")
    with pytest.raises(InvalidInput, match="already made"):
        notes.record_check(actor=clerk, note=note, finding="Again.")


def test_a_note_that_asks_becomes_an_inquiry_in_its_words(clerk, filed):
    case, document = filed
    note = notes.write_note(
        actor=clerk, document=document, case=case, text="Ask who else knew the family.",
        part="text", quote="I have known her whole family", asks="inquiry",
    )  # fmt: skip
    recipient = PersonFactory(ref="P-witness")
    inquiry = inquiry_services.ask_from_note(
        actor=clerk, note=note, recipient=recipient, due_on=dt.date(1921, 12, 27)
    )
    note.refresh_from_db()
    assert (inquiry.question, inquiry.source_quote, inquiry.case_id, note.followed_up_as) == (
        "Ask who else knew the family.",
        "I have known her whole family",
        case.pk,
        inquiry.ref,
    )


def test_a_note_that_asks_nothing_does_not_become_an_inquiry(clerk, filed):
    case, document = filed
    note = notes.write_note(actor=clerk, document=document, case=case, text="Fine.")
    with pytest.raises(InvalidInput, match="asks for no inquiry"):
        inquiry_services.ask_from_note(
            actor=clerk, note=note, recipient=PersonFactory(), due_on=dt.date(1921, 12, 27)
        )
    assert Inquiry.objects.count() == 0


def test_the_reader_note_is_recorded_once_with_every_inquiry_it_became(clerk, filed):
    case, document = filed
    author = PersonFactory(ref="P-secretary")
    for ref, around in (("Q-1", (0, 5)), ("Q-2", (6, 12))):
        note = notes.note_from_reading(
            actor=clerk, document=document, part="notes", around=around,
            text="She was reinstated in the Party.", case=case, author=author,
            on_behalf_of=None, inquiry_ref=ref,
        )  # fmt: skip
    assert (DocumentNote.objects.count(), note.followed_up_as, note.start, note.author) == (
        1,
        "Q-1, Q-2",
        3,
        author,
    )


def test_marked_parts_cut_the_text_at_the_noted_passages(clerk, filed):
    case, document = filed
    note = notes.write_note(
        actor=clerk, document=document, case=case, text="N", part="notes", start=3, end=7
    )
    parts = notes.marked_parts(document, [note])
    assert parts[1].pieces == [("1. ", []), ("She ", [1]), ("was reinstated in the Party.", [])]


# The pages


def test_the_document_page_shows_the_notes_beside_the_marked_passage(client, clerk, filed):
    case, document = filed
    notes.write_note(
        actor=clerk, document=document, case=case, text="Who hid them?", part="text",
        quote="Her father hid us in July 1917.",
    )  # fmt: skip
    client.force_login(clerk)
    page = client.get(f"/cases/{case.ref}/documents/{document.pk}/").content.decode()
    assert '<mark class="noted" title="note 1">Her father hid us in July 1917.</mark>' in page
    assert "Who hid them?" in page


def test_a_note_is_written_from_the_page(client, clerk, filed):
    case, document = filed
    client.force_login(clerk)
    answer = client.post(
        f"/cases/{case.ref}/documents/{document.pk}/notes/",
        {"text": "Compare.", "part": "text", "quote": "compare the facts", "asks": "check"},
    )
    note = DocumentNote.objects.get()
    assert (answer.status_code, note.quote, note.asks) == (302, "compare the facts", "check")


def test_a_passage_not_in_the_document_is_refused_on_the_page(client, clerk, filed):
    case, document = filed
    client.force_login(clerk)
    answer = client.post(
        f"/cases/{case.ref}/documents/{document.pk}/notes/",
        {"text": "Compare.", "part": "text", "quote": "Kronstadt"},
    )
    assert answer.status_code == 400
    assert "is not in the text" in answer.content.decode()
    assert DocumentNote.objects.count() == 0


def test_the_case_page_filters_the_file_by_tag(client, clerk, filed):
    case, document = filed
    other = Document.objects.create(title="A questionnaire", text="Q.", fingerprint="c" * 64)
    services.file_document(actor=clerk, case=case, document=other, role=FilingRole.EVIDENCE)
    notes.tag_document(actor=clerk, document=document, tag="character_reference")
    client.force_login(clerk)
    page = client.get(f"/cases/{case.ref}/?tag=character_reference").content.decode()
    link = f'<th scope="row"><a href="/cases/{case.ref}/documents/'
    rows = (f'{link}{document.pk}/">Letter about the family', f'{link}{other.pk}/">A questionnaire')
    assert [row in page for row in rows] == [True, False]


def test_the_case_page_shows_the_notes_beside_each_document(client, clerk, filed):
    case, document = filed
    notes.write_note(actor=clerk, document=document, case=case, text="Read with care.")
    client.force_login(clerk)
    page = client.get(f"/cases/{case.ref}/").content.decode()
    assert '<ul class="doc-notes"><li>Read with care. <span class="muted">— clerk</span>' in page


def test_a_tag_is_put_on_from_the_page(client, clerk, filed):
    case, document = filed
    client.force_login(clerk)
    client.post(f"/cases/{case.ref}/documents/{document.pk}/tags/", {"tag": "personal_data"})
    assert notes.tags_of([document.pk])[document.pk] == ["personal_data"]


def test_a_note_becomes_an_inquiry_from_the_page(client, clerk, filed):
    case, document = filed
    note = notes.write_note(actor=clerk, document=document, case=case, text="Ask.", asks="inquiry")
    PersonFactory(ref="P-witness")
    client.force_login(clerk)
    client.post(
        f"/inquiries/from-note/{note.pk}/",
        {"recipient": "P-witness", "due_on": "1921-12-27", "urgency": "urgent"},
    )
    assert Inquiry.objects.get().urgency == "urgent"


# The API


def test_api_writes_a_note_on_a_passage(clerk, filed):
    case, document = filed
    api = APIClient()
    api.force_authenticate(clerk)
    answer = api.post(
        f"/api/v1/cases/{case.ref}/notes/",
        {"document": document.pk, "text": "Dates?", "part": "text", "start": 52, "end": 83},
        format="json",
    )
    assert (answer.status_code, answer.json()["quote"]) == (
        201,
        "Her father hid us in July 1917.",
    )


def test_api_refuses_a_passage_that_does_not_fit(clerk, filed):
    case, document = filed
    api = APIClient()
    api.force_authenticate(clerk)
    answer = api.post(
        f"/api/v1/cases/{case.ref}/notes/",
        {"document": document.pk, "text": "Dates?", "part": "text", "quote": "Kronstadt"},
        format="json",
    )
    assert answer.status_code == 422
    assert DocumentNote.objects.count() == 0


def test_api_tags_and_filters_the_file(clerk, filed):
    case, document = filed
    api = APIClient()
    api.force_authenticate(clerk)
    api.post(
        f"/api/v1/cases/{case.ref}/documents/{document.pk}/tags/",
        {"tag": "testimony"},
        format="json",
    )
    rows = api.get(f"/api/v1/cases/{case.ref}/documents/?tag=testimony").json()
    assert [(r["document"], r["tags"]) for r in rows] == [(document.pk, ["testimony"])]


def test_api_turns_a_note_into_an_inquiry_and_records_a_check(clerk, filed):
    case, document = filed
    asks = notes.write_note(actor=clerk, document=document, case=case, text="Ask.", asks="inquiry")
    check = notes.write_note(actor=clerk, document=document, case=case, text="Chk.", asks="check")
    PersonFactory(ref="P-witness")
    api = APIClient()
    api.force_authenticate(clerk)
    asked = api.post(
        f"/api/v1/notes/{asks.pk}/inquiry/",
        {"recipient": "P-witness", "due_on": "1921-12-27"},
        format="json",
    )
    checked = api.post(f"/api/v1/notes/{check.pk}/check/", {"finding": "True."}, format="json")
    assert (asked.status_code, checked.status_code, checked.json()["check_finding"]) == (
        201,
        200,
        "True.",
    )


# The command line


def test_the_command_line_writes_tags_lists_and_checks(clerk, filed):
    case, document = filed
    out = StringIO()
    call_command(
        "case", "note", case.ref, "--document", str(document.pk), "--text", "Check it.",
        "--quote", "compare the facts", "--asks", "check", "--as", "clerk", stdout=out,
    )  # fmt: skip
    call_command("case", "tag", case.ref, "testimony", "--document", str(document.pk),
                 "--as", "clerk", stdout=out)  # fmt: skip
    note = DocumentNote.objects.get()
    call_command("case", "check", str(note.pk), "--finding", "Done.", "--as", "clerk", stdout=out)
    listing = StringIO()
    call_command("case", "notes", case.ref, "--tag", "testimony", "--as", "clerk", stdout=listing)
    assert listing.getvalue() == (
        f"{document.pk}  Letter about the family  [testimony]\n"
        f"    note {note.pk} by clerk: on “compare the facts”: Check it. (checked: Done.)\n"
    )


def test_the_command_line_refuses_a_passage_not_in_the_document(clerk, filed):
    case, document = filed
    with pytest.raises(CommandError, match="is not in the text"):
        call_command(
            "case", "note", case.ref, "--document", str(document.pk), "--text", "N",
            "--quote", "Kronstadt", "--as", "clerk",
        )  # fmt: skip
    assert DocumentNote.objects.count() == 0


def test_the_command_line_turns_a_note_into_an_inquiry(clerk, filed):
    case, document = filed
    note = notes.write_note(actor=clerk, document=document, case=case, text="Ask.", asks="inquiry")
    PersonFactory(ref="P-witness")
    out = StringIO()
    call_command(
        "inquiries", "from-note", str(note.pk), "--recipient", "P-witness", "--due",
        "1921-12-27", "--as", "clerk", stdout=out,
    )  # fmt: skip
    assert out.getvalue().startswith(f"Asked, as note {note.pk} asks: ")
