"""Resolution of mentions to registry persons by any name form, with a small registry built
through the registry services."""

from __future__ import annotations

import pytest

from commission.intake.reading.model import PersonRef
from commission.intake.reading.pipeline import extract, read_file, read_text
from commission.intake.reading.resolution import resolve_extraction, resolve_ref
from commission.registry.enums import Gender, NameKind
from commission.registry.lookup import find_people
from commission.registry.services import create_person
from tests.intake.test_reading_seeds import WIKI


@pytest.fixture
def registry(clerk):
    people = {
        "lenin": create_person(actor=clerk, ref="R-lenin", given_name="Vladimir",
                               patronymic="Ilyich", surname="Ulyanov", known_as="Lenin",
                               gender=Gender.MALE),
        "kasparova": create_person(actor=clerk, ref="R-kasparova", given_name="Yevgenia",
                                   surname="Kasparova-Popova", gender=Gender.FEMALE,
                                   names=[(NameKind.MARRIED, "Popova")]),
        "kasparov": create_person(actor=clerk, ref="R-kasparov", given_name="Vyacheslav",
                                  surname="Kasparov", gender=Gender.MALE),
        "alliluyeva": create_person(actor=clerk, ref="R-alliluyeva", given_name="Nadezhda",
                                    patronymic="Sergeyevna", surname="Alliluyeva",
                                    gender=Gender.FEMALE),
        "alliluyev": create_person(actor=clerk, ref="R-alliluyev", given_name="Sergei",
                                   surname="Alliluyev", gender=Gender.MALE),
        "stalin": create_person(actor=clerk, ref="R-stalin", given_name="Iosif",
                                surname="Dzhugashvili", known_as="Stalin", gender=Gender.MALE),
    }  # fmt: skip
    return people


def lookup(query):
    return find_people(query, limit=10)


def resolved(name, **kwargs):
    res = resolve_ref(PersonRef(name=name, span=None, **kwargs), lookup=lookup)
    return res.status, res.person_ref


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "kwargs", "expected"),
    [
        ("Lenin", {}, ("matched", "R-lenin")),
        ("Vladimir Ilyich", {}, ("matched", "R-lenin")),
        ("Kasparova-Popova", {"gender": "female"}, ("matched", "R-kasparova")),
        ("Kasparova", {"gender": "female"}, ("matched", "R-kasparova")),
        ("Yevgenia Popova", {"gender": "female"}, ("matched", "R-kasparova")),
        ("Evgenia Kasparova", {"gender": "female"}, ("matched", "R-kasparova")),
        ("Slava Kasparov", {"gender": "male"}, ("matched", "R-kasparov")),
        ("Kasparov", {"gender": "male"}, ("matched", "R-kasparov")),
        ("Nadezhda Allilueva", {"gender": "female"}, ("matched", "R-alliluyeva")),
        ("Kornblyum", {}, ("proposed", "")),
    ],
)
def test_name_forms_resolve(registry, name, kwargs, expected):
    assert resolved(name, **kwargs) == expected


@pytest.mark.django_db
def test_family_reference_names_the_family(registry):
    res = resolve_ref(PersonRef(name="Alliluyev", span=None, family=True), lookup=lookup)
    assert res.status == "family"
    assert sorted(ref for ref, _name, _score in res.candidates) == ["R-alliluyev", "R-alliluyeva"]


@pytest.mark.django_db
def test_unknown_person_is_proposed_with_name_parts(registry):
    res = resolve_ref(PersonRef(name="Natalya Lepeshinskaya", span=None), lookup=lookup)
    assert res.status == "proposed"
    assert res.proposed == {
        "given_name": "Natalya", "patronymic": "", "surname": "Lepeshinskaya", "known_as": "",
        "gender": "female", "description": "",
    }  # fmt: skip
    unnamed = PersonRef(name="", span=None, gender="male", description="Alliluyeva's father")
    res = resolve_ref(unnamed, lookup=lookup)
    assert (res.status, res.proposed["description"]) == ("proposed", "Alliluyeva's father")


@pytest.mark.django_db
def test_seed_letter_two_resolves(registry):
    letter = read_file(WIKI)[1]
    ex = extract(letter)
    by_name = {ref.name: ref.resolution for ref in ex.people() if ref.name}
    assert by_name["Lenin"].person_ref == "R-lenin"
    assert by_name["Kasparova-Popova"].person_ref == "R-kasparova"
    assert by_name["Slava Kasparov"].person_ref == "R-kasparov"
    assert by_name["Vladimir Ilyich"].person_ref == "R-lenin"
    assert by_name["Stalin"].person_ref == "R-stalin"
    assert by_name["Yevgenia Popova"].person_ref == "R-kasparova"
    assert by_name["Popov"].status == "proposed"
    assert by_name["Popov"].proposed["surname"] == "Popov"
    assert 0.5 <= by_name["Lenin"].confidence <= 1.0


