"""A person is named in the form the registry holds for the reader's language: in Russian the
Cyrillic form when there is one, the registered name otherwise and in English."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from commission.registry.names import name_for_language
from commission.registry.services import add_person_name
from tests.factories import PersonFactory


@pytest.fixture
def alliluyeva(clerk):
    person = PersonFactory(
        ref="P-alliluyeva", given_name="Nadezhda", patronymic="Sergeyevna", surname="Alliluyeva"
    )
    add_person_name(actor=clerk, person=person, kind="variant", value="Аллилуева")
    add_person_name(actor=clerk, person=person, kind="variant", value="Надежда Сергеевна Аллилуева")
    add_person_name(actor=clerk, person=person, kind="variant", value="Allilueva")
    return person


@pytest.mark.django_db
def test_in_russian_the_fullest_cyrillic_form_is_the_name(alliluyeva):
    assert name_for_language(alliluyeva, "ru") == "Надежда Сергеевна Аллилуева"
    assert name_for_language(alliluyeva, "en-gb") == "Nadezhda Sergeyevna Alliluyeva"
    with translation.override("ru"):
        assert name_for_language(alliluyeva) == "Надежда Сергеевна Аллилуева"


@pytest.mark.django_db
def test_without_a_cyrillic_form_russian_pages_keep_the_registered_name(clerk):
    person = PersonFactory(given_name="Aron", patronymic="Aleksandrovich", surname="Solts")
    add_person_name(actor=clerk, person=person, kind="variant", value="Solz")
    assert name_for_language(person, "ru") == "Aron Aleksandrovich Solts"


@pytest.mark.django_db
def test_the_person_page_names_them_in_the_page_language(clerk, alliluyeva):
    client = Client(HTTP_ACCEPT_LANGUAGE="ru")
    client.force_login(clerk)
    page = client.get("/registry/people/P-alliluyeva/").content.decode()
    assert "<title>Надежда Сергеевна Аллилуева · Комиссия</title>" in page
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(clerk)
    page = client.get("/registry/people/P-alliluyeva/").content.decode()
    assert "<title>Nadezhda Sergeyevna Alliluyeva · Commission</title>" in page


@pytest.mark.django_db
def test_in_russian_the_name_a_person_is_known_by_follows_the_full_name(clerk):
    person = PersonFactory(
        given_name="Vladimir", patronymic="Ilyich", surname="Ulyanov", known_as="Lenin"
    )
    add_person_name(actor=clerk, person=person, kind="variant", value="Владимир Ильич Ульянов")
    add_person_name(actor=clerk, person=person, kind="pseudonym", value="Ленин")
    add_person_name(actor=clerk, person=person, kind="pseudonym", value="Lenin")
    assert name_for_language(person, "ru") == "Владимир Ильич Ульянов (Ленин)"
    assert name_for_language(person, "en") == "Vladimir Ilyich Ulyanov (Lenin)"
