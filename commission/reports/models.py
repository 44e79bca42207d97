"""What the reports keep between pages: the counts behind the procedure statistics."""

import secrets

from django.db import models


def new_stamp() -> int:
    return secrets.randbits(62)


class KeptTally(models.Model):
    """The counts of the procedure statistics for one segment of the cases (`segment` its key,
    "none" for what is before no commission) by the third of a month, or one sum of segments
    ("+all", "+all@1921-12-2"), for one class of reader, as they stood at an event of the
    audit chain (`as_of_seq`). The statistics page adds these up rather than counting every
    case again, and counts again only the segments that the events since touched
    (reports.statistics.kept). The segment "*" marks a set counted in full at its
    `as_of_seq`: every segment missing from the set had nothing to count then.

    A copy of what the cases say, rebuilt from them whenever in doubt, so it is not audited."""

    reading = models.CharField(max_length=16)
    # kept.period_key: the shape of the counts ("v4.2048:.."); once also the period of the set.
    period = models.CharField(max_length=64)
    segment = models.CharField(max_length=64)
    as_of_seq = models.BigIntegerField()
    # JSON text of `Tally.counters`, read and written with orjson (reports.statistics.tally):
    # a sum row holds tens of thousands of numbers and is read on every page after a change.
    counts = models.TextField(default="{}")
    # Drawn afresh at every write of the row, so that a process may keep what it read of a
    # large sum row and know it current while (pk, stamp) is unchanged (a number that only
    # grew would repeat itself in a database restored from a copy, with other counts).
    stamp = models.BigIntegerField(default=new_stamp)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["reading", "period", "segment"], name="kept_tally_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reading} {self.period or 'all dates'} {self.segment} @ {self.as_of_seq}"
