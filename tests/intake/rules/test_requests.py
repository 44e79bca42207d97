"""Requests: what the author asks for and how urgently, a request the author reports on
someone's behalf, and the sentences that ask nothing."""

from __future__ import annotations

import pytest

from tests.intake.rules.letters import framed, read


def requests(sentence: str) -> list[tuple[str, str, bool]]:
    found = read(framed(sentence)).get("requests")
    return [(i.value, i.extra["by"], i.extra["urgent"]) for i in found]


def test_the_author_asks_urgently_for_reinstatement():
    sentence = "Comrade Lapina was expelled. I ask you urgently to reinstate her."

    assert requests(sentence) == [("reinstate", "author", True)]


def test_a_request_the_author_reports():
    sentence = "Comrade Lapina was expelled. She asks me to intercede for her."

    assert requests(sentence) == [("intercede", "Lapina", False)]


def test_an_order_to_question_a_witness_asks_to_hear_them():
    sentence = "Comrade Lapina was expelled from the Party. Please question Comrade Rumyantsev."

    assert requests(sentence) == [("hear", "author", False)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Comrade Lapina was expelled. I shall verify the facts myself.",  # an undertaking
        "Comrade Lapina was expelled. He should not be readmitted.",  # asks the opposite
    ],
)
def test_sentences_that_ask_nothing(sentence):
    assert requests(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Please give him a hearing.", [("hear", "author", False)]),
        ("Please question him yourself before the matter is decided.", [("hear", "author", False)]),
        ("I ask that his case be looked at again.", [("reconsider", "author", False)]),
        ("If it is so, the decision should be reviewed.", [("reconsider", "author", False)]),
        ("Perhaps this should be checked.", [("verify", "author", False)]),
        # examined again: the decision is to be reconsidered, not the facts first verified
        ("I ask the Central Commission to re-examine the case.", [("reconsider", "author", False)]),
        ("I ask that the cases of all three be re-examined.", [("reconsider", "author", False)]),
        ("Please have her case examined.", [("verify", "author", False)]),
        ("I ask you to give him back his Party card.", [("reinstate", "author", False)]),
        ("I recommend that he be admitted.", [("admit", "author", False)]),
        ("Report by wire on what grounds she was expelled.", [("give_information", "author", 0)]),
        # a commission's notice to the member, and a witness to talk to
        ("You are to appear in person and bring your documents.", [("hear", "author", False)]),
        ("You are asked to attend in person.", [("hear", "author", False)]),
        ("You are to come to the office for a talk with Com. Zinchenko.", [("hear", "author", 0)]),
        ("I would ask you to talk to her before anyone else.", [("hear", "author", False)]),
        ("Please call him and me together before the commission.", [("hear", "author", 0)]),
        (
            "The bureau for its part asks that the decision be reconsidered.",
            [("reconsider", "author", 0)],
        ),
        ("I ask the commission to weigh these facts.", [("consider_facts", "author", False)]),
        # a minutes' orders
        ("Resolved: Com. Kaplun, Ye. S., to be reinstated.", [("reinstate", "author", False)]),
        (
            "1. Com. Zinchenko to verify the statement, questioning the storekeeper Com. Glazunov.",
            [("verify", "author", False), ("hear", "author", False)],
        ),
    ],
)
def test_the_forms_a_request_takes_in_notes_and_telegrams(sentence, expected):
    assert requests(sentence) == expected


