"""Notes on documents and the tags of a case file, over JSON. Each view validates with a schema
of `cases.note_schemas`, calls `cases.notes` (or, for a note's inquiry,
`inquiries.services.ask_from_note`) and answers with a schema."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from commission.api.cases_views import CONFLICT, INPUT_ERRORS, NOT_FOUND, READ_ERRORS
from commission.api.edge import requiring, validated
from commission.cases import notes
from commission.cases.enums import DocumentTagKind
from commission.cases.models import Case, CaseDocument, DocumentNote
from commission.cases.note_schemas import (
    CheckSchema,
    FiledDocumentSchema,
    NewNoteSchema,
    NoteInquirySchema,
    NoteSchema,
    TagChangeSchema,
)
from commission.cases.queries import visible_cases
from commission.core.actors import Viewer, signed_in
from commission.core.errors import NotFound
from commission.documents.access import readable
from commission.documents.models import Document
from commission.inquiries import services as inquiry_services
from commission.inquiries.schemas import InquirySchema

MayUseCases = requiring("cases.view_case", "use the commission's cases")


def _case(user: Viewer, ref: str) -> Case:
    case = visible_cases(user).filter(ref=ref).first()
    if case is None:
        raise NotFound(_("There is no case '%(ref)s' that you can see.") % {"ref": ref})
    return case


def _document(user: Viewer, case: Case, document_id: int) -> Document:
    document = readable(Document.objects.filter(filings__case=case, pk=document_id), user).first()
    if document is None:
        raise NotFound(
            _("There is no document %(document_id)s on the file of %(case)s you can read.")
            % {"document_id": document_id, "case": case.ref}
        )
    return document


def _note(user: Viewer, pk: int) -> DocumentNote:
    note = DocumentNote.objects.select_related("case__subject", "document").filter(pk=pk).first()
    if note is None or not readable(Document.objects.filter(pk=note.document_id), user).exists():
        raise NotFound(_("There is no note %(pk)s that you can see.") % {"pk": pk})
    if note.case is not None and not visible_cases(user).filter(pk=note.case.pk).exists():
        raise NotFound(_("There is no note %(pk)s that you can see.") % {"pk": pk})
    return note


class CaseDocumentsView(APIView):
    permission_classes = [IsAuthenticated, MayUseCases]

    @extend_schema(
        summary="The documents on a case's file with their tags and how many notes each has; "
        "?tag= keeps those with the tag",
        responses={200: FiledDocumentSchema(many=True), **READ_ERRORS, **NOT_FOUND},
    )
    def get(self, request: Request, ref: str) -> Response:
        case = _case(request.user, ref)
        wanted = request.query_params.get("tag", "")
        if wanted and wanted not in DocumentTagKind.values:
            raise NotFound(
                _("'%(wanted)s' is not a tag; use one of %(values)s.")
                % {"wanted": wanted, "values": ", ".join(DocumentTagKind.values)}
            )
        filings = list(
            CaseDocument.objects.filter(
                case=case, document__in=readable(Document.objects.all(), request.user)
            ).select_related("document")
        )
        ids = [f.document_id for f in filings]
        tags = notes.tags_of(ids)
        counts = {pk: len(found) for pk, found in notes.case_notes(case).items()}
        rows = [
            {
                "document_id": f.document_id,
                "document": f.document,
                "role": f.role,
                "filed_at": f.filed_at,
                "tags": tags[f.document_id],
                "notes": counts.get(f.document_id, 0),
            }
            for f in filings
            if not wanted or wanted in tags[f.document_id]
        ]
        return Response(FiledDocumentSchema(rows, many=True).data)


class CaseNotesView(APIView):
    permission_classes = [IsAuthenticated, MayUseCases]

    @extend_schema(
        summary="The notes on the documents of a case's file; ?document= keeps one document's",
        responses={200: NoteSchema(many=True), **READ_ERRORS, **NOT_FOUND},
    )
    def get(self, request: Request, ref: str) -> Response:
        case = _case(request.user, ref)
        found = [n for ns in notes.case_notes(case).values() for n in ns]
        wanted = request.query_params.get("document", "")
        if wanted:
            found = [n for n in found if str(n.document_id) == wanted]
        allowed = set(
            readable(
                Document.objects.filter(pk__in={n.document_id for n in found}), request.user
            ).values_list("pk", flat=True)
        )
        found = sorted((n for n in found if n.document_id in allowed), key=lambda n: n.pk)
        return Response(NoteSchema(found, many=True).data)

    @extend_schema(
        summary="Write a note on a document of the case's file, or on a passage of it",
        request=NewNoteSchema,
        responses={201: NoteSchema, **INPUT_ERRORS, **NOT_FOUND},
    )
    def post(self, request: Request, ref: str) -> Response:
        case = _case(request.user, ref)
        values = validated(NewNoteSchema, request.data)
        note = notes.write_note(
            actor=signed_in(request.user), case=case,
            document=_document(request.user, case, values["document"]), text=values["text"],
            part=values["part"], start=values["start"], end=values["end"],
            quote=values["quote"], asks=values["asks"], on_behalf_of=values["on_behalf_of"],
        )  # fmt: skip
        return Response(NoteSchema(note).data, status=status.HTTP_201_CREATED)


class DocumentTagsView(APIView):
    permission_classes = [IsAuthenticated, MayUseCases]

    @extend_schema(
        summary="Put a tag on a document of the case's file, or take it off",
        request=TagChangeSchema,
        responses={200: FiledDocumentSchema, **INPUT_ERRORS, **NOT_FOUND},
    )
    def post(self, request: Request, ref: str, document_id: int) -> Response:
        case = _case(request.user, ref)
        document = _document(request.user, case, document_id)
        values = validated(TagChangeSchema, request.data)
        change = notes.untag_document if values["remove"] else notes.tag_document
        change(actor=signed_in(request.user), document=document, tag=values["tag"])
        filing = CaseDocument.objects.select_related("document").get(case=case, document=document)
        row = {
            "document_id": document.pk, "document": document, "role": filing.role,
            "filed_at": filing.filed_at, "tags": notes.tags_of([document.pk])[document.pk],
            "notes": notes.notes_on(document).count(),
        }  # fmt: skip
        return Response(FiledDocumentSchema(row).data)


class NoteCheckView(APIView):
    permission_classes = [IsAuthenticated, MayUseCases]

    @extend_schema(
        summary="Record what the check a note asks for found",
        request=CheckSchema,
        responses={200: NoteSchema, **INPUT_ERRORS, **NOT_FOUND, **CONFLICT},
    )
    def post(self, request: Request, pk: int) -> Response:
        note = _note(request.user, pk)
        values = validated(CheckSchema, request.data)
        done = notes.record_check(
            actor=signed_in(request.user), note=note, finding=values["finding"]
        )
        return Response(NoteSchema(done).data)


class NoteInquiryView(APIView):
    permission_classes = [IsAuthenticated, MayUseCases]

    @extend_schema(
        summary="Send the inquiry a note asks for, in the note's words",
        request=NoteInquirySchema,
        responses={201: InquirySchema, **INPUT_ERRORS, **NOT_FOUND},
    )
    def post(self, request: Request, pk: int) -> Response:
        note = _note(request.user, pk)
        values = validated(NoteInquirySchema, request.data)
        inquiry = inquiry_services.ask_from_note(
            actor=signed_in(request.user), note=note, recipient=values["recipient"],
            due_on=values["due_on"], urgency=values["urgency"],
        )  # fmt: skip
        return Response(InquirySchema(inquiry).data, status=status.HTTP_201_CREATED)
