"""The background work over JSON: a job as the API shows it, and the list's filter."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from commission.jobs.enums import JobState
from commission.jobs.models import Job


class JobSchema(serializers.ModelSerializer[Job]):
    state = serializers.ChoiceField(choices=JobState.choices, help_text="Where the job stands.")
    error = serializers.CharField(
        help_text="The last attempt's error, as a sentence; empty if none."
    )

    class Meta:
        model = Job
        ref_name = "Job"
        fields = [
            "id", "name", "description", "state", "attempts", "max_attempts", "error",
            "created_at", "started_at", "finished_at", "next_attempt_at", "worker",
        ]  # fmt: skip
        read_only_fields = fields


class JobQuerySchema(serializers.Serializer[Any]):
    state = serializers.ChoiceField(
        choices=JobState.choices,
        required=False,
        help_text="Only jobs in this state; without it, every job that has not finished well.",
    )
