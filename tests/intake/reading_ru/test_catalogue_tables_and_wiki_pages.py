"""Russian pages and letters, each short and invented: a reading room's catalogue set out as a
table of names and values, its documents numbered "Документ 2 из 2", an unknown author; a wiki
page with its notice, its "[править]" links, its contents and a resolution across the top of
the letter; a resolution written on a petition, printed under a rule; a peasant woman's petition
that asks in the familiar "ты" and dates itself "генваря 3 дня"; a table of signatures; a record
of questioning signed by the one questioned; a student's group code and a quoted name in a copy
line."""

from __future__ import annotations

from tests.intake.reading_checks import only_letter, read_letters, requests, values

READING_ROOM = """<html><head><meta charset="utf-8"><title>Дело № 41</title></head><body>
<p>Электронный архив · документы фондов 1917–1930-х гг.</p>
<table>
<tr><th colspan="2">Документ 1 из 2</th></tr>
<tr><td>Вид документа</td><td>Заявление</td></tr>
<tr><td>Автор</td><td>не установлен</td></tr>
<tr><td>Адресат</td><td>Курская губернская контрольная комиссия</td></tr>
<tr><td>Дата</td><td>12.05.1923</td></tr>
</table>
<p>В Курскую губернскую контрольную комиссию</p>
<p>Сообщаем, что заведующий складом Пантелеев Игнат Кузьмич продаёт казённый овёс на базаре.
Просим проверить.</p>
<p>Рабочие склада</p>
<p>Документ 2 из 2</p>
<table>
<tr><td>Вид документа</td><td>Ответ</td></tr>
<tr><td>Автор</td><td>Шкирятов М. Ф.</td></tr>
<tr><td>Адресат</td><td>Курская губернская контрольная комиссия</td></tr>
<tr><td>Дата</td><td>20.05.1923</td></tr>
</table>
<p>Курской губернской контрольной комиссии</p>
<p>Направляется заявление рабочих склада о т. Пантелееве. Прошу проверить и сообщить.</p>
<p>Член Президиума ЦКК М. Шкирятов</p>
</body></html>
"""


def test_a_catalogue_table_of_names_and_values_heads_each_document():
    letters, extractions = read_letters(READING_ROOM, "pantel.html")
    assert len(letters) == 2
    assert not any("установлен" in a.lower() for a in values(extractions[0], "author"))
    assert ["Шкирятов" in a for a in values(extractions[1], "author")] == [True]
    assert "Вид документа" not in letters[1].text


WIKI = """<html><head><meta charset="utf-8"><title>Письмо Р. Т. Гусевой</title></head><body>
<div id="siteNotice"><p>Проект ищет корректоров для писем 1920 года. Присоединяйтесь!</p></div>
<h1>Письмо Р. Т. Гусевой А. А. Сольцу</h1>
<div id="siteSub">Материал из Открытых архивов — свободной библиотеки документов</div>
<a class="mw-jump-link" href="#nav">Перейти к навигации</a>
<p>Автор: Гусева Раиса Тимофеевна · Адресат: Сольц Арон Александрович</p>
<p>Письмо написано на листе из тетради; ответ на документе не сохранился.</p>
<div id="toc"><h2>Содержание</h2><ul><li>1 Письмо</li><li>2 Примечания</li></ul></div>
<h2><span class="mw-headline">Письмо</span>
<span class="mw-editsection">[<a href="#">править</a>]</span></h2>
<p>[Наверху листа резолюция карандашом: «Т. Ярославскому. Проверить. А. Сольц».]</p>
<p>Дорогой Арон Александрович!</p>
<p>Моего мужа Гусева Петра Ильича исключили из партии за то, что он ходил на похороны матери в
церковь. Прошу Вас вмешаться.</p>
<p>Р. Гусева</p>
<p>5.III.1922</p>
</body></html>
"""


def test_a_wiki_pages_notice_links_and_contents_leave_one_letter_with_its_resolution():
    letters, extractions = read_letters(WIKI, "guseva.html")
    assert len(letters) == 1
    assert values(extractions[0], "author") == ["Р. Гусева"]
    assert "Проект ищет" not in letters[0].text
    assert "править" not in letters[0].text
    assert [to.name for to, _about in inquiries(extractions[0])] == ["Ярославский"]


def inquiries(ex):
    return [(q["to"], q["about"]) for i in ex.get("inscriptions") for q in i.extra["inquiries"]]


def test_a_resolution_printed_under_a_rule_is_written_on_the_petition_above_it():
    letters, extractions = read_letters(
        "Председателю ВЦИК товарищу Калинину\n\n"
        "Прошу восстановить в партии моего сына Ивана Лукича Бочкова, исключённого волостной "
        "ячейкой без всякой вины.\n\n"
        "Е. Бочкова\n\n"
        "----------------------------------------\n"
        "На л. 12 в правом верхнем углу резолюция синим карандашом:\n"
        "«Т. Сольцу. Прошу рассмотреть. М. Калинин».\n"
    )
    assert len(letters) == 1
    assert [to.name for to, _about in inquiries(extractions[0])] == ["Сольц"]


