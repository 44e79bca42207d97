"""Notification channels: an explicit registry. The built-in channels register the same way an
installation's own would (e-mail, a chat system …), and `NOTIFICATION_CHANNELS` picks them."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction

logger = logging.getLogger("commission.notify")

Channel = Callable[[Any, str, str], None]
CHANNELS: dict[str, Channel] = {}


def register_channel(name: str) -> Callable[[Channel], Channel]:
    def add(channel: Channel) -> Channel:
        if name in CHANNELS:
            raise ValueError(f"A notification channel called {name!r} is already registered.")
        CHANNELS[name] = channel
        return channel

    return add


@register_channel("in_app")
def in_app(user: User, message: str, link: str) -> None:
    from commission.core.models import Notification

    Notification.objects.create(user=user, message=message, link=link)


@register_channel("log")
def log(user: User, message: str, link: str) -> None:
    logger.info("to %s: %s %s", user.get_username(), message, link)


# Hands a notification to whoever delivers it later: the job queue registers itself here
# (commission.jobs), so delivery runs in a worker, not in the request that caused it.
Delivery = Callable[[User, str, str, list[str]], None]
_delivery: Delivery | None = None


def deliver_through(delivery: Delivery) -> None:
    global _delivery
    _delivery = delivery


def notify(*, user: User, message: str, link: str = "") -> None:
    """Tell `user` something through every configured channel, once the current transaction
    commits (nothing is announced for a change that rolled back). With the job queue in place
    the delivery is a job, asked for in this transaction and run by a worker."""
    names = getattr(settings, "NOTIFICATION_CHANNELS", ["in_app"])
    unknown = [n for n in names if n not in CHANNELS]
    if unknown:
        raise ValueError(f"Unknown notification channels in settings: {', '.join(unknown)}.")
    if _delivery is not None:
        _delivery(user, message, link, list(names))
        return
    transaction.on_commit(lambda: deliver(user=user, message=message, link=link, channels=names))


def deliver(*, user: User, message: str, link: str, channels: list[str]) -> None:
    """Send one notification through the named channels, now."""
    for name in channels:
        CHANNELS[name](user, message, link)
