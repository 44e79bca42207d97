"""Name mentions in a Russian letter, in the nominative, grouped into persons: ru.people."""

from __future__ import annotations

from commission.intake.reading.ru.people import cluster_mentions, find_mentions
from tests.intake.reading_ru.helpers import letter, read, values


def _read(text):
    return [(m.text, m.nominative, m.gender) for m in find_mentions(text)]


def test_names_in_every_case_are_read_in_the_nominative():
    text = (
        "Прошу проверить дело тов. Каспаровой-Поповой. С её сестрой Верой я знаком. "
        "Знаю Ивана Петровича Сидорова с 1912 года. Пишу Сольцу и говорил о Лепешинской."
    )
    assert _read(text) == [
        ("Каспаровой-Поповой", "Каспарова-Попова", "female"),
        ("Верой", "Вера", "female"),
        ("Ивана Петровича Сидорова", "Иван Петрович Сидоров", "male"),
        ("Сольцу", "Сольц", "male"),
        ("Лепешинской", "Лепешинская", "female"),
    ]


def test_title_context_decides_the_case():
    # "Товарищу Петрову" is a man's dative; "восстановить тов. Петрову" a woman's accusative
    # is told by the verb agreeing with her elsewhere: here the title asks the dative.
    assert _read("Товарищу Петрову сообщаю следующее.") == [("Петрову", "Петров", "male")]


def test_a_past_verb_gives_the_gender():
    assert _read("Ко мне обратилась тов. Белова с просьбой.") == [("Белова", "Белова", "female")]


def test_titles_list_several_names():
    found = _read("Тт. Сталину, Сафарову, Зиновьеву и Корнблюму сообщить.")
    assert [nominative for _, nominative, _ in found] == [
        "Сталин",
        "Сафаров",
        "Зиновьев",
        "Корнблюм",
    ]


def test_places_bodies_acronyms_and_sentence_openers_are_not_names():
    text = (
        "Прошу ЦКК РКП(б) рассмотреть вопрос. В Московскую губернскую комиссию писал. "
        "Он жил в Женеве и в Москве. Уездной комиссией она исключена."
    )
    assert _read(text) == []


def test_one_person_in_several_cases_is_one_cluster_and_the_brother_another():
    text = (
        "Исключена тов. Каспарова-Попова. Каспарову-Попову я не знаю, о Каспаровой-Поповой "
        "слышал. Брат её, Вячеслав Каспаров, умер."
    )
    clusters = cluster_mentions(find_mentions(text))
    assert [(c.name, len(c.mentions)) for c in clusters] == [
        ("Каспарова-Попова", 3),
        ("Вячеслав Каспаров", 1),
    ]


def test_a_maiden_name_beside_a_womans_name_is_hers_not_another_persons():
    text = (
        "Знающие тов. Горбунову Анну Ильиничну (урождённую Лаврову) с 1915 года просят. "
        "Аню Лаврову мы помним девчонкой. Отец её, Илья Лавров, слесарь. Тов. Горбунова "
        "ушла на фронт."
    )
    mentions = find_mentions(text)
    assert [m.nominative for m in mentions] == [
        "Горбунова Анна Ильинична", "Аня Лаврова", "Илья Лавров", "Горбунова",
    ]  # fmt: skip
    assert [(c.name, len(c.mentions)) for c in cluster_mentions(mentions)] == [
        ("Горбунова Анна Ильинична", 3),
        ("Илья Лавров", 1),
    ]


def test_a_given_name_after_the_maiden_name_in_brackets_completes_the_name():
    found = _read("В списке: Тихонова (урожд. Зуева) Прасковья — его жена.")
    assert [(nominative, gender) for _, nominative, gender in found] == [
        ("Прасковья Тихонова", "female")
    ]


def test_a_womans_maiden_name_said_as_her_maiden_surname():
    text = (
        "Дело т. Рыбиной (девичья фамилия её Соколова), исключённой в мае. Тов. Рыбина — работница."
    )
    clusters = cluster_mentions(find_mentions(text))
    assert [(c.name, len(c.mentions)) for c in clusters] == [("Рыбина", 2)]


