"""Which language a letter is in, and the refusal of a language Commission does not read."""

from __future__ import annotations

import pytest

from commission.intake.reading import UnreadableInput, read_text
from commission.intake.reading.ru import language

GERMAN = (
    "Werter Genosse Solz!\n\nIch bitte Sie, die Sache der Genossin Kasparowa zu prüfen. Sie wurde "
    "aus der Partei ausgeschlossen, und ich kenne ihren Bruder sehr gut. Er war mit uns in der "
    "Schweiz und hat für die Partei gearbeitet.\n\nMit kommunistischem Gruß\nG. Sinowjew\n"
)
FRENCH = (
    "Cher camarade Solts,\n\nJe vous prie de vérifier le cas de la camarade Kasparova. Elle a "
    "été exclue du parti, et je connais très bien son frère. Il était avec nous en Suisse et "
    "il a travaillé pour le parti.\n\nSalut communiste\nG. Safarov\n"
)
RUSSIAN = (
    "Тов. Сольц!\n\nПрошу Вас проверить дело тов. Каспаровой, исключённой при проверке "
    "московской организацией: её брата я хорошо знал по работе в эмиграции.\n"
)
ENGLISH = "Comrade Solts,\n\nI ask you to verify the case of Comrade Kasparova, who was expelled.\n"


@pytest.mark.parametrize(
    ("text", "detected"),
    [(RUSSIAN, "ru"), (ENGLISH, "en"), (GERMAN, "german"), (FRENCH, "french")],
)
def test_detect(text, detected):
    assert language.detect(text) == detected


def test_an_english_header_above_a_russian_letter_is_a_russian_page():
    page = "Source: Collected Works, vol. 54\nPublished: 1965\n\n" + RUSSIAN * 2
    assert language.detect(page) == "ru"


def test_russian_letters_are_marked_for_the_russian_rules():
    letters = read_text(RUSSIAN * 2, file_name="ru.txt")
    assert [letter.language for letter in letters] == ["ru", "ru"]


@pytest.mark.parametrize(("text", "name"), [(GERMAN, "German"), (FRENCH, "French")])
def test_a_third_language_is_refused_by_name(text, name):
    with pytest.raises(UnreadableInput) as refused:
        read_text(text, file_name="brief.txt")
    assert str(refused.value) == (
        f"brief.txt: is written in {name}; Commission reads letters in English and Russian. "
        "Register a translation into one of them."
    )
