"""The procedure's rules over JSON: an organisation's rules in effect on a day with every
version, and a new version (`cases.rulebook`)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from commission.cases.enums import AssignmentRule
from commission.cases.models import DueProcessRules
from commission.registry.models import Organisation
from commission.registry.schemas import EnumField, ref_field


class RulesQuerySchema(serializers.Serializer[Any]):
    organisation = ref_field(Organisation, "organisation")
    on = serializers.DateField(
        required=False, default=None, help_text="The day (default: the installation's today)."
    )

    class Meta:
        ref_name = "RulesQuery"


class RulesVersionSchema(serializers.ModelSerializer[DueProcessRules]):
    """One version of the rules; `version` is null for the default rules."""

    version = serializers.SerializerMethodField()
    recorded_by = serializers.SerializerMethodField()
    assignment_rule = EnumField(AssignmentRule, "a rule of assignment")

    class Meta:
        model = DueProcessRules
        fields = [
            "version", "effective_from", "reason", "recorded_at", "recorded_by",
            "appeal_window_days", "file_due_days", "hearing_due_days",
            "probation_months_workers", "probation_months_others", "halving_majority_percent",
            "referee_min_months", "quorum_percent", "assignment_rule",
        ]  # fmt: skip
        read_only_fields = fields
        ref_name = "RulesVersion"

    def get_version(self, rules: DueProcessRules) -> int | None:
        return rules.version if rules.pk else None

    def get_recorded_by(self, rules: DueProcessRules) -> str | None:
        return rules.recorded_by.get_username() if rules.recorded_by else None


class RulesSchema(serializers.Serializer[Any]):
    organisation = serializers.CharField(source="organisation.ref")
    on = serializers.DateField()
    in_effect = RulesVersionSchema()
    versions = RulesVersionSchema(many=True, help_text="Every version, newest first.")

    class Meta:
        ref_name = "Rules"


class NewRulesSchema(serializers.Serializer[Any]):
    organisation = ref_field(Organisation, "organisation")
    effective_from = serializers.DateField(help_text="The day the new version takes effect.")
    reason = serializers.CharField(max_length=500, help_text="Why the rules change.")
    changes = serializers.DictField(
        child=serializers.CharField(),
        help_text="The rules that change, by name (e.g. appeal_window_days), and their values.",
    )

    class Meta:
        ref_name = "NewRules"
