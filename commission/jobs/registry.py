"""The kinds of background work: an explicit registry. Each app registers its jobs (and the
periodic ones, with their schedule) in its own `jobs` module, imported by its AppConfig, the way
the built-in extension points of docs/architecture.md work.

A job is a plain function of JSON arguments that may run more than once for one request (a
worker can be killed half-way, a retry runs it again): it must leave things as one run would,
which the services it calls ensure (a letter is filed once per copy, a reminder once a day)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

JobFunction = Callable[..., Any]


@dataclass(frozen=True)
class JobSpec:
    name: str
    function: JobFunction
    # How many times the job is run before it lands in the failed list.
    attempts: int
    # Seconds before the first retry; each later wait is `backoff` times the one before.
    retry_delay: float
    backoff: float


@dataclass(frozen=True)
class PeriodicSpec:
    name: str
    # Called with the moment the schedule fired; says whether the job is due then.
    due: Callable[[Any], bool]
    # Called when due: asks for the work (usually by enqueueing a job with a unique key).
    start: Callable[[], None]


JOBS: dict[str, JobSpec] = {}
PERIODIC: dict[str, PeriodicSpec] = {}


def job(
    name: str, *, attempts: int = 3, retry_delay: float = 10, backoff: float = 2
) -> Callable[[JobFunction], JobFunction]:
    """Register a job function under `name`; the function itself is returned unchanged."""

    def add(function: JobFunction) -> JobFunction:
        if name in JOBS:
            raise ValueError(f"A job called {name!r} is already registered.")
        if attempts < 1:
            raise ValueError(f"The job {name!r} must be tried at least once.")
        JOBS[name] = JobSpec(name, function, attempts, retry_delay, backoff)
        return function

    return add


def periodic(name: str, *, due: Callable[[Any], bool]) -> Callable[[Callable[[], None]], Any]:
    """Register `start` to be called whenever the queue's scheduler finds `due(moment)` true
    (checked once a minute; `huey.crontab` builds such a test)."""

    def add(start: Callable[[], None]) -> Callable[[], None]:
        if name in PERIODIC:
            raise ValueError(f"A periodic job called {name!r} is already registered.")
        PERIODIC[name] = PeriodicSpec(name, due, start)
        return start

    return add


def spec_for(name: str) -> JobSpec:
    try:
        return JOBS[name]
    except KeyError:
        raise LookupError(f"No job called {name!r} is registered.") from None
