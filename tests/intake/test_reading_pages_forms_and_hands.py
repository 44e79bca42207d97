"""Pages of several documents and hands of every schooling, each in a short invented letter: an
edition's long title and a pencilled inscription above the greeting; a telegram form and the
reply form under it; a telephone message with its clerk's fields; minutes set as a Markdown
table under front matter; an editor's headnote under a collection's heading and the full name
its footnote gives; an archive portal's cookie notice, breadcrumbs and archival notes; a
covering note and the soldier's letter it sends, written without capitals or stops; a widow's
petition signed for her; and an appeal of today with its letterhead, inside address and copy."""

from __future__ import annotations

from tests.intake.reading_checks import only_letter, read_letters, requests, values


def test_an_editions_long_title_and_an_inscription_above_the_greeting():
    letter, ex = only_letter(
        "Letter of M. T. Ozerova to N. K. Krupskaya about the expulsion of her brother from the "
        "party and the closing of his reading hut\n\n"
        "2 April 1922\n\n"
        "[Inscription in the upper margin, in pencil:] Com. Solts! Please look into this. "
        "N. Krupskaya. 6/IV\n\n"
        "Dear Nadezhda Konstantinovna,\n\n"
        "I write about my brother, Grigory Timofeevich Ozerov, whom the uyezd commission put out "
        "of the party in March for keeping an icon in his hut. The icon is our late mother's.\n\n"
        "I beg you to speak for him, so that his case is looked at again.\n\n"
        "M. Ozerova\n"
    )
    assert "Inscription" not in letter.text  # the note is the letter's, not its words
    assert values(ex, "author") == ["M. Ozerova"]
    assert [kind for kind, _by, _urgent in requests(ex)] == ["intercede", "reconsider"]
    inquiries = [q for i in ex.get("inscriptions") for q in i.extra["inquiries"]]
    assert [(q["to"].name, q["about"].name) for q in inquiries] == [
        ("Solts", "Grigory Timofeevich Ozerov")
    ]


TELEGRAMS = """[Two telegram forms of one file.]

-----------------------------------------------------------
PEOPLE'S COMMISSARIAT OF POSTS AND TELEGRAPHS       INCOMING
No. 771     From: PERM     Words: 40
Handed in: 3.IX.22  09.15           Received: 3.IX  13.50
-----------------------------------------------------------

MOSCOW CENTRAL CONTROL COMMISSION RCP SOLTS

GUBERNIA COMMISSION EXPELLED FOR THEFT OF OATS KRAPIVIN PAVEL SEMYONOVICH
STOP SHOULD KRAPIVIN COME TO YOU REQUEST INFORM BY WIRE STOP

CHAIRMAN GUBCONTROLCOMMISSION LEDNEV

[Stamp of the CCC secretariat:] Inc. No. 2204  3.IX.22

-----------------------------------------------------------
CENTRAL CONTROL COMMISSION R.C.P.
Secretariat                                          OUTGOING
Telegram No. 418                                     5.IX.22
Handed to the telegraph: 16.40
-----------------------------------------------------------

PERM GUBERNIA CONTROL COMMISSION LEDNEV

YOUR 771 RECEIVED STOP KRAPIVIN HAS NOT COME STOP SEND ALSO STATEMENT OF
STABLEMAN FOMIN STOP

SOLTS

[Stamp:] Sent.
"""


def test_a_telegram_form_and_the_reply_form_under_it_are_two_documents():
    letters, (incoming, reply) = read_letters(TELEGRAMS)
    assert len(letters) == 2
    assert values(incoming, "author") == ["Lednev"]  # not "Gubcontrolcommission Lednev"
    assert values(incoming, "time") == ["09:15"]
    assert "give_information" in [kind for kind, _by, _urgent in requests(incoming)]
    assert values(reply, "author") == ["Solts"]
    assert values(reply, "time") == ["16:40"]  # its own hour, not the form's above it
    assert "Lednev" in values(reply, "addressees")
    assert [kind for kind, _by, _urgent in requests(reply)] == ["give_information"]


