"""API clients for the personas, and a small registry from the seed letters to work on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from rest_framework.test import APIClient

from commission.audit.models import AuditEvent
from commission.registry import services
from commission.registry.enums import Gender, MembershipStatus, RelationshipKind
from commission.registry.models import (
    ContactDetail,
    Membership,
    MembershipStatusChange,
    Person,
    PersonName,
    Relationship,
)
from tests.factories import OrganisationFactory, UnitFactory, UserFactory, decision_on

REFUSED_READ = "You may not use the member registry: your role does not allow it."
REFUSED_WRITE = "You may not change the member registry: your role does not allow it."


@pytest.fixture
def reader(db):
    """May see the registry but not personal data: no role is like that yet, but the API
    must still keep contacts from such a user."""
    user = UserFactory(username="reader")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="registry", codename="view_person")
    )
    return user


@pytest.fixture
def api() -> Callable[[Any], APIClient]:
    """`api(user)`: a client signed in as `user`; `api(None)`: an anonymous one."""

    def client_for(user: Any) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return client_for


@pytest.fixture
def registry_state(db) -> Callable[[], dict[str, list[dict[str, Any]]]]:
    """Every registry row and audit event, to show that a refused request changed nothing."""

    def state() -> dict[str, list[dict[str, Any]]]:
        return {
            model.__name__: list(model.objects.order_by("pk").values())
            for model in (
                Person,
                PersonName,
                ContactDetail,
                Membership,
                MembershipStatusChange,
                Relationship,
                AuditEvent,
            )
        }

    return state


@pytest.fixture
def rcp(db):
    return OrganisationFactory()


@pytest.fixture
def seed(clerk, rcp) -> dict[str, Any]:
    """The people of the two letters of 20 December 1921, entered as a clerk would."""
    moscow = UnitFactory(ref="moscow", name="Moscow organisation", organisation=rcp)
    alliluyeva = services.create_person(
        actor=clerk, ref="alliluyeva", given_name="Nadezhda", patronymic="Sergeyevna",
        surname="Alliluyeva", gender=Gender.FEMALE,
    )  # fmt: skip
    father = services.create_person(
        actor=clerk, ref="alliluyev", given_name="Sergei", surname="Alliluyev",
        gender=Gender.MALE, is_worker=True,
    )  # fmt: skip
    popova = services.create_person(
        actor=clerk, ref="kasparova-popova", given_name="Yevgenia", surname="Kasparova-Popova",
        gender=Gender.FEMALE,
    )  # fmt: skip
    slava = services.create_person(
        actor=clerk, ref="kasparov", given_name="Slava", surname="Kasparov", gender=Gender.MALE,
        died_on=dt.date(1916, 1, 1),
    )  # fmt: skip
    lenin = services.create_person(
        actor=clerk, ref="lenin", given_name="Vladimir", patronymic="Ilyich", surname="Ulyanov",
        known_as="Lenin", gender=Gender.MALE,
    )  # fmt: skip
    membership = services.enrol_member(
        actor=clerk, person=alliluyeva, organisation=rcp, unit=moscow,
        joined_on=dt.date(1918, 3, 1), card_number="1042", document="party card 1042",
    )  # fmt: skip
    services.change_membership_status(
        actor=clerk, membership=membership, to_status=MembershipStatus.EXPELLED,
        effective_on=dt.date(1921, 12, 10), reason="Expelled in the verification.",
        decision=decision_on(alliluyeva),
    )  # fmt: skip
    popova_membership = services.enrol_member(
        actor=clerk, person=popova, organisation=rcp, joined_on=dt.date(1917, 5, 1),
        document="questionnaire of 1917",
    )  # fmt: skip
    services.change_membership_status(
        actor=clerk, membership=popova_membership, to_status=MembershipStatus.EXPELLED,
        effective_on=dt.date(1921, 12, 10), reason="Expelled in the verification.",
        decision=decision_on(popova),
    )  # fmt: skip
    services.add_position(
        actor=clerk, person=alliluyeva, title="secretary", body="C.P.C. Managing Department"
    )
    services.add_contact(
        actor=clerk, person=popova, kind="address", value="3 House of Soviets, Flat 63"
    )
    services.add_contact(actor=clerk, person=popova, kind="phone", value="58–97")
    services.record_relationship(
        actor=clerk, source=father, target=alliluyeva, kind=RelationshipKind.PARENT, strength=5
    )
    services.record_relationship(
        actor=clerk, source=father, target=lenin, kind=RelationshipKind.SHELTERED,
        period="July 1917",
    )  # fmt: skip
    services.record_relationship(
        actor=clerk, source=slava, target=popova, kind=RelationshipKind.SIBLING, strength=4
    )
    services.record_relationship(
        actor=clerk, source=lenin, target=slava, kind=RelationshipKind.KNEW_ABROAD
    )
    return {
        "alliluyeva": alliluyeva, "father": father, "popova": popova, "slava": slava,
        "lenin": lenin, "membership": membership, "moscow": moscow,
    }  # fmt: skip
