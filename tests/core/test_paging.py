from __future__ import annotations

from commission.core import paging
from commission.registry.models import Person
from tests.factories import PersonFactory


def test_counts_exactly_below_the_cap(db, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_CAP", 5)
    PersonFactory.create_batch(4)
    pages = paging.CappedPaginator(Person.objects.order_by("id"), 2)
    assert (pages.count, pages.more, pages.count_label, pages.num_pages) == (4, False, "4", 2)


def test_says_more_than_the_cap_without_counting_everything(db, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_CAP", 5)
    PersonFactory.create_batch(8)
    pages = paging.CappedPaginator(Person.objects.order_by("id"), 2)
    assert (pages.count, pages.more, pages.count_label, pages.num_pages) == (
        5, True, "more than 5", 3,
    )  # fmt: skip
    assert [p.pk for p in pages.page(1)] == list(
        Person.objects.order_by("id").values_list("pk", flat=True)[:2]
    )
