"""Choice labels remembered per language (core.choices): every model's get_FOO_display()
answers as Django's own does, in each language, for every choice and for a value outside
them."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import models
from django.utils import translation

from commission.core.choices import choice_label


def _fields_with_choices() -> list[tuple[type[models.Model], models.Field]]:
    return [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if field.choices and field.model is model
    ]


def test_every_model_display_of_a_choice_uses_the_remembered_labels():
    remembered = [
        (model, field)
        for model, field in _fields_with_choices()
        if model.__dict__[f"get_{field.name}_display"].func is choice_label
    ]
    assert len(remembered) == len(_fields_with_choices()) > 40


@pytest.mark.parametrize("language", ["en-gb", "ru"])
def test_the_labels_are_django_s_own_in_each_language(language):
    django_display = models.Model._get_FIELD_display
    with translation.override(language):
        for model, field in _fields_with_choices():
            for value in [choice for choice, _ in field.flatchoices] + ["not a choice", None]:
                instance = model.__new__(model)  # no defaults: some read the database
                instance.__dict__[field.attname] = value
                assert getattr(instance, f"get_{field.name}_display")() == django_display(
                    instance, field
                ), (model, field.name, value)


def test_a_label_follows_the_language_of_the_moment():
    from commission.cases.models import Hearing

    hearing = Hearing(state="held")
    with translation.override("en-gb"):
        assert hearing.get_state_display() == "held"
    with translation.override("ru"):
        assert hearing.get_state_display() == "состоялось"
