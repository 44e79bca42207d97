"""Forms real archive editions give a letter, each in a short invented letter: a date only in
the header, a day and Roman month whose year the header or the notes give, a title or "To:"
line naming the addressees, a name signed on the date line, a salutation over several lines, a
note written on someone else's letter, subjects named after a colon, later or alone, a witness
to ask, and the addressee an editor's note names. Exact values, span texts included."""

from __future__ import annotations

import pytest

from commission.intake.reading.pipeline import extract, read_and_extract, read_text
from tests.intake.reading_checks import requests, values

HEADER = (
    "Written: {written}\n"
    "Source: Documents of the Control Commissions, Volume 8, page 51.\n"
    "Public Domain: Control Commission Internet Archive.\n\n"
)


def read(text, name="letter.txt"):
    (letter,) = read_text(text, file_name=name)
    return letter, extract(letter, resolve=False)


def test_the_date_only_in_the_header_points_into_the_header():
    _letter, ex = read(
        HEADER.format(written="Written on 3 March 1920")
        + "Comrade Belyakov:\n\nThe district commission has expelled Comrade Pavel Kuzmich "
        "Rodin. I have known his work since 1918. Please have his case examined again.\n\n"
        "Varentsov\n"
    )
    (date,) = ex.get("date")
    assert date.value == "1920-03-03"
    assert (date.span.part, date.span.text) == ("header", "3 March 1920")
    assert values(ex, "author") == ["Varentsov"]
    assert values(ex, "subjects") == ["Pavel Kuzmich Rodin"]


def test_old_and_new_style_in_the_header_give_the_new_style_date():
    _letter, ex = read(
        HEADER.format(written="Written on 30 December 1921 (12 January 1922)")
        + "Dear Comrade Sergeyev,\n\nComrade Olga Pestova was expelled for concealing her "
        "origin. I request a re-examination of her case.\n\nK. Sergeyev\n"
    )
    assert values(ex, "date") == ["1922-01-12"]
    assert requests(ex) == [("reconsider", "author", False)]


@pytest.mark.parametrize(
    ("closing", "author", "date", "date_text"),
    [
        ("14/IV.\n\nKorovin", "Korovin", "1921-04-14", "14/IV."),
        ("2/IV. V. Petrenko", "V. Petrenko", "1921-04-02", "2/IV."),
        ("N. Kovrigin 3.IV.1922", "N. Kovrigin", "1922-04-03", "3.IV.1922"),
        ("20/XII–21\nN. Fedoseyev", "N. Fedoseyev", "1921-12-20", "20/XII–21"),
    ],
)
def test_a_day_and_roman_month_and_a_name_on_the_date_line(closing, author, date, date_text):
    _letter, ex = read(
        HEADER.format(written="Written in April 1921")
        + "Comrade Dorofeyev,\n\nI ask you to verify at once the case of Comrade Lidia "
        "Zhuravleva, whom the Tula commission expelled.\n\n" + closing + "\n",
    )
    assert values(ex, "author") == [author]
    assert values(ex, "date") == [date]
    assert [i.span.text for i in ex.get("date")] == [date_text]


def test_the_title_line_names_people_and_bodies_and_the_header_the_author():
    text = (
        "Letter to A. N. Bezsonov and the Members of the Orgbureau, 14 April 1921\n\n"
        "From Marxists-en\nJump to navigation Jump to search\nAuthor(s) Korovin\n"
        "Written 14 April 1921\n\n"
        "I ask you to verify at once the case of Comrade Lidia Zhuravleva, whom the Tula "
        "commission expelled. She worked under my direction for two years.\n"
    )
    letter, ex = read(text)
    assert letter.provenance.header_author == "Korovin"
    assert values(ex, "author") == ["Korovin"]
    assert values(ex, "addressees") == ["A. N. Bezsonov", "Members of the Orgbureau"]
    assert [(i.span.part, i.span.text) for i in ex.get("addressees")] == [
        ("header", "A. N. Bezsonov"),
        ("header", "Members of the Orgbureau"),
    ]
    assert values(ex, "date") == ["1921-04-14"]


