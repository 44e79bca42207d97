"""The second factor on the pages and at the API's door: set up from the account page, the code
asked after the password on every way in, recovery codes, required roles, and the API's answers."""

from __future__ import annotations

from base64 import b32encode

from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from commission.accounts.queries import has_second_factor
from commission.api.services import issue_api_token
from commission.audit.models import AuditEvent
from tests.accounts.secondfactor import (
    PASSWORD,
    code_for,
    enrol,
    wait_out_throttle,
    wrong_code_for,
)
from tests.factories import UserFactory

CODE_PAGE = "/account/second-factor/code/"


def signed_in_with_password(username: str) -> Client:
    client = Client()
    answer = client.post("/login/", {"username": username, "password": PASSWORD})
    assert answer.status_code == 302
    return client


def test_the_account_page_sets_up_a_second_factor_with_a_qr_code_and_the_key(clerk):
    client = signed_in_with_password("clerk")
    page = client.get("/account/").content.decode()
    assert "Off: your password alone signs you in." in page

    answer = client.post("/account/second-factor/start/")
    assert answer["Location"] == "/account/second-factor/confirm/"
    setup = client.get("/account/second-factor/confirm/")
    device = TOTPDevice.objects.get(user=clerk)
    secret = b32encode(device.bin_key).decode()
    text = setup.content.decode()
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in text
    assert 'src="data:image/svg+xml' in text
    # Nothing in the page breaks the content security policy: no inline script or style.
    assert "<script>" not in text
    assert "style=" not in text
    assert not has_second_factor(clerk)

    wrong = client.post("/account/second-factor/confirm/", {"code": wrong_code_for(device)})
    assert wrong.status_code == 400
    assert "That code is not right." in wrong.content.decode()
    assert not has_second_factor(clerk)

    wait_out_throttle(device)
    done = client.post("/account/second-factor/confirm/", {"code": code_for(device)})
    assert done.status_code == 200
    shown = done.content.decode()
    codes = list(StaticToken.objects.filter(device__user=clerk).values_list("token", flat=True))
    assert len(codes) == 10
    assert all(f"<code>{code}</code>" in shown for code in codes)
    assert has_second_factor(clerk)
    # The session that confirmed stays signed in; the codes are not shown again.
    assert client.get("/cases/").status_code == 200
    assert not any(code in client.get("/account/").content.decode() for code in codes)
    assert AuditEvent.objects.filter(action="account.second_factor_on").count() == 1


def test_after_the_password_every_page_asks_for_the_code_first(clerk):
    device, _codes = enrol(clerk)
    client = signed_in_with_password("clerk")

    for path in ("/", "/cases/", "/registry/people/", "/account/", "/admin/", "/audit/"):
        answer = client.get(path)
        assert answer.status_code == 302, path
        assert answer["Location"].startswith(CODE_PAGE + "?next="), path
    # The API does not take the half-signed-in session either, and says why.
    api = client.get("/api/v1/people/")
    assert api.status_code == 403
    assert api.json()["detail"] == (
        "This browser session has given the password but not yet the code of the account's "
        "second factor; give it on the sign-in page (/account/second-factor/code/), or send "
        "an API token."
    )
    # Setting up or turning off the second factor is no way round it.
    assert client.post("/account/second-factor/off/", {"code": "x"}).status_code == 302
    assert has_second_factor(clerk)

    page = client.get(CODE_PAGE + "?next=/cases/")
    assert "The password for clerk was right." in page.content.decode()
    wrong = client.post(CODE_PAGE, {"code": wrong_code_for(device), "next": "/cases/"})
    assert wrong.status_code == 400
    assert "That code is not right." in wrong.content.decode()
    assert client.get("/cases/").status_code == 302

    wait_out_throttle(device)
    right = client.post(CODE_PAGE, {"code": code_for(device), "next": "/cases/"})
    assert right.status_code == 302
    assert right["Location"] == "/cases/"
    assert client.get("/cases/").status_code == 200
    assert client.get("/api/v1/people/").status_code == 200


def test_a_wrong_code_then_a_quick_retry_is_told_to_wait(clerk):
    device, _codes = enrol(clerk)
    client = signed_in_with_password("clerk")
    client.post(CODE_PAGE, {"code": wrong_code_for(device)})

    again = client.post(CODE_PAGE, {"code": code_for(device)})

    assert again.status_code == 400
    assert "Too many wrong codes for this account in a row" in again.content.decode()
    assert client.get("/cases/").status_code == 302


def test_signing_in_again_with_the_password_asks_for_the_code_again(clerk):
    device, _codes = enrol(clerk)
    client = signed_in_with_password("clerk")
    client.post(CODE_PAGE, {"code": code_for(device)})
    assert client.get("/cases/").status_code == 200

    # The same account signs in anew in the same browser: the code given before does not count.
    client.post("/login/", {"username": "clerk", "password": PASSWORD})

    assert client.get("/cases/")["Location"].startswith(CODE_PAGE)


def test_signing_in_through_the_back_office_goes_to_the_one_sign_in_page(db):
    answer = Client().get("/admin/login/?next=/admin/")

    assert answer.status_code == 302
    assert answer["Location"] == "/login/?next=/admin/"


