"""How letters of the genre give their writers, dates and people, each form in a short invented
letter: signatories listed by number, a copy's "(signed)" marks and its certifying line, a body
that signs, initials that stand for a name the letter gives; a form's date line above the text,
a time after the date, an address under the signature; an edition's introduction and its
"Date:" and "Editor's note:" fields; people described together and named in turn, a list of
surnames after a colon, ties through a spouse."""

from __future__ import annotations

from tests.intake.reading_checks import only_letter as only
from tests.intake.reading_checks import read_letters as read
from tests.intake.reading_checks import requests, values

SALUTE = "To the Uyezd Verification Commission\n\nComrades,\n\n"
CASE = (
    "The cell asks that the expulsion of Comrade Timofei Lukich Vorotyntsev be reviewed. He "
    "has worked at the tannery since 1916 and is known to every worker there.\n\n"
)


def test_signatories_listed_by_number_are_all_writers():
    _letter, ex = only(
        SALUTE + CASE + "1. A. Bystrova, member since 1918\n2. K. Pleshkov, member since 1917\n"
        "3. S. Tyurin, member since 1919\n\n14 March 1921\n"
    )
    assert values(ex, "author") == ["A. Bystrova", "K. Pleshkov", "S. Tyurin"]
    assert values(ex, "date") == ["1921-03-14"]


def test_a_copy_keeps_its_signed_marks_and_not_the_certifying_clerk():
    _letter, ex = only(
        SALUTE + CASE + "Chairman of the Bureau (signed) Demyanov\nSecretary (signed) Lukina\n\n"
        "Correct copy: clerk of the Ukom R. Sazykina\n"
    )
    assert values(ex, "author") == ["Demyanov", "Lukina"]


def test_a_body_that_signs_alone_is_the_writer():
    _letter, ex = only(
        "Urgent.\n\nMoscow. Central Control Commission. To Comrade Solts.\n\nUyezd commission "
        "expelled secretary of Lgov volost committee Bezrukov Ilya for his father's trade. "
        "Stop. Ask you to have expulsion reviewed. Stop. Wire instructions.\n\nLgov Ukom R.C.P.\n"
    )
    assert values(ex, "author") == ["Lgov Ukom R.C.P."]
    assert requests(ex) == [("reconsider", "author", True), ("give_information", "author", True)]


def test_initials_stand_for_the_name_the_writer_gave_at_the_start():
    _letter, ex = only(
        "Dear Comrade Zalutsky,\n\nThis is P. Andronov writing, the instructor you met in Ufa. "
        "The commission has expelled Comrade Nikanor Shestakov, and I ask you to look into his "
        "case.\n\nYours, P. A.\n"
    )
    assert values(ex, "author") == ["P. Andronov"]


def test_a_forms_date_and_time_above_the_text_and_a_time_after_the_date():
    _letter, ex = only(
        "TELEPHONE MESSAGE\n\nNo. 41          9.XII.21          16 h. 25 m.\n\n"
        "To: Central Control Commission, Comrade Solts\nFrom: A. Kiselyova\n\n"
        "Text: The Rogozhsky commission is to decide tomorrow the case of Comrade Fyodor "
        "Osipovich Lyamin. I ask that he be heard before anything is decided.\n"
    )
    assert values(ex, "date") == ["1921-12-09"]
    assert values(ex, "time") == ["16:25"]
    assert requests(ex) == [("hear", "author", False)]

    _letter, ex = only(
        "To Comrade Molotov\n\nComrade Tsvetkova asks that the case of Ignat Surin be looked "
        "into again.\n\nKalinin\n3 May 1922, 12.40\n"
    )
    assert values(ex, "time") == ["12:40"]


def test_a_day_and_roman_month_with_the_year_after_a_space():
    _letter, ex = only(SALUTE + CASE + "A. Bystrova\n17/XI 1921\n")
    assert values(ex, "date") == ["1921-11-17"]


def test_an_address_under_the_signature_does_not_hide_the_closing():
    _letter, ex = only(
        SALUTE + CASE + "I ask you to restore him.\n\n4.IV.21                  N. Glebova\n\n"
        "My address: Orel, Kromskaya Street, house 7.\n"
    )
    assert values(ex, "author") == ["N. Glebova"]
    assert values(ex, "date") == ["1921-04-04"]
    assert [c["value"] for c in values(ex, "contacts")] == ["Orel, Kromskaya Street, house 7"]


def test_a_street_in_the_story_is_no_address():
    _letter, ex = only(
        SALUTE + "In 1917 Comrade Anna Lyubimova carried leaflets to the barricades at "
        "Strastnaya Square. I ask that she be admitted.\n\nP. Ryabov\n"
    )
    assert values(ex, "contacts") == []


def test_an_editions_introduction_and_fields_belong_to_the_page():
    letters, extractions = read(
        "Letter about K. S. Yurovsky\n\n"
        "Date: October 1922 (from the register of incoming papers)\n"
        "Editor's note: The copy is unsigned; the register says it was written by O. M. "
        "Bakhrushina.\n\n"
        "To the Gubernia Control Commission\n\nComrades, Konstantin Semyonovich Yurovsky, who "
        "now heads the supply office, hides that he served the Whites. I ask you to check all "
        "this.\n"
    )
    (ex,) = extractions
    assert values(ex, "author") == ["O. M. Bakhrushina"]
    assert values(ex, "date") == ["1922-10"]
    assert ("verify", "author", False) in requests(ex)

    letters, extractions = read(
        "Written: 2 March 1922\nSource: Party Archive; autograph\n\n"
        "A. L. Ponomaryov had been expelled by the Kursk commission. In his letter to the "
        "editor of 1 March 1922 he asked for help.\n\n"
        "Comrade Solts,\n\nI have known Ponomaryov since 1918 and answer for him. Please have "
        "the decision of the Kursk commission reviewed.\n\nF. Dzerzhinsky\n"
    )
    assert len(letters) == 1
    assert "In his letter" in letters[0].header_text
    assert values(extractions[0], "author") == ["F. Dzerzhinsky"]


