"""What a Russian letter asks for, by whom, how urgently: ru.requests."""

from __future__ import annotations

import pytest

from tests.intake.reading_ru.helpers import letter, read

CASE = "Тов. Белова исключена районной комиссией. "


def _requests(text):
    return [(i.value, i.extra["by"], i.extra["urgent"]) for i in read(text).get("requests")]


@pytest.mark.parametrize(
    ("sentence", "requests"),
    [
        ("Прошу проверить её дело.", [("verify", "author", False)]),
        ("Ходатайствую о восстановлении её в партии.", [("reinstate", "author", False)]),
        ("Прошу срочно сообщить решение комиссии.", [("give_information", "author", True)]),
        ("Прошу пересмотреть решение.", [("reconsider", "author", False)]),
        ("Прошу учесть эти факты.", [("consider_facts", "author", False)]),
        ("Прошу вызвать её и выслушать.", [("hear", "author", False)]),
        ("Прошу принять её в партию.", [("admit", "author", False)]),
        (
            "Прошу выяснить, кто ещё её знает.",
            [("find_witnesses", "author", False)],
        ),
        (
            "Прошу выяснить, кто из членов бюро знает её по работе.",
            [("find_witnesses", "author", False)],
        ),
        (
            "Прошу назвать товарищей, которые её знали по работе.",
            [("find_witnesses", "author", False)],
        ),
        ("Сообщите немедленно, что известно о ней.", [("give_information", "author", True)]),
    ],
)
def test_request_kinds_by_the_author(sentence, requests):
    assert _requests(letter(CASE + sentence)) == requests


def test_a_request_the_letter_reports_is_the_other_persons():
    text = letter("Ко мне обратилась тов. Белова. Она просит меня заступиться за неё.")
    assert _requests(text) == [("intercede", "Белова", False)]


def test_a_named_person_asking():
    text = letter(
        "Владимир Ильич просит Вас срочно сообщить, что известно о деле тов. Беловой.",
        salutation="Тов. Шкирятову",
    )
    assert _requests(text) == [("give_information", "Владимир Ильич", True)]


def test_no_request_frame_no_request():
    assert _requests(letter(CASE + "Комиссия проверила её дело и восстановила её.")) == []


def test_asked_not_to_is_no_request():
    assert _requests(letter(CASE + "Прошу в восстановлении ей отказать.")) == []
    assert _requests(letter(CASE + "Прошу не восстанавливать её в партии.")) == []


def test_a_bodys_decision_is_its_request():
    text = letter(
        "Общее собрание ячейки постановило ходатайствовать о восстановлении тов. Беловой.",
        salutation="В уездную проверочную комиссию",
    )
    assert _requests(text) == [("reinstate", "author", False)]


def test_a_body_writing_speaks_of_itself_in_the_third_person():
    text = letter(
        "Бюро ячейки завода просит пересмотреть решение об исключении тов. Дьяконова.",
        salutation="В уездную проверочную комиссию",
    )
    assert _requests(text) == [("reconsider", "author", False)]
