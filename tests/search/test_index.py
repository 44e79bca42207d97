"""The embedded index: facets, similar letters, the case filters, and keeping in step with
the database (check, rebuild)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from commission.cases.enums import CaseState
from commission.cases.services import transition_case
from commission.documents.models import Document
from commission.registry.models import Mention
from commission.search.embedded import current_index
from commission.search.queries import SearchFilters, letter_facets, search, similar_letters
from commission.search.services import check_index, rebuild_index
from tests.factories import PersonFactory


def titles(results) -> list[str]:
    return [found.document.title for found in results.letters]


@pytest.mark.django_db
class TestFacetsAndFilters:
    def test_facets_count_only_what_the_reader_may_see(
        self, letters, confidential_case, clerk, chair, search_backend
    ):
        if search_backend != "embedded":
            pytest.skip("the database engines give no facets")
        mine = letter_facets(user=chair, text="depot")
        assert search(user=chair, text="depot").letters_matched == 2
        assert {v.value: v.count for v in mine["Year"]} == {"1920": 1, "1921": 1}
        assert [(v.value, v.count) for v in mine["Commission"]] == [("C-depot", 1)]
        assert [(v.value, v.count) for v in mine["Kind"]] == [("letter", 2)]
        theirs = letter_facets(user=clerk, text="depot")
        # Letter d is on a confidential case: no count or facet gives it away.
        assert search(user=clerk, text="depot").letters_matched == 1
        assert {v.value: v.count for v in theirs["Year"]} == {"1920": 1}
        assert "Commission" not in theirs

    def test_the_page_loads_the_facets_and_links_to_similar_letters(
        self, client, letters, chair, clerk, confidential_case, search_backend
    ):
        client.force_login(chair)
        page = client.get(reverse("search:search"), {"q": "depot"}).content.decode()
        assert reverse("search:similar", args=[letters["c"].pk]) in page
        facets = client.get(reverse("search:search"), {"q": "depot", "facets": "1"})
        if search_backend == "embedded":
            assert "C-depot" in facets.content.decode()
        like = client.get(reverse("search:similar", args=[letters["a"].pk])).content.decode()
        assert letters["b"].title in like
        client.force_login(clerk)
        hidden = client.get(reverse("search:similar", args=[letters["d"].pk]))
        assert hidden.status_code == 404
        assert letters["d"].title not in hidden.content.decode()

    def test_letters_by_the_state_of_their_case(self, letters, confidential_case, chair, committed):
        open_cases = SearchFilters(kind="letters", state=CaseState.OPEN)
        assert titles(search(user=chair, text="depot", filters=open_cases)) == [letters["d"].title]
        with committed():
            transition_case(
                actor=chair,
                case=confidential_case,
                to_state=CaseState.GATHERING,
                reason="x",
                expected_version=confidential_case.version,
            )
        assert titles(search(user=chair, text="depot", filters=open_cases)) == []
        gathering = SearchFilters(kind="letters", state=CaseState.GATHERING)
        assert titles(search(user=chair, text="depot", filters=gathering)) == [letters["d"].title]

    def test_similar_letters(self, letters, chair, clerk, confidential_case):
        like_a = [f.document.title for f in similar_letters(user=chair, document=letters["a"])]
        assert letters["a"].title not in like_a
        assert like_a[0] == letters["b"].title  # both about Zotova and the tannery
        assert letters["d"].title not in [
            f.document.title for f in similar_letters(user=clerk, document=letters["c"])
        ]

    def test_people_named_in_a_letter_are_searched(self, letters, chair, reindex, search_backend):
        person = PersonFactory(given_name="Avdotya", surname="Kremneva")
        Mention.objects.create(document=letters["c"], person=person, role="subject")
        reindex(letters["c"])
        found = search(user=chair, text="Kremneva", filters=SearchFilters(kind="letters"))
        if search_backend == "embedded":  # the index holds the names of the people named
            assert titles(found) == [letters["c"].title]
        else:  # the database engines index the text only; the mention lists it apart
            assert [m.document_id for m in found.naming] == [letters["c"].pk]


@pytest.mark.django_db
class TestKeptInStep:
    @pytest.fixture(autouse=True)
    def _embedded_only(self, search_backend):
        if search_backend != "embedded":
            pytest.skip("the database engines index inside the writing transaction")

    def test_check_finds_and_fixes_what_differs(self, letters, chair, capsys):
        index = current_index()
        with index.writer(wait=1.0) as writer:
            index.remove(writer, [letters["a"].pk])
            writer.commit()
        Document.objects.filter(pk=letters["b"].pk).update(title="Renamed behind its back")
        report = check_index(fix=False)
        assert (report.missing, report.stale, report.fixed) == (
            [letters["a"].pk], [letters["b"].pk], False,
        )  # fmt: skip
        call_command("search", "check")
        out = capsys.readouterr().out
        assert "1 letters not in the index" in out
        assert "all put right" in out
        assert check_index(fix=False).consistent
        assert "Renamed behind its back" in titles(search(user=chair, text="tannery"))

    @pytest.mark.parametrize("workers", [False, True], ids=["here", "in workers"])
    def test_rebuild(self, letters, chair, capsys, monkeypatch, workers):
        if workers:  # the words analysed in worker processes however few the letters
            monkeypatch.setattr("commission.search.embedded._PARALLEL_FROM", 0)
        before = titles(search(user=chair, text="depot"))
        assert rebuild_index() == 4
        assert titles(search(user=chair, text="depot")) == before
        assert check_index(fix=False).consistent
        call_command("search", "rebuild")
        assert "Indexed 4 letters again" in capsys.readouterr().out

    def test_a_load_indexes_its_letters_without_reading_them_back(self, letters, chair):
        """A load's letters are indexed as the load built them; a letter someone else changed
        after the load stored it is read from the database instead."""
        from commission.search.embedded import Loading
        from commission.search.engine import IndexedLetter
        from commission.search.models import IndexChange

        a, b = letters["a"], letters["b"]
        own = [IndexChange.objects.create(document_id=d.pk).pk for d in (a, b)]
        built = {
            d.pk: IndexedLetter(id=d.pk, title=f"As the load built {d.pk}", body="A wardrobe.")
            for d in (a, b)
        }
        Document.objects.filter(pk=b.pk).update(title="Changed by a clerk")
        IndexChange.objects.create(document_id=b.pk)  # the clerk's change, after the load's
        with Loading() as load:
            load._follow(built, frozenset(own))
        assert titles(search(user=chair, text="wardrobe")) == [f"As the load built {a.pk}"]
        assert "Changed by a clerk" in titles(search(user=chair, text="tannery"))

    def test_a_batch_applies_its_commits_together(self, letters, chair, committed, reindex,
                                                   monkeypatch):  # fmt: skip
        """Within a batch the index applies the log at most once per interval and at the end,
        not after every commit; what each commit logged is applied all the same."""
        from commission.search import embedded
        from commission.search.services import indexing_in_rounds

        applied = []
        catch_up = embedded.catch_up
        monkeypatch.setattr(embedded, "catch_up", lambda *a, **k: applied.append(catch_up()))
        a, b = letters["a"], letters["b"]
        with indexing_in_rounds(every=3600):
            for document, title in ((a, "Wardrobe of the first"), (b, "Wardrobe of the second")):
                Document.objects.filter(pk=document.pk).update(title=title)
                reindex(document)
            assert applied == []  # both commits wait for the end of the batch
            assert titles(search(user=chair, text="wardrobe")) == []
        assert applied == [2]  # one writer for both
        assert sorted(titles(search(user=chair, text="wardrobe"))) == [
            "Wardrobe of the first", "Wardrobe of the second",
        ]  # fmt: skip
        with indexing_in_rounds(every=0):  # an interval passed at each commit: applied at once
            Document.objects.filter(pk=a.pk).update(title="Wardrobe once more")
            reindex(a)
            assert applied == [2, 1]
        assert applied == [2, 1]  # nothing left for the end


@pytest.mark.parametrize(
    "text",
    [
        "Comrades, I knew Zotova at the tannery in Tver; she ran the night-school in 1919.",
        "Товарищу Петрову: о товарище Смирновой, работавшей в укоме с 1918 г.",
        "Café Ægir, Straße, naïve façade — ÉCOLE № 5",
        "x" * 61 + " kept " + "y" * 60,
        "Mixed Русский and English words, digits 3/IV 1920, and_underscores",
        "",
    ],
)
def test_words_are_analysed_as_the_engine_does(text):
    """The index is given each letter's words already analysed (each word's term kept), and
    they must be the terms the engine's own analyser makes, twice over."""
    from commission.search import engine

    assert engine.words_of(text) == list(engine.ANALYZER.analyze(text))
    assert engine.words_of(text) == list(engine.ANALYZER.analyze(text))