def test_a_telegram_marked_urgent_on_its_own_line_makes_its_requests_urgent():
    sentence = "Comrade Glushko was expelled. Request you review the decision.\nUrgent."

    assert requests(sentence) == [("reconsider", "author", True)]


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("I ask the Central Commission to look at her case again.", "reconsider"),
        ("The cell asks the Gubernia Commission to take up the case of Comrade Lapina again.",
         "reconsider"),
        ("If this is right, her case must be reheard.", "reconsider"),
        ("Please call Lapina and two of the signatories to your sitting.", "hear"),
        ("If she is what she says, she should be heard by the Commission.", "hear"),
        ("Please ask the Baku comrades who knew her.", "find_witnesses"),
        ("Please let the Commission know what you remember of her.", "give_information"),
        ("Send me a few lines on what the file says about her.", "give_information"),
        ("I particularly ask to be informed of where she is assigned.", "give_information"),
        ("We ask the commission to check these facts.", "verify"),
        ("Give instructions, please, for a very strict check-up.", "verify"),
        ("I request that you show her full trust and give her every assistance.", "intercede"),
        ("I therefore consider it my duty to support her request.", "intercede"),
        ("Please take the case into the Central Commission and restore her.", "reinstate"),
    ],
)  # fmt: skip
def test_a_request_in_the_words_letters_use(sentence, kind):
    assert kind in [k for k, _by, _urgent in requests(sentence)]


def test_a_request_made_twice_is_one_and_urgent_if_either_was():
    sentence = "Wire urgently the grounds for her expulsion. Send the whole file by courier."
    assert requests(sentence) == [("give_information", "author", True)]


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("I ask you to look into her case again.", "reconsider"),
        ("Do not refuse to receive her and hear her out.", "hear"),
        ("I ask the bureau to check the storeroom books.", "verify"),
        ("Verify the denunciation and report to the Central Control Commission.",
         "give_information"),
        ("Ask Ostapenko what he knows.", "give_information"),
    ],
)  # fmt: skip
def test_more_ways_of_asking(sentence, kind):
    assert kind in [k for k, _by, _urgent in requests(sentence)]


def test_looking_into_a_case_again_is_not_also_a_verification():
    assert [k for k, _by, _u in requests("I ask you to look into her case again.")] == [
        "reconsider"
    ]


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Comrade Lapina was expelled. Have it verified.", "verify"),
        ("Comrade Lapina was expelled. Please have this looked into.", "verify"),
        ("Comrade Lapina was expelled. Please see to it that the case is gone into.", "verify"),
        ("We ask the commission to take a look at our communist Lapina.", "verify"),
        ("Comrade Lapina was expelled. I beg you, put her back in the Party.", "reinstate"),
        ("Comrade Lapina was expelled. I request a review of the decision.", "reconsider"),
        (
            "Comrade Lapina was expelled. If you doubt it, look for the comrades who were with "
            "her at the mill.",
            "find_witnesses",
        ),
        ("Comrade Lapina was expelled. We ask you to find her work in the district.", "intercede"),
        (
            "Comrade Lapina was expelled. Find out from Petrov what has become of her case.",
            "give_information",
        ),
        ("Comrade Lapina was expelled. The cell asks the commission to examine it.", "verify"),
    ],
)
def test_orders_given_through_others_and_after_a_condition(sentence, kind):
    assert (kind, "author", False) in requests(sentence)


def test_a_recommendation_from_a_writer_who_introduces_himself():
    sentence = (
        "I, Ivan Kuzmin, member of the R.C.P. since 1912, Party card No. 4417, recommend "
        "Comrade Lapina for admission to the Party."
    )
    assert requests(sentence) == [("admit", "author", False)]


def test_a_reported_wish_to_appear_before_the_commission():
    sentence = (
        "Comrade Lapina was expelled. Her husband came to see me; he asks that she be allowed "
        "to appear before the commission."
    )
    [(kind, by, _urgent)] = requests(sentence)
    assert kind == "hear"
    assert by != "author"


def test_one_urgent_standing_alone_makes_every_request_of_a_note_urgent():
    sentence = "Comrade Lapina was expelled. Please look into her case. Urgent."
    assert requests(sentence) == [("verify", "author", True)]


def test_urgency_said_of_one_request_is_not_said_of_the_next():
    found = requests("Please look into the case at once, and find out who else knew her in Perm.")
    urgent = {kind: urgent for kind, _by, urgent in found}
    assert (urgent["verify"], urgent["find_witnesses"]) == (True, False)


