"""System checks of the search settings."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register
from django.utils.translation import gettext as _

from commission.search.backends import BACKENDS


@register()
def check_search_backend(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    name = settings.SEARCH_BACKEND
    if name == "database" or (name in BACKENDS and name not in ("sqlite", "postgresql")):
        return []
    return [
        Error(
            f"COMMISSION_SEARCH_BACKEND is “{name}”, which is not a search backend.",
            hint=_("Use “embedded” (the default) or “database”."),
            id="commission.E010",
        )
    ]
