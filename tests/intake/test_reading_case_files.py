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
