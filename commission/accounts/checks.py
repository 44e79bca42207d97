"""The system check that catches a misspelt REQUIRE_SECOND_FACTOR_FOR before a page is served:
a role it does not know would otherwise leave those accounts on a password alone, silently."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register

from commission.accounts.queries import ROLES_THAT_MAY_REQUIRE


@register()
def check_required_roles(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    named = list(getattr(settings, "REQUIRE_SECOND_FACTOR_FOR", []) or [])
    unknown = [role for role in named if role not in ROLES_THAT_MAY_REQUIRE]
    if not unknown:
        return []
    return [
        Error(
            f"REQUIRE_SECOND_FACTOR_FOR names {', '.join(unknown)}, which "
            f"{'is not a role' if len(unknown) == 1 else 'are not roles'} a second factor can "
            f"be required for; the choices are {', '.join(ROLES_THAT_MAY_REQUIRE)}.",
            hint="Write a comma list such as chair,auditor,admin, or unset it.",
            id="commission.E030",
        )
    ]
