"""Inquiries point at the documents app's Document, which kept its table: only the model state
changes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('documents', '0001_documents_moved_from_intake'),
        ('inquiries', '0002_deadline_order'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='inquiry',
                    name='answer_document',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='inquiries_answered', to='documents.document'),
                ),
                migrations.AlterField(
                    model_name='inquiry',
                    name='source_document',
                    field=models.ForeignKey(blank=True, help_text='The note or letter that asks the question.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='inquiries_asked', to='documents.document'),
                ),
            ],
        ),
    ]
