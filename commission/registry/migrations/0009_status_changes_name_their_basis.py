"""Every step of a membership's history names what it rests on: the decision that made it, the
document that records an administrative step (joining, a death), or the register it was copied
from. Expand (the two columns), backfill, contract (the check constraint).

Steps recorded before this rule that name no decision are marked as copied from this register's
earlier records: nothing says which document or decision they rested on, and the migration does
not invent one."""

from django.db import migrations, models
from django.db.models import Q

EARLIER_RECORDS = "this register's records from before each step had to name its decision"


def backfill(apps, schema_editor):
    Step = apps.get_model("registry", "MembershipStatusChange")
    Step.objects.filter(decision__isnull=False).update(basis="decision")
    Step.objects.filter(decision__isnull=True).update(basis="imported", document=EARLIER_RECORDS)


class Migration(migrations.Migration):
    dependencies = [("registry", "0008_cyrillic_final_y_keys")]

    operations = [
        migrations.AddField(
            model_name="membershipstatuschange",
            name="basis",
            field=models.CharField(
                choices=[
                    ("decision", "the decision that made it"),
                    ("document", "the document that records it"),
                    ("imported", "copied from another register"),
                ],
                default="",
                help_text="What the step rests on: its decision, a document, or another register.",
                max_length=12,
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="membershipstatuschange",
            name="document",
            field=models.CharField(
                blank=True,
                default="",
                help_text="The document that records an administrative step (joining, a death), or the register an imported step was copied from.",
                max_length=300,
            ),
            preserve_default=False,
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="membershipstatuschange",
            constraint=models.CheckConstraint(
                condition=Q(basis="decision", decision__isnull=False)
                | (
                    Q(basis="document", decision__isnull=True)
                    & ~Q(document="")
                    & (Q(from_status="") | Q(to_status="deceased"))
                )
                | (Q(basis="imported", decision__isnull=True) & ~Q(document="")),
                name="status_change_names_its_basis",
            ),
        ),
    ]
