"""The audit pages: the trail with its filters, one event, and the chain check
(commission.audit.views)."""

from __future__ import annotations

import datetime as dt
import importlib
import re

import pytest
from django.contrib.auth.models import Permission
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from commission.audit import views as audit_views
from commission.audit.models import AuditEvent
from commission.audit.services import record_event
from tests.factories import UserFactory

_TRIGGERS = importlib.import_module("commission.audit.migrations.0002_append_only_triggers")
EVENTS = reverse("audit:events")
VERIFY = reverse("audit:verify")


def _record(actor, n: int, action: str = "test.step") -> list[AuditEvent]:
    events = []
    for i in range(1, n + 1):
        with transaction.atomic():
            events.append(
                record_event(
                    actor=actor,
                    action=action,
                    target_type="test.thing",
                    target_id=str(i),
                    summary=f"Step {i}",
                    after={"n": i},
                )
            )
    return events


def _drop_append_only_triggers() -> None:
    """Go behind the triggers' back, as someone with direct database access could; the test's
    transaction brings them back."""
    statements = (
        _TRIGGERS.POSTGRES_BACKWARD
        if connection.vendor == "postgresql"
        else _TRIGGERS.SQLITE_BACKWARD
    )
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


@pytest.fixture
def contact_event(clerk) -> AuditEvent:
    with transaction.atomic():
        return record_event(
            actor=clerk,
            action="proposal.accept",
            target_type="intake.proposal",
            target_id="42",
            summary="Accepted: Record the phone “58–97” (personal data) for Kasparova-Popova.",
            after={"kind": "phone", "value": "58–97", "words": "telephone 58–97"},
        )


@pytest.fixture
def reader(db):
    """May read and verify the trail, but not see personal data."""
    user = UserFactory(username="reader")
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="audit",
            codename__in=["view_auditevent", "verify_audit_chain"],
        )
    )
    return user


