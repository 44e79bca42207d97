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


def test_a_postscript_under_the_signature_leaves_the_closing_above_it():
    ex = read(
        "Дорогой товарищ Сольц!\n\nПишу Вам о товарище, которого знаю с 1919 года. Это Игнат "
        "Саввич Кобылин, член партии с 1918 г. Губпроверкомиссия исключила его за службу в "
        "земстве. При мне он вынес из боя раненого комбата т. Орехова, ныне покойного. Прошу "
        "пересмотреть его дело. Если нужно, вызовите меня.\n\nЛапин Д.\nбывш. комиссар полка\n\n"
        "Тула, 9.XI.1921\n\nP.S. Тов. Кобылин живет у брата, его можно вызвать туда. Д. Л.\n"
    )
    assert values(ex, "author") == ["Лапин Д."]
    assert values(ex, "date") == ["1921-11-09"]
    assert values(ex, "subjects") == ["Игнат Саввич Кобылин"]
    assert ("hear", "author", False) in requests(ex)


def test_a_telephone_messages_town_and_bodies_and_not_who_took_it():
    ex = read(
        "ТЕЛЕФОНОГРАММА № 77\n\n5 мая 1923 г. 10 ч. 30 м.\nПередал: Ярославский\n"
        "Принял: дежурный секретарь Н. Сомова\n\n"
        "Самара. Самарскому губернскому комитету РКП(б), Самарской губернской КК.\n\n"
        "Президиум ЦКК просит выслать дело члена РКП(б) Гурьянова Петра Лукича.\n\n"
        "Секретарь ЦКК Ярославский\n"
    )
    assert values(ex, "addressees") == [
        "Самарский губернский комитет РКП(б)",
        "Самарская губернская КК",
    ]
    assert ("give_information", "author", False) in requests(ex)


def test_a_signature_that_reads_like_a_greeting_starts_no_letter():
    letters = read_text(
        "В бюро ячейки\n\nРЕКОМЕНДАЦИЯ\n\nЯ, член РКП(б) с 1918 г., знаю т. Фомина Андрея "
        "Петровича по работе в депо с 1920 г. Рекомендую т. Фомина в кандидаты РКП(б).\n\n"
        "Т. Ладыгин,\nслесарь депо\n12 февраля 1924 г.\n",
        file_name="letter.txt",
    )
    assert len(letters) == 1
    ex = extract(letters[0], resolve=False)
    assert values(ex, "date") == ["1924-02-12"]


def test_an_application_to_join_is_about_its_writer():
    ex = read(
        "В бюро ячейки РКП(б) депо\n\nот слесаря Ганина Ильи Фомича\n\nЗАЯВЛЕНИЕ\n\nПрошу принять "
        "меня в кандидаты РКП(б). На заводе работаю с 1915 г., под судом не был.\n\n"
        "И. Ганин\n10.II.24\n"
    )
    assert values(ex, "subjects") == ["Ганин Илья Фомич"]


def test_a_given_name_before_a_patronymic_is_not_read_as_a_surname():
    assert cyrillic.read_name("Павле Никифоровиче Гордееве").text == "Павел Никифорович Гордеев"


def test_a_resolutions_lettered_points_are_sentences_of_their_own():
    ex = read(
        "Во Владимирский губком РКП(б)\n\nВЫПИСКА\nиз протокола N 9 заседания бюро укома\n"
        "от 7/X-1921 г.\n\nСЛУШАЛИ:\n1. Заявление т. Сорокина Ивана Ильича об исключении его "
        "ячейкой.\n\nПОСТАНОВИЛИ:\nа) Исключение т. Сорокина считать неправильным. Ходатайствовать "
        "перед губкомом о восстановлении его в партии.\nб) Просить губком опросить старых рабочих "
        "депо, работавших с Сорокиным с 1917 г.\nв) Просить губком срочно уведомить уком о своём "
        "решении.\n\nПодлинный подписали: председатель бюро Баранов, секретарь Ильина.\n"
    )
    assert values(ex, "author") == ["Баранов", "Ильина"]
    assert values(ex, "subjects") == ["Сорокин Иван Ильич"]
    assert requests(ex) == [
        ("reinstate", "author", False),
        ("find_witnesses", "author", False),
        ("give_information", "author", True),
    ]