def test_a_note_on_someone_elses_letter_names_neither_addressee_nor_subject_from_it():
    text = (
        "Note on Sokolovsky's letter to the Central Commission, 9 November 1921\n\n"
        + HEADER.format(written="Written on Sokolovsky's letter, 9 November 1921")
        + "Comrade Shkiryatov:\n\nPlease look into this. Lapshina is a good worker; I saw her "
        "work in the typing pool. Ask Comrade Rumyantsev, who was her supervisor, for "
        "details.\n\nM. Kalmykov\n"
    )
    _letter, ex = read(text)
    assert values(ex, "addressees") == ["Shkiryatov"]
    assert values(ex, "subjects") == ["Lapshina"]
    assert values(ex, "other_people") == ["Rumyantsev"]
    assert requests(ex) == [("verify", "author", False), ("hear", "author", False)]
    assert values(ex, "date") == ["1921-11-09"]


def test_a_salutation_over_several_lines_and_a_subject_named_later():
    _letter, ex = read(
        "17. III. 1922\n\nComrades Grekov\nT. Malinina\nand the other members of the Vyatka "
        "Gubernia Control Commission\n\nThe bearer of this letter, a former weaver, was "
        "expelled as a passive member. This is Comrade Fyodor Lukich Lyubimov. I ask you to "
        "hear him.\n\nI. Vorobyov\n"
    )
    assert values(ex, "addressees") == [
        "Grekov",
        "T. Malinina",
        "other members of the Vyatka Gubernia Control Commission",
    ]
    assert values(ex, "subjects") == ["Fyodor Lukich Lyubimov"]
    assert values(ex, "date") == ["1922-03-17"]


def test_surnames_listed_after_a_colon_are_the_subjects():
    _letter, ex = read(
        "Comrade Ilyina,\n\nPlease check on the following: (1) Gusev, a cooper, (2) Melnikova, "
        "a typist, (3) Pryakhin, a guard. All three were expelled as alien elements. Comrade "
        "Tkachenko, their cell secretary, knows them well.\n\nBystrov\n"
    )
    assert values(ex, "subjects") == ["Gusev", "Melnikova", "Pryakhin"]
    assert values(ex, "other_people") == ["Tkachenko"]
    assert requests(ex) == [("verify", "author", False)]


def test_an_editors_note_names_whom_an_unsigned_reply_answered_and_the_outcome():
    letter, ex = read(
        HEADER.format(written="Written on August 30, 1921")
        + "Concerning the expulsion of Comrade Yakov Frumkin, I shall pass your considerations "
        "on to the Central Commission. Send me the minutes of the cell meeting.\n\n"
        "[1] This document is the reply to a telegram from V. N. Kayurin, who had asked that "
        "Frumkin be reinstated. On October 3, 1921, the Central Commission reinstated "
        "Frumkin.\n"
    )
    assert values(ex, "author") == []
    assert values(ex, "addressees") == ["V. N. Kayurin"]
    assert [i.span.part for i in ex.get("addressees")] == ["notes"]
    assert values(ex, "outcomes") == [{"person": "Frumkin", "outcome": "reinstated"}]
    assert requests(ex) == [("give_information", "author", False)]
    assert letter.notes[0].kind == "footnote"


@pytest.mark.parametrize(
    ("closing", "author"),
    [
        ("(Signed) F. Dzerzhinsky", "F. Dzerzhinsky"),
        ("Yours, F. D.", "F. D."),
        ("Your Zinoviev", "Zinoviev"),
        ("Secretary of the C.C. V. Molotov\n3 November 1921", "V. Molotov"),
        ("V. Ulyanov (Lenin)\nChairman, C.P.C.", "V. Ulyanov (Lenin)"),
    ],
)
def test_signatures(closing, author):
    _letter, ex = read(
        "Comrade Petrovsky,\n\nPlease examine again the case of Comrade Ivan Sorokin, expelled "
        "by the Bogorodsk commission.\n\n" + closing + "\n"
    )
    assert values(ex, "author") == [author]


def test_a_leading_title_line_with_its_date_heads_the_letter():
    page = (
        "Letter to Vyacheslav Molotov for Members of the Politbureau, November 23, 1921\n\n"
        "Comrade Molotov:\n\nI am sending you this for the information of the Politbureau "
        "members. Please put it on the agenda.\n\n23/XI. Lenin\n"
    )
    (letter,) = read_text(page, file_name="title.txt")
    assert letter.provenance.title.startswith("Letter to Vyacheslav Molotov")
    assert letter.text.startswith("Comrade Molotov:")
    out = extract(letter, resolve=False)
    assert [i.value for i in out.get("date")] == ["1921-11-23"]
    assert [i.value for i in out.get("author")] == ["Lenin"]


