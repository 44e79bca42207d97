"""Who may act as another account from the command line.

`commission … --as USER` records the work under USER's name without USER's password, so it is
allowed only to the operating-system user who runs the installation: the users named in
COMMISSION_OPERATORS, or, when that is unset, the owner of the installation's data (the SQLite
database file, or the data folder `COMMISSION_VAR_DIR` beside a PostgreSQL database). Anyone
else who can start the program is refused, and `audit.operators.command_line_actor` records the
operating-system user beside the account acted as."""

from __future__ import annotations

import os
import pwd
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from commission.core.errors import NotAllowed


def operating_system_user() -> str:
    """The name of the operating-system user running this process (its effective user)."""
    uid = os.geteuid()
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def installation_data() -> Path:
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3" and database["NAME"] != ":memory:":
        path = Path(str(database["NAME"]))
        if path.exists():
            return path
    return Path(settings.VAR_DIR)


def installation_operators() -> list[str]:
    """The operating-system users allowed to act as another account."""
    configured = list(getattr(settings, "COMMISSION_OPERATORS", []) or [])
    if configured:
        return configured
    data = installation_data()
    try:
        uid = data.stat().st_uid
    except OSError:
        return []
    try:
        return [pwd.getpwuid(uid).pw_name]
    except KeyError:
        return [str(uid)]


def require_operator(refusal: str, *, os_user: str | None = None) -> str:
    """The operating-system user, if they run this installation; otherwise NotAllowed with
    `refusal`, a sentence naming who runs it (%(runs)s) and who asked (%(who)s)."""
    who = os_user or operating_system_user()
    allowed = installation_operators()
    if who not in allowed:
        runs = ", ".join(allowed) or "nobody: set COMMISSION_OPERATORS"
        raise NotAllowed(refusal % {"runs": runs, "who": who})
    return who


def check_may_act_as(username: str, *, os_user: str | None = None) -> str:
    """The operating-system user, if they may act as `username`; NotAllowed otherwise."""
    return require_operator(
        _(
            "Only the operating-system user who runs this installation (%(runs)s) "
            "may act as another account with --as; you are %(who)s. Run the "
            "command as that user, or sign in to the web pages as the account."
        ),
        os_user=os_user,
    )
