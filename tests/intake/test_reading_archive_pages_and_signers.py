"""Forms of a commission's mail as archives and offices set them out, each in a short invented
letter: a site's label over its transcription and its archivist's note under it; a signer named
after a dash and his standing; workers who sign one under another, one of them for a woman who
cannot write; speakers in minutes; a file's copy of the reply under a telegram; a collection's
numbered heading that says to whom a document went; and a letter of today whose writer gives her
office and qualifications under her name."""

from __future__ import annotations

from tests.intake.reading_checks import only_letter, read_letters, requests, values


def test_a_sites_transcription_label_and_archivists_note_are_not_the_letter():
    page = (
        "Regional Archive Online\n\n"
        "K. S. Yermilov recommends P. D. Lagutin to the Party\n\n"
        "Fond R-7, inventory 2, file 91, sheet 4. Handwritten, ink.\n\n"
        "Transcription (English translation)\n\n"
        "To the Ryazan Gubernia Committee of the R.C.P.(b.)\n\n"
        "I have known Pavel Denisovich Lagutin, a smith of the village of Kasimovka, for "
        "twelve years. He works well and reads the newspapers to the whole street.\n\n"
        "I consider that he may be admitted to the party as a candidate, and I give him my "
        "recommendation.\n\n"
        "Member of the R.C.P. since 1905 — K. Yermilov. 11/IX-23.\n\n"
        "Archivist's note\n\n"
        "P. D. Lagutin was admitted as a candidate member in October 1923.\n"
    )
    _letter, ex = only_letter(page)
    assert values(ex, "author") == ["K. Yermilov"]
    assert values(ex, "date") == ["1923-09-11"]
    assert values(ex, "subjects") == ["Pavel Denisovich Lagutin"]  # not the one recommending
    assert [kind for kind, _by, _urgent in requests(ex)] == ["admit"]


def test_workers_sign_one_under_another_one_for_a_woman_who_cannot_write():
    _letter, ex = only_letter(
        "To the Tula Gubernia Purge Commission\n\n"
        "We, the moulders of the foundry, have learned that our comrade Semyon Gavrilovich "
        "Lytkin has been expelled. He has worked with us nine years and never missed a shift. "
        "We ask the commission to give him back his card, and to call any of us who sign below."
        "\n\nKlimov\nA. Zhukova\nT. Rodin\n"
        "For the illiterate Darya Panova, at her request, signed T. Rodin\n"
        "Bessonov, foreman\n"
    )
    assert values(ex, "author") == ["Klimov", "A. Zhukova", "T. Rodin", "Bessonov", "Darya Panova"]


def test_speakers_in_minutes_do_not_start_letters():
    letters, extractions = read_letters(
        "MINUTES No. 6\nof the general meeting of the cell of the Proletary mill\n"
        "4 March 1922\n\nPresent: 40 members and candidates.\n\n"
        "HEARD: the case of Comrade Osipov Fyodor Lukich, weaver, absent from work.\n\n"
        "SPOKE:\n"
        "Comrade Osipov: said he had been ill and asked for one more chance.\n"
        "Comrade Belova: he has been warned twice already and should go.\n\n"
        "RESOLVED: to expel Comrade Osipov Fyodor Lukich from the R.C.P.\n\n"
        "Chairman   Tarasov\nSecretary   Belova\n"
    )
    assert len(letters) == 1
    assert values(extractions[0], "author") == ["Tarasov", "Belova"]


