"""How a page's own lines are told from its documents, and given names from other words, each
form in a short invented letter: an edition's "Published in:" and "Licence:" fields, its notes
under a rule, a site's "Posted by" line, footer and list of related pages, a numbered heading
"Reference by …", a minutes' extract and a letterhead opened by the party's name under a signed
letter, the old spelling's sender and address lines, an inscription said to be written on the
letter; a Russian given name in English letters that no list holds, a pseudonym in brackets, an
everyday form of a name."""

from __future__ import annotations

from commission.intake.reading import lexicon as lx
from commission.registry.cyrillic import latin_given_name
from commission.registry.names import given_name_keys
from tests.intake.reading_checks import only_letter as only
from tests.intake.reading_checks import read_letters as read
from tests.intake.reading_checks import values

LETTER_EN = (
    "To the Central Control Commission\n\nDear Comrades,\n\nThe cell of the depot expelled "
    "Comrade Trofim Ilyich Zhukov for drunkenness. I have known him since 1917 and ask that "
    "his case be looked into.\n\nA. Kulikova\n3 March 1922\n"
)


def test_an_editions_fields_and_its_notes_under_a_rule_are_not_documents():
    page = (
        "[Main page](/) > [Letters](/letters) > Letter of A. Kulikova\n\n"
        "# Letter of A. Kulikova\n\nWritten: 3 March 1922\n"
        "Source: *Letters to the Commission*, vol. 2, pp. 12–13.\n"
        "Translated: volunteers, from the edition.\nTranscription/Markup: this page.\n"
        "Licence: the translation is released under an open licence.\n\n---\n\n"
        + LETTER_EN.replace("looked into.", "looked into.[^1]")
        + "\n---\n\n## Notes\n\n[^1]: By the decision of 2 May 1922 T. I. Zhukov was "
        "reinstated in the party.\n\nInscription across the top, in Solts's hand: \"Look into "
        'it. A. Solts."\n\n## See also\n\n* [Letters of 1922](/letters/1922)\n\n---\n'
        "*This page was last edited on 2 February 2019. Text is available under an open "
        "licence.*\n"
    )
    letter, ex = only(page, "page.md")
    assert letter.text.startswith("To the Central Control Commission")
    assert [o["outcome"] for o in values(ex, "outcomes")] == ["reinstated"]


def test_a_sites_posted_line_footer_and_related_pages_are_no_documents():
    page = (
        "<html><body><h1>Appeal for T. I. Zhukov</h1>"
        "<p>Posted by the secretary on 4 March 1922 with the writer's consent.</p>"
        + "".join(f"<p>{p}</p>" for p in LETTER_EN.split("\n\n"))
        + "<h2>Related</h2><ul><li>Rules of the depot cell</li><li>How to appeal</li></ul>"
        "<p>© 2022 The depot archive. All rights reserved.</p></body></html>"
    )
    letter, ex = only(page, "page.html")
    assert "Posted by" not in letter.text
    assert "How to appeal" not in letter.text
    assert values(ex, "author") == ["A. Kulikova"]


def test_a_numbered_reference_by_its_writer_under_a_letters_notes_is_the_next_document():
    page = (
        "# Two documents on the case of T. I. Zhukov\n\n## 1. Statement of A. Kulikova\n\n"
        + LETTER_EN
        + '\n*Inscription in the corner:* "To Com. Solts. Look into it."\n\n'
        "## 2. Reference by P. Gusev\n\nREFERENCE\n\nI have known Trofim Zhukov since 1905 and "
        "vouch for him; I ask that he be restored to the party.\n\nP. Gusev 20.III.22\n"
    )
    letters, extractions = read(page, "page.md")
    assert len(letters) == 2
    assert values(extractions[1], "author") == ["P. Gusev"]


def test_a_minutes_extract_under_a_signed_reference_is_the_next_document():
    text = (
        "В Вятскую губернскую проверочную комиссию\n\nБюро ячейки просит оставить тов. Жукова "
        "в партии: работник он честный и добросовестный.\n\nСекретарь бюро Т. Мокеева\n"
        "15/IX-21\n\n\nВыписка из протокола № 41\nзаседания Вятской губернской проверочной "
        "комиссии\nот 19 сентября 1921 г.\n\nСлушали: дело члена РКП(б) Жукова Трофима "
        "Ильича.\n\nПостановили: вызвать тов. Жукова и выслушать.\n\n"
        "Верно: секретарь комиссии Л. Ашихмина\n"
    )
    letters, extractions = read(text)
    assert len(letters) == 2
    assert values(extractions[1], "date") == ["1921-09-19"]


