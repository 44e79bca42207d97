"""How documents sit on a page: an archive's bracketed word on a copy, a register's title over
a rule of dots, a paragraph's line that opens on a name, a collection's numbered documents
with their dates between number and greeting, minutes under a number."""

from __future__ import annotations

from commission.intake.reading import read_text
from tests.intake.reading_checks import read_page, values


def test_an_archives_bracketed_word_on_an_unsigned_copy_names_its_writer():
    text = (
        "[Typewritten copy, unsigned. In the register of incoming papers it is entered\n"
        "under No. 1893 as from S. N. Tereshchenko, military commissar of the 2nd Brigade.\n"
        "Date of receipt not entered.]\n\n"
        "March 1922\n\n"
        "To the Central Control Commission of the R.C.P.\n\n"
        "Red Army man Grigory Fomich Nestorenko has been expelled by the Orel Uyezd\n"
        "Verification Commission in his absence. I ask the Commission to request his file.\n"
    )
    (letter,) = read_page(text)
    assert values(letter, "author") == ["S. N. Tereshchenko"]
    assert values(letter, "date") == ["1922-03"]


def test_a_registers_title_over_a_rule_of_dots_is_the_pages():
    message = (
        "TELEPHONE MESSAGE No. {n}\n\n"
        "Received: 7.XI.1921, 14 h. 35 m.\n"
        "From: Petrograd, Gubernia Committee R.C.P., Comrade Zalutsky\n\n"
        "{body}\n\n"
        "Zalutsky\n\n"
    )
    text = (
        "CENTRAL CONTROL COMMISSION R.C.P.\n"
        "Register of telephone messages, November 1921 (typewritten copies)\n\n"
        + "." * 60
        + "\n\n"
        + message.format(
            n=58,
            body="The Commission asks that the file of Rakitina, weaver at the Thornton mill, "
            "be returned urgently.",
        )
        + "." * 60
        + "\n\n"
        + message.format(
            n=61,
            body="Comrade Solts asks that Rakitina be heard in person at the sitting of the "
            "Commission.",
        )
    )
    assert len(read_page(text)) == 2


def test_a_paragraphs_line_that_opens_on_a_name_is_no_greeting():
    text = (
        "To the Central Control Commission of the R.C.P.\n\n"
        "The Uyezd Committee informs you that Comrade Fyodor Zvyagin was expelled by the\n"
        "Gubernia Verification Commission. This is confirmed by two men of his village.\n"
        "Comrade Zvyagin himself carried out the grain levy in the volost in 1920\n"
        "and 1921 in full. We ask the Commission to re-examine the decision.\n\n"
        "For the Secretary of the Uyezd Committee\nI. Ryabtsev\n"
    )
    assert len(read_page(text)) == 1


def test_a_collections_numbered_documents_with_dates_under_their_numbers():
    text = (
        "The case of A. D. Tikhonov\n\n"
        "No. 118. Statement of the bureau of the cell to the Gubernia Verification Commission\n\n"
        "September 9, 1921\n\n"
        "To the Pskov Gubernia Verification Commission of the R.C.P.\n\n"
        "The bureau of the cell considers the charges brought against Comrade Arkhip\n"
        "Danilovich Tikhonov to be without foundation and asks the Commission to hear him.\n\n"
        "Chairman Ye. Golubev\n\n"
        "No. 119. From the minutes of the meeting of the Gubernia Verification Commission\n\n"
        "September 16, 1921\n\n"
        "Heard: 7. The case of Comrade A. D. Tikhonov, turner of the railway workshops.\n\n"
        "Resolved: To expel A. D. Tikhonov from the R.C.P. as having concealed his past.\n\n"
        "Chairman of the Commission P. Shtykov\n"
    )
    letters = read_page(text)
    assert len(letters) == 2
    assert values(letters[0], "date") == ["1921-09-09"]
    assert values(letters[1], "date") == ["1921-09-16"]


