"""The change log that keeps every copy of the embedded index in step with the database."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class IndexChange(models.Model):
    """A letter whose index entry must be made again, written in the same transaction as the
    change to the letter, so it exists exactly when the change was committed.

    Every index (one per process folder, one per machine) follows the log by its id, remembers
    how far it has read, and applies what it has not yet seen. Rows are deleted once they are
    older than `SEARCH_CHANGES_KEPT_DAYS`; an index that has been away for longer is compared
    with the database in full when it starts (see `search.embedded`).
    """

    id = models.BigAutoField(primary_key=True)
    # Not a foreign key: the log must outlive a letter that is deleted, so the index drops it.
    document_id = models.BigIntegerField()
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        # Pruning the log by age reads this index.
        indexes = [models.Index(fields=["changed_at"], name="search_change_at_idx")]

    def __str__(self) -> str:
        return f"change {self.pk} of document {self.document_id}"