def test_a_noun_before_a_name_asks_the_genitive():
    assert _read("Считаю исключение Орлова ошибкой.") == [("Орлова", "Орлов", "male")]
    # A noun itself in the genitive does not: the name is the office holder's.
    assert _read("Секретарь ячейки А. Смирнова.") == [("А. Смирнова", "А. Смирнова", "female")]


def test_a_transitive_verb_asks_the_accusative():
    assert _read("Выяснить, кто знает тов. Цветкову.") == [("Цветкову", "Цветкова", "female")]


def test_a_town_after_a_preposition_is_no_person():
    found = find_mentions("Служил у белых в Сызрани, а про Сызрань мне говорили люди.")
    assert found == []


def test_a_witness_to_ask_with_his_office_before_his_name_is_no_subject():
    text = letter(
        "Член партии Сокольский Вениамин Георгиевич служил у белых. Если хотите проверить, "
        "спросите бывшего фельдфебеля Гаврилу Мохова. Адрес Сокольского: Московская ул., д. 41."
    )
    assert values(read(text), "subjects") == ["Сокольский Вениамин Георгиевич"]


def test_a_village_in_an_address_is_no_person():
    found = find_mentions(
        "Адрес: Козловского уезда, село Покровския Дубки, Марии Чурсиной. Живу в деревне Малые "
        "Вязёмы.\nЧлен РКП(б) с 1904 г. Н. Кузьмин\nС. Петров"
    )
    assert [m.text for m in found] == ["Марии Чурсиной", "Н. Кузьмин", "С. Петров"]


def test_a_month_a_stamp_and_the_kremlin_are_no_people():
    text = (
        "В Центральную контрольную комиссию\n\nМосква, Кремль.\n\nПрошу проверить дело "
        "тов. Гурьянова Пантелеймона Ильича, исключённого ячейкой. Штамп губкома на его "
        "заявлении стоит.\n\nН. К., член РКП(б)\n\nМай 1922 г.\n"
    )
    extraction = read(text)
    people = [p.name for p in extraction.people() if p.name]
    assert not {"Май", "Кремль", "Штамп"} & set(people)


def test_a_surname_the_dictionary_reads_as_a_common_word_after_an_initial_or_a_given_name():
    for signature, author in (
        ("Д. Сарафанов", "Д. Сарафанов"),
        ("Кузьма Сарафанов", "Кузьма Сарафанов"),
    ):
        text = letter(
            "Прошу пересмотреть дело моей дочери, исключённой укомом без всякой вины.",
            closing=signature + "\n3 мая 1922 г.",
        )
        assert values(read(text), "author") == [author]


def test_a_name_carried_over_a_line_break_before_its_patronymic_is_one_name():
    text = "в партии тт. Арсеньева Бориса\nЛьвовича и жены его Арсеньевой Нины Федоровны"
    found = [m.nominative for m in find_mentions(text)]
    assert found == ["Арсеньев Борис Львович", "Арсеньева Нина Фёдоровна"]


def test_a_street_is_no_ones_name():
    from commission.intake.reading.ru.people import find_mentions

    found = [m.nominative for m in find_mentions("г. Брянск, Бежицкая ул., д. 22, Прокофьевой")]
    assert "Бежицкая" not in " ".join(found)


def test_the_place_heading_a_date_line_is_no_signer():
    extraction = read(
        letter(
            "Наш сын Андрей Петрович Сизов исключён укомом при проверке. Просим разобрать его "
            "дело.",
            closing="Пётр Сизов\nМокрый Дол, 10 октября 1921 г.",
        )
    )
    assert values(extraction, "author") == ["Пётр Сизов"]


def test_a_lists_point_opens_with_the_surname_before_the_given_name():
    text = (
        "Просим проверить:\n\n3. Гаврилов Семён Семёнович, мастер.\n4. Пастухов Игнатий, кандидат."
    )
    assert [m.text for m in find_mentions(text)] == ["Гаврилов Семён Семёнович", "Пастухов Игнатий"]
