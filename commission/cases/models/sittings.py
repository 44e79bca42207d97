"""The commission's sittings: who was present, and the cases on each sitting's docket."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext

from commission.cases.enums import SittingState
from commission.core.dates import long_datetime


class Sitting(models.Model):
    """A meeting of a commission at which it hears the cases on its docket."""

    commission = models.ForeignKey(
        "registry.Commission", on_delete=models.PROTECT, related_name="sittings"
    )
    starts_at = models.DateTimeField()
    place = models.CharField(max_length=300, blank=True)
    state = models.CharField(
        max_length=20, choices=SittingState.choices, default=SittingState.PLANNED
    )
    seated = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Members seated on the commission when it sat."
    )
    quorum_needed = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Members that had to be present, by the rules."
    )
    note = models.CharField(max_length=500, blank=True, help_text="Why it was cancelled.")
    minutes = models.TextField(blank=True, help_text="The adopted minutes.")
    minutes_document = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=SittingState.values), name="sitting_state_known"
            ),
            models.CheckConstraint(
                condition=~Q(state=SittingState.HELD) | Q(quorum_needed__isnull=False),
                name="held_sitting_has_quorum",
            ),
        ]
        indexes = [
            # A commission's next sittings (where a postponed case goes).
            models.Index(fields=["commission", "state", "starts_at"], name="sitting_next_idx"),
        ]

    def __str__(self) -> str:
        return gettext("Sitting of %(when)s") % {"when": long_datetime(self.starts_at)}


class SittingAttendance(models.Model):
    sitting = models.ForeignKey(Sitting, on_delete=models.PROTECT, related_name="attendance")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    present = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sitting", "person"], name="sitting_attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {'present' if self.present else 'absent'}"


class DocketEntry(models.Model):
    """A case on a sitting's docket, in the order the commission hears them. The hearing is
    the case's own record of it (held, postponed, cancelled)."""

    sitting = models.ForeignKey(Sitting, on_delete=models.PROTECT, related_name="docket")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    hearing = models.OneToOneField(
        "cases.Hearing", on_delete=models.PROTECT, related_name="docket_entry"
    )
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["sitting", "case"], name="case_once_per_docket"),
            models.UniqueConstraint(
                fields=["sitting", "position"],
                name="docket_position_once",
                deferrable=models.Deferrable.DEFERRED,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.case_id}"
