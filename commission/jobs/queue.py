"""The queue that carries jobs to workers: huey, built from the settings.

Only "run job N" travels through it (commission.jobs.running); the ledger (`Job`) says what the
job is. Its storage is a SQLite file beside the database by default, the PostgreSQL database
itself when that is the database, or Redis when JOB_QUEUE_URL names one. Its consumer runs as
threads inside `commission serve` (`serve_workers`) and as `commission worker` (`run_workers`);
its scheduler, once a minute, starts the periodic jobs of `registry.PERIODIC`."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import close_old_connections
from huey import Huey, MemoryHuey, PostgresHuey, RedisHuey, SqliteHuey
from huey.api import Task, TaskWrapper
from huey.consumer import Consumer

from commission.jobs.registry import PERIODIC, JobSpec

logger = logging.getLogger("commission.jobs")

QUEUE_NAME = "commission"
RUN_JOB = "commission.run_job"

_built: dict[tuple[str, bool], tuple[Huey, TaskWrapper]] = {}
_lock = threading.Lock()


def queue_url() -> str:
    """The storage the queue uses, as a URL (JOB_QUEUE_URL, or the default for the database)."""
    url: str = settings.JOB_QUEUE_URL
    if url:
        return url
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.postgresql":
        return str(settings.DATABASE_URL)
    return f"sqlite:///{Path(settings.VAR_DIR) / 'jobs.sqlite3'}"


def get_queue() -> Huey:
    """The queue for the current settings (built once per storage and mode)."""
    return _queue_and_runner()[0]


def _queue_and_runner() -> tuple[Huey, TaskWrapper]:
    immediate = bool(settings.JOB_RUN_IMMEDIATELY)
    key = ("memory:" if immediate else queue_url(), immediate)
    with _lock:
        built = _built.get(key)
        if built is None:
            built = _build(*key)
            _built[key] = built
        return built


def _build(url: str, immediate: bool) -> tuple[Huey, TaskWrapper]:
    huey: Huey
    if immediate or url == "memory:":
        huey = MemoryHuey(QUEUE_NAME, immediate=immediate, utc=True)
    elif url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        huey = SqliteHuey(QUEUE_NAME, filename=str(path), utc=True)
    elif url.startswith(("postgres://", "postgresql://")):
        huey = PostgresHuey(QUEUE_NAME, dsn=url, utc=True)
    elif url.startswith(("redis://", "rediss://", "unix://")):
        huey = RedisHuey(QUEUE_NAME, url=url, utc=True)
    else:
        raise ValueError(
            f"The job queue's storage {url!r} (COMMISSION_JOB_QUEUE_URL) is not one Commission "
            "knows: use sqlite:///path, postgres://…, redis://… or leave it empty."
        )
    return huey, _register_tasks(huey)


def _register_tasks(huey: Huey) -> TaskWrapper:
    from commission.jobs.running import recover_stalled_jobs, run_job_message

    runner: TaskWrapper = huey.task(context=True, name=RUN_JOB)(run_job_message)

    for spec in PERIODIC.values():
        huey.periodic_task(spec.due, name=f"periodic:{spec.name}")(_with_connections(spec.start))

    # Every minute each consumer looks for jobs whose worker stopped and sends them again.
    huey.periodic_task(lambda moment: True, name="commission.recover_stalled_jobs")(
        _with_connections(recover_stalled_jobs)
    )
    return runner


def _with_connections(function: Callable[[], Any]) -> Callable[[], Any]:
    def run() -> Any:
        # In immediate mode the caller's connection (and its transaction) is the job's.
        immediate = bool(settings.JOB_RUN_IMMEDIATELY)
        if not immediate:
            close_old_connections()
        try:
            return function()
        finally:
            if not immediate:
                close_old_connections()

    run.__name__ = getattr(function, "__name__", "periodic")
    return run


def send(job_id: int, spec: JobSpec, attempts_made: int) -> None:
    """Give the queue the message that runs job `job_id`, with as many retries as the job has
    left and the back-off its spec asks for."""
    huey, runner = _queue_and_runner()
    task: Task = runner.s(job_id)
    task.retries = max(spec.attempts - attempts_made - 1, 0)
    task.retry_delay = spec.retry_delay * spec.backoff**attempts_made
    task.retry_backoff = spec.backoff
    huey.enqueue(task)


class _QuietConsumer(Consumer):
    """A consumer that leaves the process's signals to its owner (the web server)."""

    def _set_signal_handlers(self) -> None:
        return None


def serve_workers() -> Callable[[], None] | None:
    """Start worker threads and the scheduler inside this process (`commission serve`); give
    back what stops them. None when JOB_WORKERS_IN_SERVE is 0 or jobs run immediately."""
    workers = int(settings.JOB_WORKERS_IN_SERVE)
    if workers <= 0 or settings.JOB_RUN_IMMEDIATELY:
        return None
    from commission.jobs.running import recover_stalled_jobs

    recover_stalled_jobs()
    consumer = _QuietConsumer(
        get_queue(), workers=workers, worker_type="thread", periodic=True, shutdown_timeout=10
    )
    consumer.start()

    def stop() -> None:
        consumer.stop(graceful=True)

    return stop


def run_workers(*, workers: int, periodic: bool) -> None:
    """Run a consumer in the foreground until it is interrupted (`commission worker`)."""
    from commission.jobs.running import recover_stalled_jobs

    recover_stalled_jobs()
    consumer = get_queue().create_consumer(
        workers=workers, worker_type="thread", periodic=periodic, shutdown_timeout=30
    )
    consumer.run()