def test_people_described_together_and_then_named_in_turn():
    _letter, ex = only(
        "Comrade Yaroslavsky,\n\nI am writing to you about two of our typists who were "
        "expelled by the cell commission last week.\n\nThe first is Zinaida Petrovna Kurbatova, "
        "in the Party since 1918. The second is the copyist Lev Arkadyevich Gurvich, who came "
        "to us from the front.\n\nI ask that both be restored.\n\nA. Lunacharsky\n"
    )
    assert values(ex, "subjects") == ["Zinaida Petrovna Kurbatova", "Lev Arkadyevich Gurvich"]


def test_surnames_listed_after_a_colon_are_all_subjects():
    _letter, ex = only(
        "TELEGRAM\n\nSamara, Gubernia Committee, to Chairman Kuibyshev.\n\nUyezd commission "
        "expelled without hearing four members of Syzran organisation: Olkhovsky, Pronina, "
        "Zavarzin, Yudina. Ask review of expulsions.\n\nSecretary Platonov\n"
    )
    assert values(ex, "subjects") == ["Olkhovsky", "Pronina", "Zavarzin", "Yudina"]
    assert values(ex, "addressees") == ["Gubernia Committee", "Kuibyshev"]


def test_a_name_inside_brackets_after_by_is_who_expelled():
    _letter, ex = only(
        "Comrade Solts,\n\nI write about the expulsion of two of our fitters by the depot "
        "commission (Comrades Baryshev and Kolosova). The expelled are:\n\n"
        "1. Yakov Tikhonov, fitter;\n2. Matvei Ulanov, turner.\n\nPlease review the decision."
        "\n\nI. Ryzhkov\n"
    )
    assert values(ex, "subjects") == ["Yakov Tikhonov", "Matvei Ulanov"]


def test_a_tie_to_the_subjects_wife_is_read_as_the_letter_tells_it():
    _letter, ex = only(
        "To the Control Commission\n\nOur depot's commissar, Gavriil Mityaev, hides his "
        "family. His wife Zoya is the daughter of Sergeyev, a former police sergeant of the "
        "station. I ask you to check his membership.\n\nP. Lobov\n"
    )
    ties = [[r["person"], r["relation"], r["of"]] for r in values(ex, "relatives")]
    assert ties == [["Zoya", "wife", "Gavriil Mityaev"], ["Zoya", "daughter", "Sergeyev"]]
    assert values(ex, "subjects") == ["Gavriil Mityaev"]


def test_the_name_owning_a_kin_word_is_not_that_kin():
    _letter, ex = only(
        "To the Control Commission\n\nThis is our storekeeper, Savely Gromyko, a member since "
        "1917 by his own word. Her brother, Gromyko's brother-in-law Pyotr Lanin, served the "
        "Whites. Gromyko got him a place. Gromyko drinks.\n\nI ask you to check this.\n\n"
        "P. Lobov\n"
    )
    assert values(ex, "subjects") == ["Savely Gromyko"]


def test_a_petition_from_a_widow_with_both_calendars_in_words():
    _letter, ex = only(
        "To the All-Russian Elder, Mikhail Ivanovich Kalinin, in Moscow\n\n"
        "from Pelageya Markovna Sorokina, widow, of the village of Lipki, Tula Gubernia\n\n"
        "Dear Mikhail Ivanovich,\n\nI am writing to you, our elder, about my son Stepan "
        "Ilyich Sorokin, who serves in the 40th Rifle Regiment. The commissar Zotov took away "
        "his party card because he came home to sow. I beg you, speak up for him.\n\n"
        "Lipki, the 20th of January old style, the 2nd new style, 1920.\n\n"
        "The mark of Pelageya Sorokina: +\n"
    )
    assert values(ex, "author") == ["Pelageya Markovna Sorokina"]
    assert values(ex, "date") == ["1920-02-02"]
    assert values(ex, "subjects") == ["Stepan Ilyich Sorokin"]


def test_a_collections_numbered_telegrams_under_its_title_and_note():
    letters, extractions = read(
        "TELEGRAMS ON THE CASE OF THE KOTELNICH COMMUNISTS\n\n"
        "Editor's note: Both telegrams are printed from the tape copies kept in the file.\n\n"
        "1\n\nMOSCOW CENTRAL CONTROL COMMISSION TO SOLTS\n"
        "UYEZD COMMISSION EXPELLED PLESHKOV ANTON FOR ABSENCE STOP ASK YOU TAKE INTO ACCOUNT HE "
        "WAS AT FRONT STOP WIRE WHETHER CASE RECEIVED\n\n"
        "2\n\nKOTELNICH UKOM\nMOSCOW 20 X 1921\nCASE RECEIVED STOP SEND UKOM MINUTES IMMEDIATELY "
        "STOP QUESTION SECRETARY LOPATIN ABOUT ABSENCE\nSOLTS\n"
    )
    assert len(letters) == 2
    assert "Editor's note" in letters[0].header_text
    assert {r[0] for r in requests(extractions[0])} == {"consider_facts", "give_information"}
    assert {r[0] for r in requests(extractions[1])} == {"give_information", "hear"}


