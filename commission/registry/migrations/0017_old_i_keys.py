"""Lookup keys of names that end in "-ій" in the spelling before 1918 ("Аркадій", "Георгій")
are folded again: the fold now reads the ending as today's "-ий", so "Аркадій" and "Аркадий"
share a key. Only rows holding those letters are read."""

from django.db import migrations


def refold(apps, schema_editor):
    from commission.registry.refolding import refold as refold_rows

    refold_rows(apps, ("ій", "ІЙ"))


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0016_name_keys"),
    ]

    operations = [migrations.RunPython(refold, migrations.RunPython.noop)]