def test_a_to_heading_above_the_written_line_is_the_pages_and_names_the_addressee():
    page = (
        "G. Zinoviev\n\nTo P. A. Zalutsky\n\nWritten: Petrograd, November 28, 1921\n"
        "Source: The Party Purge of 1921: Documents, page 88.\n\nDear Pyotr Antonovich,\n\n"
        "I am writing about Veniamin Tsyplakov, a moulder at the Putilov works, whom the Narva "
        "district commission has expelled. Please restore him.\n\nYours,\nG. Zinoviev\n"
    )
    (letter,) = read_text(page, file_name="page.txt")
    assert letter.text.startswith("Dear Pyotr Antonovich,")
    out = extract(letter, resolve=False)
    assert [i.value for i in out.get("addressees")] == ["Pyotr Antonovich Zalutsky"]
    assert [i.value for i in out.get("date")] == ["1921-11-28"]


def test_an_edition_note_written_as_a_sentence_stays_in_the_header():
    letters = read_text(
        "TO P. K. RODIN\n\n"
        "Written: 3 March 1920\n"
        "First published in 1959 in Volume 51 of the Collected Works. Printed from the "
        "typewritten copy.\n\n"
        "Comrade Rodin,\n\nThe uyezd commission has expelled Comrade Anna Lukinichna Berg. I have "
        "known her work since 1918. Please have her case examined again.\n\nVarentsov\n",
        file_name="letter.txt",
    )
    (letter,) = letters
    assert letter.text.startswith("Comrade Rodin,")
    assert any(line.startswith("First published in 1959") for line in letter.provenance.boilerplate)
    ex = extract(letter, resolve=False)
    assert values(ex, "author") == ["Varentsov"]
    assert values(ex, "subjects") == ["Anna Lukinichna Berg"]


def test_a_collections_preamble_is_the_pages_header_not_a_letter():
    # "From the Papers of …", a numbered document's heading and the note on the copy printed
    text = (
        "From the Records of the District Control Commission, 1922\n"
        "Document 4. Letter of Brigade Doctor S. Malinin\n"
        "Archive copy, typewritten. Translated from the Russian.\n\n"
        "To the District Control Commission\n\n"
        "Comrades,\n\nI hear that Pavel Yegorovich Kuznetsov, who was expelled last spring, is "
        "asking to be readmitted. I served with him and ask you to weigh what I know.\n\n"
        "S. Malinin\n3/VII–22\n"
    )
    (letter,) = read_text(text, file_name="page.txt")
    ex = extract(letter, resolve=False)
    assert letter.text.startswith("To the District Control Commission")
    assert "Document 4" in letter.header_text
    assert values(ex, "author") == ["S. Malinin"]
    assert values(ex, "subjects") == ["Pavel Yegorovich Kuznetsov"]


def test_a_title_without_a_full_stop_is_no_running_text():
    _letter, ex = read(
        "Resolution on a letter from the Rybinsk uyezd cell about A. Glebova\n\n"
        + HEADER.format(written="Written on 9 May 1921")
        + "Comrade Solts: the cell writes that Anna Glebova was expelled for nothing. Look "
        "into it.\n\nLenin\n"
    )
    assert values(ex, "author") == ["Lenin"]
    assert values(ex, "date") == ["1921-05-09"]


def test_an_editors_line_under_a_postscript_leaves_the_signature_above_it():
    _letter, ex = read(
        "Dear Comrade Solts,\n\nThe cell has expelled Marfa Ilyinichna Zorina, a widow whose "
        "husband fell at Perekop. Please see that her case is examined again.\n\n"
        "With comradely greetings,\nN. Abramova\n\nTver, 4 May 1921\n\n"
        "P.S. Her address: Tver, 5 Sadovaya Street.\n\n"
        "— Next document: 12. The commission's reply (not found) —\n"
    )
    assert values(ex, "author") == ["N. Abramova"]
    assert values(ex, "date") == ["1921-05-04"]
    assert [(v["relation"], v["of"]) for v in values(ex, "relatives")] == [
        ("husband", "Marfa Ilyinichna Zorina")
    ]


