"""Documents sent together: a resolution on its own sheet under a described heading, what a
letter encloses under "Attached:" or "[Enclosure]", a petition signed with a cross, an address
that goes on with an office or with the body's initials, a delegation's letterhead, two
workers signing with their trades, a site's footer under the notes."""

from __future__ import annotations

from tests.intake.reading_checks import read_page, values


def test_a_resolution_headed_with_where_it_was_written_heads_the_next_document():
    text = (
        "MOSCOW CONTROL COMMISSION LUKIN\n"
        "COMMISSION EXPELLED TEACHER FROLOV NIKOLAI AT TULA FOR ABSENCE FROM MEETINGS STOP "
        "ASK REVIEW STOP\n"
        "BELYAEV\n\n"
        "* * *\n\n"
        "RESOLUTION (written in pencil on the back of the telegram)\n\n"
        "To Comrade Ostrovsky.\n"
        "Ask Tula for the file of Frolov and report to me by Monday.\n"
        "P. Lukin\n"
        "3/IX\n"
    )
    _telegram, resolution = read_page(text)
    assert values(resolution, "author") == ["P. Lukin"]
    assert values(resolution, "addressees") == ["Ostrovsky"]


def test_what_a_letter_encloses_under_its_own_heading_is_a_document():
    text = (
        "To the Kursk Gubernia Verification Commission\n\n"
        "We, members of the cell of the Lgov sugar works, ask that our comrade Pelageya\n"
        "Savina be restored to the Party. She was expelled without being heard, and the\n"
        "certificate we attach shows how she has worked since 1919.\n\n"
        "A. Gorshkov, stoker, member of the R.C.P. since 1918, card No. 1207\n"
        "T. Ryabykh, fitter, member of the R.C.P. since 1920, card No. 4410\n\n"
        "2.V.1921\n\n"
        "Attached:\n\n"
        "CERTIFICATE\n\n"
        "Issued to Comrade P. Savina to certify that she has worked at the works since May 1919\n"
        "and has never missed a shift without cause.\n\n"
        "Chairman of the works committee: Lozovoi\n"
        "30 April 1921\n"
    )
    statement, certificate = read_page(text)
    assert values(statement, "author") == ["A. Gorshkov", "T. Ryabykh"]
    assert values(certificate, "author") == ["Lozovoi"]


def test_a_covering_note_and_the_letter_it_encloses_in_brackets():
    text = (
        "SECRETARIAT OF THE PEOPLE'S COMMISSARIAT OF AGRICULTURE\n"
        "4 March 1921\n\n"
        "To the Central Control Commission of the R.C.P.\n\n"
        "The letter of the peasant Z. Ovchinnikov about his son is forwarded to you for\n"
        "examination, by direction of the People's Commissar.\n\n"
        "For the Secretary — N. Veselova\n\n"
        "[Enclosure]\n\n"
        "To Comrade Sereda, People's Commissar of Agriculture,\n"
        "from the peasant of the village of Ozerki, Zakhar Ovchinnikov\n\n"
        "Dear Comrade Sereda,\n\n"
        "I write to you about my son Ilya, who was expelled from the Party in February\n"
        "because of a quarrel with the chairman of the volost executive committee.\n"
        "I ask you to have his case looked into.\n\n"
        "Zakhar Ovchinnikov\n"
        "20 February 1921\n"
    )
    note, letter = read_page(text)
    assert values(note, "author") == ["N. Veselova"]
    assert values(letter, "author") == ["Zakhar Ovchinnikov"]


def test_a_petition_signed_with_a_cross_is_not_addressed_by_its_last_line():
    text = (
        "To Comrade Kalinin\n"
        "from the widow Marfa Zueva, of the village of Belyi Kolodez\n\n"
        "I ask you to take back into the Party my son Semyon Zuev, who was expelled in\n"
        "October for keeping a cow more than the others. He served in the Red Army for two\n"
        "years and was wounded at Perekop.\n\n"
        "To this petition Marfa Zueva, being illiterate, has set her cross: +\n"
        "11 November 1921\n"
    )
    (letter,) = read_page(text)
    assert values(letter, "addressees") == ["Kalinin"]


def test_an_address_that_goes_on_with_the_bodys_initials_and_a_copy():
    text = (
        "To Comrades Lukin and Ostrovsky,\n"
        "members of the Central Control Commission of the R.C.P.\n"
        "Copy: to the Orel gubernia committee of the R.C.P.\n\n"
        "Comrades,\n\n"
        "I appeal to you against my expulsion by the Orel commission, of which I was told a\n"
        "month after it was decided. I was never called to a sitting.\n\n"
        "Stepan Gavrilovich Doronin\n"
        "Orel, 2 December 1921\n"
    )
    (letter,) = read_page(text)
    assert values(letter, "author") == ["Stepan Gavrilovich Doronin"]


