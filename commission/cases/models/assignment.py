"""Who works on a case: each assignment of a rapporteur, kept when the case is reassigned."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from commission.cases.enums import AssignmentRule
from commission.core import clock


class Assignment(models.Model):
    """One period during which a commissioner is the rapporteur of a case. The current one has
    no `ended_at`; `Case.rapporteur` repeats it so that queues and workload read one table."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="assignments")
    rapporteur = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="case_assignments"
    )
    rule = models.CharField(
        max_length=20, choices=AssignmentRule.choices, default=AssignmentRule.CHAIR
    )
    reason = models.CharField(max_length=500, blank=True)
    assigned_at = models.DateTimeField(default=clock.now, editable=False)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["assigned_at", "id"]
        constraints = [
            # Two chairs assigning the same case at once: the second insert fails here rather
            # than leaving the case with two rapporteurs.
            models.UniqueConstraint(
                fields=["case"], condition=Q(ended_at__isnull=True), name="one_current_rapporteur"
            )
        ]

    def __str__(self) -> str:
        return f"{self.rapporteur_id} on {self.case_id}"


class WorkloadCount(models.Model):
    """How many cases of a commission are with one rapporteur (or nobody) in one state: the
    chair's workload view adds these up instead of counting the cases. Kept by the services
    that write a case's commission, rapporteur or state, in the same transaction
    (cases.tallies); `commission case check-counts` compares it with the cases."""

    # The parts of the key in one column, so that one unique index serves concurrent writers
    # though the rapporteur may be empty (NULLs are never equal in a unique index).
    key = models.CharField(max_length=80, unique=True)
    commission = models.ForeignKey(
        "registry.Commission", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    rapporteur = models.ForeignKey(
        "registry.Person", null=True, on_delete=models.CASCADE, related_name="+"
    )
    state = models.CharField(max_length=20)
    cases = models.IntegerField(default=0)

    class Meta:
        indexes = [
            # The workload view: one commission's rows, with what it sums, from the index alone.
            models.Index(
                fields=["commission", "state", "rapporteur", "cases"], name="workload_count_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cases} × {self.key}"


class DeadlineCount(models.Model):
    """How many open cases of a commission with one rapporteur (or nobody) are due on one day:
    the workload view's overdue column adds up the days before today. Kept with
    WorkloadCount by the same services."""

    key = models.CharField(max_length=80, unique=True)
    commission = models.ForeignKey(
        "registry.Commission", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    rapporteur = models.ForeignKey(
        "registry.Person", null=True, on_delete=models.CASCADE, related_name="+"
    )
    due_on = models.DateField()
    cases = models.IntegerField(default=0)

    class Meta:
        indexes = [
            # The overdue column: one commission's days before today, read from the index alone.
            models.Index(
                fields=["commission", "due_on", "rapporteur", "cases"], name="deadline_count_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cases} × {self.key}"
