"""Whose membership a Russian letter is about: ru.subjects."""

from __future__ import annotations

import pytest

from tests.intake.reading_ru.helpers import letter, read, values


@pytest.mark.parametrize(
    ("body", "subjects"),
    [
        ("Прошу восстановить в партии тов. Белову, исключённую без оснований.", ["Белова"]),
        ("Тов. Белова исключена районной комиссией, о чём я узнал с удивлением.", ["Белова"]),
        (
            "Ходатайствую о восстановлении Надежды Сергеевны Аллилуевой в рядах партии.",
            ["Надежда Сергеевна Аллилуева"],
        ),
        (
            "Узнал, что при проверке исключены тов. Белова и тов. Жуковская, обе работницы.",
            ["Белова", "Жуковская"],
        ),
        (
            "На Ваш запрос о тов. Кузьмине Николае сообщаю, что лично его не знаю.",
            ["Кузьмин Николай"],
        ),
        (
            "На запрос комиссии относительно Воробьёва Григория сообщаю, что его не знаю.",
            ["Воробьёв Григорий"],
        ),
        ("Прошу оставить тов. Белову Клавдию в рядах партии.", ["Белова Клавдия"]),
        ("Сообщаю, что тов. Каспарова обратилась ко мне вторично.", ["Каспарова"]),
        (
            "Ко мне обратилась тов. Цветкова Ольга. Её исключили, и я прошу проверить дело.",
            ["Цветкова Ольга"],
        ),
    ],
)
def test_the_person_beside_the_phrase(body, subjects):
    assert values(read(letter(body)), "subjects") == subjects


def test_first_person_makes_the_author_the_subject():
    text = letter(
        "Уездной комиссией я исключена из партии как якобы скрывшая своё происхождение.",
        closing="А. Смирнова\n5 января 1922 г.",
    )
    assert values(read(text), "subjects") == ["А. Смирнова"]


def test_a_witness_the_letter_asks_about_is_not_a_subject():
    text = letter(
        "Прошу проверить дело тов. Беловой и запросить тов. Орлова, который её знает хорошо."
    )
    extraction = read(text)
    assert values(extraction, "subjects") == ["Белова"]
    assert values(extraction, "other_people") == ["Орлов"]


def test_the_cue_span_is_kept():
    extraction = read(letter("Прошу восстановить в партии тов. Белову, она работник честный."))
    assert extraction.get("subjects")[0].extra["cue"]["text"] == "восстановить"


@pytest.mark.parametrize(
    ("sentence", "subject"),
    [
        ("Мой сын Пётр Иванов, член партии с 1918 г., исключён из партии.", "Пётр Иванов"),
        ("Доводим до сведения, что Иванов Пётр пьёт и его надо выгнать из партии.", "Иванов Пётр"),
        ("Иванова П. С. уком перевёл в кандидаты.", "Иванова П. С."),
        ("О тов. Иванове сообщаю, что знаю его с 1917 года как честного работника.", "Иванов"),
    ],
)
def test_more_phrases_that_put_membership_at_stake(sentence, subject):
    assert values(read(letter(sentence + " Прошу разобраться.")), "subjects") == [subject]


def test_a_short_note_is_read_not_refused():
    text = "Тов. Сольцу!\n\nПрошу пересмотреть дело Иванова. Прошу разобраться.\n\nА. Петров\n"
    assert values(read(text), "subjects") == ["Иванов"]


def test_a_family_named_in_the_plural_then_its_members_by_name():
    text = letter(
        "В Самаре при проверке исключили двух старых товарищей, мужа и жену Дементьевых, — "
        "Дементьева Кузьму Афанасьевича и Дементьеву Лидию Марковну. С Дементьевыми поступили "
        "несправедливо."
    )
    assert values(read(text), "subjects") == [
        "Дементьев Кузьма Афанасьевич",
        "Дементьева Лидия Марковна",
    ]


def test_the_writer_named_in_the_from_block_over_two_lines_who_was_expelled():
    text = (
        "В Московскую Губернскую Проверочную Комиссию\nот члена РКП(б) с июня 1918 года\n"
        "Лукиной Прасковьи Егоровны,\nработницы ткацкой фабрики\n\nЗАЯВЛЕНИЕ\n\n"
        "Прошу разобрать моё дело. На собрании ячейки меня исключили из партии как пассивную. "
        "Прошу восстановить меня в правах члена РКП.\n"
    )
    extraction = read(text)
    assert values(extraction, "author") == ["Лукина Прасковья Егоровна"]
    assert values(extraction, "subjects") == ["Лукина Прасковья Егоровна"]


def test_a_numbered_list_of_members_is_whom_the_letter_is_about():
    text = (
        "В губернскую проверочную комиссию\n\n"
        "Препровождается список членов организации, по которым уездная комиссия не пришла к "
        "единому решению.\n\n"
        "1. Алексеев Дмитрий Прокофьевич — зав. земотделом, в партии с 1919 г.\n"
        "2. Буракова Евдокия Савельевна — работница, в партии с 1920 г.\n\n"
        "Материалы прилагаются.\n\n"
        "Секретарь укома Н. Бахарев\n"
    )

    assert values(read(text), "subjects") == [
        "Алексеев Дмитрий Прокофьевич",
        "Буракова Евдокия Савельевна",
    ]


def test_a_numbered_list_of_those_who_can_vouch_is_no_list_of_subjects():
    text = letter(
        "Прошу пересмотреть дело тов. Каспаровой. Её работу могут подтвердить:\n"
        "1. Петров Иван Ильич, слесарь.\n"
        "2. Сидорова Анна Петровна, ткачиха."
    )

    assert values(read(text), "subjects") == ["Каспарова"]


def test_the_one_member_named_in_a_message_with_no_phrase_of_expulsion():
    text = (
        "ТЕЛЕФОНОГРАММА № 318\n\n"
        "Откуда: ЦКК РКП(б)\nКуда: Московская губернская контрольная комиссия\n"
        "Передал: Зубов                      Принял(а): Климова\n\n"
        "Тов. Ярославский просит срочно вызвать в губКК члена РКП(б) Мелентьева Фрола "
        "Игнатьевича и выслушать его объяснения по поводу письма рабочих фабрики.\n\n"
        "Секретарь т. Ярославского Н. Зубов\n"
    )
    extraction = read(text)
    assert values(extraction, "subjects") == ["Мелентьев Фрол Игнатьевич"]
    assert not {"Принял", "Дат"} & set(values(extraction, "other_people"))
