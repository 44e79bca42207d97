"""The demonstration tells as fact only what the letters tell: a date the sources do not give
is stored and shown as unknown, never as 1 January, and what the demo invents to show the
commission's work (the earlier decisions, the appeals' reasons and days) says so on the page."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from commission.cases.models import Decision
from commission.demo.loader import EARLIER_STEP, REINSTATEMENT, load_demo
from commission.registry.models import (
    Membership,
    MembershipStatusChange,
    Person,
    Position,
    Relationship,
)


@pytest.fixture
def demo(db, settings):
    settings.COMMISSION_TODAY = ""
    load_demo()


def _first_of_january(values):
    return [v for v in values if v is not None and (v.month, v.day) == (1, 1)]


def test_no_date_of_the_demo_is_a_placeholder_first_of_january(demo):
    dates = [
        *Person.objects.values_list("born_on", flat=True),
        *Person.objects.values_list("died_on", flat=True),
        *Membership.objects.values_list("joined_on", flat=True),
        *MembershipStatusChange.objects.values_list("effective_on", flat=True),
        *Position.objects.values_list("started_on", flat=True),
        *Relationship.objects.values_list("started_on", flat=True),
        *Relationship.objects.values_list("ended_on", flat=True),
    ]
    assert _first_of_january(dates) == []


def test_an_unknown_date_of_joining_is_stored_and_shown_as_unknown(demo, client):
    membership = Membership.objects.get(person__ref="P-kasparova-popova")
    assert membership.joined_on is None
    assert membership.history.order_by("id").first().effective_on is None
    client.force_login(User.objects.get(username="clerk"))
    page = client.get(reverse("registry:person", args=["P-kasparova-popova"])).content.decode()
    assert "date of joining unknown" in page
    assert "<td>date unknown</td>" in page
    assert "1 January" not in page
    lenin = Membership.objects.get(person__ref="P-lenin")
    assert "founding" not in " ".join(lenin.history.values_list("reason", flat=True))


def test_what_the_demo_invents_says_so_on_the_decisions(demo, client):
    earlier = Decision.objects.exclude(case__commission__ref="C-central")
    assert earlier.count() == 3
    assert all(d.reasons.startswith(EARLIER_STEP) for d in earlier)
    central = Decision.objects.filter(case__commission__ref="C-central")
    assert central.count() == 2
    assert all(d.reasons.startswith(REINSTATEMENT) for d in central)
    client.force_login(User.objects.get(username="chair"))
    case = earlier.order_by("id").first().case
    page = client.get(reverse("cases:detail", args=[case.ref])).content.decode()
    assert "Illustrative: the letters say only that she was expelled" in page


def test_the_kremlin_clerk_sees_alliluyevas_case_and_not_kasparova_popovas(demo):
    from django.contrib.auth.models import User

    from commission.cases.queries import visible_cases

    kremlin = User.objects.get(username="kremlin-clerk")
    subjects = set(visible_cases(kremlin).values_list("subject__ref", flat=True))
    assert subjects == {"P-n-alliluyeva"}
    everyone = set(visible_cases(User.objects.get(username="clerk")).values_list(
        "subject__ref", flat=True))  # fmt: skip
    assert everyone == {"P-n-alliluyeva", "P-kasparova-popova"}
