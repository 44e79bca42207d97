"""Documents and their copies now live in the documents app, mentions in the registry; their
tables keep their names and rows. Here the intake lets go of them in its model state, its
proposals point at the documents app's Document, and the mention's link back to the proposal
that made it is dropped: the proposal already records what it became (`result_type`,
`result_id`) and the mention keeps the words it came from (its span). The permission to review
proposals moves from the document's content type to the proposal's."""

import django.db.models.deletion
from django.db import migrations, models


def move_review_permission(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    db = schema_editor.connection.alias
    proposal_type, _ = ContentType.objects.using(db).get_or_create(
        app_label="intake", model="proposal"
    )
    if Permission.objects.using(db).filter(
        content_type=proposal_type, codename="review_proposals"
    ).exists():
        return
    Permission.objects.using(db).filter(
        content_type__model="document", codename="review_proposals"
    ).update(content_type=proposal_type)


def return_review_permission(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    db = schema_editor.connection.alias
    document_type = ContentType.objects.using(db).filter(model="document").first()
    if document_type is not None:
        Permission.objects.using(db).filter(
            content_type__app_label="intake", codename="review_proposals"
        ).update(content_type=document_type)


class Migration(migrations.Migration):

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("cases", "0007_documents_moved_out_of_intake"),
        ("documents", "0001_documents_moved_from_intake"),
        ("inquiries", "0003_documents_moved_out_of_intake"),
        ("intake", "0004_proposals_answer_inquiries"),
        ("registry", "0007_mentions_moved_from_intake"),
    ]

    operations = [
        migrations.RemoveField(model_name="mention", name="proposal"),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="proposal",
                    name="document",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="proposals",
                        to="documents.document",
                    ),
                ),
                migrations.DeleteModel(name="Mention"),
                migrations.DeleteModel(name="DocumentCopy"),
                migrations.DeleteModel(name="Document"),
            ],
        ),
        migrations.AlterModelOptions(
            name="proposal",
            options={
                "ordering": ["document", "order", "id"],
                "permissions": [
                    ("review_proposals", "Can accept, edit or reject what was read from a document")
                ],
            },
        ),
        migrations.RunPython(move_review_permission, return_review_permission),
    ]
