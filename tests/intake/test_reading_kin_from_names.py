"""Ties the names tell (reading.kinnames): a patronymic names the father, a shared patronymic
and surname make brothers and sisters, an unnamed spouse is the one person of the subject's
surname; and a relative's spouse or sibling told as the subject's own (reading.facing)."""

from __future__ import annotations

import pytest

from commission.intake.reading.kinnames import father_named, name_parts
from tests.intake.reading_ru.helpers import letter as ru_letter
from tests.intake.reading_ru.helpers import read as read_ru
from tests.intake.rules.letters import framed, read


def _ties(extraction):
    return sorted(
        (i.value["person"], i.value["relation"], i.value["of"]) for i in extraction.get("relatives")
    )


@pytest.mark.parametrize(
    ("name", "given", "father", "surname", "gender"),
    [
        ("Костров Михаил Иванович", "mihail", "ivan", "kostrov", "male"),
        ("Mikhail Ivanovich Kostrov", "mihail", "ivan", "kostrov", "male"),
        ("Klavdia Ivanovna Shumova", "klavda", "ivan", "shumov", "female"),
        ("Ivan Shumov", "ivan", "", "shumov", "unknown"),
        ("Сокольский Георгий", "georg", "", "sokolsk", "unknown"),
        ("Фёдор Лукич Зотов", "fedor", "luk", "zotov", "male"),
    ],
)
def test_name_parts_in_either_order(name, given, father, surname, gender):
    parts = name_parts(name)

    assert (parts.given, parts.patronymic, parts.surname, parts.gender) == (
        given,
        father,
        surname,
        gender,
    )


@pytest.mark.parametrize(
    ("child", "father", "made_from"),
    [
        ("Пётр Гаврилович Чурсин", "Гаврила Чурсин", True),
        ("Leonid Pavlovich Ostroumov", "Pavel Ostroumov", True),  # Pavel: Pavlovich
        ("Vera Lvovna Gurvich", "Lev Gurvich", True),  # Lev: Lvovna
        ("Anna Yakovlevna Ryzhova", "Yakov Ryzhov", True),  # Yakov: Yakovlevna
        ("Grigory Ilyich Sorokin", "Ilya Sorokin", True),
        ("Ivan Nikolayevich Popov", "Nikolai Popov", True),
        ("Sergei Fyodorovich Ivanov", "Fedor Ivanov", True),  # two spellings of one name
        ("Pyotr Gavrilovich Chursin", "Ivan Chursin", False),
        ("Мартын Ясевич", "Ясь Мартынов", False),  # a surname in -ich is no patronymic
    ],
)
def test_the_patronymic_is_made_from_the_fathers_given_name(child, father, made_from):
    assert father_named(name_parts(child), name_parts(father)) is made_from


def test_the_unnamed_father_is_the_man_the_patronymic_names():
    text = ru_letter(
        "Прошу пересмотреть дело Петра Гавриловича Чурсина, исключённого ячейкой. Отец его "
        "погиб на фронте. Пишет вам вдова Гаврилы Ефимовича Чурсина."
    )

    ties = _ties(read_ru(text))

    assert ("Гаврила Ефимович Чурсин", "father", "Пётр Гаврилович Чурсин") in ties
    assert not any(person == "отец" for person, _, _ in ties)


def test_a_man_of_the_subjects_patronymic_and_surname_is_his_brother_not_his_father():
    text = ru_letter(
        "Прошу восстановить в партии Фёдора Лукича Зотова. Его отец, Игнат Лукич Зотов, был "
        "урядником."
    )

    assert ("Игнат Лукич Зотов", "brother", "Фёдор Лукич Зотов") in _ties(read_ru(text))


def test_a_wife_who_shares_her_husbands_patronymic_stays_his_wife():
    text = framed(
        "Anna Petrovna Smirnova has been expelled. Her husband, Ivan Petrovich Smirnov, is a "
        "fitter at the depot."
    )

    assert _ties(read(text)) == [("Ivan Petrovich Smirnov", "husband", "Anna Petrovna Smirnova")]


def test_a_namesake_son_named_after_his_father_keeps_the_letters_word():
    text = framed(
        "Vera Nikolayevna Lozinskaya has been expelled. Her brother, Nikolai Lozinsky, serves "
        "in the Red Army."
    )

    assert _ties(read(text)) == [("Nikolai Lozinsky", "brother", "Vera Nikolayevna Lozinskaya")]


def test_a_person_already_placed_is_no_child_by_name():
    # Marfa Stepanovna is the subject's mother-in-law; the husband Stepan is no father of hers
    text = ru_letter(
        "Прошу выслушать Рогову Анну Ильиничну, исключённую за мужа, Степана Рогова. Пусть "
        "пригласят её свекровь, Марфу Степановну Рогову."
    )

    ties = _ties(read_ru(text))

    assert ("Марфа Степановна Рогова", "mother-in-law", "Рогова Анна Ильинична") in ties
    assert not any(relation == "daughter" for _, relation, _ in ties)


def test_an_unnamed_wife_is_the_one_woman_known_by_her_given_name():
    text = ru_letter(
        "Прошу проверить дело Бориса Аркадьевича Линде. Жена его тяжело больна. Нина просит "
        "не лишать их пайка."
    )

    assert ("Нина", "wife", "Борис Аркадьевич Линде") in _ties(read_ru(text))


