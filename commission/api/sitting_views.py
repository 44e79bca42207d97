"""The commission's sittings over JSON: plan one, put cases on its docket, hold it, move or
cancel a case not heard, adopt the minutes. Each view validates its body, calls one function of
`cases.sittings`, and answers with the sitting as it now stands."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from commission.api.cases_views import INPUT_ERRORS, NOT_FOUND
from commission.api.edge import requiring, validated
from commission.cases import letters, queries, sittings
from commission.cases.models import Case, Decision, OutcomeLetter, Sitting
from commission.core.actors import signed_in
from commission.core.errors import NotFound
from commission.registry.models import Commission, Person
from commission.registry.schemas import ref_field

MayUseCases = requiring("cases.view_case", "use the commission's cases")


class DocketEntrySchema(serializers.Serializer[Any]):
    position = serializers.IntegerField()
    case = serializers.CharField(source="case.ref")
    title = serializers.CharField(source="case.title")
    hearing_state = serializers.CharField(source="hearing.state")

    class Meta:
        ref_name = "DocketEntry"


class SittingSchema(serializers.ModelSerializer[Sitting]):
    commission: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="ref", read_only=True
    )
    docket = serializers.SerializerMethodField()

    class Meta:
        model = Sitting
        fields = [
            "id", "commission", "starts_at", "place", "state", "seated", "quorum_needed",
            "note", "minutes", "docket", "version",
        ]  # fmt: skip
        read_only_fields = fields
        ref_name = "Sitting"

    def get_docket(self, sitting: Sitting) -> list[dict[str, Any]]:
        return list(DocketEntrySchema(sittings.docket(sitting), many=True).data)


class NewSittingSchema(serializers.Serializer[Any]):
    commission = ref_field(Commission, "commission")
    starts_at = serializers.DateTimeField()
    place = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")

    class Meta:
        ref_name = "NewSitting"


class DocketAddSchema(serializers.Serializer[Any]):
    case = ref_field(Case, "case")

    class Meta:
        ref_name = "DocketAdd"


class HoldSchema(serializers.Serializer[Any]):
    present = serializers.ListField(child=ref_field(Person, "person"))

    class Meta:
        ref_name = "SittingHeld"


class NotHeardSchema(serializers.Serializer[Any]):
    case = serializers.CharField(help_text="Reference of the case on the docket.")
    reason = serializers.CharField(max_length=500)
    cancel = serializers.BooleanField(
        default=False, help_text="Cancel its hearing rather than move it to the next sitting."
    )

    class Meta:
        ref_name = "NotHeard"


class DraftLettersSchema(serializers.Serializer[Any]):
    decision = serializers.PrimaryKeyRelatedField(
        queryset=Decision.objects.select_related("case", "case__subject", "case__commission")
    )

    class Meta:
        ref_name = "DraftLetters"


def _answer(sitting: Sitting, code: int = status.HTTP_200_OK) -> Response:
    fresh = Sitting.objects.select_related("commission").get(pk=sitting.pk)
    return Response(SittingSchema(fresh).data, status=code)


@extend_schema_view(
    list=extend_schema(
        summary="Sittings, latest first", responses={200: SittingSchema(many=True), **INPUT_ERRORS}
    ),
    retrieve=extend_schema(
        summary="A sitting with its docket",
        responses={200: SittingSchema, **INPUT_ERRORS, **NOT_FOUND},
    ),
)
class SittingViewSet(viewsets.ReadOnlyModelViewSet[Sitting]):
    permission_classes = [IsAuthenticated, MayUseCases]
    serializer_class = SittingSchema
    queryset = Sitting.objects.select_related("commission").order_by("-starts_at", "-id")

    @extend_schema(
        summary="Plan a sitting", request=NewSittingSchema,
        responses={201: SittingSchema, **INPUT_ERRORS},
    )  # fmt: skip
    def create(self, request: Request) -> Response:
        values = validated(NewSittingSchema, request.data)
        return _answer(
            sittings.plan_sitting(actor=signed_in(request.user), **values), status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Put a case that is ready for hearing last on the docket",
        request=DocketAddSchema, responses={200: SittingSchema, **INPUT_ERRORS, **NOT_FOUND},
    )  # fmt: skip
    @action(detail=True, methods=["post"])
    def docket(self, request: Request, pk: str) -> Response:
        sitting = self.get_object()
        values = validated(DocketAddSchema, request.data)
        sittings.put_on_docket(actor=signed_in(request.user), sitting=sitting, case=values["case"])
        return _answer(sitting)

    @extend_schema(
        summary="Record the sitting as held, with who was present; refused without quorum",
        request=HoldSchema, responses={200: SittingSchema, **INPUT_ERRORS, **NOT_FOUND},
    )  # fmt: skip
    @action(detail=True, methods=["post"])
    def held(self, request: Request, pk: str) -> Response:
        sitting = self.get_object()
        values = validated(HoldSchema, request.data)
        sittings.hold_sitting(
            actor=signed_in(request.user), sitting=sitting, present=values["present"]
        )
        return _answer(sitting)

    @extend_schema(
        summary="A case on the docket was not heard: move it to the next sitting, or cancel",
        request=NotHeardSchema, responses={200: SittingSchema, **INPUT_ERRORS, **NOT_FOUND},
    )  # fmt: skip
    @action(detail=True, methods=["post"], url_path="not-heard")
    def not_heard(self, request: Request, pk: str) -> Response:
        sitting = self.get_object()
        values = validated(NotHeardSchema, request.data)
        entry = (
            sitting.docket.select_related("case", "sitting")
            .filter(case__ref=values["case"])
            .first()
        )
        if entry is None:
            raise NotFound(f"{values['case']} is not on the docket of the {sitting}.")
        actor = signed_in(request.user)
        if values["cancel"]:
            sittings.cancel_docket_entry(actor=actor, entry=entry, reason=values["reason"])
        else:
            sittings.postpone_docket_entry(actor=actor, entry=entry, reason=values["reason"])
        return _answer(sitting)

    @extend_schema(
        summary="Adopt the minutes of a held sitting and file them on the cases heard",
        request=None, responses={200: SittingSchema, **INPUT_ERRORS, **NOT_FOUND},
    )  # fmt: skip
    @action(detail=True, methods=["post"])
    def minutes(self, request: Request, pk: str) -> Response:
        sitting = self.get_object()
        sittings.adopt_minutes(actor=signed_in(request.user), sitting=sitting)
        return _answer(sitting)


class OutcomeLetterSchema(serializers.ModelSerializer[OutcomeLetter]):
    case = serializers.CharField(source="decision.case.ref", read_only=True)

    class Meta:
        model = OutcomeLetter
        fields = [
            "id", "case", "decision", "recipient_kind", "recipient_name", "language", "state",
            "body", "signed_at", "document", "version",
        ]  # fmt: skip
        read_only_fields = fields
        ref_name = "OutcomeLetter"


@extend_schema_view(
    list=extend_schema(
        summary="Outcome letters of the cases you may see",
        responses={200: OutcomeLetterSchema(many=True), **INPUT_ERRORS},
    ),
    retrieve=extend_schema(
        summary="An outcome letter",
        responses={200: OutcomeLetterSchema, **INPUT_ERRORS, **NOT_FOUND},
    ),
)
class OutcomeLetterViewSet(viewsets.ReadOnlyModelViewSet[OutcomeLetter]):
    """The letters decisions send; `pdf` is the preview until the chair signs."""

    permission_classes = [IsAuthenticated, MayUseCases]
    serializer_class = OutcomeLetterSchema

    def get_queryset(self) -> Any:
        return OutcomeLetter.objects.filter(
            decision__case__in=queries.visible_cases(self.request.user)
        ).select_related("decision", "decision__case")

    @extend_schema(
        summary="Sign and send a drafted letter; it is filed on the case",
        request=None, responses={200: OutcomeLetterSchema, **INPUT_ERRORS, **NOT_FOUND},
    )  # fmt: skip
    @action(detail=True, methods=["post"])
    def sign(self, request: Request, pk: str) -> Response:
        letter = letters.sign_outcome_letter(
            actor=signed_in(request.user), letter=self.get_object()
        )
        return Response(OutcomeLetterSchema(letter).data)

    @extend_schema(
        summary="Draft the letters of a decision (by its number), to the member and on an "
        "appeal to the commission appealed against, in Russian and English",
        request=DraftLettersSchema, responses={201: OutcomeLetterSchema(many=True), **INPUT_ERRORS},
    )  # fmt: skip
    @action(detail=False, methods=["post"], pagination_class=None)
    def draft(self, request: Request) -> Response:
        values = validated(DraftLettersSchema, request.data)
        decision = values["decision"]
        if not queries.can_see_case(request.user, decision.case):
            raise NotFound(f"There is no decision {decision.pk} that you can see.")
        made = letters.draft_outcome_letters(actor=signed_in(request.user), decision=decision)
        return Response(OutcomeLetterSchema(made, many=True).data, status=status.HTTP_201_CREATED)