def test_a_sentence_saying_it_is_urgent_makes_the_request_before_it_urgent():
    found = requests("I ask you to reinstate her. It is urgent: the works will dismiss her.")
    assert ("reinstate", "author", True) in found


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Please restore his membership.", "reinstate"),
        ("Return him his party card.", "reinstate"),
        ("I ask you to overturn the decision.", "reinstate"),
        ("Reinstatement is requested.", "reinstate"),
        ("I ask that his expulsion be reviewed.", "reconsider"),
        ("I appeal against my expulsion.", "reconsider"),
        ("Consider his case again.", "reconsider"),
        ("I ask for a fair hearing.", "hear"),
        ("Check what he did in 1918.", "verify"),
        ("Get the facts about him from the Tula committee.", "verify"),
        ("Do what you can for him.", "intercede"),
        ("I ask you to give him work.", "intercede"),
        ("Be so kind as to reply.", "give_information"),
    ],
)
def test_requests_restore_overturn_appeal_check_and_reply(sentence, kind):
    found = requests("Comrade Lapina was expelled in October. " + sentence)
    assert (kind, "author", False) in found


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Please see to it that she is heard, and let me know the outcome.", "hear"),
        ("Please see to it that Vedernikov is called and heard before any decision.", "hear"),
        ("If they do not believe me, let them ask Yevdokia Ryzhova, who knows how he served.",
         "hear"),
        ("If the hospital confirms it, restore her.", "reinstate"),
        ("To be verified, urgently.", "verify"),
        # a resolution's order with the person first
        ("Lapina to be summoned and heard.", "hear"),
        ("Comrade Lapina and Gusev to be heard together.", "hear"),
        ("Her husband's file to be sent for.", "verify"),
    ],
)  # fmt: skip
def test_more_forms_a_request_takes(sentence, kind):
    assert kind in [k for k, _by, _urgent in requests(sentence)]


def test_a_plan_is_no_order():
    found = requests("Comrade Lapina was expelled in October. Her appeal is to be heard on 10 May.")
    assert "hear" not in [k for k, _by, _urgent in found]


def test_requests_listed_by_number_reported_proposals_and_a_file_to_return():
    from tests.intake.rules.letters import read as read_letter

    text = (
        "Comrades,\n\nI consider the decision wrong, and I ask the CCC to review it.\n\nI ask:\n"
        "1. that Comrades Lyubin and Orekhova be questioned;\n2. that the cell be asked who else "
        "can speak about my work.\n\nComrade Lagutin proposes that your commission hear "
        "both Gurvich and Sokolinsky. We also ask you to return to us Gurvich's personal file. "
        "Ask any of the old depot hands who served here.\n\nT. Zharikov\n"
    )
    kinds = {(i.value, i.extra["by"] == "author") for i in read_letter(text).get("requests")}
    assert {
        ("reconsider", True),
        ("hear", True),
        ("find_witnesses", True),
        ("hear", False),
        ("give_information", True),
    } <= kinds


def test_requests_read_from_an_outside_letter():
    from tests.intake.rules.letters import framed, read

    text = framed(
        "Comrade Nestorenko was expelled without being summoned. I ask the Central Control "
        "Commission to request his file from Orel, and to inform the political department of "
        "the brigade of its decision."
    )
    kinds = [item.value for item in read(text).get("requests")]
    assert "verify" in kinds
    assert "give_information" in kinds
    assert "hear" not in kinds  # "without being summoned" asks for nothing


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Please send us, within two weeks, Bulygin's personal file.", "give_information"),
        (
            "Please also find out which of the old Party members of Slobodskoi knew Bulygin.",
            "find_witnesses",
        ),
        ("If you doubt me, ask the workers of our shop cell.", "find_witnesses"),
        (
            "We ask you to hear the comrades of the cell, Comrades Semyon Lyubimov and Vera "
            "Kostromina.",
            "hear",
        ),
    ],
)
def test_more_requests_read_from_an_outside_letter(sentence, kind):
    from tests.intake.rules.letters import framed, read

    text = framed("Comrade Bulygin was expelled by the Verification Commission. " + sentence)
    assert kind in [item.value for item in read(text).get("requests")]