def test_a_delegations_letterhead_in_capitals_starts_no_letter():
    text = (
        "RUSSIAN TRADE DELEGATION IN SWEDEN\n"
        "Party Group of the R.C.P.\n\n"
        "Stockholm, 3rd May, 1921.\n\n"
        "To the Central Control Commission\n"
        "of the Russian Communist Party,\n"
        "Moscow.\n\n"
        "Dear Comrades,\n\n"
        "The Bureau of the Party Group asks that the statement against Comrade Lind be\n"
        "examined before any decision is taken on him, since its author has left the Group.\n\n"
        "Yours fraternally,\n"
        "A. Berg, Secretary\n"
    )
    assert len(read_page(text)) == 1


def test_a_sites_footer_under_the_notes_is_no_document():
    html = (
        "<html><body><h1>Reply to A. N. Lebedeva</h1>"
        "<p>To citizen Anna Nikolayevna Lebedeva.</p>"
        "<p>In reply to your letter the Commission informs you that the case of your brother was"
        " examined on 3 May and the decision of the gubernia commission confirmed.<sup>"
        "<a href='#fn1'>1</a></sup></p>"
        "<p>Secretary N. Orlova</p>"
        "<section class='footnotes'><hr><ol><li id='fn1'>Reinstated in 1923.</li></ol></section>"
        "<footer>Page generated from the collection database. Report an error.</footer>"
        "</body></html>"
    )
    assert len(read_page(html, "page.html")) == 1


def test_a_telegram_dated_by_its_form_and_a_resolution_by_the_registers_year():
    text = (
        "GUBERNIA COMMITTEE OF THE R.C.P. — INCOMING TELEGRAMS, MARCH 1921\n\n"
        "TELEGRAM No. 77\n"
        "From: TULA      Words: 21      Handed in: 9/III  10.15      Received: 9/III  14.00\n\n"
        "GUBKOM SECRETARY OSTROVSKY\n"
        "COMMISSION EXPELLED FITTER GUSEV IGNAT WITHOUT HEARING STOP ASK STAY DECISION STOP\n"
        "KIREEV\n\n"
        "* * *\n\n"
        "To Comrade Ostrovsky.\n"
        "Ask Tula for the file of Gusev at once and report to me on it.\n"
        "P. Lukin\n"
        "10/III\n"
    )
    telegram, resolution = read_page(text)
    assert values(telegram, "date") == ["1921-03-09"]
    assert values(telegram, "time") == ["10:15"]
    assert values(resolution, "date") == ["1921-03-10"]


def test_the_secretary_who_signs_for_an_office_after_a_dash():
    text = (
        "To the Central Control Commission of the R.C.P.\n\n"
        "The statement of Comrade Vera Lunina is forwarded to you for examination.\n\n"
        "For the Secretary — L. Veselova\n"
    )
    (letter,) = read_page(text)
    assert values(letter, "author") == ["L. Veselova"]


def test_one_surname_with_other_first_names_is_another_person():
    from commission.intake.reading.facing import same_person
    from commission.intake.reading.model import PersonRef

    def ref(name: str) -> PersonRef:
        return PersonRef(name=name, span=None)

    assert not same_person(ref("N. S. Orlik"), ref("V. A. Orlik"))
    assert not same_person(ref("K. Matveev"), ref("Boris Kirillovich Matveev"))
    assert same_person(ref("N. S. Orlik"), ref("Natalya Sergeyevna Orlik"))
    assert same_person(ref("Yevgenia Popova"), ref("E. Popova"))
    assert same_person(ref("Orlik"), ref("V. A. Orlik"))


def test_a_stepson_named_by_initials_is_told_from_his_side():
    text = (
        "To the Central Control Commission of the R.C.P.\n\n"
        "I forward the statement of N. S. Orlik about her stepson, V. A. Orlik, a fitter of the\n"
        "depot, who was expelled by the district commission in September. Please look into\n"
        "his case.\n\n"
        "P. Vlasenko\n"
        "11/X-21\n"
    )
    (letter,) = read_page(text)
    assert ("N. S. Orlik", "stepmother", "V. A. Orlik") in [
        (v["person"], v["relation"], v["of"]) for v in values(letter, "relatives")
    ]
