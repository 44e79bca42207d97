"""Shared fixtures: the named personas every test speaks of."""

from __future__ import annotations

import os

import pytest
from django.db import connection

from tests.factories import UserFactory


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked `postgres` run in the PostgreSQL pass only; on CI that pass must happen,
    so they are never skipped silently there (see .ci/run)."""
    # The browser tests run last: they are the slowest, and the rest need no browser.
    items.sort(key=lambda item: "browser" in item.keywords)
    on_postgres = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
    if on_postgres:
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: runs in the PostgreSQL pass")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """The personas are created with a password; the production hasher's deliberate slowness
    would make every test that uses one take about a second."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _own_var_dir(settings, tmp_path):
    """Files a test writes (the demo's passwords, say) go to its own folder, never into the
    installation's var/."""
    settings.VAR_DIR = tmp_path / "var"
    settings.VAR_DIR.mkdir()


@pytest.fixture(autouse=True)
def _own_audit_keys(settings, tmp_path):
    """Each test's audit key file is its own, created on first use as an installation's is."""
    settings.AUDIT_KEY = ""
    settings.AUDIT_KEY_FILE = tmp_path / "keys" / "audit-keys.json"
    settings.AUDIT_KEY_FILE_CREATE = True


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits live in the cache; each test starts with none used."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def clerk(db):
    return UserFactory(username="clerk", roles=["clerk"])


@pytest.fixture
def commissioner(db):
    return UserFactory(username="commissioner", roles=["commissioner"])


@pytest.fixture
def chair(db):
    return UserFactory(username="chair", roles=["chair"])


@pytest.fixture
def auditor(db):
    return UserFactory(username="auditor", roles=["auditor"])


@pytest.fixture
def member(db):
    return UserFactory(username="member", roles=["member"])


@pytest.fixture
def outsider(db):
    """Signed in, but in no role."""
    return UserFactory(username="outsider")


@pytest.fixture
def vendor() -> str:
    return connection.vendor


def free_port() -> int:
    """A loopback port nothing listens on now (for a server a test starts)."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class _Collect:
    """An SMTP server's handler that keeps every message it is given."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        content = envelope.original_content or envelope.content
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), content))
        return "250 2.0.0 OK"


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server (aiosmtpd) on a loopback port, which the installation sends its mail
    to; `.messages` holds (sender, recipients, bytes) of what it received."""
    from aiosmtpd.controller import Controller

    handler = _Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.DEFAULT_FROM_EMAIL = "commission@commission.test"
    settings.MAIL_REPLY_ADDRESS = "inquiries@commission.test"
    try:
        yield handler
    finally:
        controller.stop()


@pytest.fixture
def mail_receiver(settings, tmp_path):
    """The installation's own mail receiver (LMTP, as a mail server hands mail on to it) on a
    loopback port, writing to a Maildir that MAIL_INBOX names."""
    from commission.intake.receiver import MailReceiver

    settings.MAIL_REPLY_ADDRESS = "inquiries@commission.test"
    settings.MAIL_INBOX = str(tmp_path / "inbox")
    receiver = MailReceiver(host="127.0.0.1", port=free_port(), protocol="lmtp")
    receiver.start()
    try:
        yield receiver
    finally:
        receiver.stop()
