"""Relatives named in a Russian letter: ru.kin."""

from __future__ import annotations

import pytest

from tests.intake.reading_ru.helpers import letter, read, values

START = "Прошу проверить дело тов. Каспаровой-Поповой, исключённой при проверке. "


def _relatives(text):
    return [
        (i.value["person"], i.value["relation"], i.value["of"]) for i in read(text).get("relatives")
    ]


@pytest.mark.parametrize(
    ("sentence", "relative"),
    [
        ("Её брат Вячеслав умер в Женеве.", ("Вячеслав", "brother")),
        ("Муж её, Попов, погиб на Дальнем Востоке.", ("Попов", "husband")),
        ("Брата её, Славу Каспарова, знал хорошо.", ("Слава Каспаров", "brother")),
        ("С её сестрой Верой я работал.", ("Вера", "sister")),
        ("Отец её — старый рабочий.", ("отец", "father")),
        ("О её брате, Каспарове Вячеславе, писал.", ("Каспаров Вячеслав", "brother")),
    ],
)
def test_kin_phrases(sentence, relative):
    assert _relatives(letter(START + sentence)) == [(*relative, "Каспарова-Попова")]


def test_a_list_of_kin_shares_its_possessor():
    text = letter(START + "Отец её — рабочий-литейщик, мать — прачка.")
    assert _relatives(text) == [
        ("отец", "father", "Каспарова-Попова"),
        ("мать", "mother", "Каспарова-Попова"),
    ]


def test_my_kin_are_the_authors():
    text = (
        "В ЦКК РКП(б)\n\nЯ исключена из партии без оснований. Мой муж, Смирнов Иван Петрович, "
        "может это подтвердить.\n\nА. Смирнова\n5 января 1922 г.\n"
    )
    assert _relatives(text) == [("Смирнов Иван Петрович", "husband", "А. Смирнова")]


def test_a_kin_word_without_a_possessor_names_nobody():
    assert _relatives(letter(START + "Сестра милосердия ухаживала за ранеными.")) == []


def test_the_subject_is_not_her_own_relative_and_the_author_not_a_relative():
    text = letter(START + "Её брат Вячеслав знал меня по Женеве.")
    assert _relatives(text) == [("Вячеслав", "brother", "Каспарова-Попова")]


def test_the_subject_is_the_authors_son_and_the_son_is_not_read_twice():
    text = (
        "Многоуважаемый Арон Александрович!\n\nОбращаюсь к Вам по делу моего сына, Гусева "
        "Алексея, исключённого уездной комиссией. Сын мой с 1918 года в Красной армии, был "
        "ранен под Перекопом. Прошу пересмотреть его дело.\n\nГусева Пелагея\n1 октября 1921 "
        "года\n"
    )
    extraction = read(text)
    assert _relatives(text) == [("Гусева Пелагея", "mother", "Гусев Алексей")]
    assert [i.value for i in extraction.get("subjects")] == ["Гусев Алексей"]
    assert [i.value for i in extraction.get("other_people")] == []


def test_a_possessive_before_an_adjective_and_the_kin_word():
    extraction = read(
        letter(
            "Районная комиссия исключила меня из партии за связь с чуждым элементом, имея в "
            "виду моего второго мужа Бирюкова Льва Матвеевича, бывшего владельца булочной."
        ).replace("И. Дроздов", "А. Зайцева-Бирюкова")
    )
    assert [(v["person"], v["relation"]) for v in values(extraction, "relatives")] == [
        ("Бирюков Лев Матвеевич", "husband")
    ]


def test_a_trade_between_the_kin_word_and_the_name():
    extraction = read(
        letter(
            "Комиссия исключила из партии Марию Федоровну Кочеткову. Но я хорошо знал ее отца, "
            "наборщика Федора Кочеткова, по рабочим кружкам."
        )
    )
    assert [(v["person"], v["relation"]) for v in values(extraction, "relatives")] == [
        ("Фёдор Кочетков", "father")
    ]


def test_whose_kin_then_the_name_after_a_dash():
    text = letter(
        "Прошу проверить дело тов. Лосевой Анны Петровны. Исключена по заявлению бывшего мужа "
        "Лосевой — Лосева Терентия, с которым она давно в разводе."
    )
    assert ("Лосев Терентий", "husband", "Лосева Анна Петровна") in _relatives(text)


def test_a_name_that_also_reads_as_a_plural_noun():
    text = letter(
        "Прошу восстановить тов. Лосеву Анну Петровну. Я знал её с покойным её мужем Костей "
        "по ссылке."
    )
    assert ("Костя", "husband", "Лосева Анна Петровна") in _relatives(text)