def test_an_htmx_request_is_sent_to_the_code_page_as_a_whole_page(clerk):
    enrol(clerk)
    client = signed_in_with_password("clerk")

    answer = client.get("/cases/", HTTP_HX_REQUEST="true")

    assert answer.status_code == 204
    assert answer["HX-Redirect"] == CODE_PAGE
    # The code page itself loads nothing that would be sent back to it.
    page = client.get(CODE_PAGE).content.decode()
    assert "hx-get" not in page
    assert 'id="notifications"' not in page
    assert "Sign out" in page


def test_a_recovery_code_signs_in_once(clerk):
    _device, codes = enrol(clerk)
    first = signed_in_with_password("clerk")
    assert first.post(CODE_PAGE, {"code": codes[0]}).status_code == 302
    assert first.get("/cases/").status_code == 200

    second = signed_in_with_password("clerk")
    again = second.post(CODE_PAGE, {"code": codes[0]})

    assert again.status_code == 400
    assert second.get("/cases/").status_code == 302
    assert "9 of 10 recovery codes left." in first.get("/account/").content.decode()


def test_turning_off_asks_for_a_current_code(clerk):
    device, _codes = enrol(clerk)
    client = signed_in_with_password("clerk")
    client.post(CODE_PAGE, {"code": code_for(device)})

    refused = client.post("/account/second-factor/off/", {"code": ""})
    assert refused.status_code == 400
    assert "Type the 6-digit code your authenticator app shows now" in refused.content.decode()
    assert has_second_factor(clerk)

    done = client.post("/account/second-factor/off/", {"code": code_for(device)}, follow=True)
    assert "The second factor is off: you sign in with your password alone." in (
        done.content.decode()
    )
    assert not has_second_factor(clerk)
    assert signed_in_with_password("clerk").get("/cases/").status_code == 200


def test_a_role_that_requires_a_second_factor_is_sent_to_set_it_up(chair, clerk, settings):
    settings.REQUIRE_SECOND_FACTOR_FOR = ["chair"]
    client = signed_in_with_password("chair")

    answer = client.get("/cases/")
    assert answer.status_code == 302
    assert answer["Location"] == "/account/?next=%2Fcases%2F"
    page = client.get("/account/").content.decode()
    assert "Your role requires a second factor." in page
    api = client.get("/api/v1/people/")
    assert api.status_code == 403
    assert api.json()["detail"].startswith("Your role requires a second factor and your account")

    client.post("/account/second-factor/start/")
    device = TOTPDevice.objects.get(user=chair)
    client.post("/account/second-factor/confirm/", {"code": code_for(device)})
    assert client.get("/cases/").status_code == 200
    # Other roles are not asked.
    assert signed_in_with_password("clerk").get("/cases/").status_code == 200


def test_the_api_refuses_the_token_of_an_account_that_owes_its_second_factor(chair, settings):
    token = issue_api_token(user=chair).key
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/people/").status_code == 200

    settings.REQUIRE_SECOND_FACTOR_FOR = ["chair"]
    refused = api.get("/api/v1/people/")

    assert refused.status_code == 403
    assert refused.json() == {
        "detail": "Your role requires a second factor and your account has none yet, so the "
        "API refuses its requests: set one up on your account page (/account/), then use the "
        "API again."
    }
    device, _codes = enrol(chair)
    # The token got on the password alone stops working; a new one asks for the code.
    assert api.get("/api/v1/people/").status_code == 401
    token = issue_api_token(user=chair, second_factor_code=code_for(device)).key
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/people/").status_code == 200


def test_the_api_token_exchange_asks_an_account_with_a_second_factor_for_its_code(clerk):
    device, _codes = enrol(clerk)
    url = "/api/v1/auth/token/"
    credentials = {"username": "clerk", "password": PASSWORD}

    missing = APIClient().post(url, credentials, format="json")
    assert missing.status_code == 422
    assert missing.json()["errors"] == {
        "code": [
            "The account 'clerk' signs in with a second factor: give the 6-digit code its "
            "authenticator app shows now (or a recovery code) to get a token."
        ]
    }
    wrong = APIClient().post(url, {**credentials, "code": wrong_code_for(device)}, format="json")
    assert wrong.status_code == 422
    assert wrong.json()["detail"].startswith("That code is not right.")
    assert AuditEvent.objects.filter(action="api.token.issue").count() == 0

    wait_out_throttle(device)
    right = APIClient().post(url, {**credentials, "code": code_for(device)}, format="json")
    assert right.status_code == 200
    # The token itself is a bearer token from then on.
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {right.json()['token']}")
    assert api.get("/api/v1/people/").status_code == 200


def test_the_code_page_speaks_russian(clerk):
    device, _codes = enrol(clerk)
    client = Client(HTTP_ACCEPT_LANGUAGE="ru")
    client.post("/login/", {"username": "clerk", "password": PASSWORD})

    wrong = client.post(CODE_PAGE, {"code": wrong_code_for(device)}).content.decode()

    assert "Код неверен." in wrong


def test_an_admin_signs_in_to_the_back_office_with_the_code(db):
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    device, _codes = enrol(admin)
    client = signed_in_with_password("admin")
    assert client.get("/admin/")["Location"].startswith(CODE_PAGE)

    client.post(CODE_PAGE, {"code": code_for(device)})

    assert client.get("/admin/").status_code == 200


def test_the_account_page_names_the_account_and_its_roles(chair):
    chair.is_staff = True
    chair.save(update_fields=["is_staff"])
    client = signed_in_with_password("chair")

    page = client.get("/account/").content.decode()

    assert "<dt>User name</dt><dd>chair</dd>" in page
    assert "<dt>Roles</dt><dd>administrator, chair</dd>" in page
