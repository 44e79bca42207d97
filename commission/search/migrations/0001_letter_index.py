"""The full-text index of letters, in the engine's own form, filled from the letters on file."""

from django.db import migrations


def create(apps, schema_editor):
    from commission.search.backends import backend_for

    backend = backend_for(schema_editor.connection.vendor)
    with schema_editor.connection.cursor() as cursor:
        backend.create(cursor)
    backend.rebuild()


def drop(apps, schema_editor):
    from commission.search.backends import backend_for

    with schema_editor.connection.cursor() as cursor:
        backend_for(schema_editor.connection.vendor).drop(cursor)


class Migration(migrations.Migration):
    dependencies = [("intake", "0003_document_text_stored_last")]

    operations = [migrations.RunPython(create, drop)]
