"""The member registry over JSON. Each view validates the request with a schema from
`registry.schemas`, calls one function of `registry.services` (writes) or reads through a
queryset or `registry.queries`, and answers with a schema. Who may write is decided by the
services; refusals come back through `commission.api.errors`."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import F, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from commission.api.edge import MayUseRegistry, validated
from commission.api.pagination import RegistryPagination
from commission.api.schemas import ErrorSchema
from commission.cases.models import Decision
from commission.core.actors import signed_in
from commission.core.errors import InvalidInput, NotFound
from commission.registry import lookup, merging, queries, services
from commission.registry.models import (
    Commission,
    Commissioner,
    Membership,
    MembershipStatusChange,
    Organisation,
    Person,
    PersonMerge,
    Relationship,
    Unit,
)
from commission.registry.schemas import (
    CommissionSchema,
    ContactSchema,
    MembershipQuerySchema,
    MembershipSchema,
    MergeSchema,
    NewContactSchema,
    NewMembershipSchema,
    NewPersonSchema,
    NewRelationshipSchema,
    OrganisationQuerySchema,
    OrganisationSchema,
    PeopleQuerySchema,
    PersonChangesSchema,
    PersonDetailSchema,
    PersonListItemSchema,
    PersonNameSchema,
    RelationshipQuerySchema,
    RelationshipSchema,
    StatusChangeRequestSchema,
    UnitSchema,
)

# A lookup is ranked in memory (registry.lookup.find_people); beyond this many candidates a
# query needs another word, not another page.
LOOKUP_LIMIT = 200

_REFUSED = OpenApiResponse(ErrorSchema, description="The role does not allow it.")
_READ_ERRORS: dict[int, OpenApiResponse] = {
    401: OpenApiResponse(ErrorSchema, description="No valid token or session."),
    403: _REFUSED,
}
_INPUT_ERRORS: dict[int, OpenApiResponse] = {
    **_READ_ERRORS,
    400: OpenApiResponse(ErrorSchema, description="A value was not accepted; see `errors`."),
}
_NOT_FOUND = {404: OpenApiResponse(ErrorSchema, description="No record has that reference.")}


class RegistryViewSet(viewsets.GenericViewSet[Any]):
    permission_classes = [IsAuthenticated, MayUseRegistry]
    # JSON only: a form encoding cannot carry the nested lists some bodies have.
    parser_classes = [JSONParser]
    pagination_class = RegistryPagination
    # References are free text chosen by whoever imported the registry; only "/" is reserved.
    lookup_field = "ref"
    lookup_value_regex = "[^/]+"

    # How the lookup value is named in the sentence that says no record has it.
    lookup_noun = "reference"

    def get_object(self) -> Any:
        try:
            return super().get_object()
        except Http404:
            what = self.get_queryset().model._meta.verbose_name
            value = self.kwargs[self.lookup_field]
            raise NotFound(
                _("There is no %(what)s with the %(lookup_noun)s %(value)s.")
                % {"what": what, "lookup_noun": self.lookup_noun, "value": value}
            ) from None

    def page_of(self, rows: Any, schema: Any) -> Response:
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(schema(page, many=True).data)


@extend_schema_view(
    list=extend_schema(
        summary="List people by surname, or look them up by any form of a name",
        parameters=[PeopleQuerySchema],
        responses={200: PersonListItemSchema(many=True), **_INPUT_ERRORS},
    ),
    retrieve=extend_schema(
        summary="A person with names, memberships and their history, positions and ties",
        responses={200: PersonDetailSchema, **_READ_ERRORS, **_NOT_FOUND},
    ),
    create=extend_schema(
        summary="Add a person to the registry",
        request=NewPersonSchema,
        responses={201: PersonDetailSchema, **_INPUT_ERRORS},
    ),
    partial_update=extend_schema(
        summary="Change a person; refused with 409 if someone else saved the person since",
        request=PersonChangesSchema,
        responses={
            200: PersonDetailSchema,
            **_INPUT_ERRORS,
            **_NOT_FOUND,
            409: OpenApiResponse(
                ErrorSchema, description="The person changed since `version`; nothing was saved."
            ),
        },
    ),
)
class PersonViewSet(RegistryViewSet):
    serializer_class = PersonListItemSchema

    def get_queryset(self) -> QuerySet[Person]:
        return Person.objects.select_related("merged_into").order_by(
            "surname_key", "given_key", "patronymic_key", "id"
        )

    def detail_answer(self, person: Person, code: int = status.HTTP_200_OK) -> Response:
        detail = queries.person_detail(person_id=person.pk, viewer=self.request.user)
        services.record_contacts_shown(
            actor=signed_in(self.request.user),
            person=detail.person,
            contacts=detail.contacts,
            where="through the API",
        )
        # PersonDetailSchema reads a queries.PersonDetail, though typed by its Person fields.
        return Response(PersonDetailSchema(cast(Any, detail)).data, status=code)

    def list(self, request: Request) -> Response:
        query = validated(PeopleQuerySchema, request.query_params).get("q", "").strip()
        if query:
            return self.page_of(lookup.find_people(query, limit=LOOKUP_LIMIT), PersonListItemSchema)
        listed = self.get_queryset().filter(merged_into__isnull=True)
        return self.page_of(listed, PersonListItemSchema)

    def retrieve(self, request: Request, ref: str) -> Response:
        return self.detail_answer(self.get_object())

    def create(self, request: Request) -> Response:
        values = validated(NewPersonSchema, request.data)
        names = [(n["kind"], n["value"]) for n in values.pop("names")]
        person = services.create_person(actor=signed_in(request.user), names=names, **values)
        return self.detail_answer(person, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, ref: str) -> Response:
        person = self.get_object()
        changes = validated(PersonChangesSchema, request.data)
        version = changes.pop("version")
        person = services.update_person(
            actor=signed_in(request.user), person=person, expected_version=version, changes=changes
        )
        return self.detail_answer(person)

    @extend_schema(
        summary="Merge another record of the same person into this one (undone by unmerge)",
        request=MergeSchema,
        responses={
            200: PersonDetailSchema,
            **_INPUT_ERRORS,
            **_NOT_FOUND,
            409: OpenApiResponse(
                ErrorSchema,
                description="The two records hold something that cannot be joined (two "
                "memberships of one organisation, two votes on one decision); nothing changed.",
            ),
        },
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser])
    def merge(self, request: Request, ref: str) -> Response:
        person = self.get_object()
        values = validated(MergeSchema, request.data)
        merging.merge_people(
            actor=signed_in(request.user),
            keep=person,
            merge=values["duplicate"],
            reason=values["reason"],
        )
        person.refresh_from_db()
        return self.detail_answer(person)

    @extend_schema(
        summary="Undo the merge of this record into another; it is a person of its own again",
        request=None,
        responses={
            200: PersonDetailSchema,
            **_READ_ERRORS,
            **_NOT_FOUND,
            422: OpenApiResponse(
                ErrorSchema, description="The record is not merged into another; nothing to undo."
            ),
        },
    )
    @action(detail=True, methods=["post"])
    def unmerge(self, request: Request, ref: str) -> Response:
        person = self.get_object()
        last = PersonMerge.objects.filter(merged=person, undone_at__isnull=True).first()
        if last is None:
            raise InvalidInput(
                _("%(ref)s was not merged into another record, so there is nothing to undo.")
                % {"ref": person.ref}
            )
        merging.undo_merge(actor=signed_in(request.user), merge=last)
        person.refresh_from_db()
        return self.detail_answer(person)

    @extend_schema(
        summary="Record a further form of a person's name",
        request=PersonNameSchema,
        responses={201: PersonNameSchema, **_INPUT_ERRORS, **_NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def names(self, request: Request, ref: str) -> Response:
        person = self.get_object()
        values = validated(PersonNameSchema, request.data)
        row = services.add_person_name(actor=signed_in(request.user), person=person, **values)
        return Response(PersonNameSchema(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Record an address, telephone or other contact detail (personal data)",
        request=NewContactSchema,
        responses={201: ContactSchema, **_INPUT_ERRORS, **_NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def contacts(self, request: Request, ref: str) -> Response:
        person = self.get_object()
        values = validated(NewContactSchema, request.data)
        contact = services.add_contact(actor=signed_in(request.user), person=person, **values)
        return Response(ContactSchema(contact).data, status=status.HTTP_201_CREATED)


def _memberships() -> QuerySet[Membership]:
    # In effective order; a step with no date is the undated first one, on either engine
    # (PostgreSQL would otherwise put NULLs last).
    history = MembershipStatusChange.objects.select_related("recorded_by").order_by(
        F("effective_on").asc(nulls_first=True), "id"
    )
    return (
        Membership.objects.select_related("person", "organisation", "unit")
        .prefetch_related(Prefetch("history", queryset=history))
        .order_by("id")
    )


@extend_schema_view(
    list=extend_schema(
        summary="Memberships, with their full status history",
        parameters=[MembershipQuerySchema],
        responses={200: MembershipSchema(many=True), **_INPUT_ERRORS},
    ),
    create=extend_schema(
        summary="Enrol a person in an organisation",
        request=NewMembershipSchema,
        responses={201: MembershipSchema, **_INPUT_ERRORS},
    ),
)
class MembershipViewSet(RegistryViewSet):
    serializer_class = MembershipSchema
    lookup_field = "id"
    lookup_value_regex = "[0-9]+"
    lookup_noun = "number"

    def get_queryset(self) -> QuerySet[Membership]:
        return _memberships()

    def list(self, request: Request) -> Response:
        wanted = validated(MembershipQuerySchema, request.query_params)
        rows = self.get_queryset()
        if "person" in wanted:
            rows = rows.filter(person__ref=wanted["person"])
        if "organisation" in wanted:
            rows = rows.filter(organisation__ref=wanted["organisation"])
        if "status" in wanted:
            rows = rows.filter(status=wanted["status"])
        return self.page_of(rows, MembershipSchema)

    def create(self, request: Request) -> Response:
        values = validated(NewMembershipSchema, request.data)
        membership = services.enrol_member(actor=signed_in(request.user), **values)
        return Response(
            MembershipSchema(_memberships().get(pk=membership.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        summary="Move a membership to a new status, adding a step to its history",
        request=StatusChangeRequestSchema,
        responses={
            201: MembershipSchema,
            **_INPUT_ERRORS,
            **_NOT_FOUND,
            409: OpenApiResponse(
                ErrorSchema,
                description="The membership changed since `version`; nothing was saved.",
            ),
        },
    )
    @action(detail=True, methods=["post"], url_path="status")
    def change_status(self, request: Request, id: str) -> Response:
        membership = self.get_object()
        values = validated(StatusChangeRequestSchema, request.data)
        decision_id = values.pop("decision")
        decision = None
        if decision_id is not None:
            decision = (
                Decision.objects.select_related("case__subject").filter(pk=decision_id).first()
            )
            if decision is None:
                raise InvalidInput(
                    _("There is no decision %(decision_id)s.") % {"decision_id": decision_id},
                    field="decision",
                )
        services.change_membership_status(
            actor=signed_in(request.user),
            membership=membership,
            expected_version=values.pop("version"),
            decision=decision,
            **values,
        )
        return Response(
            MembershipSchema(_memberships().get(pk=membership.pk)).data,
            status=status.HTTP_201_CREATED,
        )


def _relationships() -> QuerySet[Relationship]:
    return Relationship.objects.select_related("source", "target").order_by("id")


@extend_schema_view(
    list=extend_schema(
        summary="Ties between people",
        parameters=[RelationshipQuerySchema],
        responses={200: RelationshipSchema(many=True), **_INPUT_ERRORS},
    ),
    create=extend_schema(
        summary="Record a tie; recording it again answers the existing tie",
        request=NewRelationshipSchema,
        responses={201: RelationshipSchema, **_INPUT_ERRORS},
    ),
)
class RelationshipViewSet(RegistryViewSet):
    serializer_class = RelationshipSchema

    def get_queryset(self) -> QuerySet[Relationship]:
        return _relationships()

    def list(self, request: Request) -> Response:
        wanted = validated(RelationshipQuerySchema, request.query_params)
        rows = self.get_queryset()
        if "person" in wanted:
            rows = rows.filter(Q(source__ref=wanted["person"]) | Q(target__ref=wanted["person"]))
        if "kind" in wanted:
            rows = rows.filter(kind=wanted["kind"])
        return self.page_of(rows, RelationshipSchema)

    def create(self, request: Request) -> Response:
        values = validated(NewRelationshipSchema, request.data)
        tie = services.record_relationship(actor=signed_in(request.user), **values)
        return Response(
            RelationshipSchema(_relationships().get(pk=tie.pk)).data,
            status=status.HTTP_201_CREATED,
        )


def _read_only(schema: Any, noun: str, plural: str, **list_options: Any) -> Any:
    """The schema of a read-only registry view: a list and one record by reference."""
    return extend_schema_view(
        list=extend_schema(
            summary=plural, responses={200: schema(many=True), **_INPUT_ERRORS}, **list_options
        ),
        retrieve=extend_schema(summary=noun, responses={200: schema, **_READ_ERRORS, **_NOT_FOUND}),
    )


@_read_only(OrganisationSchema, "An organisation", "Organisations")
class OrganisationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RegistryViewSet):
    serializer_class = OrganisationSchema
    queryset = Organisation.objects.order_by("name", "id")


@_read_only(UnitSchema, "A unit", "Units", parameters=[OrganisationQuerySchema])
class UnitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RegistryViewSet):
    serializer_class = UnitSchema

    def get_queryset(self) -> QuerySet[Unit]:
        rows = Unit.objects.select_related("organisation", "parent").order_by("ref", "id")
        if self.action == "list":
            wanted = validated(OrganisationQuerySchema, self.request.query_params)
            if "organisation" in wanted:
                rows = rows.filter(organisation__ref=wanted["organisation"])
        return rows


@_read_only(
    CommissionSchema,
    "A commission with its commissioners",
    "Commissions with their commissioners",
    parameters=[OrganisationQuerySchema],
)
class CommissionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RegistryViewSet):
    serializer_class = CommissionSchema

    def get_queryset(self) -> QuerySet[Commission]:
        seats = Commissioner.objects.select_related("person").order_by("role", "id")
        rows = (
            Commission.objects.select_related("organisation", "parent", "unit")
            .prefetch_related(Prefetch("commissioners", queryset=seats))
            .order_by("ref", "id")
        )
        if self.action == "list":
            wanted = validated(OrganisationQuerySchema, self.request.query_params)
            if "organisation" in wanted:
                rows = rows.filter(organisation__ref=wanted["organisation"])
        return rows


class PersonalDataReadSchema(serializers.Serializer[Any]):
    seq = serializers.IntegerField(help_text="The audit event that recorded the read.")
    occurred_at = serializers.DateTimeField()
    reader = serializers.CharField(help_text="The account that was shown the data.")
    where = serializers.CharField()
    kinds = serializers.ListField(child=serializers.CharField())


class MyRecordSchema(serializers.Serializer[Any]):
    person = PersonDetailSchema()
    personal_data_reads = PersonalDataReadSchema(many=True)


class MyRecordView(APIView):
    """The signed-in member's own record and who else has been shown her personal data."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Your own record in the registry, your personal data, and who has read it",
        responses={200: MyRecordSchema, **_NOT_FOUND},
    )
    def get(self, request: Request) -> Response:
        own = Person.objects.filter(user_id=request.user.pk or 0).first()
        if own is None:
            raise NotFound(_("Your account is not linked to a person in the member registry."))
        detail = queries.person_detail(person_id=own.pk, viewer=request.user, person=own, own=True)
        reads = queries.personal_data_reads(own.pk)
        return Response(
            {
                "person": PersonDetailSchema(cast(Any, detail)).data,
                "personal_data_reads": PersonalDataReadSchema(
                    [r.__dict__ for r in reads], many=True
                ).data,
            }
        )