def test_the_own_kin_of_a_member_writing_of_her_own_expulsion():
    text = letter(
        "Районная комиссия исключила меня из партии. Основание — я была на свадьбе своей сестры "
        "Ксении в церкви.",
        salutation="В Центральную контрольную комиссию",
        closing="А. Лосева\n\n3 марта 1921 г.",
    )
    assert _relatives(text) == [("Ксения", "sister", "А. Лосева")]


def test_an_everyday_form_of_the_given_name_is_the_same_person():
    text = letter(
        "Прошу восстановить в партии моего сына Малышева Льва Петровича, исключённого уездной "
        "комиссией. Лёвка с семнадцати лет на фронте, а сестра его Нюра работает в ячейке.",
        closing="А. Малышева",
    )
    extraction = read(text)
    assert values(extraction, "subjects") == ["Малышев Лев Петрович"]
    assert ("Нюра", "sister", "Малышев Лев Петрович") in _relatives(text)


def test_a_name_in_apposition_before_a_kin_word_and_the_genitive_after_an_occupation():
    text = letter(
        "Пишу по просьбе Глебовой, жены рабочего Сормовского завода Николая Ильича Глебова, "
        "исключённого из партии губернской комиссией."
    )
    assert _relatives(text) == [("Глебова", "wife", "Николай Ильич Глебов")]


def test_kin_counted_in_the_plural_is_one_tie_as_in_english():
    # as "her two sons" in an English letter: the children counted, one tie
    extraction = read(
        letter("Прошу восстановить в партии тов. Белову Анну. У неё на руках трое детей.")
    )
    assert values(extraction, "relatives") == [
        {"person": "трое детей", "relation": "child", "of": "Белова Анна"}
    ]


def test_the_writer_who_says_whose_mother_she_is_is_that_relative():
    text = letter(
        "Пишет Вам мать рабочего Тульского оружейного завода Малышева Льва Петровича, Анна "
        "Степановна Малышева. Исключили его из партии уездной комиссией ни за что.",
        closing="Анна Малышева",
    )
    assert ("Анна Степановна Малышева", "mother", "Малышев Лев Петрович") in _relatives(text)


def test_a_widow_who_writes_about_our_son_is_his_mother_and_her_husbands_widow():
    text = letter(
        "Пишет Вам вдова Гаврилы Ефимовича Чурсина, председателя волостного совета. Пишу про "
        "сына нашего Петра. Петр Гаврилович Чурсин коммунист с 1918 года, а уездный комитет "
        "исключил его из партии. Прошу восстановить его.",
        closing="Мария Чурсина",
    )
    found = _relatives(text)
    assert ("Мария Чурсина", "widow", "Гаврила Ефимович Чурсин") in found
    assert ("Мария Чурсина", "mother", "Пётр Гаврилович Чурсин") in found


def test_the_wife_an_editors_footnote_names_takes_the_place_of_the_wife_left_unnamed():
    text = (
        "Тов. Молотов!\n\nЗапросить Сольца о Глебове: за что исключён. Письмо жены его "
        "прилагаю.¹\n\nЛенин\n\n¹ Записка написана на письме А. Н. Глебовой, жены рабочего "
        "Сормовского завода Николая Ильича Глебова. — Ред.\n"
    )
    assert _relatives(text) == [("А. Н. Глебова", "wife", "Николай Ильич Глебов")]


def test_kin_of_kin_in_the_genitive_is_one_tie_to_the_subject():
    """ "Брат мужа" in a wife's letter about her husband is his brother; "сестра её мужа" in a
    letter about her is her sister-in-law; the second kin word is not a tie of its own."""
    wife = letter(
        "Мужа моего, Серова Игната Петровича, исключили из партии напрасно. Брат мужа, Кузьма "
        "Серов, может это подтвердить.",
        closing="Д. Серова",
    )
    assert _relatives(wife) == [
        ("Д. Серова", "wife", "Серов Игнат Петрович"),
        ("Кузьма Серов", "brother", "Серов Игнат Петрович"),
    ]
    about_her = letter(START + "Сестра её мужа, Ольга Ткачёва, работает с ней в одной школе.")
    assert _relatives(about_her) == [("Ольга Ткачёва", "sister-in-law", "Каспарова-Попова")]
    unnamed = letter(START + "Отец её мужа держал лавку.")
    assert _relatives(unnamed) == [("отец её мужа", "father-in-law", "Каспарова-Попова")]


