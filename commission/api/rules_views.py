"""The procedure's rules over JSON: read an organisation's rules and their versions, record a
new version. Validated by `cases.rules_schemas`, written by `cases.rulebook.set_rules`."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from commission.api.cases_views import INPUT_ERRORS
from commission.api.edge import requiring, validated
from commission.cases import rulebook
from commission.cases.rules import rules_in_effect
from commission.cases.rules_schemas import NewRulesSchema, RulesQuerySchema, RulesSchema
from commission.core import clock
from commission.core.actors import signed_in
from commission.registry.models import Organisation

MayUseCases = requiring("cases.view_case", "use the commission's cases")


def _answer(organisation: Organisation, on: object) -> dict[str, object]:
    return {
        "organisation": organisation,
        "on": on,
        "in_effect": rules_in_effect(organisation.pk, on),  # type: ignore[arg-type]
        "versions": rulebook.rules_history(organisation),
    }


class RulesView(APIView):
    permission_classes = [IsAuthenticated, MayUseCases]

    @extend_schema(
        summary="An organisation's rules of procedure in effect on a day, and every version",
        parameters=[RulesQuerySchema],
        responses={200: RulesSchema, **INPUT_ERRORS},
    )
    def get(self, request: Request) -> Response:
        wanted = validated(RulesQuerySchema, request.query_params)
        answer = _answer(wanted["organisation"], wanted["on"] or clock.today())
        return Response(RulesSchema(answer).data, status=status.HTTP_200_OK)

    @extend_schema(
        summary="Record a new version of the rules taking effect on a day (never an overwrite)",
        request=NewRulesSchema,
        responses={201: RulesSchema, **INPUT_ERRORS},
    )
    def post(self, request: Request) -> Response:
        data = validated(NewRulesSchema, request.data)
        new = rulebook.set_rules(
            actor=signed_in(request.user), organisation=data["organisation"],
            effective_from=data["effective_from"], changes=data["changes"],
            reason=data["reason"],
        )  # fmt: skip
        answer = _answer(data["organisation"], new.effective_from)
        return Response(RulesSchema(answer).data, status=status.HTTP_201_CREATED)
