"""A real server and a real browser for the story tests.

The server is `commission serve` in a child process, on a database of its own (a SQLite file
in a temporary folder, or a fresh PostgreSQL database beside the one of DATABASE_URL), set up
as a new user's would be: `commission migrate`, then `commission demo --without-letters`, so
the story starts where the README's first command leaves a new user. The browser is Debian's
Chromium driven by Playwright. Screenshots go to $COMMISSION_SCREENSHOTS, or to
var/screenshots.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.installations import free_port, fresh_database

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


# The languages the story is walked in: the browser asks for each (Accept-Language). The walk
# reads and clicks English words, so it is walked in English; the pages are then looked at again
# in Russian at its end (test_seed_story.test_every_role_sees_its_pages_in_russian).
LANGUAGES = ("en",)


@pytest.fixture(scope="module", params=LANGUAGES)
def language(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def story_server(
    tmp_path_factory: pytest.TempPathFactory, language: str
) -> Iterator[dict[str, str]]:
    """The base URL of a running server with the demo loaded, and the demo's passwords: one
    server for each language, as the story changes what it holds."""
    tmp = tmp_path_factory.mktemp(f"story-{language}")
    env = {
        **os.environ,
        "COMMISSION_VAR_DIR": str(tmp / "var"),
        "DATABASE_URL": fresh_database(tmp, f"story_{language}"),
    }
    commission = [sys.executable, "-m", "commission"]
    subprocess.run([*commission, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    subprocess.run(
        [*commission, "demo", "--without-letters"],
        env=env, check=True, cwd=ROOT, capture_output=True,
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
