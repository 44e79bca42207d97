"""`{% load roles %}` … `{{ name|role_label }}`, `{{ names|role_labels|join:", " }}`: roles named
in the page's language (`core.roles.ROLE_LABELS`); a name that is no role is shown as it is.
`{{ user|account_roles }}`: the names of the account's roles (`core.roles.group_names`)."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from commission.core.actors import Viewer
from commission.core.roles import ROLE_LABELS, group_names

register = template.Library()


@register.filter
def role_label(name: str) -> str:
    return str(ROLE_LABELS.get(name, name))


@register.filter
def role_labels(names: Iterable[str]) -> list[str]:
    return [role_label(name) for name in names]


@register.filter
def account_roles(user: Viewer) -> tuple[str, ...]:
    return group_names(user)
