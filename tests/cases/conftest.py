"""A small commission hierarchy with seated commissioners and one member under review."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from commission.documents.models import Document
from commission.registry.enums import CommissionerRole, CommissionLevel, Gender
from commission.registry.models import Commission, Commissioner, Person
from tests.factories import CommissionFactory, MembershipFactory, OrganisationFactory, PersonFactory


@dataclass
class Hierarchy:
    central: Commission
    gubernia: Commission
    district: Commission
    subject: Person
    district_commissioners: list[Person]
    gubernia_commissioners: list[Person]
    central_commissioners: list[Person]


def _seat(commission: Commission, people: list[Person]) -> None:
    for i, person in enumerate(people):
        role = CommissionerRole.CHAIR if i == 0 else CommissionerRole.MEMBER
        Commissioner.objects.create(commission=commission, person=person, role=role)


@pytest.fixture
def hierarchy(db) -> Hierarchy:
    org = OrganisationFactory()
    central = CommissionFactory(organisation=org, ref="C-central", name="Central Commission")
    gubernia = CommissionFactory(
        organisation=org, ref="C-gub", name="Gubernia Commission",
        level=CommissionLevel.GUBERNIA, parent=central,
    )  # fmt: skip
    district = CommissionFactory(
        organisation=org, ref="C-dist", name="District Commission",
        level=CommissionLevel.DISTRICT, parent=gubernia,
    )  # fmt: skip
    subject = PersonFactory(
        ref="P-subject", given_name="Nadezhda", patronymic="Sergeyevna", surname="Alliluyeva",
        gender=Gender.FEMALE,
    )  # fmt: skip
    MembershipFactory(person=subject, organisation=org)
    people = {}
    for level in ("district", "gubernia", "central"):
        people[level] = [
            PersonFactory(ref=f"P-{level}-{i}", surname=f"Komissarov{level.capitalize()}{i}")
            for i in range(3)
        ]
    _seat(district, people["district"])
    _seat(gubernia, people["gubernia"])
    _seat(central, people["central"])
    return Hierarchy(
        central, gubernia, district, subject,
        people["district"], people["gubernia"], people["central"],
    )  # fmt: skip


@pytest.fixture
def letter(db) -> Document:
    return Document.objects.create(
        title="Letter in the member's favour", text="I knew her work well.", fingerprint="f" * 64
    )


DECIDED_ON = dt.date(1921, 12, 10)
