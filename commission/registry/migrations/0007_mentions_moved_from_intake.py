"""Mentions (a person named in a document, in a role) move from the intake to the registry, and
the registry's evidence points at the documents app's Document. The tables keep their names:
only the model state changes, and the content type moves with the model."""

import django.db.models.deletion
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label="registry", model="mention").exists():
        ContentType.objects.using(db).filter(app_label="intake", model="mention").update(
            app_label="registry"
        )


def return_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    ContentType.objects.using(db).filter(app_label="registry", model="mention").update(
        app_label="intake"
    )


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('documents', '0001_documents_moved_from_intake'),
        ('registry', '0006_strongest_ties_indexes'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='contactdetail',
                    name='source_document',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='documents.document'),
                ),
                migrations.AlterField(
                    model_name='relationship',
                    name='evidence',
                    field=models.ForeignKey(blank=True, help_text='The document that shows this tie.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='evidenced_relationships', to='documents.document'),
                ),
                migrations.CreateModel(
                    name='Mention',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('role', models.CharField(choices=[('author', 'author'), ('addressee', 'addressee'), ('subject', 'subject'), ('relative', 'relative'), ('witness', 'witness asked'), ('annotator', 'wrote a note on it'), ('mentioned', 'mentioned')], max_length=20)),
                        ('as_written', models.CharField(blank=True, max_length=300)),
                        ('span_part', models.CharField(blank=True, max_length=10)),
                        ('span_start', models.PositiveIntegerField(blank=True, null=True)),
                        ('span_end', models.PositiveIntegerField(blank=True, null=True)),
                        ('document', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='mentions', to='documents.document')),
                        ('person', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='mentions', to='registry.person')),
                    ],
                    options={
                        'db_table': 'intake_mention',
                        'indexes': [models.Index(fields=['person', 'role'], name='mention_person_idx')],
                        'constraints': [models.UniqueConstraint(fields=('document', 'person', 'role'), name='mention_once_per_role')],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_type, return_content_type),
    ]
