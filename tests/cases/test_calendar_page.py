"""The presenter moves a demonstration's story from day to day on the rules page, as the story
moves, and the pages take the new day at once; only whoever may change the rules may do it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import translation

from commission.audit.models import AuditEvent
from commission.cases.calendar import set_calendar
from commission.core import clock
from commission.core.actors import signed_in


@pytest.fixture
def admin(db):
    return User.objects.create_superuser(username="admin", password="correct horse battery")


@pytest.fixture
def story(admin):
    set_calendar(actor=signed_in(admin), today=dt.date(1921, 12, 20), story="The seed story.")


def test_the_admin_moves_the_story_on_and_the_banner_follows(client, admin, story, hierarchy):
    client.force_login(admin)
    url = reverse("cases:rules-of", args=[hierarchy.district.organisation.ref])
    page = client.get(url).content.decode()
    assert 'id="story-calendar"' in page
    assert "today is 20 December 1921" in page
    answer = client.post(
        reverse("cases:calendar"),
        {"today": "1922-01-10", "organisation": hierarchy.district.organisation.ref},
    )
    assert (answer.status_code, answer["Location"]) == (302, url)
    assert clock.today() == dt.date(1922, 1, 10)
    assert clock.calendar().story == "The seed story."
    page = client.get(url).content.decode()
    assert "The installation now takes 10 January 1922 as today." in page
    assert "Demonstration: today is 10 January 1922 in this story." in page
    event = AuditEvent.objects.filter(action="calendar.set").order_by("-seq").first()
    assert event is not None
    assert event.summary == "The installation now takes 10 January 1922 as today (The seed story.)."


def test_a_day_that_is_not_a_date_changes_nothing(client, admin, story, hierarchy):
    client.force_login(admin)
    before = AuditEvent.objects.count()
    answer = client.post(reverse("cases:calendar"), {"today": "tenth of January"}, follow=True)
    assert "Give the story&#x27;s new day as a date, such as 1922-01-10." in answer.content.decode()
    assert clock.today() == dt.date(1921, 12, 20)
    assert AuditEvent.objects.count() == before


def test_a_chair_may_not_move_the_calendar(client, chair, story, hierarchy):
    client.force_login(chair)
    url = reverse("cases:rules-of", args=[hierarchy.district.organisation.ref])
    assert 'id="story-calendar"' not in client.get(url).content.decode()
    before = AuditEvent.objects.count()
    answer = client.post(reverse("cases:calendar"), {"today": "1922-01-10"})
    assert answer.status_code == 403
    assert clock.today() == dt.date(1921, 12, 20)
    assert AuditEvent.objects.count() == before


def test_the_banner_and_the_message_speak_russian(client, admin, story, hierarchy):
    client.force_login(admin)
    client.cookies["django_language"] = "ru"
    answer = client.post(
        reverse("cases:calendar"), {"today": "1922-01-10"}, follow=True, HTTP_ACCEPT_LANGUAGE="ru"
    )
    page = answer.content.decode()
    with translation.override("ru"):
        moved = translation.gettext("The installation now takes %(day)s as today.")
    assert moved % {"day": "10 января 1922 г."} in page
    assert "10 января 1922 г." in page
    assert "г.." not in page  # the stop of «г.» ends the sentence too
