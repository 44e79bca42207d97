"""Writes to the registry: registry.services."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from django.db import IntegrityError, transaction
from django.db.models import Model

from commission.audit import sealing
from commission.audit.models import AuditEvent
from commission.cases.enums import CaseKind, DecisionOutcome
from commission.cases.models import Case, Decision
from commission.core.errors import Conflict, InvalidInput, NotAllowed
from commission.documents.models import Document
from commission.registry import services
from commission.registry.enums import (
    CommissionerRole,
    CommissionLevel,
    ContactKind,
    Gender,
    MembershipStatus,
    NameKind,
    RelationshipKind,
    UnitKind,
)
from commission.registry.models import (
    Commission,
    Commissioner,
    ContactDetail,
    Membership,
    MembershipStatusChange,
    Organisation,
    Person,
    PersonName,
    Position,
    Relationship,
    Unit,
)
from tests.factories import (
    CommissionFactory,
    OrganisationFactory,
    PersonFactory,
    UnitFactory,
    UserFactory,
)

NOT_ALLOWED = "You may not change the member registry: your role does not allow it."
_COUNTED = (
    Person, PersonName, ContactDetail, Organisation, Unit, Commission, Commissioner, Membership,
    MembershipStatusChange, Position, Relationship, AuditEvent,
)  # fmt: skip


def _state(records: tuple[Model, ...]) -> dict[str, Any]:
    state: dict[str, Any] = {m.__name__: m.objects.count() for m in _COUNTED}
    state["last event"] = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()
    for record in records:
        state[f"{record._meta.label} {record.pk}"] = (
            type(record).objects.filter(pk=record.pk).values().get()
        )
    return state


@contextmanager
def nothing_changes(*records: Model):
    """Assert that the block leaves every registry table, the given rows and the audit trail
    exactly as they were."""
    before = _state(records)
    yield
    assert _state(records) == before


def _refused(error: type[Exception], message: str, field: str | None = None):
    """pytest.raises for a refusal with exactly this sentence (and field, when given)."""

    @contextmanager
    def check():
        with pytest.raises(error) as caught:
            yield
        assert caught.value.message == message
        if field is not None:
            assert caught.value.field == field

    return check()


def _last_event() -> AuditEvent:
    return AuditEvent.objects.order_by("-seq").first()


def _assert_event(target: Model, action: str, *, before=None, after=None, actor=None) -> None:
    event = _last_event()
    assert event.action == action
    assert event.target_type == target._meta.label_lower
    assert event.target_id == str(target.pk)
    assert event.before == before
    assert event.after == after
    if actor is not None:
        assert event.actor_id == actor.pk
        assert event.actor_name == actor.username


@pytest.fixture
def org(db):
    return OrganisationFactory()


@pytest.fixture
def nadezhda(db):
    return PersonFactory(
        ref="P-nadezhda",
        given_name="Nadezhda",
        patronymic="Sergeyevna",
        surname="Alliluyeva",
        gender=Gender.FEMALE,
    )


@pytest.fixture
def slava(db):
    return PersonFactory(given_name="Vyacheslav", patronymic="", surname="Kasparov")


@pytest.fixture
def letter(db):
    return Document.objects.create(title="Letter of 20 December 1921", text="…", fingerprint="a1")


def _decision(subject: Person, outcome: str = DecisionOutcome.REINSTATE) -> Decision:
    case = Case.objects.create(
        ref=f"K-{subject.pk}-{Case.objects.count() + 1}", subject=subject,
        commission=CommissionFactory(), kind=CaseKind.EXPULSION,
    )  # fmt: skip
    return Decision.objects.create(
        case=case, outcome=outcome, decided_on=dt.date(1922, 1, 15), reasons="Reinstated."
    )


class TestCreatePerson:
    def test_stores_the_person_the_keys_and_the_name_forms(self, clerk):
        person = services.create_person(
            actor=clerk,
            ref="P-popova",
            given_name=" Yevgenia ",
            surname="Kasparova-Popova",
            known_as="Popova (Kasparova)",
            gender=Gender.FEMALE,
            born_on=dt.date(1890, 3, 1),
            notes="Wrote to Lenin asking him to intercede.",
            names=[(NameKind.DIMINUTIVE, "Zhenya"), (NameKind.MAIDEN, " Kasparova ")],
        )
        stored = Person.objects.get(pk=person.pk)
        assert (stored.ref, stored.given_name, stored.patronymic, stored.surname) == (
            "P-popova", "Yevgenia", "", "Kasparova-Popova",
        )  # fmt: skip
        assert (stored.known_as, stored.gender, stored.born_on, stored.deceased) == (
            "Popova (Kasparova)", "female", dt.date(1890, 3, 1), False,
        )  # fmt: skip
        assert (stored.given_key, stored.patronymic_key, stored.surname_key) == (
            "evgena", "", "kasparov popov",
        )  # fmt: skip
        assert stored.surname_skeleton == "ksprf ppf"
        assert stored.version == 1
        names = sorted(PersonName.objects.filter(person=person).values_list("kind", "value", "key"))
        assert names == [
            ("diminutive", "Zhenya", "zena"),
            ("maiden", "Kasparova", "kasparov"),
            ("pseudonym", "Popova (Kasparova)", "popov kasparov"),
            ("surname_part", "Kasparova", "kasparov"),
            ("surname_part", "Popova", "popov"),
        ]
        _assert_event(
            person,
            "person.create",
            actor=clerk,
            after={
                "ref": "P-popova", "given_name": "Yevgenia", "patronymic": "",
                "surname": "Kasparova-Popova", "known_as": "Popova (Kasparova)",
                "description": "", "gender": "female", "born_on": "1890-03-01", "died_on": None,
                "deceased": False, "notes": "Wrote to Lenin asking him to intercede.",
                "is_worker": False, "language": "", "version": 1,
                "names": [
                    ["diminutive", "Zhenya"], ["maiden", "Kasparova"],
                    ["pseudonym", "Popova (Kasparova)"], ["surname_part", "Kasparova"],
                    ["surname_part", "Popova"],
                ],
            },
        )  # fmt: skip
        assert _last_event().summary == (
            "Added Yevgenia Kasparova-Popova (Popova (Kasparova)) to the registry."
        )

    def test_a_person_known_only_by_description(self, clerk):
        person = services.create_person(actor=clerk, description="Alliluyeva's father")
        assert person.display_name == "Alliluyeva's father"
        assert person.ref.startswith("P-")
        assert len(person.ref) == 14
        assert PersonName.objects.filter(person=person).count() == 0
        assert _last_event().action == "person.create"

    def test_a_date_of_death_makes_the_person_deceased(self, clerk):
        person = services.create_person(
            actor=clerk, given_name="Vyacheslav", surname="Kasparov", died_on=dt.date(1917, 1, 1)
        )
        assert Person.objects.get(pk=person.pk).deceased is True

    @pytest.mark.parametrize("who", ["outsider", "member", "commissioner", "auditor"])
    def test_refused_without_permission(self, who, request):
        actor = request.getfixturevalue(who)
        with nothing_changes(), _refused(NotAllowed, NOT_ALLOWED):
            services.create_person(actor=actor, surname="Alliluyeva")

    def test_refused_when_signed_out(self, db):
        with (
            nothing_changes(),
            _refused(NotAllowed, "You must be signed in to change the member registry."),
        ):
            services.create_person(actor=AnonymousUser(), surname="Alliluyeva")

    @pytest.mark.parametrize(
        ("fields", "message", "field"),
        [
            (
                {"given_name": " ", "surname": ""},
                'A person needs at least one name, or a description such as "Alliluyeva\'s '
                'father".',
                "surname",
            ),
            (
                {"surname": "Alliluyeva", "gender": "woman"},
                "Gender must be one of female, male, unknown, not 'woman'.",
                "gender",
            ),
            (
                {"surname": "Lenin", "names": [("alias", "Ilyin")]},
                "'alias' is not a kind of name form.",
                "names",
            ),
            (
                {"surname": "Lenin", "names": [(NameKind.PSEUDONYM, "  ")]},
                "A name form cannot be empty.",
                "names",
            ),
            (
                {"surname": "Kasparov", "born_on": dt.date(1890, 1, 1),
                 "died_on": dt.date(1880, 1, 1)},
                "The date of death is before the date of birth.",
                "died_on",
            ),
        ],
    )  # fmt: skip
    def test_invalid_input_is_refused(self, clerk, fields, message, field):
        with nothing_changes(), _refused(InvalidInput, message, field):
            services.create_person(actor=clerk, **fields)

    def test_duplicate_ref_is_refused(self, clerk, nadezhda):
        with (
            nothing_changes(nadezhda),
            _refused(InvalidInput, "The identifier 'P-nadezhda' is already in use.", "ref"),
        ):
            services.create_person(actor=clerk, ref="P-nadezhda", surname="Alliluyeva")


class TestUpdatePerson:
    def test_changes_fields_keys_and_derived_names(self, clerk, nadezhda):
        person = services.update_person(
            actor=clerk,
            person=nadezhda,
            expected_version=1,
            changes={"surname": "Alliluyeva-Stalina ", "known_as": "Nadya"},
        )
        stored = Person.objects.get(pk=nadezhda.pk)
        assert (stored.surname, stored.known_as, stored.version) == (
            "Alliluyeva-Stalina", "Nadya", 2,
        )  # fmt: skip
        assert stored.surname_key == "aliluev stalin"
        assert stored.surname_skeleton == "allf stln"
        assert person.version == 2
        assert sorted(PersonName.objects.filter(person=stored).values_list("kind", "value")) == [
            ("pseudonym", "Nadya"),
            ("surname_part", "Alliluyeva"),
            ("surname_part", "Stalina"),
        ]
        event = _last_event()
        assert (event.action, event.target_id) == ("person.update", str(nadezhda.pk))
        assert event.summary == (
            "Changed Nadezhda Sergeyevna Alliluyeva-Stalina (Nadya): known_as, surname."
        )
        common = {
            "ref": "P-nadezhda", "given_name": "Nadezhda", "patronymic": "Sergeyevna",
            "description": "", "gender": "female", "born_on": None, "died_on": None,
            "deceased": False, "notes": "", "is_worker": False, "language": "",
        }  # fmt: skip
        assert event.before == {**common, "surname": "Alliluyeva", "known_as": "", "version": 1}
        assert event.after == {
            **common, "surname": "Alliluyeva-Stalina", "known_as": "Nadya", "version": 2,
        }  # fmt: skip

    def test_derived_names_that_no_longer_apply_are_removed(self, clerk):
        popova = PersonFactory(given_name="Yevgenia", surname="Kasparova-Popova")
        services.update_person(
            actor=clerk, person=popova, expected_version=1, changes={"surname": "Popova"}
        )
        assert PersonName.objects.filter(person=popova).count() == 0
        assert Person.objects.get(pk=popova.pk).surname_key == "popov"

    def test_a_date_of_death_makes_the_person_deceased(self, clerk, nadezhda):
        services.update_person(
            actor=clerk, person=nadezhda, expected_version=1,
            changes={"died_on": dt.date(1932, 11, 9)},
        )  # fmt: skip
        assert Person.objects.get(pk=nadezhda.pk).deceased is True

    def test_stale_version_is_a_conflict_and_changes_nothing(self, clerk, nadezhda):
        services.update_person(
            actor=clerk, person=nadezhda, expected_version=1, changes={"notes": "first"}
        )
        message = (
            "Nadezhda Sergeyevna Alliluyeva was changed by someone else while you were editing "
            "(your copy is out of date). Reload the page to see their change, then edit again."
        )
        with nothing_changes(nadezhda), _refused(Conflict, message):
            services.update_person(
                actor=clerk, person=nadezhda, expected_version=1, changes={"notes": "second"}
            )
        assert Person.objects.get(pk=nadezhda.pk).notes == "first"

    def test_unknown_fields_are_refused(self, clerk, nadezhda):
        message = "These fields cannot be changed here: ref, version."
        with nothing_changes(nadezhda), _refused(InvalidInput, message):
            services.update_person(
                actor=clerk, person=nadezhda, expected_version=1,
                changes={"version": 7, "ref": "X"},
            )  # fmt: skip

    def test_a_nameless_result_is_refused(self, clerk, nadezhda):
        message = (
            'A person needs at least one name, or a description such as "Alliluyeva\'s father".'
        )
        with nothing_changes(nadezhda), _refused(InvalidInput, message, "surname"):
            services.update_person(
                actor=clerk, person=nadezhda, expected_version=1,
                changes={"given_name": "", "patronymic": "", "surname": " "},
            )  # fmt: skip

    def test_bad_gender_is_refused(self, clerk, nadezhda):
        message = "Gender must be one of female, male, unknown, not 'f'."
        with nothing_changes(nadezhda), _refused(InvalidInput, message, "gender"):
            services.update_person(
                actor=clerk, person=nadezhda, expected_version=1, changes={"gender": "f"}
            )

    def test_refused_without_permission(self, member, nadezhda):
        with nothing_changes(nadezhda), _refused(NotAllowed, NOT_ALLOWED):
            services.update_person(
                actor=member, person=nadezhda, expected_version=1, changes={"notes": "x"}
            )


class TestAddPersonName:
    def test_adds_a_name_form_once(self, clerk, slava):
        row = services.add_person_name(
            actor=clerk, person=slava, kind=NameKind.DIMINUTIVE, value=" Slava "
        )
        assert (row.person, row.kind, row.value, row.key, row.skeleton) == (
            slava, "diminutive", "Slava", "slava", "slf",
        )  # fmt: skip
        _assert_event(
            slava, "person.add_name", actor=clerk, after={"kind": "diminutive", "value": "Slava"}
        )
        assert (
            _last_event().summary == "Added the name form 'Slava' (diminutive of the given name)."
        )
        with nothing_changes(slava, row):
            again = services.add_person_name(
                actor=clerk, person=slava, kind=NameKind.DIMINUTIVE, value="Slava"
            )
        assert again == row

    def test_unknown_kind_is_refused(self, clerk, slava):
        with nothing_changes(slava), _refused(InvalidInput, "'nick' is not a kind of name form."):
            services.add_person_name(actor=clerk, person=slava, kind="nick", value="Slava")

    def test_empty_value_is_refused(self, clerk, slava):
        with nothing_changes(slava), _refused(InvalidInput, "A name form cannot be empty."):
            services.add_person_name(actor=clerk, person=slava, kind=NameKind.VARIANT, value=" ")

    def test_refused_without_permission(self, outsider, slava):
        with nothing_changes(slava), _refused(NotAllowed, NOT_ALLOWED):
            services.add_person_name(actor=outsider, person=slava, kind="variant", value="S")


class TestAddContact:
    def test_records_a_contact_without_copying_it_into_the_audit_trail(
        self, clerk, nadezhda, letter
    ):
        contact = services.add_contact(
            actor=clerk, person=nadezhda, kind=ContactKind.PHONE, value=" 58–97 ",
            note="from her letter", source_document=letter,
        )  # fmt: skip
        stored = ContactDetail.objects.get(pk=contact.pk)
        assert (stored.person, stored.kind, stored.value, stored.note, stored.source_document) == (
            nadezhda, "phone", "58–97", "from her letter", letter,
        )  # fmt: skip
        event = _last_event()
        assert (event.action, event.target_id) == ("person.add_contact", str(nadezhda.pk))
        assert "58" not in event.summary
        assert "58–97" not in str(event.after)
        # The value is kept sealed under her own key, so it can be read back until erased.
        assert {k: v for k, v in event.after.items() if k != "sealed"} == {
            "kind": "phone", "contact_id": contact.pk,
        }  # fmt: skip
        assert sealing.opened(event.after) == {"value": "58–97", "note": "from her letter"}
        with nothing_changes(stored):
            again = services.add_contact(
                actor=clerk, person=nadezhda, kind=ContactKind.PHONE, value="58–97"
            )
        assert again == stored

    def test_refused_to_a_user_who_may_not_see_personal_data(self, db, nadezhda):
        editor = UserFactory(username="editor")
        editor.user_permissions.add(
            Permission.objects.get(content_type__app_label="registry", codename="change_registry")
        )
        message = "You may not record personal data: your role does not allow it."
        with nothing_changes(nadezhda), _refused(NotAllowed, message):
            services.add_contact(actor=editor, person=nadezhda, kind="phone", value="58–97")

    def test_refused_to_a_commissioner(self, commissioner, nadezhda):
        with nothing_changes(nadezhda), _refused(NotAllowed, NOT_ALLOWED):
            services.add_contact(actor=commissioner, person=nadezhda, kind="phone", value="1")

    @pytest.mark.parametrize(
        ("kind", "value", "message"),
        [
            ("fax", "58–97", "'fax' is not a kind of contact detail."),
            ("phone", "  ", "The contact detail is empty."),
        ],
    )
    def test_invalid_input_is_refused(self, clerk, nadezhda, kind, value, message):
        with nothing_changes(nadezhda), _refused(InvalidInput, message):
            services.add_contact(actor=clerk, person=nadezhda, kind=kind, value=value)


class TestOrganisationsUnitsCommissions:
    def test_create_organisation(self, clerk):
        org = services.create_organisation(
            actor=clerk, ref="rcp", name="Russian Communist Party (Bolsheviks)", short_name="RCP(b)"
        )
        stored = Organisation.objects.get(pk=org.pk)
        assert (stored.ref, stored.name, stored.short_name) == (
            "rcp", "Russian Communist Party (Bolsheviks)", "RCP(b)",
        )  # fmt: skip
        _assert_event(
            org, "organisation.create",
            after={"ref": "rcp", "name": "Russian Communist Party (Bolsheviks)"},
        )  # fmt: skip

    def test_duplicate_organisation_ref_is_refused(self, clerk, org):
        message = "The identifier 'rcp' is already in use."
        with nothing_changes(org), _refused(InvalidInput, message, "ref"):
            services.create_organisation(actor=clerk, ref="rcp", name="Another")

    def test_organisation_refused_without_permission(self, outsider):
        with nothing_changes(), _refused(NotAllowed, NOT_ALLOWED):
            services.create_organisation(actor=outsider, ref="x", name="X")

    def test_create_unit(self, clerk, org):
        gubernia = services.create_unit(
            actor=clerk, organisation=org, ref="moscow", name="Moscow", kind=UnitKind.GUBERNIA
        )
        cell = services.create_unit(
            actor=clerk, organisation=org, ref="cpc", name="C.P.C. Managing Department",
            kind=UnitKind.DEPARTMENT, parent=gubernia,
        )  # fmt: skip
        stored = Unit.objects.get(pk=cell.pk)
        assert (stored.organisation, stored.ref, stored.name, stored.kind, stored.parent) == (
            org, "cpc", "C.P.C. Managing Department", "department", gubernia,
        )  # fmt: skip
        _assert_event(
            cell, "unit.create",
            after={"ref": "cpc", "name": "C.P.C. Managing Department", "kind": "department",
                   "parent": "moscow"},
        )  # fmt: skip

    def test_unit_of_an_unknown_kind_is_refused(self, clerk, org):
        with nothing_changes(org), _refused(InvalidInput, "'club' is not a kind of unit.", "kind"):
            services.create_unit(actor=clerk, organisation=org, ref="u", name="U", kind="club")

    def test_unit_under_another_organisations_unit_is_refused(self, clerk, org):
        other = OrganisationFactory(ref="other", name="Other")
        foreign = UnitFactory(organisation=other, name="Foreign unit")
        message = "Foreign unit belongs to another organisation, so it cannot contain this unit."
        with nothing_changes(foreign), _refused(InvalidInput, message, "parent"):
            services.create_unit(actor=clerk, organisation=org, ref="u", name="U", parent=foreign)

    def test_duplicate_unit_ref_is_refused(self, clerk, org):
        existing = UnitFactory(organisation=org, ref="cpc")
        message = "The identifier 'cpc' is already in use."
        with nothing_changes(existing), _refused(InvalidInput, message, "ref"):
            services.create_unit(actor=clerk, organisation=org, ref="cpc", name="Again")

    def test_create_a_commission_hierarchy(self, clerk, org):
        central = services.create_commission(
            actor=clerk, organisation=org, ref="ccpp", name="Central Commission",
            level=CommissionLevel.CENTRAL,
        )  # fmt: skip
        gubernia = services.create_commission(
            actor=clerk, organisation=org, ref="mgc", name="Moscow Gubernia Commission",
            level=CommissionLevel.GUBERNIA, parent=central,
        )  # fmt: skip
        district = services.create_commission(
            actor=clerk, organisation=org, ref="zdc", name="Zamoskvorechye District Commission",
            level=CommissionLevel.DISTRICT, parent=gubernia,
        )  # fmt: skip
        assert Commission.objects.get(pk=district.pk).parent.parent == central
        assert (central.level, gubernia.level, district.level) == (
            "central",
            "gubernia",
            "district",
        )
        _assert_event(
            district, "commission.create",
            after={"ref": "zdc", "level": "district", "parent": "mgc"},
        )  # fmt: skip
        _ = Commission.objects.get(pk=central.pk).parent is None

    @pytest.mark.parametrize(
        ("level", "parent_level", "message"),
        [
            ("district", None,
             "A district commission needs the commission above it, where its appeals go."),
            ("gubernia", None,
             "A gubernia commission needs the commission above it, where its appeals go."),
            ("gubernia", "district",
             "Appeals from a gubernia commission go up, but Parent is a district commission."),
            ("gubernia", "gubernia",
             "Appeals from a gubernia commission go up, but Parent is a gubernia commission."),
            ("central", "central",
             "Appeals from a central commission go up, but Parent is a central commission."),
        ],
    )  # fmt: skip
    def test_commission_in_the_wrong_place_is_refused(
        self, clerk, org, level, parent_level, message
    ):
        parent = None
        if parent_level is not None:
            parent = Commission(organisation=org, ref="parent", name="Parent", level=parent_level)
            # Stored without the parent check the service makes: only its level matters here.
            parent.parent = (
                CommissionFactory(organisation=org) if parent_level != "central" else None
            )
            parent.save()
        with nothing_changes(), _refused(InvalidInput, message, "parent"):
            services.create_commission(
                actor=clerk, organisation=org, ref="new", name="New", level=level, parent=parent
            )

    def test_commission_of_an_unknown_level_is_refused(self, clerk, org):
        with nothing_changes(), _refused(InvalidInput, "'national' is not a commission level."):
            services.create_commission(
                actor=clerk, organisation=org, ref="n", name="N", level="national"
            )

    def test_commission_under_another_organisations_commission_is_refused(self, clerk, org):
        other = OrganisationFactory(ref="other", name="Other")
        foreign = CommissionFactory(organisation=other, name="Foreign Central Commission")
        message = (
            "Foreign Central Commission belongs to another organisation, "
            "so appeals cannot go to it."
        )
        with nothing_changes(foreign), _refused(InvalidInput, message, "parent"):
            services.create_commission(
                actor=clerk, organisation=org, ref="g", name="G", level="gubernia", parent=foreign
            )

    def test_duplicate_commission_ref_is_refused(self, clerk, org):
        existing = CommissionFactory(organisation=org, ref="ccpp")
        message = "The identifier 'ccpp' is already in use."
        with nothing_changes(existing), _refused(InvalidInput, message, "ref"):
            services.create_commission(
                actor=clerk, organisation=org, ref="ccpp", name="Again", level="central"
            )

    def test_commission_refused_without_permission(self, commissioner, org):
        with nothing_changes(), _refused(NotAllowed, NOT_ALLOWED):
            services.create_commission(
                actor=commissioner, organisation=org, ref="c", name="C", level="central"
            )


class TestAppointCommissioner:
    def test_appoints_once(self, clerk, nadezhda):
        commission = CommissionFactory()
        seat = services.appoint_commissioner(
            actor=clerk, commission=commission, person=nadezhda, role=CommissionerRole.SECRETARY,
            started_on=dt.date(1921, 6, 1),
        )  # fmt: skip
        stored = Commissioner.objects.get(pk=seat.pk)
        assert (stored.commission, stored.person, stored.role, stored.started_on) == (
            commission, nadezhda, "secretary", dt.date(1921, 6, 1),
        )  # fmt: skip
        _assert_event(
            commission, "commission.appoint", after={"person": "P-nadezhda", "role": "secretary"}
        )
        with nothing_changes(stored):
            again = services.appoint_commissioner(
                actor=clerk, commission=commission, person=nadezhda, role="secretary"
            )
        assert again == stored

    def test_unknown_role_is_refused(self, clerk, nadezhda):
        commission = CommissionFactory()
        message = "'president' is not a commissioner's role."
        with nothing_changes(commission), _refused(InvalidInput, message, "role"):
            services.appoint_commissioner(
                actor=clerk, commission=commission, person=nadezhda, role="president"
            )

    def test_refused_without_permission(self, auditor, nadezhda):
        commission = CommissionFactory()
        with nothing_changes(commission), _refused(NotAllowed, NOT_ALLOWED):
            services.appoint_commissioner(actor=auditor, commission=commission, person=nadezhda)


class TestEnrolMember:
    def test_starts_a_membership_and_its_history(self, clerk, nadezhda, org):
        unit = UnitFactory(organisation=org)
        membership = services.enrol_member(
            actor=clerk, person=nadezhda, organisation=org, unit=unit,
            joined_on=dt.date(1918, 1, 1), card_number="No. 1234",
            document=" Questionnaire of 1918 ",
        )  # fmt: skip
        stored = Membership.objects.get(pk=membership.pk)
        assert (stored.person, stored.organisation, stored.unit, stored.status) == (
            nadezhda, org, unit, "member",
        )  # fmt: skip
        assert (stored.joined_on, stored.status_since, stored.card_number, stored.version) == (
            dt.date(1918, 1, 1), dt.date(1918, 1, 1), "No. 1234", 1,
        )  # fmt: skip
        assert list(
            stored.history.values_list(
                "from_status", "to_status", "effective_on", "reason", "recorded_by", "basis",
                "document", "decision",
            )
        ) == [
            ("", "member", dt.date(1918, 1, 1), "joined", clerk.pk, "document",
             "Questionnaire of 1918", None),
        ]  # fmt: skip
        _assert_event(
            membership, "membership.create", actor=clerk,
            after={
                "person": "P-nadezhda", "status": "member", "joined_on": "1918-01-01",
                "document": "Questionnaire of 1918",
            },
        )  # fmt: skip

    def test_a_candidate_joins_too(self, clerk, nadezhda, org):
        membership = services.enrol_member(
            actor=clerk, person=nadezhda, organisation=org, status=MembershipStatus.CANDIDATE,
            document="Minutes of the cell",
        )  # fmt: skip
        assert Membership.objects.get(pk=membership.pk).status == "candidate"

    @pytest.mark.parametrize(
        ("fields", "label"),
        [
            ({"status": "probation", "probation_until": dt.date(1923, 6, 1)},
             "candidate on probation"),
            ({"status": "expelled"}, "expelled"),
            ({"status": "expelled_for_term", "term_until": dt.date(1923, 6, 1)},
             "expelled for a term"),
            ({"status": "left"}, "left"),
            ({"status": "deceased"}, "deceased"),
        ],
    )  # fmt: skip
    def test_a_status_only_a_decision_makes_is_refused(self, clerk, nadezhda, org, fields, label):
        message = (
            f"A membership starts as a candidate or a member, not as {label}: that status is "
            "made by the decision that made it, or comes with a register's history through an "
            "import."
        )
        with nothing_changes(nadezhda, org), _refused(InvalidInput, message, "status"):
            services.enrol_member(
                actor=clerk, person=nadezhda, organisation=org, document="A note", **fields
            )
        assert not Membership.objects.exists()

    def test_joining_names_its_document(self, clerk, nadezhda, org):
        message = (
            "Name the document that records the joining (a questionnaire, a party card, the "
            "minutes of the cell that admitted them)."
        )
        with nothing_changes(nadezhda, org), _refused(InvalidInput, message, "document"):
            services.enrol_member(actor=clerk, person=nadezhda, organisation=org, document=" ")
        assert not Membership.objects.exists()

    @pytest.mark.parametrize(
        ("fields", "message", "field"),
        [
            ({"status": "probation"},
             "A candidate on probation needs the date the probation ends.", "probation_until"),
            ({"status": "expelled_for_term"},
             "An expulsion for a term needs the date the term ends.", "term_until"),
            ({"status": "suspended"}, "'suspended' is not a membership status.", "status"),
        ],
    )  # fmt: skip
    def test_invalid_status_is_refused(self, clerk, nadezhda, org, fields, message, field):
        with nothing_changes(nadezhda, org), _refused(InvalidInput, message, field):
            services.enrol_member(
                actor=clerk, person=nadezhda, organisation=org, document="card", **fields
            )

    def test_second_membership_of_the_same_organisation_is_refused(self, clerk, nadezhda, org):
        first = services.enrol_member(
            actor=clerk, person=nadezhda, organisation=org, document="card"
        )
        message = "Nadezhda Sergeyevna Alliluyeva already has a membership of RCP(b)."
        with nothing_changes(first), _refused(InvalidInput, message, "organisation"):
            services.enrol_member(actor=clerk, person=nadezhda, organisation=org, document="c")

    def test_refused_without_permission(self, member, nadezhda, org):
        with nothing_changes(nadezhda), _refused(NotAllowed, NOT_ALLOWED):
            services.enrol_member(actor=member, person=nadezhda, organisation=org, document="c")


class TestChangeMembershipStatus:
    @pytest.fixture
    def membership(self, clerk, nadezhda, org):
        return services.enrol_member(
            actor=clerk, person=nadezhda, organisation=org, joined_on=dt.date(1918, 1, 1),
            document="Party card 1042",
        )  # fmt: skip

    def test_appends_to_the_history(self, clerk, membership, nadezhda):
        expulsion = _decision(nadezhda, DecisionOutcome.EXPEL)
        step = services.change_membership_status(
            actor=clerk, membership=membership, to_status=MembershipStatus.EXPELLED,
            effective_on=dt.date(1921, 12, 10), reason=" expelled in the purge ",
            decision=expulsion,
        )  # fmt: skip
        assert (step.from_status, step.to_status, step.effective_on, step.reason) == (
            "member", "expelled", dt.date(1921, 12, 10), "expelled in the purge",
        )  # fmt: skip
        assert (step.decision, step.basis, step.document, step.recorded_by) == (
            expulsion, "decision", "", clerk,
        )  # fmt: skip
        assert (membership.status, membership.status_since, membership.version) == (
            "expelled", dt.date(1921, 12, 10), 2,
        )  # fmt: skip
        assert [(s.from_status, s.to_status) for s in membership.history.all()] == [
            ("", "member"),
            ("member", "expelled"),
        ]
        _assert_event(
            membership, "membership.status",
            before={"status": "member", "status_since": "1918-01-01"},
            after={"status": "expelled", "status_since": "1921-12-10", "decision": expulsion.pk},
        )  # fmt: skip
        assert _last_event().summary == "Membership status member → expelled: expelled in the purge"

    def test_links_the_decision_that_made_the_change(self, clerk, membership, nadezhda):
        services.change_membership_status(
            actor=clerk, membership=membership, to_status=MembershipStatus.EXPELLED,
            effective_on=dt.date(1921, 12, 10), reason="purge",
            decision=_decision(nadezhda, DecisionOutcome.EXPEL),
        )  # fmt: skip
        decision = _decision(nadezhda)
        step = services.change_membership_status(
            actor=clerk, membership=membership, to_status=MembershipStatus.MEMBER,
            effective_on=dt.date(1922, 1, 15), reason="reinstated", decision=decision,
            expected_version=2,
        )  # fmt: skip
        assert MembershipStatusChange.objects.get(pk=step.pk).decision == decision
        assert list(decision.status_changes.all()) == [step]
        assert [s.to_status for s in membership.history.all()] == ["member", "expelled", "member"]
        assert _last_event().after == {
            "status": "member", "status_since": "1922-01-15", "decision": decision.pk,
        }  # fmt: skip

    def test_end_dates_are_stored_and_cleared(self, clerk, membership, nadezhda):
        services.change_membership_status(
            actor=clerk, membership=membership, to_status=MembershipStatus.EXPELLED_FOR_TERM,
            effective_on=dt.date(1921, 12, 10), reason="for a term",
            term_until=dt.date(1922, 12, 10), decision=_decision(nadezhda),
        )  # fmt: skip
        assert membership.term_until == dt.date(1922, 12, 10)
        services.change_membership_status(
            actor=clerk, membership=membership, to_status=MembershipStatus.PROBATION,
            effective_on=dt.date(1922, 12, 11), reason="readmitted",
            probation_until=dt.date(1924, 6, 11), decision=_decision(nadezhda),
        )  # fmt: skip
        stored = Membership.objects.get(pk=membership.pk)
        assert (stored.status, stored.term_until, stored.probation_until) == (
            "probation", None, dt.date(1924, 6, 11),
        )  # fmt: skip

    def test_stale_version_is_a_conflict_and_changes_nothing(self, clerk, membership, nadezhda):
        message = (
            "This membership was changed by someone else in the meantime; reload and try again."
        )
        expulsion = _decision(nadezhda, DecisionOutcome.EXPEL)
        with nothing_changes(membership), _refused(Conflict, message):
            services.change_membership_status(
                actor=clerk, membership=membership, to_status="expelled",
                effective_on=dt.date(1921, 12, 10), reason="purge", expected_version=5,
                decision=expulsion,
            )  # fmt: skip

    @pytest.mark.parametrize("document", ["", "Minutes of the cell, 10 December 1921"])
    def test_no_change_without_its_decision(self, clerk, membership, document):
        message = (
            "Nadezhda Sergeyevna Alliluyeva's membership cannot become “expelled” without the "
            "decision that made the change: record the commission's decision on the case (which "
            "changes the status), or name it here. Only a death is recorded on a document alone."
        )
        with nothing_changes(membership), _refused(InvalidInput, message, "decision"):
            services.change_membership_status(
                actor=clerk, membership=membership, to_status="expelled",
                effective_on=dt.date(1921, 12, 10), reason="purge", document=document,
            )  # fmt: skip
        assert membership.history.count() == 1

    def test_a_decision_on_someone_else_is_refused(self, clerk, membership):
        other = _decision(
            PersonFactory(given_name="Yevgenia", patronymic="", surname="Kasparova-Popova")
        )
        message = (
            f"Decision {other.pk} was taken on the case of Yevgenia Kasparova-Popova, not on "
            "Nadezhda Sergeyevna Alliluyeva."
        )
        with nothing_changes(membership), _refused(InvalidInput, message, "decision"):
            services.change_membership_status(
                actor=clerk, membership=membership, to_status="expelled",
                effective_on=dt.date(1921, 12, 10), reason="purge", decision=other,
            )  # fmt: skip

    def test_a_death_rests_on_a_named_document(self, clerk, membership):
        message = (
            "Name the document that records the death of Nadezhda Sergeyevna Alliluyeva (a death "
            "notice, a letter reporting it)."
        )
        with nothing_changes(membership), _refused(InvalidInput, message, "document"):
            services.change_membership_status(
                actor=clerk, membership=membership, to_status="deceased",
                effective_on=dt.date(1932, 11, 9), reason="died",
            )  # fmt: skip
        step = services.change_membership_status(
            actor=clerk, membership=membership, to_status="deceased",
            effective_on=dt.date(1932, 11, 9), reason="died", document=" Pravda obituary ",
        )  # fmt: skip
        assert (step.basis, step.document, step.decision) == ("document", "Pravda obituary", None)
        assert _last_event().after == {
            "status": "deceased", "status_since": "1932-11-09", "decision": None,
            "document": "Pravda obituary",
        }  # fmt: skip

    @pytest.mark.parametrize(
        "fields",
        [
            {"from_status": "member", "to_status": "expelled", "basis": "document",
             "document": "a note"},
            {"from_status": "member", "to_status": "expelled", "basis": "decision"},
            {"from_status": "member", "to_status": "deceased", "basis": "document"},
            {"from_status": "member", "to_status": "expelled", "basis": "imported"},
            {"from_status": "member", "to_status": "expelled", "basis": ""},
        ],
    )  # fmt: skip
    def test_the_database_refuses_a_step_without_its_basis(self, membership, fields):
        """What the service refuses, the table refuses too, whoever writes to it."""
        with pytest.raises(IntegrityError), transaction.atomic():
            MembershipStatusChange.objects.create(membership=membership, reason="x", **fields)
        assert membership.history.count() == 1

    @pytest.mark.parametrize(
        ("fields", "message", "field"),
        [
            ({"to_status": "expelled", "reason": "  "},
             "Say why the membership status changes.", "reason"),
            ({"to_status": "probation", "reason": "r"},
             "A candidate on probation needs the date the probation ends.", "probation_until"),
            ({"to_status": "expelled_for_term", "reason": "r"},
             "An expulsion for a term needs the date the term ends.", "term_until"),
            ({"to_status": "gone", "reason": "r"}, "'gone' is not a membership status.", "status"),
        ],
    )  # fmt: skip
    def test_invalid_input_is_refused(self, clerk, membership, fields, message, field):
        with nothing_changes(membership), _refused(InvalidInput, message, field):
            services.change_membership_status(
                actor=clerk, membership=membership, effective_on=dt.date(1921, 12, 10), **fields
            )

    def test_refused_without_permission(self, commissioner, membership):
        with nothing_changes(membership), _refused(NotAllowed, NOT_ALLOWED):
            services.change_membership_status(
                actor=commissioner, membership=membership, to_status="expelled",
                effective_on=dt.date(1921, 12, 10), reason="purge",
            )  # fmt: skip


class TestAddPosition:
    def test_records_a_post(self, clerk, nadezhda):
        position = services.add_position(
            actor=clerk, person=nadezhda, title=" secretary ", body="C.P.C. Managing Department",
            started_on=dt.date(1918, 3, 1),
        )  # fmt: skip
        stored = Position.objects.get(pk=position.pk)
        assert (stored.person, stored.title, stored.body, stored.started_on, stored.ended_on) == (
            nadezhda, "secretary", "C.P.C. Managing Department", dt.date(1918, 3, 1), None,
        )  # fmt: skip
        _assert_event(
            nadezhda, "person.add_position",
            after={"title": "secretary", "body": "C.P.C. Managing Department"},
        )  # fmt: skip

    @pytest.mark.parametrize(
        ("fields", "message", "field"),
        [
            ({"title": " "}, "A position needs a title.", "title"),
            ({"title": "secretary", "started_on": dt.date(1921, 1, 1),
              "ended_on": dt.date(1920, 1, 1)}, "The position ends before it starts.", "ended_on"),
        ],
    )  # fmt: skip
    def test_invalid_input_is_refused(self, clerk, nadezhda, fields, message, field):
        with nothing_changes(nadezhda), _refused(InvalidInput, message, field):
            services.add_position(actor=clerk, person=nadezhda, **fields)

    def test_refused_without_permission(self, outsider, nadezhda):
        with nothing_changes(nadezhda), _refused(NotAllowed, NOT_ALLOWED):
            services.add_position(actor=outsider, person=nadezhda, title="secretary")


class TestRecordRelationship:
    def test_records_a_directed_tie(self, clerk, nadezhda, slava, letter):
        tie = services.record_relationship(
            actor=clerk, source=slava, target=nadezhda, kind=RelationshipKind.KNEW_ABROAD,
            strength=4, started_on=dt.date(1905, 1, 1), ended_on=dt.date(1916, 1, 1),
            period="abroad, before 1917", note="seed letter 2", evidence=letter,
        )  # fmt: skip
        stored = Relationship.objects.get(pk=tie.pk)
        assert (stored.source, stored.target, stored.kind, stored.strength) == (
            slava, nadezhda, "knew_abroad", 4,
        )  # fmt: skip
        assert (stored.started_on, stored.ended_on, stored.period, stored.note) == (
            dt.date(1905, 1, 1), dt.date(1916, 1, 1), "abroad, before 1917", "seed letter 2",
        )  # fmt: skip
        assert stored.evidence == letter
        _assert_event(
            tie, "relationship.create", actor=clerk,
            after={"source": slava.ref, "target": "P-nadezhda", "kind": "knew_abroad",
                   "strength": 4, "period": "abroad, before 1917", "evidence": letter.pk},
        )  # fmt: skip
        assert _last_event().summary == (
            "Vyacheslav Kasparov — knew abroad — Nadezhda Sergeyevna Alliluyeva."
        )

    def test_directed_kinds_keep_their_direction(self, clerk, nadezhda, slava):
        forward = services.record_relationship(
            actor=clerk, source=slava, target=nadezhda, kind="recommended"
        )
        backward = services.record_relationship(
            actor=clerk, source=nadezhda, target=slava, kind="recommended"
        )
        assert forward.pk != backward.pk
        assert (backward.source, backward.target) == (nadezhda, slava)

    def test_a_symmetric_tie_either_way_round_is_one_row(self, clerk, nadezhda, slava):
        assert nadezhda.pk < slava.pk
        first = services.record_relationship(
            actor=clerk, source=slava, target=nadezhda, kind=RelationshipKind.SIBLING
        )
        # Stored lower id first, whichever way round it was given.
        assert (first.source_id, first.target_id) == (nadezhda.pk, slava.pk)
        with nothing_changes(first):
            second = services.record_relationship(
                actor=clerk, source=nadezhda, target=slava, kind=RelationshipKind.SIBLING
            )
        assert second.pk == first.pk
        assert Relationship.objects.count() == 1

    def test_recording_again_adds_missing_evidence_only(self, clerk, nadezhda, slava, letter):
        tie = services.record_relationship(
            actor=clerk, source=nadezhda, target=slava, kind="acquaintance", strength=2
        )
        again = services.record_relationship(
            actor=clerk, source=slava, target=nadezhda, kind="acquaintance", strength=5,
            evidence=letter,
        )  # fmt: skip
        assert again.pk == tie.pk
        stored = Relationship.objects.get(pk=tie.pk)
        # The first recording's strength stands; only the missing evidence is added.
        assert (stored.strength, stored.evidence) == (2, letter)
        _assert_event(tie, "relationship.evidence", after={"evidence": letter.pk})
        other_letter = Document.objects.create(title="Another", text="…", fingerprint="b2")
        with nothing_changes(stored):
            third = services.record_relationship(
                actor=clerk, source=nadezhda, target=slava, kind="acquaintance",
                evidence=other_letter,
            )  # fmt: skip
        assert third.pk == tie.pk
        assert third.evidence == letter

    @pytest.mark.parametrize(
        ("fields", "message", "field"),
        [
            ({"kind": "friend"}, "'friend' is not a kind of relationship.", "kind"),
            ({"kind": "sibling", "strength": 0},
             "Strength goes from 1 (slight) to 5 (very close).", "strength"),
            ({"kind": "sibling", "strength": 6},
             "Strength goes from 1 (slight) to 5 (very close).", "strength"),
            ({"kind": "colleague", "started_on": dt.date(1920, 1, 1),
              "ended_on": dt.date(1919, 1, 1)},
             "The relationship ends before it starts.", "ended_on"),
        ],
    )  # fmt: skip
    def test_invalid_input_is_refused(self, clerk, nadezhda, slava, fields, message, field):
        with nothing_changes(nadezhda, slava), _refused(InvalidInput, message, field):
            services.record_relationship(actor=clerk, source=nadezhda, target=slava, **fields)

    def test_a_tie_to_oneself_is_refused(self, clerk, nadezhda):
        message = "A person cannot be tied to themselves."
        with nothing_changes(nadezhda), _refused(InvalidInput, message, "target"):
            services.record_relationship(
                actor=clerk, source=nadezhda, target=nadezhda, kind="colleague"
            )

    def test_refused_without_permission(self, auditor, nadezhda, slava):
        with nothing_changes(), _refused(NotAllowed, NOT_ALLOWED):
            services.record_relationship(
                actor=auditor, source=nadezhda, target=slava, kind="sibling"
            )


def test_canonical_pair():
    assert services.canonical_pair(7, 3, RelationshipKind.SIBLING) == (3, 7)
    assert services.canonical_pair(3, 7, RelationshipKind.SIBLING) == (3, 7)
    assert services.canonical_pair(7, 3, RelationshipKind.PARENT) == (7, 3)
