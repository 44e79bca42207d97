"""Search over letters (both engines), people and cases, with what each user may see."""

from __future__ import annotations

import pytest
from django.db import transaction

from commission.documents.models import Document
from commission.intake.archive import load_letters
from commission.search import backends
from commission.search.backends import LetterFilters, backend_for
from commission.search.models import IndexChange
from commission.search.queries import SearchFilters, search
from commission.search.query import MAX_WORDS, parse
from commission.search.services import rebuild_index
from tests.search.conftest import write_letters

pytestmark = pytest.mark.django_db

HOSTILE = [
    "NEAR(tannery depot)",
    'tannery OR "depot',
    '"unbalanced',
    "((tannery",
    "tannery)",
    "tann*",
    "^tannery",
    "title:tannery",
    "-tannery",
    "AND",
    "tannery AND NOT depot",
    "<script>alert('x')</script> tannery",
    "'; DROP TABLE intake_document; --",
    "tannery & depot | !night",
    "tannery:* <-> depot",
    "\\ tannery \x00",
    "tannery " * 400,
    "\u202e tannery \ufeff",
]


def titles(results) -> list[str]:
    return [found.document.title for found in results.letters]


class TestReadingTheBox:
    def test_words_and_phrases(self):
        assert parse('"night school" Zotova').phrases == (("night", "school"), ("Zotova",))

    def test_operators_and_markup_are_words_or_nothing(self):
        assert parse("NEAR(a b) OR c*").words == ("NEAR", "a", "b", "OR", "c")
        assert parse("<b>Zotova</b>").words == ("b", "Zotova")
        assert not parse("((( * ^ : -")

    def test_an_unbalanced_quote_is_ignored(self):
        assert parse('"night school').phrases == (("night",), ("school",))

    def test_a_hyphenated_name_is_a_phrase(self):
        assert parse("Kasparova-Popova").phrases == (("Kasparova", "Popova"),)

    def test_long_input_is_cut_to_a_few_words(self):
        assert len(parse("word " * 1000).words) <= MAX_WORDS
        assert len(parse("x" * 10_000).words) == 1


class TestLetters:
    def test_one_word_finds_every_letter_with_it(self, letters, chair):
        found = search(user=chair, text="tannery", filters=SearchFilters(kind="letters"))
        assert set(titles(found)) == {letters["a"].title, letters["b"].title}
        assert found.letters_ranked
        assert found.letters_matched == 2

    def test_every_word_must_be_in_the_letter(self, letters, chair):
        found = search(
            user=chair, text="tannery drunkenness", filters=SearchFilters(kind="letters")
        )
        assert titles(found) == [letters["b"].title]

    def test_a_phrase_keeps_its_words_together(self, letters, chair):
        assert titles(search(user=chair, text='"abuse of office"')) == [letters["d"].title]
        assert titles(search(user=chair, text='"office abuse"')) == []

    def test_words_in_the_title_rank_first(self, letters, chair):
        # Both letters name the tannery; only b's title does.
        found = search(user=chair, text="tannery cell", filters=SearchFilters(kind="letters"))
        assert titles(found)[0] == letters["b"].title

    def test_forms_of_a_word_match(self, letters, chair):
        # "drunken" and "drunk" are both found from "drunk" by stemming on both engines.
        assert letters["d"].title in titles(search(user=chair, text="brawls"))

    def test_passage_marks_the_words_and_escapes_the_text(self, letters, chair, clerk, reindex):
        Document.objects.filter(pk=letters["c"].pk).update(
            text="The depot <b>foreman</b> & the night shift read Pravda."
        )
        reindex(letters["c"])
        [found] = search(user=chair, text="Pravda foreman").letters
        assert "<mark>Pravda</mark>" in found.passage
        # SQLite shows the markup as text; PostgreSQL's passage leaves tags out. Never live.
        assert "<b>" not in found.passage
        assert "&amp;" in found.passage

    @pytest.mark.parametrize("text", HOSTILE)
    def test_hostile_input_never_fails(self, letters, chair, text):
        found = search(user=chair, text=text)
        for letter in found.letters:
            assert "<script" not in letter.passage

    def test_operators_are_searched_as_words(self, letters, chair):
        assert titles(search(user=chair, text="tannery OR depot")) == []
        assert set(titles(search(user=chair, text="tann* NEAR(tannery"))) == set()

    def test_date_filter(self, letters, chair):
        found = search(
            user=chair,
            text="depot",
            filters=SearchFilters(kind="letters", date_from=_date("1921-01-01")),
        )
        assert titles(found) == [letters["d"].title]

    def test_commission_filter_finds_letters_filed_on_its_cases(
        self, letters, confidential_case, chair
    ):
        found = search(
            user=chair, text="depot", filters=SearchFilters(commission="C-depot", kind="letters")
        )
        assert titles(found) == [letters["d"].title]

    def test_unknown_commission_says_so(self, letters, chair):
        found = search(user=chair, text="depot", filters=SearchFilters(commission="C-none"))
        assert found.empty
        assert found.notes == ["There is no commission “C-none”."]

    def test_kind_filter_of_the_backend(self, letters, reindex):
        Document.objects.filter(pk=letters["a"].pk).update(kind="testimony")
        reindex(letters["a"])
        hits = backend_for().search_letters(
            parse("tannery"), filters=LetterFilters(kind="testimony"), limit=20
        )
        assert [hit.document_id for hit in hits.hits] == [letters["a"].pk]


