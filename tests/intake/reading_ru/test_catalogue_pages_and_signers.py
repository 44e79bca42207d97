"""Russian pages as an archive's site and a printed collection give them, and the ways their
writers sign: a catalogue's "Отзыв …" title and "Дата документа:" field over a division's
letterhead, its "Публикуется впервые." under the signatures; a collection's "На первом листе
резолюция:" under the letter; a given name cut short in the signature («Вас. Дроздов»); a
capital «Т.» that is a first initial, not «тов.»; an address under the signature."""

from __future__ import annotations

from commission.intake.reading.decoding import html_to_text
from tests.intake.reading_checks import read_letters
from tests.intake.reading_ru.helpers import values

CATALOGUE = """<html><head><meta charset="utf-8"><title>Документ 5</title></head><body>
<nav>Главная | Фонды | Поиск</nav>
<h1>Отзыв политотдела 14-й стрелковой дивизии о политруке К. С. Ильине</h1>
<table><tr><th>Дата документа:</th><td>20.08.1921</td></tr>
<tr><th>Шифр:</th><td>Ф. 112. Оп. 1. Д. 2217. Л. 5</td></tr></table>
<p>Политический отдел<br>14-й стрелковой дивизии<br>20 августа 1921 г. № 3318<br>г. Камышин</p>
<p>В Саратовскую губернскую проверочную комиссию РКП(б)</p>
<p>Политотдел дивизии узнал, что проверочная комиссия поставила под сомнение пребывание в
партии нашего бывшего политрука тов. Ильина Константина Сафроновича. Политотдел просит
губернскую комиссию учесть боевую службу тов. Ильина при решении его дела.</p>
<p>Начальник политотдела дивизии Д. Арефьев<br>Секретарь политотдела Н. Ступина</p>
<p>Публикуется впервые. Орфография и пунктуация приведены к современным нормам.</p>
</body></html>
"""


def test_a_catalogue_page_over_a_divisions_letterhead_is_one_signed_letter():
    letters, extractions = read_letters(CATALOGUE, "doc.html")
    assert len(letters) == 1
    ex = extractions[0]
    assert values(ex, "author") == ["Д. Арефьев", "Н. Ступина"]
    assert values(ex, "date") == ["1921-08-20"]
    assert values(ex, "subjects") == ["Ильин Константин Сафронович"]


def test_a_catalogue_fields_table_gives_its_russian_fields():
    text, _meta = html_to_text(CATALOGUE)
    assert "Дата документа: 20.08.1921" in text


def test_a_collections_inscription_on_the_first_sheet_is_the_letters_own_note():
    letters, extractions = read_letters(
        "## № 47. В. К. Дроздов — Е. М. Ярославскому\n\n*Источник:* РГАСПИ. Подлинник.\n\n---\n\n"
        "Дорогой товарищ Ярославский!\n\nЯ, Дроздов Василий Кузьмич, командир эскадрона, пишу "
        "Вам об отце моём, Кузьме Власовиче Дроздове. Ячейка села исключила его как кулака. "
        "Заступитесь за отца.\n\n14/IV. Вас. Дроздов\n\n---\n\n*На первом листе резолюция:* "
        "«Тов. Сольцу. Прошу разобраться. Е. Яр.»\n",
        "doc.md",
    )
    assert len(letters) == 1
    # the writer's fullest name, not the signed «Вас. Дроздов»
    assert values(extractions[0], "author") == ["Дроздов Василий Кузьмич"]


def test_a_first_initial_t_and_an_address_under_the_signature():
    _letters, extractions = read_letters(
        "Уважаемая комиссия!\n\nПрошу пересмотреть решение об исключении моего отца, Рустама "
        "Ильдаровича Галиева.\n\nС уважением,\nТ. Р. Галиев\n"
        "Москва, Малая Дмитровка, 6, кв. 19\n20 ноября 1921 г.\n"
    )
    ex = extractions[0]
    assert values(ex, "author") == ["Т. Р. Галиев"]  # «Т.» his first initial, not «тов.»
    assert values(ex, "other_people") == []  # «Малая Дмитровка»: a street


def test_a_day_and_roman_month_take_the_year_of_the_collections_dating_line():
    _letters, extractions = read_letters(
        "## № 47. В. К. Дроздов — Е. М. Ярославскому\n\n**1921 г.**\n\n---\n\n"
        "Дорогой товарищ Ярославский!\n\nЯчейка села исключила моего отца, Кузьму Власовича "
        "Дроздова, как кулака.\n\nЕмельян Михайлович, заступитесь за отца. Запросите дело из "
        "Самарской губкомиссии, и пусть восстановят его в партии.\n\n14/IV. Вас. Дроздов\n",
        "doc.md",
    )
    ex = extractions[0]
    assert values(ex, "date") == ["1921-04-14"]
    assert {"intercede", "verify", "reinstate"} <= set(values(ex, "requests"))
    # the reader called by name and patronymic is the addressee, no other person
    assert values(ex, "other_people") == []


