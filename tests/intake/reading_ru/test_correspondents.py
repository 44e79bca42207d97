"""Author and addressees of a Russian letter: ru.author and ru.addressees."""

from __future__ import annotations

import pytest

from commission.intake.reading import extract, read_text
from tests.intake.reading_ru.helpers import letter, read, values

BODY = "Прошу проверить дело тов. Беловой, исключённой районной комиссией без всяких оснований."


@pytest.mark.parametrize(
    ("salutation", "addressees"),
    [
        ("Товарищу Петрову", ["Петров"]),
        ("Тов. Сольц!", ["Сольц"]),
        ("Тт. Залуцкому и Сольцу", ["Залуцкий", "Сольц"]),
        ("Уважаемый товарищ Ярославский!", ["Ярославский"]),
        ("Дорогой Владимир Ильич!", ["Владимир Ильич"]),
        ("Председателю ЦКК тов. Сольцу", ["Сольц"]),
        ("В губернскую проверочную комиссию", ["Губернская проверочная комиссия"]),
        (
            "В Центральную комиссию по проверке и чистке партии",
            ["Центральная комиссия по проверке и чистке партии"],
        ),
        ("Уважаемый товарищ!", []),
        # the office with no name under it: the chairman, as the office is written
        (
            "Председателю уездной проверочной комиссии",
            ["Председатель уездной проверочной комиссии"],
        ),
    ],
)
def test_addressees(salutation, addressees):
    assert values(read(letter(BODY, salutation=salutation)), "addressees") == addressees


def test_a_body_and_a_person():
    extraction = read(letter(BODY, salutation="В губернскую проверочную комиссию\nтов. Петрову"))
    assert [(i.value, i.extra["kind"]) for i in extraction.get("addressees")] == [
        ("Губернская проверочная комиссия", "body"),
        ("Петров", "person"),
    ]


@pytest.mark.parametrize(
    ("closing", "author"),
    [
        ("С коммунистическим приветом,\nИ. Дроздов\n3 марта 1920 г.", "И. Дроздов"),
        ("С коммунистическим приветом, И. Дроздов\n3 марта 1920 г.", "И. Дроздов"),
        ("Секретарь укома И. Дроздов\n3 марта 1920 г.", "И. Дроздов"),
        ("Член РКП(б) с 1904 г. Н. Кузьмин\nМосква, 14 апреля 1921 г.", "Н. Кузьмин"),
        ("Ваш А. Шляпников\n3.III.20", "А. Шляпников"),
        (
            "Член РКП(б) с 1912 года, слесарь Путиловского завода С. Кузнецов\n2.XII.21 г.",
            "С. Кузнецов",
        ),
    ],
)
def test_signature(closing, author):
    assert values(read(letter(BODY, closing=closing)), "author") == [author]


def test_the_from_line_of_a_petition():
    text = (
        "В ЦКК РКП(б)\nот члена РКП(б) с 1917 года Смирновой Анны Петровны\n\nЗАЯВЛЕНИЕ\n\n"
        "Прошу пересмотреть моё дело: я исключена уездной комиссией без всяких оснований.\n"
    )
    extraction = read(text)
    assert [(i.value, i.extra["how"]) for i in extraction.get("author")] == [
        ("Смирнова Анна Петровна", "signature")
    ]
    assert values(extraction, "addressees") == ["ЦКК РКП(б)"]
    assert values(extraction, "subjects") == ["Смирнова Анна Петровна"]


def test_self_introduction():
    text = (
        "В губернскую проверочную комиссию\n\nЯ, Петрова Анна Ивановна, член партии с 1918 "
        "года, прошу пересмотреть решение уездной комиссии о моём исключении.\n"
    )
    assert [(i.value, i.extra["how"]) for i in read(text).get("author")] == [
        ("Петрова Анна Ивановна", "self-introduction")
    ]


def test_who_wrote_a_letter_down_for_its_writer_did_not_write_it():
    text = (
        "Товарищи!\n\nПишет вам мать Вениамина Тимофеевича Шумилова, которого исключили из "
        "партии. Прошу вас, верните сыну партийный билет.\n\nПелагея Кирилловна Шумилова\n\n"
        "Писала за неграмотную Шумилову ее соседка Е. Лаврова.\n"
    )
    (letter,) = read_text(text, file_name="letter.txt")
    authors = [i.value for i in extract(letter, resolve=False).get("author")]
    assert authors == ["Пелагея Кирилловна Шумилова"]


