"""Paging for lists that may hold hundreds of thousands of rows."""

from __future__ import annotations

from functools import cached_property

from django.core.paginator import Paginator

# Beyond this many rows a list says "more than …" instead of counting them all: an exact
# COUNT(*) over 200,000 cases or 730,000 people costs more than the page itself.
COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """A paginator that counts at most COUNT_CAP rows; `more` tells that there are more."""

    @cached_property
    def count(self) -> int:
        counted = self.object_list[: COUNT_CAP + 1].count()  # type: ignore[attr-defined]
        self.more = counted > COUNT_CAP
        return min(counted, COUNT_CAP)

    @property
    def count_label(self) -> str:
        total = self.count
        return f"more than {COUNT_CAP:,}" if self.more else f"{total:,}"
