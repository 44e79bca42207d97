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
