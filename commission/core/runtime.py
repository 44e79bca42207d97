"""What a serving process does once the application is loaded."""

from __future__ import annotations

import gc
from collections.abc import Callable

# What a serving process starts beside the web server, each giving back what stops it (or None
# when it started nothing): the job queue registers its worker threads here (commission.jobs).
Starter = Callable[[], Callable[[], None] | None]
SERVING: list[Starter] = []


def while_serving(starter: Starter) -> None:
    if starter not in SERVING:
        SERVING.append(starter)


def start_serving_companions() -> list[Callable[[], None]]:
    """Start what registered with `while_serving`; give back the stoppers, to call on exit."""
    stoppers = []
    for starter in SERVING:
        stop = starter()
        if stop is not None:
            stoppers.append(stop)
    return stoppers


def settle() -> None:
    """Put every object alive now (the code, the models, the URL patterns, the settings) out of
    the garbage collector's reach.

    They live as long as the process, yet each full collection would walk all of them again:
    about 50 ms on the 2-core reference machine, paid by whichever request happened to set it
    off (docs/performance.md, witness discovery). After this, a collection walks only what
    requests have made since. Reference counting still frees everything as before."""
    gc.collect()
    gc.freeze()
