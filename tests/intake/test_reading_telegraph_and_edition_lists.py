"""Forms met in a commission's mail, each in a short invented letter: a telegram's line of where
and when it was handed in, its address line with a copy, and its sender's name after the
address to answer to; a name followed by the word of a body in a telegram's capitals; an
edition's fields set out as a Markdown list; "Editors' note" and "More in this collection"
under a letter on a web page; "Transcribed from the original …" above a letter; a "From: …"
line that names a town, its body and the one who sent the message; a heading "From X to Y";
a form's "Date:" under its "Signed:"; "Mr" and "Ms" telling apart two people of one surname."""

from __future__ import annotations

from commission.intake.reading.decoding import html_to_text
from tests.intake.reading_checks import only_letter, read_letters, values

TELEGRAM = """TELEGRAM

KOZLOV 517 38 12/IX 16.05
MOSCOW GPU MENZHINSKY COPY TSENTRKONTROLKOM YAROSLAVSKY

SON GRIGORY PAVLOVICH OKUNEV PARTY MEMBER SINCE NINETEEN EXPELLED BY UKOM
TENTH SEPTEMBER ARRESTED STOP BEG VERIFY CASE STOP ANSWER PAID
KOZLOV MOSKOVSKAYA 14 OKUNEVA

[Stamp:] Received Moscow 12.IX.1922. Reg. № 7731.
"""


def test_a_telegram_is_dated_and_addressed_by_its_telegraph_lines():
    _letter, ex = only_letter(TELEGRAM)
    assert values(ex, "date") == ["1922-09-12"]  # the year from the stamp of its receipt
    assert values(ex, "time") == ["16:05"]  # when it was handed in
    assert values(ex, "addressees") == ["GPU", "Menzhinsky", "Tsentrkontrolkom", "Yaroslavsky"]
    assert values(ex, "author") == ["Okuneva"]  # after the address to answer to
    # the name, not "… Okunev Party", and no kin word before it
    assert "Grigory Pavlovich Okunev" in values(ex, "subjects") + values(ex, "other_people")


def test_a_telegraph_line_gives_its_own_year():
    _letter, ex = only_letter(
        "ORSHA 88 21 3/II-23 9.40\nMOSCOW CENTRAL CONTROL COMMISSION SOLTS\n\n"
        "HUSBAND ZAKHAR LUKICH BELOUSOV EXPELLED WRONGLY STOP BEG REVIEW CASE\n"
        "ORSHA VOKZALNAYA 7 BELOUSOVA\n"
    )
    assert values(ex, "date") == ["1923-02-03"]
    assert values(ex, "time") == ["09:40"]
    assert values(ex, "author") == ["Belousova"]
    assert values(ex, "subjects") == ["Zakhar Lukich Belousov"]  # "Husband" is no name


EDITION = """# Papers of the Kursk Control Commission, 1923

---

### No. 12. Letter of P. G. Sazonova to A. A. Solts

- **Written:** 2 May 1923
- **Source:** Regional archive, fond 5, inventory 1, file 40, sheet 7. Original.

Dear Comrade Solts,

My brother, Ilya Grigoryevich Sazonov, a turner at the railway shops, was expelled by the
cell on 20 April for absence from meetings. He was in hospital all March. I ask you to have
his case checked.

Praskovya Sazonova
Kursk, Kazachya Sloboda, 3rd line, house 12

---

### No. 13. A. A. Solts to M. F. Shkiryatov

- **Written:** 6 May 1923
- Written on P. G. Sazonova's letter to A. A. Solts (No. 12), in the upper left corner.
- **Source:** ibid., sheet 7. Autograph.

Comrade Shkiryatov. Ask Kursk for Sazonov's file and let me know.
A. Solts
"""


def test_an_editions_fields_set_out_as_a_list_head_each_of_its_documents():
    letters, extractions = read_letters(EDITION, "papers.md")
    assert len(letters) == 2
    first, second = extractions
    assert letters[0].text.startswith("Dear Comrade Solts,")
    assert values(first, "date") == ["1923-05-02"]
    assert values(first, "author") == ["Praskovya Sazonova"]  # not "Kazachya Sloboda"
    assert values(first, "subjects") == ["Ilya Grigoryevich Sazonov"]
    assert values(second, "date") == ["1923-05-06"]
    assert values(second, "author") == ["A. Solts"]


PAGE = """<html><body>
<nav><a href="/">Home</a> | <a href="/c">Collections</a> | <a href="/s">Search</a></nav>
<h1>Document 7: Letter of the boiler shop, 1921</h1>
<p>To the Moscow Gubernia Verification Commission</p>
<p>Comrades, the shop asks you to look again at the case of our fitter Semyon Markovich
Rogachev, expelled by the district commission as a former trader. He sold nothing in his
life; it was his uncle who kept a stall. We ask that he be reinstated.</p>
<p>Signed:<br>
P. Vasin, fitter<br>
O. Lisitsyna, crane operator<br>
and 30 more signatures</p>
<p>Moscow, 4 October 1921</p>
<h2>Editors' note</h2>
<ol><li>By decision of the commission of 2 December 1921 S. M. Rogachev was reinstated.</li></ol>
<h2>More in this collection</h2>
<ul><li>Document 6: Resolution of the depot meeting, 1921</li>
<li>Document 8: Petition of the tram workers, 1922</li></ul>
</body></html>
"""


