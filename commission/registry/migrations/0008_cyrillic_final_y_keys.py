"""Lookup keys of names written in Cyrillic with a final "-ий"/"-ый" are folded again: the
fold now reads that ending as the English "-y" (Георгий / Georgy). Latin names keep their keys,
and only rows holding those letters are read."""

from django.db import migrations


def refold(apps, schema_editor):
    from commission.registry.refolding import refold as refold_rows

    refold_rows(apps, ("ий", "ый", "ИЙ", "ЫЙ"))


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0007_mentions_moved_from_intake"),
    ]

    operations = [migrations.RunPython(refold, migrations.RunPython.noop)]
