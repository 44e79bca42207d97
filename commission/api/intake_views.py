"""Letters over JSON: upload a file, list and read letters with what was read from them, compare
their copies, and accept or reject proposals. Each view validates the request with a schema from
`intake.schemas`, calls one function of `intake.services` (writes) or reads through the reads in
`intake.schemas`, and answers with a schema. Who may write is decided by the services; refusals
come back through `commission.api.errors`."""

from __future__ import annotations

import builtins
import uuid
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.parsers import BaseParser, FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from commission.api.edge import MayReadLetters, validated
from commission.api.registry_views import RegistryViewSet
from commission.api.schemas import ErrorSchema
from commission.cases import services as case_services
from commission.core.actors import signed_in
from commission.core.errors import InvalidInput, NotFound
from commission.core.roles import require
from commission.documents.access import readable
from commission.documents.models import Document, DocumentCopy
from commission.documents.queries import compare_copies
from commission.intake import services
from commission.intake.forms import too_large
from commission.intake.models import LetterUpload, Proposal, ProposalKind
from commission.intake.queries import confidential_cases_of, letters, proposal_results
from commission.intake.schemas import (
    AcceptAllSchema,
    CopyComparisonSchema,
    LetterDetailSchema,
    LetterQuerySchema,
    LetterSchema,
    LetterUploadSchema,
    ProposalAcceptanceSchema,
    ProposalRejectionSchema,
    ProposalSchema,
    UploadStatusSchema,
)

_REFUSED = OpenApiResponse(ErrorSchema, description="The role does not allow it.")
READ_ERRORS: dict[int, OpenApiResponse] = {
    401: OpenApiResponse(ErrorSchema, description="No valid token or session."),
    403: _REFUSED,
}
INPUT_ERRORS: dict[int, OpenApiResponse] = {
    **READ_ERRORS,
    400: OpenApiResponse(ErrorSchema, description="A value was not accepted; see `errors`."),
}
NOT_FOUND = {404: OpenApiResponse(ErrorSchema, description="No letter or proposal has that id.")}


class LetterEndpoint(RegistryViewSet):
    permission_classes = [IsAuthenticated, MayReadLetters]
    parser_classes = [JSONParser]
    lookup_field = "id"
    lookup_value_regex = "[0-9]+"
    lookup_noun = "number"


def _letter(pk: int) -> Document:
    copies = DocumentCopy.objects.select_related("received_by").order_by("received_at", "pk")
    proposals = Proposal.objects.select_related("decided_by").order_by("order", "pk")
    return (
        Document.objects.select_related("registered_by")
        .prefetch_related(Prefetch("copies", copies), Prefetch("proposals", proposals))
        .get(pk=pk)
    )


def upload_status(upload_id: str) -> dict[str, Any]:
    try:
        key = uuid.UUID(upload_id)
    except ValueError:
        key = None  # the address's pattern lets through 36 characters that are not a UUID
    upload = (
        LetterUpload.objects.select_related("job").defer("data").filter(pk=key).first()
        if key is not None
        else None
    )
    if upload is None:
        raise NotFound(_("There is no upload %(upload)s.") % {"upload": upload_id})
    state = upload.job.state if upload.job else "done"
    report = None
    if state == "done":
        name = upload.file_name
        prefix = f"{name}: "
        got = upload.report
        report = {
            "filed": got.get("filed", []),
            "matched": got.get("matched", []),
            "skipped": got.get("skipped", []),
            "errors": [
                {"file": name, "reason": line.removeprefix(prefix)}
                for line in got.get("errors", [])
            ],
            "letters": list(dict.fromkeys(got.get("documents", []))),
        }
    return dict(
        UploadStatusSchema(
            {
                "id": str(upload.pk),
                "file": upload.file_name,
                "state": state,
                "job": upload.job_id,
                "error": upload.job.error if upload.job and state == "failed" else "",
                "report": report,
                "status_url": reverse("api-letter-upload-status", args=[upload.pk]),
            }
        ).data
    )


def letter_answer(document: Document) -> dict[str, Any]:
    letter = _letter(document.pk)
    results = proposal_results(letter.proposals.all())
    return dict(LetterDetailSchema(letter, context={"results": results}).data)


