"""Forms met in a commission's mail, each in a short invented letter: a web catalogue's fields set
out as a table; the addressee called by name and patronymic at the head of a paragraph; a
signature under the office "of the 3rd Rifle Regiment"; a town named before "town organisation"
and a saint's name before "church"; a husband named after "Her husband himself,"; and a higher
commission's orders in "instructs you to …"."""

from __future__ import annotations

from commission.intake.reading.decoding import html_to_text
from tests.intake.reading_checks import only_letter, requests, values

CATALOGUE = """<html><head><title>Item 12</title></head><body>
<h1>Letter of A. T. Zorin to M. I. Kalinin, 6 March 1922</h1>
<table>
<tr><th>Author</th><td>Zorin, Anton Tikhonovich, Red Army man</td></tr>
<tr><th>Addressee</th><td>M. I. Kalinin, Chairman of VTsIK</td></tr>
<tr><th>Date</th><td>6 March 1922</td></tr>
<tr><th>Extent</th><td>2 sheets, manuscript</td></tr>
</table>
<p>Dear Mikhail Ivanovich!</p>
<p>I beg you to help my father. My father, Tikhon Savelyevich Zorin, was expelled by the uyezd
commission for the church wedding of my sister.</p>
<p>Mikhail Ivanovich, I ask you to stand up for my father and to order that his case be looked
at again.</p>
<p>Red Army man of the 3rd Rifle Regiment<br>A. Zorin<br>6/III-22</p>
</body></html>
"""


def test_a_catalogue_table_gives_its_fields_one_to_a_line():
    text, _meta = html_to_text(CATALOGUE)
    assert "Author: Zorin, Anton Tikhonovich, Red Army man" in text
    assert "Date: 6 March 1922" in text
    # a header cell that carries its own colon gets no second one
    text, _meta = html_to_text("<table><tr><th>Author(s):</th><td>S. Kotov</td></tr></table>")
    assert text.strip() == "Author(s): S. Kotov"


def test_a_catalogue_page_is_one_letter_to_the_one_it_calls_by_name_and_patronymic():
    letter, ex = only_letter(CATALOGUE, "item.html")
    assert letter.text.startswith("Dear Mikhail Ivanovich!")  # the catalogue's fields above it
    assert values(ex, "author") == ["A. Zorin"]  # not "Rifle Regiment"
    assert values(ex, "addressees") == ["Mikhail Ivanovich Kalinin"]  # the initials written out
    assert values(ex, "subjects") == ["Tikhon Savelyevich Zorin"]
    assert "Mikhail Ivanovich" not in values(ex, "other_people")


def test_a_town_before_its_organisation_and_a_church_are_no_people():
    _letter, ex = only_letter(
        "To the Tambov Gubernia Verification Commission\n\nCitizens,\n\nA woman who is now "
        "passing the verification in the Kozlov town organisation has no business in the Party. "
        "Her name is Zinaida Markovna Kholodova. Her husband himself, Nikanor Kholodov, went off "
        "with the Whites. Last Easter my son saw her in the Pokrovsky church with a candle.\n\n"
        "I request that all this be checked.\n\nS. Ogurtsov\n18 August 1921\n"
    )
    assert values(ex, "subjects") == ["Zinaida Markovna Kholodova"]
    people = values(ex, "subjects") + values(ex, "other_people")
    assert "Kozlov" not in people
    assert "Pokrovsky" not in people
    assert {
        "person": "Nikanor Kholodov",
        "relation": "husband",
        "of": "Zinaida Markovna Kholodova",
    } in values(ex, "relatives")


def test_a_higher_commission_instructing_the_one_below_asks_what_it_orders():
    _letter, ex = only_letter(
        "No. 1147\n23/VIII-21\n\nTo the Kozlov Uyezd Verification Commission\n\n"
        "Herewith the statement of Citizen Semyon Ogurtsov concerning Com. Z. M. Kholodova. The "
        "gubernia commission instructs you to look into the facts set out in it, to call "
        "Kholodova and hear her explanation, and to send us your conclusion not later than "
        "5 September.\n\nChairman of the Gubernia Verification Commission   Kasatkin\n"
    )
    asked = {kind for kind, _by, _urgent in requests(ex)}
    assert {"verify", "hear", "give_information"} <= asked


