"""Pages that print several documents, each under its own title and notes, and the forms a
letter's lines take there: a header field carried over to the next line, a document's title
and source line under the rule that ends the one before, a footnote whose second line begins
with a year, a reply dated by day and month under its letterhead."""

from __future__ import annotations

from tests.intake.reading_checks import read_page, requests, values

TWO_UNDER_TITLES = """\
# Section III. Letters of 1921

## No. 102. From the workers of the Lyublino depot to F. E. Dzerzhinsky

Source: original, typewritten, with the signatures of the authors and the depot
committee's stamp. Printed from the original.

Dear Comrade Dzerzhinsky,

We, the workers of the Lyublino depot, ask you to stand up for our comrade Mikhail
Shcherbakov, engine driver, whom the district commission has expelled on the word of one man.

Chairman of the depot committee          A. Zuyev

15.XI.1921

---

## No. 103. Telephone message of the Secretariat of the CC to the Tver Gubkom

Source: telephone message form, in the hand of the receiving clerk.

TELEPHONE MESSAGE No. 312
Received: 21/XI 1921, 16 h 40 m
To: Tver Gubkom

The CC asks you to send at once the file of Com. Timofei Kapustin, expelled by the uyezd
commission, and to inform the CC why the statement of his
wife, Kapustina, was not examined.

Secretary of the CC   V. Molotov
"""


def test_each_document_under_its_own_title_and_source_line():
    first, second = read_page(TWO_UNDER_TITLES, "page.md")
    assert values(first, "author") == ["A. Zuyev"]
    assert values(first, "subjects") == ["Mikhail Shcherbakov"]
    # the second document's title and source line are the page's, not its text
    assert values(second, "addressees") == ["Tver Gubkom"]
    assert values(second, "date") == ["1921-11-21"]
    # "his / wife, Kapustina, was not examined.": the sentence carried over, not a signature
    assert values(second, "author") == ["V. Molotov"]


def test_a_footnote_whose_second_line_begins_with_a_year_and_the_next_title():
    page = """\
### 57. N. K. KRUPSKAYA TO THE MOSCOW GUBERNIA VERIFICATION COMMISSION

**Written:** 28 November 1921

Dear comrades,

Comrade Marfa Lebedeva, a teacher, was expelled at the verification as a priest's daughter.
I ask only that you summon her and hear her yourselves before the decision becomes final.

N. Krupskaya[^1]

[^1]: M. I. Lebedeva was reinstated in the Party by the gubernia commission in January
1922.

### 58. YEM. YAROSLAVSKY TO THE MOSCOW GUBERNIA VERIFICATION COMMISSION

**Written:** 6 December 1921

To the Moscow Gubernia Verification Commission

The CCC asks you to send by 15 December the file of Com. M. I. Lebedeva, teacher.

Secretary of the CCC                                  Yem. Yaroslavsky
"""
    first, second = read_page(page, "page.md")
    assert values(first, "author") == ["N. Krupskaya"]
    assert values(first, "date") == ["1921-11-28"]
    assert values(second, "author") == ["Yem. Yaroslavsky"]
    assert values(second, "date") == ["1921-12-06"]


def test_a_reply_dated_by_day_and_month_takes_the_year_of_the_page():
    page = """\
CORRESPONDENCE OF THE CCC WITH THE SMOLENSK GUBERNIA VERIFICATION COMMISSION, 1921

1.

CENTRAL CONTROL COMMISSION OF THE R.C.P.
Moscow, December 1921

To the Smolensk Gubernia Verification Commission

The CCC has received the appeal of Com. Zinaida Petrunina, expelled by your Commission.
Please inform us without delay on what grounds she was expelled. If she was not present,
the Commission is asked to summon and hear her.

Member of the Presidium of the CCC                      A. Solts

2.

SMOLENSK GUBERNIA VERIFICATION COMMISSION
17 December
To the CCC of the R.C.P., Com. Solts

Com. Petrunina was expelled by the Commission on 26 November for absence from meetings.
Her former husband, Petrunin, was not a ground for the decision.

Chairman of the Commission                               G. Avdonin
"""
    first, second = read_page(page)
    assert values(first, "date") == ["1921-12"]
    assert {kind for kind, _by, _urgent in requests(first)} == {"give_information", "hear"}
    assert values(second, "date") == ["1921-12-17"]
    assert values(second, "addressees") == ["CCC of the R.C.P.", "Solts"]
    assert [r["relation"] for r in values(second, "relatives")] == ["husband"]


def test_a_memo_of_a_modern_panel_names_the_member_by_her_title():
    (ex,) = read_page(
        "MEMORANDUM\n\nTo:       Membership Appeals Panel\nFrom:     Daniel Okafor, Casework "
        "Clerk\nRe:       Appeal of Ms Priya Rao (member no. 0048812)\n\nThe Panel will recall "
        "that Ms Rao's membership was terminated by the branch committee on 2 February. She "
        "asks to be heard.\n\nD. Okafor\n"
    )
    assert values(ex, "subjects") == ["Priya Rao"]


