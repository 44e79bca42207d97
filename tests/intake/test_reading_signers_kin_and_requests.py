"""Forms of signing, of family ties and of asking, each in a short invented letter: a signature
block set out in columns, a petition another hand signed "because of the illiteracy of" its
writer, a telegram signed after "=", a date in the Old Style alone; a writer who names herself
kin of someone through his description; Russian kin named behind an apposition; requests made
with "you may ask", by the addressee's name and patronymic, after "Com.", in the passive, and by
a Russian body whose name does not open its sentence."""

from __future__ import annotations

from commission.intake.reading.pipeline import extract, read_text
from commission.registry.kin import inverse_kin
from tests.intake.reading_checks import requests, values
from tests.intake.reading_ru.helpers import read as read_ru


def only(text, name="letter.txt"):
    letters = read_text(text, file_name=name)
    assert len(letters) == 1
    return extract(letters[0], resolve=False)


OPENING = (
    "To the Uyezd Verification Commission\n\nDear Comrades,\n\nThe cell expelled Comrade "
    "Anna Ilyinichna Kruglova for missing meetings. "
)


def test_a_signature_block_in_columns_gives_each_signer():
    ex = only(
        OPENING + "We ask the commission to restore her to the party.\n\n"
        "Chairman of the factory committee   S. Gorbunov\n"
        "Members                             Chistyakov\n"
        "Fitter of the mechanical shop, her brother-in-law   N. Kruglov\n\n9 Nov. 1921\n"
    )
    assert values(ex, "author") == ["S. Gorbunov", "Chistyakov", "N. Kruglov"]


def test_a_petition_signed_by_another_hand_because_of_illiteracy_and_dated_old_style():
    ex = only(
        "To the uyezd party committee\nfrom the widow Akulina Mokrousova\n\n"
        "My son Arseny Mokrousov was put out of the party. I beg you, comrades, take my son back "
        "into the party.\n\n17 December 1920 old style\n\nBecause of the illiteracy of Akulina "
        "Mokrousova and at her personal request, her neighbour Fyodor Yashin has signed.\n"
    )
    assert values(ex, "author") == ["Akulina Mokrousova"]
    assert values(ex, "date") == ["1920-12-30"]  # the New Style day


def test_a_telegram_signed_after_its_closing_sign():
    ex = only(
        "TELEGRAM\nFrom Yegoryevsk, uyezd committee, to Moscow gubkom.\n\n"
        "UYEZD COMMISSION EXPELLED FEDOSEYEVA STOP UKOM ASKS GUBERNIA COMMISSION REVIEW CASE "
        "STOP WIRE INSTRUCTIONS = SECRETARY UKOM KONDAKOV\n"
    )
    assert values(ex, "author") == ["Kondakov"]


def test_the_writer_kin_of_a_man_described_before_his_name_is_kin_of_the_subject():
    assert "father-in-law" in inverse_kin("daughter-in-law")
    ex = only(
        "To the Gubernia Verification Commission\n\nDear Comrade Chernykh,\n\nI, Nadezhda "
        "Korneyevna Sinitsyna, daughter-in-law of the engine-fitter of the Orenburg depot "
        "Vasily Yermolayevich Sinitsyn, write to you because my father-in-law has been "
        "expelled by the depot cell. I ask you to look at his case again.\n\nN. Sinitsyna\n"
    )
    ties = [[r["person"], r["relation"], r["of"]] for r in values(ex, "relatives")]
    assert ties == [
        ["Nadezhda Korneyevna Sinitsyna", "daughter-in-law", "Vasily Yermolayevich Sinitsyn"]
    ]
    assert values(ex, "subjects") == ["Vasily Yermolayevich Sinitsyn"]


def test_russian_kin_named_behind_an_apposition():
    ex = read_ru(
        "В губернскую проверочную комиссию\n\nОбращаюсь по делу Ракитина Павла Семёновича, "
        "исключённого из партии. За него ходатайствует его тесть, член партии с 1905 года "
        "Огнев Лука Ильич. Жену его, Марию Ракитину, мы помним девчонкой, когда она разносила "
        "листовки по заводу, где работал её отец, слесарь Николай Ракитин. Сын мой с "
        "самой Пасхи не разговаривает с Шубиным. Прошу восстановить Ракитина.\n\nИ. Петров\n"
    )
    ties = [[r["person"], r["relation"]] for r in values(ex, "relatives")]
    assert ["Огнев Лука Ильич", "father-in-law"] in ties
    assert ["Николай Ракитин", "father"] in ties
    assert not any(person == "Шубин" for person, _relation in ties)


