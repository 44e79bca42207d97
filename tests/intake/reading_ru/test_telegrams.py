"""A Russian telegram in capitals, a reply under a note, and an edition's layout."""

from __future__ import annotations

from commission.intake.reading import extract, read_text
from tests.intake.reading_ru.helpers import read, values

TELEGRAM = """ТЕЛЕГРАММА

ЧЕЛЯБИНСК ГУБПРОВЕРКОМ КОПИЯ ГУБКОМ

ЦЕНТРАЛЬНАЯ КОМИССИЯ ПРОСИТ СРОЧНО ТЕЛЕГРАФИРОВАТЬ ОСНОВАНИЯ ИСКЛЮЧЕНИЯ ГРЕБЕНЩИКОВА ИВАНА \
АНДРЕЕВИЧА ЗЛАТОУСТОВСКОГО ЗАВОДА ТЧК ДЕЛО ВЫСЛАТЬ ПОЧТОЙ ТЧК

ЗАЛУЦКИЙ
25/XI-21
"""


def test_a_telegram_in_capitals():
    extraction = read(TELEGRAM)
    assert values(extraction, "author") == ["Залуцкий"]
    assert values(extraction, "subjects") == ["Гребенщиков Иван Андреевич"]
    assert extraction.get("subjects")[0].span.text == "ГРЕБЕНЩИКОВА ИВАНА АНДРЕЕВИЧА"
    assert values(extraction, "date") == ["1921-11-25"]


def test_a_reply_written_under_a_note_opens_with_its_greeting():
    page = (
        "т. Молотов!\nПосылаю к сведению членам Политбюро. Поставьте, пожалуйста, на повестку.\n"
        "23/XI. Ленин\n\nМой ответ:\n\nтов. Окулов! Очень жалею, что не могу послать "
        "рекомендации, о которой Вы просите. Это вопрос политический, и я его направляю в "
        "Политбюро. 23/XI.\tС ком. приветом Ленин\n\nНаписано 23 ноября 1921 г.\n"
    )
    letters = read_text(page, file_name="page.txt")
    assert len(letters) == 2
    reply = extract(letters[1], resolve=False)
    assert [i.value for i in reply.get("addressees")] == ["Окулов"]
    assert [i.value for i in reply.get("author")] == ["Ленин"]


def test_a_telegram_signed_in_its_last_words_after_the_last_stop():
    text = (
        "ТЕЛЕГРАММА\n\nМОСКВА ЦКК СОЛЬЦУ ТЧК УФИМСКИМ ГУБПРОВЕРКОМОМ ИСКЛЮЧЕН ИЗ ПАРТИИ "
        "ХАРЛАМОВ ИВАН ЕГОРОВИЧ ТЧК СРОЧНО ПРОСИМ ПЕРЕСМОТРЕТЬ ДЕЛО ТЧК ЧЛЕНЫ УКОМА ДЕГТЯРЕВ "
        "БАЛАШОВА\n"
    )
    assert values(read(text), "author") == ["Дегтярёв", "Балашова"]


def test_an_urgent_form_its_address_with_a_street_a_copy_below_and_members_by_post():
    ex = read(
        "ТЕЛЕГРАММА\n\nНолинск 311  слов 40  подана 2/X 1921 г.\n\nСРОЧНАЯ\n\n"
        "МОСКВА ВОЗДВИЖЕНКА 5 ЦКК СОЛЬЦУ\nКОПИЯ ВЯТСКОМУ ГУБКОМУ\n\n"
        "УЕЗДНАЯ ПРОВЕРОЧНАЯ КОМИССИЯ ИСКЛЮЧИЛА ПРЕДУИСПОЛКОМА КОРОБОВА ИВАНА ЗПТ ЗАВЕДУЮЩУЮ "
        "ЖЕНОТДЕЛОМ МАРКОВУ ЕЛЕНУ ТЧК ВОЕНКОМ ПАХОМОВ ОСТАВЛЕН ЧЛЕНОМ ПАРТИИ ТЧК УКОМ ПРОСИТ "
        "ПЕРЕСМОТРЕТЬ ДЕЛО КОРОБОВА ТЧК\n\nПРЕДУКОМА ГОРБУНОВ\n"
    )
    assert values(ex, "addressees") == ["Сольц", "ЦКК", "Вятский губком"]
    assert values(ex, "subjects") == ["Коробов Иван", "Маркова Елена", "Пахомов"]
    assert all(item.extra["urgent"] for item in ex.get("requests"))


def test_a_telegraph_forms_time_in_capitals():
    text = (
        "ТЕЛЕГРАММА\nИЗ ВЯТКИ  N 12  СЛОВ 20  ПОДАНА 3/XII 1921 Г. 9 Ч. 15 М.\n\n"
        "МОСКВА ЦКК ШКИРЯТОВУ\nПРОСИМ ПЕРЕСМОТРЕТЬ ДЕЛО ЗУЕВА ИСКЛЮЧЕННОГО ЗАОЧНО ТЧК\n"
        "СЕКРЕТАРЬ ГУБКОМА ОРЛОВ\n"
    )

    assert values(read(text), "time") == ["09:15"]


def test_a_surname_the_dictionary_reads_as_a_common_word_in_a_row_of_surnames():
    text = (
        "ТЕЛЕГРАММА\nМОСКВА ЦКК СОЛЬЦУ\nУКОМ ПРОСИТ ПЕРЕСМОТРЕТЬ ИСКЛЮЧЕНИЕ БАРАНОВА КОРШУНОВОЙ "
        "ХВОСТОВА ТЧК ВСЕ ТРОЕ НА ЛЕСОЗАГОТОВКАХ ТЧК\nСЕКРЕТАРЬ УКОМА ЛЫЧКИН\n"
    )

    assert values(read(text), "subjects") == ["Баранов", "Коршунова", "Хвостов"]


def test_a_telephone_message_numbered_with_a_latin_n_heads_its_own_document():
    letters = read_text(
        "Телеграмма\nСаратов  N 412  слов 48  подана 17/XI-21  14 ч. 20 м.\n\nСрочно\n"
        "Москва ЦКК Сольцу\nБалашовский уком исключил товарищей Орехова и Камышеву. Прошу "
        "срочно проверить.\nПредгубкк Зыков\n\n"
        "Телефонограмма N 37\nПринята 19/XI-21 г. в 9 ч. 15 м.\n\nВ Саратовскую губКК, тов. "
        "Зыкову.\nБалашовский уком сообщает, что тов. Камышева Мария Фроловна восстановлена, "
        "дело Орехова направлено в губКК.\nПередал секретарь укома Тимохин.\n",
        file_name="telegrams.txt",
    )
    assert len(letters) == 2
    assert letters[1].text.startswith("Телефонограмма N 37")