def test_numbered_headings_of_writer_and_addressee_split_the_letters():
    letters, extractions = read(
        "TWO LETTERS ON THE CASE OF THE GUSEVS\n\n1. P. I. Gusev to A. A. Solts\n\n"
        "Comrade Solts,\n\nI write about my son and my daughter-in-law, both expelled by the "
        "Tula commission: my son Ivan Petrovich Gusev, a fitter, a member since 1918, and his "
        "wife Nina Ilyinichna Guseva, a member since 1919. Restore them both.\n\n"
        "P. Gusev\n9 June 1922\n\n2. A. A. Solts to P. I. Gusev\n\nComrade P. I. Gusev,\n\n"
        "The cases of your son I. P. Gusev and of his wife N. I. Guseva have been requested from "
        "Tula.\n\nA. Solts\n4 July 1922\n"
    )
    assert len(letters) == 2
    assert values(extractions[0], "subjects") == ["Ivan Petrovich Gusev", "Nina Ilyinichna Guseva"]
    assert values(extractions[1], "subjects") == ["I. P. Gusev", "N. I. Guseva"]


def test_an_editors_word_above_the_first_numbered_document_is_the_pages():
    letters, _extractions = read(
        "Documents Nos. 7–8\n\nThe first letter was forwarded to Moscow by the Tula gubernia "
        "commission with its own documents.\n\n\nNo. 7\n\nTo the Tula Gubernia Verification "
        "Commission\n\nI have known Comrade Yegor Lapin for ten years and ask you to restore "
        "him.\n\nT. Bystrov\n3.III.1922\n\n\nNo. 8\n\nTo the Verification Commission\n\n"
        "Comrades, you are verifying Gleb Morozov, our foreman; I ask you to hear him.\n\n"
        "K. Rudakova\n"
    )
    assert len(letters) == 2


def test_a_telegrams_address_with_a_copy_to_a_second_body():
    _letter, ex = only(
        "TULA GUBPROVERKOM COPY GUBKOM RCP\n\nWIRE URGENTLY GROUNDS FOR EXPULSION OF ILYA "
        "SEMIN TURNER STOP SEND WHOLE FILE BY COURIER STOP\n\nSTALIN\n"
    )
    assert values(ex, "addressees") == ["Tula Gubproverkom", "Gubkom RCP"]


def test_a_telegram_form_its_address_lines_and_surnames_in_a_row():
    _letter, ex = only(
        "TELEGRAM\nFrom KASHIN  No. 41  Words 38  Handed in 3/X-21 at 9 h 15 m\n\n"
        "BEZHETSK UKOM ROGOZIN\nCOPY TVER GUBPROVERKOM\n\n"
        "CCC WILL REVIEW CASES KOROVIN MEDVEDEV GALKINA STOP SEND AT ONCE MINUTES UYEZD\n"
        "COMMISSION AND THEIR STATEMENTS STOP MEDVEDEV TO APPEAR AT CCC IN PERSON\n\nSOLTS\n"
    )
    assert values(ex, "addressees") == ["Bezhetsk Ukom", "Rogozin", "Tver Gubproverkom"]
    assert values(ex, "subjects") == ["Korovin", "Medvedev", "Galkina"]
    assert {kind for kind, _by, _urgent in requests(ex)} >= {"give_information", "hear"}
    assert values(ex, "author") == ["Solts"]


def test_members_listed_in_a_telegram_with_their_trades_and_no_commas_between():
    _letter, ex = only(
        "MOSCOW CCC RCP SHKIRYATOV\n\nUYEZD COMMISSION EXPELLED FOLLOWING MEMBERS: IVAN SOROKIN "
        "FITTER DEPOT, MARIA LUGOVAYA TEACHER, PETR DYOMIN CHAIRMAN VOLOST SOVIET STOP UKOM "
        "ASKS REVIEW DECISION\n\nSECRETARY UKOM BELOV\n"
    )
    assert values(ex, "addressees") == ["CCC RCP", "Shkiryatov"]
    assert values(ex, "subjects") == ["Ivan Sorokin", "Maria Lugovaya", "Petr Dyomin"]


def test_an_extract_from_minutes_under_its_dated_title_signed_by_role():
    _letters, extractions = read(
        "# Extract from the minutes of the general meeting of the Communist cell of the Serpukhov "
        "weaving mill, 9 June 1922\n\nPresent: 31 members. Chairman: Comrade Borodin. Secretary: "
        "Comrade Zueva.\n\n**Heard:**\n\n1. The statement of Comrade Lidia Petrovna Kalashnikova "
        "(née Orlova), a member of the RCP since 1918, expelled by the uyezd commission in "
        "October.\n\n**Resolved:**\n\na) The cell considers the expulsion of Comrade "
        "Kalashnikova a mistake and petitions the Ukom to reinstate her.\n\nb) To ask the Ukom "
        "to hear Comrade Kalashnikova in person.\n\nChairman: Borodin\nSecretary: Zueva\n\n"
        "Correct copy: secretary of the cell, Zueva\n",
        name="minutes.md",
    )
    (ex,) = extractions
    assert values(ex, "author") == ["Borodin", "Zueva"]
    assert values(ex, "date") == ["1922-06-09"]
    assert values(ex, "subjects") == ["Lidia Petrovna Kalashnikova"]
    assert requests(ex) == [("reinstate", "author", False), ("hear", "author", False)]


def test_signers_each_with_their_standing_and_card():
    _letter, ex = only(
        SALUTE + CASE + "M. Ozolin, member of the RCP since 1905, card No. 402117\n"
        "Ye. Shatrova, member of the RCP since 1917\n"
    )
    assert values(ex, "author") == ["M. Ozolin", "Ye. Shatrova"]


def test_kin_named_after_an_aside_and_the_writers_kin_spoken_of_before_their_names():
    _letter, ex = only(
        "Comrade Molotov,\n\nThis is Kuzma Pronin writing. I write about my son and my "
        "daughter-in-law, both expelled by the gubernia commission: my son Vasily Kuzmich "
        "Pronin, a foreman, and his wife Anna Stepanovna Pronina. The cow came as dowry from "
        "Anna's father, old Stepan Kashin. I knew their grandfather too, the carter Yefim "
        "Pronin.\n\nK. Pronin\n"
    )
    ties = [(r["person"], r["relation"], r["of"]) for r in values(ex, "relatives")]
    assert ("Stepan Kashin", "father", "Anna Stepanovna Pronina") in ties
    assert not any(person == "my son" for person, _relation, _of in ties)


