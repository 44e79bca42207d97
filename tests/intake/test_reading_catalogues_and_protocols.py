"""Forms of pages and letters each on a short invented page: a peasant widow's petition dated
in words and signed by another hand; a fitter's appeal in poor spelling; a portal's catalogue
with fields of its own; a telegram with its reply under the archive's bracketed word; an
extract's certification and where its copies went; a blog's introduction and its labels over
the letter and the reply; a protocol signed by the one questioned; a numbered edition whose
titles and editorial notes stay with their documents; a surname no list knows before the given
name and patronymic."""

from __future__ import annotations

from tests.intake.reading_checks import only_letter, read_letters, requests, values


def relatives(ex):
    return [(v["person"], v["relation"], v["of"]) for v in values(ex, "relatives")]


def test_a_widows_petition_dated_in_words_and_signed_by_another_hand():
    _letter, ex = only_letter(
        "To the Gubernia Control Commission\n"
        "from the widow Praskovya Ilyinichna Lapteva of the village of Krutets\n\n"
        "i beg the comrades to look into the matter of my son Fyodor Ivanovich Laptev who "
        "fought in the red army and now they have wrote him out of the party for nothing\n\n"
        "written the second day of March in the year nineteen hundred and twenty two\n\n"
        "for the illiterate widow Praskovya Lapteva at her own asking and from her words "
        "wrote and signed the teacher Nikon Sukhov\n"
    )
    assert values(ex, "author") == ["Praskovya Lapteva"]
    assert values(ex, "date") == ["1922-03-02"]
    assert values(ex, "subjects") == ["Fyodor Ivanovich Laptev"]
    assert [(r, of) for p, r, of in relatives(ex) if "Lapteva" in p] == [
        ("mother", "Fyodor Ivanovich Laptev")
    ]


def test_an_unschooled_appeal_gives_back_the_card_and_offers_a_witness():
    _letter, ex = only_letter(
        "To the Uyezd Commission\n\n"
        "I was throwed out of the partie in October. I have wife Agrafena and three kids. "
        "Comrad Belyakov of our shop knows how it all was, call him he will say. I ask to "
        "give back my card.\n\nZuyev Trofim\n"
    )
    kinds = {kind for kind, _by, _urgent in requests(ex)}
    assert {"hear", "reinstate"} <= kinds
    assert ("Agrafena", "wife") in [(p, r) for p, r, _of in relatives(ex)]


PORTAL = """Complaint of the workers of the Kashira mill about P. S. Gulyaev, its manager

View facsimile (3 pages) Cite Download text

Description

Reference: F. 3, op. 2, d. 71, l. 4

Date: May 1922 (dated by the editors)

Type: Letter (complaint), collective; no signatures

Addressee: Central Control Commission; Solts, Aron Aleksandrovich, member of the presidium

Concerning: Gulyaev, Pyotr Stepanovich, manager of the mill

Language of original: Russian

Text

To the Central Control Commission, Comrade Solts

We workers of the Kashira mill write to you because the manager Gulyaev sells the mill's yarn at
the market and the cell keeps silent. We ask you to send a comrade to check it.

The workers of the mill.
"""


def test_a_catalogues_own_fields_and_title_are_the_pages_not_a_letter():
    letters, extractions = read_letters(PORTAL, "gulyaev.txt")
    assert len(letters) == 1
    assert "Description" not in letters[0].text
    assert values(extractions[0], "author") == []
    assert values(extractions[0], "date") == ["1922-05"]
    assert "member of the presidium" not in values(extractions[0], "addressees")


def test_a_telegrams_reply_under_the_archives_bracketed_word_is_its_own_document():
    letters, extractions = read_letters(
        "TELEGRAM\n\n"
        "MOSCOW CENTRAL CONTROL COMMISSION TO SOLTS\n\n"
        "UYEZD COMMISSION EXPELLED KHARLAMOV PAVEL STOP UKOM CONSIDERS EXPULSION WRONG STOP "
        "REQUEST REVIEW CASE\n\n"
        "SECRETARY UKOM DEMIN\n"
        "==============================\n\n"
        "[On the back of the form, the draft of the reply in pencil]\n\n"
        "RYLSK UKOM DEMIN\n"
        "CASE KHARLAMOV REQUESTED FROM GUBKOM STOP SEND MATERIALS BY POST\n"
        "                                        SHKIRYATOV\n"
    )
    assert len(letters) == 2
    assert values(extractions[1], "author") == ["Shkiryatov"]


