"""The parts of a page that are the page's own, not a document on it, each on a short invented
page: a journal's introduction above the letter it publishes, an afterword and a closed comment
box under the documents, a footnote numbered "(1)" under a rule; a blog's masthead, side column,
readers' comments and footer; a signature block set out line by line by the page's style; a
portal in Windows-1251 that says so in its meta tag. A certificate under a letter stays a
document of its own."""

from __future__ import annotations

from tests.intake.reading_checks import only_letter, read_letters, values

JOURNAL = """# From the Mailbag of a Gubernia Commission, 1923

*Part 2 of a series. Translation and notes by the documents section.*

In the winter of 1923 the commission received many appeals written not by the expelled members
but by their wives and mothers. We publish one such letter in full; the original is written in
ink on a sheet of squared paper.

---

## A. P. Gorshkova to the Gubernia Control Commission

Dear Comrades,

My husband, Ilya Fomich Gorshkov, fitter of the depot, was put out of the party in January
because his brother keeps a stall at the market. He has not spoken to his brother for two years.

I ask you to hear my husband himself and to return his card.

A. Gorshkova
"""


def test_a_journals_introduction_is_not_a_letter():
    letter, ex = only_letter(JOURNAL, "journal.md")
    assert "We publish" not in letter.text
    assert values(ex, "author") == ["A. Gorshkova"]
    assert values(ex, "subjects") == ["Ilya Fomich Gorshkov"]


def test_an_afterword_and_a_closed_comment_box_under_the_documents():
    letters, extractions = read_letters(
        "1. Letter of P. S. Lagunov to the Uyezd Committee\n\n"
        "To the Uyezd Committee of the RCP\n\n"
        "I report that the chairman of the cooperative, Comrade Demid Yakovlevich Shubin, sells "
        "the cooperative's salt to a private trader. I ask that it be checked.\n\n"
        "P. Lagunov\n\n"
        "* * *\n\n"
        "2. Explanation of D. Ya. Shubin\n\n"
        "To the Uyezd Committee of the RCP\n\n"
        "In reply to the statement of Comrade Lagunov I explain that the salt was sold by the "
        "order of the uyezd food committee, which I enclose.\n\n"
        "D. Shubin\n\n"
        "* * *\n\n"
        "What happened next? The folder holds nothing more, and the minutes of the uyezd "
        "committee for that autumn were lost.\n\n"
        "Comments are closed for this post.\n"
    )
    assert len(letters) == 2
    assert [values(ex, "author") for ex in extractions] == [["P. Lagunov"], ["D. Shubin"]]
    assert "What happened next" not in letters[1].text


def test_a_footnote_numbered_in_brackets_under_a_rule():
    letters, extractions = read_letters(
        "To the Central Control Commission, to Comrade Solts.\n\n"
        "I ask you to look into the case of Comrade Anton Kazimirovich Vishnevsky, expelled by "
        "the district commission of the railway.\n\n"
        "F. Dzerzhinsky\n\n"
        "Ibid., l. 40.(1)\n\n"
        "___________________\n"
        "(1) On 10 July 1923 the Party Collegium of the CCC cancelled the decision of the\n"
        "district commission; A. K. Vishnevsky was reinstated in the party.\n"
    )
    assert len(letters) == 1
    assert values(extractions[0], "author") == ["F. Dzerzhinsky"]