def test_a_label_alone_over_a_note_below_the_letter_parts_the_note_from_it():
    text = (
        "Тов. Кривцову\n\n"
        "Тов. Ярославский просит срочно вызвать в губКК члена РКП(б) Мелентьева Фрола "
        "Игнатьевича и выслушать его объяснения по поводу письма рабочих фабрики.\n\n"
        "Секретарь т. Ярославского Н. Зубов\n\n"
        "[Ниже, рукой т. Кривцова:]\n"
        "Т. Климовой. Вызвать Мелентьева повесткой на 11/XI и опросить. Доложить мне.\n"
        "Кр. 9/XI\n"
    )
    assert len(read_page(text)) == 2


def test_a_label_with_its_note_on_the_same_line_stays_an_inscription():
    text = (
        "Dear Comrade Solts,\n\n"
        "The uyezd commission expelled Comrade Ivan Slobodin, a fitter of the depot, for his "
        "father's mill. I ask you to review his case.\n\n"
        "P. Nikitin\n\n"
        "[Pencil note across the top of the first sheet:] Comrade Vasilyev - request the "
        "Vitebsk file on Slobodin. M. Sh.\n"
    )
    assert len(read_page(text)) == 1


def test_an_editions_preface_to_its_numbered_documents_is_no_letter():
    text = (
        "# К ДЕЛУ Г. С. БРЫЛКИНА\n\n"
        "В издании печатаются вместе заявление, поступившее на имя В. И. Ленина, и его "
        "записка, написанная на этом заявлении.\n\n---\n\n"
        "### 1. ЗАЯВЛЕНИЕ А. П. БРЫЛКИНОЙ В. И. ЛЕНИНУ\n\n"
        "Дорогой Владимир Ильич!\n\nПишу Вам как мать. Сына моего, Григория Семёновича "
        "Брылкина, уездная комиссия исключила из партии. Прошу пересмотреть его дело.\n\n"
        "А. Брылкина\n\n3/X-21.\n\n---\n\n"
        "### 2. ЗАПИСКА А. А. СОЛЬЦУ\n\n"
        "Тов. Сольц!\n\nПосылаю заявление матери исключённого. Прошу проверить.\n\nЛенин\n"
    )
    letters = read_page(text, "page.md")
    assert len(letters) == 2
    assert values(letters[0], "author") == ["А. Брылкина"]


def test_a_note_greeting_in_its_first_words_under_its_number_and_date():
    text = (
        "### № 42. Письмо К. Т. Сарафанова в редакцию «Правды»\n\nМай 1922 г.\n\n"
        "В редакцию газеты «Правда»\n\nПишет вам рабочий Сарафанов Кузьма Трифонович. Дочь "
        "мою исключили из партии. Прошу переслать куда следует, чтобы дело разобрали.\n\n"
        "К. Сарафанов\n\n"
        "### № 43. Записка М. И. Ульяновой А. А. Сольцу\n\n23 мая 1922 г.\n\n"
        "Тов. Сольц! Пересылаю письмо отца Гавриловой. Очень прошу сообщить, что будет "
        "сделано.\n\nМ. Ульянова\n"
    )
    assert len(read_page(text, "page.md")) == 2


def test_a_collections_numbered_documents_under_russian_titles():
    text = (
        "Переписка по делу Е. К. Бахаревой\n\n"
        "1. Запрос секретариата Председателя ВЦИК в Самарскую губКК\n\n"
        "26 апреля 1922 г.\n\n"
        "Самарской губернской контрольной комиссии РКП(б)\n\n"
        "Председатель ВЦИК тов. Калинин просит сообщить, за что исключена из партии "
        "работница Бахарева Е. К., и прислать копию постановления.\n\n"
        "Секретарь Председателя ВЦИК В. Тележников\n\n"
        "2. Ответ Самарской губКК\n\n"
        "Самарская губернская контрольная комиссия РКП(б)\n12 мая 1922 г.\n№ 640\n\n"
        "В Секретариат Председателя ВЦИК\n\n"
        "Сообщаем, что Бахарева Е. К. исключена Сызранской комиссией за связь с мужем-"
        "торговцем. Копия постановления прилагается.\n\n"
        "Пред. губКК Г. Трофимов\n"
    )
    assert len(read_page(text)) == 2


