from collections.abc import Callable

from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "commission.jobs"
    label = "jobs"
    verbose_name = "Background work"

    def ready(self) -> None:
        from commission.core import notify, runtime
        from commission.jobs import delivery, upkeep  # noqa: F401  (register their jobs)

        # Notifications leave the request: `notify` writes a job in the caller's transaction and
        # a worker delivers it through the channels (commission.jobs.delivery).
        notify.deliver_through(delivery.deliver_later)
        # `commission serve` runs worker threads beside the web server (JOB_WORKERS_IN_SERVE).
        runtime.while_serving(_serve_workers)


def _serve_workers() -> Callable[[], None] | None:
    from commission.jobs import queue  # loaded only by a process that serves

    return queue.serve_workers()
