"""A case file as it comes: sheets set off by a rule with their number ("=== Л. 2 ==="), a
petition's "от …" line under its address, a signature over the rule that ends a sheet, a
certificate whose signatures another attests, the date of a later document in the heading
lines of an edition's page, and a telegram form's lines in English."""

from __future__ import annotations

from tests.intake.reading_checks import read_page, values

CASE_FILE = """\
Дело № 17. Сомов К. Ф. (Ржевский уком РКП(б), 1922 г.)

=== Л. 1 ===

В Тверскую губернскую контрольную комиссию

Уком препровождает заявление члена РКП(б) т. Сомова Кирилла Фомича, исключённого
губпроверкомиссией, и просит пересмотреть решение о нём.

Секретарь укома          Н. Бобылёв

=== Л. 2 ===

В Тверскую губернскую контрольную комиссию
от члена РКП(б) с 1918 г. Сомова К. Ф., кузнеца депо Ржев

ЗАЯВЛЕНИЕ

Я, Сомов Кирилл Фомич, исключён губпроверкомиссией за непосещение собраний. Прошу
восстановить меня в партии.

К. Сомов
Ржев, Вокзальная ул., д. 3
4 февраля 1922 г.

=== Л. 3 ===

В Ржевский уком РКП(б)

Ячейка депо удостоверяет, что т. Сомов К. Ф. работает честно. Ячейка ходатайствует о
восстановлении т. Сомова в партии.

Секретарь ячейки Г. Ушаков
"""


def test_a_case_file_of_sheets_reads_as_its_documents():
    letters = read_page(CASE_FILE)
    assert len(letters) == 3
    first, statement, cell = letters
    assert "Сомов Кирилл Фомич" not in values(first, "addressees")
    assert values(statement, "author")
    assert "Сомов" in values(statement, "author")[0]
    assert values(statement, "date") == ["1922-02-04"]
    assert [s for s in values(cell, "subjects") if "Сомов" in s]


CERTIFIED = """\
В Брянскую губернскую проверочную комиссию

Мы, рабочие литейного цеха завода "Красный Октябрь", удостоверяем, что формовщик Лука
Ильич Прохоров работает у нас с 1911 года и в партии с 1917 года. Просим учесть это.

Формовщик Д. Е. Пальцев
Литейщик С. Т. Гурин

Подписи тт. Пальцева и Гурина удостоверяю.
Председатель завкома    Осокин

25 августа 1921 г.
"""


def test_whoever_attests_the_signatures_is_not_an_author():
    (ex,) = read_page(CERTIFIED)
    authors = values(ex, "author")
    assert "Д. Е. Пальцев" in authors
    assert "С. Т. Гурин" in authors
    assert not [a for a in authors if "Осокин" in a]
    assert not [p for p in values(ex, "other_people") if "Октябрь" in p]


EDITION = """\
# Дело И. С. Брагина (1921–1922)

---

## 3. Записка М. И. Калинина в ЦКК

**Написано:** 14 января 1922 г.

Тов. Сольц!

Препровождаю письмо крестьянина Брагина о сыне. Прошу пересмотреть дело.

М. Калинин

---

## 4. Письмо С. Брагина М. И. Калинину

**Написано:** ноябрь 1921 г.

Председателю ВЦИК товарищу Калинину
от крестьянина деревни Лужки Степана Брагина

Дорогой Михаил Иванович!

Сына моего Ивана Степановича Брагина исключили из партии на проверке. Заступитесь за него.

Степан Брагин
"""


def test_a_later_documents_month_and_its_senders_line():
    letters = read_page(EDITION, "page.md")
    assert len(letters) == 2
    assert values(letters[0], "date") == ["1922-01-14"]
    assert values(letters[1], "date") == ["1921-11"]


TELEGRAM = """\
TELEGRAM

Bezhetsk   No. 402   words 38   handed in 5/XII 1921 10.15

URGENT  MOSCOW  CENTRAL CONTROL COMMISSION RCP  SOLTS

UYEZD COMMISSION EXPELLED TEACHER KRASNOYE SCHOOL ZOTOV PAVEL ILYICH MEMBER SINCE 1918 STOP
REQUEST INSTRUCTIONS STOP

SECRETARY BEZHETSK UYEZDCOM LAVROV
"""


def test_a_telegram_forms_line_and_an_urgent_address():
    (ex,) = read_page(TELEGRAM)
    addressees = values(ex, "addressees")
    assert "SOLTS" in [a.upper() for a in addressees]
    assert [a for a in addressees if "Central Control Commission" in a]
    assert [a for a in values(ex, "author") if "LAVROV" in a.upper()]
    assert not [p for p in values(ex, "other_people") if "Uyezdcom" in p]


MINUTES = """\
ВЫПИСКА ИЗ ПРОТОКОЛА № 4
заседания губпроверкомиссии от 2 октября 1921 г.

СЛУШАЛИ: Дело т. Гайдука Остапа Львовича, члена РКП с 1919 г. Брат — Семён Львович, в 1920 г.
ушёл с белыми.
ПОСТАНОВИЛИ: Срочно затребовать из укома личное дело т. Гайдука О. Л. Вызвать т. Гайдука на
следующее заседание.

Председатель   Минаев

Выписка направляется в Великолукский уком РКП(б).
"""


