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


def speaking_to(user: User) -> Any:
    """Within it, gettext speaks the language `user` chose for their pages (or LANGUAGE_CODE),
    so a notification is written in its reader's language, whoever's request sends it."""
    from django.utils import translation

    from commission.core.services import language_preference

    return translation.override(language_preference(user) or settings.LANGUAGE_CODE)


def notify(*, user: User, message: str, link: str = "") -> None:
    """Tell `user` something through every configured channel, once the current transaction
    commits (nothing is announced for a change that rolled back)."""
    names = getattr(settings, "NOTIFICATION_CHANNELS", ["in_app"])
    unknown = [n for n in names if n not in CHANNELS]
    if unknown:
        raise ValueError(f"Unknown notification channels in settings: {', '.join(unknown)}.")

    def deliver() -> None:
        for name in names:
            CHANNELS[name](user, message, link)

    transaction.on_commit(deliver)
