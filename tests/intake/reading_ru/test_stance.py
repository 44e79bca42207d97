"""Stance and basis of knowledge in a Russian letter: ru.stance."""

from __future__ import annotations

import pytest

from tests.intake.reading_ru.helpers import letter, read, values

CASE = "Тов. Белова исключена районной комиссией. "


@pytest.mark.parametrize(
    ("sentence", "basis"),
    [
        ("Знаю её лично по работе в укоме.", ["knows_personally", "observation_of_work"]),
        ("Семью её знаю с 1912 года.", ["knows_family"]),
        ("Лично её не знаю.", ["not_known_personally"]),
        ("Я её лично не знаю или не помню.", ["not_known_personally"]),
        ("Брата её знал очень хорошо.", ["knows_relative"]),
        ("Её брат был мне хорошо известен.", ["knows_relative"]),
        ("Со слов товарищей мне известно, что она честна.", ["hearsay"]),
        ("Знаю её только по письмам.", ["knows_writing"]),
        ("Знаю её с 1917 года.", ["knows_personally"]),
        ("Она работала под моим руководством два года.", ["observation_of_work"]),
    ],
)
def test_basis(sentence, basis):
    assert values(read(letter(CASE + sentence)), "basis") == basis


def test_what_others_know_is_not_the_authors_basis():
    text = letter(CASE + "Прошу выяснить, кто из товарищей знает её по работе.")
    assert values(read(text), "basis") == []


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        ("Ходатайствую о восстановлении её в партии.", "for"),
        ("Прошу пересмотреть её дело и восстановить её в партии.", "for"),
        ("Работник честный и преданный партии.", "for"),
        ("Она не заслуживает звания члена партии, прошу исключить её.", "against"),
        ("Возражаю против её восстановления: это чуждый элемент.", "against"),
        ("Прошу сообщить, что известно комиссии о её деле.", "neutral"),
        ("Оснований для пересмотра её дела не вижу.", "against"),
        ("Её мы знаем с 1917 года как преданную работницу.", "for"),
    ],
)
def test_stance(sentence, stance):
    assert values(read(letter(CASE + sentence)), "stance") == [stance]
