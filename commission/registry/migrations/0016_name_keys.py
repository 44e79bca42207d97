from django.db import migrations, models

from commission.registry import namekeys


def create_triggers_and_fill(apps, schema_editor):
    namekeys.create_triggers(schema_editor.connection)
    with schema_editor.connection.cursor() as cursor:
        namekeys.fill(cursor, schema_editor.connection.vendor)


def drop_triggers(apps, schema_editor):
    namekeys.drop_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0015_tie_log"),
    ]

    operations = [
        migrations.CreateModel(
            name="NameKey",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "part",
                    models.CharField(
                        choices=[
                            ("given", "given name"),
                            ("patronymic", "patronymic"),
                            ("surname", "surname"),
                            ("form", "further name form"),
                        ],
                        max_length=20,
                    ),
                ),
                ("key", models.CharField(max_length=200)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("part", "key"), name="name_key_once_per_part"
                    )
                ],
            },
        ),
        migrations.RunPython(create_triggers_and_fill, drop_triggers),
        # Near misses are now found among the name keys in memory (registry.namekeys).
        migrations.RemoveIndex(model_name="person", name="person_surname_skel_idx"),
        migrations.RemoveIndex(model_name="personname", name="person_name_skeleton_idx"),
    ]
