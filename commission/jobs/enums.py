from django.db import models
from django.utils.translation import gettext_lazy as _


class JobState(models.TextChoices):
    WAITING = "waiting", _("waiting")
    RUNNING = "running", _("running")
    RETRYING = "retrying", _("waiting to be tried again")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


# States a worker may claim a job from.
CLAIMABLE = (JobState.WAITING, JobState.RETRYING)
# States that are over: nothing more happens unless someone retries a failed job.
FINISHED = (JobState.DONE, JobState.FAILED)
