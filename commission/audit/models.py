from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy

from commission.core.audit_actions import AuditAction


class AuditEvent(models.Model):
    """One change to one record, by one actor. Append-only: database triggers refuse UPDATE and
    DELETE, and each event carries the hash of its predecessor so that any edit, deletion or
    reordering done behind the triggers' back shows in `commission audit verify`."""

    seq = models.BigIntegerField(
        primary_key=True, help_text=gettext_lazy("Position in the chain, from 1.")
    )
    occurred_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField(max_length=150)
    action = models.CharField(max_length=64)
    target_type = models.CharField(max_length=64)
    target_id = models.CharField(max_length=64)
    summary = models.CharField(max_length=500)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    key_id = models.CharField(
        max_length=32,
        blank=True,
        default="",
        help_text=gettext_lazy(
            "The audit key the hash was made with; blank for events written before keying."
        ),
    )

    class Meta:
        ordering = ["seq"]
        permissions = [
            ("verify_audit_chain", "Can verify the audit chain"),
            ("rotate_audit_key", "Can rotate the audit key"),
        ]
        indexes = [
            # The history panel of a record: events for one target, newest first.
            models.Index(fields=["target_type", "target_id", "seq"], name="audit_target_idx"),
            # An auditor's "what did this person do" report.
            models.Index(fields=["actor", "seq"], name="audit_actor_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.target_type}:{self.target_id}"

    @property
    def action_label(self) -> str:
        """What happened, in the reader's language ("personal data read"); the stored code for
        a kind this version does not know."""
        try:
            return str(AuditAction(self.action).label)
        except ValueError:
            return self.action


class AuditChainHead(models.Model):
    """The single row that holds the end of the chain.

    Writers lock it (SELECT … FOR UPDATE) before appending, so two transactions can never both
    link to the same predecessor; it also lets verify notice events cut off the end."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.BigIntegerField(default=0)
    # The last event that changed the records (not a reading, an export or an account's own
    # business: core.audit_actions.READINGS); figures computed from the records are kept under it.
    last_change_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="")
    key_id = models.CharField(max_length=32, blank=True, default="")

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="audit_head_singleton")
        ]

    def __str__(self) -> str:
        return f"audit chain head at {self.last_seq}"


class SealKey(models.Model):
    """The key that seals one owner's personal data inside audit events (an address read from a
    letter, the sender of a mail). Events keep only the sealed text, so their fingerprints, and
    the chain, cover the sealed text; deleting this row (a lawful erasure) makes the values
    unreadable for good while every event stays as written. Unlike the events, keys may be
    deleted: that is what they are for."""

    owner = models.CharField(
        max_length=64,
        unique=True,
        help_text=gettext_lazy('The record whose data the key seals ("registry.person:42").'),
    )
    key = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"seal key of {self.owner}"