def test_a_telephone_message_its_clerks_fields_and_the_callers_own_requests():
    _letter, ex = only_letter(
        "CENTRAL CONTROL COMMISSION\nSecretariat\n\nTELEPHONE MESSAGE No. 12\n\n"
        "Received: 9 May 1923, 11 h. 30 min.\n"
        "From: Comrade Shkiryatov (speaking himself, from the Kremlin switchboard)\n"
        "Taken down by: duty clerk of the secretariat Pronina\n\n"
        "To the Party Collegium\n\n"
        "Comrade Shkiryatov asks that the case of Comrade Lobova, Anna Petrovna, set down for "
        "tomorrow, be put off. The charge that she hid her first marriage must in his opinion "
        "be verified first, since he knows her from the Narym exile.\n\n"
        "He asks that Comrade Lobova be called to him on Friday.\n"
    )
    assert values(ex, "author") == ["Shkiryatov"]
    assert values(ex, "addressees") == ["Party Collegium"]
    assert sorted(requests(ex)) == [("hear", "author", False), ("verify", "author", False)]


ROWS = (
    "| 1 | Case of Sukhanov, Ilya Petrovich, head of the tannery. Accused of drunkenness. "
    "| To expel Sukhanov I. P. from the R.C.P. |\n"
    "| 2 | Statement of Belkina, Olga Ivanovna, expelled as a priest's daughter. She asks to be "
    "reinstated. | To reinstate Belkina O. I. in the party. |\n"
)
MINUTES_PAGE = (
    """---
title: "Party Control in Kaluga: Documents"
section: "Chapter 2"
---

# Party Control in Kaluga: Documents

### Chapter 2. The commission at work

---

## Document 17

### Minutes No. 5 of the session of the Kaluga Gubernia Control Commission

**3 June 1923**

| No. | Heard | Resolved |
|----:|-------|----------|
"""
    + ROWS
    + """
Chairman of the GubCC **S. Rodionov**
Secretary **E. Gubina**

> *Kaluga Archive, f. P-2, op. 1, d. 40, l. 12. Original.*

---

*Editors' comment.* The minutes are printed in full.
"""
)


def test_minutes_as_a_markdown_table_under_front_matter_are_one_document():
    letters, (ex,) = read_letters(MINUTES_PAGE, "page.md")
    assert len(letters) == 1
    assert values(ex, "author") == ["S. Rodionov", "E. Gubina"]  # "GubCC" is no one's name
    assert values(ex, "date") == ["1923-06-03"]
    assert values(ex, "subjects") == ["Sukhanov, Ilya Petrovich", "Belkina, Olga Ivanovna"]
    assert "Heard: Case of Sukhanov" in letters[0].text  # the row, under its column's heading


HEADNOTE_PAGE = """# Letters on Railway Affairs

---

## 88. V. V. Kuibyshev to A. A. Solts

> The purge of the Samara junction had ended in November 1921. See the introduction, p. 9.

**4.XII.1921**

Comrade Solts,

The commission has expelled the foreman of the Kinel shops, Comrade Lopatin[^1], for having
served as a clerk under the old management. I know his work: the shops repaired more wagons
this autumn than any on the road.

I ask you to have the decision reviewed.

V. Kuibyshev

[^1]: Yakov Fomich Lopatin (1881–1938), fitter, in the party from 1917.
"""


def test_an_editors_headnote_under_the_heading_and_the_full_name_in_a_footnote():
    letters, (ex,) = read_letters(HEADNOTE_PAGE, "page.md")
    assert len(letters) == 1
    assert not letters[0].text.startswith("The purge")
    assert values(ex, "date") == ["1921-12-04"]
    (subject,) = ex.get("subjects")
    assert subject.person.name == "Yakov Fomich Lopatin"  # as the note gives him, to resolve