def test_a_widows_town_is_no_one_the_letter_is_about():
    (ex,) = read_page(
        "To Comrade M. I. Kalinin,\nfrom Anna Petrovna Lomova, widow, of the town of Kozlov\n\n"
        "Dear Mikhail Ivanovich!\n\nMy son, Pyotr Ivanovich Lomov, a fitter, has been in the "
        "Party since 1918, and now the uyezd commission has expelled him because his late father "
        "kept a cart.\n\nI beg you, speak for my son.\n\nA. Lomova\n"
    )
    assert "Kozlov" not in values(ex, "subjects")
    assert "Kozlov" not in values(ex, "other_people")


def test_a_works_named_after_a_town_is_no_person():
    (ex,) = read_page(
        "To the District Commission\n\nComrade Yevgenia Kasatkina, a weaver at the Bolshaya "
        "Kostromskaya linen mill, was expelled on 14 September. Her husband worked at the "
        "Zapadnaya Dvina tannery and at the Putilov shipyard.\n\nI. Petrov\n"
    )
    assert values(ex, "subjects") == ["Yevgenia Kasatkina"]
    assert values(ex, "other_people") == []


def test_a_party_by_its_letters_and_a_place_she_served_at_are_no_people():
    (ex,) = read_page(
        "To the Central Control Commission\n\nComrade Yevdokia Gorshkova was expelled. In 1918 "
        "her brother was with the Left S.R.s; she went to the front in 1919 and nursed typhus "
        "cases at Liski until she fell ill herself.\n\nA. Solts\n"
    )
    assert values(ex, "other_people") == []


def test_a_box_drawn_rule_parts_a_statement_from_the_commissions_answer():
    first, second = read_page(
        "В Центральную Контрольную Комиссию РКП(б)\nот гр-ки Мельниковой Прасковьи Егоровны\n\n"
        "Прошу разобраться в деле моего мужа, Мельникова Степана Андреевича, которого "
        "губернская проверочная комиссия исключила из партии.\n\nПрасковья Мельникова\n"
        "3 ноября 1921 г.\n\n──────────────────────────\n\nРКП(б)\nЦЕНТРАЛЬНАЯ КОНТРОЛЬНАЯ "
        "КОМИССИЯ\n29/XI.21 г.\n\nГр. П. Е. Мельниковой\n\nСообщаем, что Ваше заявление о "
        "муже Вашем направлено в Тверскую Губернскую Контрольную Комиссию.\n\n"
        "Член ЦКК М. Шкирятов\n"
    )
    assert values(first, "author") == ["Мельникова Прасковья Егоровна"]  # her name in full
    assert values(second, "author") == ["М. Шкирятов"]


def test_a_russian_documents_numbered_heading_starts_the_next_document():
    pages = read_page(
        "# Документ 14. Письмо Т. К. Ребровой В. В. Куйбышеву\n\n**Written:** 22 ноября 1923 г."
        "\n\nУважаемый Валериан Владимирович!\n\nПрошу Вас затребовать дело моего отца в ЦКК и "
        "проверить.\n\nТаисия Реброва\n\n# Документ 15. Ответ секретариата ЦКК Т. К. Ребровой\n\n"
        "**Written:** 4 декабря 1923 г.\n\nГр. Ребровой Т. К.\n\nСообщаю, что дело Вашего отца "
        "затребовано из Самарской ГКК.\n\nПом. секретаря ЦКК Л. Вихрова\n",
        name="page.md",
    )
    assert [values(p, "author") for p in pages] == [["Таисия Реброва"], ["Л. Вихрова"]]


def test_a_copy_of_the_telegram_sent_in_answer_is_a_document_not_an_editors_remark():
    first, second = read_page(
        "TELEGRAM\nMoscow, Central Control Commission, Solts\nFrom Vyatka. Received 14/IV.21 "
        "11.40\n\nURGENT STOP GUBKOM EXPELLED CHAIRMAN VOLISPOLKOM SHATROV ON STATEMENT OF KULAK "
        "KHRAPOV STOP KHRAPOV IS BROTHER-IN-LAW OF SHATROV AND HIS ENEMY SINCE LAND DIVISION "
        "STOP ASK STAY DECISION AND DEMAND FILE FROM GUBKOM STOP DOROKHOV MEMBER GUBKONTROLKOM"
        "\n\n* * *\n\n"
        "Copy of telegram sent 16 April 1921\nVyatka, Gubkontrolkom, Dorokhov\n\nFile of Shatrov "
        "requested from gubkom. Send Shatrov to Moscow with his documents. Shkiryatov\n"
    )
    assert values(first, "addressees") == ["Central Control Commission", "Solts"]
    assert values(first, "author") == ["Dorokhov"]
    assert values(second, "addressees") == ["Gubkontrolkom", "Dorokhov"]
    assert values(second, "author") == ["Shkiryatov"]
