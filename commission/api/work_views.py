"""Who works on what, over JSON: assigning a case (an action on the case), a commissioner's
queue and a commission's workload. Each view validates with a schema of
`cases.work_schemas`, calls `cases.assigning` (writes) or reads `cases.workload`."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from commission.api.cases_views import INPUT_ERRORS
from commission.api.edge import requiring, validated
from commission.api.schemas import ErrorSchema
from commission.cases import assigning, workload
from commission.cases.work_schemas import (
    QueueQuerySchema,
    QueueSchema,
    WorkloadQuerySchema,
    WorkloadSchema,
)
from commission.core.errors import NotAllowed, NotFound
from commission.core.roles import can
from commission.registry.models import Person

MayUseCases = requiring("cases.view_case", "use the commission's cases")


class WorkloadView(APIView):
    permission_classes = [IsAuthenticated, MayUseCases]

    @extend_schema(
        summary="The chair's view: each member's open cases by queue section, and overdue",
        parameters=[WorkloadQuerySchema],
        responses={200: WorkloadSchema, **INPUT_ERRORS},
    )
    def get(self, request: Request) -> Response:
        if not can(request.user, assigning.ASSIGN):
            raise NotAllowed("Only the chair sees the workload of every member.")
        wanted = validated(WorkloadQuerySchema, request.query_params)
        view = workload.workload(commission=wanted["commission"])
        answer: dict[str, Any] = {
            "commission": view.commission,
            "today": view.today,
            "members": view.members,
            "unassigned": view.unassigned,
            "elsewhere": view.elsewhere,
            "total_open": view.total_open,
        }
        return Response(WorkloadSchema(answer).data, status=status.HTTP_200_OK)


class QueueView(APIView):
    permission_classes = [IsAuthenticated, MayUseCases]

    @extend_schema(
        summary="A commissioner's queue: open cases by section, soonest deadline first",
        parameters=[QueueQuerySchema],
        responses={
            200: QueueSchema,
            **INPUT_ERRORS,
            404: OpenApiResponse(
                ErrorSchema, description="Your account is not a person in the registry."
            ),
        },
    )
    def get(self, request: Request) -> Response:
        wanted = validated(QueueQuerySchema, request.query_params)
        person = wanted["person"]
        if person is not None and not can(request.user, assigning.ASSIGN):
            raise NotAllowed("Only the chair may look at another member's queue.")
        if person is None:
            person = Person.objects.filter(user_id=request.user.pk or 0).first()
            if person is None:
                raise NotFound("Your account is not a person in the registry; it has no queue.")
        found = workload.queue(user=request.user, person=person)
        answer = {
            "person": found.person,
            "today": found.today,
            "sections": [
                {"key": key, "label": label, "cases": cases} for key, label, cases in found.sections
            ],
            "overdue": found.overdue,
        }
        return Response(QueueSchema(answer).data)