PORTAL = """<html><head><title>Letter of the cell bureau</title></head><body>
<div id="cookie-banner" role="dialog"><p>This site uses cookies to remember your settings.</p>
<button>Accept</button></div>
<ol class="crumbs"><li>Home</li><li>Fonds</li><li>Fond 5. Tula Gubkom</li></ol>
<main>
<h1>Letter of the bureau of the Kosaya Gora cell to the CCC</h1>
<dl><dt>Date</dt><dd>9 March 1924</dd></dl>
<div class="transcript">
<p>To the Central Control Commission</p>
<p>We, the bureau of the cell, ask the Commission to review the expulsion of Comrade Varvara
Ilinichna Sazonova, a puddler's widow, who was put out for the christening of her grandson.</p>
<p>Kosaya Gora, 9 March 1924</p>
<p>Secretary of the bureau    P. Kotov<br>Member of the bureau    L. Zueva</p>
</div>
<section class="notes"><h2>Archival notes</h2>
<ol><li>The CCC reinstated V. I. Sazonova on 2 May 1924.</li></ol></section>
</main></body></html>
"""


def test_a_portals_cookie_notice_breadcrumbs_and_archival_notes_are_not_letters():
    letters, (ex,) = read_letters(PORTAL, "page.html")
    assert len(letters) == 1
    assert "cookies" not in letters[0].text
    assert values(ex, "author") == ["P. Kotov", "L. Zueva"]
    assert values(ex, "subjects") == ["Varvara Ilinichna Sazonova"]


ENCLOSED = """[Transcription. Sheet 1: covering note. Sheets 2-3: the enclosed letter.]

---------------------------------------------------------- sheet 1

YELETS UYEZD COMMITTEE
2 August 1920
No. 301

To the Orel Gubernia Committee of the R.C.P.

The Uyezd Committee forwards the letter of the Red Army man Vasily Kudinov about his father,
Kudinov, Luka Fomich, expelled by the Telegino cell. Please inform the ukom of the decision.

Secretary of the Ukom          A. Voronin

---------------------------------------------------------- sheets 2-3

dear comrades of the Yelets uyezd committee

I the Red Army man Kudinov Vasily write to you from the front. my father Kudinov Luka Fomich
was put out of the party by our cell for carrying the church banner and I ask you comrades to
give my father back his party card

with red army greeting Vasily Kudinov
the [illeg.] day of July 1920

my address western front 48 rifle regiment 2 company Red Army man Kudinov V.
"""


def test_a_covering_note_and_the_unschooled_letter_it_sends():
    letters, (note, letter) = read_letters(ENCLOSED)
    assert len(letters) == 2
    assert values(note, "author") == ["A. Voronin"]
    assert values(note, "date") == ["1920-08-02"]
    assert values(letter, "author") == ["Vasily Kudinov"]
    assert values(letter, "addressees") == ["comrades of the Yelets uyezd committee"]
    assert values(letter, "date") == ["1920-07"]  # the day cannot be read
    assert ("reinstate", "author", False) in requests(letter)


def test_a_widows_petition_signed_for_her_in_the_old_formula():
    _letter, ex = only_letter(
        "To the Central Control Commission of the party in Moscow to comrade Yaroslavsky\n"
        "from the widow Matryona Ilyinichna Shchukina of the village Borki\n\n"
        "PETITION\n\n"
        "I humbly ask the comrades of the control to look into the case of my son Fyodor "
        "Petrovich Shchukin the cell put him out of the party and wrote that he hires labour "
        "but the man they call hired is my nephew Kuzma an orphan who lives with us and I ask "
        "you give him back his party card\n\n"
        "1922 year March 4 day\n\n"
        "To this petition Matryona Shchukina being illiterate at her personal request signed "
        "the teacher Ivan Lukich Orlov\n"
    )
    assert values(ex, "author") == ["Matryona Shchukina"]
    assert values(ex, "addressees") == [
        "Central Control Commission of the party in Moscow",
        "Yaroslavsky",
    ]
    assert values(ex, "date") == ["1922-03-04"]
    # (no witnesses to find, no one to hear: "the comrades of the control" are addressed,
    # "the man they call hired" is named, not summoned)
    assert sorted(kind for kind, _by, _urgent in requests(ex)) == ["reinstate", "verify"]