def test_an_editors_note_and_the_sites_links_under_a_letter_are_not_its_text():
    letter, ex = only_letter(PAGE, "doc7.html")
    assert "More in this collection" not in letter.text
    assert "reinstated" in letter.notes_text
    assert values(ex, "author") == ["P. Vasin", "O. Lisitsyna"]
    assert values(ex, "date") == ["1921-10-04"]
    assert {"person": "S. M. Rogachev", "outcome": "reinstated"} in values(ex, "outcomes")
    text, _meta = html_to_text(PAGE)
    assert "Editors' note" in text


def test_a_transcribers_word_above_the_letter_is_the_pages_and_its_heading_names_both():
    letters, extractions = read_letters(
        "# A letter to Kalinin, 1923\n\n*Transcribed from the original in the family's papers; "
        "the names are spelt as in the original.*\n\n"
        "## From A. P. Gusyatnikova to Mikhail Ivanovich Kalinin\n\n**Tver, 9 June 1923**\n\n"
        "Dear Mikhail Ivanovich,\n\nMy son Fyodor Gusyatnikov was expelled from the Party by "
        "the uyezd commission for a prayer book found at his mother's. I ask you to intercede "
        "for him.\n\nA. Gusyatnikova\n",
        "kalinin.md",
    )
    assert len(letters) == 1
    (ex,) = extractions
    assert values(ex, "addressees") == ["Mikhail Ivanovich Kalinin"]  # one person, in full
    assert values(ex, "author") == ["A. Gusyatnikova"]
    assert values(ex, "date") == ["1923-06-09"]


def test_a_later_messages_from_line_names_its_sender_not_the_town_of_the_body():
    letters, extractions = read_letters(
        "To the Central Control Commission\n\nThe Bezhetsk ukom reports that V. I. Kuvshinov "
        "was expelled for drunkenness on 2 March. The file is enclosed.\n\n"
        "Secretary of the Ukom                I. Mokhov\n4/III-23\n\n"
        "==========================================\n\n"
        "TELEPHONE MESSAGE No. 12\nReceived: 6/III-23 at 11.20\n"
        "From: Bezhetsk, Ukom, transmitted by Comrade Mokhov\n"
        "To: CCC, Comrade Yaroslavsky\nTaken down by: duty clerk Petrova\n\n"
        "Further to our letter of 4 March. Kuvshinov has left for Moscow to appeal in person. "
        "The ukom asks to be told when he is heard. Mokhov.\n"
    )
    assert len(letters) == 2
    message = extractions[1]
    assert values(message, "author") == ["Mokhov"]
    assert values(message, "addressees") == ["CCC", "Yaroslavsky"]


def test_a_forms_date_label_is_no_signer_and_a_title_tells_two_of_one_surname_apart():
    _letter, ex = only_letter(
        "CODE OF CONDUCT COMMITTEE — REPORT FORM\n\n"
        "SECTION 1 – WHO IS REPORTING\nName: Priya Nandakumar\nRole: Events coordinator\n\n"
        "SECTION 2 – CONCERNS\n"
        "Mr Holloway shouted at two volunteers at the spring meeting and took the sign-up sheet "
        "from them. His sister-in-law, Ms Joanne Holloway, who chairs the volunteers' group, saw "
        "it and has asked that the matter be looked into. Mr Holloway's membership was "
        "suspended by the board on 3 April pending this review.\n\n"
        "Please confirm that you have received this report.\n\n"
        "Signed: P. Nandakumar\nDate:   6 April 2024\n"
    )
    assert values(ex, "author") == ["P. Nandakumar"]  # not "Date"
    assert "Joanne Holloway" not in values(ex, "subjects")
    assert values(ex, "date") == ["2024-04-06"]


def test_a_kin_word_without_a_pronoun_in_a_telegram_is_the_writers_kin():
    _letter, ex = only_letter(TELEGRAM)
    # (told from the son's side once he is found to be whom it is about)
    assert {"person": "Grigory Pavlovich Okunev", "relation": "son", "of": "Okuneva"} in values(
        ex, "relatives"
    )
    # in a letter written in small letters the word is no telegram's
    _letter, ex = only_letter(
        "Dear Comrade Solts,\n\nPlease look into the case of Grigory Okunev. Son Pavel Okunev "
        "works at the depot and can tell you more.\n\nM. Okuneva\n"
    )
    assert not any(r["of"] == "M. Okuneva" for r in values(ex, "relatives"))