@pytest.mark.parametrize(
    ("sentence", "kinds"),
    [
        ("I ask that Bashkirov be checked.", ["verify"]),
        ("I ask that the case be requested from Kaluga and looked into.", ["verify"]),
        ("I ask the Commission to take up her case.", ["verify"]),
        ("Please also question the chairwoman of the mill committee, Comrade Nosova.", ["hear"]),
        ("I ask that Comrade Chugunov be asked.", ["hear"]),
        ("Please send the reply to the address below.", ["give_information"]),
        ("I ask you to report within a week on the grounds of the decision.", ["give_information"]),
    ],
)
def test_further_ways_of_asking(sentence, kinds):
    assert [kind for kind, _by, _urgent in requests(sentence)] == kinds


def test_a_commission_writing_of_itself_asks_in_its_own_voice():
    sentence = "The Gubernia Control Commission asks you to report within a week on the facts."

    assert requests(sentence) == [("give_information", "author", False)]


@pytest.mark.parametrize(
    ("sentence", "kinds"),
    [
        # a body named in the sentence before, asking as "It"
        (
            "The bureau finds no grounds for the expulsion. It asks the Commission to summon "
            "him and hear him.",
            ["hear"],
        ),
        ("I ask you to strike out my husband's expulsion.", ["reinstate"]),
        ("I ask you to withdraw the expulsion.", ["reinstate"]),
        ("I ask the Commission to check the accounts of the cooperative shop.", ["verify"]),
        ("Please have the Orel file of P. Kozlov requested.", ["verify"]),
        ("We await your instructions whether to hand over the office.", ["give_information"]),
        ("I ask that the workers of the smithy be asked about her.", ["find_witnesses"]),
        ("I ask that she be allowed to appear before the Commission.", ["hear"]),
        ("Please send us the certificate of the village soviet.", ["give_information"]),
        ("I ask that the minutes of both meetings be sent to us.", ["give_information"]),
        ("I ask the Bureau to admit Comrade Shatrov to full membership.", ["admit"]),
        ("Ask the stoker Luka Demidov, he saw it all.", ["hear"]),
        ("Write to me what has been decided.", ["give_information"]),
    ],
)
def test_ways_of_asking_read_in_the_words_of_any_letter(sentence, kinds):
    assert [kind for kind, _by, _urgent in requests(sentence)] == kinds


@pytest.mark.parametrize(
    ("sentence", "kinds"),
    [
        # a hearing already fixed is no request to hear her
        ("I ask you to tell me the day on which her case will be heard.", ["give_information"]),
        # an address to write to is no request for information
        ("Write to me at: village of Lipki, Kozlov uyezd.", []),
        # a fact told inside a request: he was admitted long ago
        ("I ask you to take into account that he was admitted in 1917.", ["consider_facts"]),
    ],
)
def test_what_a_request_sentence_also_says_is_not_asked(sentence, kinds):
    assert [kind for kind, _by, _urgent in requests(sentence)] == kinds


def test_the_authors_resolution_to_ask_another_body_is_the_authors_request():
    sentence = (
        "Resolved: to summon Comrade Gruzdev and hear him; to ask the Gubernia Commission "
        "to check the appointments in the warehouse."
    )

    assert ("verify", "author", False) in requests(sentence)


def test_a_telegram_asks_without_a_full_stop_before_its_request():
    text = framed(
        "UYEZDKOM ASKS REVIEW DECISION STOP SENDING MEMBER GORSHKOV WITH DOCUMENTS REQUEST "
        "HEAR HIM STOP"
    )
    found = [(i.value, i.extra["by"]) for i in read(text).get("requests")]
    assert ("reconsider", "author") in found
    assert ("hear", "author") in found


