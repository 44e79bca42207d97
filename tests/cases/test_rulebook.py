"""The procedure's rules are editable as versions with the day they take effect, never
overwritten; the rules applied are those in effect on the relevant day, and each decision keeps
the version it was taken under. Through the service, the page, the command and the API."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.urls import reverse
from rest_framework.test import APIClient

from commission.audit.models import AuditEvent
from commission.cases import rulebook, services
from commission.cases.enums import CaseState, DecisionOutcome
from commission.cases.models import DueProcessRules
from commission.cases.rules import rules_in_effect
from commission.core import clock
from commission.core.errors import Conflict, InvalidInput, NotAllowed

DEC_1 = dt.date(1921, 12, 1)
DEC_15 = dt.date(1921, 12, 15)


@pytest.fixture
def admin(db):
    return User.objects.create_superuser(username="admin", password="correct horse battery")


@pytest.fixture
def organisation(hierarchy):
    return hierarchy.district.organisation


def _set(actor, organisation, day, **changes):
    return rulebook.set_rules(
        actor=actor, organisation=organisation, effective_from=day, changes=changes,
        reason="Circular of the Central Commission.",
    )  # fmt: skip


def test_each_change_is_a_new_version_in_effect_from_its_day(admin, organisation):
    first = _set(admin, organisation, DEC_1, appeal_window_days=21)
    second = _set(admin, organisation, DEC_15, appeal_window_days="7", quorum_percent=66)
    assert (first.version, second.version) == (1, 2)
    assert rules_in_effect(organisation.pk, dt.date(1921, 11, 30)).pk is None
    assert rules_in_effect(organisation.pk, dt.date(1921, 11, 30)).appeal_window_days == 14
    assert rules_in_effect(organisation.pk, DEC_1) == first
    assert rules_in_effect(organisation.pk, dt.date(1921, 12, 14)).appeal_window_days == 21
    assert rules_in_effect(organisation.pk, DEC_15) == second
    assert (second.appeal_window_days, second.quorum_percent, second.file_due_days) == (7, 66, 30)
    first.refresh_from_db()
    assert first.appeal_window_days == 21  # never overwritten
    event = AuditEvent.objects.filter(action="rules.set").order_by("-seq").first()
    assert event.summary == (
        f"Rules of {organisation}, version 2, in effect from 15 December 1921: appeal window "
        "21 → 7; quorum of a sitting 50 → 66. Circular of the Central Commission."
    )
    assert event.before["appeal_window_days"] == 21
    assert event.after["appeal_window_days"] == 7


def test_a_second_version_on_the_same_day_is_refused_and_nothing_changes(admin, organisation):
    _set(admin, organisation, DEC_1, appeal_window_days=21)
    with pytest.raises(Conflict, match="already takes effect on 1 December 1921"):
        _set(admin, organisation, DEC_1, appeal_window_days=30)
    assert list(DueProcessRules.objects.values_list("version", "appeal_window_days")) == [(1, 21)]
    assert AuditEvent.objects.filter(action="rules.set").count() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"appeal_window": 3}, "There is no rule called 'appeal_window'"),
        ({"appeal_window_days": "two weeks"}, "Appeal window must be a whole number of days"),
        ({"halving_majority_percent": 120}, "must be between 1 and 100 % of votes; 120 is not"),
        ({"assignment_rule": "lottery"}, "'lottery' is not a rule of assignment"),
        ({"appeal_window_days": 14}, "These are already the rules in effect"),
    ],
)
def test_wrong_rules_are_refused_with_a_sentence(admin, organisation, changes, message):
    with pytest.raises(InvalidInput, match=message):
        _set(admin, organisation, DEC_1, **changes)
    assert not DueProcessRules.objects.exists()


def test_only_those_allowed_change_the_rules(chair, organisation):
    with pytest.raises(NotAllowed, match="change the procedure's rules"):
        _set(chair, organisation, DEC_1, appeal_window_days=21)
    assert not DueProcessRules.objects.exists()
    assert not AuditEvent.objects.filter(action="rules.set").exists()


def _decide(chair, hierarchy, day):
    with clock.on(day):
        case = services.open_case(
            actor=chair, subject=hierarchy.subject, commission=hierarchy.district,
            kind="expulsion", opened_on=day,
        )  # fmt: skip
        case = services.transition_case(
            actor=chair, case=case, to_state=CaseState.READY, reason="file complete",
            expected_version=case.version,
        )  # fmt: skip
        return services.record_decision(
            actor=chair, case=case, expected_version=case.version,
            outcome=DecisionOutcome.REPRIMAND, reasons="Late with the minutes.",
            votes=dict.fromkeys(hierarchy.district_commissioners, "for"), decided_on=day,
        )  # fmt: skip


def test_each_decision_keeps_the_version_in_effect_on_its_day(
    client, admin, chair, hierarchy, organisation
):
    before = _decide(chair, hierarchy, dt.date(1921, 11, 28))
    first = _set(admin, organisation, DEC_1, appeal_window_days=21)
    under_first = _decide(chair, hierarchy, dt.date(1921, 12, 10))
    second = _set(admin, organisation, DEC_15, appeal_window_days=7)
    under_second = _decide(chair, hierarchy, dt.date(1921, 12, 20))
    assert before.rules is None
    assert (under_first.rules, under_first.appeal_deadline) == (first, dt.date(1921, 12, 31))
    assert (under_second.rules, under_second.appeal_deadline) == (second, dt.date(1921, 12, 27))
    client.force_login(chair)
    page = client.get(reverse("cases:detail", args=[under_first.case.ref])).content.decode()
    assert "<dt>Rules</dt><dd>version 1, in effect from 1 December 1921</dd>" in page


def test_the_rules_page_records_a_new_version_for_the_admin_only(
    client, admin, chair, organisation
):
    url = reverse("cases:rules-of", args=[organisation.ref])
    client.force_login(chair)
    page = client.get(url).content.decode()
    assert "The default rules" in page
    assert "Record a new version" not in page
    assert client.post(url, {"effective_from": "1921-12-01"}).status_code == 403
    client.force_login(admin)
    form = rulebook.rule_values(rules_in_effect(organisation.pk))
    answer = client.post(
        url,
        {**form, "appeal_window_days": 21, "effective_from": "1921-12-01", "reason": "Circular."},
    )
    assert answer.status_code == 302
    page = client.get(url).content.decode()
    assert "Version 1, in effect from 1 December 1921." in page
    assert DueProcessRules.objects.get().appeal_window_days == 21
    again = client.post(
        url, {**form, "appeal_window_days": 30, "effective_from": "1921-12-01", "reason": "Again."}
    )
    assert again.status_code == 409
    assert "already takes effect on 1 December 1921" in again.content.decode()


def test_the_command_shows_and_sets_the_rules(admin, organisation):
    out = StringIO()
    call_command(
        "rules", "set", "appeal_window_days=21", "--organisation", organisation.ref,
        "--effective-from", "1921-12-01", "--reason", "Circular.", "--as", "admin", stdout=out,
    )  # fmt: skip
    assert out.getvalue().strip() == (
        f"Recorded the rules of {organisation}, version 1, in effect from 1 December 1921."
    )
    out = StringIO()
    call_command(
        "rules", "show", "--organisation", organisation.ref, "--on", "1921-12-02", stdout=out
    )
    lines = out.getvalue().splitlines()
    assert lines[0] == (
        f"The rules of {organisation} on 2 December 1921: version 1, in effect from "
        "1 December 1921."
    )
    assert lines[1].split() == ["appeal_window_days", "21", "days", "(Appeal", "window)"]
    with pytest.raises(CommandError, match="Write each change as NAME=VALUE"):
        call_command("rules", "set", "appeal_window_days", "--reason", "x")


def test_the_api_reads_and_records_versions(admin, clerk, organisation):
    api = APIClient()
    api.force_authenticate(clerk)
    body = {
        "organisation": organisation.ref, "effective_from": "1921-12-01", "reason": "Circular.",
        "changes": {"appeal_window_days": "21"},
    }  # fmt: skip
    assert api.post("/api/v1/rules/", body, format="json").status_code == 403
    assert not DueProcessRules.objects.exists()
    api.force_authenticate(admin)
    answer = api.post("/api/v1/rules/", body, format="json")
    assert answer.status_code == 201
    assert answer.json()["in_effect"]["version"] == 1
    assert answer.json()["in_effect"]["appeal_window_days"] == 21
    api.force_authenticate(clerk)
    read = api.get("/api/v1/rules/", {"organisation": organisation.ref, "on": "1921-11-30"})
    assert read.status_code == 200
    assert read.json()["in_effect"]["version"] is None
    assert [v["version"] for v in read.json()["versions"]] == [1]
