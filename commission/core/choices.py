"""The labels of a field's choices, translated once per language.

Django's `get_FOO_display()` builds a dictionary of all the field's choices each time it is
called, and hashing each lazy label translates it: a label shown costs a translation of every
label of the field. A case page shows a few hundred (the state of each hearing, each vote, each
filing's role), and that was a fifth of its time. `remember_choice_labels` gives every model's
`get_FOO_display()` a table of the labels per language instead, with the same answers.

Fields whose choices are a callable, evaluated each time, and displays a model writes itself,
keep Django's own."""

from __future__ import annotations

from functools import partialmethod
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.choices import CallableChoiceIterator
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language

_labels: dict[tuple[models.Field, str | None], dict[Any, Any]] = {}
_MISSING = object()  # a value outside the choices: shown as it is, as Django shows it


def choice_label(instance: object, field: models.Field) -> Any:
    """What Django's `_get_FIELD_display` answers, from the table of the active language."""
    return field_label(field, getattr(instance, field.attname))


def field_label(field: models.Field, value: Any) -> Any:
    """The label of `value` among the choices of `field`, in the active language: for rows
    read without their model instances (the value itself when it is no choice)."""
    key = (field, get_language())
    labels = _labels.get(key)
    if labels is None:
        labels = {
            make_hashable(choice): force_str(label, strings_only=True)
            for choice, label in field.flatchoices
        }
        _labels[key] = labels
    found = labels.get(make_hashable(value), _MISSING)
    return force_str(value, strings_only=True) if found is _MISSING else found


def _django_display(model: type[models.Model], name: str) -> bool:
    """Whether `get_<name>_display` on `model` is the one Django made for the field."""
    made = model.__dict__.get(f"get_{name}_display")
    django_made = models.Model._get_FIELD_display  # type: ignore[attr-defined]
    return isinstance(made, partialmethod) and made.func is django_made


def remember_choice_labels() -> None:
    """Give every model's Django-made `get_FOO_display()` the remembered labels (called once
    the models are ready)."""
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            if not isinstance(field, models.Field) or not field.choices:
                continue
            if isinstance(field.choices, CallableChoiceIterator):
                continue
            if field.model is model and _django_display(model, field.name):
                setattr(
                    model,
                    f"get_{field.name}_display",
                    partialmethod(choice_label, field=field),
                )
