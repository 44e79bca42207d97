from __future__ import annotations

import datetime as dt
import hashlib
import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from commission.api.services import issue_api_token
from commission.audit.models import AuditEvent
from tests.factories import UserFactory

TOKEN_URL = "/api/v1/auth/token/"
WRONG_LOGIN = "The username or password is not right."
NO_CREDENTIALS = 'Sign in, or send an API token in the header "Authorization: Token <token>".'
BAD_TOKEN = "The API token or credentials were not accepted; get a token from /api/v1/auth/token/."


def test_username_and_password_give_a_token_kept_only_as_its_digest(clerk):
    answer = APIClient().post(
        TOKEN_URL, {"username": "clerk", "password": "correct horse battery"}, format="json"
    )

    assert answer.status_code == 200
    token = answer.json()["token"]
    stored = AuthToken.objects.get()
    assert stored.user == clerk
    assert stored.digest == hashlib.sha512(token.encode()).hexdigest()
    assert token not in {stored.digest, stored.token_key}
    assert answer.json()["expires"] == stored.expiry.isoformat().replace("+00:00", "Z")
    assert stored.expiry - timezone.now() > dt.timedelta(days=29)
    assert list(AuditEvent.objects.values_list("action", "actor_name", "summary")) == [
        ("api.token.issue", "clerk", f"Issued an API token for clerk ({token[:15]}…).")
    ]


def test_asking_again_gives_a_second_token_and_both_work(clerk):
    body = {"username": "clerk", "password": "correct horse battery"}
    first = APIClient().post(TOKEN_URL, body, format="json").json()["token"]
    second = APIClient().post(TOKEN_URL, body, format="json").json()["token"]

    assert first != second
    assert AuthToken.objects.count() == 2
    for token in (first, second):
        assert client_with(token).get("/api/v1/people/").status_code == 200


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

    assert answer.status_code == 422
    assert answer.json() == {"detail": WRONG_LOGIN, "errors": {"password": [WRONG_LOGIN]}}
    assert AuthToken.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_token_request_without_password_names_the_field(db):
    answer = APIClient().post(TOKEN_URL, {"username": "clerk"}, format="json")

    assert answer.status_code == 400
    assert answer.json() == {
        "detail": "password: This field is required.",
        "errors": {"password": ["This field is required."]},
    }