def test_members_listed_after_a_colon_under_the_officers_sign_too():
    text = (
        "В губернскую контрольную комиссию РКП(б)\n\n"
        "Общее собрание ячейки постановило просить губКК пересмотреть постановление "
        "губпроверкома и восстановить тов. Шестакова в партии.\n\n"
        "Председатель собрания  Д. Кулагин\n"
        "Секретарь ячейки       А. Пронина\n"
        "Члены ячейки: Г. Мокеев, П. Рябов, И. Ситников (всего 23 подписи)\n\n"
        "14/XII-21\n"
    )
    (letter,) = read_page(text)
    assert values(letter, "author") == [
        "Д. Кулагин",
        "А. Пронина",
        "Г. Мокеев",
        "П. Рябов",
        "И. Ситников",
    ]


def test_an_editors_note_under_a_document_leaves_its_signature_its_own():
    text = (
        "To the Pskov Gubernia Verification Commission of the R.C.P.\n\n"
        "The bureau of the cell asks the Gubernia Commission to take into account the whole "
        "record of Comrade Arkhip Tikhonov and to hear the comrades of the cell.\n\n"
        "For the bureau:\nChairman Ye. Golubev\nSecretary A. Nefyodova\n\n"
        "Editors' note. The anonymous paper is the statement printed below; it reached the "
        "Commission three days after this statement had been dated.\n"
    )
    (letter,) = read_page(text)
    assert values(letter, "author") == ["Ye. Golubev", "A. Nefyodova"]


def test_a_telegram_under_a_rule_is_a_document_not_a_remark_on_the_one_above():
    text = (
        "TELEGRAM\nFrom Vyazniki. No. 212. Handed in 5.11.1921 at 14 hrs 20 min.\n"
        "To: Vladimir, Gubkom R.C.P.\n\nURGENT. UYEZD COMMISSION EXPELLED 2 NOVEMBER ZAKHAR "
        "SHUVALOV CHAIRMAN VOLOST EXECUTIVE COMMITTEE AS ALIEN ELEMENT. ASK INSTRUCTIONS.\n"
        "SECRETARY UYEZD COMMITTEE GORBUNOV\n\n* * *\n\nTELEGRAM\nVladimir 5/XI 21 22.40\n"
        "VYAZNIKI UYEZDKOM GORBUNOV\nSHUVALOV TO APPEAR BEFORE GUBERNIA COMMISSION 10 NOVEMBER "
        "STOP\nCHAIRMAN GUBPROVERKOM ARKHANGELSKY\n"
    )
    assert len(read_text(text, file_name="telegrams.txt")) == 2


def test_a_bodys_letterhead_over_a_reply_is_the_replys_head_not_a_document():
    text = (
        "Dear Comrade Solts,\n\nI write about the case of my brother-in-law, Ilya Zotov, "
        "expelled by the Kaluga commission. I ask that the case be looked into.\n\n"
        "P. Gorin\n12 Oct. 1921\n\n* * *\n\nCENTRAL CONTROL COMMISSION OF THE R.C.P.(B.)\n"
        "No. 3/418\n21 October 1921\n\nTo Comrade P. L. Gorin, Kaluga\n\nYour letter of 12 "
        "October about Comrade I. M. Zotov has been received. The case has been requested.\n\n"
        "Member of the C.C.C.   A. Solts\n"
    )
    letters = read_text(text, file_name="reply.txt")
    assert len(letters) == 2
    assert "Your letter of 12 October" in letters[1].text


