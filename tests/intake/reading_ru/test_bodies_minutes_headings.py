"""Russian letters that a body signs, extracts from minutes, a collection's headings and pages,
and the requests they word in their own way: each form in a short invented letter."""

from __future__ import annotations

from commission.intake.reading import extract, read_text
from commission.registry import cyrillic
from tests.intake.reading_ru.helpers import read, values


def requests(extraction):
    return [(i.value, i.extra["by"], i.extra["urgent"]) for i in extraction.get("requests")]


def test_a_telegrams_surnames_are_read_in_the_case_they_share_and_its_filing_time():
    ex = read(
        "ТЕЛЕГРАММА\n\nПринята 4/X 1921 г. 16 ч. 20 м.\nИз Котельнича № 118 подана 4/X 11 ч. 45 м."
        "\n\nМОСКВА ЦКК СОЛЬЦУ\n\nСРОЧНО УКОМИССИЯ ИСКЛЮЧИЛА ЧЛЕНОВ ПАРТИИ ОРЛОВСКОЙ ВОЛОСТИ "
        "ГЛУХОВА ТЕРЕНТЬЕВУ ЗА НЕЯВКУ ТЧК ОБА БЫЛИ В ОТЪЕЗДЕ ТЧК УКОМ ПРОСИТ ПРИОСТАНОВИТЬ "
        "РЕШЕНИЕ ТЧК ОТВЕТ ТЕЛЕГРАФЬТЕ\n\nКОТЕЛЬНИЧСКИЙ УКОМ\n"
    )
    assert values(ex, "subjects") == ["Глухов", "Терентьева"]
    assert values(ex, "time") == ["11:45"]
    assert values(ex, "author") == ["Котельничский уком"]
    assert ("reconsider", "author", True) in requests(ex)
    assert ("give_information", "author", True) in requests(ex)


def test_a_group_that_signs_alone_is_the_writer():
    ex = read(
        "В губернскую контрольную комиссию\n\nМы, рабочие мельницы, просим проверить члена "
        "партии Сафронова Илью Петровича, который торгует казенной мукой. Если не верите, "
        "пусть спросит любого рабочего на мельнице.\n\n"
        "Группа рабочих паровой мельницы № 3\nМарт 1922 г.\n"
    )
    assert values(ex, "author") == ["Группа рабочих паровой мельницы № 3"]
    assert values(ex, "date") == ["1922-03"]
    assert ("find_witnesses", "author", False) in requests(ex)


def test_an_extract_from_minutes_is_one_letter_signed_by_its_chairman_and_secretary():
    page = (
        "В губернскую проверочную комиссию\n\n# Выписка из протокола № 9\n\n"
        "**заседания бюро Данковского укома РКП(б) от 14 сентября 1921 г.**\n\n"
        "Присутствовали: тт. Зимин (председатель), Карпова, Лыков.\n\n---\n\n"
        "**Слушали:** Заявление т. Бобылева Семена Ильича, исключенного уездной проверочной "
        "комиссией за неявку на собрания.\n\n"
        "**Постановили:** Бюро укома ходатайствует о восстановлении т. Бобылева в рядах РКП(б). "
        "Просит губпроверком вызвать т. Бобылева, а также заслушать т. Лыкова, докладывавшего "
        "дело.\n\nПодлинный подписали:\nПредседатель бюро — **Зимин**\nСекретарь — **Карпова**\n\n"
        "С подлинным верно: делопроизводитель *О. Ветрова*\n"
    )
    (letter,) = read_text(page, file_name="extract.md")
    ex = extract(letter, resolve=False)
    assert values(ex, "author") == ["Зимин", "Карпова"]
    assert values(ex, "date") == ["1921-09-14"]
    assert values(ex, "subjects") == ["Бобылев Семён Ильич"]
    assert requests(ex) == [("reinstate", "author", False), ("hear", "author", False)]


def test_a_collections_page_its_heading_and_the_editors_month():
    page = (
        "<html><body><p>Главная » Документы » 1921 год » № 12</p><p>Поиск</p>"
        "<h2>№ 12. Заявление члена РКП(б) А. Т. Рябова о Н. И. Шехтер</h2>"
        "<p>Датируется октябрем 1921 г. по входящему номеру.</p><p>Публикуется по подлиннику.</p>"
        "<p>В губернскую проверочную комиссию</p>"
        "<p>Считаю долгом сообщить о члене партии Шехтер Лие Ильиничне, что она скрыла службу "
        "в земской управе. Прошу комиссию проверить это.</p><p>А. Рябов</p></body></html>"
    )
    (letter,) = read_text(page, file_name="page.html")
    ex = extract(letter, resolve=False)
    assert values(ex, "date") == ["1921-10"]
    assert values(ex, "subjects") == ["Шехтер Лия Ильинична"]
    assert values(ex, "author") == ["А. Рябов"]


def test_a_heading_of_writer_and_addressee_names_both_in_full():
    ex = read(
        "Г. И. ПЕТРОВСКИЙ — М. И. КАЛИНИНУ\n\n12 мая 1922 г.\nПубликуется по автографу\n\n"
        "Дорогой Михаил Иванович!\n\nОчень прошу Вас посмотреть дело слесаря Кудинова Павла "
        "Егоровича. Мне кажется, дело стоило бы пересмотреть. Его работу знает т. Рыжов — его бы "
        "и спросить.\n\nГ. П.\n"
    )
    assert values(ex, "author") == ["Г. И. Петровский"]
    assert values(ex, "addressees") == ["М. И. Калинин"]
    assert requests(ex) == [
        ("verify", "author", False),
        ("reconsider", "author", False),
        ("hear", "author", False),
    ]


def test_a_paper_for_someone_is_not_addressed_to_them():
    ex = read(
        "РЕКОМЕНДАЦИЯ С. Т. ЛАРИОНОВУ\n\nВ Хамовнический райком РКП(б)\n\nТоварища Степана "
        "Тимофеевича Ларионова знаю с 1918 г. по работе. Прошу принять его в члены партии.\n\n"
        "А. Бубнов\n"
    )
    assert values(ex, "addressees") == ["Хамовнический райком РКП(б)"]


def test_a_feminine_given_name_in_ie_is_brought_to_the_nominative():
    assert cyrillic.read_name("Марие Ивановне").text == "Мария Ивановна"
    assert cyrillic.read_name("Лие Абрамовне").text == "Лия Абрамовна"
