"""System checks that catch a misconfigured installation before it serves a page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register
from django.utils.translation import gettext as _


@register()
def check_database(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    engine = settings.DATABASES["default"]["ENGINE"]
    supported = {"django.db.backends.sqlite3", "django.db.backends.postgresql"}
    if engine not in supported:
        return [
            Error(
                f"DATABASE_URL selects {engine}, which Commission does not support.",
                hint=_("Use a sqlite:/// or postgres:// address."),
                id="commission.E001",
            )
        ]
    return []


@register(deploy=True)
def check_secret_key_source(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    if settings.DEBUG:
        return [
            Warning(
                "DEBUG is on; error pages will show internal details.",
                hint=_("Unset DEBUG for any installation others can reach."),
                id="commission.W001",
            )
        ]
    return []


@register()
def check_installation_today(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    from commission.core.clock import parse_day

    raw = getattr(settings, "COMMISSION_TODAY", "")
    if not raw:
        return []
    try:
        parse_day(raw, name="COMMISSION_TODAY")
    except ValueError as error:
        return [
            Error(
                str(error),
                hint="Unset it to run on the real calendar.",
                id="commission.E002",
            )
        ]
    return []
