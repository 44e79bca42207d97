"""`{% load names %}` … `{{ person|person_name }}`: a person's name as the page's language
writes it (`registry.names.name_for_language`): the Cyrillic form in Russian when the registry
holds one, the registered name otherwise."""

from __future__ import annotations

from typing import Any

from django import template

from commission.registry.names import name_for_language

register = template.Library()


@register.filter
def person_name(person: Any) -> str:
    if person is None or person == "":
        return ""
    return name_for_language(person)
