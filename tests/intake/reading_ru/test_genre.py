"""Forms of the genre beyond the first sets: requests asked in many ways, stance without a cue
phrase, knowledge that is someone else's, kin of a petitioning wife, a page that dates each
letter above its salutation, a bureau's list of members."""

from __future__ import annotations

import pytest

from commission.intake.reading import extract, read_text
from commission.intake.reading.ru import people
from tests.intake.reading_ru.helpers import letter, read, values

CASE = "Тов. Белова исключена районной комиссией. "


def _requests(text):
    return [(i.value, i.extra["by"], i.extra["urgent"]) for i in read(text).get("requests")]


@pytest.mark.parametrize(
    ("sentence", "requests"),
    [
        (
            "Обращаюсь с просьбой пересмотреть её дело.",
            [("reconsider", "author", False)],
        ),
        ("Не откажите пересмотреть её дело.", [("reconsider", "author", False)]),
        ("Необходимо проверить её прошлое.", [("verify", "author", False)]),
        ("Следовало бы проверить её прошлое.", [("verify", "author", False)]),
        (
            "Прошу разберитесь и верните ей партийный билет.",
            [("reinstate", "author", False), ("verify", "author", False)],
        ),
        ("Исключение её прошу приостановить.", [("reconsider", "author", False)]),
        ("Материалы вышлите срочно.", [("give_information", "author", True)]),
        ("Прошу рассмотреть её дело вне очереди.", [("verify", "author", True)]),
        ("Просим восстановить её в партии.", [("reinstate", "author", False)]),
    ],
)
def test_the_ways_the_genre_asks(sentence, requests):
    assert _requests(letter(CASE + sentence)) == requests


def test_keeping_someone_in_the_party_is_no_request_but_a_stance():
    extraction = read(letter(CASE + "Ходатайствую о том, чтобы её оставили в партии."))
    assert values(extraction, "requests") == []
    assert values(extraction, "stance") == ["for"]


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        ("Прошу пересмотреть её дело.", "for"),
        ("Прошу вызвать её для объяснений.", "neutral"),
        ("Считаю исключение её ошибкой.", "for"),
        ("Исключение признано правильным.", "against"),
        ("Необходимо её вычистить как чуждый элемент.", "against"),
        ("Исключена она как «примазавшаяся». Прошу пересмотреть её дело.", "for"),
    ],
)
def test_stance_without_a_cue_phrase_follows_the_authors_request(sentence, stance):
    assert values(read(letter(CASE + sentence)), "stance") == [stance]


@pytest.mark.parametrize(
    ("sentence", "basis"),
    [
        ("Сам я Белову не знаю.", ["not_known_personally"]),
        ("Сама я тов. Белову лично не знаю.", ["not_known_personally"]),
        ("Белову я знаю по подполью с 1912 года.", ["knows_personally"]),
        ("Знаю её по работе с 1919 года.", ["observation_of_work"]),
        ("Знающий её по работе тов. Кротов может подтвердить.", []),
        ("Она ссылается на Вас как на человека, знающего её по работе.", []),
    ],
)
def test_whose_knowledge(sentence, basis):
    assert values(read(letter(CASE + sentence)), "basis") == basis


WIFE = (
    "Председателю ЦКК тов. Сольцу\n\n"
    "Пишет Вам жена исключённого коммуниста Бессонова Михаила. Мужа моего исключили за то, что "
    "его брат Лёвка служил у белых. Дочь наша Нюра и сын Костя учатся в школе. Не откажите "
    "пересмотреть дело моего мужа.\n\nЕ. Бессонова\n4 апреля 1922 г.\n"
)


def test_a_wife_writes_for_her_husband_and_their_children_are_his():
    extraction = read(WIFE)
    assert [
        (i.value["person"], i.value["relation"], i.value["of"]) for i in extraction.get("relatives")
    ] == [
        ("Е. Бессонова", "wife", "Бессонов Михаил"),
        ("Лёвка", "brother", "Бессонов Михаил"),
        ("Нюра", "daughter", "Бессонов Михаил"),
        ("Костя", "son", "Бессонов Михаил"),
    ]
    assert values(extraction, "stance") == ["for"]
    assert values(extraction, "requests") == ["reconsider"]


def test_the_controlling_bodies_are_bodies_not_people():
    text = letter(
        "Довожу до сведения Контрольной Комиссии, что Белова скрыла своё прошлое.",
        salutation="В Губернскую Контрольную Комиссию",
    )
    extraction = read(text)
    assert values(extraction, "addressees") == ["Губернская контрольная комиссия"]
    assert values(extraction, "other_people") == ["Белова"]


def test_a_salutation_by_name_and_patronymic_is_the_addressee_already_named():
    salutation = "Тов. Залуцкому\n\nДорогой Пётр Антонович!"
    text = letter(CASE + "Прошу проверить её дело.", salutation=salutation)
    extraction = read(text)
    assert values(extraction, "addressees") == ["Залуцкий"]
    assert values(extraction, "other_people") == []


def test_a_list_of_members_opened_by_a_colon_is_the_body():
    text = (
        "В Центральную Контрольную Комиссию\n\n"
        "Бюро ячейки фабрики просит проверить правильность исключения следующих товарищей:\n"
        "1. Лаптев Василий Петрович — ткач.\n2. Шубин Григорий — подмастерье.\n"
        "Всех знаем по работе как честных товарищей.\n\nСекретарь бюро Д. Голованов\n5.XI.1921 г.\n"
    )
    extraction = read(text)
    assert values(extraction, "addressees") == ["Центральная контрольная комиссия"]
    assert values(extraction, "requests") == ["verify"]