def test_an_extracts_certification_and_copies_leave_the_signers_above_them():
    _letter, ex = only_letter(
        "EXTRACT FROM PROTOCOL No. 12\nof the session of the bureau of 4 May 1923\n\n"
        "HEARD: Appeal of Com. Ryabova, Nina Petrovna, against her expulsion.\n"
        "RESOLVED: To reinstate Com. Ryabova in the party.\n\n"
        "Chairman: I. Gorbunov\n Secretary: L. Platonova\n\n"
        "True extract. Secretary of the bureau — L. Platonova\n\n"
        "Extracts sent to: Kolomna Uyezd Control Commission (item 1); Moscow Control "
        "Commission (item 1).\n"
    )
    assert values(ex, "author") == ["I. Gorbunov", "L. Platonova"]
    assert values(ex, "addressees") == [
        "Kolomna Uyezd Control Commission",
        "Moscow Control Commission",
    ]


BLOG = """The Archive Desk — notes from the reading room

Posted 3 March 2024 · Category: Letters · 2 comments

A miner's wife and a commission: Surikova's appeal (February 1923)

This appeal is one of a dozen in the file that were answered by return of post. The draft of the
answer was written beneath the letter on the same sheet.

Source: RGASPI, f. 613, op. 1, d. 9, l. 12. My translation.

* * *

The letter

Yuzovka, the 4th of February

Dear Comrade Solts,

I was expelled from the party for my husband's drinking, which is his sin and not mine. I ask you
to look into my case.

Your comrade,
M. Surikova

Written beneath

Com. Surikova M.

Your appeal has been passed to the Party Collegium. You will be informed of the decision.

By order of Com. Solts — Secretary Gordeyev
9/II
"""


def test_a_blogs_introduction_and_labels_over_the_letter_and_its_reply():
    letters, extractions = read_letters(BLOG, "surikova.md")
    assert len(letters) == 2
    assert values(extractions[0], "author") == ["M. Surikova"]
    assert values(extractions[0], "addressees") == ["Solts"]
    assert not any(d.startswith("2024") for d in values(extractions[0], "date"))
    assert "Written beneath" not in letters[1].text


def test_a_protocol_signed_by_the_one_questioned():
    _letter, ex = only_letter(
        "PROTOCOL OF QUESTIONING\n\nMoscow, 5 June 1923\n\n"
        "I, investigator K. Yermilov, have questioned Com. Dudin, Semyon Petrovich, who "
        "testified as follows:\n\n"
        "Question: Did you take the oats?\n\n"
        "Answer: No. My wife Anna took them for the cow and returned them at once.\n\n"
        "Recorded from my words correctly, read over by me. S. Dudin\n\n"
        "Questioned by: investigator K. Yermilov\n"
    )
    assert values(ex, "author")[0] == "S. Dudin"


def test_a_scribe_signing_among_the_workers_signs_for_one_of_them():
    _letter, ex = only_letter(
        "To the District Commission\n\n"
        "We, workers of the depot, ask you to return Com. Vlasov to the party. We have known "
        "him for ten years as an honest man.\n\n"
        "K. Rodin, fitter\n"
        "For the illiterate boiler-washer Yegor Markin, at his request, signed P. Kotov\n"
    )
    assert "Yegor Markin" in values(ex, "author")
    assert "P. Kotov" not in values(ex, "author")


EDITION = """Part III. Documents 4–5

* * *

4

Statement of P. A. Voronin to the Tula GKK against N. I. Zharkikh

3 April 1922

To the Tula Gubernia Control Commission

I bring to the knowledge of the commission that the head of the supply section Zharkikh, Nikolai
Ivanovich, takes bribes from the traders of the market. I ask the commission to check it.

P. Voronin

[On 10 April the GKK asked Zharkikh for a written explanation (ibid., l. 6).]

* * *

5

Covering note of the chairman of the Tula GKK A. Reut to the CCC on the case of N. I. Zharkikh

[April 1922]

To the Central Control Commission

The Tula GKK sends you the case of Com. Zharkikh for your information.

Chairman of the GKK A. Reut
"""


