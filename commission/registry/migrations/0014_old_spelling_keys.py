"""Lookup keys of names written with the letters of the spelling before 1918 that the fold did
not read ("Ѳедоровъ", fita; "Ѵ", izhitsa) are folded again: the fold now reads them as "f" and
"i", so "Ѳедоровъ" and "Федоров" share a key. Only rows holding those letters are read."""

from django.db import migrations
from django.db.models import Q

_LETTERS = ("ѳ", "Ѳ", "ѵ", "Ѵ")


def _holding(fields):
    condition = Q()
    for field in fields:
        for letter in _LETTERS:
            condition |= Q(**{f"{field}__contains": letter})
    return condition


def refold(apps, schema_editor):
    from commission.registry import names as name_forms

    Person = apps.get_model("registry", "Person")
    PersonName = apps.get_model("registry", "PersonName")
    people = Person.objects.filter(_holding(("given_name", "patronymic", "surname")))
    for person in people.iterator(chunk_size=2000):
        person.given_key = name_forms.fold(person.given_name)
        person.patronymic_key = name_forms.fold(person.patronymic)
        person.surname_key = name_forms.fold(person.surname)
        person.surname_skeleton = name_forms.skeleton(person.surname)
        person.save(
            update_fields=["given_key", "patronymic_key", "surname_key", "surname_skeleton"]
        )
    for name in PersonName.objects.filter(_holding(("value",))).iterator(chunk_size=2000):
        name.key = name_forms.fold(name.value)
        name.skeleton = name_forms.skeleton(name.value)
        name.save(update_fields=["key", "skeleton"])


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0013_person_merges"),
    ]

    operations = [migrations.RunPython(refold, migrations.RunPython.noop)]