def test_whom_the_member_married_is_the_members_spouse():
    _letter, ex = only(
        "Dear Comrade Solts,\n\nPlease look into the case of Comrade Ivan Petrovich Lobov, "
        "expelled by the uyezd commission. In 1919 he married Anna Sergeyevna Kurbatova, a "
        "priest's daughter.\n\nA. Ivanov\n"
    )
    ties = [(r["person"], r["relation"], r["of"]) for r in values(ex, "relatives")]
    assert ties == [("Anna Sergeyevna Kurbatova", "wife", "Ivan Petrovich Lobov")]


def test_an_endorsement_says_where_it_sends_the_paper_and_who_signs_for_the_secretary():
    _, got = only(
        "Sent on to the Tula Gubernia Control Commission. The uyezd committee knows Comrade "
        "Fedot Ivanovich Sazonov as an honest worker and asks that his appeal be heard soon.\n\n"
        "For the secretary of the Aleksin Uyezd Committee of the R.C.P. — Kirillov\n"
        "12/XII-21\n"
    )
    assert values(got, "addressees") == ["Tula Gubernia Control Commission"]
    assert values(got, "author") == ["Kirillov"]


def test_a_petition_written_down_for_her_is_hers_and_keeps_its_date():
    _, got = only(
        "To Comrade Kalinin\n\nDear Comrade Kalinin,\n\nMy son Fedot Lukich Baranov was "
        "expelled from the Party for his wife's brother, whom he has not seen since 1917. I beg "
        "you to have his case looked at again.\n\n"
        "14 (27) March 1922\n"
        "Avdotya Baranova. Written for her, as she cannot write, by the schoolmaster I. Zotov.\n"
    )
    assert values(got, "author") == ["Avdotya Baranova"]
    assert values(got, "date") == ["1922-03-27"]


def test_asking_to_be_called_and_heard_and_that_a_witness_be_asked():
    for asked in ("I ask to be called to Tula and heard.", "Com. Rusakov of the depot knows how "
                  "I worked in 1919; I ask that he be asked."):  # fmt: skip
        _, got = only(
            SALUTE + "I was expelled for missing meetings while I lay in the typhus barracks. "
            f"{asked}\n\nS. Mokeev\n2 November 1921\n"
        )
        assert [kind for kind, _, _ in requests(got)] == ["hear"], asked


def test_a_telegrams_surnames_in_a_row_after_expelled_are_each_a_subject():
    _, got = only(
        "TELEGRAM\nMOSCOW CENTRAL CONTROL COMMISSION SOLTS\nUYEZD COMMISSION EXPELLED GUSAKOV "
        "TERENTYEVA MALKIN AS PETTY BOURGEOIS STOP UKOM ASKS REVIEW OF ALL THREE CASES STOP\n"
        "SECRETARY UKOM BOBROV\n"
    )
    assert values(got, "subjects") == ["Gusakov", "Terentyeva", "Malkin"]
    assert [kind for kind, _, _ in requests(got)] == ["reconsider"]


def test_the_cell_put_him_out_names_the_one_the_pronoun_stands_for():
    _, got = only(
        "To Comrade Kalinin\n\nDear Comrade Kalinin,\n\nMy husband Pyotr Ilyich Zhukov has been "
        "in the Party since 1918 and went through the whole war, and this autumn the cell put "
        "him out. The real reason is that he told the cell secretary, Comrade Lapin, that Lapin "
        "took the mill's firewood home.\n\nA. Zhukova\n20 February 1922\n"
    )
    assert values(got, "subjects") == ["Pyotr Ilyich Zhukov"]


def test_a_reply_of_numbered_points_and_the_reference_it_encloses_are_two_documents():
    paragraphs = [
        "To Com. Solts, Central Control Commission",
        "In reply to your inquiry of 2/III concerning Comrades Lykov and Repina, the Gubernia "
        "Control Commission reports:",
        "1. Lykov, Ivan Petrovich, has been restored to the Party by our decision of 20 March.",
        "2. The case of Repina, Anna Ilyinichna, has not been decided, as she is away at famine "
        "relief work until August.",
        "Chairman of the Gubernia Control Commission P. Gusev",
        "Attached: reference for A. I. Repina",
        "TSARITSYN FAMINE RELIEF COMMITTEE",
        "Com. Anna Ilyinichna Repina has been in charge of a feeding station since January "
        "1922. The committee knows her as an honest worker and asks the commission to take her "
        "work into account.",
        "Chairman of the committee N. Orlov",
        "26 March 1922",
    ]
    page = "<html><body>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</body></html>"
    letters, got = read(page, "page.html")
    assert len(letters) == 2
    assert values(got[0], "author") == ["P. Gusev"]
    assert values(got[1], "author") == ["N. Orlov"]


def test_a_modern_appeal_asks_to_set_aside_and_to_be_heard():
    _, got = only(
        "Clerk to the Appeals Panel\nBar Standards Association\n\nDear Sir or Madam,\n\n"
        "I appeal against the finding of the Conduct Committee of 12 January that I acted "
        "in a conflict of interest. I ask that the Appeals Panel set aside both the finding and "
        "the sanction. I also ask to be allowed to address the Panel in person.\n\n"
        "Yours faithfully,\nDaniel Marsh\n"
    )
    kinds = [kind for kind, _, _ in requests(got)]
    assert "reconsider" in kinds
    assert "hear" in kinds