def test_an_appeal_of_today_with_its_letterhead_inside_address_and_copy():
    _letter, ex = only_letter(
        "Marian Okonkwo-Lee BSc\nDietitian (Reg. No. DT-55012)\n4 Mill Lane\nHarrowfield\n"
        "HF2 8QT\n\nTel. 07700 900123\nmarian.ol@example.net\n\n12 March 2025\n\n"
        "Dr Peter Havelock\nChair, Appeals Committee\nAllied Health Council\n"
        "10 Church Row\nLondon\n\n"
        "Dear Dr Havelock,\n\n"
        "I write to appeal, under Rule 12 of the Council's Conduct Rules, against the decision "
        "of the Conduct Committee of 2 February 2025, which found my fitness to practise "
        "impaired. I ask the Committee to hear my former supervisor, Ms Joan Preece.\n\n"
        "Yours sincerely,\n\nMarian Okonkwo-Lee\n\n"
        "cc: Mr Tom Achterberg, Appeals Officer\n"
    )
    assert values(ex, "author") == ["Marian Okonkwo-Lee"]
    assert values(ex, "addressees") == ["Peter Havelock", "Tom Achterberg"]
    assert values(ex, "subjects") == ["Marian Okonkwo-Lee"]  # her own appeal


def test_a_works_named_in_quotation_marks_is_no_one():
    _letter, ex = only_letter(
        "To the Central Control Commission\n\n"
        "I write not about myself but about my neighbour, Comrade Utkina Glafira Semyonovna, "
        "seamstress of the «Sovetskaya Zvezda» sewing factory, member of the party since 1919. "
        "She has been put out of the party for going to church with her mother, and before "
        "that she worked at "
        'the "Zarya Svobody" artel. I ask you to look into her case.\n\nI. Fomin\n'
    )
    assert values(ex, "subjects") == ["Utkina Glafira Semyonovna"]
    people = values(ex, "subjects") + values(ex, "other_people")
    assert not any("Zvezda" in p or "Zarya" in p for p in people)


def test_a_signers_standing_in_a_project_of_today_is_no_second_signer():
    _letter, ex = only_letter(
        "To: conduct@example.org\nSubject: Complaint about a maintainer\n\n"
        "Dear Code of Conduct Committee,\n\n"
        "I am writing to complain about the conduct of Mr Dario Venn at our meeting of 3 May. "
        "I ask the committee to investigate this.\n\n"
        "Regards,\nAnneke Vos\nContributor, Quillpress (tracker handle: avos)\n"
    )
    assert values(ex, "author") == ["Anneke Vos"]


def test_an_investigation_files_statement_and_protocol_of_questioning():
    letters, (statement, protocol) = read_letters(
        "--- sheet 3 ---\n\n"
        "To the Yelets Uyezd Control Commission\n"
        "to the investigator Comrade Bryantsev\n"
        "from the clerk of the Dolgorukovo volost executive committee\n"
        "Lyapin Savva Yegorovich\n\n"
        "                STATEMENT\n\n"
        "In answer to your question I report that on the evening of 12 February I saw the "
        "chairman, Comrade Kurbatov, strike the carter Fedot Zimin at the volost building.\n\n"
        "S. Lyapin\n\n"
        "--- sheet 4 ---\n\n"
        "                PROTOCOL OF QUESTIONING\n\n"
        "1922, the 21st day of February, village of Dolgorukovo.\n\n"
        "Questioned as a witness: Zimina Anna Petrovna, the carter's wife, who testified that "
        "her husband came home with his face in blood and said the chairman had struck him.\n\n"
        "The protocol was read aloud to me and is written down correctly.\n\n"
        "For the illiterate Anna Zimina, at her request, signed Pyotr Gubin.\n\n"
        "Questioned by: investigator of the Uyezd CC  Bryantsev\n"
    )
    assert len(letters) == 2
    # the writer's block under the address names the writer, not a second addressee
    assert values(statement, "addressees") == ["Yelets Uyezd Control Commission", "Bryantsev"]
    assert values(protocol, "date") == ["1922-02-21"]
    assert "Bryantsev" in values(protocol, "author")  # who questioned signs the protocol
