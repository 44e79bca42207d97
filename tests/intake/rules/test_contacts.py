"""Contacts: an address after "address", a street, a telephone number, and whose they are."""

from __future__ import annotations

from tests.intake.rules.letters import framed, read


def test_an_address_after_its_label():
    sentence = "Comrade Lapina was expelled. Her address: 12 Tverskaya Street, flat 4."

    (contact,) = read(framed(sentence)).get("contacts")

    assert contact.value == {"kind": "address", "value": "12 Tverskaya Street, flat 4"}
    assert contact.span.text == "address: 12 Tverskaya Street, flat 4"


def test_the_address_belongs_to_the_person_named_before_it_in_its_sentence():
    sentence = "Comrade Lapina lives at 12 Tverskaya Street, flat 4."

    (contact,) = read(framed(sentence)).get("contacts")

    assert contact.value == {"kind": "address", "value": "12 Tverskaya Street, flat 4"}
    assert contact.person is not None
    assert contact.person.name == "Lapina"


def test_a_telephone_number():
    (contact,) = read(framed("Comrade Lapina was expelled. Telephone no. 2-45-17.")).get("contacts")

    assert contact.value == {"kind": "phone", "value": "2-45-17"}


def test_a_street_named_in_an_address_is_not_a_person():
    sentence = "Comrade Lapina was expelled. Her address: 12 Tverskaya Street, flat 4."

    assert "Tverskaya" not in {p.name for p in read(framed(sentence)).people()}


def test_an_address_line_opening_with_her_is_hers():
    text = framed("Comrade Lapina was expelled.\n\nHer address: Moscow, Tverskaya 5.")

    (contact,) = read(text).get("contacts")

    assert contact.value == {"kind": "address", "value": "Moscow, Tverskaya 5"}
    assert contact.person is not None
    assert contact.person.name == "Lapina"


def test_addresses_kept_for_others_are_not_an_address():
    sentence = "Comrade Lapina kept the addresses when others were afraid to."

    assert read(framed(sentence)).get("contacts") == []
