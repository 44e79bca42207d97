"""The demonstration runs on the story's calendar: each step on its own day, the installation's
today the day of the last step played, so nothing in the story is overdue unless the story
makes it so, and the forms default to the story's today."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from commission.cases.models import Case, CaseTransition, Decision
from commission.core import clock
from commission.demo.loader import load_demo


@pytest.fixture(autouse=True)
def _no_calendar_in_environment(settings):
    settings.COMMISSION_TODAY = ""


def test_before_the_letters_today_is_the_day_they_were_written(db):
    load_demo(letters=False)
    assert clock.today() == dt.date(1921, 12, 20)
    assert [c.ref for c in Case.objects.all() if c.is_overdue(clock.today())] == []


def test_since_dates_are_the_days_of_the_story(db):
    load_demo(letters=False)
    since = [
        (c.kind, c.state, timezone.localtime(c.state_since).date())
        for c in Case.objects.filter(subject__ref="P-n-alliluyeva").order_by("id")
    ]
    # Expelled, put on probation on appeal on 14 December, appealed again on 20 December.
    assert since == [
        ("expulsion", "closed", dt.date(1921, 12, 14)),
        ("appeal", "appealed", dt.date(1921, 12, 20)),
        ("appeal", "open", dt.date(1921, 12, 20)),
    ]
    assert {t.at.year for t in CaseTransition.objects.all()} == {1921}
    assert {d.recorded_at.year for d in Decision.objects.all()} == {1921}


def test_the_decision_form_defaults_to_the_storys_today(client, db):
    load_demo(decide=False)
    client.force_login(User.objects.get(username="chair"))
    case = Case.objects.get(
        kind="appeal", commission__ref="C-central", subject__ref="P-n-alliluyeva"
    )
    page = client.get(reverse("cases:decide", args=[case.ref])).content.decode()
    assert 'name="decided_on" value="1921-12-20"' in page


def test_after_the_sitting_today_is_its_day_and_the_dashboard_shows_nothing_overdue(client, db):
    load_demo()
    assert clock.today() == dt.date(1922, 1, 10)
    for username in ("chair", "clerk", "commissioner"):
        client.force_login(User.objects.get(username=username))
        page = client.get(reverse("reports:dashboard")).content.decode()
        assert 'class="tag overdue"' not in page, username
        assert "Demonstration: today is 10 January 1922 in this story." in page
