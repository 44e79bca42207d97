"""Move Document.text to the end of the row (expand, backfill, contract): SQLite keeps columns
in order, and every read of a later column had to read through the letter's text."""

from django.db import migrations, models


def copy_text(apps, schema_editor):
    Document = apps.get_model("intake", "Document")
    Document.objects.update(text_last=models.F("text"))


class Migration(migrations.Migration):
    dependencies = [("intake", "0002_proposals_mentions_and_copy_details")]

    operations = [
        migrations.AddField(
            model_name="document",
            name="text_last",
            field=models.TextField(default=""),
            preserve_default=False,
        ),
        migrations.RunPython(copy_text, migrations.RunPython.noop),
        migrations.RemoveField(model_name="document", name="text"),
        migrations.RenameField(model_name="document", old_name="text_last", new_name="text"),
        migrations.AlterField(
            model_name="document",
            name="text",
            field=models.TextField(
                help_text="The text of the document, without archive boilerplate."
            ),
        ),
    ]
