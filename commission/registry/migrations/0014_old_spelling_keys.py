"""Lookup keys of names written with the letters of the spelling before 1918 that the fold did
not read ("Ѳедоровъ", fita; "Ѵ", izhitsa) are folded again: the fold now reads them as "f" and
"i", so "Ѳедоровъ" and "Федоров" share a key. Only rows holding those letters are read."""

from django.db import migrations


def refold(apps, schema_editor):
    from commission.registry.refolding import refold as refold_rows

    refold_rows(apps, ("ѳ", "Ѳ", "ѵ", "Ѵ"))


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0013_person_merges"),
    ]

    operations = [migrations.RunPython(refold, migrations.RunPython.noop)]
