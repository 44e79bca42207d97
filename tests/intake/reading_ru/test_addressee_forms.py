"""Russian address lines a telegram or a note on another paper gives."""

from __future__ import annotations

from tests.intake.reading_ru.helpers import read, values


def test_a_telegrams_town_and_office_line_names_the_addressee():
    text = (
        "ТЕЛЕГРАММА\nВологда. Председателю губкомиссии по проверке тов. Рябову.\n\n"
        "Срочно сообщите, за что исключён член партии Тихон Ильич Забелин.\n\nЯрославский\n"
    )

    assert values(read(text), "addressees") == ["Рябов"]


def test_the_paper_a_note_is_written_on_does_not_name_the_addressee():
    text = (
        "Пометка на заявлении С. Д. Ладыгиной\n\nТов. Шкирятову.\n"
        "Ладыгину не знаю. Прошу проверить её дело и доложить мне.\n\nЕ. Ярославский\n"
    )
    extraction = read(text)

    assert values(extraction, "addressees") == ["Шкирятов"]
    assert "С. Д. Ладыгина" not in values(extraction, "addressees")


def test_a_copy_line_names_an_addressee_and_a_quoted_name_no_person():
    text = (
        "В Оргбюро ЦК РКП(б)\nКопия — тов. Молотову\n\n"
        "Прошу проверить дело работницы фабрики «Красная Роза» Анны Петровны Лосевой, "
        "исключённой районной комиссией.\n\nИ. Дроздов\n"
    )
    extraction = read(text)

    # a copy goes to its recipient as well, as the English rules read "Copy to"
    assert values(extraction, "addressees") == ["Оргбюро ЦК РКП(б)", "Молотов"]
    assert "Роза" not in {p.name for p in extraction.people()}


def test_the_lines_under_who_writes_are_hers_not_an_addressee():
    text = (
        "В Центральную Контрольную Комиссию\nот вдовы красноармейца Тюриной Марии Степановны,\n"
        "проживающей в г. Коломне, Пятницкая ул., д. 4\n\nЗаявление\n\nПрошу вас рассмотреть "
        "дело моего сына Тюрина Алексея Павловича, исключённого уездной комиссией.\n\nМ. Тюрина\n"
    )
    assert values(read(text), "addressees") == ["Центральная контрольная комиссия"]
