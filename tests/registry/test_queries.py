"""Reads of the registry: registry.queries."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from commission.cases.enums import CaseKind, DecisionOutcome
from commission.cases.models import Case, Decision
from commission.registry import services as registry_services
from commission.registry.enums import (
    ContactKind,
    Gender,
    MembershipStatus,
    NameKind,
    RelationshipKind,
)
from commission.registry.lookup import find_people
from commission.registry.models import (
    ContactDetail,
    Membership,
    MembershipStatusChange,
    Relationship,
)
from commission.registry.queries import person_detail, ties_of
from tests.factories import CommissionFactory, PersonFactory, UnitFactory


def _person(given="", patronymic="", surname="", **fields):
    return PersonFactory(given_name=given, patronymic=patronymic, surname=surname, **fields)


@pytest.fixture
def cast(db):
    """The people of the two seed letters, and a few who share their names."""
    people = SimpleNamespace(
        nadezhda=_person("Nadezhda", "Sergeyevna", "Alliluyeva", gender=Gender.FEMALE),
        sergei=_person("Sergei", "Yakovlevich", "Alliluyev", gender=Gender.MALE),
        olga=_person("Olga", "Yevgenyevna", "Alliluyeva", gender=Gender.FEMALE),
        anna=_person("Anna", "Sergeyevna", "Alliluyeva", gender=Gender.FEMALE),
        lenin=_person("Vladimir", "Ilyich", "Ulyanov", known_as="Lenin", gender=Gender.MALE),
        zinoviev=_person("Grigory", "Yevseyevich", "Radomyslsky", known_as="Zinoviev"),
        popova=_person("Yevgenia", "", "Kasparova-Popova", gender=Gender.FEMALE),
        slava=_person("Vyacheslav", "", "Kasparov", gender=Gender.MALE),
        popov=_person("", "", "Popov", gender=Gender.MALE),
        ivashov=_person("Pyotr", "", "Ivashov", gender=Gender.MALE),
    )
    return people


def _found(query, **kwargs):
    return [m.person for m in find_people(query, **kwargs)]


class TestFindPeople:
    def test_transliteration_finds_every_alliluyev_women_first(self, cast):
        matches = find_people("Allilueva")
        assert {m.how for m in matches} == {"exact"}
        # The women, whose surname is spelled that way, before the father.
        assert [m.person for m in matches] == [cast.nadezhda, cast.olga, cast.anna, cast.sergei]

    def test_given_name_and_patronymic(self, cast):
        assert _found("Nadezhda Sergeyevna") == [cast.nadezhda]

    def test_initials_narrow_a_shared_surname(self, cast):
        assert _found("N. S. Alliluyeva") == [cast.nadezhda]
        assert _found("A. S. Alliluyeva") == [cast.anna]
        # Given name first, then patronymic: "S. Ya." is the father, "Ya. S." nobody.
        assert _found("S. Y. Alliluyev") == [cast.sergei]
        assert _found("Y. S. Alliluyev") == [cast.anna]
        assert _found("Н. С. Аллилуева") == [cast.nadezhda]

    def test_glide_initial(self, cast):
        assert _found("Y. Kasparova-Popova") == [cast.popova]
        # "Y." may stand for Yakov (key "akov"), Yuri ("uri"), Yelena ("elena"), Yosif
        # ("osif"): any given name whose key starts with a vowel.
        assert _found("Y. Alliluyeva") == [cast.olga, cast.anna]

    def test_a_given_name_cut_to_two_letters(self, cast):
        # "Ye." as a letter of the 1920s abbreviates Yevgenia
        assert _found("Ye. Kasparova-Popova") == [cast.popova]
        assert _found("Ев. Каспарова-Попова") == [cast.popova]

    def test_masculine_form_of_a_womans_surname(self, cast):
        assert _found("Alliluyev") == [cast.sergei, cast.nadezhda, cast.olga, cast.anna]

    def test_given_name_and_patronymic_name_lenin(self, cast):
        assert _found("Vladimir Ilyich") == [cast.lenin]
        assert _found("Vladimir Iljitsch") == [cast.lenin]

    def test_pseudonym(self, cast):
        assert _found("Lenin") == [cast.lenin]
        assert _found("Ленин") == [cast.lenin]
        assert _found("Vladimir Ilyich Lenin") == [cast.lenin]

    def test_parts_of_a_double_surname(self, cast):
        assert _found("Kasparova") == [cast.popova, cast.slava]
        assert _found("Popova") == [cast.popova, cast.popov]
        assert _found("Kasparova-Popova") == [cast.popova]
        assert _found("Yevgenia Popova") == [cast.popova]

    def test_a_relative_without_a_recorded_tie_is_the_family_member_of_that_gender(self, cast):
        # Not the brother named in the phrase: the woman of his family, as a near match.
        assert [(m.person, m.how) for m in find_people("Kasparov's sister")] == [
            (cast.popova, "near")
        ]

    @pytest.mark.parametrize(
        "query",
        ["Kasparov's sister", "Kasparov’s sister", "the sister of Kasparov", "sister of Slava",
         "сестра Каспарова", "сестра Вячеслава Каспарова"],
    )  # fmt: skip
    def test_a_relative_is_found_through_the_recorded_tie(self, cast, query):
        Relationship.objects.create(
            source=cast.slava, target=cast.popova, kind=RelationshipKind.SIBLING
        )
        matches = find_people(query)
        assert [(m.person, m.how) for m in matches] == [(cast.popova, "kin")]
        assert matches[0].via == "sister of Vyacheslav Kasparov"

    def test_a_relative_found_through_a_tie_is_described_in_the_readers_language(self, cast):
        Relationship.objects.create(
            source=cast.slava, target=cast.popova, kind=RelationshipKind.SIBLING
        )
        cast.slava.names.create(
            kind=NameKind.VARIANT, value="Вячеслав Каспаров", key="vaceslav kasparov"
        )
        with translation.override("ru"):
            assert [m.via for m in find_people("сестра Каспарова")] == [
                "сестра Вячеслава Каспарова"
            ]
        with translation.override("en-gb"):
            assert [m.via for m in find_people("сестра Каспарова")] == [
                "sister of Vyacheslav Kasparov"
            ]

    def test_kin_of_either_direction_and_gender(self, cast):
        Relationship.objects.create(
            source=cast.sergei, target=cast.nadezhda, kind=RelationshipKind.PARENT
        )
        Relationship.objects.create(
            source=cast.sergei, target=cast.anna, kind=RelationshipKind.PARENT
        )
        assert _found("Alliluyeva's father") == [cast.sergei]
        assert _found("N. S. Alliluyeva's father") == [cast.sergei]
        assert set(_found("daughter of Sergei Alliluyev")) == {cast.nadezhda, cast.anna}
        assert _found("son of Sergei Alliluyev") == []

    def test_diminutive(self, cast):
        assert _found("Slava Kasparov") == [cast.slava]
        assert _found("Nadya Alliluyeva") == [cast.nadezhda]

    def test_german_spelling_is_a_near_match(self, cast):
        matches = find_people("Sinowjew")
        assert [(m.person, m.how) for m in matches] == [(cast.zinoviev, "near")]

    def test_misspellings(self, cast):
        assert _found("Aliluyeva") == [cast.nadezhda, cast.olga, cast.anna, cast.sergei]
        assert _found("Zinovev") == [cast.zinoviev]
        matches = find_people("Kasparof")
        assert {(m.person, m.how) for m in matches} == {
            (cast.slava, "near"),
            (cast.popova, "near"),
        }

    def test_prefix_of_a_name_being_typed(self, cast):
        matches = find_people("Allil")
        assert {m.how for m in matches} == {"prefix"}
        assert {m.person for m in matches} == {cast.nadezhda, cast.olga, cast.anna, cast.sergei}

    def test_too_short_for_a_prefix(self, cast):
        assert find_people("Al") == []

    def test_better_match_first_among_a_shared_surname(self, cast):
        assert _found("Nadezhda Alliluyeva")[0] == cast.nadezhda
        assert _found("Anna Alliluyeva") == [cast.anna]
        assert set(_found("Sergeyevna Alliluyeva")) == {cast.nadezhda, cast.anna}

    def test_scores_are_best_first(self, cast):
        matches = find_people("Alliluyeva")
        assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)
        assert matches[0].score == 1.0

    def test_similar_surnames_do_not_match(self, cast):
        ivanov = _person("Ivan", "", "Ivanov")
        assert _found("Ivanova") == [ivanov]
        assert _found("Ivashova") == [cast.ivashov]

    def test_limit(self, cast):
        assert _found("Alliluyeva", limit=2) == [cast.nadezhda, cast.olga]

    @pytest.mark.parametrize("query", ["Xyzzy", "Qwertyuiop Asdf", "1921", "the family of"])
    def test_no_result(self, cast, query):
        assert find_people(query) == []

    @pytest.mark.parametrize("query", ["", "   ", "-"])
    def test_empty_query(self, cast, query):
        assert find_people(query) == []


class TestTiesOf:
    def test_labels_from_each_side(self, cast):
        knew = Relationship.objects.create(
            source=cast.lenin, target=cast.slava, kind=RelationshipKind.KNEW_ABROAD
        )
        sheltered = Relationship.objects.create(
            source=cast.sergei, target=cast.lenin, kind=RelationshipKind.SHELTERED
        )
        first, second = sorted([cast.slava, cast.popova], key=lambda p: p.pk)
        siblings = Relationship.objects.create(
            source=first, target=second, kind=RelationshipKind.SIBLING
        )
        parent = Relationship.objects.create(
            source=cast.sergei, target=cast.nadezhda, kind=RelationshipKind.PARENT
        )

        assert [(t.label, t.other, t.relationship) for t in ties_of(cast.lenin)] == [
            ("knew abroad", cast.slava, knew),
            ("sheltered by", cast.sergei, sheltered),
        ]
        assert [(t.label, t.other) for t in ties_of(cast.slava)] == [
            ("known abroad by", cast.lenin),
            ("sibling of", cast.popova),
        ]
        assert [(t.label, t.other, t.relationship) for t in ties_of(cast.popova)] == [
            ("sibling of", cast.slava, siblings)
        ]
        assert [(t.label, t.other, t.relationship) for t in ties_of(cast.sergei)] == [
            ("parent of", cast.nadezhda, parent),
            ("sheltered", cast.lenin, sheltered),
        ]
        assert [(t.label, t.other) for t in ties_of(cast.nadezhda)] == [("child of", cast.sergei)]

    def test_every_directed_kind_reads_back(self, cast):
        for kind in RelationshipKind:
            Relationship.objects.create(source=cast.olga, target=cast.anna, kind=kind)
        from_anna = {t.relationship.kind: t.label for t in ties_of(cast.anna)}
        assert from_anna == {
            "parent": "child of",
            "sibling": "sibling of",
            "spouse": "spouse of",
            "relative": "relative of",
            "colleague": "colleague of",
            "supervised_work": "worked under",
            "observed_work": "work observed by",
            "knew_abroad": "known abroad by",
            "acquaintance": "acquainted with",
            "sheltered": "sheltered by",
            "recommended": "recommended by",
            "sent": "sent on assignment by",
            "correspondent": "received letters from",
        }

    def test_nobody_tied(self, cast):
        assert ties_of(cast.ivashov) == []


class TestPersonDetail:
    @pytest.fixture
    def history(self, cast):
        unit = UnitFactory(name="C.P.C. Managing Department")
        membership = Membership.objects.create(
            person=cast.nadezhda,
            organisation=unit.organisation,
            unit=unit,
            joined_on=dt.date(1918, 1, 1),
            status=MembershipStatus.MEMBER,
        )
        joined = MembershipStatusChange.objects.create(
            membership=membership,
            from_status="",
            to_status=MembershipStatus.MEMBER,
            effective_on=dt.date(1918, 1, 1),
            reason="joined",
            basis="document",
            document="Questionnaire of 1918",
        )
        case = Case.objects.create(
            ref="K-1",
            subject=cast.nadezhda,
            commission=CommissionFactory(),
            kind=CaseKind.EXPULSION,
        )
        expel = Decision.objects.create(
            case=case,
            outcome=DecisionOutcome.EXPEL,
            decided_on=dt.date(1921, 12, 10),
            reasons="Expelled in the purge.",
        )
        reinstate = Decision.objects.create(
            case=case,
            outcome=DecisionOutcome.REINSTATE,
            decided_on=dt.date(1922, 1, 15),
            reasons="Reinstated on the evidence of her work.",
        )
        # The history is shown in the order it was recorded: a step's date may be unknown
        # (a decision reported only by an editor's note), so dates cannot order it.
        earlier = MembershipStatusChange.objects.create(
            membership=membership,
            from_status=MembershipStatus.MEMBER,
            to_status=MembershipStatus.EXPELLED,
            effective_on=dt.date(1921, 12, 10),
            reason="purge",
            decision=expel,
            basis="decision",
        )
        later = MembershipStatusChange.objects.create(
            membership=membership,
            from_status=MembershipStatus.EXPELLED,
            to_status=MembershipStatus.MEMBER,
            effective_on=None,
            reason="reinstated",
            decision=reinstate,
            basis="decision",
        )
        return SimpleNamespace(
            membership=membership, steps=[joined, earlier, later], decisions=(expel, reinstate)
        )

    def test_memberships_with_history_in_order(self, cast, history, clerk):
        detail = person_detail(person_id=cast.nadezhda.pk, viewer=clerk)
        assert detail.person == cast.nadezhda
        assert detail.memberships == [history.membership]
        steps = list(detail.memberships[0].history.all())
        assert steps == history.steps
        assert [s.decision for s in steps] == [None, *history.decisions]
        assert detail.memberships[0].unit.name == "C.P.C. Managing Department"

    def test_names_and_surname_forms(self, cast, clerk):
        registry_services.name_row(cast.popova, NameKind.MAIDEN, "Kasparova").save()
        detail = person_detail(person_id=cast.popova.pk, viewer=clerk)
        assert [(n.kind, n.value) for n in detail.names] == [
            ("maiden", "Kasparova"),
            ("surname_part", "Kasparova"),
            ("surname_part", "Popova"),
        ]
        assert detail.surname_forms == ("Kasparov-Popov", "Kasparova-Popova")
        assert detail.positions == []
        assert detail.memberships == []

    def test_ties(self, cast, clerk):
        tie = Relationship.objects.create(
            source=cast.lenin, target=cast.slava, kind=RelationshipKind.KNEW_ABROAD
        )
        detail = person_detail(person_id=cast.slava.pk, viewer=clerk)
        assert [(t.label, t.other, t.relationship) for t in detail.ties] == [
            ("known abroad by", cast.lenin, tie)
        ]

    @pytest.fixture
    def contacts(self, cast):
        phone = ContactDetail.objects.create(
            person=cast.popova, kind=ContactKind.PHONE, value="58–97"
        )
        address = ContactDetail.objects.create(
            person=cast.popova, kind=ContactKind.ADDRESS, value="3 House of Soviets, Flat 63"
        )
        return [address, phone]

    def test_contacts_listed_for_a_clerk(self, cast, contacts, clerk):
        assert person_detail(person_id=cast.popova.pk, viewer=clerk).contacts == contacts

    @pytest.mark.parametrize("viewer", ["member", "outsider", "anonymous"])
    def test_contacts_hidden_without_personal_data_permission(
        self, cast, contacts, viewer, request
    ):
        user = AnonymousUser() if viewer == "anonymous" else request.getfixturevalue(viewer)
        assert person_detail(person_id=cast.popova.pk, viewer=user).contacts is None


class TestFindPeopleInCyrillic:
    """Names as a Russian letter writes them, declined, found among people registered in Latin
    transliteration or in Cyrillic."""

    @pytest.mark.parametrize(
        ("query", "who"),
        [
            ("Каспаровой-Поповой", "popova"),
            ("Е. Каспаровой", "popova"),
            ("Евгению Каспарову-Попову", "popova"),
            ("Надежды Сергеевны Аллилуевой", "nadezhda"),
            ("Сергею Яковлевичу", "sergei"),
            ("Владимиром Ильичом", "lenin"),
            ("брата Вячеслава", "slava"),
            ("Зиновьеву", "zinoviev"),
        ],
    )
    def test_declined_names_find_the_latin_record(self, cast, query, who):
        assert _found(query)[0] == getattr(cast, who)

    def test_a_man_of_the_surname_for_the_masculine_form(self, cast):
        assert _found("Попову", limit=1) == [cast.popov]

    def test_registered_in_cyrillic(self, db):
        smirnova = _person("Анна", "Петровна", "Смирнова", gender=Gender.FEMALE)
        vera = _person("Вера", "", "Смирнова", gender=Gender.FEMALE)
        assert _found("Смирновой Анны Петровны") == [smirnova]
        assert _found("с её сестрой Верой") == [vera]

    def test_yo_written_the_english_way(self, db):
        semyon = _person("Semyon", "", "Orlov", gender=Gender.MALE)
        assert _found("Семёна Орлова") == [semyon]
        assert _found("Семёну Орлову") == [semyon]

    def test_final_iy_written_the_english_way(self, db):
        georgy = _person("Georgy", "Ivanovich", "Safarov", gender=Gender.MALE)
        assert _found("Георгию Ивановичу Сафарову") == [georgy]


def test_a_patronymic_the_registry_does_not_hold_does_not_rule_a_person_out(cast):
    assert _found("Евгения Михайловна Каспарова-Попова") == [cast.popova]
    # A patronymic the registry holds otherwise does.
    assert _found("Надежда Петровна Аллилуева") == []


@pytest.mark.parametrize(
    "query", ["Yevgenia Kasparova-Popova", "Каспаровой-Поповой", "Евгению Каспарову-Попову"]
)
def test_a_double_surname_with_its_parts_matches_exactly(cast, query):
    assert [(m.person, m.how) for m in find_people(query, limit=1)] == [(cast.popova, "exact")]
