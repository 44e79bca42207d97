"""What the API answers at an address that names nothing."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from commission.api.services import issue_api_token


@pytest.fixture
def clerk_client(clerk) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {issue_api_token(user=clerk).key}")
    return client


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/letters/x1/"),
        ("get", "/api/v1/letters/%C2%84/copies/diff/"),
        ("post", "/api/v1/decisions/first/reopen/"),
        ("post", "/api/v1/memberships/-1/status/"),
        ("get", "/api/v1/nothing-here/"),
    ],
)
def test_an_address_under_the_api_that_names_nothing_answers_json_404(clerk_client, method, path):
    answer = getattr(clerk_client, method)(path, {}, format="json")

    assert answer.status_code == 404
    assert answer["Content-Type"] == "application/json"
    shown = answer.wsgi_request.path
    assert answer.json() == {
        "detail": f"There is nothing at the address {shown}; the API's addresses are listed "
        "at /api/v1/docs/."
    }


def test_an_unknown_page_outside_the_api_is_still_the_html_page(client, clerk):
    client.force_login(clerk)

    answer = client.get("/registry/nowhere/at/all/")

    assert answer.status_code == 404
    assert answer["Content-Type"] == "text/html; charset=utf-8"
    assert b"Not found" in answer.content


def test_an_api_address_without_its_last_slash_still_redirects(clerk_client):
    answer = clerk_client.get("/api/v1/people")

    assert answer.status_code == 301
    assert answer["Location"] == "/api/v1/people/"
