"""Forms of documents as collections and editions print them: a numbered document heading, a
telegram printed as one paragraph, a resolution that greets and writes on one line, a note
that speaks of the letter's subject only as "him", a wife who says whose wife she is."""

from __future__ import annotations

from commission.intake.reading.pipeline import extract, read_and_extract, read_text
from tests.intake.reading_checks import requests, values


def _read(tmp_path, text, name="page.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_and_extract(path)


def _one(text):
    (letter,) = read_text(text, file_name="letter.txt")
    return extract(letter, resolve=False)


def test_a_numbered_heading_above_a_letter_and_a_note_that_says_him(tmp_path):
    letter, note = _read(
        tmp_path,
        "1. LETTER FROM A. K. SHIRYAEVA\n\nDear Comrade Kalinin,\n\nMy son Fyodor Shiryaev, a "
        "fitter and a Party member since 1919, has been turned out of the Party by the volost "
        "cell for missing two meetings while he lay with typhus. I ask you to put him back.\n\n"
        "Avdotya Shiryaeva\n4 May 1921\n\n2. NOTE WRITTEN ON THE LETTER\n\nComrade Solts! Ask "
        "the uyezd committee about him and let me know.\n\n9/V. Kalinin\n",
    )
    assert values(letter.extraction, "addressees") == ["Kalinin"]
    assert values(letter.extraction, "subjects") == ["Fyodor Shiryaev"]
    (subject,) = note.extraction.get("subjects")
    assert (subject.value, subject.span.text) == ("Fyodor Shiryaev", "him")


def test_a_note_that_names_someone_else_takes_no_subject_from_a_pronoun(tmp_path):
    _letter, note = _read(
        tmp_path,
        "Dear Comrade Kalinin,\n\nThe cell has expelled my brother Pyotr Lagutin for a quarrel "
        "with its secretary. I ask you to have his case looked into.\n\nM. Lagutina\n"
        "4 May 1921\n\n----\n\nComrade Solts! Ask Comrade Vetrov what he knows of the cell and "
        "let me know.\n\nKalinin\n",
    )
    assert values(note.extraction, "subjects") == []


def test_a_telegram_in_capitals_asking_for_an_immediate_review_and_signed_with_an_office():
    text = (
        "TELEGRAM\n\nMOSCOW CENTRAL CONTROL COMMISSION TO SOLTS\n\nBALASHOV COMMISSION "
        "EXPELLED TROFIMOV SEMYON MEMBER SINCE 1917 STOP REQUEST IMMEDIATE REVIEW OF DECISION "
        "STOP\n\nSECRETARY BALASHOV UKOM GROMOV\n"
    )
    ex = _one(text)
    assert requests(ex) == [("reconsider", "author", True)]
    assert values(ex, "author") == ["Gromov"]


def test_a_telegram_a_label_and_the_resolution_written_on_it(tmp_path):
    telegram, resolution = _read(
        tmp_path,
        "<html><body><p>The telegram:</p><pre>\nMOSCOW KREMLIN LENIN\nI ZAKHAR BELOUSOV MEMBER "
        "RCP SINCE 1918 EXPELLED BY UYEZD COMMISSION ON FALSE DENUNCIATION STOP ASK "
        "VERIFICATION BY CENTRE\nBELOUSOV\n</pre><p>Lenin's resolution:</p><p>To Comrade Solts. "
        "Verify Belousov's case through the C.C.C. and report to me. Lenin<sup>"
        '<a href="#n1">[1]</a></sup></p><hr><p><a name="n1">[1]</a> Z. Belousov was '
        "reinstated in the Party in May 1922.</p></body></html>",
        name="page.html",
    )
    assert values(telegram.extraction, "author") == ["Belousov"]
    assert values(resolution.extraction, "addressees") == ["Solts"]
    assert values(resolution.extraction, "author") == ["Lenin"]
    assert "reinstated" in resolution.letter.notes_text
    assert "resolution" not in telegram.letter.text


def test_a_wife_who_says_whose_wife_she_is_and_then_writes_my_husband():
    text = (
        "To: the Central Commission for the Verification of Party Members\n\n"
        "I am the wife of Stepan Ilyich Ozerov, though I have kept my own name. My husband, a "
        "Party member since 1918, has been expelled by the district commission for what his "
        "brother did in 1919. I ask you to look into his case again.\n\nK. Levina\n1.VIII.1921\n"
    )
    ex = _one(text)
    assert values(ex, "addressees") == ["Central Commission for the Verification of Party Members"]
    assert values(ex, "subjects") == ["Stepan Ilyich Ozerov"]
    assert {"person": "K. Levina", "relation": "wife", "of": "Stepan Ilyich Ozerov"} in values(
        ex, "relatives"
    )


def test_a_telegram_printed_as_one_paragraph_and_a_resolution_under_it(tmp_path):
    telegram, resolution = _read(
        tmp_path,
        "Vyksa. Received 4.IV.1922, 11 h. 5 m.\n\nMoscow, Kremlin, Lenin. Uyezd commission "
        "expelled me from Party as priest's son though I have worked at the works since age "
        "fourteen. Party member since 1919. Request your intervention. Vyksa works, rolling "
        "shop, Timofei Kruglov.\n\nComrade Molotov: Find out at once by wire from the "
        "Gubernia Committee what the facts are about Kruglov, and report to me.\n\nLenin\n",
    )
    assert values(telegram.extraction, "author") == ["Timofei Kruglov"]
    assert values(telegram.extraction, "addressees") == ["Lenin"]
    assert values(telegram.extraction, "subjects") == ["Timofei Kruglov"]
    assert values(telegram.extraction, "requests") == ["intercede"]
    assert values(resolution.extraction, "addressees") == ["Molotov"]
    found = {(i.value, i.extra["urgent"]) for i in resolution.extraction.get("requests")}
    assert found == {("verify", True), ("give_information", False)}


def test_a_russian_collections_word_on_its_copy_heads_the_page_and_is_no_letter(tmp_path):
    letters = _read(
        tmp_path,
        "Из дел Петроградской губернской контрольной комиссии. 1921 г.\n"
        "Письмо без подписи. Машинописная копия, без даты. На копии — резолюция А. А. Сольца.\n\n"
        "В губКК\n\nДоводим до вашего сведения, что заведующий складом Куделин Пётр Саввич "
        "торгует казённой махоркой на Сенном рынке. Просим проверить и исключить его из "
        "партии.\n\nРезолюция:\n\nт. Веселову. Проверить и сообщить. А. Сольц. 3/III-21\n",
    )
    assert len(letters) == 2
    assert "Машинописная" in letters[0].letter.header_text
    assert values(letters[0].extraction, "subjects") == ["Куделин Пётр Саввич"]
