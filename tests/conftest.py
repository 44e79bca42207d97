"""Shared fixtures: the named personas every test speaks of."""

from __future__ import annotations

import os

import pytest
from django.db import connection

from tests.factories import UserFactory
from tests.installations import free_port


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
def _own_witness_graph():
    """Each test's witness graph is read from its own database, never kept from another's."""
    from commission.inquiries import tiegraph

    tiegraph.forget()
    yield
    tiegraph.forget()


@pytest.fixture(autouse=True)
def _own_audit_keys(settings, tmp_path):
    """Each test's audit key file is its own, created on first use as an installation's is."""
    settings.AUDIT_KEY = ""
    settings.AUDIT_KEY_FILE = tmp_path / "keys" / "audit-keys.json"
    settings.AUDIT_KEY_FILE_CREATE = True


@pytest.fixture(autouse=True)
def _default_language():
    """A request in Russian leaves Russian active in its thread (each request chooses its own
    language); the next test starts from LANGUAGE_CODE, as a new process would."""
    yield
    from django.utils import translation

    translation.deactivate()


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


@pytest.fixture(autouse=True)
def _jobs_run_when_sent(settings):
    """Jobs run in the test's own process when the transaction that asked for them commits
    (huey's immediate mode); the tests of the queue itself start real workers instead."""
    settings.JOB_RUN_IMMEDIATELY = True


@pytest.fixture
def jobs_run(django_capture_on_commit_callbacks):
    """Inside a test's transaction nothing commits: this runs what was asked for at commit
    (jobs included) as if it had, at the end of the `with` block."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


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


DOVECOT = "/usr/sbin/dovecot"


@pytest.fixture
def imap_server(settings, tmp_path):
    """A real IMAP server: Debian's Dovecot, configured in a temporary folder and listening on
    a loopback port, with one account whose INBOX the installation reads (MAIL_IMAP_*).
    .ci/run installs dovecot-imapd; without it this fails rather than skipping."""
    import getpass
    import shutil
    import subprocess
    import tempfile
    import time
    from pathlib import Path

    if not Path(DOVECOT).exists():
        pytest.fail(f"{DOVECOT} is missing: install Debian's dovecot-imapd (see .ci/run).")
    # Not under pytest's own folders, which only their owner may enter: Dovecot's login and
    # authentication processes run as other users and must reach the account file.
    root = Path(tempfile.mkdtemp(prefix="commission-dovecot-"))
    for sub in ("run", "state", "home"):
        (root / sub).mkdir(parents=True)
    root.chmod(0o755)
    if os.geteuid() == 0:
        # Dovecot will not open a mailbox as root: the account's mail belongs to nobody.
        os.chown(root / "home", 65534, 65534)
        mail_user, service_users = "uid=nobody gid=nogroup", ""
    else:
        me = getpass.getuser()
        mail_user = f"uid={os.getuid()} gid={os.getgid()}"
        service_users = f"default_login_user = {me}\ndefault_internal_user = {me}\n"
    (root / "users").write_text("commission:{PLAIN}letters-by-mail\n")
    port = free_port()
    (root / "dovecot.conf").write_text(
        f"base_dir = {root}/run\nstate_dir = {root}/state\nlog_path = {root}/dovecot.log\n"
        f"instance_name = commission-test-{port}\nprotocols = imap\nlisten = 127.0.0.1\n"
        "ssl = no\ndisable_plaintext_auth = no\nauth_mechanisms = plain login\n"
        f"first_valid_uid = 1\n{service_users}"
        "passdb {\n  driver = passwd-file\n"
        f"  args = scheme=PLAIN username_format=%u {root}/users\n}}\n"
        f"userdb {{\n  driver = static\n  args = {mail_user} home={root}/home/%u\n}}\n"
        "mail_location = maildir:~/Maildir\n"
        "service imap-login {\n  chroot =\n"
        f"  inet_listener imap {{\n    address = 127.0.0.1\n    port = {port}\n  }}\n"
        "  inet_listener imaps {\n    port = 0\n  }\n}\n"
        "service anvil {\n  chroot =\n}\n"
    )
    server = subprocess.Popen(
        [DOVECOT, "-F", "-c", str(root / "dovecot.conf")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    import socket

    deadline = time.monotonic() + 15
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                log = (root / "dovecot.log").read_text() if (root / "dovecot.log").exists() else ""
                shutil.rmtree(root, ignore_errors=True)
                pytest.fail(f"Dovecot did not start on port {port}: {log}")
            time.sleep(0.1)
    settings.MAIL_IMAP_HOST, settings.MAIL_IMAP_PORT = "127.0.0.1", port
    settings.MAIL_IMAP_SSL = False
    settings.MAIL_IMAP_USER, settings.MAIL_IMAP_PASSWORD = "commission", "letters-by-mail"
    settings.MAIL_IMAP_FOLDER = "INBOX"
    settings.MAIL_INBOX = str(tmp_path / "inbox")
    try:
        yield settings
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        shutil.rmtree(root, ignore_errors=True)