def test_a_collections_title_of_a_letter_of_one_to_another_names_the_addressee():
    _letter, ex = only_letter(
        "Letter of M. A. Sumarokova to A. A. Solts\n\nDear Aron Aleksandrovich,\n\n"
        "My son Nikolai Petrovich Sumarokov was expelled by the gubernia commission. His "
        "father, my late husband Pyotr Ilyich, was a weaver at the same works. I ask you to "
        "have the case looked at again.\n\nM. Sumarokova\n"
    )
    assert values(ex, "addressees") == ["Aron Aleksandrovich Solts"]
    ties = values(ex, "relatives")
    # the writer signs as a woman: the son's mother, not a "parent"
    assert {
        "person": "M. Sumarokova",
        "relation": "mother",
        "of": "Nikolai Petrovich Sumarokov",
    } in ties
    assert {
        "person": "Pyotr Ilyich",
        "relation": "father",
        "of": "Nikolai Petrovich Sumarokov",
    } in ties
    # that his mother and father were married goes without saying
    assert not [t for t in ties if t["relation"] == "husband"]


def test_a_telegram_of_an_army_department_names_brothers_after_a_regiment_and_asks():
    _letter, ex = only_letter(
        "TELEGRAM\n\nMOSCOW CENTRAL CONTROL COMMISSION TO SHKIRYATOV\n"
        "GUBERNIA COMMISSION EXPELLED COMMANDER SECOND BATTALION 241 REGIMENT VOLKOV SERAFIM "
        "ILYICH AND HIS YOUNGER BROTHER PLATON ILYICH VOLKOV FOR CONCEALING ORIGIN STOP "
        "POLITDEPT URGENTLY ASKS REVIEW DECISION AND DEMAND CASE FROM SAMARA STOP\n"
        "HEAD OF POLITDEPT ZAIKIN\n"
    )
    assert values(ex, "author") == ["Zaikin"]
    assert len(values(ex, "subjects")) == 2
    assert {("reconsider", "author", True), ("verify", "author", True)} <= set(requests(ex))


def test_a_committees_signature_block_of_seven_lines_gives_every_signer():
    _letter, ex = only_letter(
        "To the District Verification Commission\n\nREFERENCE\n\nThe factory committee asks "
        "the commission to restore Com. Fekla Antipovna Zhurbina to the Party.\n\n"
        "Chairman of the factory committee   Dm. Yastrebov\n"
        "Secretary   A. Lvova\n"
        "Members:   Sinitsyn\n"
        "           K. Ustinova\n"
        "           (signature illegible)\n\n"
        "March 1922\n[Seal of the factory committee]\n"
    )
    # "Dm.": a given name cut to its first letters, as an initial
    assert values(ex, "author") == ["Dm. Yastrebov", "A. Lvova", "Sinitsyn", "K. Ustinova"]


def test_a_daughter_in_law_writes_for_her_father_in_law_and_his_wife_is_his():
    _letter, ex = only_letter(
        "To the Central Control Commission\n\nComrades,\n\nI am the daughter-in-law of "
        "Yermolai Kuzmich Butusov, a fitter of the gun shop. The gubernia commission has expelled "
        "my father-in-law from the Party for performing religious rites. When the news came, my "
        "mother-in-law Stepanida Yegorovna asked for a requiem. It was the secretary of the "
        "cell, Com. Ponomaryov, who brought this up at the verification, but Ponomaryov's own "
        "wife sings in the choir.\n\nI beg you to restore him in the Party.\n\nYe. Butusova\n"
    )
    assert values(ex, "subjects") == ["Yermolai Kuzmich Butusov"]
    assert {
        "person": "Stepanida Yegorovna",
        "relation": "wife",
        "of": "Yermolai Kuzmich Butusov",
    } in values(ex, "relatives")


def test_coms_before_names_and_a_bureau_member_who_is_the_members_cousin():
    _letter, ex = only_letter(
        "To the Kineshma Uyezd Verification Commission of the R.C.P.(b.),\n"
        "Coms. Zubarev and Telegina\n\nDear comrades,\n\nYour commission expelled the secretary "
        "of our cell, Com. Chaplygin. His uncle, Com. Gudkov, a weaver at our mill, brought him "
        "into the Komsomol.\n\nWe ask the commission to review its decision on Com. Chaplygin."
        "\n\nFor the bureau: deputy secretary   N. Tikhomirova\n"
        "Members of the bureau:   A. Belkin\n"
        "                         F. Ryabov\n"
        "                         P. Chaplygina (his cousin)\n"
        "Kineshma, 2.II.1922\n"
    )
    assert {"Zubarev", "Telegina"} <= set(values(ex, "addressees"))
    assert values(ex, "author")[-1] == "P. Chaplygina"
    assert {"person": "P. Chaplygina", "relation": "cousin", "of": "Chaplygin"} in values(
        ex, "relatives"
    )


