"""The inquiries panel of the case page."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_full(db):
    from commission.demo.loader import load_demo

    load_demo(letters=True, decide=False)


def test_the_seed_case_shows_its_four_urgent_inquiries(client, demo_full):
    from commission.cases.models import Case
    from commission.inquiries.models import Inquiry

    case = Inquiry.objects.filter(subject__ref="P-kasparova-popova").first().case
    client.force_login(_user("clerk"))
    page = client.get(reverse("inquiries:case-panel", args=[case.ref])).content.decode()
    assert "4 open inquiries</strong>, 4 urgent" in page
    for name in ("Stalin", "Safarov", "Zinoviev", "Kornblyum"):
        assert name in page
    assert reverse("inquiries:witnesses", args=[case.ref]) in page
    assert Case.objects.filter(pk=case.pk).exists()


def test_a_member_is_not_shown_inquiries(client, demo_full):
    from django.contrib.auth.models import User

    from commission.inquiries.models import Inquiry
    from tests.factories import UserFactory

    case = Inquiry.objects.filter(subject__ref="P-kasparova-popova").first().case
    # Another member may not see the case at all: its panel is not found, as its page is not.
    client.force_login(UserFactory(username="a-member", roles=["member"]))
    answer = client.get(reverse("inquiries:case-panel", args=[case.ref]))
    assert answer.status_code == 404
    assert "Stalin" not in answer.content.decode()
    # The subject sees her own case, but not the inquiries about her.
    client.force_login(User.objects.get(username="member"))
    page = client.get(reverse("inquiries:case-panel", args=[case.ref])).content.decode()
    assert "does not allow you to read the inquiries" in page
    assert "Stalin" not in page


def test_an_unknown_case_is_not_found(client, clerk):
    client.force_login(clerk)
    assert client.get(reverse("inquiries:case-panel", args=["K-none"])).status_code == 404


def _user(name):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=name)
