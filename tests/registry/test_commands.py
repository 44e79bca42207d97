from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from commission.registry.enums import ContactKind
from commission.registry.models import ContactDetail
from tests.factories import MembershipFactory, PersonFactory


@pytest.fixture
def nadezhda(db):
    person = PersonFactory(
        ref="P-n", given_name="Nadezhda", patronymic="Sergeyevna", surname="Alliluyeva",
        gender="female",
    )  # fmt: skip
    MembershipFactory(person=person)
    ContactDetail.objects.create(person=person, kind=ContactKind.PHONE, value="58–97")
    return person


def test_person_command_finds_and_shows_history(nadezhda, capsys):
    call_command("person", "Allilueva")
    out = capsys.readouterr().out
    assert "Nadezhda Sergeyevna Alliluyeva  [P-n]  (exact match, 1.00)" in out
    assert "Membership of RCP(b): member" in out
    assert "date unknown: none → member (joined)" in out
    assert "phone: 58–97" in out  # the system account may see personal data


def test_person_command_hides_contacts_for_a_member(nadezhda, member, capsys):
    call_command("person", "Alliluyeva", "--as", "member")
    out = capsys.readouterr().out
    assert "58–97" not in out
    assert "Contact details: hidden (personal data)" in out


def test_person_command_says_when_nobody_matches(db):
    with pytest.raises(CommandError, match="Nobody in the registry matches 'Qwerty'"):
        call_command("person", "Qwerty")


def test_person_command_unknown_user(db):
    with pytest.raises(CommandError, match="There is no user called 'ghost'"):
        call_command("person", "x", "--as", "ghost")


def test_person_command_finds_a_sister_through_her_brother(db, capsys):
    from commission.registry.models import Relationship

    brother = PersonFactory(
        given_name="Vyacheslav", patronymic="", surname="Kasparov", gender="male"
    )
    sister = PersonFactory(
        ref="P-k", given_name="Yevgenia", patronymic="", surname="Kasparova-Popova",
        gender="female",
    )  # fmt: skip
    Relationship.objects.create(source=brother, target=sister, kind="sibling")
    call_command("person", "Kasparov's sister")
    out = capsys.readouterr().out
    assert out.startswith("Yevgenia Kasparova-Popova  [P-k]  (sister of Vyacheslav Kasparov, 1.00)")
    assert "Vyacheslav Kasparov  [" not in out  # the brother is the way to her, not a match
