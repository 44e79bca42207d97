"""A Russian collection's page set out in Markdown: each document's fields as a list ("-
**Написано:** …"), a note on the copy under a letter ("На копии помета: …"), the compilers and
a link back to the contents at the foot of the page; and an addressee whose given name is also
a common word, in the dative at the head of the address («Надежде Константиновне Крупской»)."""

from __future__ import annotations

from tests.intake.reading_checks import read_letters
from tests.intake.reading_ru.helpers import values

PAGE = """# Проверка 1921 года в Муромском уезде

Сборник документов. Муром, 2001.

* * *

## № 7. Характеристика бюро ячейки на И. Т. Сомова

- **Написано:** 12 сентября 1921 г.
- **Источник:** ГАВО. Ф. П-3. Оп. 1. Д. 77. Л. 4. Подлинник.

В Муромскую уездную проверочную комиссию

Тов. Сомов Илья Тимофеевич, член РКП с 1919 года, слесарь депо. Бюро ячейки считает его
выдержанным членом партии и просит комиссию оставить его в партии.

Секретарь ячейки   П. Ларина

* * *

## № 8. Письмо А. Т. Сомовой Н. К. Крупской

- **Написано:** 20 сентября 1921 г.
- **Впервые опубликовано:** Муромский край. 1990. № 2. С. 17.

Председателю Главполитпросвета
Надежде Константиновне Крупской

Глубокоуважаемая Надежда Константиновна!

Я сестра Ильи Тимофеевича Сомова, слесаря депо, которого уездная комиссия исключила из
партии. Прошу Вас замолвить за брата слово.

Анна Сомова

На копии помета: «Тов. Лебедеву. Прошу разобраться. Н. Крупская».

* * *

*Составители: О. П. Кудрина, В. В. Жаров.* [Вернуться к содержанию](index.md)
"""


def test_a_collections_fields_as_a_list_head_its_documents_and_its_foot_is_the_pages():
    letters, extractions = read_letters(PAGE, "murom.md")
    assert len(letters) == 2  # the compilers and the link back are no document
    first, second = extractions
    assert values(first, "date") == ["1921-09-12"]
    assert values(second, "date") == ["1921-09-20"]
    assert letters[1].text.startswith("Председателю Главполитпросвета")
    assert "Написано" not in letters[1].text
    assert "Написано" not in values(second, "addressees")


def test_a_note_on_the_copy_is_the_letters_note_and_the_addressee_is_named_in_full():
    letters, extractions = read_letters(PAGE, "murom.md")
    second = extractions[1]
    assert "На копии помета" in letters[1].notes_text
    assert "помета" not in letters[1].text
    assert values(second, "author") == ["Анна Сомова"]
    assert "Надежда Константиновна Крупская" in values(second, "addressees")