def test_a_telegram_and_the_files_copy_of_the_reply():
    letters, extractions = read_letters(
        "TELEGRAM\n"
        "From: Penza     No. 1187     Words 30\n"
        "To: Moscow, Central Control Commission R.C.P., to Comrade Shkiryatov\n\n"
        "Urgent. Gubernia commission expelled Gorin Pavel Ivanovich, chairman volost executive. "
        "Ask review.\n\nSecretary Gubkom Yurlov\n\n"
        "------------------------------------------------\n\n"
        "Reply. Copy of outgoing telegram, CCC, No. 71/t\n\n"
        "To Penza Gubkom, Yurlov.\n\n"
        "Case Gorin Pavel Ivanovich taken up. Send without delay purge commission's minutes "
        "and Gorin's own statement.\n\nShkiryatov. 9/XI.\n"
    )
    assert len(letters) == 2
    telegram, reply = extractions
    assert values(telegram, "addressees") == ["Central Control Commission R.C.P", "Shkiryatov"]
    assert values(reply, "addressees") == ["Penza Gubkom", "Yurlov"]
    assert values(reply, "subjects") == ["Gorin Pavel Ivanovich"]  # not "Case Gorin …"
    assert [kind for kind, _by, _urgent in requests(reply)] == ["give_information"]


def test_a_wife_greets_by_name_and_patronymic_and_an_instruction_on_her_letter():
    letters, extractions = read_letters(
        "No. 1. Letter of N. Frolova to V. V. Kuibyshev\n\n"
        "Samara, Zasamarskaya settlement\n"
        "3 March (16 March) 1918\n\n"
        "Dear Comrade Kuibyshev, Valerian Vladimirovich,\n\n"
        "My husband Ilya Petrovich Frolov, smith at the depot, in the party since 1915, in the "
        "Red Guard in October, was put out of the party by the district committee. It is a lie "
        "that he hid grain.\n\nNadezhda Frolova\n\n"
        "No. 2. Instruction of V. V. Kuibyshev, written across the top of No. 1\n\n"
        "To the Zasamarsky District Committee.\n"
        "Comrades, review your decision on I. P. Frolov and report.\n\n"
        "V. Kuibyshev. 4.III/17.III.1918\n"
    )
    assert len(letters) == 2
    letter, instruction = extractions
    assert values(letter, "addressees") == ["Kuibyshev"]  # not the settlement, not twice
    assert values(letter, "subjects") == ["Ilya Petrovich Frolov"]
    assert values(instruction, "author") == ["V. Kuibyshev"]


def test_a_collections_numbered_heading_names_the_addressee_and_the_month():
    letters, extractions = read_letters(
        "Kostroma, 1922: documents from a file\n\n* * *\n\n"
        "No. 1. Anonymous letter to the Central Control Commission\n\n"
        "Written: May 1922 (dated by the editors from the postmark)\n"
        "Source: CCC files, case 77, sheet 1.\n\n"
        'Inscription: in the upper margin, in red pencil: "To the Kostroma commission. Verify."'
        "\n\nDear comrades,\n\nThe manager of our canteen, Lavrova Olga Petrovna, feeds her own "
        "people first. Check all this. Ask the cook at the canteen, Zimina, she saw the sacks "
        "carried out.\n\nWorkers of the linen mill\n\n* * *\n\n"
        "No. 2. Reply of the Kostroma Gubernia Control Commission\n\n"
        "To the Central Control Commission, R.C.P.(b.)\n\n"
        "The commission questioned the cook Zimina and found the complaint true in part.\n\n"
        "Chairman   P. Surikov\n"
    )
    assert len(letters) == 2
    anonymous, reply = extractions
    assert values(anonymous, "addressees") == ["Central Control Commission"]
    assert values(anonymous, "date") == ["1922-05"]
    assert not letters[0].text.startswith("Inscription")  # the note on it is no part of it
    assert [kind for kind, _by, _urgent in requests(anonymous)] == ["verify", "hear"]
    assert values(reply, "addressees") == ["Central Control Commission"]  # not "R.C.P.(b.)"


def test_a_files_copy_under_its_own_heading_is_a_document_dated_by_it():
    letters, extractions = read_letters(
        "TELEGRAM\nMoscow, Central Control Commission, Solts\n"
        "From Vyatka. Received 2/V.21 10.15\n\n"
        "Urgent. Gubkom expelled chairman of the cooperative Lyskov on a kulak's statement. "
        "Ask you to intervene. Gubkom secretary Ryabinin\n\n* * *\n\n"
        "Copy of telegram sent 4 May 1921\n"
        "Vyatka, Gubkontrolkom, Ryabinin\n\n"
        "Decision not to be carried out until examined by C.C.C. Send Lyskov to Moscow with "
        "his documents. Solts\n"
    )
    assert len(letters) == 2
    assert values(extractions[1], "date") == ["1921-05-04"]
    assert values(extractions[1], "subjects") == ["Lyskov"]  # not "C. Send Lyskov"