@pytest.mark.parametrize(
    ("sentence", "kinds"),
    [
        ("I beg the commission to look into my husband's case once more.", ["reconsider"]),
        ("I ask that my case be examined afresh.", ["reconsider"]),
        ("I ask you to have my case sent for from Orel and looked into.", ["verify"]),
        ("I would be very grateful if the Commission would review the decision.", ["reconsider"]),
        ("Only let me know whether my letter has reached you.", ["give_information"]),
        ("The bureau asks that her son be admitted as a candidate member.", ["admit"]),
        ("Comrade Ragozin knows him well; please have him questioned.", ["hear"]),
        ("Call in Comrade Darya Bubnova and ask her.", ["hear"]),
        ("Please ask his comrades at the depot.", ["find_witnesses"]),
        ("I ask you to question those who worked with him in 1919.", ["find_witnesses"]),
        ("I ask you to make inquiries at the works.", ["find_witnesses"]),
        (
            "The bureau forwards herewith an extract from minutes No. 14 and asks the commission "
            "to re-examine the case.",
            ["reconsider"],
        ),
    ],
)
def test_requests_in_the_words_of_petitions_references_and_covering_notes(sentence, kinds):
    assert [kind for kind, _by, _urgent in requests(sentence)] == kinds


def test_urgent_as_a_sentence_of_its_own_in_a_telegrams_paragraph_makes_all_urgent():
    text = framed("Moscow, Central Control Commission, to Solts. Urgent. Request hear him.")
    assert [(i.value, i.extra["urgent"]) for i in read(text).get("requests")] == [("hear", True)]


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Comrade Lapin was expelled. Give my son back his place in the Party.", "reinstate"),
        ("Comrade Lapin was expelled. If he is clean, let them give him back his card.",
         "reinstate"),
        ("Comrade Lapin was expelled. Demand from Tver at once the file of Lapin.", "verify"),
        ("Comrade Lapin was expelled. I ask that the file be demanded from Tver.", "verify"),
        ("The letter about Comrade Lapin is forwarded to you for examination.", "verify"),
        ("Comrade Lapin was expelled. I ask that his organiser be called and questioned.",
         "hear"),
        ("Comrade Lapin was expelled. Please restore him to the Party after hearing him.",
         "hear"),
        ("Comrade Lapin was expelled. We should be glad to learn the Commission's decision.",
         "give_information"),
        ("Comrade Lapin was expelled. I ask that the statement be considered together with "
         "the minutes.", "consider_facts"),
    ],
)  # fmt: skip
def test_more_of_the_words_a_request_is_made_in(sentence, kind):
    assert kind in [k for k, _by, _urgent in requests(sentence)]


def test_a_result_to_be_reported_to_someone_who_asked_for_it():
    sentence = "Comrade Lapin was expelled. Kalinin asks that the result be reported to him."

    assert ("give_information", "Kalinin", False) in requests(sentence)


def test_points_listed_under_a_request_a_refusal_and_a_body_by_its_letters():
    from tests.intake.rules.letters import read as read_letter

    ex = read_letter(
        "To the Appeals Panel\n\nMs Priya Rao was removed from membership in January.\n\n"
        "Could the Panel please:\n\n  1. ask the branch treasurer for the ledger, so that the "
        "payments can be checked; and\n  2. hear Ms Rao at the April sitting.\n\nD. Okafor\n"
    )
    assert {i.value for i in ex.get("requests")} == {"verify", "hear"}
    assert "reinstate" not in [
        k
        for k, _by, _u in requests(
            "Comrade Lapina was expelled. I neither ask you to reinstate her nor object to it; I "
            "ask only that you hear her."
        )
    ]
    found = requests(
        "Comrade Lapina was expelled. The CCC asks you to send by 15 December the file of "
        "Comrade Lapina."
    )
    assert ("give_information", "author", False) in found


def test_more_ways_to_ask_that_those_who_knew_her_be_found():
    for sentence in (
        "The gubernia committee is also asked to find out which comrades worked with her in "
        "the underground in 1919.",
        "It would be well also to find out who else in the organisation knew her in 1918.",
        "I ask you to look into it, and not only to ask the bureau: ask the women of the "
        "sorting shop, they will tell you.",
    ):
        found = requests("Comrade Lapina was expelled in October. " + sentence)
        assert "find_witnesses" in [k for k, _by, _u in found], sentence
