"""`commission … --as USER` is for the operating-system user who runs the installation, and the
audit records that user beside the account acted as."""

from __future__ import annotations

import io
import os

import pytest
from django.core.management import CommandError, call_command

from commission.audit.models import AuditEvent
from commission.core.errors import NotAllowed
from commission.core.operators import (
    check_may_act_as,
    installation_data,
    installation_operators,
    operating_system_user,
)
from commission.demo.loader import DEMO_LETTERS
from commission.documents.models import Document

LETTER = DEMO_LETTERS / "000_975b19a40894c24e.txt"


def test_by_default_the_owner_of_the_data_runs_the_installation(db):
    assert installation_operators() == [operating_system_user()]
    assert installation_data().stat().st_uid == os.geteuid()


def test_a_setting_names_the_operators(settings):
    settings.COMMISSION_OPERATORS = ["commission", "backup"]

    assert installation_operators() == ["commission", "backup"]
    assert check_may_act_as("clerk", os_user="backup") == "backup"
    with pytest.raises(NotAllowed) as refusal:
        check_may_act_as("clerk", os_user="mallory")
    assert refusal.value.message == (
        "Only the operating-system user who runs this installation (commission, backup) may act "
        "as another account with --as; you are mallory. Run the command as that user, or sign "
        "in to the web pages as the account."
    )


def test_acting_as_a_clerk_is_recorded_with_the_operating_system_user(clerk):
    call_command("ingest", str(LETTER), "--as", "clerk", stdout=io.StringIO())

    first = AuditEvent.objects.order_by("seq").first()
    who = operating_system_user()
    assert (first.action, first.actor_name, first.summary) == (
        "cli.act_as",
        "clerk",
        f"The operating-system user {who} ran `commission ingest` as clerk.",
    )
    assert first.after == {"os_user": who, "command": "ingest", "as": "clerk"}
    assert Document.objects.count() == 1


def test_another_operating_system_user_may_not_act_as_anyone_and_nothing_changes(clerk, settings):
    settings.COMMISSION_OPERATORS = ["commission"]

    with pytest.raises(CommandError) as refusal:
        call_command("ingest", str(LETTER), "--as", "clerk", stdout=io.StringIO())

    assert str(refusal.value).startswith(
        "Only the operating-system user who runs this installation (commission) may act as "
        f"another account with --as; you are {operating_system_user()}."
    )
    assert (AuditEvent.objects.count(), Document.objects.count()) == (0, 0)


def test_without_as_the_work_is_recorded_under_the_system_account(clerk, settings):
    settings.COMMISSION_OPERATORS = ["commission"]

    call_command("ingest", str(LETTER), stdout=io.StringIO())

    assert list(AuditEvent.objects.values_list("action", "actor_name")) == [
        ("document.register", "system")
    ]