def request_kinds(body):
    return requests(only(OPENING + body + "\n\nA. Kulikova\n3 March 1922\n"))


def test_requests_in_forms_of_asking_beyond_i_ask():
    assert request_kinds("Of this you may ask the miller Zhivotov.") == [("hear", "author", False)]
    assert request_kinds("Mikhail Ivanovich, speak for her before the Control Commission.") == [
        ("intercede", "author", False)
    ]
    assert request_kinds(
        "We ask the commission to take all this into account and to restore Com. Kruglova to "
        "the party."
    ) == [("consider_facts", "author", False), ("reinstate", "author", False)]
    assert request_kinds(
        "We ask the commission to question the foreman of the erecting shop Com. Lapin."
    ) == [("hear", "author", False)]


def test_urgency_said_of_one_request_is_not_said_of_the_one_after_and_that():
    assert request_kinds(
        "We ask that the decision to remove her be reviewed as a matter of urgency, and that "
        "you let me know the date of the hearing once it is fixed."
    ) == [("reconsider", "author", True), ("give_information", "author", False)]
    assert request_kinds("I ask the Board to review its decision.") == [
        ("reconsider", "author", False)
    ]


def test_a_russian_body_asks_in_its_own_voice_after_the_words_that_lead_in():
    for opening in (
        "На основании изложенного политотдел просит",
        "Фабзавком вместе с общим собранием рабочих просит",
    ):
        ex = read_ru(
            "В губернскую проверочную комиссию\n\nТов. Ракитин исключён из партии без всяких "
            f"оснований. {opening} губкомиссию пересмотреть решение и восстановить тов. "
            "Ракитина в партии.\n\nСекретарь Г. Лыков\n"
        )
        assert {by for _kind, by, _urgent in requests(ex)} == {"author"}


def test_a_signer_with_her_tie_in_brackets_signs_alone_and_an_illegible_one_not_at_all():
    ex = read_ru(
        "В губернскую проверочную комиссию\n\nПрошу восстановить в партии моего сына Николая "
        "Андреевича Гусева, исключённого уездной комиссией.\n\n"
        "Анна Гусева (жена Николая Гусева)\n"
    )
    assert values(ex, "author") == ["Анна Гусева"]
    assert values(ex, "subjects") == ["Николай Андреевич Гусев"]
    ex = read_ru(
        "В губернскую проверочную комиссию\n\nУком препровождает заявление гр. Лопатиной.\n\n"
        "Секретарь укома (подпись неразборчива)\n"
    )
    assert values(ex, "author") == []


def test_a_works_or_house_named_after_someone_names_no_person():
    ex = read_ru(
        "В Иваново-Вознесенскую губернскую проверочную комиссию\n"
        "Копия: ячейке РКП(б) фабрики им. Дзержинского (бывш. Гарелина)\n\n"
        "Просим восстановить тов. Мальцева, проживающего в доме Бочарова.\n\nГ. Лыков\n"
    )
    assert "Иваново-Вознесенская губернская проверочная комиссия" in values(ex, "addressees")
    named = {*values(ex, "addressees"), *values(ex, "other_people"), *values(ex, "subjects")}
    assert not named & {"Дзержинский", "Гарелин", "Гарелина", "Бочаров"}


def test_a_recommendation_under_a_signed_letter_is_the_next_document():
    letters = read_text(
        "В ячейку РКП(б) мастерских\n\nПросим принять тов. Шилова кандидатом в члены РКП(б). "
        "Прилагаем рекомендацию тов. Анохина.\n\nСекретарь ячейки РКСМ Клава Зотова\n23/I-23\n\n\n"
        "Рекомендация\n\nЯ, член РКП(б) с 1905 года, рекомендую в кандидаты партии Ивана Шилова. "
        "За Ивана ручаюсь.\n\nТ. Анохин\n20/I-23\n",
        file_name="letter.txt",
    )
    assert len(letters) == 2


