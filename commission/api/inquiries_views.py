"""Inquiries and witness discovery over JSON. Each view validates the request with a schema
from `inquiries.schemas`, calls one function of `inquiries.services` (writes) or reads through
`inquiries.queries.inquiry_list` and `inquiries.witnesses`, and answers with a schema. Who may
write is decided by the services; refusals come back through `commission.api.errors`."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from commission.api.cases_views import (
    CONFLICT,
    INPUT_ERRORS,
    NOT_FOUND,
    READ_ERRORS,
    log_confidential_read,
)
from commission.api.edge import MayUseInquiries, validated
from commission.api.registry_views import RegistryViewSet
from commission.core import clock
from commission.core.actors import signed_in
from commission.core.errors import InvalidInput, NotFound
from commission.inquiries import services
from commission.inquiries.models import Inquiry
from commission.inquiries.queries import inquiry_list, visible_inquiries
from commission.inquiries.schemas import (
    InquiryAnswerSchema,
    InquiryQuerySchema,
    InquirySchema,
    InquirySendingSchema,
    InquiryWithdrawalSchema,
    NewInquirySchema,
    WitnessCandidateSchema,
    WitnessQuerySchema,
)
from commission.inquiries.witnesses import find_witnesses
from commission.registry.models import Person

# Candidates ranked before the marked ones are left out, so that leaving some out still
# answers up to `limit`; far more than a subject's neighbourhood holds.
WITNESS_POOL = 1000


@extend_schema_view(
    list=extend_schema(
        summary="Inquiries you may see, soonest due first",
        parameters=[InquiryQuerySchema],
        responses={200: InquirySchema(many=True), **INPUT_ERRORS},
    ),
    retrieve=extend_schema(
        summary="An inquiry", responses={200: InquirySchema, **READ_ERRORS, **NOT_FOUND}
    ),
    create=extend_schema(
        summary="Ask someone about a subject; asking again from the same note changes nothing",
        request=NewInquirySchema,
        responses={201: InquirySchema, **INPUT_ERRORS},
    ),
)
class InquiryViewSet(RegistryViewSet):
    permission_classes = [IsAuthenticated, MayUseInquiries]
    serializer_class = InquirySchema

    def get_queryset(self) -> QuerySet[Inquiry]:
        return visible_inquiries(self.request.user)

    def list(self, request: Request) -> Response:
        wanted = validated(InquiryQuerySchema, request.query_params)
        rows = inquiry_list(user=request.user, today=clock.today(), **wanted)
        return self.page_of(rows, InquirySchema)

    def retrieve(self, request: Request, ref: str) -> Response:
        return Response(InquirySchema(self.get_object()).data)

    def create(self, request: Request) -> Response:
        values = validated(NewInquirySchema, request.data, user=request.user)
        inquiry = services.ask(actor=signed_in(request.user), **values)
        return Response(InquirySchema(inquiry).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Send a drafted inquiry",
        request=InquirySendingSchema,
        responses={200: InquirySchema, **INPUT_ERRORS, **NOT_FOUND, **CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def send(self, request: Request, ref: str) -> Response:
        inquiry = self.get_object()
        values = validated(InquirySendingSchema, request.data)
        sent = services.send_inquiry(
            actor=signed_in(request.user), inquiry=inquiry, expected_version=values["version"]
        )
        return Response(InquirySchema(sent).data)

    @extend_schema(
        summary="Record the reply; on a case it is filed as the recipient's testimony",
        request=InquiryAnswerSchema,
        responses={200: InquirySchema, **INPUT_ERRORS, **NOT_FOUND, **CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, ref: str) -> Response:
        inquiry = self.get_object()
        values = validated(InquiryAnswerSchema, request.data)
        answered = services.answer_inquiry(
            actor=signed_in(request.user),
            inquiry=inquiry,
            reply=values["reply"],
            stance=values["stance"],
            basis=values["basis"],
            summary=values["summary"],
            period=values["period"],
            expected_version=values["version"],
        )
        return Response(InquirySchema(answered).data)

    @extend_schema(
        summary="Withdraw an open inquiry, with the reason",
        request=InquiryWithdrawalSchema,
        responses={200: InquirySchema, **INPUT_ERRORS, **NOT_FOUND, **CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, ref: str) -> Response:
        inquiry = self.get_object()
        values = validated(InquiryWithdrawalSchema, request.data)
        withdrawn = services.withdraw_inquiry(
            actor=signed_in(request.user),
            inquiry=inquiry,
            reason=values["reason"],
            expected_version=values["version"],
        )
        return Response(InquirySchema(withdrawn).data)


class WitnessesView(APIView):
    """Who can speak to a person, found through the relationship graph."""

    permission_classes = [IsAuthenticated, MayUseInquiries]

    @extend_schema(
        summary="Who can speak to a person, best first, with the paths that explain why",
        parameters=[WitnessQuerySchema],
        responses={200: WitnessCandidateSchema(many=True), **INPUT_ERRORS, **NOT_FOUND},
    )
    def get(self, request: Request, ref: str) -> Response:
        person = Person.objects.filter(ref=ref).first()
        if person is None:
            raise NotFound(_("There is no person with the reference %(ref)s.") % {"ref": ref})
        wanted = validated(WitnessQuerySchema, request.query_params, user=request.user)
        case = wanted["case"]
        if case is not None:
            if case.subject_id != person.pk:
                raise InvalidInput(
                    _("Case %(case)s is about %(subject)s, not %(person)s.")
                    % {
                        "case": case.ref,
                        "subject": case.subject.display_name,
                        "person": person.display_name,
                    },
                    field="case",
                )
            log_confidential_read(request.user, case)
        found = find_witnesses(subject=person, case=case, limit=WITNESS_POOL)
        shown = [c for c in found if not c.marks & wanted["exclude"]][: wanted["limit"]]
        return Response(WitnessCandidateSchema(cast(Any, shown), many=True).data)
