"""The interface speaks Russian and English: the browser's language chooses, the switch on every
page overrides it for the session, and a signed-in account keeps its choice across sign-ins."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from commission.core.models import AccountPreference

PASSWORD = "correct horse battery"


def sign_in(client: Client, username: str) -> None:
    answer = client.post("/login/", {"username": username, "password": PASSWORD})
    assert answer.status_code == 302, answer.content.decode()


@pytest.fixture
def clerk_with_password(clerk):
    clerk.set_password(PASSWORD)
    clerk.save()
    return clerk


@pytest.mark.django_db
def test_the_browser_asking_for_russian_gets_the_page_in_russian():
    page = Client().get("/login/", HTTP_ACCEPT_LANGUAGE="ru,en;q=0.5").content.decode()
    assert '<html lang="ru">' in page
    assert "Перейти к содержанию" in page
    assert "Skip to content" not in page


@pytest.mark.django_db
def test_a_browser_asking_for_neither_language_gets_the_default():
    page = Client().get("/login/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert '<html lang="en-gb">' in page
    assert "Skip to content" in page


@pytest.mark.django_db
def test_the_switch_keeps_russian_for_the_session_over_the_browser_language():
    client = Client()
    answer = client.post("/language/", {"language": "ru", "next": "/login/"})
    assert answer.status_code == 302
    assert answer["Location"] == "/login/"
    assert answer.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"
    page = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="ru">' in page


@pytest.mark.django_db
def test_the_switch_refuses_a_language_the_installation_does_not_offer(clerk):
    client = Client()
    client.force_login(clerk)
    answer = client.post("/language/", {"language": "fr", "next": "/"})
    assert answer.status_code == 400
    assert answer.content.decode() == "There is no interface language “fr”."
    assert not AccountPreference.objects.exists()


@pytest.mark.django_db
def test_the_account_keeps_its_language_after_signing_out_and_in(clerk_with_password):
    client = Client()
    sign_in(client, "clerk")
    client.post("/language/", {"language": "ru", "next": "/"})
    assert AccountPreference.objects.get(user=clerk_with_password).language == "ru"
    client.post("/logout/")

    # Another browser, asking for English: once signed in, the account's Russian applies.
    elsewhere = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="en-gb">' in elsewhere.get("/login/").content.decode()
    answer = elsewhere.post("/login/", {"username": "clerk", "password": PASSWORD})
    assert answer.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"
    page = elsewhere.get("/registry/").content.decode()
    assert '<html lang="ru">' in page
    assert "Выйти" in page


@pytest.mark.django_db
def test_an_account_without_a_choice_follows_the_browser(clerk):
    client = Client(HTTP_ACCEPT_LANGUAGE="ru")
    client.force_login(clerk)
    assert '<html lang="ru">' in client.get("/registry/").content.decode()
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(clerk)
    assert '<html lang="en-gb">' in client.get("/registry/").content.decode()
