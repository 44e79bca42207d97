"""The dashboard's reads (commission.reports.queries): bounded lists, capped counts, and the
same visibility rules as the pages that list everything."""

from __future__ import annotations

import datetime as dt

import pytest

from commission.inquiries.enums import InquiryState
from commission.inquiries.queries import inquiry_list
from commission.registry.posts import posted_commissions
from commission.reports import queries
from tests.factories import UserFactory
from tests.reports.conftest import make_inquiry, make_letter


def test_a_short_list_is_counted_from_its_rows(world, clerk, django_assert_num_queries):
    posted_commissions(clerk)  # the account's posts are read once per request, not per list
    with django_assert_num_queries(1):
        found = queries.letters_waiting(user=clerk)
    assert [d.title for d in found.rows] == ["Letter waiting for a clerk"]
    assert found.rows[0].pending_count == 2
    assert (found.count, found.more, found.truncated) == (1, False, False)


def test_a_long_list_is_counted_up_to_the_cap(world, clerk, monkeypatch):
    for n in range(14):
        make_letter(f"Extra {n:02d}", pending=1)
    found = queries.letters_waiting(user=clerk)
    assert len(found.rows) == queries.ROWS
    assert (found.count, found.more, found.count_label) == (15, False, "15")
    monkeypatch.setattr(queries, "COUNT_CAP", 12)
    found = queries.letters_waiting(user=clerk)
    assert (found.count, found.more, found.count_label) == (12, True, "more than 12")


def test_merged_lists_are_counted_from_their_parts_up_to_the_cap(world, clerk, monkeypatch):
    for n in range(14):
        make_inquiry(f"I-c{n:02d}", state=InquiryState.SENT, due=-3 - n, today=world.today)
    board = [i.ref for i in inquiry_list(user=clerk, today=world.today, overdue=True)]
    found = queries.inquiries_overdue(user=clerk, today=world.today)
    assert [i.ref for i in found.rows] == board[: queries.ROWS]
    assert (len(board), found.count, found.more, found.truncated) == (16, 16, False, True)
    monkeypatch.setattr(queries, "COUNT_CAP", 12)
    found = queries.inquiries_overdue(user=clerk, today=world.today)
    assert (found.count, found.more, found.count_label) == (12, True, "more than 12")


@pytest.mark.parametrize("who", ["clerk", "commissioner", "chair", "auditor", "member", "outsider"])
def test_inquiries_are_visible_as_on_the_board(world, request, who):
    user = request.getfixturevalue(who)
    overdue = queries.inquiries_overdue(user=user, today=world.today)
    soon = queries.inquiries_due_soon(user=user, today=world.today)
    board_overdue = inquiry_list(user=user, today=world.today, overdue=True)
    board_soon = inquiry_list(user=user, today=world.today, due_this_week=True)
    assert [i.ref for i in overdue.rows] == [i.ref for i in board_overdue]
    assert [i.ref for i in soon.rows] == [i.ref for i in board_soon]


def test_seats(world, commissioner, clerk):
    seats = queries.seats_of(commissioner, today=world.today)
    assert (seats.linked, [c.ref for c in seats.commissions]) == (True, ["C-dist"])
    assert queries.seats_of(clerk, today=world.today) == queries.Seats(linked=False)


def test_roles(db):
    user = UserFactory(username="two", roles=["member", "clerk"])
    assert queries.roles_of(user) == ["clerk", "member"]
    admin = UserFactory(username="root", is_superuser=True)
    assert queries.roles_of(admin) == ["clerk", "commissioner", "chair", "auditor"]


def test_decisions_to_sign_heard_before_reported(world, db):
    found = queries.decisions_to_sign(
        user=UserFactory(roles=["chair"]), commission_ids=None, today=world.today
    )
    assert [(t.case.ref, t.heard, t.reported) for t in found.rows] == [
        ("K-heard", True, ""),
        ("K-reported", False, "reinstate"),
    ]
    assert found.count == 2


def test_hearings_of_confidential_cases_only_to_those_allowed(world, clerk, commissioner):
    from django.utils import timezone

    from commission.cases.models import Hearing

    Hearing.objects.create(
        case=world.cases["secret"],
        commission=world.district,
        starts_at=timezone.now() + dt.timedelta(days=1),
    )
    seen = queries.hearings_this_week(user=clerk, commission_ids=None)
    assert [h.case__ref for h in seen.rows] == ["K-soon"]
    seen = queries.hearings_this_week(user=commissioner, commission_ids=None)
    assert [h.case__ref for h in seen.rows] == ["K-secret", "K-soon"]
