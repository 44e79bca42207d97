"""`{% load languages %}` … `{% interface_languages as languages %}`: the installation's languages,
each named in its own language ("English", "Русский") whatever the page's language is (Django's
`get_available_languages` translates the names into the page's)."""

from __future__ import annotations

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def interface_languages() -> list[tuple[str, str]]:
    return [(code, str(name)) for code, name in settings.LANGUAGES]