def test_the_cases_reviewed_each_on_its_own_and_a_witness_in_apposition_called():
    _, got = only(
        SALUTE + "I ask the commission to review each case on its own. I also ask that Comrade "
        "Pavel Rudin, the secretary of the cell, be called: he knows all three.\n\n"
        "S. Mokeev\n2 November 1921\n"
    )
    kinds = [kind for kind, _, _ in requests(got)]
    assert "reconsider" in kinds
    assert "hear" in kinds


def test_the_writer_who_writes_to_appeal_against_a_finding_is_its_subject():
    _, got = only(
        "Dear Sir or Madam,\n\nI write to appeal against the Committee's finding that I failed "
        "to disclose a conflict of interest in a fraud trial at Leeds Crown Court last spring, "
        "and against the sanction of six months' suspension.\n\nYours faithfully,\n"
        "Daniel Marsh\n"
    )
    assert values(got, "subjects") == ["Daniel Marsh"]


def test_a_reply_by_telephone_on_files_requested_and_what_to_report():
    _, got = only(
        "TELEPHONE MESSAGE\nTo: Aleksin Uyezd Committee R.C.P., Com. Bobrov\n"
        "From: Central Control Commission\n\nRe your telegram No. 41. The files of Gusakov and "
        "Malkin have been requested from the Tula Gubernia Commission; until the review both "
        "are to be regarded as members. Report by the 20th whether Malkin has been given back "
        "his card.\n\nShkiryatov\n"
    )
    assert values(got, "subjects") == ["Gusakov", "Malkin"]
    assert [kind for kind, _, _ in requests(got)] == ["give_information"]


def test_minutes_heard_the_report_of_one_on_another():
    _, got = only(
        "EXTRACT\nfrom Minutes No. 12 of the session of the Party Collegium, 2 May 1922\n\n"
        "Present: Comrades Solts, Shkiryatov.\n\n"
        "1. HEARD: Report of Com. Bobrov (Aleksin) on Com. Zotov.\n"
        "RESOLVED: To take note that Com. Zotov's card has been returned to him.\n\n"
        "For the secretary of the Party Collegium — N. Pankratova\n"
    )
    assert values(got, "subjects") == ["Zotov"]


def test_the_commission_threw_him_out_names_the_writers_son_named_before():
    _, got = only(
        "To Comrade Kalinin\n\nDear Comrade Kalinin,\n\nComrade Solts knows our village. My son "
        "Fedot Rogov went to the Red Army as a volunteer in 1918 and joined the Party at the "
        "front. Last year the verification commission threw him out because he married the "
        "daughter of a miller.\n\nPraskovya Rogova\n10 February 1922\n"
    )
    assert values(got, "subjects") == ["Fedot Rogov"]


def test_a_name_signed_with_the_writers_address_on_its_line():
    _, got = only(SALUTE + CASE + "Y. Sorokin, Moscow, Malaya Bronnaya, 21, flat 9. 9 May 1923.\n")
    assert values(got, "author") == ["Y. Sorokin"]


def test_a_certificate_signed_by_the_manager_and_the_clerk():
    _, got = only(
        "CERTIFICATE\n\nThe management of the tannery certifies that the stoker I. S. Popov "
        "worked on the night shift from 1 September to 15 November 1921 and could not be "
        "present at evening meetings.\n\nManager of the tannery A. Vorobyov\nClerk O. Kuznetsova"
        "\n25 May 1922\n"
    )
    assert values(got, "author") == ["A. Vorobyov", "O. Kuznetsova"]


def test_a_pages_heading_of_writer_to_addressee_names_the_one_greeted_by_name_and_patronymic():
    _, got = only(
        "# F. E. Dzerzhinsky to A. A. Solts. With the statement of G. M. Bulatov\n\n"
        "**Written:** 17 February 1922\n\n---\n\nAron Aleksandrovich!\n\nThe bearer of this note "
        "worked with me in the Cheka from 1918 to 1920. The Tula commission has expelled him. "
        "Please hear him yourself. His name is Grigory Mironovich Bulatov.\n\nF. Dzerzhinsky\n",
        "page.md",
    )
    (addressee,) = values(got, "addressees")  # one person, named from the heading
    assert addressee.endswith("Solts")


def test_an_editors_bracketed_title_of_writer_to_addressee_names_the_addressee():
    # The addressee then is no one the letter's "his" can stand for: the expelled husband is.
    _, got = only(
        "[Letter of M. T. Samsonova to A. A. Solts]\n\nKineshma, 2 March 1922\n\n"
        "Dear Aron Aleksandrovich,\n\nMy husband, Kirill Petrovich Samsonov, a fitter and a "
        'member of the Party since 1919, has been expelled as "a man who looks after his own '
        'garden". I beg you to have him restored.\n\nMarfa Timofeyevna Samsonova\n'
    )
    (addressee,) = values(got, "addressees")
    assert addressee.endswith("Solts")
    assert values(got, "subjects") == ["Kirill Petrovich Samsonov"]
    (tie,) = values(got, "relatives")
    assert tie == {
        "person": "Marfa Timofeyevna Samsonova",
        "relation": "wife",
        "of": "Kirill Petrovich Samsonov",
    }
    assert requests(got) == [("reinstate", "author", False)]  # "to have him restored"


def test_a_body_named_twice_in_other_words_is_one_addressee():
    _, got = only(
        "# Letter from the Bureau of the Tver Works Cell to the Tver Gubernia Verification "
        "Commission\n\n---\n\nTo the Tver Gubernia Commission for Verifying the Party\n\n"
        "Comrades,\n\n" + CASE + "Bureau of the cell: I. Lapin, S. Orekhov\n",
        "page.md",
    )
    assert values(got, "addressees") == ["Tver Gubernia Commission for Verifying the Party"]


