"""Addressees: a salutation, a line of several names, a telegram's place and bodies, and the
title the archive kept above the letter."""

from __future__ import annotations

import pytest

from commission.intake.reading.rules.addressees import _is_body, _past_place, _same_person
from tests.intake.rules.letters import read, values

BODY = "\n\nI ask you to look into the case of Comrade Lapina.\n\nA. Sidorov"


def addressees(text: str, **kwargs) -> list[tuple[str, str]]:
    return [(i.value, i.extra["kind"]) for i in read(text, **kwargs).get("addressees")]


def test_a_body_on_a_to_line():
    assert addressees("To the Uyezd Committee of the R.C.P." + BODY) == [
        ("Uyezd Committee of the R.C.P.", "body")
    ]


def test_two_people_in_one_salutation():
    assert addressees("Dear Comrades Lobanova and P. Yastrebov," + BODY) == [
        ("Lobanova", "person"),
        ("P. Yastrebov", "person"),
    ]


def test_a_telegram_headed_by_its_place_a_body_and_a_person():
    text = "Moscow, Central Control Commission, to Comrade Ivanov.\nVerify the case.\nSidorov"

    assert addressees(text) == [("Central Control Commission", "body"), ("Ivanov", "person")]


def test_the_archive_title_names_the_addressee():
    title = "Note to Comrade Shkiryatov"
    text = "Please look into the case of Comrade Lapina.\n\nA. Sidorov"

    (item,) = read(text, title=title, header=title + "\n").get("addressees")

    assert (item.value, item.span.part, item.span.text) == ("Shkiryatov", "header", "Shkiryatov")


@pytest.mark.parametrize(
    ("piece", "body", "in_title"),
    [
        ("the Uyezd Committee", True, True),
        ("Members of the C.C.", True, True),
        ("the Orgbureau", True, True),
        ("Comrade Ivanov", False, False),
        ("the Finnish Comrades", False, True),
    ],
)
def test_what_names_a_body_rather_than_a_person(piece, body, in_title):
    assert (_is_body(piece), _is_body(piece, title=True)) == (body, in_title)


def test_a_fuller_form_of_a_name_is_the_same_person():
    assert _same_person("Safonov S. I.", "Safonov") is True
    assert _same_person("Safonov", "Petrov") is False


def test_a_place_then_a_sentence_is_no_telegram_heading():
    assert _past_place("Moscow, Central Control Commission, to Comrade Ivanov.") == (
        "Central Control Commission, to Comrade Ivanov."
    )
    assert _past_place("Moscow, a cold city where I live.") is None


def test_a_first_paragraph_that_opens_with_a_comrade_is_not_a_salutation():
    text = "Comrade Lapina was expelled. Her mother and father kept a shop.\n\nK. Anisimov"

    assert addressees(text) == []


def test_a_sentence_under_the_salutation_adds_no_addressee():
    text = "Dear Comrade Ivanov,\n\nComrade Petrova and Comrade Ivanova were expelled." + (
        "\n\nA. Sidorov"
    )

    assert addressees(text) == [("Ivanov", "person")]


def test_a_telegram_heading_then_the_place_and_body_it_goes_to():
    text = "Telegram\n\nTsaritsyn, Gubernia Commission for Purging the Party." + BODY

    assert addressees(text) == [("Gubernia Commission for Purging the Party", "body")]


def test_an_office_before_the_name_on_a_telegram_line():
    text = "Samara, Gubernia Control Commission, to Chairman Kuzovkin." + BODY

    assert addressees(text) == [
        ("Gubernia Control Commission", "body"),
        ("Kuzovkin", "person"),
    ]


def test_a_line_saying_whom_the_note_is_for_adds_that_body():
    text = "To Comrade Molchanov\n(for the members of the Orgbureau)" + BODY

    assert addressees(text) == [
        ("Molchanov", "person"),
        ("members of the Orgbureau", "body"),
    ]


def test_a_person_for_a_body_on_one_line():
    text = "To Comrade Molchanov for all Politbureau members:" + BODY

    assert addressees(text) == [("Molchanov", "person"), ("Politbureau members", "body")]


def test_a_salutation_carried_on_over_lines_of_names():
    text = (
        "To Comrades Stomonyakov, Lutovinov,\nKrasin, Vorovsky, Kerzhentsev,\nLitvinov, and "
        "others" + BODY
    )
    assert [name for name, _kind in addressees(text)] == [
        "Stomonyakov", "Lutovinov", "Krasin", "Vorovsky", "Kerzhentsev", "Litvinov",
    ]  # fmt: skip


def test_an_address_line_carried_on_in_lower_case_and_the_salutation_under_it():
    text = (
        "3. XII. 1918\n\nCopy to the Chairman\nof the Uyezd Section of the Cheka\n\n"
        "Comrade Zinoviev," + BODY
    )
    assert addressees(text) == [
        ("Chairman of the Uyezd Section of the Cheka", "body"),
        ("Zinoviev", "person"),
    ]


def test_a_letterhead_above_the_to_line_is_the_sender():
    text = (
        "CENTRAL COMMISSION FOR PURGING THE PARTY\nSecretariat\n17 January 1922\nNo. 412/ts\n\n"
        "To Comrade J. V. Stalin" + BODY
    )
    assert addressees(text) == [("J. V. Stalin", "person")]


