"""The chair turns on a second factor in a real browser, as a person with an authenticator app
would: scans nothing, but reads the key shown beside the QR code and computes the app's code
from it; keeps the recovery codes; signs out; signs in again and is asked for the code before
any page opens; then signs in once more with a recovery code.

Each page is checked as in the story walk (tests/browser/pagecheck.py) and photographed."""

from __future__ import annotations

import re
import time
from base64 import b32decode
from pathlib import Path

import pytest
from django_otp.oath import totp

from tests.browser.pagecheck import check_page

pytestmark = pytest.mark.browser


def app_code(secret: str, *, after: int | None = None) -> tuple[str, int]:
    """What the app shows for the key `secret` (as the page writes it, in groups): the code and
    its time step; a step after `after` when that one was the last used (a code is taken once)."""
    key = b32decode(secret.replace(" ", ""))
    now = int(time.time()) // 30
    step = now if after is None else max(now, after + 1)
    return f"{totp(key, drift=step - now):06d}", step


class Walk:
    def __init__(self, chromium, server, screenshots: Path) -> None:
        self.server = server
        self.folder = screenshots / server["language"]
        self.folder.mkdir(parents=True, exist_ok=True)
        self.context = chromium.new_context(
            viewport={"width": 1280, "height": 900}, locale=server["language"]
        )
        self.page = self.context.new_page()
        self.page.set_default_timeout(20_000)
        self.errors: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on(
            "console",
            lambda m: self.errors.append(m.text) if m.type == "error" else None,
        )

    def go(self, path: str) -> None:
        self.page.goto(self.server["base"] + path)

    def shot(self, name: str) -> None:
        check_page(self.page, f"{name} ({self.server['language']})")
        self.page.screenshot(path=str(self.folder / f"{name}.png"), full_page=True, caret="initial")

    def password_step(self, user: str) -> None:
        self.context.clear_cookies()
        self.go("/login/")
        self.page.fill("#id_username", user)
        self.page.fill("#id_password", self.server[f"password:{user}"])
        self.page.click("main button[type=submit]")


@pytest.fixture(scope="module")
def language() -> str:
    """This walk runs in English; the second factor's pages in Russian are tested with the
    test client (tests/accounts), so the story is not prepared a second time for it."""
    return "en"


def test_the_chair_turns_on_a_second_factor_and_signs_in_with_it(
    chromium, story_server, screenshots
):
    walk = Walk(chromium, story_server, screenshots)
    walk.password_step("chair")
    walk.page.wait_for_url(re.compile(r".*/dashboard/.*"))

    walk.page.click("header a.who")
    walk.page.wait_for_url(re.compile(r".*/account/$"))
    walk.shot("2fa-01-account-off")
    walk.page.click("main button:has-text('Set up a second factor')")
    walk.page.wait_for_url(re.compile(r".*/account/second-factor/confirm/$"))
    assert walk.page.locator("figure.qr img[src^='data:image/svg+xml']").is_visible()
    secret = walk.page.inner_text("#secret")
    assert re.fullmatch(r"([A-Z2-7]{4} )+[A-Z2-7]{1,4}", secret), secret
    walk.shot("2fa-02-setup")

    code, step = app_code(secret)
    walk.page.fill("#id_code", code)
    walk.page.click("main button[type=submit]")
    walk.page.wait_for_selector("#recovery-codes")
    recovery = walk.page.locator("#recovery-codes code").all_inner_texts()
    assert len(recovery) == 10
    walk.shot("2fa-03-recovery-codes")
    # The session that confirmed is fully signed in.
    walk.go("/cases/")
    assert walk.page.url.endswith("/cases/")

    # Signing in again: the password alone opens nothing.
    walk.password_step("chair")
    walk.page.wait_for_url(re.compile(r".*/account/second-factor/code/\?next=.*"))
    walk.go("/cases/")
    assert "/account/second-factor/code/" in walk.page.url
    walk.page.fill("#id_code", "000000" if code != "000000" else "111111")
    walk.page.click("main button[type=submit]")
    walk.page.wait_for_selector("main .error")
    assert "That code is not right." in walk.page.inner_text("main .error")
    walk.shot("2fa-04-wrong-code")
    # The refused code's page answers 400, which the browser reports; nothing else went wrong.
    assert walk.errors == [
        "Failed to load resource: the server responded with a status of 400 (Bad Request)"
    ]
    walk.errors.clear()

    time.sleep(1.2)  # the wait after one wrong code
    code, step = app_code(secret, after=step)
    walk.page.fill("#id_code", code)
    walk.page.click("main button[type=submit]")
    walk.page.wait_for_url(re.compile(r".*/cases/$"))

    # And with a recovery code, once.
    walk.password_step("chair")
    walk.page.wait_for_url(re.compile(r".*/account/second-factor/code/.*"))
    walk.page.fill("#id_code", recovery[0])
    walk.page.click("main button[type=submit]")
    walk.page.wait_for_url(re.compile(r".*/dashboard/.*"))
    walk.go("/account/")
    assert "9 of 10 recovery codes left." in walk.page.inner_text("main")
    walk.shot("2fa-05-account-on")
    assert walk.errors == []
    walk.context.close()
