"""A real server and a real browser for the story tests.

The server is `commission serve` in a child process, on a database of its own (a SQLite file
in a temporary folder, or a fresh PostgreSQL database beside the one of DATABASE_URL), set up
as a new user's would be: `commission migrate`, then `commission demo --without-letters`, so
the story starts where the README's first command leaves a new user. The migrated database is
set up once and copied for the walk in each language, whose demo speaks that language. The
browser is Debian's Chromium driven by Playwright. Screenshots go to $COMMISSION_SCREENSHOTS, or to
var/screenshots.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.installations import free_port, fresh_database, on_postgresql

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# The languages the story is walked in: the browser asks for each (Accept-Language), and the
# walk reads the pages' words through the catalogue of the language it is walked in.
LANGUAGES = ("en", "ru")
# The installation's language (settings.LANGUAGES) for each language the browser asks for.
INSTALLATION_LANGUAGE = {"en": "en-gb", "ru": "ru"}


@pytest.fixture(scope="module", params=LANGUAGES)
def language(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def prepared_installation(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """An installation migrated once (`commission migrate`), which each walk copies rather
    than migrates again: its var folder, and its database (a SQLite file, or a PostgreSQL
    template database)."""
    tmp = tmp_path_factory.mktemp("prepared")
    database = fresh_database(tmp, "story_prepared")
    env = {**os.environ, "COMMISSION_VAR_DIR": str(tmp / "var"), "DATABASE_URL": database}
    subprocess.run(
        [sys.executable, "-m", "commission", "migrate", "-v0"], env=env, check=True, cwd=ROOT
    )
    return {"folder": tmp, "database": database}


def _copy_installation(prepared: dict[str, object], tmp: Path, name: str) -> str:
    """Copy the prepared installation's var folder into `tmp` and its database under `name`;
    the copy's DATABASE_URL."""
    folder = prepared["folder"]
    assert isinstance(folder, Path)
    shutil.copytree(folder / "var", tmp / "var")
    if not on_postgresql():
        shutil.copyfile(folder / "story_prepared.sqlite3", tmp / f"{name}.sqlite3")
        return f"sqlite:///{tmp / name}.sqlite3"
    import psycopg

    parts = urlsplit(str(prepared["database"]))
    template = parts.path.lstrip("/")
    copy = template.removesuffix("_story_prepared") + f"_{name}"
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{template}"')
    return urlunsplit(parts._replace(path=f"/{copy}"))


@pytest.fixture(scope="module")
def story_server(
    tmp_path_factory: pytest.TempPathFactory,
    prepared_installation: dict[str, object],
    language: str,
) -> Iterator[dict[str, str]]:
    """The base URL of a running server with the demo loaded in `language`, and the demo's
    passwords: one server for each language, on a copy of the prepared installation, as the
    story changes what it holds."""
    tmp = tmp_path_factory.mktemp(f"story-{language}")
    env = {
        **os.environ,
        "COMMISSION_VAR_DIR": str(tmp / "var"),
        "DATABASE_URL": _copy_installation(prepared_installation, tmp, f"story_{language}"),
    }
    commission = [sys.executable, "-m", "commission"]
    # The demo writes what it records in the installation's language, as a Russian
    # installation's would be written in Russian.
    subprocess.run(
        [*commission, "demo", "--without-letters"],
        env={**env, "COMMISSION_LANGUAGE": INSTALLATION_LANGUAGE[language]},
        check=True, cwd=ROOT, capture_output=True,
    )  # fmt: skip
    logins = {}
    for line in (tmp / "var" / "demo-logins.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            user, password = line.split(None, 1)
            logins[user] = password.strip()
    port = free_port()
    log = (tmp / "server.log").open("wb")
    server = subprocess.Popen(
        [*commission, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{base}/login/", timeout=2)  # noqa: S310 (our own server)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                log.close()
                output = (tmp / "server.log").read_text(errors="replace")
                pytest.fail(f"The server did not start on port {port}:\n{output}")
            time.sleep(0.3)
    try:
        yield {
            "base": base,
            "language": language,
            **{f"password:{k}": v for k, v in logins.items()},
        }
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


# Module scope: Playwright runs an event loop while it is open, and Django refuses database work
# inside one, so it must be closed before any other test runs.
@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"The browser tests need Debian's Chromium at {CHROMIUM} (apt install chromium)."
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    folder = Path(os.environ.get("COMMISSION_SCREENSHOTS", ROOT / "var" / "screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder
