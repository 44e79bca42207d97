from __future__ import annotations

from django.conf import settings
from django.db import models

from commission.cases.enums import CaseKind, CaseState, DecisionOutcome


class Case(models.Model):
    """A case about one subject before one commission."""

    ref = models.CharField(max_length=64, unique=True)
    subject = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="cases")
    commission = models.ForeignKey(
        "registry.Commission", on_delete=models.PROTECT, related_name="cases"
    )
    kind = models.CharField(max_length=20, choices=CaseKind.choices)
    state = models.CharField(max_length=20, choices=CaseState.choices, default=CaseState.OPEN)
    appeals = models.ForeignKey(
        "Decision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appeal_cases",
        help_text="For an appeal: the decision appealed against.",
    )
    title = models.CharField(max_length=300, blank=True)
    confidential = models.BooleanField(default=False)
    opened_on = models.DateField(null=True, blank=True)
    opened_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        indexes = [
            # Case lists filtered by commission and state.
            models.Index(fields=["commission", "state"], name="case_commission_state_idx"),
            # A person's cases.
            models.Index(fields=["subject", "opened_on"], name="case_subject_idx"),
        ]

    def __str__(self) -> str:
        return self.title or f"Case {self.ref}"


class Decision(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(max_length=20, choices=DecisionOutcome.choices)
    decided_on = models.DateField(null=True, blank=True)
    reasons = models.TextField(blank=True)
    term_until = models.DateField(
        null=True, blank=True, help_text="End of a probation or of an expulsion for a term."
    )
    appeal_deadline = models.DateField(null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["decided_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} ({self.decided_on})"
