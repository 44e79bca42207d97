"""Russian requests in the words letters, resolutions and telegrams use."""

from __future__ import annotations

import pytest

from tests.intake.reading_ru.helpers import letter, read, values


def requests(body: str) -> list[tuple[str, str]]:
    return [(i.value, i.extra["by"]) for i in read(letter(body)).get("requests")]


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        ("Прошу проверить дело Кочетковой, приняв в расчет, из какой семьи она вышла.",
         "consider_facts"),
        ("Постановили: просить губернскую комиссию пересмотреть дело т. Лыкова.", "reconsider"),
        ("Районный комитет просит утвердить прием в члены партии работницы Елизаветы Ковригиной.",
         "admit"),
        ("Рекомендую в кандидаты партии товарища Лузгина Игната Фомича, слесаря депо.", "admit"),
        ("Прошу и Вас поддержать перед Центральной комиссией мою просьбу о ее восстановлении.",
         "intercede"),
        ("Прошу оказать ему полнейшее доверие и всяческое содействие.", "intercede"),
        ("Узнайте срочно у тт. Сталина и Залуцкого, кто из них знает Гинзбурга Аркадия.",
         "find_witnesses"),
        ("Центральная комиссия просит срочно телеграфировать основания исключения Орлова.",
         "give_information"),
        ("Прошу Вас уделить минут 15 т. Меранвилю, он расскажет о своем деле.", "hear"),
        ("Прошу срочно выяснить, за что районной комиссией исключен печатник Бородулин.",
         "verify"),
        ("Прошу через Оргбюро запросить тамбовцев, за что именно исключены Рубцов и Гуляева.",
         "verify"),
        ("Если исключен только за непосещение собраний, то дело надо пересмотреть.",
         "reconsider"),
        ("Заявление направлено в губкомиссию с предложением вызвать т. Мельникова для личных "
         "объяснений.", "hear"),
        ("Предлагаем т. Ребровой А. Т. явиться в ЦКК 10 декабря для дачи показаний.", "hear"),
        ("Если надо, спросите кладовщицу Дарью Фомину, она всё видела.", "hear"),
    ],
)  # fmt: skip
def test_a_request_in_the_words_letters_use(body, kind):
    assert (kind, "author") in requests(body)


def test_a_body_that_writes_asks_in_its_own_voice():
    body = "ЦКК просит сообщить все имеющиеся у уездного комитета сведения о т. Грачеве."
    assert requests(body) == [("give_information", "author")]


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        ("Решение по делу Забелина приостановить до рассмотрения в ЦКК.", "reconsider"),
        ("Спросите тов. Бородулина, что он о ней знает, и доложите мне.", "give_information"),
    ],
)
def test_orders_of_a_note_or_a_telegram(body, kind):
    assert (kind, "author") in requests(body)


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        ("Прошу Вас вмешаться в дело т. Лосевой.", "intercede"),
        ("Прошу добиться, чтобы её дело пересмотрели.", "reconsider"),
        ("Прошу велеть заново разобрать дело Лосевой.", "reconsider"),
        ("Прошу, если надо, пусть её позовут и расспросят.", "hear"),
        ("Прошу затребовать из районной комиссии дело т. Лосевой.", "verify"),
        ("Запросить уездный комитет о Лосевой и доложить.", "give_information"),
    ],
)  # fmt: skip
def test_more_requests_in_the_words_letters_use(body, kind):
    assert (kind, "author") in requests(EXPELLED + body)


EXPELLED = "Районная комиссия исключила т. Лосеву Анну Петровну из партии без всякого основания. "


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        ("Дело её затребовать из районной комиссии.", "verify"),
        ("Лосеву вызвать и выслушать на заседании.", "hear"),
        ("Обоих вызвать на заседание комиссии.", "hear"),
    ],
)  # fmt: skip
def test_an_order_with_its_object_first_as_resolutions_give_it(body, kind):
    assert (kind, "author") in requests(EXPELLED + body)


def test_an_infinitive_the_writer_says_they_cannot_carry_out_asks_nothing():
    assert requests(EXPELLED + "Проверить этого сам не могу.") == []


