"""A clerk posted to a commission searches its letters, and the letters on no case, not the
letters filed only on another commission's cases; facets count only what she may read."""

from __future__ import annotations

import pytest

from commission.cases.models import Case
from commission.cases.services import file_document
from commission.core.services import system_actor
from commission.registry.posts import post_clerk
from commission.search.queries import letter_facets, search
from tests.factories import CommissionFactory, PersonFactory, UserFactory


@pytest.fixture
def two_commissions(letters, chair, committed):
    """Letter a on the tannery commission's case, letter d on the depot commission's; b and c
    on no case."""
    tannery = CommissionFactory(ref="C-tannery", name="Tannery Commission")
    depot = CommissionFactory(ref="C-depot", name="Depot Commission")
    for ref, commission, letter in (("K-tan", tannery, "a"), ("K-dep", depot, "d")):
        case = Case.objects.create(
            ref=ref, subject=PersonFactory(), commission=commission, kind="expulsion"
        )
        with committed():
            file_document(actor=chair, case=case, document=letters[letter], role="evidence")
    return tannery, depot


def titles(found) -> set[str]:
    return {f.document.title for f in found.letters}


def test_a_posted_clerk_finds_her_commissions_letters_and_the_unfiled(letters, two_commissions, db):
    tannery, _depot = two_commissions
    posted = UserFactory(username="tannery-clerk", roles=["clerk"])
    post_clerk(actor=system_actor(), user=posted, commission=tannery)
    unposted = UserFactory(username="central-clerk", roles=["clerk"])

    assert titles(search(user=unposted, text="depot")) == {letters["c"].title, letters["d"].title}
    assert titles(search(user=posted, text="depot")) == {letters["c"].title}
    assert titles(search(user=posted, text="Zotova")) == {letters["a"].title, letters["b"].title}
    assert search(user=posted, text="depot").letters_matched == 1


def test_facets_count_only_what_she_may_read(letters, two_commissions, db, search_backend):
    if search_backend != "embedded":
        pytest.skip("only the embedded engine gives facets")
    tannery, depot = two_commissions
    posted = UserFactory(username="tannery-clerk", roles=["clerk"])
    post_clerk(actor=system_actor(), user=posted, commission=tannery)
    facets = letter_facets(user=posted, text="depot")
    assert sum(v.count for v in facets["Year"]) == 1
    assert "Commission" not in facets
    everyone = letter_facets(user=UserFactory(roles=["clerk"]), text="depot")
    assert [v.value for v in everyone["Commission"]] == [depot.ref]
