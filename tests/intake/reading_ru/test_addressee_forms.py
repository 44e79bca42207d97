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


def test_the_title_names_the_addressees_when_the_letter_greets_only_comrades():
    text = (
        "Письмо П. С. Гладышеву и членам бюро Саратовского губкома\n\n"
        "Печатается по рукописи.\n\n* * *\n\nТоварищи!\n\nПрошу принять в члены партии "
        "работницу Пелагею Фёдоровну Кудрину. Знаю её с осени 1916 года.\n\nИ. Востокова\n\n"
        "20 февраля (5 марта) 1918 г.\n"
    )
    extraction = read(text)
    assert values(extraction, "addressees") == ["П. С. Гладышев", "Бюро Саратовского губкома"]
    assert values(extraction, "date") == ["1918-03-05"]


def test_an_office_over_the_persons_line_is_his_office():
    text = (
        "Председателю ЦКК РКП(б)\nтов. Куйбышеву В. В.\n\nДорогой Валериан Владимирович!\n\n"
        "Обращаюсь к Вам по делу Обухова Степана Лукича, исключённого при проверке. Прошу "
        "вызвать его в ЦКК и выслушать.\n\nД. Кожемякин\n"
    )
    assert values(read(text), "addressees") == ["Куйбышев В. В."]


def test_a_body_written_with_a_small_v_under_the_persons_line():
    text = (
        "Товарищу Сольцу\nв Центральную Контрольную Комиссию\n\nУважаемый товарищ Сольц!\n\n"
        "Пишет Вам жена Михаила Тулупова, которого исключили из партии. Прошу пересмотреть "
        "его дело.\n\nПрасковья Тулупова\n"
    )
    assert values(read(text), "addressees") == ["Сольц", "Центральная контрольная комиссия"]


def test_a_resolution_under_an_editors_bracketed_label_greets_in_its_first_sentence():
    text = (
        "[Резолюция Г. Е. Зиновьева в левом верхнем углу письма:]\n\n"
        "Тов. Залуцкому. Прохорову знаю по «Скороходу» с 1918 г. — работница честная. Прошу "
        "срочно пересмотреть.\nГ. Зиновьев\n2.XII.21\n"
    )
    assert values(read(text), "addressees") == ["Залуцкий"]


def test_a_local_body_written_as_one_word_is_a_body_and_no_person():
    text = (
        "Уфимскому губпроверкому\n\nПрошу Губпроверкомиссию разобрать моё дело: меня исключили "
        "из партии как пассивную.\n\nЛукина Прасковья\n"
    )
    extraction = read(text)
    assert values(extraction, "addressees") == ["Уфимский губпроверком"]
    assert "Губпроверкомиссия" not in values(extraction, "subjects")


def test_a_telegrams_town_and_its_local_body():
    text = (
        "Телеграмма\n\nВологда Губпроверкому\n\nИсключение члена партии Кудрявцевой Анны ЗПТ "
        "работницы льнозавода ЗПТ прошу приостановить ТЧК Кудрявцеву знаю лично ТЧК\n\n"
        "Ярославский\n"
    )
    assert values(read(text), "addressees") == ["Губпроверком"]


def test_an_office_with_no_name_under_it_is_the_one_written_to():
    text = (
        "Секретарю Кашинского уездного комитета РКП(б)\n\n"
        "Прошу сообщить, за что исключён из партии т. Лаврентьев Пётр Ильич, работавший "
        "у вас в волости с 1919 года.\n\nЕ. Ярославский\n3 марта 1922 г.\n"
    )

    assert values(read(text), "addressees") == ["Секретарь Кашинского уездного комитета РКП(б)"]


def test_a_places_adjective_in_a_bodys_name_is_no_person():
    text = (
        "       ВЫПИСКА ИЗ ПРОТОКОЛА № 4\n"
        "  заседания Президиума Тверской Губернской Контрольной Комиссии\n\n"
        "СЛУШАЛИ: Дело т. Лаврентьева Петра Ильича, исключённого уездной комиссией.\n"
        "ПОСТАНОВИЛИ: Затребовать справку из бывшего Кашинского\n"
        "   полицейского управления.\n\nПредседатель Пахомов\n"
    )
    extraction = read(text)

    people = [*values(extraction, "addressees"), *values(extraction, "subjects"),
              *values(extraction, "other_people")]  # fmt: skip
    assert not [name for name in people if name.startswith(("Кашинск", "Тверск"))]