@pytest.mark.django_db
def test_a_reader_called_by_given_name_and_patronymic_is_the_one_the_letter_names(registry, clerk):
    create_person(actor=clerk, ref="R-ivanov-vladimir", given_name="Vladimir",
                  patronymic="Ilyich", surname="Ivanov", gender=Gender.MALE)  # fmt: skip
    text = (
        "To Comrade Lenin\n\nDear Vladimir Ilyich,\n\nI write about Comrade Yevgenia "
        "Kasparova-Popova, who was expelled in Tula. She asks that her case be heard again.\n\n"
        "V. Kasparov\n3 March 1921\n"
    )
    (letter,) = read_text(text, file_name="letter.txt")
    got = extract(letter, resolve=False)
    resolve_extraction(got, lookup=lookup)
    addressees = got.get("addressees")
    # two registry people are Vladimir Ilyich; the letter's Lenin is the one it means
    assert [(i.value, i.person.resolution.person_ref) for i in addressees] == [("Lenin", "R-lenin")]
    assert [ref.name for ref in addressees[0].extra["also_called"]] == ["Vladimir Ilyich"]
    assert addressees[0].extra["also_called"][0].resolution.person_ref == "R-lenin"


@pytest.mark.django_db
def test_a_bare_surname_two_entries_answer_to_is_the_one_the_letter_names_in_full(clerk):
    create_person(actor=clerk, ref="R-begichev-i", given_name="Ivan", patronymic="Mironovich",
                  surname="Begichev", gender=Gender.MALE)  # fmt: skip
    create_person(actor=clerk, ref="R-begichev-p", given_name="Pyotr", patronymic="Ilyich",
                  surname="Begichev", gender=Gender.MALE)  # fmt: skip
    create_person(actor=clerk, ref="R-zotov-a", given_name="Arseny", patronymic="Vasilyevich",
                  surname="Zotov", gender=Gender.MALE)  # fmt: skip
    create_person(actor=clerk, ref="R-zotova-v", given_name="Vera", surname="Zotova",
                  gender=Gender.FEMALE)  # fmt: skip
    create_person(actor=clerk, ref="R-loseva-v", given_name="Vera", surname="Loseva",
                  gender=Gender.FEMALE)  # fmt: skip
    (letter,) = read_text(
        "To the Central Control Commission\n\nComrades,\n\nArseny Vasilyevich Zotov was "
        "expelled by the gubernia commission. His daughter Vera is nine. The instructor, Com. "
        "Begichev[1], who conducted the inquiry, can give further explanations.\n\nN. Zotova"
        "\n\n[1] I. M. Begichev was reinstated in the party in 1923.\n",
        file_name="letter.txt",
    )
    extraction = extract(letter, resolve=False)
    # alone, each name is two people's
    assert resolved("Begichev")[0] == "ambiguous"
    assert resolved("Vera")[0] == "ambiguous"
    resolve_extraction(extraction, lookup=lookup)
    found = {ref.name: ref.resolution.person_ref for ref in extraction.people()}
    assert found["Begichev"] == "R-begichev-i"  # the letter names him in full elsewhere
    assert found["Vera"] == "R-zotova-v"  # of the family the letter is about


def test_a_surname_as_written_is_not_the_other_sexs_form():
    from commission.intake.reading.resolution import _same_surname_form

    assert not _same_surname_form("Sukhov", "Praskovya Ignatyevna Sukhova")
    assert _same_surname_form("Sukhov", "Dementy Lukich Sukhov")
    assert _same_surname_form("Vera", "Vera Arsenyevna Zotova")


@pytest.mark.django_db
def test_a_name_spelt_far_from_every_registered_one_is_a_new_person(clerk):
    create_person(actor=clerk, ref="R-lowe", given_name="Marcus", surname="Lowe",
                  gender=Gender.MALE)  # fmt: skip
    assert resolved("Lev Gurvich", gender="male")[0] == "proposed"
    assert resolved("Marcus Lowe", gender="male") == ("matched", "R-lowe")


@pytest.mark.django_db
def test_a_first_name_alone_is_no_one_on_file_unless_the_letter_names_the_family(clerk):
    create_person(actor=clerk, ref="R-yegorov", given_name="Yegor", patronymic="Ivanovich",
                  surname="Dyatlov", gender=Gender.MALE)  # fmt: skip
    create_person(actor=clerk, ref="R-lapin", given_name="Fyodor", patronymic="Ilyich",
                  surname="Lapin", gender=Gender.MALE)  # fmt: skip
    create_person(actor=clerk, ref="R-lapina", given_name="Marfa", surname="Lapina",
                  gender=Gender.FEMALE)  # fmt: skip
    (letter,) = read_text(
        "To the Penza Gubernia Control Commission\n\nComrades,\n\nFyodor Ilyich Lapin was "
        "expelled at the verification. His wife Marfa and his brother Yegor can tell you how "
        "he worked through the famine.\n\nS. Kuzmin\n",
        file_name="letter.txt",
    )
    extraction = extract(letter, resolve=False)
    resolve_extraction(extraction, lookup=lookup)
    found = {ref.name: ref.resolution for ref in extraction.people()}
    # the only Yegor on file is another family's: the brother is a new person
    assert found["Yegor"].status == "proposed"
    # the Marfa on file is of the family the letter is about
    assert found["Marfa"].person_ref == "R-lapina"
    # a surname alone is still looked up as a surname
    assert resolved("Dyatlov") == ("matched", "R-yegorov")
