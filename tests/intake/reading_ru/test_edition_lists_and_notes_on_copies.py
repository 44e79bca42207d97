"""A Russian collection's page set out in Markdown: each document's fields as a list ("-
**Написано:** …"), a note on the copy under a letter ("На копии помета: …"), the compilers and
a link back to the contents at the foot of the page; and an addressee whose given name is also
a common word, in the dative at the head of the address («Надежде Константиновне Крупской»)."""

from __future__ import annotations

from tests.intake.reading_checks import read_letters
from tests.intake.reading_ru.helpers import values

PAGE = """# Проверка 1921 года в Муромском уезде

Сборник документов. Муром, 2001.

* * *

## № 7. Характеристика бюро ячейки на И. Т. Сомова

- **Написано:** 12 сентября 1921 г.
- **Источник:** ГАВО. Ф. П-3. Оп. 1. Д. 77. Л. 4. Подлинник.

В Муромскую уездную проверочную комиссию

Тов. Сомов Илья Тимофеевич, член РКП с 1919 года, слесарь депо. Бюро ячейки считает его
выдержанным членом партии и просит комиссию оставить его в партии.

Секретарь ячейки   П. Ларина

* * *

## № 8. Письмо А. Т. Сомовой Н. К. Крупской

- **Написано:** 20 сентября 1921 г.
- **Впервые опубликовано:** Муромский край. 1990. № 2. С. 17.

Председателю Главполитпросвета
Надежде Константиновне Крупской

Глубокоуважаемая Надежда Константиновна!

Я сестра Ильи Тимофеевича Сомова, слесаря депо, которого уездная комиссия исключила из
партии. Прошу Вас замолвить за брата слово.

Анна Сомова

На копии помета: «Тов. Лебедеву. Прошу разобраться. Н. Крупская».

* * *

*Составители: О. П. Кудрина, В. В. Жаров.* [Вернуться к содержанию](index.md)
"""


def test_a_collections_fields_as_a_list_head_its_documents_and_its_foot_is_the_pages():
    letters, extractions = read_letters(PAGE, "murom.md")
    assert len(letters) == 2  # the compilers and the link back are no document
    first, second = extractions
    assert values(first, "date") == ["1921-09-12"]
    assert values(second, "date") == ["1921-09-20"]
    assert letters[1].text.startswith("Председателю Главполитпросвета")
    assert "Написано" not in letters[1].text
    assert "Написано" not in values(second, "addressees")


def test_a_note_on_the_copy_is_the_letters_note_and_the_addressee_is_named_in_full():
    letters, extractions = read_letters(PAGE, "murom.md")
    second = extractions[1]
    assert "На копии помета" in letters[1].notes_text
    assert "помета" not in letters[1].text
    assert values(second, "author") == ["Анна Сомова"]
    assert "Надежда Константиновна Крупская" in values(second, "addressees")


CASE_FILE_PAGE = """<html><head><meta charset="utf-8"><title>Дело № 1925/88</title></head><body>
<p>Открытый архив</p>
<h2>Дело № 1925/88</h2>
<ul><li>Л. 1. Заявление</li><li>Л. 2. Справка отдела кадров</li>
<li>Л. 3. Выписка из протокола</li></ul>
<h1>Заявление сослуживца о заведующем складом треста «Химшёлк»</h1>
<p>В Московскую Контрольную Комиссию РКП(б)</p>
<p>Москва, 3.X.1925</p>
<p>Товарищи!</p>
<p>Заведующий складом Рябинин Олег Семёнович, исключённый было из партии в 1921 году и потом
восстановленный, снова берёт со склада что хочет. Прошу проверить книги склада.</p>
<p>Сослуживец</p>
</body></html>
"""


def test_a_sites_list_of_the_files_sheets_and_the_pages_title_are_no_letter():
    letters, extractions = read_letters(CASE_FILE_PAGE, "delo.html")
    assert len(letters) == 1
    (ex,) = extractions
    assert values(ex, "addressees") == ["Московская контрольная комиссия РКП(б)"]
    assert values(ex, "date") == ["1925-10-03"]


def test_names_after_a_works_named_for_someone_and_surname_first_before_a_given_name():
    letters, extractions = read_letters(
        "# Фабрика им. Урицкого: ячейка, 1924\n\n> Публикуется по копиям из семейного архива.\n\n"
        "## 1. Рекомендация\n\nВ ячейку РКП(б) фабрики им. Урицкого\n\nРекомендую в члены "
        "РКП(б) работницу фабрики им. Урицкого Мартынову Зинаиду Павловну, которую знаю по "
        "работе с 1918 года.\n\nП. Лосев\n3/III-1924\n\n## 2. Отказ в рекомендации\n\n"
        "В бюро ячейки РКП(б) фабрики им. Урицкого\n\nКандидат РКП(б) Ручьёв Дмитрий просил "
        "меня дать ему рекомендацию. Дать её я не могу: на собраниях он молчит.\n\n"
        "П. Лосев\n3/III-24\n",
        "urick.md",
    )
    assert len(letters) == 2  # the page's title is no document
    first, second = extractions
    assert values(first, "subjects") == ["Мартынова Зинаида Павловна"]
    assert "Урицкий" not in values(first, "other_people")
    assert values(second, "subjects") == ["Ручьёв Дмитрий"]


