"""Filings, testimonies, decisions and reported outcomes point at the documents app's Document,
which kept its table: only the model state changes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0006_deadline_order'),
        ('documents', '0001_documents_moved_from_intake'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='casedocument',
                    name='document',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='filings', to='documents.document'),
                ),
                migrations.AlterField(
                    model_name='decision',
                    name='documents_on_file',
                    field=models.ManyToManyField(blank=True, help_text='Frozen when the decision is recorded: what the commission had before it.', related_name='decisions_seen_by', to='documents.document'),
                ),
                migrations.AlterField(
                    model_name='decision',
                    name='reported_by',
                    field=models.ForeignKey(blank=True, help_text="A document that reports this decision (e.g. an editor's footnote).", null=True, on_delete=django.db.models.deletion.PROTECT, related_name='reported_decisions', to='documents.document'),
                ),
                migrations.AlterField(
                    model_name='reportedoutcome',
                    name='document',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='documents.document'),
                ),
                migrations.AlterField(
                    model_name='testimony',
                    name='document',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='testimonies', to='documents.document'),
                ),
            ],
        ),
    ]