@pytest.mark.parametrize(
    "sentence",
    [
        "Посылаю заявление матери исключённой.",
        "Исключили её только за отца-лавочника.",
        "Отец-лавочник давно умер.",
    ],
)
def test_kin_of_the_member_said_without_a_pronoun(sentence):
    assert [(rel, of) for _, rel, of in _relatives(letter(START + sentence))] == [
        ("mother" if "матери" in sentence else "father", "Каспарова-Попова")
    ]


def test_a_kin_word_with_no_pronoun_and_no_hyphen_is_no_ones_kin():
    assert _relatives(letter(START + "Отец лавочник давно умер.")) == []


def test_own_kin_is_the_kin_of_the_one_the_clause_is_about():
    """ "Невестка моя, Ольга Лукина, с отцом своим порвала": her father, not the subject's."""
    text = letter(
        "Прошу восстановить в партии сына моего Николая Трофимовича Лукина. Невестка моя, "
        "Ольга Васильевна Лукина, с отцом своим порвала ещё в 1918 году."
    )
    assert ("отцом", "father", "Ольга Васильевна Лукина") in _relatives(text)
    assert not [tie for tie in _relatives(text) if tie[0] == "отцом" and "Николай" in tie[2]]


@pytest.mark.parametrize(
    ("sentence", "relative"),
    [
        ("Её жених, Пётр Орехов, служит в армии.", ("Пётр Орехов", "fiancé")),
        ("Её двоюродный брат Семён служил у белых.", ("Семён", "cousin")),
        ("Её пасынок Ваня живёт с ней.", ("Ваня", "stepson")),
    ],
)
def test_further_kin_words(sentence, relative):
    assert (*relative, "Каспарова-Попова") in _relatives(letter(START + sentence))


def test_counted_children_are_one_tie_of_whoever_has_them():
    found = values(
        read(
            letter(
                "Прошу восстановить Ивана Петровича Сомова. У него трое малых детей и больная жена."
            )
        ),
        "relatives",
    )
    assert {"person": "трое малых детей", "relation": "child", "of": "Иван Петрович Сомов"} in found
    assert {"person": "жена", "relation": "wife", "of": "Иван Петрович Сомов"} in found


def test_a_plural_kin_word_without_a_count_names_no_tie():
    found = values(
        read(letter("Прошу восстановить Ивана Петровича Сомова, отца сыновей-красноармейцев.")),
        "relatives",
    )
    assert not [f for f in found if f["relation"] == "son"]


def test_a_name_then_a_dash_then_his_wife():
    found = values(
        read(
            letter("Прошу проверить Андрея Матвеевича Шилова. Анфиса — его жена, работает в школе.")
        ),
        "relatives",
    )
    assert {"person": "Анфиса", "relation": "wife", "of": "Андрей Матвеевич Шилов"} in found


def test_the_family_of_a_man_named_in_the_singular_lists_his_kin():
    found = values(
        read(
            letter(
                "Прошу восстановить Ферапонта Ильича Мазурова. Семья Мазурова — жена и "
                "четверо детей — живёт в вагоне при депо."
            )
        ),
        "relatives",
    )
    assert {"person": "жена", "relation": "wife", "of": "Ферапонт Ильич Мазуров"} in found
    assert {"person": "четверо детей", "relation": "child", "of": "Ферапонт Ильич Мазуров"} in found


def test_a_wifes_kin_told_as_her_husbands_and_the_son_who_signed_for_her():
    ex = read(
        "Дорогой Михаил Иванович!\n\nПишет Вам жена Зуева Андрея Фёдоровича, исключённого из "
        "партии на проверке за то, что младшенького крестила свекровь моя, без его ведома. "
        "Теперь у нас трое детей, и все на его заработке. Заступитесь за него, пусть вернут "
        "ему партбилет.\n\nПрасковья Зуева.\nПо неграмотности её расписался сын Пётр Зуев.\n"
    )
    ties = {(r["person"], r["relation"], r["of"]) for r in values(ex, "relatives")}
    assert ("свекровь", "mother", "Зуев Андрей Фёдорович") in ties
    assert ("трое детей", "child", "Зуев Андрей Фёдорович") in ties
    assert ("Пётр Зуев", "son", "Зуев Андрей Фёдорович") in ties
    assert "reinstate" in values(ex, "requests")


def test_a_husband_named_after_his_tie_and_a_shortened_title():
    ex = read(
        "В ЦКК РКП\n\nСообщаем, что Лебедева-Крутова М. О. исключена губернской проверочной "
        "комиссией как скрывшая своё происхождение. Муж её, т. Крутов Игнатий, член губкома, "
        "ходатайствует о её восстановлении.\n\nПредседатель губКК А. Вершинин\n"
    )
    ties = {(r["person"], r["relation"]) for r in values(ex, "relatives")}
    assert ("Крутов Игнатий", "husband") in ties


