"""Russian lines for cleaning and splitting: ru.lines and the page reader that asks it."""

from __future__ import annotations

import pytest

from commission.intake.reading import extract, read_text
from commission.intake.reading.ru import lines
from tests.intake.reading_ru.helpers import values


@pytest.mark.parametrize(
    "line",
    [
        "Товарищу Петрову",
        "В губернскую проверочную комиссию",
        "Тов. Сольц!",
        "Уважаемый товарищ!",
        "Тт. Залуцкому и Сольцу",
        "Председателю ЦКК тов. Сольцу",
        "Дорогой Владимир Ильич!",
        "Товарищи!",
        "т. Шкирятову",  # an edition prints a note's first line in lower case
        "т. Сольц!",
        "А. А. Сольцу",  # an edition's heading naming the addressee
    ],
)
def test_salutations(line):
    assert lines.line_kind(line) == ("salutation", "")


def test_a_sentence_that_begins_like_an_address_is_running_text():
    line = "Товарищу Петрову я уже писал об этом деле в прошлом месяце, но ответа не получил."
    assert lines.line_kind(line) == ("prose", "")


@pytest.mark.parametrize(
    "line",
    [
        "Надпись на документе: «Срочно. Сталину, Сафарову».",
        "На письме пометка: «В архив».",
        "Резолюция: «Запросить губком».",
        "[Поперёк текста рукой Н. Лепешинской: «Срочно»]",
    ],
)
def test_inscriptions(line):
    assert lines.line_kind(line) == ("inscription", "")


def test_header_field_is_kept_as_boilerplate_and_read_as_a_field():
    assert lines.line_kind("Источник: Архив ЦКК, дело № 412.") == ("nav", "")
    assert lines.header_field("Печатается по машинописной копии: ф. 17") == (
        "Source",
        "ф. 17",
    )


def test_notes_heading_and_asterisk_footnote():
    assert lines.line_kind("Примечания") == ("notes_heading", "")
    assert lines.line_kind("* Восстановлена в партии.") == ("footnote", "*")


def test_latin_lines_are_left_to_the_english_rules():
    assert lines.line_kind("Comrade Solts,") is None


def test_a_page_splits_into_letters_with_their_header_and_notes():
    page = (
        "Источник: Архив ЦКК, дело № 412. Машинописная копия.\n\n"
        "Товарищу Шкирятову\n\n"
        "Прошу проверить дело тов. Беловой[1], исключённой районной комиссией без оснований.\n\n"
        "И. Дроздов\n3 марта 1920 г.\n\n"
        "Тов. Сольц!\n\n"
        "Ходатайствую о восстановлении тов. Орлова, которого знаю по работе с 1918 года.\n\n"
        "Н. Кузьмин\n\n"
        "[1] Белова была восстановлена в партии.\n"
    )
    letters = read_text(page, file_name="page.txt")
    assert [letter.text.splitlines()[0] for letter in letters] == [
        "Товарищу Шкирятову",
        "Тов. Сольц!",
    ]
    assert letters[0].notes_text == "[1] Белова была восстановлена в партии."
    assert letters[1].notes_text == ""
    assert letters[0].provenance.source == "Архив ЦКК, дело № 412. Машинописная копия."
    assert letters[0].provenance.channel == "archive_page"


def test_an_editions_note_without_a_colon_is_a_header_field_not_running_text():
    line = "Печатается по машинописной копии. Архив ЦКК, дело № 88."
    assert lines.header_field(line) == ("Source", line)
    assert lines.line_kind(line) == ("nav", "")
    page = (
        "Документ № 14\n"
        f"{line}\n\n"
        "Тов. Сольцу\n\n"
        "Прошу рассмотреть дело тов. Мельникова, исключённого районной комиссией. "
        "Я знаю его по подполью с 1912 года.\n\n"
        "Е. Ярославский\n7.XII.1921\n"
    )
    (letter,) = read_text(page, file_name="page.txt")
    assert letter.text.startswith("Тов. Сольцу")


@pytest.mark.parametrize("line", ["Т. Карасёв", "Е. В. Дёмина", "И. Дроздов"])
def test_initials_and_a_surname_alone_are_a_signature_not_a_salutation(line):
    assert lines.line_kind(line) is None


def test_initials_and_a_surname_in_the_dative_still_address():
    assert lines.line_kind("Т. Петрову") == ("salutation", "")


@pytest.mark.parametrize(
    "line",
    [
        "Полное собрание сочинений. Издание пятое. Том 53",
        "Письма. Август 1921 — октябрь 1921",
        "в Полном собрании сочинений,",
        "5 изд., т. 53                                  Печатается по рукописи",
        "Подлинник. Рукопись (почерк соседки). Орфография исправлена.",
        "Документ № 10 →",
    ],
)
def test_a_collected_editions_lines_around_a_letter_are_the_pages(line):
    assert lines.line_kind(line) == ("nav", "")


