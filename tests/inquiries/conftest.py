"""The Kasparova-Popova corner of the seed story: her brother, her husband, who knew them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from commission.cases.enums import CaseKind
from commission.cases.models import Case
from commission.documents.models import Document
from commission.registry.enums import CommissionerRole, Gender, RelationshipKind
from commission.registry.models import Commissioner, Person, Relationship
from tests.factories import CommissionFactory, MembershipFactory, OrganisationFactory, PersonFactory


@dataclass
class Story:
    subject: Person
    brother: Person
    husband: Person
    author: Person
    sverdlov: Person
    stalin: Person
    chair_person: Person
    case: Case
    note: Document


@pytest.fixture
def story(db) -> Story:
    org = OrganisationFactory()
    central = CommissionFactory(organisation=org, ref="C-central", name="Central Commission")
    subject = PersonFactory(
        ref="P-k", given_name="Yevgenia", patronymic="", surname="Kasparova-Popova",
        gender=Gender.FEMALE,
    )  # fmt: skip
    MembershipFactory(person=subject, organisation=org)
    brother = PersonFactory(
        ref="P-slava", given_name="Vyacheslav", patronymic="Mikhailovich", surname="Kasparov",
        gender=Gender.MALE, deceased=True,
    )  # fmt: skip
    husband = PersonFactory(
        ref="P-popov", given_name="", patronymic="", surname="Popov", gender=Gender.MALE,
        deceased=True,
    )  # fmt: skip
    author = PersonFactory(
        ref="P-lenin", given_name="Vladimir", patronymic="Ilyich", surname="Ulyanov",
        known_as="Lenin", gender=Gender.MALE,
    )  # fmt: skip
    sverdlov = PersonFactory(
        ref="P-sverdlov", given_name="Yakov", patronymic="Mikhailovich", surname="Sverdlov",
        gender=Gender.MALE, deceased=True, died_on=dt.date(1919, 3, 16),
    )  # fmt: skip
    stalin = PersonFactory(
        ref="P-stalin", given_name="Iosif", patronymic="Vissarionovich",
        surname="Dzhugashvili", known_as="Stalin", gender=Gender.MALE,
    )  # fmt: skip
    chair_person = PersonFactory(ref="P-chair", given_name="Pyotr", surname="Zalutsky")
    Commissioner.objects.create(
        commission=central, person=chair_person, role=CommissionerRole.CHAIR
    )
    Relationship.objects.create(
        source=brother, target=subject, kind=RelationshipKind.SIBLING, strength=5
    )
    Relationship.objects.create(
        source=husband, target=subject, kind=RelationshipKind.SPOUSE, strength=5
    )
    Relationship.objects.create(
        source=author, target=brother, kind=RelationshipKind.KNEW_ABROAD, strength=5,
        period="very well, abroad after 1905",
    )  # fmt: skip
    Relationship.objects.create(
        source=sverdlov, target=husband, kind=RelationshipKind.SENT, strength=3
    )
    case = Case.objects.create(
        ref="K-1", subject=subject, commission=central, kind=CaseKind.EXPULSION,
        title="Expulsion: Yevgenia Kasparova-Popova", opened_on=dt.date(1921, 12, 20),
    )  # fmt: skip
    note = Document.objects.create(
        title="Inscription on the letter", text="urgently give information", fingerprint="a" * 64
    )
    return Story(subject, brother, husband, author, sverdlov, stalin, chair_person, case, note)
