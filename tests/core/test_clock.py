"""The one clock: the real calendar by default, a story's calendar when the installation is set
to one (stored, or COMMISSION_TODAY), and a banner on every page saying so."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.checks import run_checks
from django.urls import reverse
from django.utils import timezone

from commission.audit.models import AuditEvent
from commission.cases.calendar import set_calendar
from commission.core import clock
from commission.core.errors import NotAllowed
from commission.core.models import InstallationCalendar
from commission.core.services import system_actor

STORY_DAY = dt.date(1922, 1, 10)


@pytest.fixture(autouse=True)
def _no_calendar_in_environment(settings):
    settings.COMMISSION_TODAY = ""


def test_the_real_calendar_is_the_default(db):
    assert clock.calendar().is_real
    assert clock.today() == timezone.localdate()
    assert abs(clock.now() - timezone.now()) < dt.timedelta(seconds=5)


def test_a_stored_day_is_today_and_now_falls_on_it_with_an_audit_event(db):
    set_calendar(actor=system_actor(), today=STORY_DAY, story="The seed story.")
    assert clock.today() == STORY_DAY
    assert timezone.localtime(clock.now()).date() == STORY_DAY
    assert clock.calendar().story == "The seed story."
    event = AuditEvent.objects.get(action="calendar.set")
    assert event.summary == "The installation now takes 10 January 1922 as today (The seed story.)."
    # The audit trail keeps the real time of the change.
    assert event.occurred_at.date() == timezone.now().date()


def test_back_to_the_real_calendar(db):
    set_calendar(actor=system_actor(), today=STORY_DAY)
    set_calendar(actor=system_actor(), today=None)
    assert clock.today() == timezone.localdate()
    assert InstallationCalendar.objects.get().story == ""


def test_the_environment_wins_over_the_stored_day(db, settings):
    set_calendar(actor=system_actor(), today=STORY_DAY)
    settings.COMMISSION_TODAY = "1921-12-20"
    assert clock.today() == dt.date(1921, 12, 20)
    assert clock.calendar().source == "environment"


def test_a_day_not_written_as_a_date_is_a_configuration_error(settings):
    settings.COMMISSION_TODAY = "20/12/1921"
    errors = [m for m in run_checks() if m.id == "commission.E002"]
    assert [e.msg for e in errors] == [
        "COMMISSION_TODAY must be a day written as YYYY-MM-DD, not '20/12/1921'."
    ]


def test_on_pins_the_day_for_the_code_inside(db):
    with clock.on(dt.date(1921, 11, 28)):
        assert clock.today() == dt.date(1921, 11, 28)
    assert clock.today() == timezone.localdate()


def test_a_clerk_may_not_move_the_calendar_and_nothing_changes(clerk):
    with pytest.raises(NotAllowed):
        set_calendar(actor=clerk, today=STORY_DAY)
    assert not InstallationCalendar.objects.exists()
    assert not AuditEvent.objects.filter(action="calendar.set").exists()


def test_every_page_says_which_calendar_it_runs_on(client, clerk):
    client.force_login(clerk)
    page = client.get(reverse("reports:dashboard")).content.decode()
    assert "Demonstration: today is" not in page
    set_calendar(actor=system_actor(), today=STORY_DAY)
    page = client.get(reverse("reports:dashboard")).content.decode()
    assert "Demonstration: today is 10 January 1922 in this story." in page
    assert "Tuesday, 10 January 1922" in page
