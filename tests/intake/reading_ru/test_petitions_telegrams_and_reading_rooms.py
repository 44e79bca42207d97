"""Russian papers as an electronic reading room, a telegraph office, a village scribe and an
edition give them, each invented: two documents of a file under their sheet headings; a
widow's petition without a stop, its date on a line of its own and the scribe's old formula; a
telegram form, a member and his namesake, and the reply; an edition's title naming writer and
addressee one after the other, and an extract sent on to a district committee; an appeal of
today to a commission's chair, her office carried over four lines."""

from __future__ import annotations

from tests.intake.reading_checks import read_letters, requests
from tests.intake.reading_ru.helpers import read, values

READING_ROOM = """Электронный читальный зал областного архива

Переписка с ЦКК РКП(б) по заявлениям о членах партии Белёвской организации

Шифр: Ф. П-15. Оп. 2. Д. 31

Крайние даты: март 1924 — май 1924

Количество листов: 40

Л. 7–7 об. Заявление в ЦКК РКП(б) о злоупотреблениях секретаря Белёвского укома П. С. Ларина

Март 1924 г.

Подлинник. Рукопись.

В Центральную Контрольную Комиссию РКП

Товарищи, сообщаю вам, что секретарь укома Ларин Порфирий Савельевич раздаёт ссуды
своей родне. Прошу ЦКК проверить это дело.

Член РКП(б) Н. Глебова

Л. 12. Сообщение Тульской губернской контрольной комиссии в ЦКК РКП(б) о проверке заявления

9 мая 1924 г.

Подлинник. Машинопись.

Тульская губернская контрольная комиссия РКП(б)
9 мая 1924 г. № 812/с

В ЦКК РКП(б)
тов. Ярославскому

Проверкой, произведенной членом ГКК т. Сомовым, факты не подтвердились.
Тов. Ларин П. С. оставлен в рядах партии.

Председатель ГКК А. Кузьмин

Как цитировать

Ф. П-15. Оп. 2. Д. 31. Л. 7–7 об., 12.
"""


def test_a_reading_rooms_sheet_headings_part_the_files_documents():
    letters, (complaint, reply) = read_letters(READING_ROOM)
    assert len(letters) == 2
    assert values(complaint, "author") == ["Н. Глебова"]
    assert values(reply, "date") == ["1924-05-09"]
    assert values(reply, "author") == ["А. Кузьмин"]  # not «Ф. П» of the archive's cipher
    assert values(reply, "addressees") == ["ЦКК РКП(б)", "Ярославский"]


def test_a_widows_petition_without_a_stop_signed_for_her_by_a_neighbour():
    ex = read(
        "В Тамбовскую Губернскую Контрольную Комиссию\n"
        "от крестьянки деревни Сосновка Моршанского уезда Лыковой Анисьи Петровны\n\n"
        "                Заявление\n\n"
        "прошу губернскую контрольную комиссию разобрать дело моего сына\n"
        "Лыкова Фрола Ивановича которого на чистке выключили из партии а за что\n"
        "не сказали прошу товарищей вернуть Фролу партейный билет\n\n"
        "1921 г. декабря 2 дня\n\n"
        "К сему прошению за неграмотную Анисью Лыкову по ее личной просьбе\n"
        "расписался сосед Кузьма Рябов\n"
    )
    # the petitioner, as her own line names her in full; not the neighbour who signed
    assert values(ex, "author") == ["Лыкова Анисья Петровна"]
    assert values(ex, "date") == ["1921-12-02"]
    assert ("reinstate", "author", False) in requests(ex)


TELEGRAMS = """ТЕЛЕГРАММА

Из Вятки      N 96     Слов 40     Подана 4/IV 22 г. 10 ч. 10 м.
Принята в Москве 4/IV 22 г. 12 ч. 30 м.      Принял: Мухин

МОСКВА ЦЕНТРАЛЬНАЯ КОНТРОЛЬНАЯ КОМИССИЯ РКП ШКИРЯТОВУ

УЕЗДНАЯ ПРОВЕРОЧНАЯ КОМИССИЯ ИСКЛЮЧИЛА ТОВАРИЩА ЗЫКОВА
ПЕТРА ИЛЬИЧА СМЕШАВ ЕГО С ОДНОФАМИЛЬЦЕМ ЗЫКОВЫМ ПЕТРОМ ИГНАТЬЕВИЧЕМ БЫВШИМ
УРЯДНИКОМ ТЧК ПРОСИМ СРОЧНО ВЕРНУТЬ ДЕЛО ДЛЯ ПЕРЕСМОТРА ТЧК
ПРЕДУЕЗДКОНТРОЛЬКОМИССИИ ГОРЕЛОВ

------------------------------------------------------------------------

ТЕЛЕГРАММА                                           Исх. N 512/с

Отправлена 7.IV.22  15-20

ВЯТКА ПРЕДУЕЗДКОНТРОЛЬКОМИССИИ ГОРЕЛОВУ

ВАШУ 96 ПОЛУЧИЛИ ТЧК ДЕЛО ВЫСЛАНО ТЧК ПЕРЕСМОТРИТЕ В ПРИСУТСТВИИ САМОГО
ЗЫКОВА ТЧК ЧЛЕН ЦКК ШКИРЯТОВ
"""