def test_a_name_and_patronymic_said_of_someone_is_not_the_reader_called():
    _letters, extractions = read_letters(
        "Товарищу Сольцу\n\nУважаемый товарищ!\n\nИсключён мой сын Пётр Ильич Гуськов. "
        "Мать его, Марфа Тихоновна, тяжело больна.\n\nПрошу пересмотреть дело.\n\nИ. Гуськов\n"
    )
    assert "Марфа Тихоновна" in [t["person"] for t in values(extractions[0], "relatives")]


MINUTES = (
    "ПРОТОКОЛ № 17\nзаседания уездной проверочной комиссии РКП(б)\nот 22 августа 1921 года\n\n"
    "Присутствовали: председатель тов. Щеглов, члены комиссии тт. Кравец и Ямщикова.\n\n"
    "СЛУШАЛИ:\n1. Дело тов. Фомичёва Егора Ивановича, стрелочника, исключённого ячейкой. "
    "Ходатайство жены его Марьи Фомичёвой о восстановлении мужа в партии.\n"
    "ПОСТАНОВИЛИ: Фомичёва в партии оставить.\n\n"
    "2. Заявление гр. Ульяны Мезенцевой о восстановлении в партии её сына Мезенцева Прокопия, "
    "исключённого как дезертира.\nПОСТАНОВИЛИ: Вызвать Мезенцева Прокопия и выслушать.\n\n"
    "3. Дело тт. Рябинина Ефима и жены его Рябининой Клавдии, членов ячейки фабрики.\n"
    "ПОСТАНОВИЛИ: Дело Рябининой отложить, поручив тов. Ямщиковой выяснить, кто из работниц "
    "фабрики знает Рябинину по работе.\n\nПредседатель комиссии Щеглов\nСекретарь Долинин\n"
)


def test_minutes_items_each_tie_kin_to_their_own_member_and_charge_a_member():
    _letters, extractions = read_letters(MINUTES)
    ex = extractions[0]
    assert "Ульяна Мезенцева" not in values(ex, "subjects")  # she applied for her son
    ties = {(t["person"], t["relation"], t["of"]) for t in values(ex, "relatives")}
    assert ("Ульяна Мезенцева", "mother", "Мезенцев Прокопий") in ties
    assert ("Рябинина Клавдия", "wife", "Рябинин Ефим") in ties
    assert "find_witnesses" in values(ex, "requests")


def test_a_village_before_a_name_and_a_communist_denounced():
    _letters, extractions = read_letters(
        "В уездную комиссию по чистке партии\nот вдовы-крестьянки дер. Малые Вязёмы\n"
        "Пелагеи Никитичны Зуевой\n\nЗаявление\n\nЗаявляю, что председатель нашего сельсовета "
        "коммунист Семён Лукьянович Горохов человек для партии негодный. Отец его, Лука Горохов, "
        "служил в жандармах, а Семён это скрыл. Прошлой осенью Горохов забрал у сына моего "
        "лошадь.\n\nПрошу проверить, как такой человек попал в партию.\n\n"
        "Мая 5 дня 1921 года.\n\nПелагея Зуева\n"
    )
    ex = extractions[0]
    assert values(ex, "author") == ["Пелагея Никитична Зуева"]  # not «Вязёмы»
    assert values(ex, "subjects") == ["Семён Лукьянович Горохов"]


def test_a_telegram_in_small_letters_ends_its_sentences_with_tchk():
    _letters, extractions = read_letters(
        "ТЕЛЕГРАММА\n\nМосква ЦКК РКП тов. Шкирятову\nИз Вятки 14.II.22 15 ч. 40 м.\n\n"
        "Вятский губком просит сообщить решение ЦКК по апелляциям исключенных губкомиссией "
        "Черепанова Николая и Черепановой Агнии тчк Оба подавали апелляции через вас тчк "
        "Губком настаивает на пересмотре дела Черепановой тчк\n\nСекретарь губкома Ветлугин\n"
    )
    ex = extractions[0]
    assert "Шкирятов" in values(ex, "addressees")  # the address runs on after «тов.»
    assert "Оба" not in values(ex, "subjects")  # a word opening a sentence after «тчк»
    assert "reconsider" in values(ex, "requests")


def test_signers_in_a_row_say_what_they_are_to_the_member():
    _letters, extractions = read_letters(
        "В губернскую проверочную комиссию\n\nФабзавком просит восстановить в партии ткачиху "
        "Капитолину Ерофеевну Суслову. Сама Капитолина Ерофеевна на венчании не была.\n\n"
        "Председатель фабзавкома Гусаков\nРабочие ткацкого цеха: М. Суслов (муж), "
        "А. Суслова (дочь), П. Клюев\n"
    )
    ex = extractions[0]
    assert values(ex, "author") == ["Гусаков", "М. Суслов", "А. Суслова", "П. Клюев"]
    ties = {(t["person"], t["relation"]) for t in values(ex, "relatives")}
    assert {("М. Суслов", "husband"), ("А. Суслова", "daughter")} <= ties
    # her name and patronymic alone are her, as is her surname alone
    assert values(ex, "other_people") == []


