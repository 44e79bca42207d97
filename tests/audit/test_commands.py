from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from commission.core.services import system_actor
from commission.registry import services


@pytest.fixture
def some_history(db):
    actor = system_actor()
    services.create_person(actor=actor, given_name="Aron", surname="Solts")
    services.create_person(actor=actor, given_name="Pyotr", surname="Zalutsky")


def test_verify_reports_an_intact_chain(some_history, capsys):
    call_command("audit", "verify")
    assert capsys.readouterr().out.strip() == "The audit chain is intact: 2 events checked."


def test_verify_needs_the_auditor_right(some_history, clerk):
    with pytest.raises(CommandError, match="You may not verify the audit chain"):
        call_command("audit", "verify", "--as", "clerk")


def test_verify_fails_and_names_a_tampered_event(some_history, auditor, capsys):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # What a database superuser bypassing the append-only trigger would do.
            cursor.execute("SET LOCAL session_replication_role = replica")
        else:
            cursor.execute("DROP TRIGGER audit_event_no_update")
        cursor.execute("UPDATE audit_auditevent SET summary = 'nothing happened' WHERE seq = 1")
    with pytest.raises(
        CommandError, match=r"The audit chain is broken: 1 problem\(s\) in 3 events"
    ):
        call_command("audit", "verify", "--as", "auditor")
    assert "Event 1 (person.create on registry.person" in capsys.readouterr().err
