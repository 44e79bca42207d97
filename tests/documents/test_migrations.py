"""A database made before documents had an app of their own migrates forward with nothing lost:
the rows stay in their tables, the foreign keys still point at them, and the permissions on
documents move to the documents app's content types."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("documents", None),
    ("intake", "0004_proposals_answer_inquiries"),
    ("registry", "0006_strongest_ties_indexes"),
    ("cases", "0006_deadline_order"),
    ("inquiries", "0002_deadline_order"),
    ("contenttypes", "0002_remove_content_type_name"),
    ("auth", "0012_alter_user_first_name_max_length"),
]


def _migrate_back() -> object:
    MigrationExecutor(connection).migrate(BEFORE)
    return (
        MigrationExecutor(connection)
        .loader.project_state([t for t in BEFORE if t[1] is not None])
        .apps
    )


@pytest.mark.postgres
def test_documents_and_mentions_survive_the_move_on_postgresql(db):
    # PostgreSQL changes its schema inside the test's transaction, which rolls it all back.
    _documents_and_mentions_survive_the_move(_migrate_back())


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's variant; PostgreSQL's runs in its own pass"
)
def test_documents_and_mentions_survive_the_move_on_sqlite(transactional_db):
    # SQLite cannot rebuild tables inside a transaction: the test commits, then leaves the
    # database migrated forward again for the tests after it.
    try:
        _documents_and_mentions_survive_the_move(_migrate_back())
    finally:
        call_command("migrate", verbosity=0)


def _documents_and_mentions_survive_the_move(apps) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Person = apps.get_model("registry", "Person")
    Document = apps.get_model("intake", "Document")
    Copy = apps.get_model("intake", "DocumentCopy")
    Mention = apps.get_model("intake", "Mention")
    Proposal = apps.get_model("intake", "Proposal")
    # As such a database was: no content type of the documents app yet, the permissions on
    # the intake's document.
    ContentType.objects.filter(app_label="documents").delete()
    ContentType.objects.filter(app_label="registry", model="mention").delete()
    Permission.objects.filter(content_type__app_label="intake").delete()
    document_type, _ = ContentType.objects.get_or_create(app_label="intake", model="document")
    for codename in ("register_document", "review_proposals"):
        Permission.objects.create(content_type=document_type, codename=codename, name=codename)
    person = Person.objects.create(ref="P-1", surname="Kasparova", surname_key="kasparova")
    letter = Document.objects.create(title="A letter", text="Dear comrades", fingerprint="a" * 64)
    Copy.objects.create(document=letter, content_sha256="b" * 64, raw_text="x", text="x")
    proposal = Proposal.objects.create(
        document=letter, kind="person", key="person:subject:kasparova", payload={}, summary="s"
    )
    Mention.objects.create(
        document=letter, person=person, role="subject", as_written="Kasparova", proposal=proposal
    )

    if connection.vendor == "postgresql":
        # The rows' deferred foreign-key checks would otherwise block the tables' changes.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from django.contrib.auth.models import Permission as CurrentPermission

    from commission.documents.models import Document as Moved
    from commission.documents.models import DocumentCopy
    from commission.intake.models import Proposal as CurrentProposal
    from commission.registry.models import Mention as MovedMention

    moved = Moved.objects.get(pk=letter.pk)
    assert (moved.title, moved.fingerprint) == ("A letter", "a" * 64)
    assert DocumentCopy.objects.get().document == moved
    assert CurrentProposal.objects.get().document == moved
    mention = MovedMention.objects.get()
    assert (mention.document, mention.person_id, mention.as_written) == (
        moved,
        person.pk,
        "Kasparova",
    )
    codes = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in CurrentPermission.objects.filter(
            codename__in=["register_document", "review_proposals"]
        )
    }
    assert codes == {"documents.register_document", "intake.review_proposals"}
