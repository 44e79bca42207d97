"""Letters in the spelling before the 1918 reform, and the scribe who wrote for a writer."""

from __future__ import annotations

from commission.intake.reading.ru.orthography import modern, old_spelling
from tests.intake.reading_ru.helpers import read, values

OLD_LETTER = (
    "Въ Тверскую уѣздную провѣрочную комиссію РКП\n\n"
    "Дорогой товарищъ Крестинскій!\n\n"
    "Пишетъ вамъ вдова Гаврилы Ефимовича Чурсина. Петръ Гавриловичъ Чурсинъ коммунистъ съ "
    "1918 года, а уѣздный комитетъ исключилъ его изъ партіи. Заступитесь, пусть его въ "
    "партіи возстановятъ.\n\n"
    "Марія Чурсина\n\n"
    "Писалъ съ ея словъ сосѣдъ Иванъ Лобовъ, потому что она неграмотная.\n\n"
    "Октября 2 дня 1920 года.\n"
)


def test_the_view_in_todays_spelling_points_back_at_the_letters_own_words():
    text, origin = modern("Петръ Гавриловичъ бывшаго уѣзда")
    assert text == "Петр Гаврилович бывшего уезда"
    start = text.index("Гаврилович")
    assert "Петръ Гавриловичъ бывшаго уѣзда"[origin[start] : origin[start + 10]] == "Гавриловичъ"
    assert old_spelling(OLD_LETTER)
    assert not old_spelling("Товарищ Сольц! Прошу пересмотреть дело Иванова.")


def test_a_letter_in_the_old_spelling_is_read_as_one_in_todays():
    extraction = read(OLD_LETTER)
    assert values(extraction, "author") == ["Мария Чурсина"]
    assert values(extraction, "subjects") == ["Пётр Гаврилович Чурсин"]
    assert values(extraction, "date") == ["1920-10-02"]
    # the evidence quotes the letter as it is written
    assert extraction.get("author")[0].span.text == "Марія Чурсина"
    assert extraction.get("subjects")[0].person.span.text == "Петръ Гавриловичъ Чурсинъ"


def test_the_neighbour_who_wrote_it_down_is_not_its_writer():
    assert "Иван Лобов" not in values(read(OLD_LETTER), "author")
