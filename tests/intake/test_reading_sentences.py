"""The one sentence splitter the rules and the ties share, the one kin table, and the ties'
evidence quotes."""

from __future__ import annotations

from commission.intake.reading import lexicon as lx
from commission.intake.reading.sentences import sentence_around, sentences
from commission.intake.ties import Named, read_ties
from commission.registry.enums import RelationshipKind


def split(text):
    return [text[s:e] for s, e in sentences(text)]


def test_a_sentence_is_not_cut_at_an_abbreviation_or_an_initial():
    text = (
        "She worked as a secretary of the C.P.C. Managing Department, i.e. under my eyes. "
        "Comrade A. A. Solts of the R.C.P.(B.) Control Commission knows her. See Vol. 2, "
        "No. 14. It is all there.\n\nN. Lenin\n20.XII.1921"
    )
    assert split(text) == [
        "She worked as a secretary of the C.P.C. Managing Department, i.e. under my eyes.",
        "Comrade A. A. Solts of the R.C.P.(B.) Control Commission knows her.",
        "See Vol. 2, No. 14.",
        "It is all there.",
        "N. Lenin\n20.XII.1921",
    ]


def test_a_blank_line_ends_a_sentence_even_after_an_initial():
    assert split("Signed for the bureau by P.\n\nThe cell asks you to hear her.") == [
        "Signed for the bureau by P.",
        "The cell asks you to hear her.",
    ]


def test_the_sentence_around_a_span_keeps_its_abbreviations():
    text = "I knew her at the C.P.C. office. She left in 1920."
    start = text.index("knew")
    assert sentence_around(text, start, start + 4) == (0, text.index(" She"))
    assert sentence_around(text, 200, 210) == (200, 210)


def test_the_kin_table_gives_gender_words_and_the_other_side():
    assert lx.KIN_GENDER["sister-in-law"] == "female"
    assert "parent" not in lx.KIN_GENDER
    assert lx.kin_word("parent", "male") == "father"
    assert lx.kin_word("child", "female") == "daughter"
    assert lx.kin_word("sibling", "unknown") == "sibling"
    assert lx.kin_word("spouse", "unknown") == "spouse"
    assert lx.inverse_kin("mother") == ("son", "daughter", "child")
    assert lx.inverse_kin("brother") == ("brother", "sister", "sibling")
    assert lx.inverse_kin("cousin") == ()


def test_a_sentence_behind_several_ties_is_quoted_whole_once():
    text = (
        "In July 1917 the Alliluyev family, i.e. the father, the mother and the two daughters, "
        "hid me and Zinoviev in their flat at great risk."
    )
    author = Named("author", "Lenin", -1, -1)
    father = Named("father", "the father", text.index("the father"), text.index("the father") + 10)
    mother = Named("mother", "the mother", text.index("the mother"), text.index("the mother") + 10)
    ties = read_ties(text, people=[father, mother], author=author, family=[father, mother])
    assert [(t.source, t.kind, t.target, t.text) for t in ties] == [
        ("father", RelationshipKind.SHELTERED, "author", text),
        ("mother", RelationshipKind.SHELTERED, "author", "hid me"),
    ]
    assert text[ties[1].start : ties[1].end] == "hid me"