def test_urgent_standing_alone_makes_a_notes_requests_urgent():
    text = letter(EXPELLED + "Прошу проверить её дело. Срочно.")
    assert [(i.value, i.extra["urgent"]) for i in read(text).get("requests")] == [("verify", True)]


def test_today_itself_makes_a_request_urgent():
    body = "Дело т. Бородулина нам неизвестно. Ответ прошу сообщить мне сегодня же."
    extraction = read(letter(body))
    assert [(i.value, i.extra["urgent"]) for i in extraction.get("requests")] == [
        ("give_information", True)
    ]


def test_the_writer_who_joins_the_request_reported_before_asks_it_too():
    found = requests(
        "Сейчас Обухов демобилизован и просит восстановить его в партии. Я прошу о том же и "
        "ручаюсь за него."
    )
    assert ("reinstate", "author") in found


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        ("ЦК предлагает губкому пересмотреть дело тов. Сыромятниковой, выслушав её лично.",
         "reconsider"),
        ("ЦК предлагает губкому пересмотреть дело тов. Сыромятниковой, выслушав её лично.",
         "hear"),
        ("Уком просит губернскую комиссию проверить этих товарищей заново.", "verify"),
        ("Если всё так, как он рассказывает, — восстановить.", "reinstate"),
    ],
)  # fmt: skip
def test_a_body_and_a_resolution_give_orders_in_their_own_words(body, kind):
    assert (kind, "author") in requests(body)


def test_what_is_put_off_is_not_asked_for():
    found = requests("ЦКК предлагает отложить рассмотрение дел тт. Воробьева и Галкина.")
    assert ("verify", "author") not in found


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        ("Прошу Вас распорядиться, чтобы дело Баранова проверили, а самого его вызвали и "
         "выслушали.", "verify"),
        ("Прошу Вас распорядиться, чтобы дело Баранова проверили, а самого его вызвали и "
         "выслушали.", "hear"),
        ("Ячейка просит затребовать от Укома все материалы по этому делу.", "verify"),
        ("Ответ прошу прислать по адресу: Самара, Николаевская ул., д. 12.", "give_information"),
        ("Прошу Вас поговорить о нём с тов. Сольцем.", "intercede"),
    ],
)  # fmt: skip
def test_requests_in_a_clause_of_purpose_and_the_reply_asked_for(body, kind):
    assert (kind, "author") in requests(body)


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        ("Михаил Иванович, заступитесь за неё.", "intercede"),  # the dictionary's imperative
        ("Посодействуйте, чтобы её выслушали.", "hear"),
        ("Можно ещё расспросить Горелова, он теперь в Симбирске.", "hear"),
        ("Прошу Вас поддержать Лосеву перед губкомом.", "intercede"),
        ("Прошу опросить машиниста Ефима Чарушина, он служил с ней.", "hear"),
        ("Прошу выяснить через губвоенкомат, кто из них ещё служит.", "find_witnesses"),
        ("Опросить в сельсовете, кто что знает.", "find_witnesses"),
        ("Прошу её в партии оставить.", "reinstate"),
        ("Пусть дело проверят.", "verify"),
        ("Пусть спросят тов. Горелова.", "hear"),
    ],
)  # fmt: skip
def test_requests_read_from_outside_letters(body, kind):
    assert (kind, "author") in requests(EXPELLED + body)


