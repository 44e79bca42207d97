"""A separate process of the application for the tests that need real workers:

    python -m tests.jobs.process worker              # `commission worker`, one thread
    python -m tests.jobs.process upload FILE         # receive an upload as the system account
    python -m tests.jobs.process fail ARCHIVE        # ask for the job that always fails

The database, the folder and the queue come from DATABASE_URL, COMMISSION_VAR_DIR and
COMMISSION_JOB_QUEUE_URL. Prints one JSON line (except the worker, which runs until killed)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commission.settings")
    import django

    django.setup()
    import tests.jobs.failing
    from commission.core.services import system_actor
    from commission.intake.services import receive_upload
    from commission.jobs.services import enqueue_job

    action = argv[0]
    if action == "worker":
        from django.core.management import call_command

        call_command("worker", workers=1)
    elif action == "upload":
        path = Path(argv[1])
        upload = receive_upload(actor=system_actor(), data=path.read_bytes(), file_name=path.name)
        print(json.dumps({"upload": str(upload.pk), "job": upload.job_id}))
    elif action == "fail":
        job = enqueue_job(
            name=tests.jobs.failing.ALWAYS_FAILS,
            arguments={"archive": argv[1]},
            description=f"Fetch the letters from {argv[1]}",
        )
        print(json.dumps({"job": job.pk}))


if __name__ == "__main__":
    main(sys.argv[1:])