def test_a_collections_title_alone_above_its_first_rule_is_no_document():
    letters, _ = read(
        "# Appeals of Party Members to the Tver Commission, 1921–1922\n\n*Documents 7–8 of the "
        "edition.*\n\n---\n\n## No. 7. A. Lapina to the Tver Commission\n\nDear comrades,\n\n"
        + CASE
        + "A. Lapina\n\n---\n\n## No. 8. The Tver Commission to A. Lapina\n\nDear Comrade "
        "Lapina,\n\nYour statement has been received and the case of Comrade Vorotyntsev will be "
        "examined at the next session of the commission.\n\nSecretary S. Orekhov\n",
        "page.md",
    )
    assert [letter.text.split("\n")[0] for letter in letters] == [
        "Dear comrades,",
        "Dear Comrade Lapina,",
    ]


def test_an_inscription_across_the_top_is_a_note_of_the_letter_under_it():
    letter, got = only(
        "[Across the top, in ink:] Com. Yaroslavsky. Please look into this and find\nout who "
        "knew him before 1920. — A. Solts. 19/VI.\n\nTVER GUBERNIA COMMITTEE OF THE R.C.P.\n"
        "Control Commission\nNo. 2271\n11 June 1923\n\nTo the Central Control Commission\n\n"
        "The Gubernia Control Commission forwards the statement of Com. Timofei Lukich "
        "Vorotyntsev, expelled by the uyezd committee, and asks to be informed of the "
        "decision.\n\nFor the chairman — V. Tikhomirov\n"
    )
    assert letter.text.startswith("TVER GUBERNIA")  # the number under the letterhead is its own
    assert "Yaroslavsky" in letter.notes_text
    (note,) = got.get("inscriptions")
    (inquiry,) = note.extra["inquiries"]
    # "look into this": the one the letter it is written on is about
    assert (inquiry["to"].name, inquiry["about"].name) == (
        "Yaroslavsky",
        "Timofei Lukich Vorotyntsev",
    )
    assert requests(got) == [("give_information", "author", False)]  # the letter's own ask


def test_a_writer_who_says_who_they_are_before_the_verb_asks_in_their_own_voice():
    _, got = only(
        SALUTE + "I, the mother of the expelled Grigory Ivanovich Kuzmin, most humbly beg the "
        "Commission to look into the case of my son.\n\nA. Kuzmina\n"
    )
    assert requests(got) == [("verify", "author", False)]


def test_a_denunciation_numbers_the_members_it_names_with_who_they_are():
    _, got = only(
        SALUTE + "At our factory they still sit in their places, the so-called communists:\n\n"
        "1. The manager, Nikifor Bochkarev. In 1918 he sat with the Left S.R.s.\n\n"
        "2. His deputy, Kapitolina Mushtakova. She gets white flour by the pood.\n\n"
        "3. The storekeeper Zuyev. Leather goes out of the store by the back door.\n\n"
        "Check them, comrades.\n\nA worker who knows\n"
    )
    assert values(got, "subjects") == ["Nikifor Bochkarev", "Kapitolina Mushtakova", "Zuyev"]


def test_could_you_not_find_out_why_asks_for_the_case_to_be_looked_into():
    for question in (
        "Could you not ask the uyezd committee why they did this?",
        "Could you not find out why they did this to him?",
    ):
        _, got = only(SALUTE + CASE + question + "\n\nA. Vorotyntseva\n")
        assert ("verify", "author", False) in requests(got), question


def test_a_covering_note_is_about_whom_the_paper_it_sends_is_about():
    _, got = only(
        "To the Central Control Commission of the R.C.P.\n\nBy direction of Vladimir Ilyich, "
        "the letter of the peasant Ye. S. Nefyodov, of the village of Krasnoye, about his son, "
        "P. Ye. Nefyodov, former secretary of the volost cell, is forwarded to you for "
        "examination. Vladimir Ilyich asks that the result be reported to him.\n\n"
        "For the Secretary — M. Gorodetskaya\n"
    )
    assert values(got, "subjects") == ["P. Ye. Nefyodov"]
    assert values(got, "relatives") == [
        {"person": "Ye. S. Nefyodov", "relation": "father", "of": "P. Ye. Nefyodov"}
    ]


def test_a_wrapped_paragraph_that_opens_with_a_comrades_name_is_no_greeting():
    letters, got = read(
        "To the Control Commission of the Petrograd Gubernia Committee\n\n"
        "The bureau of the cell asks the Control Commission to look again at the case of Com.\n"
        "Loginova, Yevgenia Nikiforovna, expelled by the district commission.\n\n"
        "Com. Loginova is the sister of the Seliverstov who was shot by the Whites at\n"
        "Yamburg in 1919; she has been in the party since that year.\n\n"
        "Com. Vetrova of the factory committee, to whom Com. Loginova made her report,\n"
        "can confirm this.\n\nSecretary of the cell bureau\nP. Zheleznov\n16/III.23\n"
    )
    assert len(letters) == 1
    assert values(got[0], "author") == ["P. Zheleznov"]


def test_two_telephone_messages_each_with_its_own_from_and_to_lines():
    letters, got = read(
        "TELEPHONE MESSAGE No. 112\nReceived 10.XI.1923 at 11.40\nFrom: Kirsanov Uyezd "
        "Committee of the R.C.P.\nTo: Tambov Gubernia Control Commission, Com. Golubtsov\n\n"
        "Results of the verification of the Inzhavino cell: Com. Fedorov retained; Com. "
        "Kuzina expelled. Send quickly the personal file of Com. Kuzina.\n\n"
        "Secretary of the Uyezd Committee Shchukin\n\n\n"
        "TELEPHONE MESSAGE No. 47\nTransmitted 10.XI.1923 at 16.15\nFrom: Tambov Gubernia "
        "Control Commission\nTo: Kirsanov Uyezd Committee, Com. Shchukin\n\n"
        "The file of Com. Kuzina will be sent by courier on the 12th. The appeal will be heard "
        "on 19 November.\n\nMember of the Presidium Golubtsov\n"
    )
    assert len(letters) == 2
    assert letters[0].text.rstrip().endswith("Shchukin")  # signed, not the next letterhead
    assert "Golubtsov" in values(got[0], "addressees")
    # the second message is to whom its own "To:" line says, not the page's first
    assert "Shchukin" in values(got[1], "addressees")
    assert "Golubtsov" not in values(got[1], "addressees")