def test_a_letterhead_opened_by_the_partys_name_under_a_signed_letter_is_the_reply():
    text = (
        "В Пензенскую губернскую контрольную комиссию\n\nПрошу пересмотреть дело моего мужа, "
        "Жукова Трофима Ильича, исключённого уездной комиссией.\n\nА. Жукова\n"
        "28 ноября 1921 г.\n\n\nРКП(б)\nПензенская губернская контрольная комиссия\n"
        "7/XII-21 г.\n№ 2210\n\nГр. Жуковой А.\n\nНа Ваше заявление сообщаем, что дело будет "
        "слушаться 15 декабря.\n\nСекретарь губКК И. Чубарова\n"
    )
    letters, extractions = read(text)
    assert len(letters) == 2
    assert values(extractions[1], "author") == ["И. Чубарова"]


def test_the_old_spellings_sender_and_address_lines_are_the_heading():
    text = (
        "Предсѣдателю Губернской Контрольной Комиссіи\n\n"
        "Отъ Порфирія Саввича Дороднова, бывшаго народнаго учителя.\n"
        "Адресъ: Ярославской губерніи, Даниловскаго уѣзда, село Покровское.\n\n"
        "Глубокоуважаемый товарищъ!\n\nВнукъ мой, Алексѣй Дороднов, исключенъ изъ партіи. "
        "Прошу пересмотрѣть его дѣло.\n\nП. Дородновъ\n20 февраля 1920 г.\n"
    )
    letter, _ex = only(text)
    assert letter.text.startswith("Предсѣдателю")


def test_an_inscription_said_to_be_written_on_the_letter_under_a_rule_is_its_note():
    page = (
        "В Центральную контрольную комиссию\n\nТоварищи!\n\nПрошу пересмотреть моё дело: "
        "меня исключили без всякой проверки.\n\nГ. Мелентьев[^2]\n\n---\n\n"
        "**Резолюция на первом листе:** Тов. Шкирятову. Затребовать дело и доложить. "
        "Ем. Ярославский[^1]\n\n[^1]: Резолюция написана карандашом.\n"
        "[^2]: Восстановлен в партии в 1924 г.\n\n"
        "*Публикуется впервые. Орфография приведена к современным нормам.*\n"
    )
    letter, _ex = only(page, "page.md")
    assert "Шкирятову" in letter.notes_text


def test_a_russian_given_name_in_english_letters_is_read_from_the_dictionary():
    assert latin_given_name("Kliment") == "male"
    assert latin_given_name("Faina") == "female"
    assert latin_given_name("Kuzma") == "male"  # "Кузьма": the soft sign English drops
    assert latin_given_name("Moscow") is None
    assert "lukerya" in lx.GIVEN_NAMES
    assert "lukerya" in lx.FEMALE_GIVEN
    # an English word this common is no name however it reads in Cyrillic
    assert "army" not in lx.GIVEN_NAMES


def test_a_given_name_no_list_holds_makes_its_surname_a_name():
    _letter, ex = only(
        "To the Uyezd Commission\n\nComrades,\n\nThe cell expelled Kliment Vorona, a fitter, "
        "for missing meetings. I ask you to look into his case.\n\nA. Kulikova\n"
    )
    assert values(ex, "subjects") == ["Kliment Vorona"]


def test_a_pseudonym_in_brackets_and_quotes_is_the_same_person():
    _letter, ex = only(
        "To the Central Control Commission\n\nComrade Lidia Petrovna Vetrova (Party pseudonym "
        '"Marta") writes that she has been expelled. I have known her since 1905; I ask that '
        "her case be looked into.\n\nA. Kulikova\n"
    )
    subjects = ex.fields["subjects"]
    assert [s.value for s in subjects] == ["Lidia Petrovna Vetrova"]
    assert subjects[0].extra.get("aliases") == ["Marta"]


def test_an_everyday_form_of_a_name_joins_the_full_name_and_yields_to_it():
    assert "leonid" in given_name_keys("Lyonya", everyday=True)  # "Лёня": ё written "yo"
    _letter, ex = only(
        "To the Uyezd Commission\n\nComrades,\n\nMy son Grigory Sorokin was expelled. His wife "
        "Anna, Nyura as we call her, is a good girl. But her brother, Fedot Lapshin, keeps a "
        "shop. I ask you to review the case.\n\nP. Sorokina\n"
    )
    ties = [[r["person"], r["relation"], r["of"]] for r in values(ex, "relatives")]
    assert ["Anna", "wife", "Grigory Sorokin"] in ties


def test_half_and_step_brothers_and_sisters_are_kin_of_their_own():
    _letter, ex = only(
        "To the Uyezd Commission\n\nComrades,\n\nI, Arseny Lebedev, was expelled for my "
        "stepfather's farm. His sons, my stepbrothers Ignat and Kuzma Gusev, work the land with "
        "him. My half-brother Lavrenty serves in the Red Army. I ask you to review my case.\n\n"
        "A. Lebedev\n"
    )
    ties = {(r["person"], r["relation"]) for r in values(ex, "relatives")}
    assert ("Lavrenty", "half-brother") in ties
    assert {relation for _person, relation in ties} >= {"stepbrother", "half-brother"}
