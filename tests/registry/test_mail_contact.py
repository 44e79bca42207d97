"""The person page says how the commission writes to a person (their language) and lets a
clerk add an e-mail address and choose the language; others see neither form nor address."""

from __future__ import annotations

import pytest
from django.urls import reverse

from commission.core.errors import InvalidInput
from commission.registry import services
from commission.registry.models import ContactDetail, Person
from tests.factories import PersonFactory


@pytest.fixture
def yenukidze(db):
    return PersonFactory(ref="P-yen", given_name="Avel", patronymic="", surname="Yenukidze")


def test_the_clerk_adds_an_address_and_a_language_on_the_person_page(client, clerk, yenukidze):
    client.force_login(clerk)
    page = client.get(reverse("registry:person", args=["P-yen"]))
    assert "Add an e-mail address" in page.content.decode()
    saved = client.post(
        reverse("registry:person-mail", args=["P-yen"]),
        {"email": "yenukidze@example.org", "language": "ru", "version": yenukidze.version},
    )
    assert saved.status_code == 302
    person = Person.objects.get(ref="P-yen")
    assert (person.language, person.version) == ("ru", 2)
    assert list(ContactDetail.objects.filter(person=person).values_list("kind", "value")) == [
        ("email", "yenukidze@example.org")
    ]
    shown = client.get(reverse("registry:person", args=["P-yen"])).content.decode()
    assert "yenukidze@example.org" in shown
    assert "<dt>Writes in</dt><dd>Russian</dd>" in shown


def test_a_bad_address_or_a_stale_page_changes_nothing(client, clerk, yenukidze):
    client.force_login(clerk)
    url = reverse("registry:person-mail", args=["P-yen"])
    bad = client.post(url, {"email": "not an address", "language": "ru", "version": 1})
    assert bad.status_code == 400
    assert "Enter a valid email address." in bad.content.decode()
    services.update_person(
        actor=clerk, person=yenukidze, expected_version=1, changes={"notes": "Secretary."}
    )
    stale = client.post(url, {"email": "a@example.org", "language": "ru", "version": 1})
    assert stale.status_code == 400
    assert "was changed by someone else while you were editing" in stale.content.decode()
    person = Person.objects.get(ref="P-yen")
    assert (person.language, ContactDetail.objects.filter(person=person).count()) == ("", 0)


def test_a_commissioner_sees_no_form(client, commissioner, yenukidze):
    client.force_login(commissioner)
    page = client.get(reverse("registry:person", args=["P-yen"])).content.decode()
    assert "Add an e-mail address" not in page
    refused = client.post(
        reverse("registry:person-mail", args=["P-yen"]),
        {"email": "a@example.org", "language": "ru", "version": 1},
    )
    assert refused.status_code == 403
    assert ContactDetail.objects.count() == 0


def test_an_unknown_language_is_refused_by_the_service(clerk, yenukidze):
    with pytest.raises(InvalidInput, match="The language must be one of en, ru"):
        services.update_person(
            actor=clerk, person=yenukidze, expected_version=1, changes={"language": "de"}
        )
    assert Person.objects.get(ref="P-yen").language == ""
