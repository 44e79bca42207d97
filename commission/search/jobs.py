"""Search upkeep as background work: every ten minutes a worker brings its machine's embedded
index up to the change log (a letter whose indexing after its commit failed is applied here at
the latest) and deletes log rows older than SEARCH_CHANGES_KEPT_DAYS. Each web process still
follows the log itself before a search (docs/search.md); this only bounds how long a missed
change can wait and keeps the log from growing."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from commission.jobs.registry import job, periodic
from commission.jobs.services import enqueue_job
from commission.search.backends import backend_for

CATCH_UP = "search.catch_up"


@job(CATCH_UP, attempts=3, retry_delay=30, backoff=2)
def catch_up_index() -> None:
    if not backend_for().follows_change_log:
        return  # the database's own full text is written in the letters' transactions
    from commission.search.embedded import catch_up, prune_log

    catch_up()
    prune_log()


def every_ten_minutes(moment: dt.datetime) -> bool:
    return moment.minute % 10 == 0


@periodic("search.catch_up", due=every_ten_minutes)
def start_catch_up() -> None:
    moment = timezone.now().replace(second=0, microsecond=0)
    enqueue_job(
        name=CATCH_UP,
        arguments={},
        description="Bring the search index up to date",
        unique_key=f"{CATCH_UP}:{moment:%Y-%m-%dT%H:%M}",
    )