def test_a_collected_editions_page_gives_the_letter_alone():
    page = (
        "В. И. ЛЕНИН\nПолное собрание сочинений. Издание пятое. Том 53\n\n"
        "Письма. Август 1921 — октябрь 1921\n\n312\n\nА. А. СОЛЬЦУ\n\nт. Сольц!\n\n"
        "Губернская комиссия исключила из партии Ивана Петровича Лаптева, старого рабочего. "
        "Прошу Вас пересмотреть это дело.\n\nЛенин\n\nНаписано 7 октября 1921 г.\n"
        "Впервые напечатано в 1965 г.\nв Полном собрании сочинений,\n"
        "5 изд., т. 53                     Печатается по рукописи\n"
    )
    (letter,) = read_text(page, file_name="page.txt")
    assert letter.text.rstrip().endswith("Ленин")
    assert "Печатается" not in letter.text


def test_who_writes_under_the_address_line_belongs_to_the_address():
    line = "от секретаря ячейки РКП Коломенского машиностроительного завода Г. Фролова"
    assert lines.line_kind(line) is None


def test_an_unsigned_telephone_message_on_an_editions_page_is_the_running_heads_writers():
    page = (
        "В. И. ЛЕНИН\n                          118\n\n"
        "          ТЕЛЕФОНОГРАММА Е. М. ЯРОСЛАВСКОМУ\n\nТов. Ярославскому\n\n"
        "Прошу срочно выяснить, за что районной комиссией исключен из партии старый печатник "
        "Бородулин.\n\nПередано по телефону 3 декабря 1921 г. в 12 час. 40 мин.\n"
        "Принял дежурный секретарь Фомичев\n\nВпервые напечатано в 1965 г.\n"
    )
    (letter,) = read_text(page, file_name="page.txt")
    extraction = extract(letter, resolve=False)
    assert [(i.value, i.extra["how"]) for i in extraction.get("author")] == [
        ("В. И. Ленин", "archive header")
    ]
    assert [i.value for i in extraction.get("addressees")] == ["Е. М. Ярославский"]
    assert [i.value for i in extraction.get("date")] == ["1921-12-03"]
    assert [i.value for i in extraction.get("time")] == ["12:40"]


def test_a_footnote_with_a_superscript_marker_stays_with_its_letter():
    page = (
        "Молотову.¹\n\nЗапросить Сольца о Глебове: за что исключён и кто его знает по Сормову. "
        "Письмо жены его прилагаю — прочтите.\n\nЛенин\n\n14/IX.21\n\n"
        "¹ Записка написана на письме А. Н. Глебовой. В ноябре 1921 г. ЦКК восстановила Н. И. "
        "Глебова в партии. — Ред.\n"
    )
    (letter,) = read_text(page, file_name="page.txt")
    assert letter.notes_text.startswith("¹ Записка написана")
    assert [note.marker for note in letter.notes] == ["1"]


def test_an_editions_note_carried_over_several_lines_is_the_pages():
    page = (
        "Тов. Сольцу\n\nПрошу проверить дело Кочетковой со всем вниманием, приняв в расчет, из "
        "какой семьи она вышла.\n\nВ. Ульянов (Ленин)\n\nНаписано 14 января 1922 г.\n"
        "Впервые напечатано в 1970 г.\nв Ленинском сборнике XXXIX\nПечатается по машинописной\n"
        "копии, подписанной\nВ. И. Лениным\n"
    )
    (letter,) = read_text(page, file_name="page.txt")
    assert letter.text.rstrip().endswith("В. Ульянов (Ленин)")
    extraction = extract(letter, resolve=False)
    assert [i.value for i in extraction.get("author")] == ["Ленин"]


def test_a_sites_footer_is_not_the_letters_closing():
    letters = read_text(
        "<html><head><meta charset='utf-8'></head><body><p>Уважаемый товарищ Ярославский!</p>"
        "<p>Прошу пересмотреть дело моего деверя Глеба Прокофьева, исключённого губКК.</p>"
        "<p>С товарищеским приветом<br>А. Прокофьева<br>5 мая 1923 г.</p>"
        "<p>« Предыдущий документ | Следующий документ »</p>"
        "<p>© Электронный архив, 2019–2024. При перепечатке ссылка обязательна.</p>"
        "<p>Контакты | Правила использования</p></body></html>",
        file_name="page.html",
    )
    (one,) = letters
    assert "Правила" not in one.text
    assert "©" not in one.text
    assert values(extract(one, resolve=False), "author") == ["А. Прокофьева"]