@extend_schema_view(
    list=extend_schema(
        summary="Letters: those waiting for a clerk first, then the rest, newest first",
        parameters=[LetterQuerySchema],
        responses={200: LetterSchema(many=True), **INPUT_ERRORS},
    ),
    retrieve=extend_schema(
        summary="A letter: its text and notes, its copies with their provenance, and what was "
        "read from it with the words each proposal came from",
        responses={200: LetterDetailSchema, **READ_ERRORS, **NOT_FOUND},
    ),
)
class LetterViewSet(LetterEndpoint):
    serializer_class = LetterSchema

    def get_queryset(self) -> QuerySet[Document]:
        return readable(letters(), self.request.user)

    def list(self, request: Request) -> Response:
        wanted = validated(LetterQuerySchema, request.query_params)
        rows = letters(waiting=wanted.get("pending"), title=(wanted.get("q") or "").strip())
        return self.page_of(readable(rows, request.user), LetterSchema)

    def retrieve(self, request: Request, id: str) -> Response:
        document = self.get_object()
        for case in confidential_cases_of(document):
            case_services.record_confidential_read(actor=signed_in(request.user), case=case)
        return Response(letter_answer(document))

    @extend_schema(
        summary="Upload one file; a worker reads it and registers the letters in it",
        description="Answers 202 at once, with the upload's number and the address to poll "
        "(GET /api/v1/letters/uploads/{id}/) until its state is done (with the report of what "
        "was registered) or failed (with the reason). A file too large is refused with 400 and "
        "nothing is stored.",
        request={"multipart/form-data": LetterUploadSchema},
        responses={202: UploadStatusSchema, **INPUT_ERRORS},
    )
    def create(self, request: Request) -> Response:
        values = validated(LetterUploadSchema, request.data)
        upload = values["file"]
        name = upload.name or "unnamed file"
        refusal = too_large(upload)
        if refusal:
            raise InvalidInput(refusal, field="file")
        received = services.receive_upload(
            actor=signed_in(request.user), data=upload.read(), file_name=name
        )
        answer = upload_status(str(received.pk))
        return Response(
            answer, status=status.HTTP_202_ACCEPTED, headers={"Location": answer["status_url"]}
        )

    @extend_schema(
        summary="Where the reading of an uploaded file stands, and what it gave once done",
        responses={200: UploadStatusSchema, **READ_ERRORS, **NOT_FOUND},
    )
    @action(detail=False, methods=["get"], url_path=r"uploads/(?P<upload_id>[0-9a-f-]{36})")
    def upload_status(self, request: Request, upload_id: str) -> Response:
        require(request.user, services.REGISTER, "register letters")
        return Response(upload_status(upload_id))

    def get_parsers(self) -> builtins.list[BaseParser]:
        # An upload is multipart; every other body is JSON. The parsers are chosen before
        # `self.action` is set, so the action is looked up from the method here.
        request = getattr(self, "request", None)
        method = (request.method or "").lower() if request is not None else ""
        routed = (getattr(self, "action_map", None) or {}).get(method)
        if "create" in (routed, getattr(self, "action", None)):
            return [MultiPartParser(), FormParser()]
        return super().get_parsers()

    @extend_schema(
        summary="How each later copy of the letter differs from the first, word by word",
        responses={200: CopyComparisonSchema(many=True), **READ_ERRORS, **NOT_FOUND},
    )
    # One comparison per further copy, and a letter has a handful: answered whole, not paged.
    @action(detail=True, methods=["get"], url_path="copies/diff", pagination_class=None)
    def copies_diff(self, request: Request, id: str) -> Response:
        document = self.get_object()
        return Response(CopyComparisonSchema(compare_copies(document), many=True).data)

    @extend_schema(
        summary="Accept everything read from the letter as proposed, people first",
        description="Proposals that cannot be carried out as they stand stay pending; `left` "
        "says why for each.",
        request=None,
        responses={200: AcceptAllSchema, **READ_ERRORS, **NOT_FOUND},
    )
    @action(detail=True, methods=["post"], url_path="accept-all")
    def accept_all(self, request: Request, id: str) -> Response:
        document = self.get_object()
        accepted, left = services.accept_all(actor=signed_in(request.user), document=document)
        answer = {"accepted": accepted, "left": left, "letter": letter_answer(document)}
        return Response(answer)


class ProposalViewSet(LetterEndpoint):
    serializer_class = ProposalSchema

    def get_queryset(self) -> QuerySet[Proposal]:
        return Proposal.objects.select_related("document", "decided_by")

    def answer(self, proposal: Proposal) -> Response:
        current = self.get_queryset().get(pk=proposal.pk)
        return Response(ProposalSchema(current).data)

    @extend_schema(
        summary="Accept a proposal, as read or corrected",
        request=ProposalAcceptanceSchema,
        responses={200: ProposalSchema, **INPUT_ERRORS, **NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, id: str) -> Response:
        proposal = self.get_object()
        values = validated(ProposalAcceptanceSchema, request.data)
        person_ref = (values.get("person_ref") or "").strip() or None
        if person_ref and proposal.kind != ProposalKind.PERSON:
            raise InvalidInput(
                _("Only a person proposal can be given another person."), field="person_ref"
            )
        services.accept_proposal(
            actor=signed_in(request.user),
            proposal=proposal,
            person_ref=person_ref,
            edits=values["edits"],
        )
        return self.answer(proposal)

    @extend_schema(
        summary="Reject a proposal: nothing it says is recorded",
        request=ProposalRejectionSchema,
        responses={200: ProposalSchema, **INPUT_ERRORS, **NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, id: str) -> Response:
        proposal = self.get_object()
        values = validated(ProposalRejectionSchema, request.data)
        services.reject_proposal(
            actor=signed_in(request.user), proposal=proposal, reason=values["reason"]
        )
        return self.answer(proposal)