def test_a_telegrams_form_line_its_address_in_words_and_two_signers_on_one_line():
    ex = read(
        "ТЕЛЕГРАММА\n\nВологда  № 311  слов 40  подана 2/IX-21  11 ч. 20 м.\n\n"
        "МОСКВА ЦЕНТРАЛЬНАЯ КОНТРОЛЬНАЯ КОМИССИЯ РКП СОЛЬЦУ\n\nСРОЧНО ГУБПРОВЕРКОМ ИСКЛЮЧИЛ "
        "ТОВАРИЩА ЗУБКОВА ПЕТРА ИЛЬИЧА ТЧК ГУБКОМ ПРОСИТ ПЕРЕСМОТРЕТЬ ДЕЛО ТЧК РЕШЕНИЕ "
        "ТЕЛЕГРАФЬТЕ\n\nПРЕДГУБКОМА ЛЫСЕНКО СЕКРЕТАРЬ ОРЕХОВА\n"
    )
    assert values(ex, "addressees") == ["Сольц", "Центральная контрольная комиссия РКП"]
    assert values(ex, "author") == ["Лысенко", "Орехова"]
    assert values(ex, "time") == ["11:20"]


def test_a_reply_headed_with_whom_it_is_about():
    ex = read(
        "Центральная Контрольная Комиссия\nР.К.П. (б.)\n28/IX-21 г.\n№ 2951\n\n"
        "В Вятскую губернскую проверочную комиссию\n\nО т. Шестакове Александре Фёдоровиче\n\n"
        "ЦКК просит сообщить, на каком основании исключён названный товарищ.\n\n"
        "Секретарь ЦКК Ярославский\n"
    )
    assert values(ex, "addressees") == ["Вятская губернская проверочная комиссия"]
    assert values(ex, "subjects") == ["Шестаков Александр Фёдорович"]


def test_a_telegrams_surname_takes_the_gender_its_shared_case_allows():
    ex = read(
        "ТЕЛЕГРАММА\n\nМОСКВА ЦКК СОЛЬЦУ\n\nСРОЧНО УКОМИССИЯ ИСКЛЮЧИЛА ЧЛЕНОВ ПАРТИИ БУЙСКОЙ "
        "ОРГАНИЗАЦИИ ЗАХАРОВА ПОЛУЭКТОВУ ЗА НЕЯВКУ ТЧК ГУБКОМ ПРОСИТ ВЫЗВАТЬ ОБОИХ\n\n"
        "ПРЕДГУБКОМА ВЕРШИНИН\n"
    )
    assert values(ex, "subjects") == ["Захаров", "Полуэктова"]


def test_whom_the_member_married_is_the_members_spouse():
    ex = read(
        "Тов. Сольц!\n\nПрошу проверить дело Кострова Михаила Ивановича, исключённого "
        "губпроверкомом. Михаил в 1918 году женился на Прасковье Гавриловне Сычёвой, дочери "
        "лавочника.\n\nИ. Дроздов\n3 марта 1921 г.\n"
    )
    ties = [(r["person"], r["relation"], r["of"]) for r in values(ex, "relatives")]
    assert ("Прасковья Гавриловна Сычёва", "wife", "Костров Михаил Иванович") in ties


def test_an_extract_sent_under_a_signed_covering_letter_is_a_document_of_its_own():
    text = (
        "В Центральную Контрольную Комиссию РКП(б)\n\n"
        "Препровождая при сем выписку из протокола бюро укома, губком поддерживает ходатайство "
        "укома и просит ЦКК пересмотреть решение об исключении т. Зотова.\n\n"
        "Секретарь губкома — П. Нестеров\n\n\n"
        "ВЫПИСКА\n"
        "из протокола № 12 заседания бюро Моршанского укома РКП(б)\n"
        "от 3 ноября 1921 г.\n\n"
        "СЛУШАЛИ: Заявление т. Зотова Ивана Петровича об исключении его из партии.\n\n"
        "ПОСТАНОВИЛИ: Просить губком поддержать ходатайство о восстановлении т. Зотова.\n\n"
        "Секретарь укома Гусев\n"
    )
    letters = read_text(text, file_name="letter.txt")
    assert len(letters) == 2


