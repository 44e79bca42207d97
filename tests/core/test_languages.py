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


# --- the API answers in the request's language ------------------------------------------------


@pytest.mark.django_db
def test_an_api_refusal_is_in_russian_when_the_request_asks_for_it():
    from rest_framework.test import APIClient

    answer = APIClient().get("/api/v1/people/", HTTP_ACCEPT_LANGUAGE="ru")
    assert answer.status_code in (401, 403)
    assert answer.json() == {
        "detail": 'Войдите в систему или передайте токен API в заголовке "Authorization: Token '
        '<token>".'
    }
    assert answer["Content-Language"] == "ru"


@pytest.mark.django_db
def test_an_api_field_error_and_an_unknown_address_are_in_russian():
    from rest_framework.test import APIClient

    client = APIClient(HTTP_ACCEPT_LANGUAGE="ru")
    answer = client.post("/api/v1/auth/token/", {"username": "clerk"}, format="json")
    assert answer.status_code == 400
    assert answer.json() == {
        "detail": "password: Обязательное поле.",
        "errors": {"password": ["Обязательное поле."]},
    }
    missing = client.get("/api/v1/no-such-thing/")
    assert missing.status_code == 404
    assert missing.json()["detail"].startswith("По адресу /api/v1/no-such-thing/ ничего нет;")


@pytest.mark.django_db
def test_the_api_follows_accept_language_even_for_an_account_that_chose_russian(clerk):
    from commission.core.services import set_language_preference

    set_language_preference(user=clerk, language="ru")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(clerk)  # signed in with a session, as the browsable API is
    answer = client.get("/api/v1/no-such-thing/")
    assert answer.json()["detail"].startswith("There is nothing at the address")
    assert '<html lang="ru">' in client.get("/registry/").content.decode()


# --- the command line ----------------------------------------------------------------------------


def _run_cli(capsys, *args: str) -> str:
    from commission.cli import main

    with pytest.raises(SystemExit):
        main(["commission", *args])
    return capsys.readouterr().err


@pytest.mark.django_db
def test_a_command_speaks_russian_with_the_language_option(capsys):
    from django.utils import translation

    try:
        err = _run_cli(capsys, "person", "--language", "ru", "Nobodyatall")
    finally:
        translation.activate(settings.LANGUAGE_CODE)
    assert "В реестре нет никого, кто отвечал бы запросу «Nobodyatall»." in err


@pytest.mark.django_db
def test_a_command_speaks_russian_with_commission_language(capsys, monkeypatch):
    from django.utils import translation

    monkeypatch.setenv("COMMISSION_LANGUAGE", "ru")
    try:
        err = _run_cli(capsys, "person", "Nobodyatall")
    finally:
        translation.activate(settings.LANGUAGE_CODE)
    assert "В реестре нет никого" in err


def test_a_command_refuses_a_language_it_does_not_offer(capsys):
    err = _run_cli(capsys, "--language", "fr", "person", "X")
    assert err == "There is no interface language 'fr'; the choices are en-gb, ru.\n"


# --- plural forms and dates ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (1, "1 напоминание отправлено"),
        (2, "2 напоминания отправлены"),
        (5, "5 напоминаний отправлено"),
        (11, "11 напоминаний отправлено"),
        (21, "21 напоминание отправлено"),
        (24, "24 напоминания отправлены"),
    ],
)
def test_russian_plural_forms_follow_the_number(count, expected):
    from django.utils import translation

    with translation.override("ru"):
        found = translation.ngettext(
            "%(count)d reminder sent", "%(count)d reminders sent", count
        ) % {"count": count}
    assert found == expected


@pytest.mark.parametrize(
    ("count", "expected"), [(1, "1 новое письмо"), (3, "3 новых письма"), (5, "5 новых писем")]
)
def test_a_template_counts_letters_in_russian(count, expected):
    from django.template import Context, Template
    from django.utils import translation

    template = Template(
        "{% load i18n %}{% blocktranslate count counter=n %}{{ counter }} new letter"
        "{% plural %}{{ counter }} new letters{% endblocktranslate %}"
    )
    with translation.override("ru"):
        assert template.render(Context({"n": count})) == expected


def test_dates_are_written_in_russian_in_the_genitive():
    import datetime as dt

    from django.template import Context, Template
    from django.utils import translation

    from commission.core.dates import long_date, long_datetime

    day = dt.date(1921, 12, 20)
    moment = dt.datetime(1921, 12, 20, 20, 0, tzinfo=dt.UTC)
    template = Template('{{ day|date:"DATE_FORMAT" }}')
    with translation.override("ru"):
        assert long_date(day) == "20 декабря 1921 г."
        assert long_datetime(moment) == "20 декабря 1921 г. 20:00"
        assert template.render(Context({"day": day})) == "20 декабря 1921 г."
    with translation.override("en-gb"):
        assert long_date(day) == "20 December 1921"
        assert template.render(Context({"day": day})) == "20 December 1921"