def client_with(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_a_token_opens_the_api(clerk):
    answer = client_with(issue_api_token(user=clerk).key).get("/api/v1/people/")

    assert answer.status_code == 200
    assert answer.json() == {"count": 0, "next": None, "previous": None, "results": []}


def test_an_expired_token_answers_401_and_is_removed(clerk):
    token = issue_api_token(user=clerk).key
    AuthToken.objects.update(expiry=timezone.now() - dt.timedelta(seconds=1))

    answer = client_with(token).get("/api/v1/people/")

    assert answer.status_code == 401
    assert answer.json() == {"detail": BAD_TOKEN}
    assert AuthToken.objects.count() == 0


def test_rotating_gives_a_new_token_and_the_old_one_stops_working(clerk):
    old = issue_api_token(user=clerk).key

    answer = client_with(old).post("/api/v1/auth/token/rotate/")

    assert answer.status_code == 200
    new = answer.json()["token"]
    assert new != old
    assert client_with(old).get("/api/v1/people/").status_code == 401
    assert client_with(new).get("/api/v1/people/").status_code == 200
    assert AuthToken.objects.count() == 1
    assert AuditEvent.objects.order_by("seq").last().summary == (
        f"Rotated the API token {old[:15]}… of clerk to {new[:15]}…."
    )


def test_revoking_stops_the_token_sent_and_keeps_the_others(clerk):
    kept = issue_api_token(user=clerk).key
    revoked = issue_api_token(user=clerk).key

    answer = client_with(revoked).post("/api/v1/auth/token/revoke/", {}, format="json")

    assert answer.status_code == 200
    assert answer.json() == {"revoked": 1}
    assert client_with(revoked).get("/api/v1/people/").status_code == 401
    assert client_with(kept).get("/api/v1/people/").status_code == 200
    event = AuditEvent.objects.order_by("seq").last()
    assert (event.action, event.summary) == ("api.token.revoke", "Revoked 1 API token of clerk.")


def test_revoking_all_stops_every_token_of_the_user_only(clerk, chair):
    tokens = [issue_api_token(user=clerk).key for _ in range(3)]
    chairs = issue_api_token(user=chair).key

    answer = client_with(tokens[0]).post("/api/v1/auth/token/revoke/", {"all": True}, format="json")

    assert answer.json() == {"revoked": 3}
    assert all(client_with(t).get("/api/v1/people/").status_code == 401 for t in tokens)
    assert client_with(chairs).get("/api/v1/people/").status_code == 200


def test_a_session_has_no_token_to_rotate(clerk):
    client = APIClient()
    client.force_login(clerk)

    answer = client.post("/api/v1/auth/token/rotate/")

    assert answer.status_code == 403
    assert answer.json() == {
        "detail": 'This needs the API token itself: send it as the header "Authorization: '
        'Token <token>".'
    }
    assert AuthToken.objects.count() == 0


def test_existing_plain_tokens_move_to_digests_and_keep_working(clerk):
    """The migration that replaced DRF's plain-text tokens, run on a table as it left them."""
    plain = "0123456789abcdef0123456789abcdef01234567"
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, created timestamp "
            "NOT NULL, user_id integer NOT NULL)"
        )
        cursor.execute(
            "INSERT INTO authtoken_token VALUES (%s, %s, %s)", [plain, timezone.now(), clerk.pk]
        )
    migration = importlib.import_module("commission.api.migrations.0001_hashed_expiring_tokens")
    with connection.cursor() as cursor:
        editor = SimpleNamespace(connection=connection, execute=cursor.execute)
        migration.move_tokens(django_apps, editor)

    assert "authtoken_token" not in connection.introspection.table_names()
    stored = AuthToken.objects.get()
    assert (stored.user, stored.token_key) == (clerk, plain[:15])
    assert stored.expiry - timezone.now() > dt.timedelta(days=29)
    assert client_with(plain).get("/api/v1/people/").status_code == 200


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
    issue_api_token(user=clerk)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")

    answer = client.get("/api/v1/people/")

    assert answer.status_code == 401
    assert answer.json() == {"detail": BAD_TOKEN}


def test_the_token_of_a_disabled_account_answers_401(clerk):
    token = issue_api_token(user=clerk)
    clerk.is_active = False
    clerk.save()
    client = client_with(token.key)

    answer = client.get("/api/v1/people/")

    assert answer.status_code == 401
    assert answer.json() == {"detail": BAD_TOKEN}


def test_a_browser_session_opens_the_api(clerk):
    client = APIClient()
    client.force_login(clerk)

    answer = client.get("/api/v1/people/")

    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/json"


def test_a_session_write_without_the_csrf_token_is_refused(clerk, registry_state):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(clerk)
    before = registry_state()

    answer = client.post("/api/v1/people/", {"surname": "Solts"}, format="json")

    assert answer.status_code == 403
    assert answer.json() == {"detail": "CSRF Failed: CSRF cookie not set."}
    assert registry_state() == before


def test_token_command_prints_a_new_token_each_time_and_revokes_them_all(clerk, capsys):
    call_command("token", "clerk")
    first = capsys.readouterr().out.strip()
    call_command("token", "clerk")
    second = capsys.readouterr().out.strip()

    assert first != second
    assert AuthToken.objects.filter(user=clerk).count() == 2
    assert client_with(first).get("/api/v1/people/").status_code == 200

    call_command("token", "clerk", "--revoke-all")

    assert capsys.readouterr().out.strip() == "Revoked 2 API token(s) of clerk."
    assert AuthToken.objects.count() == 0


def test_token_command_refuses_an_unknown_user(db):
    with pytest.raises(CommandError, match=r"^There is no user called 'nobody'\.$"):
        call_command("token", "nobody")
    assert AuthToken.objects.count() == 0


def test_token_command_refuses_a_disabled_account(db):
    UserFactory(username="gone", is_active=False)

    with pytest.raises(
        CommandError, match=r"^The account 'gone' is disabled; it cannot use the API\.$"
    ):
        call_command("token", "gone")
    assert AuthToken.objects.count() == 0