def test_notes_set_off_by_a_rule_under_a_document_are_its_own_and_the_next_document_follows():
    text = (
        "# Documents and Materials\n\n## Document No. 47\n\n**Title:** Statement of E. A. "
        "Dorofeyeva to the Central Control Commission concerning her late husband\n"
        "**Date:** 14 January 1922\n\n---\n\nTo the Central Control Commission\n\n"
        "My husband, Nikolai Dorofeyev, was expelled by the district commission.¹ I ask the "
        "Commission to review the decision.\n\nE. Dorofeyeva\n\n14 January 1922\n\n---\n\n"
        "¹ The decision was reviewed by the Gubernia Control Commission on 3 March 1922.\n\n"
        "## Document No. 48\n\n**Title:** Letter of the Gubernia Control Commission to E. A. "
        "Dorofeyeva\n**Date:** 7 March 1922\n\n---\n\nTo Citizen E. A. Dorofeyeva, Motovilikha.\n\n"
        "The Gubernia Control Commission informs you that it has reinstated your late husband.\n\n"
        "Chairman of the Gubernia Control Commission — M. Ozerov\n"
    )
    letters = read_text(text, file_name="page.md")
    assert len(letters) == 2
    assert letters[0].text.startswith("To the Central Control Commission")
    assert "reviewed by the Gubernia Control Commission" in letters[0].notes_text
    assert letters[1].text.startswith("To Citizen E. A. Dorofeyeva")


def test_a_telegram_above_the_first_rule_is_a_document_not_a_registers_title():
    text = (
        "ТЕЛЕГРАММА\nПринята 17/IX 1921 г. в 14 ч. 20 м. Из Самары. Слов 43.\n\n"
        "МОСКВА ЦЕНТРАЛЬНАЯ КОНТРОЛЬНАЯ КОМИССИЯ СОЛЬЦУ = МУЖ МОЙ ИЛЬИН ЯКОВ ГЕРАСИМОВИЧ ИСКЛЮЧЕН "
        "БУЗУЛУКСКОЙ ПРОВЕРКОМИССИЕЙ ПРОШУ ПЕРЕСМОТРЕТЬ ДЕЛО = ИЛЬИНА\n\n* * *\n\n"
        "Телеграмма\nОтправлена 19/IX 1921 г. в 11 ч. 05 м.\n\n"
        "Самара губком копия губпроверком = дело Ильина Якова Герасимовича затребовать и "
        "рассмотреть = Сольц\n"
    )
    assert len(read_text(text, file_name="telegrams.txt")) == 2


def test_a_reply_under_its_own_letterhead_below_a_signed_letter_is_a_document():
    text = (
        "В Рязанскую губернскую проверочную комиссию\n\n"
        "Уездный комитет просит пересмотреть решение по делу тов. Гусевой Марии Ильиничны,\n"
        "исключенной за непосещение собраний, и затребовать все материалы.\n\n"
        "Тов. Гусева работала в продотряде всю зиму и на собраниях быть не могла.\n\n"
        "Секретарь укома П. Дятлов\n"
        "М. П.\n\n\n"
        "РЯЗАНСКАЯ ГУБЕРНСКАЯ ПРОВЕРОЧНАЯ КОМИССИЯ РКП\n"
        "3 июня 1921 г.\n"
        "№ 702\n\n"
        "Скопинскому укому РКП\n\n"
        "Губпроверкомиссия сообщает, что дело тов. Гусевой рассмотрено и решение\n"
        "уездной комиссии отменено.\n\n"
        "Председатель губпроверкомиссии С. Лавров\n"
    )
    first, reply = read_page(text)
    assert values(first, "author") == ["П. Дятлов"]
    assert "С. Лавров" in values(reply, "author")
    assert values(reply, "date") == ["1921-06-03"]


def test_a_paragraph_opening_on_a_titled_name_or_a_body_at_work_is_no_greeting():
    text = (
        "В Тверскую губернскую проверочную комиссию\n\n"
        "Прошу пересмотреть дело тов. Орловой Анны Петровны, исключенной уездной комиссией\n"
        "как дочь торговца.\n\n"
        "Тов. Орлова порвала с отцом еще в 1916 году и живет своим трудом в Твери.\n\n"
        "Тов. Фомин, мастер цеха, сообщает, что Орлова лучшая работница фабрики и\n"
        "ведет кружок грамоты.\n\n"
        "Бюро просит срочно сообщить о решении, так как в уезде идет перерегистрация.\n\n"
        "Секретарь бюро ячейки Н. Кротов\n"
    )
    (letter,) = read_page(text)
    assert values(letter, "author") == ["Н. Кротов"]