def test_the_participle_after_a_name_says_whom_the_paper_is_about():
    ex = read_ru(
        "В Губернскую контрольную комиссию\n\nПрепровождается при сём заявление гр-ки Беляевой "
        "Е. П. о её муже Константине Ивановиче Беляеве, исключённом из партии Слободским "
        "укомом. Губком просит затребовать дело и о результате сообщить.\n\n"
        "За зав. орготделом - А. Вершинин\n"
    )
    assert values(ex, "subjects") == ["Константин Иванович Беляев"]
    ties = [[r["person"], r["relation"], r["of"]] for r in values(ex, "relatives")]
    assert ties == [["Беляева Е. П.", "wife", "Константин Иванович Беляев"]]


def test_an_editions_words_under_the_archive_cipher_are_the_letters_notes():
    letters = read_text(
        "В ЦКК РКП(б)\n\nПросим восстановить тов. Званцева в партии.\n\n"
        "По поручению общего собрания рабочих цеха:\n И. Ермолаев, слесарь\n С. Бычков, "
        "фрезеровщик\n\n1922 г. января 23 дня\n\nP.S. Ответ просим направить на имя т. "
        "Ермолаева.\n\nРГАСПИ. Ф. 613. Оп. 1. Д. 118. Л. 7. Подлинник. Рукопись.\n\n"
        "Письмо поступило в ЦКК 30 января 1922 г. Сведений о решении по делу в деле не "
        "обнаружено.\n",
        file_name="letter.txt",
    )
    assert "Письмо поступило" in letters[0].notes_text
    assert values(extract(letters[0], resolve=False), "author") == ["И. Ермолаев", "С. Бычков"]


def test_a_russian_telegram_signed_after_its_closing_sign_and_a_copy_line_under_a_signature():
    ex = read_ru(
        "ТЕЛЕГРАММА\nСАМАРА ГУБКОМ\n\nДЕЛО ИЛЬИНА ЯКОВА ИСКЛЮЧЕННОГО БУЗУЛУКСКОЙ ПРОВЕРКОМ "
        "НЕМЕДЛЕННО ВЫСЛАТЬ ЦКК ТЧК = ЗА ПРЕДСЕДАТЕЛЯ ЦКК ШКИРЯТОВ\n"
    )
    assert values(ex, "author") == ["Шкирятов"]
    ex = read_ru(
        "В Вологодский губком РКП(б)\n\nПрошу пересмотреть дело моего мужа, Столбова Арсения "
        "Марковича, исключённого уездной комиссией.\n\nЛ. Столбова\n3.XII.21\n\n"
        "Копия: Вологодской губернской контрольной комиссии.\n"
    )
    assert values(ex, "author") == ["Л. Столбова"]
    assert values(ex, "date") == ["1921-12-03"]


def test_more_ways_of_asking_to_speak_for_someone_and_to_look_at_a_case():
    assert request_kinds(
        "I ask you to pass my letter on to whoever needs to see it and to say a word for her."
    ) == [("intercede", "author", False)]
    assert request_kinds("Speak to Solts about her; he will listen to you.") == [
        ("intercede", "author", False)
    ]
    assert request_kinds("Request Kruglova's file from Tula at once.") == [
        ("verify", "author", True)
    ]


def test_urgency_of_a_clause_after_a_comma_and_of_doing_it_all():
    assert request_kinds(
        "I ask you to hear her yourself, and to review the decision of the cell urgently."
    ) == [("hear", "author", False), ("reconsider", "author", True)]
    assert request_kinds(
        "I ask you to look into her case again and to call her before you, and to do it "
        "without delay."
    ) == [("reconsider", "author", True), ("hear", "author", True)]


def test_a_bodys_name_in_capitals_after_an_office_names_no_person():
    ex = read_ru(
        "Председателю Всероссийского Центрального Исполнительного Комитета\n"
        "Михаилу Ивановичу Калинину\n\nГлубокоуважаемый Михаил Иванович!\n\nВнук мой исключён "
        "из партии. Прошу пересмотреть его дело.\n\nП. Дороднов\n"
    )
    assert values(ex, "addressees") == ["Михаил Иванович Калинин"]
