"""The account a command-line run is recorded under, and the record of who ran it.

`commission … --as USER` is allowed only to the operating-system user who runs the installation
(`core.operators`); each such run writes an event naming that operating-system user, the
account acted as and the command, so the audit shows who was at the keyboard, not only whose
name the work was done under."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction

from commission.audit.services import record_event
from commission.core.audit_actions import AuditAction
from commission.core.operators import operating_system_user
from commission.core.services import resolve_actor


def command_line_actor(username: str | None, *, command: str) -> User:
    """The user named with --as (after the operating-system user is checked), or the system
    actor when none is named.

    Side effect: with --as, an audit event `cli.act_as` recorded under the account acted as.
    Errors: NotAllowed for another operating-system user; NotFound for an unknown account."""
    actor = resolve_actor(username)
    if not username:
        return actor
    os_user = operating_system_user()
    with transaction.atomic():
        record_event(
            actor=actor,
            action=AuditAction.CLI_ACT_AS,
            target=actor,
            summary=(
                f"The operating-system user {os_user} ran `commission {command}` as "
                f"{actor.get_username()}."
            ),
            after={"os_user": os_user, "command": command, "as": actor.get_username()},
        )
    return actor