def test_a_telegram_form_a_member_and_his_namesake_and_the_reply():
    letters, (wired, reply) = read_letters(TELEGRAMS)
    assert len(letters) == 2
    assert "Мухин" not in values(wired, "addressees")  # the clerk who took it down
    assert "Шкирятов" in values(wired, "addressees")
    # the name carried over a line is one man's, not his namesake's
    assert values(wired, "subjects") == ["Зыков Пётр Ильич"]
    assert ("reconsider", "author", True) in requests(wired)
    assert values(reply, "time") == ["15:20"]
    assert "hear" in [kind for kind, _by, _urgent in requests(reply)]


EDITION = """№ 41

Письмо А. П. Званцевой Н. К. Крупской о деле ее мужа

3 марта 1922 г.

Дорогая Надежда Константиновна!

Мужа моего, Званцева Николая Ильича, исключили из партии за то, что он был в плену.
Похлопочите за него перед комиссией.

С уважением А. Званцева

* * *

№ 42

Выписка из протокола № 9 заседания Президиума ЦКК РКП(б)

Слушали: Заявление т. Крупской Н. К. о пересмотре дела Званцева Николая Ильича.

Постановили: Тов. Званцева Н. И. в рядах РКП(б) восстановить.

Председатель А. Сольц

Выписка послана: Замоскворецкому РК РКП(б), т. Крупской.
"""


def test_a_title_naming_writer_and_addressee_and_an_extract_sent_on():
    letters, (letter, extract) = read_letters(EDITION, "page.md")
    assert len(letters) == 2
    assert values(letter, "author") == ["А. П. Званцева"]  # not "А. П. Званцева Н. К. Крупская"
    assert "intercede" in [kind for kind, _by, _urgent in requests(letter)]
    assert values(extract, "author") == ["А. Сольц"]  # not Krupskaya, to whom it was sent
    assert values(extract, "addressees") == ["Замоскворецкий РК РКП(б)", "Крупская Н. К."]


def test_an_appeal_of_today_to_a_chair_whose_office_runs_over_four_lines():
    letters, (ex,) = read_letters(
        "                              Председателю апелляционной комиссии\n"
        "                              юридического факультета\n"
        "                              Северного государственного университета\n"
        "                              проф. Кравцовой М. А.\n"
        "                              от Сафронова Ильи Андреевича,\n"
        "                              студента 3 курса\n\n"
        "                          АПЕЛЛЯЦИЯ\n\n"
        "Приказом декана я отчислен за академическую задолженность. С этим решением я не\n"
        "согласен. Прошу:\n"
        "— пересмотреть решение;\n"
        "— рассмотреть апелляцию в моем присутствии.\n"
        "Приложения: 1) копия приказа; 2) медицинская\n"
        "справка.\n\n"
        "14.06.2024                                    /И. А. Сафронов/\n"
    )
    assert len(letters) == 1  # "справка." carried over from the list starts no document
    assert values(ex, "addressees") == ["Кравцова М. А."]  # her office is no second addressee
    assert sorted(kind for kind, _by, _urgent in requests(ex)) == ["hear", "reconsider"]


PHONED = """ТЕЛЕФОНОГРАММА № 40

Откуда: Московская контрольная комиссия РКП(б)
Кому: Краснопресненскому РК РКП(б)
Передал: Журавлин
Принял: Бочарова
Время: 3/XI-23 г., 10 ч. 20 м.

СРОЧНО. Московская контрольная комиссия предлагает обеспечить явку
члена РКП(б) т. Тихомирова Андрея Львовича на заседание партколлегии МКК
6 ноября с. г. к 17 час. Об исполнении сообщить.

Секретарь МКК Журавлин

- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - -

ТЕЛЕФОНОГРАММА № 31

4.XI.23 г.  9 ч. 15 м.
Передал: отв. секретарь Краснопресненского РК Зайчиков
Принял: Бочарова

В МКК т. Журавлину.
На № 40. Тихомиров А. Л. в командировке в Туле до 10 ноября и явиться не может.

Зайчиков
"""