@pytest.mark.parametrize(
    ("closing", "authors"),
    [
        ("За бюро: секретарь Н. Ломов\n12/VI-21 г.", ["Бюро", "Н. Ломов"]),
        ("За президиум губКК — Н. Ломов\n12/VI-21 г.", ["Президиум губКК", "Н. Ломов"]),
        ("За секретаря укома — Н. Пестова\n14 сентября 1921 г.", ["Уком", "Н. Пестова"]),
    ],
)
def test_the_body_a_person_signs_for_writes_with_them(closing, authors):
    assert values(read(letter(BODY, closing=closing)), "author") == authors


def test_a_copy_line_under_the_letter_names_a_further_addressee():
    text = letter(
        BODY, closing="Л. Столбова\n3.XII.21\n\nКопия: Вологодской губернской контрольной комиссии."
    )
    assert "Вологодская губернская контрольная комиссия" in values(read(text), "addressees")


def test_a_letterhead_in_capitals_is_who_sends_and_the_dative_lines_whom_it_goes_to():
    text = (
        "ТВЕРСКАЯ ГУБЕРНСКАЯ ПРОВЕРОЧНАЯ КОМИССИЯ РКП\n"
        "3 июня 1921 г.\n"
        "№ 1187\n\n"
        "Кашинскому укому РКП\n"
        "тов. Шувалову\n\n"
        "На ваше отношение от 15 мая губпроверкомиссия сообщает, что дело тов. Лаврентьевой\n"
        "рассмотрено и решение уездной комиссии отменено.\n\n"
        "За председателя губпроверкомиссии –\n"
        "зам. председателя П. Оленин\n"
        "Секретарь Н. Ганина\n"
    )
    found = read(text)
    assert values(found, "addressees") == ["Кашинский уком РКП", "Шувалов"]
    assert values(found, "author") == ["Губпроверкомиссия", "П. Оленин", "Н. Ганина"]


def test_a_bodys_first_sentence_under_the_address_is_not_an_address():
    text = (
        "В Тверскую губернскую проверочную комиссию\n\n"
        "Бюро Весьегонского уездного комитета РКП(б), ознакомившись с итогами работы\n"
        "уездной проверочной комиссии, просит пересмотреть дело тов. Ганичева.\n\n"
        "Секретарь бюро укома Ив. Пахомов\n"
    )
    assert values(read(text), "addressees") == ["Тверская губернская проверочная комиссия"]


def test_a_petition_addressed_to_a_body_ending_in_the_partys_letters_from_a_peasant_woman():
    text = (
        "В Бежецкую уездную проверочную комиссию Р.К.П.\n"
        "от крестьянки деревни Горелово Поречской волости\n"
        "Агафьи Семеновны Кузьминой\n\n"
        "                        П Р О Ш Е Н И Е\n\n"
        "Покорнейше прошу уездную комиссию восстановить в партии мужа моего,\n"
        "Степана Ильича Кузьмина, исключенного по проверке без всякой вины.\n\n"
        "1921 года марта 28 дня.\n"
    )
    found = read(text)
    assert values(found, "addressees") == ["Бежецкая уездная проверочная комиссия Р.К.П"]
    assert values(found, "author") == ["Агафья Семёновна Кузьмина"]


def test_a_telegram_to_a_local_body_by_its_short_name_with_a_copy_is_addressed():
    text = (
        "ТЕЛЕГРАММА\n\n"
        "ПЕНЗА ГУБПРОВЕРКОМ КОПИЯ ГУБКОМ\n\n"
        "ЦЕНТРАЛЬНАЯ КОМИССИЯ ПРОСИТ СРОЧНО ТЕЛЕГРАФИРОВАТЬ ОСНОВАНИЯ ИСКЛЮЧЕНИЯ ЛОМОВА ТЧК\n\n"
        "ЗАЛУЦКИЙ\n"
    )
    assert len(values(read(text), "addressees")) == 2


def test_the_old_formula_names_who_signs_whoever_held_the_pen():
    ex = read(
        "Председателю губернской контрольной комиссии\n\nСына моего Семёна Кропотова исключили "
        "из партии на чистке. Прошу разобраться.\n\nК сему Пелагея Кропотова, а за "
        "неграмотностью её расписалась З. Лебедева.\n\n2 ноября 1921 года\n"
    )
    assert values(ex, "author") == ["Пелагея Кропотова"]


def test_an_editions_title_that_opens_with_its_writer_names_the_author_of_an_unsigned_copy():
    page = (
        "# Ф. Э. Дзержинский. В ЦКК РКП(б), тов. М. Ф. Шкирятову\n\n"
        "Написано: 2 декабря 1921 г.\n\nИсточник: копия, без подписи.\n\n---\n\n"
        "Тов. Шкирятов!\n\nПрошу проверить дело т. Беловой, исключённой районной комиссией без "
        "всяких оснований. Я знаю её по работе в ВЧК.\n"
    )
    (found,) = read_text(page, file_name="page.md")

    assert values(extract(found, resolve=False), "author") == ["Ф. Э. Дзержинский"]


