"""The background work over JSON: the jobs that wait, run or failed, and retrying a failed one,
as on the Background work page and with `commission jobs`."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.generics import ListAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from commission.api.edge import requiring, validated
from commission.api.intake_views import INPUT_ERRORS, READ_ERRORS
from commission.api.pagination import RegistryPagination
from commission.api.schemas import ErrorSchema
from commission.core.actors import signed_in
from commission.jobs import services
from commission.jobs.enums import JobState
from commission.jobs.models import Job
from commission.jobs.queries import jobs
from commission.jobs.schemas import JobQuerySchema, JobSchema

MaySeeJobs = requiring("jobs.view_job", "see the background work")


class JobListView(ListAPIView[Any]):
    permission_classes = [IsAuthenticated, MaySeeJobs]
    pagination_class = RegistryPagination
    serializer_class = JobSchema

    @extend_schema(
        summary="Background jobs: those that wait, run or failed (newest first), or one state",
        parameters=[JobQuerySchema],
        responses={200: JobSchema(many=True), **INPUT_ERRORS},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Job]:
        state = validated(JobQuerySchema, self.request.query_params).get("state")
        return jobs(state) if state else jobs().exclude(state=JobState.DONE)


class JobRetryView(APIView):
    permission_classes = [IsAuthenticated, MaySeeJobs]

    @extend_schema(
        summary="Put a failed job back in the queue, with all its attempts before it",
        request=None,
        responses={
            200: JobSchema,
            **READ_ERRORS,
            404: OpenApiResponse(ErrorSchema, description="No job has that number."),
            409: OpenApiResponse(ErrorSchema, description="The job has not failed."),
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        job = services.retry_job(actor=signed_in(request.user), job_id=pk)
        return Response(JobSchema(job).data)
