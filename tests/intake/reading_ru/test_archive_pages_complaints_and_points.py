"""Russian pages and papers as an archive's site and today's offices set them out, each
invented: a viewer's links to the sheets beside, a collection's "Док. 1." heading, minutes whose
speakers talk after a colon, and a date range of the whole file in the header; a collection's
heading "writer — addressee" over its source line; a note written slantwise across a petition;
a complaint about someone's conduct, its requests as numbered points and its enclosures listed
under them; and the points of a decision, which ask nothing."""

from __future__ import annotations

from tests.intake.reading_checks import read_letters
from tests.intake.reading_ru.helpers import read, values

SITE = """Электронный архив Энского края

Главная › Ф. П-4 › Оп. 1 › Д. 12

Ф. П-4, оп. 1, д. 12, лл. 3–5 Машинопись Даты: 2–9 марта 1922 г.

‹ Л. 2 Открыть скан Л. 6 ›

Док. 1. Протокол № 4 общего собрания ячейки

ПРОТОКОЛ № 4
общего собрания ячейки РКП(б) депо станции Энск
от 2 марта 1922 г.

Присутствовали: членов — 18, кандидатов — 3.

СЛУШАЛИ: Дело тов. Зотова Игната Петровича, слесаря, члена РКП(б) с 1919 г.
Тов. Зотов: Опоздания признаю, больше не повторится.
Тов. Кукушкина: Работник он хороший, прошу оставить.

ПОСТАНОВИЛИ: Тов. Зотову И. П. объявить выговор.

Председатель Н. Рябова
Секретарь С. Пестов
"""


def test_a_sites_sheet_links_heading_and_minutes_with_speakers():
    letters, extractions = read_letters(SITE)
    assert len(letters) == 1
    minutes = extractions[0]
    assert values(minutes, "author") == ["Н. Рябова", "С. Пестов"]
    # the minutes' own date, not the last day of the file's span in the header
    assert values(minutes, "date") == ["1922-03-02"]


def test_a_collections_heading_writer_to_addressee_over_its_source_line():
    letters, extractions = read_letters(
        "П. С. Лукин — А. А. Сольцу\n\n"
        "Из собрания писем рабочих и крестьян в ЦКК. 1923 год\n\n"
        "Написано: 14 мая 1923 г.\nИсточник: Ф. 9, оп. 1, д. 40, л. 7. Автограф.\n\n* * *\n\n"
        "Дорогой Арон Александрович!\n\n"
        "Пишу тебе о Марии Зуевой, которую исключили на проверке в Туле. Прошу тебя "
        "пересмотреть её дело.\n\nТвой П. Лукин\n14/V-23\n"
    )
    assert len(letters) == 1
    assert values(extractions[0], "author") == ["П. Лукин"]


def test_a_note_slantwise_across_a_petition_is_not_its_signature():
    ex = read(
        "В Тульскую губернскую контрольную комиссию\n"
        "гр-ки Дьяковой Анны Петровны\n\n"
        "ЗАЯВЛЕНИЕ\n\n"
        "Довожу до сведения губКК, что член РКП(б) Рыбин Фёдор Ильич берёт с артели "
        "муку себе. Прошу губКК проверить.\n\n"
        "3/IV-22 г.                              А. Дьякова\n\n"
        "[Наискось по тексту синим карандашом:] Тов. Жукову. Проверить. Н. Зорин\n"
    )
    assert values(ex, "author") == ["Дьякова Анна Петровна"]
    assert values(ex, "date") == ["1922-04-03"]


def test_a_complaint_about_conduct_its_numbered_points_and_its_enclosures():
    ex = read(
        "В Квалификационную комиссию Адвокатской палаты\n"
        "от Сомовой Ирины Павловны,\n"
        "проживающей по адресу: г. Энск, ул. Садовая, д. 3\n\n"
        "ЖАЛОБА\n"
        "на действия адвоката Грачёва Олега Игоревича\n\n"
        "Адвокат Грачёв О. И. с марта 2024 г. представлял мои интересы в суде и пропустил "
        "срок подачи жалобы, о чём мне не сообщил.\n\n"
        "Прошу:\n"
        "1. Провести проверку изложенных фактов в отношении адвоката Грачёва О. И.\n"
        "2. Опросить моего брата Сомова П. П., который присутствовал при разговоре.\n"
        "3. Сообщить мне о результатах рассмотрения жалобы.\n\n"
        "Приложения:\n"
        "1. Копия соглашения № 7 от 12.03.2024.\n"
        "2. Копия определения суда.\n\n"
        "20 октября 2024 г.                         И. П. Сомова\n"
    )
    assert values(ex, "subjects") == ["Грачёв Олег Игоревич"]
    assert "Грачёв Олег Игоревич" not in values(ex, "addressees")
    assert [item.value for item in ex.get("requests")] == ["verify", "hear", "give_information"]
    assert values(ex, "date") == ["2024-10-20"]  # not the date of an enclosure


def test_the_points_of_a_decision_ask_nothing():
    ex = read(
        "Тульскому губкому РКП(б)\n\n"
        "ЦКК, рассмотрев дело тт. Лапиных, постановила:\n"
        "1. Лапина Петра Ивановича в партии восстановить.\n"
        "2. В отношении Лапиной Анны Семёновны решение укомиссии оставить в силе.\n\n"
        "Член ЦКК М. Шкирятов\n"
    )
    assert "reinstate" not in [item.value for item in ex.get("requests")]


def test_a_telephone_message_to_a_body_in_the_dative_and_a_comrade_there():
    ex = read(
        "Телефонограмма № 41\n"
        "3 марта 1921 г., 11 ч. 20 м.\n\n"
        "Из Рязанской губКК\n"
        "Скопинскому укому РКП(б), тов. Мохову\n\n"
        "Исполнение постановления губКК об исключении тов. Ерёминой приостанавливается до "
        "рассмотрения дела. Прошу сообщить, кто может дать о ней сведения.\n\n"
        "Председатель губКК Лыткин\n"
        "Передала Осокина\n"
        "Принял Рябов\n"
    )
    assert values(ex, "addressees") == ["Мохов", "Скопинский уком РКП(б)"]
    assert "Принял" not in " ".join(values(ex, "other_people"))


def test_an_address_carried_over_two_lines_under_the_senders_town():
    ex = read(
        "Ржевская уездная контрольная комиссия РКП(б)\n"
        "14.IX.1924 г.\n"
        "№ 311\n"
        "г. Ржев\n\n"
        "          Во Тверскую губернскую\n"
        "          контрольную комиссию\n\n"
        "При сем препровождается заявление тов. Сизова Петра Ивановича об отмене решения "
        "уКК. Просим рассмотреть.\n\n"
        "Председатель уКК           Н. Кукин\n"
    )
    assert values(ex, "addressees") == ["Тверская губернская контрольная комиссия"]
    assert not [v for v in values(ex, "other_people") if v.startswith("Рж")]  # the town
