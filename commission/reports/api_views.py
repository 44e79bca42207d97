"""Procedure statistics over JSON (/api/v1/statistics/): the same figures as the statistics
page, and the cases behind one of them, read through `reports.statistics.report`. The API app
and the reports stand side by side in the layers, so these views live with the reports and
the project's URLs place them under the API's address; errors are answered by the API's
exception handler (settings), as everywhere under /api/."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from commission.reports.statistics.behind import FIGURES
from commission.reports.statistics.report import as_data, figure_cases, procedure_statistics

# Cases listed by the API for one figure; the page lists them all, fifty at a time.
CASES_LIMIT = 500

_SCOPE = [
    OpenApiParameter("commission", str, description="A commission's reference."),
    OpenApiParameter("level", str, description="district, gubernia or central."),
    OpenApiParameter("from", OpenApiTypes.DATE, description="First day of the period."),
    OpenApiParameter("to", OpenApiTypes.DATE, description="Last day of the period."),
]
_ERROR = OpenApiTypes.OBJECT  # {"detail": sentence, "errors": {field: [sentence, …]}}
_ERRORS = {
    400: OpenApiResponse(_ERROR, description="A value was not accepted."),
    401: OpenApiResponse(_ERROR, description="No valid token or session."),
    403: OpenApiResponse(_ERROR, description="The role does not allow it."),
    404: OpenApiResponse(_ERROR, description="No commission has that reference."),
}


def _scope(request: Request) -> dict[str, str]:
    params = request.query_params
    # Python's strip() also takes control characters (\x1c-\x1f) that the parser would then
    # read as no date at all: a value that is nothing but those is refused like an empty one.
    empty = [name for name in ("from", "to") if name in params and not params[name].strip()]
    if empty:
        # The page's form sends a blank date for "no limit"; the API leaves the parameter out.
        raise serializers.ValidationError(
            {name: [_("Give a date (YYYY-MM-DD), or leave the parameter out.")] for name in empty}
        )
    return {
        "commission": params.get("commission", ""),
        "level": params.get("level", ""),
        "start": params.get("from", ""),
        "end": params.get("to", ""),
    }


class StatisticsView(APIView):
    """Every figure of the procedure statistics (docs/statistics.md describes each)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Procedure statistics for a commission, a level or the organisation",
        parameters=_SCOPE,
        responses={200: OpenApiTypes.OBJECT, **_ERRORS},
    )
    def get(self, request: Request) -> Response:
        return Response(as_data(procedure_statistics(user=request.user, **_scope(request))))


class StatisticsCasesView(APIView):
    """The cases behind one figure, newest first."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="The cases behind one figure of the statistics",
        parameters=[
            OpenApiParameter("figure", str, required=True, enum=sorted(FIGURES)),
            OpenApiParameter("kind", str),
            OpenApiParameter("outcome", str),
            OpenApiParameter("verdict", str),
            OpenApiParameter("state", str),
            *_SCOPE,
        ],
        responses={200: OpenApiTypes.OBJECT, **_ERRORS},
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        narrows = {k: params.get(k, "") for k in ("kind", "outcome", "verdict", "state")}
        cases = figure_cases(
            user=request.user, figure=params.get("figure", ""), narrows=narrows,
            **_scope(request),
        )  # fmt: skip
        refs = list(cases.values_list("ref", flat=True)[: CASES_LIMIT + 1])
        return Response(
            {
                "figure": params.get("figure"),
                "cases": refs[:CASES_LIMIT],
                "more": len(refs) > CASES_LIMIT,
            }
        )
