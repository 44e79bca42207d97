"""Factories for test data. Rows are built directly; tests of a service call the service."""

from __future__ import annotations

import factory
from django.contrib.auth.models import Group, User

from commission.registry import services as registry_services
from commission.registry.enums import CommissionLevel, Gender, MembershipStatus, UnitKind
from commission.registry.models import (
    Commission,
    Membership,
    MembershipStatusChange,
    Organisation,
    Person,
    Unit,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def roles(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        if create and extracted:
            self.groups.add(*Group.objects.filter(name__in=extracted))
        if create:
            self.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("ref",)

    ref = "rcp"
    name = "Russian Communist Party (Bolsheviks)"
    short_name = "RCP(b)"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    ref = factory.Sequence(lambda n: f"U{n}")
    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"District organisation {n}")
    kind = UnitKind.DISTRICT


class PersonFactory(factory.django.DjangoModelFactory):
    """A person with lookup keys filled as the services would fill them."""

    class Meta:
        model = Person

    ref = factory.Sequence(lambda n: f"P{n}")
    given_name = "Ivan"
    patronymic = "Petrovich"
    surname = factory.Sequence(lambda n: f"Testov{n}")
    gender = Gender.MALE

    @classmethod
    def _create(cls, model_class: type[Person], *args: object, **kwargs: object) -> Person:
        person = model_class(*args, **kwargs)
        registry_services.fill_name_keys(person)
        person.save()
        for kind, value in registry_services.derived_names(person):
            registry_services.name_row(person, kind, value).save()
        return person


class CommissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commission

    ref = factory.Sequence(lambda n: f"C{n}")
    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Central Commission {n}")
    level = CommissionLevel.CENTRAL


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership
        skip_postgeneration_save = True

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    status = MembershipStatus.MEMBER

    @factory.post_generation
    def first_step(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            MembershipStatusChange.objects.create(
                membership=self, from_status="", to_status=self.status, reason="joined",
                basis="document", document="party card",
            )  # fmt: skip


def decision_on(
    subject: Person,
    outcome: str = "expel",
    decided_on: object = None,
    term_until: object = None,
    commission: Commission | None = None,
) -> object:
    """A decision of a commission on a case about `subject`, built directly (its case and the
    decision rows), for tests of what rests on a decision rather than of deciding."""
    import datetime as dt

    from commission.cases.enums import CaseKind
    from commission.cases.models import Case, Decision

    case = Case.objects.create(
        ref=f"K-{subject.pk}-{Case.objects.count() + 1}", subject=subject,
        commission=commission or CommissionFactory(), kind=CaseKind.EXPULSION,
    )  # fmt: skip
    return Decision.objects.create(
        case=case, outcome=outcome, decided_on=decided_on or dt.date(1921, 12, 10),
        reasons="Decided in the verification.", term_until=term_until,
    )  # fmt: skip