@pytest.mark.parametrize("who", ["member", "clerk", "commissioner", "chair", "outsider"])
def test_only_the_auditor_reads_the_trail(client, request, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(EVENTS)
    assert response.status_code == 403
    html = response.content.decode()
    assert "<h1>Not allowed</h1>" in html
    assert "You may not read the audit trail: your role does not allow it." in html


def test_signed_out_visitors_are_sent_to_sign_in(client, db):
    assert client.get(EVENTS).url.startswith(reverse("login"))


def test_events_newest_first(client, auditor, clerk):
    _record(clerk, 3)
    client.force_login(auditor)
    html = client.get(EVENTS).content.decode()
    assert "3 events, newest first." in html
    assert html.index("Step 3") < html.index("Step 2") < html.index("Step 1")
    assert f'href="{reverse("audit:event", args=[3])}"' in html
    assert f'action="{VERIFY}"' in html


def test_paging(client, auditor, clerk):
    _record(clerk, 55)
    client.force_login(auditor)
    first = client.get(EVENTS).content.decode()
    assert "Page 1 of 2" in first
    assert "Step 55<" in first
    assert "Step 5<" not in first
    second = client.get(EVENTS, {"page": 2}).content.decode()
    assert "Step 5<" in second
    assert "Step 6<" not in second


def test_filter_by_kind(client, auditor, clerk):
    _record(clerk, 2)
    _record(clerk, 1, action="case.transition")
    client.force_login(auditor)
    for kind in ("case", "case.", "case.transition"):
        html = client.get(EVENTS, {"action": kind}).content.decode()
        assert "1 event matches these filters" in html, kind
        assert "case.transition" in html
    html = client.get(EVENTS, {"action": "case.open"}).content.decode()
    assert "No event matches these filters." in html


def test_filter_by_actor(client, auditor, clerk, chair):
    _record(clerk, 2)
    _record(chair, 1)
    with transaction.atomic():
        record_event(actor=None, action="test.system", target_type="x", target_id="1", summary="S")
    client.force_login(auditor)
    assert "2 events match" in client.get(EVENTS, {"actor": "CLERK"}).content.decode()
    assert "1 event match" in client.get(EVENTS, {"actor": "chair"}).content.decode()
    system = client.get(EVENTS, {"actor": "system"}).content.decode()
    assert "1 event match" in system
    assert "test.<wbr>system" in system  # the action's name may wrap at its dot on a phone
    assert "No event matches" in client.get(EVENTS, {"actor": "nobody"}).content.decode()


def test_filter_by_record(client, auditor, clerk):
    _record(clerk, 3)
    client.force_login(auditor)
    for value in ("test.thing 2", "test.thing:2", "Test.Thing 2"):
        html = client.get(EVENTS, {"target": value}).content.decode()
        assert "1 event match" in html, value
        assert "Step 2<" in html
    assert "3 events match" in client.get(EVENTS, {"target": "test.thing"}).content.decode()


def test_filter_by_dates(client, auditor, clerk):
    _record(clerk, 2)
    today = timezone.localdate()
    client.force_login(auditor)
    day = today.isoformat()
    assert "2 events match" in client.get(EVENTS, {"since": day, "until": day}).content.decode()
    tomorrow = (today + dt.timedelta(days=1)).isoformat()
    assert "No event matches" in client.get(EVENTS, {"since": tomorrow}).content.decode()
    backwards = client.get(EVENTS, {"since": tomorrow, "until": day}).content.decode()
    assert "The end of the period is before its start." in backwards


def test_a_bad_date_is_named_and_the_rest_still_filters(client, auditor, clerk):
    _record(clerk, 2)
    client.force_login(auditor)
    html = client.get(EVENTS, {"since": "20 Dec", "target": "test.thing 1"}).content.decode()
    assert "Enter a valid date." in html
    assert "1 event match" in html


def test_personal_data_only_to_those_allowed(client, auditor, reader, contact_event):
    client.force_login(auditor)
    assert "58–97" in client.get(EVENTS).content.decode()
    detail = reverse("audit:event", args=[contact_event.seq])
    html = client.get(detail).content.decode()
    assert "&quot;value&quot;: &quot;58–97&quot;" in html

    client.force_login(reader)
    listing = client.get(EVENTS).content.decode()
    assert "58–97" not in listing
    assert "Concerns personal data, which your role does not allow you to see." in listing
    html = client.get(detail).content.decode()
    assert "58–97" not in html
    assert "they are shown only to those allowed to see personal data" in html


def test_event_detail(client, auditor, clerk):
    events = _record(clerk, 3)
    client.force_login(auditor)
    html = client.get(reverse("audit:event", args=[2])).content.decode()
    assert "<h1>Audit event 2</h1>" in html
    assert events[1].hash in html
    assert events[0].hash in html  # its predecessor's
    assert "?target=test.thing+2" in html
    assert f'href="{reverse("audit:event", args=[1])}"' in html
    assert f'href="{reverse("audit:event", args=[3])}"' in html
    assert client.get(reverse("audit:event", args=[4])).status_code == 404


def test_verify_intact_chain(client, auditor, clerk):
    events = _record(clerk, 4)
    client.force_login(auditor)
    html = client.post(VERIFY, follow=True).content.decode()
    assert "The audit chain is intact." in html
    assert "4 events were checked, from event 1 to event 4." in html
    assert "records event 4 as the last one written, with the fingerprint" in html
    assert events[-1].hash in html


def test_verify_empty_chain(client, auditor):
    client.force_login(auditor)
    html = client.post(VERIFY, follow=True).content.decode()
    assert "There are no audit events yet, so there was nothing to check." in html


def test_verify_reports_an_edited_event(client, auditor, clerk):
    _record(clerk, 4)
    _drop_append_only_triggers()
    AuditEvent.objects.filter(seq=2).update(summary="Step 2, rewritten")
    client.force_login(auditor)
    html = client.post(VERIFY, follow=True).content.decode()
    assert "The audit chain has been tampered with." in html
    assert "4 events were checked and 1 problem found:" in html
    assert (
        "<li>Event 2 (test.step on test.thing 2) was changed after it was written: its contents "
        "no longer match its fingerprint.</li>"
    ) in html


def test_verify_reports_a_deleted_event(client, auditor, clerk):
    _record(clerk, 4)
    _drop_append_only_triggers()
    AuditEvent.objects.filter(seq=3).delete()
    client.force_login(auditor)
    html = client.post(VERIFY, follow=True).content.decode()
    assert "3 events were checked and 1 problem found:" in html
    assert "<li>The chain has a gap: event 3 is missing.</li>" in html


def test_verify_reports_events_cut_off_the_end(client, auditor, clerk):
    _record(clerk, 4)
    _drop_append_only_triggers()
    AuditEvent.objects.filter(seq=4).delete()
    client.force_login(auditor)
    html = client.post(VERIFY, follow=True).content.decode()
    assert "The chain ends at event 3 but event 4 was written" in html
    assert "records event 4 as the last one written" in html


def _state_in(html: str) -> str:
    found = re.search(r'name="state" value="([^"]+)"', html)
    assert found, "the page asks for the next slice"
    return found.group(1)


def test_verify_checks_a_long_chain_slice_by_slice(client, auditor, clerk, monkeypatch):
    monkeypatch.setattr(audit_views, "VERIFY_SLICE", 3)
    _record(clerk, 7)
    client.force_login(auditor)
    first = client.post(VERIFY, follow=True).content.decode()
    assert "3 of 7 events checked so far." in first
    assert 'hx-trigger="load"' in first  # htmx asks for the next slice at once
    assert "The audit chain is intact." not in first
    second = client.post(VERIFY, {"state": _state_in(first)}, follow=True).content.decode()
    assert "6 of 7 events checked so far." in second
    last = client.post(VERIFY, {"state": _state_in(second)}, follow=True).content.decode()
    assert "The audit chain is intact." in last
    assert "7 events were checked, from event 1 to event 7." in last
    assert 'name="state"' not in last


def test_verify_finds_what_was_done_in_a_later_slice(client, auditor, clerk, monkeypatch):
    monkeypatch.setattr(audit_views, "VERIFY_SLICE", 3)
    _record(clerk, 7)
    _drop_append_only_triggers()
    AuditEvent.objects.filter(seq=4).delete()  # the first event of the second slice
    AuditEvent.objects.filter(seq=6).update(summary="Step 6, rewritten")
    client.force_login(auditor)
    html = client.post(VERIFY, follow=True).content.decode()
    while 'name="state"' in html:
        html = client.post(VERIFY, {"state": _state_in(html)}, follow=True).content.decode()
    assert "6 events were checked and 2 problems found:" in html
    assert "<li>The chain has a gap: event 4 is missing.</li>" in html
    assert "<li>Event 6 (test.step on test.thing 6) was changed after it was written" in html


def test_verify_refuses_an_altered_state(client, auditor, clerk, monkeypatch):
    monkeypatch.setattr(audit_views, "VERIFY_SLICE", 3)
    _record(clerk, 7)
    client.force_login(auditor)
    state = _state_in(client.post(VERIFY, follow=True).content.decode())
    response = client.post(VERIFY, {"state": state[:-3] + "abc"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "This check could not be carried on" in page
    assert "Start the check again." in page
    assert "intact" not in page


def test_verify_lists_the_first_problems_and_counts_them_all(client, auditor, clerk, monkeypatch):
    monkeypatch.setattr(audit_views, "VERIFY_SLICE", 2)
    monkeypatch.setattr(audit_views, "MAX_LISTED_PROBLEMS", 2)
    _record(clerk, 5)
    _drop_append_only_triggers()
    AuditEvent.objects.filter(seq__in=[1, 3, 5]).update(summary="rewritten")
    client.force_login(auditor)
    html = client.post(VERIFY, follow=True).content.decode()
    while 'name="state"' in html:
        html = client.post(VERIFY, {"state": _state_in(html)}, follow=True).content.decode()
    assert "5 events were checked and 3 problems found:" in html
    assert html.count("was changed after it was written") == 2
    assert "The first 2 are listed here; <code>commission audit verify</code> lists all 3." in html


def test_verify_shows_its_result_at_an_address_that_can_be_reopened(client, auditor, clerk):
    _record(clerk, 3)
    client.force_login(auditor)
    before = client.get(VERIFY)
    assert before.status_code == 200
    assert "No check of the audit chain has been finished in this session yet." in (
        before.content.decode()
    )
    response = client.post(VERIFY)
    assert (response.status_code, response["Location"]) == (302, VERIFY)
    reopened = client.get(VERIFY).content.decode()
    assert "The audit chain is intact." in reopened
    assert "3 events were checked, from event 1 to event 3." in reopened
    assert client.get(VERIFY).content.decode().count("The audit chain is intact.") == 1


def test_the_last_slice_of_a_long_check_redirects_to_its_result(
    client, auditor, clerk, monkeypatch
):
    monkeypatch.setattr(audit_views, "VERIFY_SLICE", 3)
    _record(clerk, 4)
    client.force_login(auditor)
    first = client.post(VERIFY)
    assert first.status_code == 200
    last = client.post(VERIFY, {"state": _state_in(first.content.decode())})
    assert (last.status_code, last["Location"]) == (302, VERIFY)
    assert "4 events were checked, from event 1 to event 4." in client.get(VERIFY).content.decode()


def test_verify_checks_the_csrf_token(auditor):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(auditor)
    assert client.post(VERIFY).status_code == 403


@pytest.mark.parametrize("who", ["member", "clerk", "chair"])
def test_others_may_not_verify(client, request, who):
    client.force_login(request.getfixturevalue(who))
    response = client.post(VERIFY)
    assert response.status_code == 403
    assert "You may not verify the audit chain: your role does not allow it." in (
        response.content.decode()
    )
