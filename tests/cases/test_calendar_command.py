"""`commission calendar`: show and change the day the installation takes as today."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from commission.audit.models import AuditEvent
from commission.core import clock


@pytest.fixture(autouse=True)
def _no_calendar_in_environment(settings):
    settings.COMMISSION_TODAY = ""


def _run(*args: str) -> str:
    out = StringIO()
    call_command("calendar", *args, stdout=out)
    return out.getvalue().strip()


def test_set_show_and_back_to_the_real_calendar(db):
    assert _run("set", "1921-12-20", "--story", "The seed story.") == (
        "This installation runs on a story's calendar: today is 20 December 1921 "
        "(the day stored in the database). The seed story."
    )
    assert clock.today() == dt.date(1921, 12, 20)
    assert _run("show").startswith("This installation runs on a story's calendar")
    assert _run("real").startswith("This installation runs on the real calendar: today is ")
    assert AuditEvent.objects.filter(action="calendar.set").count() == 2


def test_a_day_that_is_not_a_date_is_refused_and_nothing_changes(db):
    with pytest.raises(CommandError, match="DAY must be a day written as YYYY-MM-DD"):
        _run("set", "1921-13-01")
    assert clock.calendar().is_real
    assert not AuditEvent.objects.exists()


def test_the_command_speaks_russian_with_the_month_in_the_genitive(db):
    from django.utils import translation

    with translation.override("ru"):
        said = _run("set", "1922-01-10", "--story", "The seed story of 1921–1922.")
    assert said == (
        "Система работает по календарю истории: сегодня 10 января 1922 г. "
        "(день, записанный в базе данных). История исходных писем 1921–1922 гг."
    )
