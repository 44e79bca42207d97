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


def test_a_russian_resolution_printed_above_the_letter_it_was_written_on(tmp_path):
    resolution, letter = _read(
        tmp_path,
        "# Заявление П. С. Лунёва в ЦКК\n\n*Резолюция в правом верхнем углу:*\n\n"
        "> Тов. Шкирятову. Срочно. Рассмотреть дело Лунёва. Запросить Оськина.\n"
        "> Ем. Ярославский. 4/XI-21\n\n---\n\nВ Центральную контрольную комиссию РКП(б)\n\n"
        "Районная комиссия исключила меня из партии за то, что мой отец держал лавку. Отец "
        "умер в 1916 г., а я с четырнадцати лет работаю на заводе. Прошу восстановить меня.\n\n"
        "П. Лунёв\n\n28 октября 1921 г.\n",
        name="page.md",
    )
    assert values(resolution.extraction, "author") == ["Ем. Ярославский"]
    assert values(resolution.extraction, "addressees") == ["Шкирятов"]
    assert values(resolution.extraction, "date") == ["1921-11-04"]
    assert {i.extra["urgent"] for i in resolution.extraction.get("requests")} == {True}
    assert values(letter.extraction, "author") == ["П. Лунёв"]


def test_a_russian_resolution_on_one_line_with_its_signature(tmp_path):
    _letter, resolution = _read(
        tmp_path,
        "В губКК\n\nПрошу проверить дело члена партии Куделина Петра Саввича, исключённого "
        "ячейкой без всяких оснований, и восстановить его.\n\nА. Петров\n3 марта 1921 г.\n\n"
        "* * *\n\nт. Веселову. Проверить и сообщить. А. Сольц. 9/III-21\n",
    )
    assert values(resolution.extraction, "author") == ["А. Сольц"]
    assert values(resolution.extraction, "addressees") == ["Веселов"]
    assert values(resolution.extraction, "date") == ["1921-03-09"]


def test_a_collections_telegram_and_covering_note_with_their_apparatus(tmp_path):
    letters = _read(
        tmp_path,
        "Letters to the Central Control Commission, 1921–1922\nSection II. Telegrams\n\n"
        "No. 17\nTelegram from the workers of the Lysva works to M. I. Kalinin\n\n"
        "Received 9.IV.22 at 10.15\nFrom Lysva No. 77, 40 words\n\n"
        "MOSCOW KREMLIN CHAIRMAN CENTRAL EXECUTIVE COMMITTEE KALININ\n\n"
        "UYEZD COMMISSION EXPELLED SMELTER GRIGORY PETROVICH ZUBAREV AS FORMER PRIEST STOP HE "
        "LEFT SEMINARY IN 1905 AND HAS WORKED AT FURNACE SINCE STOP MEETING ASKS YOU VERIFY "
        "CASE\n\nFOR THE MEETING OSOKIN LAPTEVA\n\n\nNo. 18\nM. I. Kalinin to A. A. Solts\n\n"
        "Comrade Solts,\n\nI send you the telegram from Lysva. Please have the case verified and "
        "let me know.\n\nM. Kalinin\n10/IV-22\n\n_______________\n"
        "Both documents are kept in the file of G. P. Zubarev.\n\n"
        "Previous: Document No. 16 · Next: Document No. 19\n",
    )
    telegram, note = letters
    assert values(telegram.extraction, "date") == ["1922-04-09"]
    assert values(telegram.extraction, "author") == ["Osokin", "Lapteva"]
    assert values(telegram.extraction, "addressees") == ["Kalinin"]
    assert values(note.extraction, "addressees") == ["A. A. Solts"]
    assert "kept in the file" in note.letter.notes_text


def test_an_editors_line_above_a_second_note_is_no_letter(tmp_path):
    letters = _read(
        tmp_path,
        "Comrade Yaroslavsky,\n\nI hear that Comrade Dobrynina has been expelled in Tula. She "
        "worked in the Secretariat in 1919; find out what the facts are.\n\n4/III. Lenin\n\n2\n\n"
        "Written by Lenin across the top of Yaroslavsky's reply:\n\nComrade Solts,\n\nIf this "
        "is right, Dobrynina's case must be reheard at once.\n\nLenin   6/III.\n",
    )
    assert len(letters) == 2
    assert "Written by" not in letters[1].letter.text


def test_a_short_telegram_in_capitals_is_read_not_refused(tmp_path):
    (telegram,) = _read(
        tmp_path,
        "TELEGRAM\nFrom Tula, 3.III.21\n\nMOSCOW CCC SOLTS\n\nUYEZD COMMISSION EXPELLED BELOV "
        "IVAN STOP REQUEST VERIFY CASE STOP\n\nUYEZD COMMITTEE SECRETARY FOMIN\n",
    )
    ex = telegram.extraction
    assert values(ex, "author") == ["Fomin"]
    assert values(ex, "date") == ["1921-03-03"]
    assert values(ex, "requests") == ["verify"]  # the kind, not the word as the telegram shouts it


