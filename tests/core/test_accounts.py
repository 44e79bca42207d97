"""Signing in resists guessing: after too many wrong passwords for one account, or from one
address, the login page and the API's token exchange refuse every attempt for a while, say so
in a sentence, and let the rightful user in again once the pause is over."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.test import Client
from knox.models import AuthToken
from rest_framework.test import APIClient

PASSWORD = "correct horse battery"
LOCKED = (
    "Too many wrong passwords for this account or from this address: signing in is paused for "
    "15 minutes. Wait, then sign in with the right password; nothing else is needed."
)
RULE = (
    "After 10 wrong passwords for one account, or from one address, signing in is paused for 15 "
    "minutes; then the right password works again at once."
)


def sign_in(username: str, password: str, address: str = "10.0.0.1") -> tuple[int, str]:
    answer = Client().post(
        "/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )
    return answer.status_code, answer.content.decode()


def token(username: str, password: str, address: str = "10.0.0.1") -> tuple[int, dict, str]:
    answer = APIClient().post(
        "/api/v1/auth/token/",
        {"username": username, "password": password},
        format="json",
        REMOTE_ADDR=address,
    )
    return answer.status_code, answer.json(), answer.get("Retry-After", "")


def pause_over() -> None:
    """As if the cool-off had passed: every counted failure is older than it."""
    earlier = dt.timedelta(minutes=16)
    for attempt in AccessAttempt.objects.all():
        AccessAttempt.objects.filter(pk=attempt.pk).update(
            attempt_time=attempt.attempt_time - earlier
        )


def test_the_login_page_says_the_rule(db):
    page = Client().get("/login/").content.decode()
    assert RULE in page


def test_thirty_quick_wrong_passwords_then_the_right_one_is_refused_until_the_pause_ends(clerk):
    codes = [sign_in("clerk", f"guess {n}")[0] for n in range(30)]

    # The form again with its error nine times; the tenth wrong password starts the pause.
    assert codes[:9] == [200] * 9
    assert set(codes[9:]) == {429}
    code, page = sign_in("clerk", PASSWORD)
    assert code == 429
    assert LOCKED in page
    assert "_auth_user_id" not in Client().session

    pause_over()
    answer = Client().post("/login/", {"username": "clerk", "password": PASSWORD})
    assert answer.status_code == 302
    assert answer["Location"] == "/"


def test_guessing_one_account_from_many_addresses_locks_the_account(clerk, chair):
    for n in range(9):
        assert sign_in("clerk", "wrong", address=f"10.0.1.{n}")[0] == 200
    assert sign_in("clerk", "wrong", address="10.0.1.9")[0] == 429

    assert sign_in("clerk", PASSWORD, address="10.0.2.1")[0] == 429
    # Another account from a fresh address is not affected.
    assert sign_in("chair", PASSWORD, address="10.0.2.1")[0] == 302


def test_guessing_many_accounts_from_one_address_locks_the_address(clerk, chair):
    for n in range(9):
        assert sign_in(f"user{n}", "wrong", address="10.0.3.1")[0] == 200
    assert sign_in("user9", "wrong", address="10.0.3.1")[0] == 429

    assert sign_in("chair", PASSWORD, address="10.0.3.1")[0] == 429
    # The rightful user elsewhere signs in as usual.
    assert sign_in("clerk", PASSWORD, address="10.0.3.2")[0] == 302


def test_a_success_clears_the_count(clerk):
    for _ in range(9):
        sign_in("clerk", "wrong")
    assert sign_in("clerk", PASSWORD)[0] == 302
    for _ in range(9):
        sign_in("clerk", "wrong")
    assert sign_in("clerk", PASSWORD)[0] == 302


def test_the_api_locks_out_in_json_with_retry_after_and_shares_the_count_with_the_web(clerk):
    for _ in range(5):
        sign_in("clerk", "wrong")
    for _ in range(4):
        assert token("clerk", "wrong")[0] == 422
    assert token("clerk", "wrong")[:2] == (429, {"detail": LOCKED})

    code, body, retry_after = token("clerk", PASSWORD)

    assert (code, body, retry_after) == (429, {"detail": LOCKED}, "900")
    assert AuthToken.objects.count() == 0
    pause_over()
    assert token("clerk", PASSWORD)[0] == 200
    assert AuthToken.objects.count() == 1


@pytest.mark.parametrize(("limit", "minutes"), [(3, 2)])
def test_the_limit_and_the_pause_come_from_the_settings(clerk, settings, limit, minutes):
    settings.AXES_FAILURE_LIMIT = limit
    settings.AXES_COOLOFF_TIME = dt.timedelta(minutes=minutes)
    for _ in range(limit):
        sign_in("clerk", "wrong")

    code, page = sign_in("clerk", PASSWORD)

    assert code == 429
    assert "signing in is paused for 2 minutes" in page
    assert "After 3 wrong passwords for one account" in Client().get("/login/").content.decode()
