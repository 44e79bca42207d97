"""What the reports keep between pages: the counts behind the procedure statistics."""

from django.db import models


class KeptTally(models.Model):
    """The counts of the procedure statistics for one commission's cases (`segment` its key,
    "none" for what is before no commission), for one class of reader and one period, as they
    stood at an event of the audit chain (`as_of_seq`). The statistics page adds these up rather
    than counting every case again, and counts again only the commissions that the events since
    touched (reports.statistics.kept). The segment "*" marks a set counted in full at its
    `as_of_seq`: every segment missing from the set had nothing to count then.

    A copy of what the cases say, rebuilt from them whenever in doubt, so it is not audited."""

    reading = models.CharField(max_length=16)
    period = models.CharField(max_length=64)  # kept.period_key: "v2.16384:1921-01-01..1921-12-31"
    segment = models.CharField(max_length=64)
    as_of_seq = models.BigIntegerField()
    # JSON text of `Tally.counters`, read and written with orjson (reports.statistics.tally):
    # a sum row holds tens of thousands of numbers and is read on every page after a change.
    counts = models.TextField(default="{}")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["reading", "period", "segment"], name="kept_tally_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reading} {self.period or 'all dates'} {self.segment} @ {self.as_of_seq}"
