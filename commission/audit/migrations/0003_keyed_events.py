"""Events carry the id of the audit key their fingerprint was made with (blank for the events
written before keying, which the first keyed event seals), and the head the key of the last one.

On SQLite, adding a column with a default rebuilds the table, and its triggers go with the old
table: they are made again afterwards."""

from django.db import migrations, models


def recreate_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from importlib import import_module

    triggers = import_module("commission.audit.migrations.0002_append_only_triggers")
    for sql in triggers.SQLITE_BACKWARD + triggers.SQLITE_FORWARD:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers")]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="key_id",
            field=models.CharField(
                blank=True,
                default="",
                help_text="The audit key the hash was made with; blank for events written before keying.",
                max_length=32,
            ),
        ),
        migrations.AddField(
            model_name="auditchainhead",
            name="key_id",
            field=models.CharField(blank=True, default="", max_length=32),
        ),
        migrations.AlterModelOptions(
            name="auditevent",
            options={
                "ordering": ["seq"],
                "permissions": [
                    ("verify_audit_chain", "Can verify the audit chain"),
                    ("rotate_audit_key", "Can rotate the audit key"),
                ],
            },
        ),
        migrations.RunPython(recreate_sqlite_triggers, migrations.RunPython.noop),
    ]