def test_the_kind_of_paper_a_deity_and_a_regions_abbreviation_are_no_one():
    _letters, (ex,) = read_letters(
        "Председателю Уфимской Губернской Контрольной Комиссии\n\n"
        "от вдовы Анисьи Петровны Гарифуллиной\n\n                    Прошение\n\n"
        "Сын мой Рашит Гарифуллин исключён постановлением Башк. ОКК из партии, а за что, не "
        "знаю. Прошу, Христа ради, заступитесь за сына и восстановите его в партии.\n\n"
        "А. Гарифуллина\n"
    )
    assert values(ex, "addressees") == ["Председатель Уфимской Губернской Контрольной Комиссии"]
    assert values(ex, "subjects") == ["Рашит Гарифуллин"]
    people = values(ex, "other_people") + values(ex, "subjects")
    assert not any(p.startswith(("Христ", "Башк")) for p in people)


def test_a_letterhead_in_capitals_with_the_partys_letters_is_no_sentence():
    _letters, (ex,) = read_letters(
        "КАЛУЖСКАЯ ГУБЕРНСКАЯ КОНТРОЛЬНАЯ КОМИССИЯ Р.К.П.\n4/V-22\nN 311\n\n"
        "Мещовскому уездному комитету РКП\n\nПрепровождается заявление тов. Хромова на члена "
        "РКП Зыкова Е. П. для проверки на месте. О результатах сообщите не позднее 1 июня.\n\n"
        "Председатель Губконтрольной Комиссии   С. Ляпунов\n"
    )
    assert values(ex, "addressees") == ["Мещовский уездный комитет РКП"]
    assert values(ex, "date") == ["1922-05-04"]


def test_a_greeting_of_a_bodys_members_is_to_the_body():
    _letters, (ex,) = read_letters(
        "Дорогие товарищи из Центральной Контрольной Комиссии!\n\nПишет вам вдова Мария Лукина. "
        "Сына моего Петра Лукина исключили из партии в сентябре. Прошу вас разобраться.\n\n"
        "М. Лукина\n"
    )
    assert values(ex, "addressees") == ["Центральная контрольная комиссия"]
    _letters, (ex,) = read_letters(
        "Товарищи проверщики!\n\nСына моего Петра Лукина исключили из партии. Прошу "
        "разобраться.\n\nМ. Лукина\n"
    )
    assert values(ex, "addressees") == []


def test_the_name_a_woman_took_in_marriage_and_an_old_address_word():
    _letters, (ex,) = read_letters(
        "В Осинский уездный комитет РКП\n\nУзнав, что бывшая моя ученица Анна Петровна Кротова, "
        "ныне по мужу Зимина, подвергается проверке, считаю долгом засвидетельствовать, что "
        "купцов в её роду не было.\n\nС совершенным почтением\nИ. Смирнов\n\n"
        "Оса, 2 июля 1920 г.\nЖительствую: Заречная улица, дом № 4.\n"
    )
    assert values(ex, "subjects") == ["Анна Петровна Зимина"]
    assert values(ex, "date") == ["1920-07-02"]
    assert values(ex, "author") == ["И. Смирнов"]


def test_a_wifes_surname_signed_alone_under_a_telegram_is_hers_not_her_husbands():
    _letters, (ex,) = read_letters(
        "ТЕЛЕГРАММА\nКашин  № 41  сл. 30  3/III 1922  11 ч. 20 м.\n\nСРОЧНАЯ\n\n"
        "МОСКВА ЦКК СОЛЬЦУ\n\n"
        "ПРОШУ ЗАСТУПИТЬСЯ МУЖ ОКУНЕВ ПАВЕЛ ИЛЬИЧ ИСКЛЮЧЕН НЕПРАВИЛЬНО ОГОВОРИЛ ЗАВЕДУЮЩИЙ "
        "СКЛАДОМ ЛОБОВ УКОМ ОТКАЗЫВАЕТ ПЕРЕСМОТРЕТЬ ПРОШУ ЗАТРЕБОВАТЬ ДЕЛО ВОССТАНОВИТЬ "
        "ОТВЕТ ПРОШУ КАШИН ЗАРЕЧНАЯ 4 ОКУНЕВОЙ\n\nОКУНЕВА\n"
    )
    assert values(ex, "author") == ["Окунева"]


def test_in_a_telegram_the_one_expelled_is_named_before_the_participle_and_is_the_writers_kin():
    _letters, (ex,) = read_letters(
        "ТЕЛЕГРАММА\nКашин  № 41  сл. 30  3/III 1922  11 ч. 20 м.\n\nМОСКВА ЦКК СОЛЬЦУ\n\n"
        "ПРОШУ ЗАСТУПИТЬСЯ МУЖ ОКУНЕВ ПАВЕЛ ИЛЬИЧ ИСКЛЮЧЕН НЕПРАВИЛЬНО ОГОВОРИЛ ЗАВЕДУЮЩИЙ "
        "СКЛАДОМ ЛОБОВ ПРОШУ ЗАТРЕБОВАТЬ ДЕЛО\n\nОКУНЕВА\n"
    )
    assert values(ex, "subjects")[0] == "Окунев Павел Ильич"
    assert {"person": "Окунева", "relation": "wife", "of": "Окунев Павел Ильич"} in values(
        ex, "relatives"
    )