def test_a_petition_that_asks_in_the_familiar_you_and_dates_itself_in_old_words():
    _letter, ex = only_letter(
        "Всероссийскому старосте Михаилу Ивановичу Калинину\n\n"
        "пишет тебе вдова из деревни Горки сына моего Фёдора Бочарова выгнали из партии а за "
        "что не сказали так ты батюшка разберись по правде и верни ему партейный билет и "
        "прими во внимание что он в Красной армии кровь проливал\n\n"
        "писано 1922 года генваря 9 дня\n\n"
        "Марья Бочарова\n"
    )
    kinds = {kind for kind, _by, _urgent in requests(ex)}
    assert {"verify", "reinstate", "consider_facts"} <= kinds
    assert values(ex, "date") == ["1922-01-09"]


SIGNED_TABLE = """**В Центральную Контрольную Комиссию РКП**

Мы, рабочие вагонных мастерских, просим восстановить в партии слесаря Гаврилова Петра Никитича,
исключённого при проверке как бывшего торговца.

Ст. Грязи, 3 марта 1922 г.

| Должность | Подпись |
|---|---|
| Слесарь | Е. Панов, член РКП с 1919 г. |
| Токарь | В. Сомов |
| Молотобоец | К. Рыжов (за неграмотностью его расписался Е. Панов) |
"""


def test_a_table_of_signatures_is_signed_line_by_line():
    _letter, ex = only_letter(SIGNED_TABLE, "gavrilov.md")
    assert values(ex, "author") == ["Е. Панов", "В. Сомов", "К. Рыжов"]
    assert values(ex, "date") == ["1922-03-03"]
    # ("Ст. Грязи, 3 марта 1922 г.": the station, no one's name)
    assert values(ex, "subjects") == ["Гаврилов Пётр Никитич"]


def test_a_record_of_questioning_is_signed_by_the_one_questioned_as_well():
    _letter, ex = only_letter(
        "Протокол опроса\n\n14 мая 1925 г.\n\n"
        "Член губКК Лосев Н. П. опросил члена РКП(б) с 1920 г. Кирееву Анну Фёдоровну.\n\n"
        "Вопрос: Кем был ваш отец?\nОтвет: Отец мой был рабочим на мельнице.\n\n"
        "С моих слов записано верно, мною прочитано. А. Киреева\n\n"
        "Опросил: член губКК Н. Лосев\n"
    )
    assert values(ex, "author") == ["Киреева Анна Фёдоровна", "Лосев Н. П."]


def test_a_students_group_code_and_a_quoted_name_in_a_copy_line():
    _letter, ex = only_letter(
        "From: Ольга Бирюкова <o.b@example.ru>\n"
        'To: "Комиссия по этике" <ethics@example.ru>\n'
        'Cc: "Дроздов Павел Ильич" <p.drozdov@example.ru>\n'
        "Subject: жалоба\nDate: Tue, 11 Mar 2025 09:47:12 +0300\n\n"
        "Уважаемые члены комиссии!\n\nПрошу проверить действия преподавателя Кравца Олега "
        "Юрьевича, который требует покупать его книгу.\n\n"
        "С уважением,\nОльга Бирюкова\nстудентка гр. ФИЛ-21\n",
        "mail.txt",
    )
    assert values(ex, "author") == ["Ольга Бирюкова"]
    assert "Дроздов Павел Ильич" in values(ex, "addressees")


def test_a_signers_post_under_his_name_and_his_street_under_the_date():
    _letter, ex = only_letter(
        "В Рогожский Районный Комитет\n\nТоварищи!\n\n"
        "Настоящим рекомендую в члены партии Анну Степановну Кудрявцеву, ткачиху, которую знаю "
        "с 1916 года по работе в больничной кассе.\n\n"
        "Член партии с 1905 года\nСемён Ильич Барабанов,\nфельдшер Рогожской больницы.\n\n"
        "Москва, 3 марта 1918 г.\nМалая Алексеевская, 7, кв. 12.\n"
    )
    assert values(ex, "author") == ["Семён Ильич Барабанов"]


def test_an_office_word_written_with_a_capital_is_no_part_of_the_name():
    _letters, extractions = read_letters(
        "ВЫПИСКА из протокола № 4 заседания Районного Комитета от 2 апреля 1918 г.\n\n"
        "Слушали: О приёме в партию т. Кудрявцевой А. С., ткачихи фабрики Цинделя, по "
        "рекомендации т. Барабанова, который знает её по работе в больничной кассе.\n"
        "Постановили: Принять т. Кудрявцеву Анну Степановну в члены партии и поручить ей "
        "работу среди работниц фабрики.\n\n"
        "С подлинным верно:\nСекретарь Района П. Воронцов\n"
    )
    assert values(extractions[0], "author") == ["П. Воронцов"]


def test_a_surname_that_is_also_a_common_word_stays_a_name_in_a_list():
    _letter, ex = only_letter(
        "В губКК\n\nПри проверке ячейка не смогла собрать сведений о прошлом двух членов "
        "партии, которые приехали к нам в прошлом году из Саратова. Ячейка просит проверить "
        "следующих товарищей:\n"
        "1. Волков Н. П. — слесарь, в партии с 1919 г.\n"
        "2. Зайцев Ф. Н. — учитель, в партии с 1920 г.\n\nСекретарь ячейки И. Мухин\n"
    )
    assert {"Волков Н. П.", "Зайцев Ф. Н."} <= set(values(ex, "subjects"))
