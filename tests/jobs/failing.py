"""A job that always fails, registered the way every job is, for the tests of retries and of
the failed list (imported by the tests and by the worker they start)."""

from __future__ import annotations

from commission.jobs.registry import JOBS, job

ALWAYS_FAILS = "tests.always_fails"


def always_fails(*, archive: str) -> None:
    raise ConnectionError(f"the archive server {archive} did not answer")


if ALWAYS_FAILS not in JOBS:
    job(ALWAYS_FAILS, attempts=3, retry_delay=0.5, backoff=2)(always_fails)


FAILS_AT_ONCE = "tests.fails_at_once"

if FAILS_AT_ONCE not in JOBS:
    job(FAILS_AT_ONCE, attempts=1)(always_fails)
