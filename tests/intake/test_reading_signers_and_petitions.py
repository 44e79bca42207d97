"""Who signs and to whom, each on a short invented letter: a date and a name set apart by em
spaces on one line, with the writer's workplace under it; a collective letter's signers grouped
by their standing, with where to reply under them; a peasant's petition to the All-Russian
Elder, written "the 3 day of December" and signed for her at her own request; and the first
document under a journal's introduction, headed with who wrote to whom."""

from __future__ import annotations

from tests.intake.reading_checks import only_letter, requests, values


def test_a_date_and_a_name_set_apart_by_em_spaces():
    _letter, ex = only_letter(
        "To the Central Committee of the RCP\n\n"
        "I report that the chairman of the food committee, Comrade Ignat Savelyevich Lomov, "
        "takes the last grain from widows and feeds it to his own horses. I ask that it be "
        "checked by a comrade from the centre.\n\n"
        "14.X.1920\u2003\u2003P. Ryabtsev\n"
        "Livny, railway depot, boiler shop\n"
    )
    assert values(ex, "author") == ["P. Ryabtsev"]
    assert values(ex, "date") == ["1920-10-14"]


def test_signers_by_their_standing_over_where_to_reply():
    _letter, ex = only_letter(
        "To the Central Control Commission\n\n"
        "We, the workers of the Kolomna wagon shops, ask the Commission to return to the party "
        "our comrade Matvei Lukich Sorokin, expelled for standing at his mother's funeral.\n\n"
        "Members of the RCP: V. Glukhov, T. Zimin\n"
        "Non-party: A. Pronina, K. Safonov\n"
        "[followed by 30 signatures]\n\n"
        "Reply to: Kolomna, wagon shops, cell bureau, for Glukhov\n"
    )
    assert values(ex, "author") == ["V. Glukhov", "T. Zimin", "A. Pronina", "K. Safonov"]


PETITION = """To the All-Russian Elder comrade Kalinin Mikhail Ivanovich in Moscow
from the peasant woman Darya Semyonovna Kholina widow of the village of Ozerki

Petition

i bow down to you comrade Kalinin and ask you to stand up for my son Yakov Kholin
who they put out of the party this autumn he went to the red army of his own will
and was wounded and the cell secretary says he is a kulak but we have one horse
and that one old so i ask you to give him back his card
written the 3 day of December 1921

for the illiterate Darya Kholina at her own request signed by Ilya Petrovich Somov
"""


def test_a_petition_to_the_all_russian_elder_signed_for_her():
    _letter, ex = only_letter(PETITION)
    assert values(ex, "author") == ["Darya Kholina"]
    assert values(ex, "addressees") == ["Kalinin Mikhail Ivanovich"]
    assert values(ex, "date") == ["1921-12-03"]
    assert values(ex, "subjects") == ["Yakov Kholin"]
    # her own "i ask you comrade Kalinin …", not a request of the man she greets
    assert requests(ex)
    assert all(by == "author" for _kind, by, _urgent in requests(ex))


def test_the_first_document_under_an_introduction_keeps_its_heading():
    _letter, ex = only_letter(
        "# Letters of 1924\n\n"
        "The letters below are kept in the file of the district commission; we publish the "
        "first of them in full.\n\n"
        "---\n\n"
        "## T. S. Kulikova to Matvei Shkiryatov\n\n"
        "**Moscow, 3 March 1924**\n\n"
        "Dear Comrade Shkiryatov,\n\n"
        "My husband, Pavel Ilyich Kulikov, was expelled by the district commission because my "
        "mother trades at the market. I ask you to let him be heard himself.\n\n"
        "T. Kulikova\n",
        "letters.md",
    )
    assert values(ex, "addressees") == ["Shkiryatov"]
    assert values(ex, "date") == ["1924-03-03"]


def test_a_letter_spelt_by_ear_for_the_attention_of_a_commissioner():
    _letter, ex = only_letter(
        "Kemerovo, Siberia\n"
        "Febuary 3 1924\n\n"
        "To the Central Controll Comission\n"
        "Moscow\n\n"
        "Attention Comrade Solts\n\n"
        "Dear Comrades,\n\n"
        "I write about Comrade Frank Kovach who was expeled from the party by our cell for "
        "drunkeness. I ask the Comission to look at his case again.\n\n"
        "Fratenally yours\n\n"
        "Joseph Hrabek\n"
        "Kemerovo mine, Barrack No 4, Kuzbas Colony\n"
    )
    assert values(ex, "author") == ["Joseph Hrabek"]
    assert values(ex, "addressees") == ["Central Controll Comission", "Solts"]
    assert values(ex, "date") == ["1924-02-03"]


def test_witnesses_offered_and_someone_sent_to_check():
    _letter, ex = only_letter(
        "To the Central Control Commission\n\n"
        "We, workers of the Kimry tannery, report that our director, Semyon Lukich Rozhnov, "
        "drinks with the Nepmen and sells the factory's leather on the side. The workers of "
        "the cutting shop will all say the same if you ask them. We ask you to send a man "
        "from Moscow to check, and not from Tver.\n\n"
        "Workers of the tannery\n"
    )
    kinds = {kind for kind, _by, _urgent in requests(ex)}
    assert {"find_witnesses", "verify"} <= kinds


def test_my_husband_is_named_then_expelled_by_a_commission_under_its_chairman():
    _letter, ex = only_letter(
        "Dear Comrade Yaroslavsky,\n\n"
        "My husband is Aleksei Dmitrievich Korovin, a student of the third year, member of the "
        "party since 1916. In February the commission of the district, under the chairmanship "
        "of Comrade Gorelov, expelled him as a petty-bourgeois element.\n\n"
        "I ask you to let my husband be heard himself.\n\n"
        "M. Korovina\n"
    )
    assert "Aleksei Dmitrievich Korovin" in values(ex, "subjects")
    assert "Gorelov" not in values(ex, "subjects")


def test_an_anonymous_denunciation_of_one_who_calls_himself_a_communist():
    _letter, ex = only_letter(
        "To the Central Control Commission\n\n"
        "We, workers of the Kimry tannery, bring to your notice that our director, Rozhnov "
        "Semyon Lukich, who calls himself a communist, is no communist but a master of the old "
        "sort. He threw out into the street Comrade Fedotov, who spoke against him.\n\n"
        "Workers of the tannery\n"
    )
    assert values(ex, "subjects") == ["Rozhnov Semyon Lukich"]
