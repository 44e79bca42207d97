"""Lines written in capitals (telegrams, headings) read through their cased view."""

from __future__ import annotations

import pytest

from commission.intake.reading import casing
from commission.intake.reading.pipeline import extract, read_text

TELEGRAM = """TELEGRAM TO THE TSARITSYN GUBERNIA COMMISSION FOR PURGING THE PARTY

Sent: 14.X.1921

TSARITSYN GUBPROVERKOM COPY GUBKOM RCP

WIRE URGENTLY GROUNDS FOR EXPULSION OF SEMYON DUBROVIN TURNER ARTILLERY DEPOT STOP HIS BROTHER \
FYODOR DUBROVIN I KNEW WELL AT TSARITSYN IN 1918 STOP SEND WHOLE FILE BY COURIER STOP

STALIN
"""


def test_the_cased_view_keeps_every_offset():
    view = casing.cased(TELEGRAM)
    assert len(view) == len(TELEGRAM)
    assert [len(line) for line in view.split("\n")] == [len(x) for x in TELEGRAM.split("\n")]


@pytest.mark.parametrize(
    ("written", "read_as"),
    [
        ("WIRE URGENTLY GROUNDS FOR EXPULSION OF SEMYON DUBROVIN",
         "Wire urgently grounds for expulsion of Semyon Dubrovin"),
        ("KILLED NEAR KOTLUBAN STOP SEND FILE", "Killed near Kotluban.     Send file"),
        ("MEMBER RCP SINCE 1918 HANDED IN MOZYR 23 II 22",
         "Member RCP since 1918 handed in Mozyr 23 II 22"),
        ("Sent by Comrade Petrov", "Sent by Comrade Petrov"),  # not in capitals: as it is
    ],
)  # fmt: skip
def test_ordinary_words_lose_their_capitals_and_names_keep_one(written, read_as):
    assert casing.cased(written) == read_as


def test_a_telegram_in_capitals_is_read_and_its_evidence_is_as_written():
    (letter,) = read_text(TELEGRAM, file_name="telegram.txt")
    out = extract(letter, resolve=False)

    assert [i.value for i in out.get("author")] == ["Stalin"]
    assert [i.value for i in out.get("subjects")] == ["Semyon Dubrovin"]
    assert out.get("subjects")[0].span.text == "SEMYON DUBROVIN"
    relative = out.get("relatives")[0]
    assert (relative.value["person"], relative.value["relation"]) == ("Fyodor Dubrovin", "brother")
    assert [i.value for i in out.get("date")] == ["1921-10-14"]


def test_a_heading_in_capitals_stays_a_heading():
    page = (
        "V. I. Lenin\n\nNOTE TO J. V. STALIN ON A LETTER FROM A. MELKONYAN\n\n"
        "Written: Written on January 12, 1922\n\nComrade Stalin,\n\n"
        "Read the letter of this Melkonyan and tell me what the Baku comrades say of him.\n\n"
        "Lenin\n"
    )
    letters = read_text(page, file_name="note.txt")
    assert len(letters) == 1
    assert letters[0].text.startswith("Comrade Stalin,")


def test_initials_in_capitals_stay_initials():
    assert casing.cased("LETTER TO A. A. SOLTS AND E. M. YAROSLAVSKY") == (
        "Letter to A. A. Solts and E. M. Yaroslavsky"
    )


def test_a_telegrams_address_without_commas_gives_the_body_and_the_person():
    text = (
        "TELEGRAM\nSaratov  3.III.22  handed in 23.40  words 40\n\n"
        "MOSCOW CENTRAL CONTROL COMMISSION TO SOLTS\n\n"
        "URGENT VOLSK UYEZD COMMISSION EXPELLED GORBUNOV PETR ILYICH MEMBER SINCE NINETEEN "
        "SEVENTEEN FORMER CHAIRMAN CEMENT WORKS COMMITTEE STOP GUBKOM KNOWS HIS WORK STOP "
        "REQUEST IMMEDIATE REVIEW OF DECISION STOP\n\nSECRETARY SARATOV GUBKOM LOBANOV\n"
    )
    (letter,) = read_text(text, file_name="telegram.txt")
    addressees = extract(letter, resolve=False).get("addressees")
    assert [(i.value, i.extra["kind"]) for i in addressees] == [
        ("Central Control Commission", "body"),
        ("Solts", "person"),
    ]
    assert [i.span.text for i in addressees] == ["CENTRAL CONTROL COMMISSION", "SOLTS"]


def test_a_russian_telegrams_address_keeps_the_surname_no_dictionary_knows():
    # "СОЛЬЦУ" reads as a common word's case; in the address line, after the town, it is a name
    assert casing.cased("МОСКВА ЦКК СОЛЬЦУ КОПИЯ ЦК РКП") == "Москва ЦКК Сольцу копия ЦК РКП"
    assert casing.cased("МОСКВА ПРЕДСЕДАТЕЛЮ ЦКК") == "Москва председателю ЦКК"
    text = (
        "ТЕЛЕГРАММА\n\nПодана 21/IX 1921 г. 14 ч. 10 м.\n\n"
        "МОСКВА ЦКК СОЛЬЦУ КОПИЯ ЦК РКП ТЧК ГУБПРОВЕРКОМ ИСКЛЮЧИЛ АБРАМОВА ЛЕОНИДА ЧЛЕНА "
        "ПАРТИИ С СЕМНАДЦАТОГО ГОДА ТЧК РАБОТНИК ОТЛИЧНЫЙ ЗПТ ВСЮ ЗИМУ ВЕЛ ШКОЛЫ ТЧК ПРОШУ "
        "СРОЧНО ПЕРЕСМОТРЕТЬ РЕШЕНИЕ ТЧК\n\nПРЕДГУБКОМА СЕМЁНОВ\n"
    )
    (letter,) = read_text(text, file_name="telegram.txt")
    addressees = extract(letter, resolve=False).get("addressees")
    assert [(i.value, i.extra["kind"]) for i in addressees] == [
        ("Сольц", "person"),
        ("ЦКК", "body"),
        ("ЦК РКП", "body"),
    ]
