"""Who works on a case: each assignment of a rapporteur, kept when the case is reassigned."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from commission.cases.enums import AssignmentRule


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
    assigned_at = models.DateTimeField(auto_now_add=True)
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