def test_the_writer_named_by_a_from_line_or_a_collections_heading():
    body = (
        "Comrade Petrov,\n\nI ask you to look into the case of Comrade Ivan Sergeyevich Belov, "
        "expelled by the uyezd commission without any grounds, and to let me know.\n"
    )
    assert values(_one("From: P. S. Ivanov, Tula\nTo: A. B. Petrov\n\n" + body), "author") == [
        "P. S. Ivanov"
    ]
    heading = "Document No. 5\nLetter from P. S. Ivanov to the Central Control Commission\n\n"
    assert values(_one(heading + body), "author") == ["P. S. Ivanov"]
    assert values(_one("No. 5\nP. S. Ivanov to A. B. Petrov\n\n" + body), "author") == [
        "P. S. Ivanov"
    ]


def test_signatures_with_an_office_after_the_name_or_a_card_number():
    body = (
        "Dear Comrade Petrov,\n\nI ask you to look into the case of Comrade Ivan Belov, "
        "expelled by the uyezd commission without any grounds.\n\n"
    )
    for closing, name in [
        ("M. Kalinin, Chairman of the All-Russia C.E.C.", "M. Kalinin"),
        ("P. Ivanov, fitter, Party card No. 1234", "P. Ivanov"),
        ("[Signed] Lenin", "Lenin"),
    ]:
        assert values(_one(body + closing + "\n"), "author") == [name]


def test_english_address_lines_as_collections_print_them():
    body = (
        "\n\nI ask you to look into the case of Comrade Ivan Sergeyevich Belov, expelled by the "
        "uyezd commission without any grounds, and to let me know.\n\nP. Fomin\n3 March 1921\n"
    )
    for head, addressees in [
        ("Solts, Chairman of the Party Commission", ["Solts"]),
        ("Comrade Molotov (for the Politbureau members)", ["Politbureau members", "Molotov"]),
        ("Mikhail Ivanovich!", ["Mikhail Ivanovich"]),
        ("Moscow, Kremlin\nTo Comrade Lenin", ["Lenin"]),
    ]:
        assert values(_one(head + body), "addressees") == addressees, head


def test_a_copy_line_under_a_to_field_and_a_from_field():
    text = (
        "To: the Central Control Commission\nCopy: Comrade Yaroslavsky, Moscow\n"
        "From: Anna Belova, Tula\n\nI ask you to look into the case of my husband, Ivan Belov, "
        "expelled by the uyezd commission without any grounds.\n\nA. Belova\n3 March 1921\n"
    )
    ex = _one(text)
    assert values(ex, "addressees") == ["Central Control Commission", "Yaroslavsky"]


def test_russian_address_lines_of_bare_names_a_copy_and_capitals():
    body = (
        "\n\nПрошу проверить дело члена партии Иванова Петра Сергеевича, исключённого уездной "
        "комиссией без всяких оснований, и сообщить мне о решении.\n\nА. Петров\n3 марта 1921 г.\n"
    )
    for head, addressees in [
        ("Сольцу, Шкирятову", ["Сольц", "Шкирятов"]),
        ("Ярославскому\nСольцу", ["Ярославский", "Сольц"]),
        ("В. М. Молотову\nКопия: т. Сольцу", ["В. М. Молотов", "Сольц"]),
        ("Т. СОЛЬЦУ", ["Сольц"]),
    ]:
        assert values(_one(head + body), "addressees") == addressees, head


def test_an_unsigned_note_on_a_page_titled_by_its_writer(tmp_path):
    (note,) = _read(
        tmp_path,
        "<html><head><title>V. I. Lenin: Note to A. B. Petrov</title></head><body>"
        "<p>Written: Written on 3 March 1921</p><p>Comrade Petrov,</p><p>I ask you to look "
        "into the case of Comrade Ivan Sergeyevich Belov, expelled by the uyezd commission "
        "without any grounds, and to let me know.</p></body></html>",
        name="page.html",
    )
    assert values(note.extraction, "author") == ["V. I. Lenin"]
    text = (
        "Lenin: To A. B. Petrov\n\nWritten: Written on 3 March 1921\n\nComrade Petrov,\n\nI ask "
        "you to look into the case of Comrade Ivan Belov, expelled without any grounds.\n"
    )
    assert values(_one(text), "author") == ["Lenin"]