def test_a_telephone_message_form_its_fields_and_the_answer():
    letters, (summons, answer) = read_letters(PHONED)
    assert len(letters) == 2
    assert values(summons, "addressees") == ["Краснопресненский РК РКП(б)"]  # its "Кому:"
    # a surname the dictionary reads as a word («журавлин»), signed under his office
    assert values(summons, "author") == ["Журавлин"]
    assert ("hear", "author", True) in requests(summons)
    assert values(answer, "author") == ["Зайчиков"]  # not "Краснопресненского РК Зайчиков"


PEOPLES_LETTERS = """<html><head><meta charset="utf-8"><title>Письмо во власть</title></head>
<body>
<div class="card"><h2>Карточка документа</h2>
<p>Дата: 2 августа 1922 г.</p>
<p>Автор: Сидоркин Евстрат Лукич, крестьянин</p>
<p>Адресат: Калинин М. И., председатель ВЦИК</p></div>
<p>голод 1922 семья</p>
<p>Письмо Е. Л. Сидоркина М. И. Калинину с просьбой заступиться за сына</p>
<p>В левом верхнем углу резолюция карандашом: Т. Сольцу. Рассмотреть. М. Калинин 9/VIII.</p>
<p>Михаилу Ивановичу Калинину<br>от крестьянина деревни Грязи Сидоркина Евстрата Лукича</p>
<p>Дорогой товарищ Калинин!</p>
<p>Сына моего Трофима Евстратовича Сидоркина исключили из партии на чистке. Заступись за него,
Михаил Иванович, чтобы его в партии восстановили.</p>
<p>2 августа</p>
<p>Евстрат Сидоркин</p>
<h3>Комментарии (2)</h3>
<p>nina_k · 2 года назад</p>
<p>Мой прадед тоже писал Калинину, спасибо!</p>
<p>Лицензия CC BY-NC 4.0 · Связаться с редакцией</p>
</body></html>
"""


def test_a_peoples_letters_portal_its_card_title_resolution_and_comments():
    letters, (ex,) = read_letters(PEOPLES_LETTERS, "page.html")
    assert len(letters) == 1
    # the signer, one man (his given name the dictionary does not know, but the letter writes
    # it before his patronymic), not the site's licence under the comments
    assert values(ex, "author") == ["Евстрат Сидоркин"]
    assert values(ex, "date") == ["1922-08-02"]  # the year from the card
    assert "intercede" in [kind for kind, _by, _urgent in requests(ex)]
    inquiries = [q for i in ex.get("inscriptions") for q in i.extra["inquiries"]]
    assert [q["to"].name for q in inquiries] == ["Сольц"]


def test_a_wife_named_after_the_kin_word_and_its_pronoun():
    ex = read(
        "В ЦКК РКП(б)\n\n"
        "Прошу пересмотреть мое дело. Меня, Сизова Петра Лукича, исключили из партии за "
        "неявку на собрания. Жена моя Антонина, работница того же депо, все подтвердит.\n\n"
        "П. Сизов\n12/IV-24\n"
    )
    # («Антонина» reads as a man's name in the genitive too: "wife of Antonin")
    assert [(t["person"], t["relation"]) for t in values(ex, "relatives")] == [("Антонина", "wife")]


def test_a_members_appeal_with_a_copy_and_points_that_ask_and_do_not():
    ex = read(
        "Секретарю Партколлегии ЦКК РКП(б)\n"
        "т. Ярославскому Е. М.\n"
        "Копия: Брянская губернская контрольная комиссия\n\n"
        "от Лапшина Ивана Фомича, слесаря депо ст. Брянск\n\n"
        "                ЗАЯВЛЕНИЕ\n\n"
        "Брянская губКК исключила меня из партии заочно. В 1921 г., при восстановлении "
        "транспорта, я был отмечен приказом т. Дзержинского.\n\n"
        "Прошу:\n"
        "1. Пересмотреть постановление как вынесенное без меня и без проверки.\n"
        "2. Разыскать бывшего председателя месткома депо т. Зуева, который меня знает.\n\n"
        "И. Лапшин\n"
    )
    assert "Брянская губернская контрольная комиссия" in values(ex, "addressees")
    assert values(ex, "subjects") == ["Лапшин Иван Фомич"]  # no one "restored", the transport
    kinds = sorted(kind for kind, _by, _urgent in requests(ex))
    assert kinds == ["find_witnesses", "reconsider"]  # "без проверки" asks nothing


def test_a_man_called_by_his_patronymic_alone_is_the_one_named_with_it():
    ex = read(
        "Тов. Сольцу\n\n"
        "Уездная комиссия исключила товарища Гончарова Фёдора Ниловича, а Ниловича я знаю по "
        "Третьей армии как честного бойца. Прошу пересмотреть его дело.\n\n"
        "Секретарь укома Н. Рябов\n3/III-22\n"
    )
    assert values(ex, "subjects") == ["Гончаров Фёдор Нилович"]
    assert values(ex, "other_people") == []  # «Ниловича» is no one else
