"""The date and time a Russian letter was written: ru.dates."""

from __future__ import annotations

import pytest

from commission.intake.reading import extract, read_text
from tests.intake.reading_ru.helpers import letter, read, values

BODY = "Прошу проверить дело тов. Беловой, исключённой районной комиссией без всяких оснований."


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("3 марта 1920 г.", "1920-03-03"),
        ("3/III 1920 г.", "1920-03-03"),
        ("3.III.20", "1920-03-03"),
        ("20/XII-21 г.", "1921-12-20"),
        ("20.12.1921", "1921-12-20"),
        ("Москва, 14 апреля 1921 года", "1921-04-14"),
        ("20 декабря 1921 г. (7 дек. ст. ст.)", "1921-12-20"),
        ("7/20 декабря 1921 г.", "1921-12-20"),
        ("7 (20) декабря 1921 г.", "1921-12-20"),
        ("28/ХII—21 г.", "1921-12-28"),  # a Cyrillic Х in the Roman month, a dash
        ("17/Х11-21", "1921-12-17"),  # ones for I, as text recognition reads print
        # the day with its ending or in quotes, the month or the year first, as older hands
        # wrote; the New Style date in brackets; a Roman month without separators
        ("3-го марта 1921 г.", "1921-03-03"),
        ("«3» марта 1921 г.", "1921-03-03"),
        ("марта 3 дня 1921 года", "1921-03-03"),
        ("Февраля 3-го 1918 г.", "1918-02-03"),
        ("1921 г. марта 3", "1921-03-03"),
        ("1921, 3 марта", "1921-03-03"),
        ("20 февраля (5 марта) 1918 г.", "1918-03-05"),
        ("3 III 1921", "1921-03-03"),
    ],
)
def test_date_forms_in_the_closing(written, iso):
    extraction = read(letter(BODY, closing=f"И. Дроздов\n{written}"))
    assert values(extraction, "date") == [iso]


def test_a_date_above_the_salutation():
    text = "3 марта 1920 г.\n\n" + letter(BODY, closing="И. Дроздов")
    assert values(read(text), "date") == ["1920-03-03"]


def test_a_month_alone_has_month_precision():
    extraction = read(letter(BODY, closing="И. Дроздов\nдекабрь 1921 г."))
    assert [(i.value, i.extra) for i in extraction.get("date")] == [
        ("1921-12", {"precision": "month"})
    ]


def test_a_date_in_the_body_is_not_the_letters_date():
    body = BODY + " Семью её знаю с 12 мая 1912 года."
    assert values(read(letter(body, closing="И. Дроздов")), "date") == []


@pytest.mark.parametrize(
    ("written", "time"),
    [
        ("10.XI.1921 г., 11 час. 30 мин.", "11:30"),
        ("20 декабря 1921 г., 20.00", "20:00"),
        ("20 декабря 1921 г., в 8 ч. вечера", "20:00"),
    ],
)
def test_time_beside_the_date(written, time):
    extraction = read(letter(BODY, closing=f"Н. Лепешинская\n{written}"))
    assert values(extraction, "time") == [time]


def test_a_day_and_roman_month_take_the_year_of_the_editions_note():
    page = (
        "т. Молотов!\nПосылаю к сведению членам Политбюро. Поставьте, пожалуйста, на повестку "
        "этот вопрос о работе комиссии.\n23/XI. Ленин\n\nНаписано 23 ноября 1921 г.\n"
    )
    assert values(read(page), "date") == ["1921-11-23"]


def test_a_day_and_roman_month_take_the_year_of_an_editions_note_giving_the_month():
    page = (
        "т. Молотов!\nПосылаю к сведению членам Политбюро. Поставьте, пожалуйста, на повестку "
        "этот вопрос о работе комиссии.\n23/XI. Ленин\n\nНаписано в ноябре 1921 г.\n"
    )
    assert values(read(page), "date") == ["1921-11-23"]


def test_the_editions_note_gives_the_date_when_the_letter_has_none():
    page = (
        "т. Молотов!\nПосылаю к сведению членам Политбюро. Поставьте, пожалуйста, на повестку "
        "этот вопрос о работе комиссии.\nЛенин\n\nНаписано 5 декабря 1921 г.\n"
    )
    assert values(read(page), "date") == ["1921-12-05"]


def test_the_old_style_date_of_the_text_gives_way_to_the_editions_new_style_one():
    text = letter(
        BODY,
        closing="В. Ульянов (Ленин)\n\n28/XII 1917 г.\n\n"
        "Написано 28 декабря 1917 г. (10 января 1918 г.)\nПечатается по рукописи",
    )
    assert values(read(text), "date") == ["1918-01-10"]