def test_a_letter_of_today_signed_with_qualifications_and_an_office():
    _letter, ex = only_letter(
        "Private and confidential\n\n"
        "The Fitness to Practise Committee\nNational Nursing Council\n\n12 March 2025\n\n"
        "Dear Panel Members,\n\nI am writing in support of Morag Lennox, a staff nurse on my "
        "ward for six years. I would ask the panel to hear her before it decides.\n\n"
        "Yours faithfully,\nAgnes Doherty RGN\nSenior Charge Nurse, Ward 4\n"
        "Consultant Physiotherapist, Riverside Hospital\n"
    )
    assert values(ex, "author") == ["Agnes Doherty"]
    # (the body's name above the date, its "to" in lower case)
    assert values(ex, "addressees")[0] == "The Fitness to Practise Committee"


def test_an_order_on_a_short_note_names_no_addressee():
    _letter, ex = only_letter(
        "Comrade Shkiryatov,\n\nPetrova writes that her husband was struck off while in "
        "hospital.\n\nTo be verified, urgently. If the hospital confirms it, restore him.\n\n"
        "A. Solts\n"
    )
    assert values(ex, "addressees") == ["Shkiryatov"]


def test_a_petition_from_a_widow_named_surname_first_for_her_son():
    _letter, ex = only_letter(
        "To the Gubernia Purge Commission\nin Kostroma city\n\n"
        "from Lapshina Matryona, soldier's widow,\nof Sudislavl village\n\n"
        "PETITION\n\n"
        "Dear comrades of the commission I beg you about my son Ilya Petrovich Lapshin who you "
        "have throwed out of the party at the purge, he is a turner at the depot since a boy. "
        "I ask you comrades put him back in the party.\n\n"
        "Now Ilyusha goes about black in the face and dont eat.\n\n"
        "12 November 1921\n"
    )
    assert values(ex, "author") == ["Lapshina Matryona"]  # the "from" line, surname first
    assert values(ex, "subjects") == ["Ilya Petrovich Lapshin"]  # "who you have throwed out"
    named = [v for field in ("subjects", "other_people") for v in values(ex, field)]
    assert not any(v.startswith("Now ") for v in named)  # a common word opens the sentence


def test_an_appeal_of_today_against_a_suspension_in_its_own_words():
    _letter, ex = only_letter(
        "From: Tomasz Zielinski\nTo: Conduct Committee\nDate: Monday, 3 March 2025, 20:15\n"
        "Subject: Appeal against suspension\n\n"
        "Dear members of the Conduct Committee,\n\n"
        "I'm writing to appeal the decision sent to me last week, which suspends me from the "
        "forum for six months.\n\n"
        "I would ask you to review the length of the suspension. Aisha Bello chaired the meeting "
        "and I'd ask that she be heard. What I would ask the committee to weigh is the context: "
        "my father was in hospital that month.\n\nRegards,\nTomasz Zielinski\n"
    )
    assert values(ex, "subjects") == ["Tomasz Zielinski"]  # the writer appeals for himself
    kinds = [kind for kind, _by, _urgent in requests(ex)]
    assert {"reconsider", "hear", "consider_facts"} <= set(kinds)


def test_a_refusal_to_recommend_that_sends_the_commission_to_find_others():
    _letter, ex = only_letter(
        "Dear Comrade Solts,\n\nYou ask whether I will recommend citizeness M. P. Orlova to the "
        "party. I must refuse: I have not worked with her. Let her be recommended by comrades "
        "who know her work. The commission would do well to find such people.\n\n"
        "Ye. Preobrazhensky\n"
    )
    assert "find_witnesses" in [kind for kind, _by, _urgent in requests(ex)]
