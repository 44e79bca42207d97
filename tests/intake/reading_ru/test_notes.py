"""Editorial footnotes and inscriptions around a Russian letter, and its contacts: ru.notes and
ru.contacts."""

from __future__ import annotations

from tests.intake.reading_ru.helpers import letter, read, values

BODY = (
    "Прошу проверить дело тов. Каспаровой-Поповой[1], исключённой при проверке. "
    "Её адрес: Дом Советов № 3, кв. 63, тел. 58-97."
)
INSCRIPTION = (
    "Надпись на документе: «Сталину, Сафарову, Зиновьеву, Корнблюму. По поручению Владимира "
    "Ильича прошу срочно сообщить всё, что знаете о Каспаровой, и выяснить, кто её хорошо "
    "знает. Секретарь СНК Н. Лепешинская»."
)
FOOTNOTE = "[1] Е. Каспарова-Попова (Каспарова) была восстановлена в партии."


def _with_notes(*notes):
    return letter(BODY) + "\n" + "\n\n".join(notes) + "\n"


def test_outcome_of_a_footnote():
    extraction = read(_with_notes(FOOTNOTE))
    assert [(i.value, i.extra["alias"]) for i in extraction.get("outcomes")] == [
        ({"person": "Е. Каспарова-Попова", "outcome": "reinstated"}, "Каспарова")
    ]


def test_inscription_author_on_whose_behalf_and_inquiries():
    extraction = read(_with_notes(INSCRIPTION))
    (item,) = extraction.get("inscriptions")
    assert item.value["author"] == "Н. Лепешинская"
    assert item.value["on_behalf_of"] == "Владимир Ильич"
    assert item.extra["author_role"] == "Секретарь СНК"
    assert [
        (q["to"].name, q["about"].name, q["asks"], q["urgent"]) for q in item.extra["inquiries"]
    ] == [
        (name, "Каспарова-Попова", ["give_information", "find_witnesses"], True)
        for name in ("Сталин", "Сафаров", "Зиновьев", "Корнблюм")
    ]


def test_inscription_signed_by_hand_in_the_heading():
    text = _with_notes(
        "Надпись на документе рукой А. Енукидзе: «Тт. Шкирятову и Куйбышеву. Срочно сообщите, "
        "что известно комиссии о ней»."
    )
    (item,) = read(text).get("inscriptions")
    assert item.value["author"] == "А. Енукидзе"
    assert [(q["to"].name, q["about"].name) for q in item.extra["inquiries"]] == [
        ("Шкирятов", "Каспарова-Попова"),
        ("Куйбышев", "Каспарова-Попова"),
    ]


def test_contacts_are_the_subjects():
    extraction = read(letter(BODY))
    assert values(extraction, "contacts") == [
        {"kind": "address", "value": "Дом Советов № 3, кв. 63"},
        {"kind": "phone", "value": "58-97"},
    ]
    assert {i.person.name for i in extraction.get("contacts")} == {"Каспарова-Попова"}


def test_an_inscription_naming_nobody_is_about_the_letters_subject():
    text = _with_notes("На письме пометка рукой А. Сольца: «Тов. Шкирятову. Прошу проверить».")
    (item,) = read(text).get("inscriptions")
    assert item.value["author"] == "А. Сольц"
    assert [(q["to"].name, q["about"].name, q["asks"]) for q in item.extra["inquiries"]] == [
        ("Шкирятов", "Каспарова-Попова", ["verify"])
    ]


def test_an_address_after_the_signature_and_a_telephone_after_other_words():
    text = letter(
        "Прошу пересмотреть дело тов. Лосевой Анны Петровны, исключённой уездной комиссией. "
        "Живём мы: Москва, Сокольники, 2-я Лучевая просека, д. 7, кв. 2. Телефон у соседей: "
        "3-41-07.",
        closing="Ваш И. Дроздов\n\nМой адрес: г. Тверь, Заволжье, Школьная улица, дом 11.",
    )
    extraction = read(text)
    assert values(extraction, "contacts") == [
        {"kind": "address", "value": "Москва, Сокольники, 2-я Лучевая просека, д. 7, кв. 2"},
        {"kind": "address", "value": "г. Тверь, Заволжье, Школьная улица, дом 11"},
        {"kind": "phone", "value": "3-41-07"},
    ]
    assert values(extraction, "author") == ["И. Дроздов"]


def test_who_passed_a_telephone_message_on_is_not_its_writer():
    text = letter(
        "Прошу срочно сообщить, за что исключена тов. Лосева Анна Петровна.",
        closing="Член Президиума ЦКК В. Куйбышев\n\nПередала: Оршанская\nПринял: Лебедев",
    )
    assert values(read(text), "author") == ["В. Куйбышев"]


def test_every_name_signed_one_to_a_line_is_an_author():
    text = letter(
        "Рекомендуем в кандидаты партии работницу Лосеву Анну Петровну, знаем её по работе.",
        closing="Председатель губпроверкомиссии Н. Вершинин\nСекретарь Ю. Кац\n\n3 марта 1921 г.",
    )
    assert values(read(text), "author") == ["Н. Вершинин", "Ю. Кац"]


def test_a_resolution_across_the_sheet_above_the_letter_is_its_note():
    extraction = read(
        "[Поперёк листа, чернилами:] Тов. Шкирятову. Прошу проверить и доложить. А. Сольц. "
        "2/II.\n\nЧлену Президиума ЦКК\nтов. Сольцу\n\n"
        + letter(
            "Пишу вам о моём младшем брате. Он исключён Омской губКК в декабре 1923 года. Брата "
            "зовут Илья Маркович Зелинский, он в партии с 1917 года. Прошу разобраться.",
            closing="Д. Зелинский\nМосква, 28 января 1924 г.",
        )
    )
    # the letter's subject is the one its brother's name is, and the note asks about him
    assert values(extraction, "subjects") == ["Илья Маркович Зелинский"]
    (note,) = extraction.get("inscriptions")
    (inquiry,) = note.extra["inquiries"]
    assert inquiry["to"].name.startswith("Шкирятов")
    assert inquiry["about"].name == "Илья Маркович Зелинский"
    assert values(extraction, "author") == ["Д. Зелинский"]
