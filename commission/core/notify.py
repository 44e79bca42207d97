"""Notification channels: an explicit registry. The built-in channels register the same way an
installation's own would (e-mail, a chat system …), and `NOTIFICATION_CHANNELS` picks them."""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

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


@register_channel("email")
def email(user: User, message: str, link: str) -> None:
    """Mail the notification to the account's address, in the language of the registry person
    the account belongs to if it has one, else the installation's (MAIL_LANGUAGE). A mail
    server that refuses is logged: the change the notification tells of is already made."""
    if not user.email:
        logger.info("not mailed to %s (no e-mail address): %s", user.get_username(), message)
        return
    # The account's person lives in the registry, above this layer: read through the relation.
    person = getattr(user, "person", None)
    language = getattr(person, "language", "") or getattr(settings, "MAIL_LANGUAGE", "en")
    with translation.override(language):
        subject = _("Commission: %(start)s") % {"start": message[:60]}
        body = message
        if link:
            body += "\n\n" + _("Open: %(url)s") % {"url": settings.SITE_URL.rstrip("/") + link}
    try:
        send_mail(subject, body + "\n", settings.DEFAULT_FROM_EMAIL, [user.email])
    except (smtplib.SMTPException, OSError) as error:
        logger.warning("could not mail %s: %s (%s)", user.get_username(), message, error)


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
