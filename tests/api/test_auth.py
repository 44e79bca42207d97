from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from rest_framework.throttling import ScopedRateThrottle

from commission.audit.models import AuditEvent
from tests.factories import UserFactory

TOKEN_URL = "/api/v1/auth/token/"
WRONG_LOGIN = "The username or password is not right."
NO_CREDENTIALS = 'Sign in, or send an API token in the header "Authorization: Token <token>".'
BAD_TOKEN = "The API token or credentials were not accepted; get a token from /api/v1/auth/token/."


def test_username_and_password_give_the_users_token(clerk):
    answer = APIClient().post(
        TOKEN_URL, {"username": "clerk", "password": "correct horse battery"}, format="json"
    )

    assert answer.status_code == 200
    assert answer.json() == {"token": Token.objects.get(user=clerk).key}
    assert list(AuditEvent.objects.values_list("action", "actor_name", "summary")) == [
        ("api.token.issue", "clerk", "Issued an API token for clerk.")
    ]


def test_asking_again_gives_the_same_token_and_no_second_event(clerk):
    body = {"username": "clerk", "password": "correct horse battery"}
    first = APIClient().post(TOKEN_URL, body, format="json").json()["token"]
    second = APIClient().post(TOKEN_URL, body, format="json").json()["token"]

    assert first == second
    assert Token.objects.count() == 1
    assert AuditEvent.objects.filter(action="api.token.issue").count() == 1


@pytest.mark.parametrize(
    ("username", "password"),
    [
        ("clerk", "wrong"),
        ("nobody", "correct horse battery"),
        ("disabled", "correct horse battery"),
    ],
)
def test_wrong_credentials_get_no_token_and_do_not_say_which_part_was_wrong(
    clerk, username, password
):
    UserFactory(username="disabled", is_active=False)

    answer = APIClient().post(
        TOKEN_URL, {"username": username, "password": password}, format="json"
    )

    assert answer.status_code == 400
    assert answer.json() == {"detail": WRONG_LOGIN, "errors": {"password": [WRONG_LOGIN]}}
    assert Token.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_token_request_without_password_names_the_field(db):
    answer = APIClient().post(TOKEN_URL, {"username": "clerk"}, format="json")

    assert answer.status_code == 400
    assert answer.json() == {
        "detail": "password: This field is required.",
        "errors": {"password": ["This field is required."]},
    }


def test_too_many_attempts_answer_429_saying_when_to_try_again(clerk, monkeypatch):
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"token": "2/min"})
    monkeypatch.setattr(ScopedRateThrottle, "timer", lambda self: 1_000_000.0)
    body = {"username": "clerk", "password": "wrong"}
    for _ in range(2):
        assert APIClient().post(TOKEN_URL, body, format="json").status_code == 400

    answer = APIClient().post(
        TOKEN_URL, {"username": "clerk", "password": "correct horse battery"}, format="json"
    )

    assert answer.status_code == 429
    assert answer["Retry-After"] == "60"
    assert answer.json() == {
        "detail": "Too many requests in a short time; try again in 60 seconds."
    }
    assert Token.objects.count() == 0


def test_a_token_opens_the_api(clerk):
    token = Token.objects.create(user=clerk)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    answer = client.get("/api/v1/people/")

    assert answer.status_code == 200
    assert answer.json() == {"count": 0, "next": None, "previous": None, "results": []}


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/people/",
        "/api/v1/people/P-1/",
        "/api/v1/memberships/",
        "/api/v1/relationships/",
        "/api/v1/organisations/",
        "/api/v1/units/",
        "/api/v1/commissions/",
        "/api/v1/schema/?format=json",
    ],
)
def test_without_a_token_every_endpoint_answers_401(db, url):
    answer = APIClient().get(url)

    assert answer.status_code == 401
    assert answer["WWW-Authenticate"] == "Token"
    assert answer.json() == {"detail": NO_CREDENTIALS}


def test_a_write_without_a_token_answers_401_and_stores_nothing(db, registry_state):
    before = registry_state()

    answer = APIClient().post("/api/v1/people/", {"surname": "Solts"}, format="json")

    assert answer.status_code == 401
    assert answer.json() == {"detail": NO_CREDENTIALS}
    assert registry_state() == before


def test_an_invalid_token_answers_401(clerk):
    Token.objects.create(user=clerk)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")

    answer = client.get("/api/v1/people/")

    assert answer.status_code == 401
    assert answer.json() == {"detail": BAD_TOKEN}


def test_the_token_of_a_disabled_account_answers_401(clerk):
    token = Token.objects.create(user=clerk)
    clerk.is_active = False
    clerk.save()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    answer = client.get("/api/v1/people/")

    assert answer.status_code == 401
    assert answer.json() == {"detail": BAD_TOKEN}


def test_a_browser_session_opens_the_api(clerk):
    client = APIClient()
    assert client.login(username="clerk", password="correct horse battery")

    answer = client.get("/api/v1/people/")

    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/json"


def test_a_session_write_without_the_csrf_token_is_refused(clerk, registry_state):
    client = APIClient(enforce_csrf_checks=True)
    assert client.login(username="clerk", password="correct horse battery")
    before = registry_state()

    answer = client.post("/api/v1/people/", {"surname": "Solts"}, format="json")

    assert answer.status_code == 403
    assert answer.json() == {"detail": "CSRF Failed: CSRF cookie not set."}
    assert registry_state() == before


def test_token_command_prints_the_users_token_and_makes_it_once(clerk, capsys):
    call_command("token", "clerk")
    printed = capsys.readouterr().out.strip()
    call_command("token", "clerk")

    assert printed == Token.objects.get(user=clerk).key
    assert capsys.readouterr().out.strip() == printed
    assert Token.objects.count() == 1


def test_token_command_refuses_an_unknown_user(db):
    with pytest.raises(CommandError, match=r"^There is no user called 'nobody'\.$"):
        call_command("token", "nobody")
    assert Token.objects.count() == 0


def test_token_command_refuses_a_disabled_account(db):
    UserFactory(username="gone", is_active=False)

    with pytest.raises(
        CommandError, match=r"^The account 'gone' is disabled; it cannot use the API\.$"
    ):
        call_command("token", "gone")
    assert Token.objects.count() == 0
