"""JSON shapes of who works on what: assigning a case, a queue, a commission's workload."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from commission.cases.enums import AssignmentRule
from commission.cases.models import Assignment
from commission.cases.schemas import CaseSchema
from commission.registry.models import Commission, Person
from commission.registry.schemas import EnumField, PersonRefSchema, ref_field


class NewAssignmentSchema(serializers.Serializer[Any]):
    rapporteur = ref_field(
        Person,
        "person",
        required=False,
        allow_null=True,
        default=None,
        help_text=gettext_lazy("The member to assign; leave out to let `rule` pick one."),
    )
    rule = EnumField(
        AssignmentRule,
        "a rule of assignment",
        required=False,
        allow_null=True,
        default=None,
        help_text=gettext_lazy(
            "How to pick the rapporteur when none is named; the organisation's rule when left out."
        ),
    )
    reason = serializers.CharField(
        max_length=500, required=False, allow_blank=True, default="",
        help_text=gettext_lazy(
"Why the case is reassigned (required when it already has a "
"rapporteur)."
),
    )  # fmt: skip
    version = serializers.IntegerField(
        min_value=1, help_text=gettext_lazy("The case's version as read.")
    )

    class Meta:
        ref_name = "NewAssignment"


class AssignmentSchema(serializers.ModelSerializer[Assignment]):
    case: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="ref", read_only=True
    )
    rapporteur = PersonRefSchema(read_only=True)
    rule = EnumField(AssignmentRule, "a rule of assignment", read_only=True)
    assigned_by: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = Assignment
        fields = [
            "case", "rapporteur", "rule", "reason", "assigned_at", "assigned_by", "ended_at",
            "ended_reason",
        ]  # fmt: skip
        read_only_fields = fields
        ref_name = "Assignment"


class WorkloadQuerySchema(serializers.Serializer[Any]):
    commission = ref_field(Commission, "commission")

    class Meta:
        ref_name = "WorkloadQuery"


class QueueQuerySchema(serializers.Serializer[Any]):
    person = ref_field(
        Person, "person", required=False, default=None,
        help_text=gettext_lazy("Whose queue (the chair only); your own when left out."),
    )  # fmt: skip

    class Meta:
        ref_name = "QueueQuery"


class MemberLoadSchema(serializers.Serializer[Any]):
    person = PersonRefSchema(read_only=True, allow_null=True)
    assigned = serializers.IntegerField(help_text=gettext_lazy("Open, not yet gathering material."))
    waiting = serializers.IntegerField(
        help_text=gettext_lazy("Gathering material: waiting on inquiries.")
    )
    ready = serializers.IntegerField(help_text=gettext_lazy("Ready for hearing."))
    hearing = serializers.IntegerField(help_text=gettext_lazy("Hearing scheduled."))
    decided = serializers.IntegerField(help_text=gettext_lazy("Decided, in the appeal window."))
    open = serializers.IntegerField()
    overdue = serializers.IntegerField(help_text=gettext_lazy("Past the deadline of their state."))

    class Meta:
        ref_name = "MemberLoad"


class WorkloadSchema(serializers.Serializer[Any]):
    commission = serializers.CharField(
        source="commission.ref", help_text=gettext_lazy("Its reference.")
    )
    today = serializers.DateField()
    members = MemberLoadSchema(many=True)
    unassigned = MemberLoadSchema()
    elsewhere = MemberLoadSchema(help_text=gettext_lazy("With members whose seat has ended."))
    total_open = serializers.IntegerField()

    class Meta:
        ref_name = "Workload"


class QueueSectionSchema(serializers.Serializer[Any]):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    cases = CaseSchema(many=True)

    class Meta:
        ref_name = "QueueSection"


class QueueSchema(serializers.Serializer[Any]):
    person = PersonRefSchema()
    today = serializers.DateField()
    sections = QueueSectionSchema(many=True)
    overdue = CaseSchema(many=True)

    class Meta:
        ref_name = "Queue"
