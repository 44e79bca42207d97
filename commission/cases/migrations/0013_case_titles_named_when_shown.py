"""Cases opened without a typed title were given one in the language they were opened in
("Expulsion: …", "Appeal: …"); they are now named when shown, in the reader's language. The
titles the system wrote are cleared; titles someone typed stay."""

from __future__ import annotations

from django.db import migrations

# The titles the system wrote, by kind: "Expulsion: <subject>", and so on.
GENERATED = {
    "verification": ("Verification",),
    "expulsion": ("Expulsion",),
    "appeal": ("Appeal",),
    "reopening": ("Reopening on new material", "Reopening"),
}


def _display_name(person) -> str:
    name = " ".join(p for p in (person.given_name, person.patronymic, person.surname) if p)
    if person.known_as and name:
        return f"{name} ({person.known_as})"
    return name or person.known_as or person.description or f"person {person.ref}"


def clear_generated_titles(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    cleared = []
    for case in Case.objects.exclude(title="").select_related("subject").iterator():
        generated = {
            f"{word}: {_display_name(case.subject)}" for word in GENERATED.get(case.kind, ())
        }
        if case.title in generated:
            cleared.append(case.pk)
    Case.objects.filter(pk__in=cleared).update(title="")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0012_rules_versions"),
        ("registry", "0010_person_writing_language"),
    ]

    operations = [migrations.RunPython(clear_generated_titles, migrations.RunPython.noop)]