class TestWhoSeesWhat:
    def test_letters_on_confidential_cases_are_hidden_without_the_right(
        self, letters, confidential_case, clerk, chair
    ):
        assert letters["d"].title not in titles(search(user=clerk, text="depot"))
        shown = {f.document.title: f for f in search(user=chair, text="depot").letters}
        assert letters["d"].title in shown
        assert shown[letters["d"].title].passage == ""
        assert "confidential" in shown[letters["d"].title].withheld.lower()

    def test_a_confidential_letter_is_hidden_without_the_right(
        self, letters, clerk, chair, reindex
    ):
        Document.objects.filter(pk=letters["a"].pk).update(confidential=True)
        reindex(letters["a"])
        assert titles(search(user=clerk, text="Zotova retained")) == []
        assert titles(search(user=chair, text="Zotova retained")) == [letters["a"].title]

    def test_a_member_searches_neither_letters_nor_people(self, letters, member):
        found = search(user=member, text="Zotova")
        assert found.letters == []
        assert found.people == []
        # Searching everything is searching what the role may: no note of the rest.
        assert found.notes == []
        asked = search(user=member, text="Zotova", filters=SearchFilters(kind="letters"))
        assert asked.letters == []
        assert any("may not read letters" in note for note in asked.notes)


class TestKeptInStep:
    def test_a_new_letter_is_found_at_once(self, letters, clerk, chair, tmp_path, committed):
        with committed():
            load_letters(
                actor=clerk,
                path=write_letters(
                    tmp_path / "more.jsonl",
                    [{"title": "Late letter", "text": "A samovar went missing from the club."}],
                ),
            )
        assert titles(search(user=chair, text="samovar")) == ["Late letter"]

    def test_a_rolled_back_letter_is_never_found(self, letters, clerk, chair, tmp_path, committed):
        path = write_letters(
            tmp_path / "gone.jsonl",
            [{"title": "Vanishing letter", "text": "The gramophone was sold."}],
        )

        def load_then_fail() -> None:
            with transaction.atomic():
                load_letters(actor=clerk, path=path)
                raise RuntimeError("the clerk's transaction fails")

        with committed() as after_commit, pytest.raises(RuntimeError):
            load_then_fail()
        assert after_commit == []
        assert IndexChange.objects.count() == (4 if follows_log() else 0)
        assert titles(search(user=chair, text="gramophone")) == []

    def test_rebuild_gives_the_same_answers(self, letters, chair):
        before = titles(search(user=chair, text="depot"))
        assert rebuild_index() == Document.objects.count()
        assert titles(search(user=chair, text="depot")) == before


class TestBroadQueries:
    def test_the_embedded_engine_ranks_every_query(self, letters, chair, search_backend):
        if search_backend != "embedded":
            pytest.skip("the database engines rank only selective queries")
        found = search(user=chair, text="comrade", filters=SearchFilters(kind="letters"))
        assert found.letters_ranked
        assert found.letters_matched == 3

    def test_too_many_matches_come_newest_first_and_say_so(
        self, letters, chair, monkeypatch, search_backend
    ):
        if search_backend == "embedded":
            pytest.skip("the embedded engine ranks every query")
        monkeypatch.setattr(backends, "RANK_LIMIT", 1)
        found = search(user=chair, text="comrade", filters=SearchFilters(kind="letters"))
        assert not found.letters_ranked
        ids = [f.document.pk for f in found.letters]
        assert ids == sorted(ids, reverse=True)
        assert found.letters_matched == 2  # at least RANK_LIMIT + 1

    def test_paging_through_letters(self, letters, chair, monkeypatch):
        monkeypatch.setattr("commission.search.queries.LETTERS_PER_PAGE", 1)
        first = search(user=chair, text="tannery", filters=SearchFilters(kind="letters"))
        second = search(
            user=chair, text="tannery", filters=SearchFilters(kind="letters"), letters_offset=1
        )
        assert first.more_letters
        assert not second.more_letters
        assert {*titles(first), *titles(second)} == {letters["a"].title, letters["b"].title}


class TestPeopleAndCases:
    def test_people_by_any_name_form_and_their_cases(self, letters, confidential_case, chair):
        found = search(user=chair, text="Lebedeva")
        assert [m.person.surname for m in found.people] == ["Lebedev"]
        assert [c.ref for c in found.cases] == ["K-depot"]

    def test_confidential_case_hidden_without_the_right(self, confidential_case, clerk):
        assert search(user=clerk, text="Lebedev").cases == []

    def test_case_by_reference(self, confidential_case, chair):
        assert [c.ref for c in search(user=chair, text="k-depot").cases] == ["K-depot"]


def follows_log() -> bool:
    return backend_for().follows_change_log


def _date(text: str):
    import datetime as dt

    return dt.date.fromisoformat(text)