def test_a_note_below_a_letter_that_names_its_subject_by_surname_has_her_as_subject(tmp_path):
    path = tmp_path / "note_below.txt"
    path.write_text(
        "Dear Comrade Lenin,\n\nThe district commission has expelled Comrade Anna Ilyinichna "
        "Sorokina, a teacher, for her father's trade. I have seen her work since 1918.\n\n"
        "M. Lavrov\n3 March 1921\n\n----\n\nComrade Solts! Have the Sorokina business looked "
        "into and let me know.\n\nLenin\n",
        encoding="utf-8",
    )
    letter, note = read_and_extract(path)
    assert values(letter.extraction, "subjects") == ["Anna Ilyinichna Sorokina"]
    (subject,) = note.extraction.get("subjects")
    assert (subject.value, subject.span.text) == ("Sorokina", "Sorokina")


def test_a_date_with_the_new_style_day_in_brackets_gives_the_new_style():
    _letter, ex = read(
        HEADER.format(written="Written on January 20 (February 2), 1918")
        + "To the District Committee\n\nComrade Pavel Glushko, a turner of the works, asks to "
        "be admitted to the Party. I know him from the works and recommend him.\n\nLenin\n"
    )
    assert values(ex, "date") == ["1918-02-02"]


def test_a_collections_title_names_no_addressee_of_its_letter():
    text = (
        "Letters to the Central Commission for Verifying the Party, 1921–1922\n"
        "Section IV. Appeals\nDocuments Nos. 44–45\n\n"
        "Dear Comrade Yaroslavsky,\n\nThe district commission expelled Maria Fyodorovna "
        "Lyadova while she lay in hospital. I ask you to have her case looked into.\n\n"
        "P. Shchepetov\nMoscow, the 5th of March, 1922\n"
    )
    (letter,) = read_text(text, file_name="page.txt")
    ex = extract(letter, resolve=False)
    assert values(ex, "addressees") == ["Yaroslavsky"]
    assert values(ex, "date") == ["1922-03-05"]


def test_an_archives_reference_and_a_pencil_note_stay_out_of_the_letter():
    text = (
        "# Petition of A. P. Kurbatova to M. I. Kalinin\n\n"
        "*Archive of the Petrograd Gubernia Committee, fund 1, inventory 4, file 77, sheet 12. "
        "Original, in ink.*\n\n"
        "Written: 28 March 1921\n\n---\n\n"
        "To the Chairman of the All-Russia Central Executive Committee, Comrade Kalinin\n\n"
        "My husband, Ivan Kurbatov, a member of the Party since 1918, was struck off the Party "
        "list in January for not paying his dues while he was at the front. I ask you to speak "
        "to the Central Committee so that my husband is restored in the Party.\n\n"
        "A. Kurbatova\n\n"
        "[Pencil note across the top of the first sheet:] Comrade Vasilyev - request the file "
        "on Kurbatov. M. Sh.\n"
    )
    letters = read_text(text, file_name="petition.md")
    assert len(letters) == 1
    ex = extract(letters[0], resolve=False)
    assert values(ex, "author") == ["A. Kurbatova"]
    assert values(ex, "date") == ["1921-03-28"]
    assert [n.kind for n in letters[0].notes] == ["inscription"]


def test_a_replys_reference_line_and_a_resolutions_to_be_verified_keep_one_letter():
    text = (
        "Gubernia Committee of the R.C.P.(b.), Yaroslavl\n\n"
        "To Comrade V. M. Molotov, Secretary of the C.C.\n\n"
        "In reply to your inquiry No. 4117 of 2 June\n\n"
        "Comrade Molotov,\n\nYou ask what we know of Ivan Petrovich Sukhovei, who was expelled "
        "at the purge. To be verified, urgently. I give these facts as they stand.\n\n"
        "Secretary of the Gubkom\nD. Kolosov\n\nNovaya Ladoga, 14 June 1922\n"
    )
    letters = read_text(text, file_name="reply.txt")
    assert len(letters) == 1
    ex = extract(letters[0], resolve=False)
    assert values(ex, "author") == ["D. Kolosov"]
    assert values(ex, "subjects") == ["Ivan Petrovich Sukhovei"]