def test_a_daughter_in_law_writes_and_her_husband_is_the_members_son():
    _letters, extractions = read_letters(
        "Уважаемые члены комиссии!\n\nПишу по поручению моего свёкра, Виктора Павловича "
        "Тарасова. Решением профкома Виктор Павлович исключён из профсоюза. Мой муж, Олег "
        "Викторович, работает в том же депо.\n\nПросим пересмотреть решение.\n\n"
        "Почтовый адрес Виктора Павловича: г. Екатеринбург, ул. Депутатская, д. 9\n\n"
        "С уважением,\nВероника Сергеевна Тарасова\n"
    )
    ex = extractions[0]
    assert values(ex, "author") == ["Вероника Сергеевна Тарасова"]  # not the address's owner
    assert values(ex, "subjects") == ["Виктор Павлович Тарасов"]
    assert {
        "person": "Олег Викторович",
        "relation": "son",
        "of": "Виктор Павлович Тарасов",
    } in values(ex, "relatives")


def test_a_signers_maiden_name_in_brackets_is_not_her_brothers():
    _letters, extractions = read_letters(
        "Товарищи!\n\nЯ, Эсфирь Моисеевна Ланская, урождённая Гуревич, родная сестра "
        "исключённого из партии Абрама Моисеевича Гуревича, прошу выслушать меня. Абрам с 1917 "
        "года в партии.\n\nПрошу пересмотреть дело моего брата.\n\nЭ. Ланская (Гуревич)\n"
    )
    ex = extractions[0]
    assert values(ex, "author") == ["Эсфирь Моисеевна Ланская"]
    assert values(ex, "subjects") == ["Абрам Моисеевич Гуревич"]


def test_a_covering_note_of_a_grandmothers_petition_is_about_her_grandson():
    _letters, extractions = read_letters(
        "В Центральную Контрольную Комиссию РКП(б)\n\nПрепровождается заявление гр. Агафьи "
        "Семёновны Кругликовой, крестьянки Лебедянского уезда, о внуке её Денисе Кругликове, "
        "исключённом из партии. ГубКК просит рассмотреть заявление по существу.\n\n"
        "Зав. секретариатом Н. Ершов\n"
    )
    assert values(extractions[0], "subjects") == ["Денис Кругликов"]


def test_a_surname_in_the_genitive_after_a_kin_word_is_whose_the_name_after_is_the_kin():
    _letters, extractions = read_letters(
        "В Контрольную комиссию губкома РКП\n\nЗаявление\n\nЗаведующий складом, член партии "
        "Пыжов Аркадий Терентьевич, превратил склад в семейную лавочку. Рабочий Никифоров "
        "сказал про это открыто и был уволен, а за ним уволили и сына Никифорова, Алексея.\n\n"
        "Прошу проверить, как Пыжов попал в партию.\n\nНижний Новгород, 30 ноября 1921 г.\n"
    )
    ties = {(t["person"], t["relation"], t["of"]) for t in values(extractions[0], "relatives")}
    assert ("Алексей", "son", "Никифоров") in ties


def test_a_polite_do_not_refuse_asks_and_a_cell_asks_to_admit_its_comrade():
    _letters, extractions = read_letters(
        "В ЦКК РКП(б)\n\nПрошу Центральную Контрольную Комиссию пересмотреть моё дело. Меня "
        "исключили, не выслушав.\n\nПрошу не отказать и срочно затребовать моё дело из губКК, "
        "пока свидетели не разъехались.\n\nК. Зотов. 9/XI-23 г.\n"
    )
    assert ("verify", "author", True) in [
        (i.value, i.extra["by"], i.extra["urgent"]) for i in extractions[0].get("requests")
    ]
    _letters, extractions = read_letters(
        "В бюро укома РКП(б)\n\nЯчейка ходатайствует о переводе из кандидатов в члены РКП(б) "
        "нашего товарища Льва Гавриловича Миронова.\n\nПросим бюро укома принять тов. Миронова "
        "в члены РКП(б).\n\nСекретарь ячейки Зоя Краснопевцева\n"
    )
    assert "admit" in values(extractions[0], "requests")


def test_the_late_husbands_brother_is_a_brother_in_law_and_a_battle_brother_no_kin():
    _letters, extractions = read_letters(
        "Уважаемый Емельян Михайлович!\n\nЯ, Никольская Фаина Григорьевна, состою в партии с "
        "1917 года. В ноябре губернская проверочная комиссия исключила меня из партии."
        " Муж мой, Георгий Фомич Никольский, умер от тифа. Меня хорошо знает брат покойного "
        "мужа, Арсений Фомич Никольский: прошу его опросить. "
        "За меня поручится товарищ Кондратий Седых, боевой брат покойного мужа.\n\n"
        "Ф. Никольская\n"
    )
    ties = [(t["person"], t["relation"]) for t in values(extractions[0], "relatives")]
    assert ("Арсений Фомич Никольский", "brother-in-law") in ties
    assert len(ties) == 2  # her husband and his brother; the battle brother is none