def test_the_date_of_an_extract_from_minutes_in_its_heading():
    text = (
        "Выписка из протокола № 14 заседания бюро ячейки при Кулебакском заводе от 9 ноября "
        "1921 г.\n\nПостановили: ходатайствовать перед укомом о восстановлении тов. Беловой "
        "в партии, так как исключена она без всяких оснований.\n\nСекретарь ячейки И. Дроздов\n"
    )
    assert values(read(text), "date") == ["1921-11-09"]


def test_the_new_style_date_in_brackets_after_the_old_one():
    text = (
        "В Петербургский комитет РСДРП(б)\n\nПетроград, 28 декабря 1917 г. (10 января 1918 г.)"
        "\n\nТоварищи!\n\nРайонный комитет просит утвердить прием в члены партии работницы "
        "Елизаветы Степановны Ковригиной. Рекомендуют ее тт. Скворцова и Ахматов.\n\n"
        "Н. Сушкова\n"
    )
    extraction = read(text)
    assert values(extraction, "date") == ["1918-01-10"]
    # those who recommend her are not whom the letter is about
    assert values(extraction, "subjects") == ["Елизавета Степановна Ковригина"]


def test_the_date_of_minutes_on_a_line_of_its_own_under_the_heading():
    text = (
        "Рогожско-Симоновскому райкому РКП(б)\n\nВЫПИСКА\nиз протокола № 14 заседания бюро "
        "ячейки РКП(б)\nмыловаренного завода № 3\nот 12 октября 1921 г.\n\nПрисутствовали: тт. "
        "Лыткин, Пахомов.\n\nСлушали: заявление работницы Мартыненко Веры Ильиничны о "
        "восстановлении её в партии.\n\nПостановили: ходатайствовать о её восстановлении.\n\n"
        "Секретарь бюро С. Лыткин\n"
    )
    assert values(read(text), "date") == ["1921-10-12"]


def test_a_day_and_roman_month_with_the_year_an_editor_gives():
    text = (
        "Тов. Шкирятов!\n\nПосылаю письмо Осокиной. Пишет, что мужа её исключили ни за что. "
        "Прошу проверить.\n\n26/VII. М. Калинин\n\nДатируется 1921 г. по содержанию. Подлинник.\n"
    )
    assert values(read(text), "date") == ["1921-07-26"]


def test_each_document_of_a_page_takes_its_own_edition_date_in_the_pages_year():
    page = (
        "# В. И. Ленин. Записки и телефонограммы. 1921\n\n---\n\n## 214\n\n### ЗАПИСКА А. А. "
        "СОЛЬЦУ\n\nТов. Сольц!\n\nПрошу Вас поскорее посмотреть дело т. Гусевой, исключённой на "
        "Пресне. Я знаю её с 1905 года.\n\n*Ленин*\n\n*Написано 2 сентября*\n\n"
        "*Печатается по рукописи*\n\n---\n\n## 215\n\n### ТЕЛЕФОНОГРАММА В. М. МОЛОТОВУ\n\n"
        "Прошу запросить Самарский губком по делу Брагиных, отца и сына; оба исключены.\n\n"
        "*Ленин*\n\n*Передано по телефону 6 сентября в 11 ч. 40 м.*\n"
    )
    first, second = [extract(letter, resolve=False) for letter in read_text(page, file_name="p.md")]
    assert [i.value for i in first.get("date")] == ["1921-09-02"]
    assert [i.value for i in second.get("date")] == ["1921-09-06"]
    assert [i.value for i in second.get("time")] == ["11:40"]


def test_a_commission_of_today_dates_its_papers_in_this_century():
    text = letter(
        "Прошу проверить изложенные факты и привлечь адвоката Лисицына О. В. к "
        "дисциплинарной ответственности за неявку в судебное заседание.",
        closing="3 марта 2024 г.                         С. И. Пономарёва",
    )

    assert values(read(text), "date") == ["2024-03-03"]


def test_an_emails_date_header_gives_its_date_and_time():
    text = (
        "From: Ирина Андреевна Ковалёва <kovaleva@example.org>\n"
        "To: Комиссия по профессиональной этике <etika@example.org>\n"
        "Date: Sun, 3 Mar 2024 10:14:05 +0300\n\n"
        "Уважаемые члены комиссии!\n\nПрошу пересмотреть решение в отношении доктора Р. Н. "
        "Гаранина и учесть, что нагрузка в ту смену была двойной.\n\nС уважением,\n"
        "И. А. Ковалёва\n"
    )
    extraction = read(text)

    assert values(extraction, "date") == ["2024-03-03"]
    assert values(extraction, "time") == ["10:14"]