def test_an_editions_titles_and_notes_stay_with_their_numbered_documents():
    letters, extractions = read_letters(EDITION, "tula.md")
    assert len(letters) == 2
    assert values(extractions[0], "author") == ["P. Voronin"]
    assert values(extractions[0], "subjects") == ["Zharkikh, Nikolai Ivanovich"]
    assert "[On 10 April" not in letters[0].text
    assert values(extractions[1], "author") == ["A. Reut"]


PEASANT_EDITION = """Letters to the Elder

❧

**Document 1.** Letter of I. P. Samokhin to M. I. Kalinin

Dear Comrade Kalinin,

I was expelled from the party for a church wedding. I ask you to speak for me before the
commission.

Written the 10th of January by the old style, the 23rd of January by the new, 1925.

I. Samokhin

My address: village of Lipovka, to Ivan Petrovich Samokhin.

❧

**Document 2.** Reply of the Party Collegium

To Com. Samokhin I. P.

Your appeal has been examined; you are reinstated in the party.

Member of the Party Collegium M. Shkiryatov
28.II.1925

❧

Note. No later papers are in the file.
"""


def test_documents_parted_by_an_ornament_keep_their_signers_and_dates():
    letters, extractions = read_letters(PEASANT_EDITION, "samokhin.md")
    assert len(letters) == 2
    assert values(extractions[0], "author") == ["I. Samokhin"]
    assert values(extractions[0], "date") == ["1925-01-23"]
    assert values(extractions[1], "date") == ["1925-02-28"]


def test_a_report_of_today_on_a_members_behaviour_and_what_it_asks():
    _letter, ex = only_letter(
        "From: Ines Okonjo <ines@example.org>\nTo: Conduct Committee <conduct@example.org>\n"
        "Subject: Conduct report\nDate: Tue, 11 Mar 2025 22:47:13 +0100\n\n"
        "Dear members of the Committee,\n\n"
        "I am writing to report a pattern of behaviour by Comrade Yegor Malinin in the review "
        "threads over the past two months.\n\n"
        "I would ask the committee to:\n"
        "  1. look into the review threads for the dates above;\n"
        "  2. speak to Sofya Lindqvist, who saw the messages before they were deleted.\n\n"
        "I'd also be grateful to be told when the committee has reached a decision.\n\n"
        "Best regards,\nInes Okonjo\n",
        "report.txt",
    )
    assert values(ex, "subjects") == ["Yegor Malinin"]
    kinds = {kind for kind, _by, _urgent in requests(ex)}
    assert {"verify", "hear", "give_information"} <= kinds


def test_a_formal_letters_delivery_line_and_its_complaint_number():
    _letter, ex = only_letter(
        "HELEN MARLOW\nSolicitor (retired)\n4 Mill Lane, Ashford TN23 1AA\nTel. 01233 555019\n\n"
        "3 February 2025\n\nPRIVATE AND CONFIDENTIAL\nBY EMAIL AND FIRST-CLASS MAIL\n\n"
        "Mr Owen Baptiste\nChair, Disciplinary Panel\n\n"
        "Re: Complaint No. DP-2024-0091 concerning Anton Petrovich Gusev\n\n"
        "Dear Mr Baptiste,\n\nI have known Mr Gusev for twenty years and write in support of "
        "him; I ask the Panel to take into account his long service.\n\n"
        "Yours sincerely,\nHelen Marlow\n"
    )
    assert values(ex, "addressees")[0] == "Owen Baptiste"
    assert values(ex, "subjects") == ["Anton Petrovich Gusev"]


def test_married_in_church_with_the_widow_names_the_writers_wife():
    _letter, ex = only_letter(
        "To Comrade Kalinin\n\nIn March the cell expelled me from the party for a church "
        "wedding. It is true, I was married in church in the autumn with the widow Marfa "
        "Ilyinichna Sorokina, because her father, the old man Ilya Sorokin, would not give her "
        "otherwise.\n\nP. Gusakov\n"
    )
    assert ("Marfa Ilyinichna Sorokina", "wife", "P. Gusakov") in relatives(ex)