_COLLECTION_EN = (
    "No. 12\nLETTER FROM M. P. LUNYOVA TO THE CENTRAL CONTROL COMMISSION\n12 January 1922\n\n"
    "Dear Comrades,\n\nI ask you to review the case of my husband, Alexei Pavlovich Lunyov, who "
    "was expelled by the uyezd commission at the verification. He has been in the Party since "
    "1917 and worked at the Hammer and Sickle works.\n\nM. Lunyova\n\n"
    "No. 13\nRESOLUTION OF A. A. SOLTS ON THE LETTER OF M. P. LUNYOVA\n14 January 1922\n\n"
    "To Comrade Shkiryatov. Please look into the case of her husband and report to me. A. Solts\n"
)
_COLLECTION_RU = (
    "№ 12\nПИСЬМО М. П. ЛУНЁВОЙ В ЦЕНТРАЛЬНУЮ КОНТРОЛЬНУЮ КОМИССИЮ\n12 января 1922 г.\n\n"
    "Уважаемые товарищи!\n\nПрошу пересмотреть дело моего мужа Лунёва Алексея Павловича, "
    "исключённого уездной комиссией при проверке. Он состоит в партии с 1917 года, работал на "
    "заводе «Серп и молот».\n\nМ. Лунёва\n\n"
    "№ 13\nРЕЗОЛЮЦИЯ А. А. СОЛЬЦА НА ПИСЬМЕ М. П. ЛУНЁВОЙ\n14 января 1922 г.\n\n"
    "Тов. Шкирятову. Проверить и доложить. А. Сольц\n"
)


def test_a_collections_numbered_documents_each_under_its_title_and_date(tmp_path):
    """A number ("No. 12") over "LETTER FROM … TO …" over the date: the title and the date
    head the letter below them, and are not a document of their own."""
    letter, resolution = _read(tmp_path, _COLLECTION_EN)
    assert values(letter.extraction, "date") == ["1922-01-12"]
    assert values(letter.extraction, "addressees") == ["Central Control Commission"]
    assert values(letter.extraction, "subjects") == ["Alexei Pavlovich Lunyov"]
    assert values(resolution.extraction, "author") == ["A. Solts"]
    assert values(resolution.extraction, "date") == ["1922-01-14"]
    assert values(resolution.extraction, "addressees") == ["Shkiryatov"]


def test_a_russian_collections_numbered_documents_each_under_its_title_and_date(tmp_path):
    """The same in Russian: "№ 12" numbers the document whose title in capitals follows, the
    date under the title is the letter's, and the body the title names is its addressee."""
    letter, resolution = _read(tmp_path, _COLLECTION_RU)
    assert letter.letter.text.startswith("ПИСЬМО М. П. ЛУНЁВОЙ")
    assert values(letter.extraction, "date") == ["1922-01-12"]
    # the fullest names the page gives them, from the titles
    assert values(letter.extraction, "author") == ["М. П. Лунёва"]
    assert values(letter.extraction, "subjects") == ["Лунёв Алексей Павлович"]
    assert values(letter.extraction, "addressees") == ["Центральная контрольная комиссия"]
    assert values(resolution.extraction, "author") == ["А. А. Сольц"]
    assert values(resolution.extraction, "date") == ["1922-01-14"]
    # Greeted under the title and the date; the writer of the letter it is on is not greeted.
    assert values(resolution.extraction, "addressees") == ["Шкирятов"]


def test_a_letters_outgoing_number_under_its_date_is_part_of_its_letterhead(tmp_path):
    """A number alone ("№ 217") under the date of a committee's letter numbers the letter it
    sends, and does not begin a document."""
    (letter,) = _read(
        tmp_path,
        "Уездный комитет РКП(б)\n12 января 1922 г.\n№ 217\n\nВ Центральную контрольную "
        "комиссию\n\nУездный комитет просит пересмотреть дело товарища Гречкина Ивана Петровича, "
        "исключённого уездной проверочной комиссией. Товарищ Гречкин состоит в партии с 1918 "
        "года.\n\nСекретарь укома П. Бурцев\n",
    )
    assert values(letter.extraction, "date") == ["1922-01-12"]
    assert values(letter.extraction, "addressees") == ["Центральная контрольная комиссия"]


def test_a_title_from_the_writer_to_the_addressee_names_both():
    """ "Letter from P. I. Demina to Comrade Solts" above the letter: Solts is the addressee,
    though the line begins with whom it is from."""
    ex = _one(
        "Letter from P. I. Demina to Comrade Solts\n3 March 1922\n\nDear Comrade,\n\nMy "
        "brother Ilya Demin was expelled by the cell of the tram depot for drunkenness, which is "
        "a slander. I ask you to look into his case.\n\nP. Demina\n"
    )
    assert values(ex, "addressees") == ["Solts"]
    assert values(ex, "author") == ["P. Demina"]