def test_a_wife_named_with_her_maiden_name_and_party_standing_and_an_address_signed_under():
    _letter, ex = only_letter(
        "To the Chairman of the Gubernia Verification Commission,\nComrade Lyubimov\n\n"
        "Comrade Chairman,\n\nMy wife, Yevgenia Kirillovna Stolyarova, née Gorchakova, a teacher "
        "and a member of the R.C.P. since 1920, has been excluded from the Party. Her mother "
        "lives now with her married sister in Rechitsa.\n\nI ask that her case be re-examined."
        "\n\nFyodor Stolyarov\nGomel, Rogachevskaya St. 11\n"
    )
    assert values(ex, "subjects") == ["Yevgenia Kirillovna Stolyarova"]
    assert values(ex, "author") == ["Fyodor Stolyarov"]  # not "Gomel"
    assert "sister" in [t["relation"] for t in values(ex, "relatives")]
    assert "Rogachevskaya St" not in values(ex, "other_people")


def test_a_grandmother_writes_of_her_daughter_his_mother_and_the_stepfather_she_married():
    _letter, ex = only_letter(
        "To the bureau of the R.C.P. cell\n\nI am writing about my grandson, Viktor Yegorovich "
        "Sazonov, whose application to join the Party the bureau did not accept because of his "
        "stepfather Prosvirin. My daughter Nadezhda, Vitya's mother, married Prosvirin in 1917 "
        "and died in 1920.\n\nI ask the bureau to take him into the Party.\n\nA. I. Kruglova\n"
    )
    ties = {(t["person"], t["relation"], t["of"]) for t in values(ex, "relatives")}
    assert ("Nadezhda", "mother", "Viktor Yegorovich Sazonov") in ties
    assert ("Prosvirin", "stepfather", "Viktor Yegorovich Sazonov") in ties
    # that his mother married his stepfather goes without saying; he is no one's wife
    assert not [t for t in ties if t[1] in ("husband", "wife")]


def test_a_signer_by_initial_is_not_also_his_cousin_of_the_same_initial():
    _letter, ex = only_letter(
        "To the Gubernia Control Commission\nfrom Osip Lavrentyevich Kiselyov\n\nSTATEMENT\n\n"
        "In October 1921 I was expelled from the Party. The one who served with the Whites was "
        "my cousin Onisim Kiselyov. We are both O. Kiselyov. Onisim himself died of typhus in "
        "1920, which his widow Agafya can also confirm, as can Com. Zheltukhin.\n\n"
        "I ask the commission to question Com. Zheltukhin.\n\nO. Kiselyov\nApril 1923\n"
    )
    agafya = [t for t in values(ex, "relatives") if t["person"] == "Agafya"]
    assert [t["of"] for t in agafya] == ["Onisim Kiselyov"]


def test_a_letter_of_today_under_the_writers_own_block_goes_to_the_panel_below_it():
    _letter, ex = only_letter(
        "Dr Imogen Farrant\nSenior Lecturer in Hydrology\nMobile: 07700 900231\n\n"
        "Academic Misconduct Appeals Panel\nc/o Registry Casework Office\nUniversity of "
        "Northmoor\n\n24 November 2026\n\nDear Chair and members of the Panel,\n\nI write in "
        "support of the appeal of Tomasz Wierzbicki. I would ask the Panel to reconsider the "
        "finding.\n\nYours sincerely,\n\nImogen Farrant\n"
    )
    assert values(ex, "addressees") == ["Academic Misconduct Appeals Panel"]
    assert values(ex, "author") == ["Imogen Farrant"]


def test_a_cells_minutes_ask_its_committee_to_support_the_cells_request():
    _letter, ex = only_letter(
        "EXTRACT FROM MINUTES No. 14\nof the general meeting of the R.C.P. cell of the depot\n\n"
        "HEARD: On the expulsion of Com. Kurdyumov, engine driver.\n\nRESOLVED:\n1. To ask the "
        "uyezd committee to support before the gubernia commission the request of the cell that "
        "the cases of Coms. Kurdyumov and Kurdyumova be re-examined and that both be restored "
        "in the Party.\n\nChairman   Shalaeva\nSecretary   Bortnik\n"
    )
    asked = {kind for kind, _by, _urgent in requests(ex)}
    assert {"intercede", "reconsider", "reinstate"} <= asked  # "Coms." ends no sentence


def test_two_signature_lines_a_web_page_ran_together_and_the_sites_word_below_them():
    _letter, ex = only_letter(
        "<html><body><p>Ural Party History Online</p><p>To the Central Committee of the R.C.P."
        "</p><p>The gubkom asks the Central Committee to look into the case of Com. Maksim "
        "Podkorytov, expelled by the ukom.</p><p>Secretary of the gubkom            L. Shestakov"
        "\nHead of the secret department      R. Abdrakhmanova</p><p>Related documents</p><ul>"
        "<li>Doc. 1921-016: Minutes of the ukom</li></ul><p>Ural Party History Online is a "
        "volunteer transcription project. Translations are ours; report errors to the editors."
        "</p></body></html>",
        "doc.html",
    )
    assert values(ex, "author") == ["L. Shestakov", "R. Abdrakhmanova"]
