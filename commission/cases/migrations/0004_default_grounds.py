from django.db import migrations

DEFAULT_GROUNDS = [
    ("passivity", "Passivity: takes no part in the organisation's work"),
    ("careerism", "Careerism: joined or stays for personal advantage"),
    ("abuse-of-office", "Abuse of office"),
    ("drunkenness", "Drunkenness"),
    ("hiding-origins", "Hiding one's origins or past"),
    ("alien-element", "Alien element: hostile to the organisation's aims"),
    ("breach-of-discipline", "Breach of discipline"),
    ("bribery", "Bribery or corruption"),
    ("religious-rites", "Performing religious rites"),
    ("insufficient-grounds", "The charges were not proven"),
    ("new-evidence", "New evidence in the member's favour"),
]


def add_grounds(apps, schema_editor):
    Ground = apps.get_model("cases", "Ground")
    for code, label in DEFAULT_GROUNDS:
        Ground.objects.get_or_create(code=code, defaults={"label": label})


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_due_process")]
    operations = [migrations.RunPython(add_grounds, migrations.RunPython.noop)]