def test_a_line_that_goes_on_with_the_sentence_above_is_no_greeting():
    text = (
        "В Московскую губернскую проверочную комиссию\n\n"
        "Препровождая при сем выписку из протокола, прошу в срочном порядке пересмотреть дело\n"
        "тов. Лямина: с 1 октября он уезжает в Донбасс, и вопрос должен быть решен до отъезда.\n\n"
        "Секретарь ячейки К. Рябов\n"
    )
    assert len(read_page(text)) == 1


def test_a_petitions_third_numbered_point_is_a_point_not_a_title():
    text = (
        "В Центральную Контрольную Комиссию РКП(б)\n\n"
        "Меня исключили из партии за то, что мой брат арендует мельницу, хотя с братом я не\n"
        "живу с 1915 года и общего хозяйства с ним не имею.\n\n"
        "Прошу ЦКК:\n"
        "1) отменить решение губпроверкомиссии и восстановить меня в партии;\n"
        "2) вызвать меня для личных объяснений;\n"
        "3) запросить политотдел дивизии и выяснить, кто из бывших работников\n"
        "штаба меня знает.\n\n"
        "С. Горелов\n"
    )
    (letter,) = read_page(text)
    assert "find_witnesses" in values(letter, "requests")


def test_a_telegram_under_a_rule_with_its_number_and_a_surname_alone_is_a_document():
    text = (
        "ТЕЛЕГРАММА № 311\n"
        "Из Вологды. Подана 2/IX-1921 г.\n\n"
        "МОСКВА ЦКК СОЛЬЦУ\n\n"
        "УКОМИССИЯ ИСКЛЮЧИЛА ПЕТУХОВА ЗА САБОТАЖ ТЧК СРОЧНО СООБЩИТЕ КАК ПОСТУПИТЬ ТЧК\n\n"
        "БЕЛОВ\n\n"
        "----------------------------------------\n\n"
        "ТЕЛЕГРАММА № 58\n"
        "Из Москвы. Подана 3/IX-1921 г.\n\n"
        "ВОЛОГДА УКОМИССИЯ БЕЛОВУ\n\n"
        "ДЕЛО ПЕТУХОВА ВЫШЛИТЕ НЕМЕДЛЕННО ТЧК\n\n"
        "СОЛЬЦ\n"
    )
    assert len(read_page(text)) == 2


def test_a_title_naming_writer_and_subject_over_an_editions_fields_is_the_pages():
    text = (
        "Письмо Е. М. Ярославскому о восстановлении в партии Е. А. Клюевой\n\n"
        "Написано: 9 февраля 1922 г.\n"
        "Источник: Архив, ф. 7, оп. 2, д. 114. Машинописная копия.\n\n"
        "* * *\n\n"
        "Дорогой Емельян Михайлович!\n\n"
        "Пишу Вам по делу учительницы Клюевой, исключенной из партии за непосещение\n"
        "собраний. Прошу Вас пересмотреть ее дело.\n\n"
        "Привет. Н. Крупская\n"
    )
    (letter,) = read_page(text)
    assert letter.get("addressees")


def test_an_outgoing_number_under_a_letterheads_date_and_a_signers_office_are_not_headings():
    text = (
        "Dear Comrade Solts!\n\n"
        "I was expelled by the Sormovo cell in my absence and I ask you to review my case.\n\n"
        "N. Vakhrushev\n"
        "2 December 1921\n\n"
        "------------------------------\n\n"
        "Central Control Commission of the R.C.P.\n"
        "14 December 1921\n"
        "No. 4127\n\n"
        "To Comrade N. T. Vakhrushev\n\n"
        "The Commission informs you that your case will be heard on 20 December.\n\n"
        "Secretary of the cell D. Garanin\n"
        "15/XII-21\n"
    )
    assert len(read_page(text)) == 2