def test_a_collections_title_and_each_documents_heading_and_fields():
    page = (
        "Главная › Документы 1922 года › Письма в ЦКК\n\n"
        "# Письма в Центральную контрольную комиссию. 1922 год\n\n"
        "## И. С. Вахрушев — А. А. Сольцу\n\nWritten: 9 июня 1922 г.\nAuthor(s): И. С. Вахрушев\n\n"
        "Дорогой Арон Александрович!\n\nПишу Вам о Рахили Львовне Гольдиной, которую Витебская "
        "губКК исключила при проверке. Прошу Вас добиться, чтобы решение было пересмотрено.\n\n"
        "Ваш И. Вахрушев\n9.VI.22. Витебск\n\n"
        "## А. А. Сольц — И. С. Вахрушеву\n\nWritten: 15 июня 1922 г.\nAuthor(s): А. А. Сольц\n\n"
        "Тов. Вахрушев!\n\nДело Гольдиной я затребовал из Витебска. Пришлите мне её "
        "автобиографию.\n\nА. Сольц\n15.VI.22\n"
    )
    letters = read_text(page, file_name="page.md")
    assert len(letters) == 2  # the collection's title is no document
    first, second = (extract(one, resolve=False) for one in letters)
    assert values(first, "author") == ["И. Вахрушев"]  # not the next document's heading
    assert values(first, "addressees") == ["А. А. Сольц"]
    assert values(second, "date") == ["1922-06-15"]
    assert values(second, "author") == ["А. Сольц"]


def test_an_extract_no_one_else_signs_is_signed_by_who_certifies_it():
    ex = read(
        "ВЫПИСКА ИЗ ПРОТОКОЛА № 31\nзаседания Президиума Губернской Контрольной Комиссии\n"
        "от 7 июля 1923 г.\n\nСЛУШАЛИ:\n5. Заявление т. Сидорова Ивана Петровича об отмене "
        "постановления ячейки об исключении его из партии.\n\nПОСТАНОВИЛИ:\nДело затребовать из "
        "райкома. Вызвать т. Сидорова И. П. на следующее заседание и выслушать.\n\n"
        "Верно: секретарь МГКК Е. Кочетова\n"
    )
    assert values(ex, "author") == ["Е. Кочетова"]


def test_a_worker_signed_for_by_another_is_one_of_the_signers():
    ex = read(
        "В Контрольную Комиссию Губкома РКП\n\nМы, нижеподписавшиеся рабочие ткацкого отдела, "
        "заявляем, что член нашей ячейки Лаврентьев Никанор Саввич скрыл, что отец его был "
        "священником. Просим проверить.\n\nПодписи:\nткач Е. Крылов\nА. Пахомов\n"
        "за неграмотную Федосью Ларину по её просьбе расписался А. Пахомов\n\n4 апреля 1922 г.\n"
    )
    assert "Федосья Ларина" in values(ex, "author")


def test_peasants_signed_in_one_row_are_the_writers_and_who_held_the_pen_is_not():
    ex = read(
        "В Центральную Контрольную Комиссию, в Москву.\n\nМы, крестьяне деревни Малые Ключи, на "
        "общем сходе обсудили то, что нашего председателя сельсовета товарища Фролова исключили "
        "из партии. Просим вернуть его в партию.\n\nПриговор подписали:\n Тимофей Лыков, Андрей "
        "Бабкин, Наум Курочкин, а за неграмотных по их личной просьбе расписался учитель Н. "
        "Гвоздев.\n 14/IV.21 г.\n\nАрхивная ссылка уточняется. Текст воспроизводится с "
        "сохранением орфографии подлинника.\n"
    )
    assert values(ex, "author") == ["Тимофей Лыков", "Андрей Бабкин", "Наум Курочкин"]