def test_a_body_above_a_copy_to_line_is_addressed():
    text = "Uyezd Committee of the R.C.P.\nCopy to the Gubernia Control Commission" + BODY
    assert addressees(text) == [
        ("Uyezd Committee of the R.C.P.", "body"),
        ("Gubernia Control Commission", "body"),
    ]


def test_a_copy_line_with_a_colon():
    text = "To the Bureau of the District Commission\nCopy: Comrade P. A. Zalutsky" + BODY
    assert addressees(text) == [
        ("Bureau of the District Commission", "body"),
        ("P. A. Zalutsky", "person"),
    ]


def test_a_commission_for_verifying_and_purging_is_one_body():
    text = "To the Moscow Gubernia Commission for Verifying and Purging the Party" + BODY
    assert addressees(text) == [
        ("Moscow Gubernia Commission for Verifying and Purging the Party", "body")
    ]


def test_the_town_after_the_body_and_the_sender_below_are_not_addressees():
    text = (
        "To the Central Commission for Purging the Party, Moscow\n"
        "From the Nevsky District Committee\nfrom members of the cell of the depot" + BODY
    )
    assert addressees(text) == [("Central Commission for Purging the Party", "body")]


def test_the_town_after_a_body_on_a_to_line_is_no_addressee():
    assert addressees("To the Uyezd Committee of the R.C.P., Yelets" + BODY) == [
        ("Uyezd Committee of the R.C.P.", "body")
    ]


def test_an_office_after_a_name_is_that_persons_office():
    text = "To: Comrade Kirsanov, Chairman, Tambov Gubernia Control Commission" + BODY

    assert addressees(text) == [("Kirsanov", "person")]


def test_an_office_before_a_name_is_that_persons_office():
    text = "To the Chairman of the Kineshma Uyezd Purge Commission, Comrade Belyaev" + BODY

    assert addressees(text) == [("Belyaev", "person")]


def test_a_title_line_kept_in_the_text_names_the_addressees():
    text = "Letter to V. V. Kuibyshev and the Presidium of the Central Control Commission" + BODY

    assert addressees(text) == [
        ("V. V. Kuibyshev", "person"),
        ("Presidium of the Central Control Commission", "body"),
    ]


def test_a_heading_naming_whose_paper_a_note_is_on_is_not_the_addressee():
    text = "Note on the Application of I. K. Veretennikov\n\nComrade Shkiryatov," + BODY

    assert addressees(text) == [("Shkiryatov", "person")]


def test_the_body_after_a_persons_name_is_where_he_sits_not_a_second_addressee():
    text = (
        "To Comrade Shkiryatov, Central Control Commission\n\nComrade!\n\nLook into the Party "
        "member Nikon Zuyev, storekeeper at the Lyublino food depot.\n\nA worker of Lyublino"
    )
    assert values(text, "addressees") == ["Shkiryatov"]


def test_a_to_line_in_the_header_names_the_person_and_not_his_commission():
    text = "Comrade Zalutsky,\n\nSummon both and hear them.\n\nYaroslavsky"
    header = "To: Comrade Zalutsky, Central Verification Commission\n"
    found = values(
        text,
        "addressees",
        header=header,
        fields={"To": "Comrade Zalutsky, Central Verification Commission"},
    )
    assert found == ["Zalutsky"]


def test_the_address_after_the_person_is_where_the_letter_goes_not_whom():
    text = (
        "To Comrade P. L. Gorin, Nikitskaya Street 22, c/o V. L. Zotova\n\nYour letter of 12 "
        "October has been received.\n\nA. Solts"
    )
    assert values(text, "addressees") == ["P. L. Gorin"]


@pytest.mark.parametrize(
    ("first_line", "expected"),
    [
        (
            "Moscow, Central Control Commission, to Solts. Urgent. Uyezd commission expelled "
            "Khokhlov.",
            [("Central Control Commission", "body"), ("Solts", "person")],
        ),
        (
            "Ryazan Gubkom, Belokurov. Decision on Khokhlov not suspended.",
            [("Ryazan Gubkom", "body"), ("Belokurov", "person")],
        ),
    ],
)
def test_a_telegram_printed_as_one_paragraph_names_whom_it_goes_to_first(first_line, expected):
    assert addressees(f"TELEGRAM\n\n{first_line}\nSolts\n") == expected


def test_an_office_greeted_names_no_one_and_a_letterheads_number_marks_the_sender():
    text = (
        "Vesyegonsk Uyezd Committee of the R.C.P.          No. 812\n"
        "To the Chairman of the Tver Gubernia Control Commission\n\n"
        "Comrade Chairman,\n\n"
        "I forward the statement of Comrade Sviridov. Please return the file.\n\n"
        "I. Drozdov\n"
    )
    assert addressees(text) == [("Chairman of the Tver Gubernia Control Commission", "body")]


def test_what_a_reply_answers_is_not_whom_it_goes_to():
    text = (
        "In reply to your letter of 9 December. The commission had already re-examined the "
        "case and retained him in the Party.\n\n"
        "Chairman of the Commission Ye. K.\n"
    )
    assert addressees(text) == []