def test_a_widow_who_married_and_has_a_son_of_six():
    _, got = only(
        "To the Central Control Commission\n\nSTATEMENT\n\nI was expelled from the party by the "
        "uyezd committee. In 1919 I married Com. Nikolai Repin, a commander of the Red Army, who "
        "was killed near Perm in the same year. I ask you to review the decision, and to take "
        "into account that I have a son of six to bring up alone.\n\nA. Repina\n2 May 1923\n"
    )
    assert values(got, "relatives") == [
        {"person": "a son of six", "relation": "son", "of": "A. Repina"},
        {"person": "Nikolai Repin", "relation": "husband", "of": "A. Repina"},
    ]


def test_an_e_mail_reply_above_the_message_it_quotes_is_two_messages():
    letters, got = read(
        "From: Ingrid Solberg <ingrid.solberg@example.org>\nTo: Conduct Committee "
        "<conduct@quillpress.dev>\nCc: Marcus Feld <mfeld@example.net>\nDate: Tue, 14 Mar 2023 "
        "09:42:17 +0100\nSubject: Re: Report concerning Tobias Renner\n\n"
        "Dear members of the Conduct Committee,\n\nI have worked with Tobias Renner for four "
        "years and have never seen him speak to anyone the way the report describes. Would the "
        "committee consider a suspension instead of removing his commit access?\n\nBest,\n"
        "Ingrid\n\n"
        "On Mon, 13 Mar 2023 at 18:05, Conduct Committee <conduct@quillpress.dev> wrote:\n"
        "> Dear Ms Solberg,\n>\n> Thank you for your message about the proposal to remove "
        "Tobias\n> Renner's maintainer rights. Could you tell us whether you know him?\n>\n"
        "> For the Conduct Committee,\n> Priya Raman\n"
    )
    assert len(letters) == 2
    first, second = got
    assert values(first, "author") == ["Ingrid"]  # "Best," closes, it signs nothing
    assert "Marcus Feld" in values(first, "addressees")  # the "Cc:" line, without its address
    assert not letters[1].text.startswith(">")
    assert (values(second, "date"), values(second, "time")) == (["2023-03-13"], ["18:05"])
    assert "Ingrid Solberg" not in values(second, "author")  # the page's sender is the first's


def test_the_bureau_of_a_cell_of_a_named_factory_asks_to_look_again_at_a_case():
    _, got = only(
        "To the Control Commission of the Petrograd Gubernia Committee\n\nThe bureau of the "
        'cell of the "Skorokhod" factory asks the Control Commission\nto look again at the case '
        "of Com. Loginova, Yevgenia Nikiforovna, expelled by the district commission.\n\n"
        "Secretary of the cell bureau\nP. Zheleznov\n16/III.23\n"
    )
    assert requests(got) == [("reconsider", "author", False)]


def test_they_took_away_his_card_names_the_writers_son_whose_card_it_was():
    _, got = only(
        "To Comrade Kalinin\n\nDear Mikhail Ivanovich!\n\nMy son, Pyotr Ilyich Sedov, a "
        "fitter, has been in the Party since 1919, and now the commissar Lykov has taken away "
        "his card because our father kept a mill.\n\nAgafya Sedova\n10 March 1922\n"
    )
    assert values(got, "subjects") == ["Pyotr Ilyich Sedov"]
    assert ["Agafya Sedova", "mother", "Pyotr Ilyich Sedov"] in [
        [t["person"], t["relation"], t["of"]] for t in values(got, "relatives")
    ]


def test_the_head_of_a_long_apposition_is_the_one_expelled_not_the_father_named_in_it():
    _, got = only(
        "Dear Comrade Solts,\n\nFyodor Belousov, the son of my late comrade from the Vyborg "
        "organisation, Aleksei Belousov, who perished in 1921, has been expelled from the Party "
        "by the district commission. I ask that his case be re-examined.\n\nK. Voronova\n"
        "9 February 1922\n"
    )
    assert values(got, "subjects") == ["Fyodor Belousov"]


def test_minutes_name_members_at_stake_after_cc_and_a_son_in_brackets():
    _, got = only(
        "EXTRACT FROM MINUTES No. 9\nof the session of the Gubernia Control Commission, "
        "17 January 1924\n\nHeard: Statement of Com. Lukina that members of the cell Cc. Trofim "
        "Bazhenov, Pyotr Bazhenov (his son) and Yegor Fomichev have taken timber from the "
        "stores.\n\nResolved:\n1. Com. Zinchenko to verify the statement, questioning the "
        "storekeeper Com. Matvei Glazunov.\n2. Until then Cc. T. Bazhenov, P. Bazhenov and Ye. "
        "Fomichev remain members.\n\nSecretary   N. Fadeyeva\n"
    )
    assert values(got, "subjects") == ["Trofim Bazhenov", "Pyotr Bazhenov", "Yegor Fomichev"]
    assert ["Pyotr Bazhenov", "son", "Trofim Bazhenov"] in [
        [t["person"], t["relation"], t["of"]] for t in values(got, "relatives")
    ]


def test_a_soldiers_father_expelled_with_an_aside_and_the_soldier_signing_with_his_rank():
    _, got = only(
        "To the Bezhetsk Uyezd Committee of the R.C.P.\n\nI have had a letter from home that my "
        "father, Terenty Savelyevich Abramov, chairman of the village soviet, has been expelled "
        "from the Party for giving my sister Fenya in marriage to the son of the kulak Zotov. I "
        "ask the Ukom to look into it.\n\nRed Army man K. Abramov\n17 February 1924\n"
    )
    assert values(got, "subjects") == ["Terenty Savelyevich Abramov"]
    assert values(got, "author") == ["K. Abramov"]