def test_soon_makes_a_request_urgent():
    extraction = read(letter(EXPELLED + "Заступитесь за неё, и поскорее."))
    assert [i.extra["urgent"] for i in extraction.get("requests")] == [True]


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        ("Просим к этому сроку прислать её личное дело и отзыв ячейки.", "give_information"),
        ("Ответ прошу направить по адресу: г. Курск, Херсонская ул., 14.", "give_information"),
        ("Предлагается укому в недельный срок представить письменный отзыв.", "give_information"),
        ("Пусть опросят рабочих нашего цеха, кто с ними работал.", "find_witnesses"),
        ("Прошу спросить губпроверкомиссию, и пусть она пересмотрит их дела.", "reconsider"),
        ("Также прошу за товарища моего Ершова Андрея, котельщика.", "intercede"),
    ],
)
def test_requests_of_covering_letters_petitions_and_letters_to_a_paper(body, kind):
    assert kind in [k for k, _by in requests("Тов. Белову исключили из партии. " + body)]


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        ("Прошу принять во внимание его службу и возвратить ему партийный билет.", "reinstate"),
        ("Прошу Вас добиться, чтобы дело Сычева рассмотрели еще раз.", "reconsider"),
        ("Прошу восстановить меня, а если нельзя, то хотя бы перевести в кандидаты.", "admit"),
        ("Спросите про него секретаря ячейки т. Зуева, он его знает с фронта.", "hear"),
        ("Сообщите, за что исключен Лапшин И. С. и кто из товарищей знает его по работе.",
         "find_witnesses"),
        ("Очень прошу: пусть губКК вызовет его и выслушает, а не решает заочно.", "hear"),
        ("И пусть тов. Лапин, председатель губКК, сообщит мне, чем кончится.",
         "give_information"),
        ("Прошу Вас запросить губКК, на каком основании он исключен.", "verify"),
        ("Прошу Вас написать в ЦКК, чтобы его дело пересмотрели.", "intercede"),
        ("Политотдел просит ЦКК срочно восстановить т. Гладышеву в партии.", "reinstate"),
    ],
)  # fmt: skip
def test_a_request_in_more_of_the_words_letters_use(body, kind):
    assert (kind, "author") in requests(body)


def test_to_consider_a_case_again_is_not_to_verify_it():
    asked = requests("Прошу рассмотреть дело т. Сычева еще раз и вызвать его самого.")
    assert ("reconsider", "author") in asked
    assert ("verify", "author") not in asked


def test_urgent_alone_under_the_greeting_makes_every_request_urgent():
    text = letter(
        "Срочно.\nПрошу вызвать т. Гуськова и выслушать его.", salutation="Емельян Михайлович!"
    )
    found = read(text).get("requests")
    assert [(i.value, i.extra["urgent"]) for i in found] == [("hear", True)]


def test_a_reply_address_under_the_signature_and_admission_as_a_candidate():
    text = (
        "В губернскую контрольную комиссию\n\nИсключён из партии Сапожков Ефим Ильич. Прошу лишь "
        "вызвать его и выслушать, а если восстановить нельзя, прошу принять его вновь хотя бы "
        "кандидатом.\n\nВоенком 14 кавдивизии Д. Ситников\nг. Тамбов, 5.XI.21\n\n"
        "Ответ прошу направить: г. Тамбов, Дворянская ул., д. 3, Ситникову.\n"
    )
    ex = read(text)
    assert values(ex, "author") == ["Д. Ситников"]
    assert values(ex, "date") == ["1921-11-05"]
    assert {"hear", "admit", "give_information"} <= set(values(ex, "requests"))


def test_a_question_that_asks_for_a_check():
    ex = read(
        "Председателю губернской контрольной комиссии\n\nСына моего Семёна Кропотова исключили "
        "из партии на чистке. Неужто нельзя разобраться, как было?\n\nПелагея Кропотова\n"
    )
    assert "verify" in values(ex, "requests")


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        # a question that asks it
        ("Учительница ждёт, школа стоит без заведующей. Не могли бы Вы сообщить мне, когда "
         "дело будет рассмотрено?", "give_information"),
        # where to tell the writer
        ("Если комиссия захочет меня выслушать по делу т. Зуева, прошу известить меня по "
         "адресу: Тула, Посольская ул., д. 3.", "give_information"),
        # anyone there is a witness
        ("Он берёт с мельников хлебом за помол, хотя исключён. Спросите любого на мельнице — "
         "вам скажут.", "find_witnesses"),
    ],
)  # fmt: skip
def test_what_a_question_or_an_aside_asks(body, kind):
    assert kind in [k for k, _ in requests(body)]


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        ("Пришлите мне её автобиографию, если она у Вас есть.", "give_information"),
        ("И постарайтесь выяснить, кто ещё, кроме Лурье, знал её по подполью.", "find_witnesses"),
    ],
)
def test_a_reply_asks_for_papers_and_for_who_else_knew_her(body, kind):
    extraction = read(letter("Гольдина исключена губКК при проверке. " + body))
    assert [i.value for i in extraction.get("requests")] == [kind]
