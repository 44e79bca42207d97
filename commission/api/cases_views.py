"""Cases over JSON: the case list and file, its moves, hearings, decisions, appeals and
reopenings. Each view validates the request with a schema from `cases.schemas`, calls one
function of `cases.services` (writes) or reads through `cases.queries`, and answers with a
schema. Who may write is decided by the services; refusals come back through
`commission.api.errors`.

A case the user may not see is answered as no case at all (404), so that the existence of a
confidential case is not given away."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from commission.api.edge import validated
from commission.api.registry_views import RegistryViewSet
from commission.api.schemas import ErrorSchema
from commission.cases import assigning, queries, rules, services
from commission.cases.models import Case, CaseDocument, Decision, Ground, Hearing
from commission.cases.queries import HearingView
from commission.cases.schemas import (
    CaseFileSchema,
    CaseMoveSchema,
    CaseQuerySchema,
    CaseSchema,
    DecisionSchema,
    GroundSchema,
    HearingCancellationSchema,
    HearingPostponementSchema,
    HearingRecordSchema,
    HearingSchema,
    NewAppealSchema,
    NewCaseSchema,
    NewDecisionSchema,
    NewHearingSchema,
    NewRecusalOverrideSchema,
    RecusalOverrideSchema,
    ReopeningSchema,
    RulesCheckQuerySchema,
    RulesCheckSchema,
)
from commission.cases.work_schemas import AssignmentSchema, NewAssignmentSchema
from commission.core import clock
from commission.core.actors import Viewer, signed_in
from commission.core.errors import InvalidInput
from commission.core.roles import can, require
from commission.inquiries.referees import referee_verdicts
from commission.inquiries.schemas import RefereeVerdictSchema
from commission.registry.models import Person

VIEW_CASES = "cases.view_case"
VIEW_CONFIDENTIAL = "cases.view_confidential_case"

_REFUSED = OpenApiResponse(ErrorSchema, description="The role does not allow it.")
READ_ERRORS: dict[int, OpenApiResponse] = {
    401: OpenApiResponse(ErrorSchema, description="No valid token or session."),
    403: _REFUSED,
}
INPUT_ERRORS: dict[int, OpenApiResponse] = {
    **READ_ERRORS,
    400: OpenApiResponse(ErrorSchema, description="A value was not accepted; see `errors`."),
}
NOT_FOUND = {
    404: OpenApiResponse(
        ErrorSchema, description="No record has that reference, or not one you may see."
    )
}
CONFLICT = {
    409: OpenApiResponse(
        ErrorSchema, description="The record changed since `version`; nothing was saved."
    )
}


def has_own_cases(user: Viewer) -> bool:
    return bool(user.is_authenticated and Person.objects.filter(user=user).exists())


class MayUseCases(BasePermission):
    """Case roles may use every case endpoint; what each may see is narrowed by
    `cases.queries.visible_cases`, and what each may change is decided by the services.

    A member with no case role may read their own cases and appeal a decision on them, and
    nothing else: their writes are refused here, before validation, because its answers
    ("there is no person with the reference …") would tell them who is in the registry.
    """

    def has_permission(self, request: Request, view: Any) -> bool:
        if can(request.user, VIEW_CASES):
            return True
        reading = request.method in SAFE_METHODS or getattr(view, "action", None) == "appeal"
        if reading and has_own_cases(request.user):
            return True
        require(request.user, VIEW_CASES, "use the commission's cases")
        return True


def log_confidential_read(user: Viewer, case: Case) -> None:
    services.record_confidential_read(actor=signed_in(user), case=case)


def _ground_codes(case_id: int) -> dict[int, list[dict[str, str]]]:
    """The codes and labels of every decision's grounds on a case, in one query (the case
    file carries the labels only)."""
    found: dict[int, list[dict[str, str]]] = {}
    rows = (
        Decision.grounds.through.objects.filter(decision__case_id=case_id)
        .order_by("ground__label", "ground_id")
        .values_list("decision_id", "ground__code", "ground__label")
    )
    for decision_id, code, label in rows:
        found.setdefault(decision_id, []).append({"code": code, "label": label})
    return found


def case_file_answer(case: Case, code: int = status.HTTP_200_OK) -> Response:
    case_file = queries.case_file(case_id=case.pk)
    context = {"today": clock.today(), "grounds": _ground_codes(case.pk)}
    # CaseFileSchema reads a queries.CaseFile, though typed by its Case fields.
    return Response(CaseFileSchema(cast(Any, case_file), context=context).data, status=code)


def hearing_answer(hearing: Hearing, code: int = status.HTTP_200_OK) -> Response:
    attendance = list(
        hearing.attendance.select_related("person").order_by("person__surname_key", "person_id")
    )
    return Response(HearingSchema(HearingView(hearing, attendance)).data, status=code)


def _visible(user: Viewer) -> QuerySet[Case]:
    return queries.visible_cases(user)


class CaseEndpoint(RegistryViewSet):
    permission_classes = [IsAuthenticated, MayUseCases]


@extend_schema_view(
    list=extend_schema(
        summary="Cases you may see, newest first",
        parameters=[CaseQuerySchema],
        responses={200: CaseSchema(many=True), **INPUT_ERRORS},
    ),
    retrieve=extend_schema(
        summary="The case file; every read of a confidential case is logged",
        responses={200: CaseFileSchema, **READ_ERRORS, **NOT_FOUND},
    ),
    create=extend_schema(
        summary="Open a case about a member before a commission",
        request=NewCaseSchema,
        responses={201: CaseFileSchema, **INPUT_ERRORS},
    ),
)
class CaseViewSet(CaseEndpoint):
    serializer_class = CaseSchema

    def get_queryset(self) -> QuerySet[Case]:
        return _visible(self.request.user).select_related("subject", "commission")

    def list(self, request: Request) -> Response:
        wanted = validated(CaseQuerySchema, request.query_params)
        rows = queries.case_list(user=request.user, **wanted)
        return self.page_of(rows, CaseSchema)

    def retrieve(self, request: Request, ref: str) -> Response:
        case = self.get_object()
        log_confidential_read(request.user, case)
        return case_file_answer(case)

    def create(self, request: Request) -> Response:
        values = validated(NewCaseSchema, request.data)
        case = services.open_case(actor=signed_in(request.user), **values)
        return case_file_answer(case, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Move a case to another state, with the reason",
        request=CaseMoveSchema,
        responses={200: CaseFileSchema, **INPUT_ERRORS, **NOT_FOUND, **CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, ref: str) -> Response:
        case = self.get_object()
        values = validated(CaseMoveSchema, request.data)
        services.transition_case(
            actor=signed_in(request.user),
            case=case,
            to_state=values["to_state"],
            reason=values["reason"],
            expected_version=values["version"],
        )
        return case_file_answer(case)

    @extend_schema(
        summary="Assign the case to a rapporteur, or reassign it with a reason; nobody who "
        "must stand aside can be assigned",
        request=NewAssignmentSchema,
        responses={201: AssignmentSchema, **INPUT_ERRORS, **NOT_FOUND, **CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, ref: str) -> Response:
        case = self.get_object()
        values = validated(NewAssignmentSchema, request.data)
        assignment = assigning.assign_case(
            actor=signed_in(request.user),
            case=case,
            rapporteur=values["rapporteur"],
            rule=values["rule"],
            reason=values["reason"],
            expected_version=values["version"],
        )
        return Response(AssignmentSchema(assignment).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Schedule a hearing of a case that is ready for one",
        request=NewHearingSchema,
        responses={201: HearingSchema, **INPUT_ERRORS, **NOT_FOUND, **CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def hearings(self, request: Request, ref: str) -> Response:
        case = self.get_object()
        values = validated(NewHearingSchema, request.data)
        hearing = services.schedule_hearing(
            actor=signed_in(request.user),
            case=case,
            starts_at=values["starts_at"],
            place=values["place"],
            expected_version=values["version"],
        )
        return hearing_answer(hearing, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Record and sign the commission's decision",
        request=NewDecisionSchema,
        responses={201: DecisionSchema, **INPUT_ERRORS, **NOT_FOUND, **CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def decisions(self, request: Request, ref: str) -> Response:
        case = self.get_object()
        values = validated(NewDecisionSchema, request.data)
        decision = services.record_decision(
            actor=signed_in(request.user),
            case=case,
            expected_version=values["version"],
            outcome=values["outcome"],
            reasons=values["reasons"],
            votes={row["commissioner"]: row["choice"] for row in values["votes"]},
            decided_on=values["decided_on"],
            grounds=values["grounds"],
            term_until=values["term_until"],
            hearing=values["hearing"],
        )
        view = next(
            d for d in queries.case_file(case_id=case.pk).decisions if d.decision.pk == decision.pk
        )
        context = {"grounds": _ground_codes(case.pk)}
        return Response(DecisionSchema(view, context=context).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Let a tied commissioner sit on the case, with the reason on record",
        request=NewRecusalOverrideSchema,
        responses={201: RecusalOverrideSchema, **INPUT_ERRORS, **NOT_FOUND},
    )
    @action(detail=True, methods=["post"], url_path="recusal-overrides")
    def recusal_overrides(self, request: Request, ref: str) -> Response:
        case = self.get_object()
        values = validated(NewRecusalOverrideSchema, request.data)
        override = services.override_recusal(actor=signed_in(request.user), case=case, **values)
        return Response(RecusalOverrideSchema(override).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="What the rules say about a decision before it is recorded; records nothing",
        parameters=[RulesCheckQuerySchema],
        responses={200: RulesCheckSchema, **INPUT_ERRORS, **NOT_FOUND},
    )
    @action(detail=True, methods=["get"], url_path="rules-check")
    def rules_check(self, request: Request, ref: str) -> Response:
        case = self.get_object()
        wanted = validated(RulesCheckQuerySchema, request.query_params)
        log_confidential_read(request.user, case)
        decided_on = wanted["decided_on"] or clock.today()
        count = rules.count_votes(wanted["votes"])
        membership = rules.membership_in_question(case)
        check = rules.check_readmission(
            case=case,
            membership=membership,
            outcome=wanted["outcome"],
            decided_on=decided_on,
            term_until=wanted["term_until"],
            votes=count,
        )
        answer = {
            "outcome": wanted["outcome"],
            "decided_on": decided_on,
            "term_until": wanted["term_until"],
            "membership_status": membership.status if membership else None,
            "count": count,
            "readmission": check,
        }
        return Response(RulesCheckSchema(answer).data)

    @extend_schema(
        summary="Which testimonies in the subject's favour count as recommendations, and why",
        responses={200: RefereeVerdictSchema(many=True), **READ_ERRORS, **NOT_FOUND},
    )
    # A case's testimonies in one list: there are never more than a page of them.
    @action(detail=True, methods=["get"], pagination_class=None)
    def referees(self, request: Request, ref: str) -> Response:
        case = self.get_object()
        log_confidential_read(request.user, case)
        verdicts = referee_verdicts(case=case)
        return Response(RefereeVerdictSchema(cast(Any, verdicts), many=True).data)


class HearingViewSet(CaseEndpoint):
    serializer_class = HearingSchema
    lookup_field = "id"
    lookup_value_regex = "[0-9]+"
    lookup_noun = "number"

    def get_queryset(self) -> QuerySet[Hearing]:
        return Hearing.objects.filter(case__in=_visible(self.request.user)).select_related("case")

    @extend_schema(
        summary="Move a scheduled hearing; the old sitting stays on record as postponed",
        request=HearingPostponementSchema,
        responses={201: HearingSchema, **INPUT_ERRORS, **NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def postpone(self, request: Request, id: str) -> Response:
        hearing = self.get_object()
        values = validated(HearingPostponementSchema, request.data)
        new = services.postpone_hearing(actor=signed_in(request.user), hearing=hearing, **values)
        return hearing_answer(new, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Cancel a scheduled hearing; the case and any appeal it carries stay",
        request=HearingCancellationSchema,
        responses={200: HearingSchema, **INPUT_ERRORS, **NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, id: str) -> Response:
        hearing = self.get_object()
        values = validated(HearingCancellationSchema, request.data)
        cancelled = services.cancel_hearing(
            actor=signed_in(request.user), hearing=hearing, **values
        )
        return hearing_answer(cancelled)

    @extend_schema(
        summary="Record that a hearing was held: who attended and the minutes",
        request=HearingRecordSchema,
        responses={200: HearingSchema, **INPUT_ERRORS, **NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def held(self, request: Request, id: str) -> Response:
        hearing = self.get_object()
        values = validated(HearingRecordSchema, request.data)
        held = services.record_hearing(
            actor=signed_in(request.user),
            hearing=hearing,
            attendance={row["person"]: row["present"] for row in values["attendance"]},
            minutes=values["minutes"],
        )
        return hearing_answer(held)


class DecisionViewSet(CaseEndpoint):
    serializer_class = DecisionSchema
    lookup_field = "id"
    lookup_value_regex = "[0-9]+"
    lookup_noun = "number"

    def get_queryset(self) -> QuerySet[Decision]:
        return Decision.objects.filter(case__in=_visible(self.request.user)).select_related(
            "case", "case__subject", "case__commission"
        )

    @extend_schema(
        summary="Appeal a decision to the commission one level up, within the window",
        request=NewAppealSchema,
        responses={201: CaseFileSchema, **INPUT_ERRORS, **NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def appeal(self, request: Request, id: str) -> Response:
        decision = self.get_object()
        values = validated(NewAppealSchema, request.data)
        appeal = services.open_appeal(
            actor=signed_in(request.user),
            decision=decision,
            filed_on=values["filed_on"],
            statement=values["statement"],
        )
        return case_file_answer(appeal, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Reopen a decided case on material its decision did not see",
        request=ReopeningSchema,
        responses={201: CaseFileSchema, **INPUT_ERRORS, **NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, id: str) -> Response:
        decision = self.get_object()
        values = validated(ReopeningSchema, request.data)
        wanted = list(dict.fromkeys(values["material"]))
        filings = {
            f.document_id: f
            for f in CaseDocument.objects.filter(
                case_id=decision.case_id, document_id__in=wanted
            ).select_related("document")
        }
        missing = [str(pk) for pk in wanted if pk not in filings]
        if missing:
            raise InvalidInput(
                _("Not on the file of case %(case)s: document %(missing)s.")
                % {"case": decision.case.ref, "missing": ", ".join(missing)},
                field="material",
            )
        reopening = services.reopen_case(
            actor=signed_in(request.user),
            decision=decision,
            reason=values["reason"],
            material=[filings[pk] for pk in wanted],
        )
        return case_file_answer(reopening, status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        summary="The grounds a decision may give",
        responses={200: GroundSchema(many=True), **INPUT_ERRORS},
    )
)
class GroundViewSet(mixins.ListModelMixin, CaseEndpoint):
    serializer_class = GroundSchema
    queryset = Ground.objects.filter(active=True).order_by("label", "id")