def test_minutes_sent_on_a_brother_after_a_dash_and_a_verb_after_initials():
    (ex,) = read_page(MINUTES)
    assert [s for s in values(ex, "subjects") if "Гайдук" in s] == values(ex, "subjects")
    ties = [(r["person"], r["relation"]) for r in values(ex, "relatives")]
    assert ("Семён Львович", "brother") in ties
    assert [a for a in values(ex, "addressees") if "Великолукский уком" in a]
    urgent = {i.value: i.extra["urgent"] for i in ex.get("requests")}
    assert urgent.get("hear") is False


TELEGRAM_AND_MESSAGE = """\
ТЕЛЕГРАММА

МОСКВА ЦКК РКП СОЛЬЦУ
УКОМ ПРОСИТ ПЕРЕСМОТРЕТЬ ДЕЛО ТИХОНОВА ИСКЛЮЧЕННОГО УЕЗДНОЙ ПРОВЕРОЧНОЙ КОМИССИЕЙ ЗА ПЬЯНСТВО
ТЧК МАТЕРИАЛЫ ВЫСЛАНЫ ПОЧТОЙ ТЧК

СЕКРЕТАРЬ УКОМА ЗАХАРОВ


ТЕЛЕФОНОГРАММА

18 ноября 1921 г., 14 ч. 35 м.

В Кашинский уком РКП, секретарю т. Захарову.

Тов. Сольц сообщает: дело Тихонова будет рассмотрено 25 ноября.

Передал: Лавров
"""


def test_a_telephone_message_under_a_telegram_is_a_document_of_its_own():
    letters = read_page(TELEGRAM_AND_MESSAGE)
    assert len(letters) == 2
    addressees = values(letters[1], "addressees")
    assert [a for a in addressees if a.startswith("Захаров")]
    assert [a for a in addressees if a.startswith("Кашинский уком")]


REPLY_UNDER_A_RULE = """\
Дорогие товарищи!

Пишу за соседку, Дарью Ивановну Клюеву, исключённую из партии. Верните ей партбилет.

Е. Носов
10 февраля 1922 г.

--------------------------------------------

Гр. Носову Е.

На Ваше письмо от 10 февраля сообщаем, что копия его направлена в губернскую контрольную
комиссию с предложением проверить дело т. Клюевой.

Пом. секретаря ЦКК   Е. Гарф
4 марта 1922 г.
"""


def test_a_reply_signed_above_its_date_is_no_editors_remark():
    letters = read_page(REPLY_UNDER_A_RULE)
    assert len(letters) == 2
    assert values(letters[1], "date") == ["1922-03-04"]


FIELDS_OVER_EACH = """\
# Н. К. Крупская о деле учительницы

## Документ 1

**Автор:** Н. К. Крупская
**Кому:** Центральная Контрольная Комиссия РКП(б), т. Сольцу
**Написано:** 3 марта 1922 г.

Товарищ Сольц,

ко мне обратилась учительница Ксения Петровна Лукина, исключённая губпроверкомиссией.
Прошу Вас разобраться в её деле.

## Документ 2

**Автор:** И. Т. Дубровин
**Кому:** Н. К. Крупская
**Написано:** 29 марта 1922 г.

Тов. Крупской Н. К.

Сообщаю, что по делу т. Лукиной К. П. Партколлегия ЦКК постановила её восстановить.

Секретарь Партколлегии ЦКК И. Дубровин
"""


def test_each_documents_own_fields_under_its_heading():
    first, second = read_page(FIELDS_OVER_EACH, "page.md")
    assert values(first, "date") == ["1922-03-03"]
    assert values(second, "date") == ["1922-03-29"]
    assert values(first, "author") == ["Н. К. Крупская"]
    assert [a for a in values(first, "addressees") if a.startswith("Центральная")]
    assert values(second, "author") == ["И. Дубровин"]


PAGE_OF_MINUTES = """\
# The Presidium of the CCC on two appeals (March 1922)

*From the series "Papers of the Control Commissions", volume 3. Translated from the Russian
by the editors.*

---

## 1. Extract from the minutes of the Presidium of the CCC

**Written:** 7 March 1922

EXTRACT FROM MINUTES No. 12
of the session of the Presidium of the Central Control Commission of the R.C.P.

Present: A. A. Solts (in the chair), M. F. Shkiryatov.

HEARD:

1. The appeal of Com. Ilya Markovich Gorin, locksmith, expelled by the Tver Gubernia
verification commission as a former Menshevik. Gorin states that he left the Mensheviks in
1917 and asks to be reinstated.

2. The statement of Com. Vera Petrovna Salova, typist, expelled because her brother served
with the Whites. She states that she has not seen her brother since 1916 and asks to be heard.

RESOLVED:

1. Com. Gorin is reinstated.[^1]

2. To request the personal file of Com. Salova from the Tver Gubernia Control Commission.

Chairman — A. Solts
Secretary — N. Zelenin

[^1]: Gorin worked in the Tver printing works until 1930.

---

## 2. M. F. Shkiryatov to the Tver Gubernia Control Commission

**Written:** 9 March 1922

To the Tver Gubernia Control Commission

Please send us the personal file of Com. Vera Petrovna Salova within two weeks.

M. Shkiryatov
"""


def test_a_page_of_minutes_and_a_letter_each_under_its_fields():
    first, second = read_page(PAGE_OF_MINUTES, "page.md")
    subjects = values(first, "subjects")
    assert [s for s in subjects if "Gorin" in s]
    assert [s for s in subjects if "Salova" in s]
    assert "A. Solts" in values(first, "author")
    assert values(first, "date") == ["1922-03-07"]
    assert values(second, "date") == ["1922-03-09"]
    assert [s for s in values(second, "subjects") if "Salova" in s]
