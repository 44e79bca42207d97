"""System checks of the mail settings (docs/mail.md), caught before the first inquiry goes out."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register

from commission.registry.enums import Language


@register()
def check_mail_settings(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    problems: list[CheckMessage] = []
    address = str(getattr(settings, "MAIL_REPLY_ADDRESS", ""))
    local, _at, domain = address.rpartition("@")
    if not local or not domain or "+" in local:
        problems.append(
            Error(
                f"MAIL_REPLY_ADDRESS is {address!r}; it must be a plain address such as "
                "inquiries@commission.example, without a plus sign (the inquiry's token is "
                "added after one).",
                id="commission.E020",
            )
        )
    if settings.EMAIL_USE_TLS and settings.EMAIL_USE_SSL:
        problems.append(
            Error(
                "EMAIL_USE_TLS and EMAIL_USE_SSL are both set; a mail server speaks one of them.",
                hint="Set EMAIL_USE_TLS for port 587 (STARTTLS) or EMAIL_USE_SSL for port 465.",
                id="commission.E021",
            )
        )
    language = str(getattr(settings, "MAIL_LANGUAGE", ""))
    if language not in Language.values:
        problems.append(
            Error(
                f"MAIL_LANGUAGE is {language!r}; it must be one of {', '.join(Language.values)}.",
                id="commission.E022",
            )
        )
    return problems