def test_asides_one_after_another_between_the_name_and_its_verb():
    _, got = only(
        "Dear Mikhail Ivanovich!\n\nMy son Grigory Tishkin, twenty-four years old, who served "
        "three years in the Red Army and was wounded at Perekop, has been thrown out of the Party "
        "by the volost cell because he was married in church. Take him back into the Party.\n\n"
        "A. Tishkina\n"
    )
    assert values(got, "subjects") == ["Grigory Tishkin"]


def test_a_stepson_named_before_the_apposition_of_his_late_father():
    _, got = only(
        "Dear Comrade Solts,\n\nMy stepson, Viktor Antonovich Orlik, son of my late husband Anton "
        "Orlik, commander of a brigade, who was killed at Kakhovka in August 1920, was expelled "
        "on 26 September by the district commission. I ask you to look into his case.\n\n"
        "N. Orlik\n"
    )
    assert values(got, "subjects") == ["Viktor Antonovich Orlik"]


def test_a_concerning_line_above_the_letter_names_whom_it_is_about():
    _, got = only(
        "To the Saratov Gubernia Verification Commission\nConcerning V. A. Kolesnikova, member of "
        "the R.C.P. since 1920\n\nComrades,\n\nThe cell has excluded her as an alien element "
        "because of her stepfather's inn. I ask the commission to hear her.\n\nN. Kolesnikov\n"
        "13/XI-21\n"
    )
    assert "V. A. Kolesnikova" in values(got, "subjects")


def test_a_numbered_list_of_members_surname_first_with_a_wife_in_apposition():
    _, got = only(
        "To the Gubernia Control Commission\n\nA statement has reached the C.C.C. alleging abuses "
        "by the following members of the R.C.P. The C.C.C. proposes that you verify each point:"
        "\n\n1. Sidorkin, Aleksei Ivanovich, foreman of the weaving shed: alleged to take money;"
        "\n2. Sidorkina, Maria Petrovna, his wife, clerk in the hiring office: alleged to keep "
        "the lists.\n\nSecretary   V. Tikhomirova\n"
    )
    assert "Sidorkin, Aleksei Ivanovich" in values(got, "subjects")
    assert {
        "person": "Sidorkina, Maria Petrovna",
        "relation": "wife",
        "of": "Sidorkin, Aleksei Ivanovich",
    } in values(got, "relatives")


def test_a_professional_bodys_notice_under_its_letterhead_and_the_members_address():
    _, got = only(
        "ASSOCIATION OF REGISTERED DIETITIANS\nFitness to Practise Directorate\n14 Calder Row, "
        "Leeds LS2 7QT\nTelephone 0113 496 0721\n\nPRIVATE AND CONFIDENTIAL - ADDRESSEE ONLY\n\n"
        "Mrs Gwendolyn Ashworth-Reid\n22 Pembury Close\nHarrogate\nHG1 4NW\n\nOur ref: "
        "FTP/22/0418\n9 February 2023\n\nDear Mrs Ashworth-Reid\n\nI write to confirm that the "
        "Investigating Committee has referred the allegations concerning your practice to a "
        "Fitness to Practise Panel. The hearing will take place on 20 March 2023 at the address "
        "above, starting at 10.00 each day.\n\nYours sincerely\n\nMarcus Lowe\nCase Manager, "
        "Fitness to Practise\n"
    )
    assert values(got, "date") == ["2023-02-09"]
    assert values(got, "author") == ["Marcus Lowe"]
    assert not [c for c in values(got, "contacts") if "above" in c["value"]]


def test_a_name_with_its_membership_set_apart_from_the_place_and_date():
    _, got = only(
        SALUTE + CASE + "Head of the Organisation Department of the Kursk Gubkom\n"
        "S. P. Ryabov, member of the R.C.P. since 1912                Kursk, 5.XI.1921\n"
    )
    assert values(got, "author") == ["S. P. Ryabov"]


def test_an_address_line_with_the_works_and_uyezd_after_the_name():
    _, got = only(
        "To Com. K. Lukina, Proletary glass works, Borovichi Uyezd\n\nThe Gubkontrolkom informs "
        "you that your statement is under examination. You are to come to the office of the "
        "works cell on 24 January for a talk.\n\nSecretary N. Fadeyeva\n18.I.24\n"
    )
    assert values(got, "addressees") == ["K. Lukina"]


def test_signers_who_say_whose_son_and_whose_wife_they_are():
    _, got = only(
        "To the Central Control Commission\n\nWe the undersigned have worked beside Mitrofan "
        "Ilyich Zuyev since 1912. He was expelled from the Party because of his brother. We ask "
        "you to return him to the ranks of the Party.\n\nKuzma Rodionov\nIvan Rodionov, his son\n"
        "Ye. Filatova\nPraskovya Zuyeva, wife of M. I. Zuyev\n\nJune 1922\n"
    )
    ties = [[t["person"], t["relation"], t["of"]] for t in values(got, "relatives")]
    assert ["Ivan Rodionov", "son", "Kuzma Rodionov"] in ties
    assert ["Praskovya Zuyeva", "wife", "Mitrofan Ilyich Zuyev"] in ties


def test_a_relatives_arrest_puts_no_second_member_at_stake():
    _, got = only(
        "To the Central Control Commission\n\nWe have worked beside Mitrofan Ilyich Zuyev since "
        "1912. He was expelled from the Party because his brother, Stepan Zuyev, was arrested "
        "for speculation. We ask you to return him to the Party.\n\nKuzma Rodionov\n"
    )
    assert values(got, "subjects") == ["Mitrofan Ilyich Zuyev"]
