"""Notifications delivered by a worker: `notify` hands each one here, in the transaction of the
change it announces, and the job calls the channels (commission.core.notify) once it runs."""

from __future__ import annotations

from django.contrib.auth.models import User

from commission.core.notify import deliver
from commission.jobs.registry import job
from commission.jobs.services import enqueue_job

DELIVER = "core.deliver_notification"


def deliver_later(user: User, message: str, link: str, channels: list[str]) -> None:
    enqueue_job(
        name=DELIVER,
        arguments={"user_id": user.pk, "message": message, "link": link, "channels": channels},
        description=f"Notify {user.get_username()}",
    )


@job(DELIVER, attempts=5, retry_delay=30, backoff=2)
def deliver_notification(*, user_id: int, message: str, link: str, channels: list[str]) -> None:
    """Deliver through every channel. A channel that fails makes the job try again later, and
    the channels before it deliver again then: delivery is at least once, never lost."""
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return  # the account was deleted since: there is no one to tell
    deliver(user=user, message=message, link=link, channels=channels)