def test_kin_listed_after_a_named_wife_a_nurse_and_kin_one_lives_with():
    ties = _relatives(
        "В ЦКК РКП\n\nМеня, Ветошкина Григория Лукича, исключили из партии за непосещение "
        "собраний. Работаю сверхурочно, так как живу с женой моей, Анной Петровной, и тёщей, а "
        "жена больна. Прошу восстановить меня.\n\nГ. Ветошкин\n"
    )
    assert ("тёщей", "mother-in-law", "Ветошкин Григорий Лукич") in ties
    ties = _relatives(
        "В ЦКК РКП\n\nИсключён из партии тов. Шаталов Борис Гурьевич. Живёт он с престарелой "
        "матерью. Дочь моя Вера служит сестрой милосердия в госпитале.\n\nГ. Ветошкин\n"
    )
    assert ("матерью", "mother", "Шаталов Борис Гурьевич") in ties
    assert not [t for t in ties if t[1] == "sister"]


def test_sons_listed_by_name_after_their_count():
    ties = _relatives(
        "В Тверской уком РКП(б)\n\nЯчейка сообщает, что т. Зорин Павел Кузьмич исключён "
        "проверочной комиссией. Т. Зорин вдовец, у него три дочери, Нина, Лида и Оля, и старший "
        "сын. Ячейка ходатайствует о восстановлении т. Зорина.\n\nСекретарь ячейки Б. Ладогин\n"
    )
    daughters = {t[0] for t in ties if t[1] == "daughter" and t[2] == "Зорин Павел Кузьмич"}
    assert daughters == {"Нина", "Лида", "Оля"}


def test_grandchildren_of_the_writer_are_the_subjects_children():
    ties = _relatives(
        "Товарищу Калинину\n\nСын мой Пётр Гаврилович Носков исключён из партии на проверке. "
        "Живём мы вместе: я, сын Пётр, его жена и внуки мои, Ваня и Настя. Заступитесь за сына, "
        "чтобы его восстановили.\n\nГаврила Носков\n"
    )
    children = {(t[0], t[1]) for t in ties if t[2] == "Пётр Гаврилович Носков"}
    assert ("Ваня", "son") in children
    assert ("Настя", "daughter") in children


def test_a_grandson_named_with_whose_grandson_he_is():
    ties = _relatives(
        "В ЦКК РКП\n\nПрошу за отца моего, Лукина Фрола Ильича, исключённого губпроверкомиссией. "
        "Сын мой Витя, внук Фрола Ильича, каждый день ходит к деду.\n\nМ. Лукина\n"
    )
    assert not [t for t in ties if t[0] == "Фрол Ильич" and t[1] == "grandson"]


def test_the_one_a_sentence_says_is_someones_nephew():
    ties = _relatives(
        "В ЦКК РКП\n\nГубпроверкомиссия исключила из партии т. Шилова Андрея Петровича. Он "
        "племянник покойного Никиты Орлова, члена партии с 1903 года. Прошу пересмотреть дело "
        "т. Шилова.\n\nФ. Дзержинский\n"
    )
    assert ("Никита Орлов", "uncle", "Шилов Андрей Петрович") in ties


def test_a_second_husband_she_married_and_a_half_brother():
    ties = _relatives(
        "В ЦКК РКП\n\nИсключена из партии т. Горелова Ольга Фоминична. Первый муж её, Егор "
        "Горелов, погиб в 1919 году. Остались у неё две дочери, Нюра и Шура. Потом она вышла "
        "за Ивана Сычёва, сапожника. Брат её единокровный, Тихон Фомич Рогов, скажет то же."
        "\n\nХ. Бубнов\n"
    )
    assert ("Иван Сычёв", "husband", "Горелова Ольга Фоминична") in ties
    assert ("Шура", "daughter", "Горелова Ольга Фоминична") in ties
    assert ("Тихон Фомич Рогов", "brother", "Горелова Ольга Фоминична") in ties


def test_a_hyphened_occupation_between_the_kin_word_and_the_name():
    extraction = read(
        letter(
            "У меня была учительница из Тулы, Лидия Аркадьевна Вознесенская, которую Тульская "
            "губКК исключила из партии как дочь полковника. Отец её действительно был "
            "полковником, но умер ещё в 1911 году. Муж её, рабочий-оружейник Тихон Вознесенский, "
            "член партии с 1904 года, погиб в 1919 году под Орлом."
        )
    )
    assert {
        "person": "Тихон Вознесенский",
        "relation": "husband",
        "of": "Лидия Аркадьевна Вознесенская",
    } in values(extraction, "relatives")