BLOG = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>A letter from Perovo</title>
<style>.sig{white-space:pre}</style></head>
<body>
<header id="masthead"><p class="site-title">Memory of Labour</p>
<p class="site-description">Workers' letters, a volunteer transcription project</p></header>
<main>
<article>
<h1>Letter of two fitters in defence of K. I. Burlakov</h1>
<div class="entry-content">
<p>To the Central Control Commission</p>
<p>We, fitters of the Perovo shops, have learned that our comrade Kuzma Ilyich Burlakov was
expelled for going to his mother's funeral in church. We have known him for fifteen years as an
honest worker and ask you to return him to the party.</p>
<p class="sig">Fitter            I. Sukhorukov
Fitter            Ya. Kolchin</p>
</div>
</article>
<div id="comments"><h2>2 notes from transcribers</h2>
<p>Transcribed by Vera Mokeeva; checked by Gleb Antonov.</p></div>
</main>
<aside id="secondary" class="widget-area"><h2>In this collection</h2>
<p>Letter of Stepan Rylov, 1921</p></aside>
<footer id="colophon"><p>Memory of Labour, transcriptions under CC BY-SA.</p></footer>
</body></html>
"""


def test_a_blogs_own_parts_and_a_signature_block_set_out_by_its_style():
    letter, ex = only_letter(BLOG, "perovo.html")
    assert values(ex, "author") == ["I. Sukhorukov", "Ya. Kolchin"]
    named = {p.name for p in values(ex, "other_people")}
    assert not named & {"Vera Mokeeva", "Gleb Antonov", "Stepan Rylov"}
    assert "transcriptions under" not in letter.text


def test_a_signature_blocks_style_in_a_later_style_sheet_and_a_rule_for_two_classes():
    page = (
        BLOG.replace("<style>.sig{white-space:pre}</style>", "<style>p{margin:0}</style>")
        .replace(
            "</head>", "<style>.note, div.sig {color:#333; white-space: pre-line}</style></head>"
        )
        .replace('<p class="sig">', '<p class="muted sig">')
    )
    _letter, ex = only_letter(page, "perovo.html")
    assert values(ex, "author") == ["I. Sukhorukov", "Ya. Kolchin"]


def test_a_class_named_like_the_signatures_is_not_set_out_as_written():
    page = BLOG.replace(
        "<style>.sig{white-space:pre}</style>", "<style>.sig-x{white-space:pre}</style>"
    )
    letter, _ex = only_letter(page, "perovo.html")
    assert "Sukhorukov\nFitter" not in letter.text


PORTAL_1251 = """<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">
<title>Заявление Л. Г. Фомина</title></head><body>
<p>Мы ВКонтакте · Telegram</p>
<p>В Городищенскую уездную контрольную комиссию РКП(б)</p>
<p>Довожу до сведения комиссии, что председатель потребительского общества Зотов Михаил
Ефимович отпускает сахар своему шурину. Прошу проверить работу Зотова.</p>
<p>Л. Фомин<br>10 апреля 1924 г.</p>
</body></html>
"""


def test_a_portal_in_windows_1251_that_says_so():
    letter, ex = only_letter(PORTAL_1251.encode("cp1251"), "zotov.html")
    assert letter.provenance.encoding == "cp1251"
    assert values(ex, "author") == ["Л. Фомин"]


def test_a_certificate_under_a_letter_stays_its_own_document():
    letters, extractions = read_letters(
        "В губернскую проверочную комиссию\n\n"
        "Прошу восстановить меня в партии. Прилагаю удостоверение фабзавкома.\n\n"
        "Г. Ветлугин\n"
        "Сентябрь 1921 г.\n\n"
        "----------------------------------------\n\n"
        "УДОСТОВЕРЕНИЕ\n\n"
        "Дано тов. Ветлугину Григорию Саввичу в том, что он работает слесарем завода с 1912 г. "
        "и в работе аккуратен.\n\n"
        "Председатель фабзавкома И. Сомов\n"
        "Делопроизводитель (подпись неразборчива)\n"
        "2 сентября 1921 г.\n"
    )
    assert len(letters) == 2
    assert values(extractions[1], "author") == ["И. Сомов"]


def test_a_telegram_and_the_reply_telegram_under_a_rule():
    letters, extractions = read_letters(
        "                    ТЕЛЕГРАММА\n\n"
        "Из Уржума   N 212   Слов 31   Подана 3/XI 1921 г. 10 ч. 20 м.\n\n"
        "МОСКВА ЦЕНТРАЛЬНАЯ ПРОВЕРОЧНАЯ КОМИССИЯ ЗАЛУЦКОМУ\n\n"
        "УЕЗДНАЯ КОМИССИЯ ИСКЛЮЧИЛА ЗАВЕДУЮЩЕГО ШКОЛОЙ ОСОКИНА ПАВЛА ИГНАТЬЕВИЧА ТЧК УКОМ "
        "ПРОТЕСТУЕТ ТЧК ПРОСИМ ПЕРЕСМОТРЕТЬ ДЕЛО ТЧК СЕКРЕТАРЬ УКОМА ГЛУШКОВ\n\n"
        "------------------------------------------------------------\n\n"
        "                 ОТВЕТНАЯ ТЕЛЕГРАММА\n\n"
        "Из Москвы   N 1907   Слов 18   Подана 5/XI 1921 г. 17 ч. 00 м.\n\n"
        "УРЖУМ УКОМ РКП ГЛУШКОВУ\n\n"
        "ВАШУ 212 ТЧК ДЕЛО ОСОКИНА ЗАТРЕБОВАНО ТЧК ВЫШЛИТЕ ОТЗЫВ УКОМА ТЧК ЗАЛУЦКИЙ\n",
        "telegrams.txt",
    )
    assert len(letters) == 2
    assert [values(ex, "author") for ex in extractions] == [["Глушков"], ["Залуцкий"]]


def test_signers_listed_under_their_standing_end_the_letter():
    letters, extractions = read_letters(
        "To the Sereda Committee of the RSDLP(b)\n\n"
        "We recommend Comrade Agafya Ivanovna Rylova, weaver of the Gorkin mill, for "
        "membership of the party. We have known her since 1914 as a steady worker.\n\n"
        "Members of the RSDLP(b):\n"
        "    Lapin, Semyon Fyodorovich, fitter, in the party since 1912\n"
        "    Guseva, Marfa Yegorovna, weaver, in the party since 1917\n\n"
        "Sereda, 2 (15) February 1918\n"
    )
    assert len(letters) == 1
    assert values(extractions[0], "author") == ["Lapin", "Guseva"]