def test_a_page_dating_each_letter_above_its_salutation():
    page = (
        "3 февраля 1922 г.\n\nТоварищу Куйбышеву\n\nПрошу сообщить, рассмотрено ли дело тов. "
        "Прохорова.\n\nЕ. Ярославский\n\n11 февраля 1922 г.\n\nТоварищу Ярославскому\n\n"
        "Дело Прохорова рассмотрено. Исключение признано правильным.\n\nВ. Куйбышев\n"
    )
    first, _second = read_text(page, file_name="page.txt")
    assert values(extract(first, resolve=False), "date") == ["1922-02-03"]


def test_the_subject_named_after_being_described():
    text = letter(
        "Есть у нас старая работница, в партии с 1905 года, а теперь исключена проверочной "
        "комиссией. Это Никифорова Ксения Ивановна. Ходатайствую за неё."
    )
    assert values(read(text), "subjects") == ["Никифорова Ксения Ивановна"]


def test_the_subject_named_only_as_the_one_the_author_knows():
    text = letter("Сообщаю: тов. Жуковскую Веру Николаевну знаю по совместной работе в укоме.")
    extraction = read(text)
    assert values(extraction, "subjects") == ["Жуковская Вера Николаевна"]
    assert values(extraction, "basis") == ["observation_of_work"]


def test_my_husbands_expulsion_is_not_the_authors():
    extraction = read(WIFE)
    assert values(extraction, "subjects") == ["Бессонов Михаил"]


def test_a_bureaus_list_of_members_are_all_subjects_and_a_wife_among_them():
    text = (
        "В Центральную Контрольную Комиссию\n\n"
        "Бюро ячейки просит проверить правильность исключения следующих товарищей:\n"
        "1. Лаптев Василий Петрович — ткач.\n2. Лаптева Прасковья Ивановна, его жена — "
        "работница.\n3. Шубин Григорий — подмастерье.\nВсех знаем по работе.\n\n"
        "Секретарь бюро Д. Голованов\n5.XI.1921 г.\n"
    )
    extraction = read(text)
    assert values(extraction, "subjects") == [
        "Лаптев Василий Петрович",
        "Лаптева Прасковья Ивановна",
        "Шубин Григорий",
    ]
    assert [
        (i.value["person"], i.value["relation"], i.value["of"]) for i in extraction.get("relatives")
    ] == [("Лаптева Прасковья Ивановна", "wife", "Лаптев Василий Петрович")]


def test_his_own_wife_is_the_subjects():
    text = letter(
        "Член партии Ермолаев Тимофей исключён. Жену свою, Ермолаеву Дарью, он устроил на склад."
    )
    assert [
        (i.value["person"], i.value["relation"], i.value["of"]) for i in read(text).get("relatives")
    ] == [("Ермолаева Дарья", "wife", "Ермолаев Тимофей")]


SISTER = letter(
    "Тов. Смирнова Анна исключена районной комиссией. Знаю её с 1917 года, когда она вместе с "
    "её сестрой Верой работала в нашей ячейке. Её брат Вячеслав погиб под Царицыном."
)


def test_kin_named_by_given_name_alone_are_looked_up_with_the_family_surname():
    relatives = read(SISTER).get("relatives")
    assert [(i.value["person"], i.person.name) for i in relatives] == [
        ("Вера", "Вера Смирнова"),
        ("Вячеслав", "Вячеслав Смирнов"),
    ]


def test_a_sister_named_by_given_name_is_not_an_unrelated_registry_person(db):
    from commission.registry.models import Person
    from tests.factories import PersonFactory

    PersonFactory(given_name="Vera", patronymic="", surname="Zhukovskaya", gender="female")
    brother = PersonFactory(given_name="Vyacheslav", patronymic="", surname="Smirnov")
    before = Person.objects.count()
    (page,) = read_text(SISTER, file_name="letter.txt")
    relatives = extract(page).get("relatives")
    assert [(i.value["person"], i.person.resolution.status) for i in relatives] == [
        ("Вера", "proposed"),
        ("Вячеслав", "matched"),
    ]
    assert relatives[1].person.resolution.person_ref == brother.ref
    assert Person.objects.count() == before


def test_a_telegram_ends_its_sentences_with_tchk():
    sentences = people.sentences("Прошу приостановить ТЧК Кудрявцеву знаю лично ТЧК")
    assert len(sentences) == 2
    text = (
        "Вологда Губпроверкому\n\nИсключение члена партии Кудрявцевой Анны ЗПТ работницы "
        "льнозавода ЗПТ прошу приостановить ТЧК Кудрявцеву знаю лично по работе ТЧК Материалы "
        "вышлите срочно ЦКК ТЧК\n\nСольц\n22 октября 1921 г.\n"
    )
    extraction = read(text)
    assert values(extraction, "addressees") == ["Губпроверком"]
    assert values(extraction, "subjects") == ["Кудрявцева Анна"]
    # The sentences are apart, but "срочно" in a telegram is for all it asks.
    assert _requests(text) == [
        ("reconsider", "author", True),
        ("give_information", "author", True),
    ]
    assert values(extraction, "stance") == ["for"]
    assert values(extraction, "other_people") == []