def test_an_unnamed_wife_stays_unnamed_when_two_women_could_be_her():
    text = ru_letter(
        "Прошу проверить дело Бориса Аркадьевича Линде. Жена его тяжело больна. Нина и Вера "
        "просят не лишать их пайка."
    )

    ties = _ties(read_ru(text))

    assert not any(person in ("Нина", "Вера") for person, _, _ in ties)


def test_the_husband_of_the_subjects_mother_is_his_father():
    text = (
        "To the Ukom,\n\nI write about my son Grigory Ilyich Sorokin, who was expelled at the "
        "verification. My husband, Ilya Sorokin, died at the front in 1919.\n\n"
        "Matryona Prokhorovna Sorokina\n3 March 1922"
    )

    ties = _ties(read(text))

    assert ("Ilya Sorokin", "father", "Grigory Ilyich Sorokin") in ties


def test_an_everyday_form_of_the_subjects_given_name_is_the_subject():
    text = framed(
        "Grigory Ilyich Sorokin was expelled by the Ukom. Grisha has worked at the depot since "
        "1915, and his wife Anna keeps house."
    )
    extraction = read(text)

    assert [i.value for i in extraction.get("subjects")] == ["Grigory Ilyich Sorokin"]
    assert ("Anna", "wife", "Grigory Ilyich Sorokin") in _ties(extraction)


def test_the_writer_who_names_herself_the_subjects_wife_in_apposition():
    text = (
        "To Comrade Solts,\n\nI, Matryona Kuzminichna Tikhonova, wife of the turner of the Pskov "
        "railway workshops Arkhip Danilovich Tikhonov, write to you about my husband, who was "
        "expelled from the Party. I ask you to review my husband's case.\n\nM. Tikhonova\n"
    )

    assert ("Matryona Kuzminichna Tikhonova", "wife", "Arkhip Danilovich Tikhonov") in _ties(
        read(text)
    )


def test_the_party_s_name_is_no_person():
    text = ru_letter(
        "Рекомендую в члены Российской Коммунистической партии Зинаиду Павловну Кривошееву. "
        "Муж её, Степан Кривошеев, погиб на Южном фронте."
    )
    extraction = read_ru(text)

    assert [i.value for i in extraction.get("subjects")] == ["Зинаида Павловна Кривошеева"]


def test_a_married_womans_father_bears_her_maiden_name():
    text = framed(
        "Olga Kuzminichna Gavrilova (née Sarafanova) has been expelled by the Ukom. Kuzma "
        "Sarafanov, a railwayman, has written to the editors about the case."
    )

    assert ("Kuzma Sarafanov", "father", "Olga Kuzminichna Gavrilova") in _ties(read(text))


def test_the_writers_kin_are_told_as_the_subjects_own_and_only_so():
    """In the subject's mother's letter her daughter-in-law is his wife and her daughter his
    sister; the ties to the writer are not kept beside them."""
    text = (
        "To the Ukom,\n\nI write about my son Grigory Ilyich Sorokin, who was expelled at the "
        "verification. My daughter-in-law, Marya Sorokina, works at the mill, and my daughter, "
        "Anna Sorokina, teaches at the school.\n\nMatryona Prokhorovna Sorokina\n3 March 1922"
    )

    ties = _ties(read(text))

    assert ("Marya Sorokina", "wife", "Grigory Ilyich Sorokin") in ties
    assert ("Anna Sorokina", "sister", "Grigory Ilyich Sorokin") in ties
    assert not [tie for tie in ties if tie[2] == "Matryona Prokhorovna Sorokina"]


def test_the_writers_tie_is_turned_to_the_subjects_side_beyond_the_nuclear_family():
    text = ru_letter(
        "Пишу о племяннике моём, Всеволоде Андреевиче Кречетове, исключённом из партии "
        "уездной комиссией. Прошу пересмотреть его дело.",
        closing="Лев Сабуров\n3 марта 1922 г.",
    )

    assert ("Лев Сабуров", "uncle", "Всеволод Андреевич Кречетов") in _ties(read_ru(text))


def test_an_everyday_russian_form_in_an_english_letter_is_the_subject():
    text = framed(
        "Timofei Ilyich Sorokin was expelled by the Ukom. Timosha's daughter keeps house for him."
    )

    assert ("Timosha's daughter", "daughter", "Timofei Ilyich Sorokin") in _ties(read(text))


def test_the_unnamed_son_in_his_mothers_letter_is_the_subject_not_a_brother():
    text = (
        "To the Gubernia Verification Commission\n\nI, the mother of the expelled Pavel "
        "Ignatyevich Rudakov, beg the Commission to look into the case of my son. My daughter, "
        "Anna Rudakova, teaches at the school.\n\nMatryona Rudakova\n4 November 1921"
    )

    ties = _ties(read(text))

    assert ("Matryona Rudakova", "mother", "Pavel Ignatyevich Rudakov") in ties
    assert ("Anna Rudakova", "sister", "Pavel Ignatyevich Rudakov") in ties
    assert [tie for tie in ties if tie[0].lower() == "my son"] == []