def test_a_writer_who_signs_with_initials_alone():
    text = letter(
        "Что же с делом т. Беловой, о котором я писала Вам три недели назад? Не могли бы Вы "
        "сообщить мне, когда оно будет рассмотрено?",
        closing="Н. К.\n29.XII.21",
    )

    assert values(read(text), "author") == ["Н. К."]


def test_an_e_mail_thread_with_russian_headers_and_an_outlook_quote():
    letters = read_text(
        "От: Комиссия по врачебной этике <etika@vrachi.example>\n"
        "Кому: Ковалёва Наталья Игоревна <n.kovaleva@mail.example>\n"
        "Копия: Сафронов Олег Дмитриевич <o.safronov@vrachi.example>\n"
        "Дата: вторник, 14 ноября 2023 г., 16:42 +03:00\n"
        "Тема: Re: Жалоба на отстранение доктора Меркулова А. В.\n\n"
        "Уважаемая Наталья Игоревна!\n\nВаше обращение получено. Комиссия рассмотрит его на "
        "заседании 5 декабря. Просим прислать копию выписки из медицинской карты вашей матери."
        "\n\nС уважением,\nсекретарь Комиссии\nЕ. С. Дьяченко\n\n"
        "-----Original Message-----\nFrom: Ковалёва Наталья Игоревна <n.kovaleva@mail.example>\n"
        "Sent: Monday, November 13, 2023 9:07 PM\nTo: Комиссия по врачебной этике "
        "<etika@vrachi.example>\nSubject: Жалоба на отстранение доктора Меркулова А. В.\n\n"
        "Здравствуйте.\n\nВрача Андрея Викторовича Меркулова отстранили от работы и собираются "
        "лишить членства в Ассоциации. Прошу комиссию выслушать его, прежде чем принимать "
        "решение.\n\nКовалёва Наталья Игоревна\n",
        file_name="thread.txt",
    )
    assert len(letters) == 2  # the "Тема:" line is the header's, no letter of its own
    first, second = (extract(one, resolve=False) for one in letters)
    assert "Сафронов Олег Дмитриевич" in values(first, "addressees")
    assert (values(first, "date"), values(first, "time")) == (["2023-11-14"], ["16:42"])
    assert letters[1].text.startswith("Здравствуйте.")  # its header lines are no words of it
    assert "Комиссия по врачебной этике" in values(second, "addressees")  # its own "To:"
    assert "Сафронов Олег Дмитриевич" not in values(second, "addressees")  # not the page's "Cc"
    assert (values(second, "date"), values(second, "time")) == (["2023-11-13"], ["21:07"])


def test_the_next_messages_header_under_a_signature_is_that_messages():
    letters = read_text(
        "From: Ирина Андреевна Ковалёва <kovaleva@gkb7.example>\nTo: Комиссия по "
        "профессиональной этике <etika@palata.example>\nCc: Станислав Гурьевич Белых "
        "<belykh@gkb7.example>\nDate: Sun, 3 Mar 2024 10:14:05 +0300\nSubject: По делу "
        "д-ра Р. Н. Гаранина\n\nУважаемые члены комиссии!\n\nДоктор Роман Николаевич Гаранин "
        "исключён из палаты по жалобе родственников пациента. Прошу пересмотреть решение.\n\n"
        "С уважением,\nИ. А. Ковалёва\n\n\n"
        "From: Комиссия по профессиональной этике <etika@palata.example>\nTo: Ирина Андреевна "
        "Ковалёва <kovaleva@gkb7.example>\nDate: Mon, 4 Mar 2024 16:52:40 +0300\nSubject: RE: "
        "По делу д-ра Р. Н. Гаранина\n\nУважаемая Ирина Андреевна!\n\nВаше обращение получено "
        "и приобщено к делу. Просим прислать копию графика дежурств.\n\nСекретарь комиссии\n"
        "М. В. Оводова\n",
        file_name="thread.txt",
    )
    assert len(letters) == 2
    assert "From:" not in letters[0].text  # the reply's header is not the first's closing
    second = extract(letters[1], resolve=False)
    assert (values(second, "date"), values(second, "time")) == (["2024-03-04"], ["16:52"])
    assert "Станислав Гурьевич Белых" not in values(second, "addressees")
