from django.db import migrations, models

from commission.registry import tielog


def create_triggers(apps, schema_editor):
    tielog.create_triggers(schema_editor.connection)


def drop_triggers(apps, schema_editor):
    tielog.drop_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0014_old_spelling_keys"),
    ]

    operations = [
        migrations.CreateModel(
            name="TieChange",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("source_id", models.BigIntegerField(null=True)),
                ("target_id", models.BigIntegerField(null=True)),
            ],
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
