"""Folding the stored lookup keys of names again, for a migration that changes how a name
folds: only the rows whose names hold one of the letters the change is about are read."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from commission.registry import names as name_forms


def holding(fields: tuple[str, ...], pieces: tuple[str, ...]) -> Q:
    condition = Q()
    for field in fields:
        for piece in pieces:
            condition |= Q(**{f"{field}__contains": piece})
    return condition


def refold(apps: Any, pieces: tuple[str, ...]) -> None:
    """Fold again the keys of the people and names whose written form holds any of `pieces`;
    `apps` is a migration's historical app registry."""
    Person = apps.get_model("registry", "Person")
    PersonName = apps.get_model("registry", "PersonName")
    people = Person.objects.filter(holding(("given_name", "patronymic", "surname"), pieces))
    for person in people.iterator(chunk_size=2000):
        person.given_key = name_forms.fold(person.given_name)
        person.patronymic_key = name_forms.fold(person.patronymic)
        person.surname_key = name_forms.fold(person.surname)
        person.surname_skeleton = name_forms.skeleton(person.surname)
        person.save(
            update_fields=["given_key", "patronymic_key", "surname_key", "surname_skeleton"]
        )
    for name in PersonName.objects.filter(holding(("value",), pieces)).iterator(chunk_size=2000):
        name.key = name_forms.fold(name.value)
        name.skeleton = name_forms.skeleton(name.value)
        name.save(update_fields=["key", "skeleton"])
