"""Documents and their copies move from the intake to an app of their own at the bottom of
the domain. The tables keep their names (`intake_document`, `intake_documentcopy`), so this
only tells Django's model state where the models now live; no row is copied. The content types
move with them, so the permissions granted on them keep working under their new labels."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in ("document", "documentcopy"):
        if not ContentType.objects.using(db).filter(app_label="documents", model=model).exists():
            ContentType.objects.using(db).filter(app_label="intake", model=model).update(
                app_label="documents"
            )


def return_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    ContentType.objects.using(db).filter(
        app_label="documents", model__in=["document", "documentcopy"]
    ).update(app_label="intake")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("intake", "0004_proposals_answer_inquiries"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Document',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('letter', 'letter'), ('appeal', 'appeal'), ('testimony', 'testimony'), ('recommendation', 'recommendation'), ('autobiography', 'autobiography'), ('questionnaire', 'questionnaire'), ('minutes', 'hearing minutes'), ('decision_text', 'decision text'), ('note', 'note'), ('reply', 'reply to an inquiry')], default='letter', max_length=20)),
                        ('title', models.CharField(max_length=300)),
                        ('notes_text', models.TextField(blank=True, help_text='Editorial footnotes and inscriptions on the document.')),
                        ('fingerprint', models.CharField(help_text='Hash of the normalised text: one row per letter.', max_length=64, unique=True)),
                        ('written_on', models.DateField(blank=True, null=True)),
                        ('written_at', models.TimeField(blank=True, null=True)),
                        ('date_text', models.CharField(blank=True, help_text='The date as written.', max_length=100)),
                        ('confidential', models.BooleanField(default=False)),
                        ('registered_at', models.DateTimeField(auto_now_add=True)),
                        ('version', models.PositiveIntegerField(default=1)),
                        ('text', models.TextField(help_text='The text of the document, without archive boilerplate.')),
                        ('registered_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'intake_document',
                        'permissions': [('register_document', 'Can register letters and other documents')],
                    },
                ),
                migrations.CreateModel(
                    name='DocumentCopy',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('channel', models.CharField(choices=[('original', 'original'), ('typewritten_copy', 'typewritten copy'), ('telephone', 'dictated by telephone'), ('published_edition', 'published edition'), ('archive_page', 'archive web page'), ('wiki_page', 'wiki page'), ('upload', 'uploaded file'), ('unknown', 'unknown')], default='unknown', max_length=20)),
                        ('source_name', models.CharField(blank=True, help_text='Archive or collection.', max_length=300)),
                        ('source_url', models.URLField(blank=True, max_length=500)),
                        ('file_name', models.CharField(blank=True, max_length=300)),
                        ('content_sha256', models.CharField(help_text="Hash of the copy's text as received, to recognise re-ingests.", max_length=64)),
                        ('raw_text', models.TextField()),
                        ('text', models.TextField(help_text="This copy's letter text, cleaned.")),
                        ('notes_text', models.TextField(blank=True, help_text="This copy's footnotes and inscriptions.")),
                        ('provenance', models.TextField(blank=True, help_text='Editorial header and notes kept aside.')),
                        ('provenance_fields', models.JSONField(blank=True, default=dict, help_text='What the header says: archive, publication, …')),
                        ('letter_index', models.PositiveSmallIntegerField(default=0, help_text='Which letter of the file this copy is, from 0.')),
                        ('received_at', models.DateTimeField(auto_now_add=True)),
                        ('document', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='copies', to='documents.document')),
                        ('received_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name_plural': 'document copies',
                        'db_table': 'intake_documentcopy',
                    },
                ),
                migrations.AddIndex(
                    model_name='document',
                    index=models.Index(fields=['written_on'], name='document_written_on_idx'),
                ),
                migrations.AddIndex(
                    model_name='documentcopy',
                    index=models.Index(fields=['content_sha256'], name='copy_sha256_idx'),
                ),
                migrations.AddConstraint(
                    model_name='documentcopy',
                    constraint=models.UniqueConstraint(fields=('document', 'content_sha256'), name='copy_unique_per_document'),
                ),
            ],
        ),
        migrations.RunPython(move_content_types, return_content_types),
    ]
