"""The audit trail: audit.services.record_event, the append-only triggers, audit.queries."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.db import DatabaseError, connection, transaction

from commission.audit.chain import GENESIS_HASH, stored_hash
from commission.audit.keys import keyring
from commission.audit.models import AuditChainHead, AuditEvent
from commission.audit.queries import event_count, events_for, verify_chain
from commission.audit.services import record_event
from commission.core.errors import InvalidInput, NotAllowed
from commission.registry import services as registry_services

_TRIGGERS = importlib.import_module("commission.audit.migrations.0002_append_only_triggers")


def _record(actor, n: int) -> list[AuditEvent]:
    events = []
    for i in range(1, n + 1):
        with transaction.atomic():
            events.append(
                record_event(
                    actor=actor,
                    action="test.step",
                    target_type="test.thing",
                    target_id=str(i),
                    summary=f"Step {i} — Аллилуева",
                    before={"n": i - 1} if i > 1 else None,
                    after={"n": i, "on": dt.date(1921, 12, 20), "name": "Kasparova-Popova"},
                )
            )
    return events


def _hash_of(event: AuditEvent) -> str:
    """The fingerprint worked out again with the key the event names, as an administrator who
    also holds the audit key could."""
    return stored_hash(event, keyring().keys[event.key_id].mac_key)


def _drop_append_only_triggers() -> None:
    """Go behind the triggers' back, as someone with direct database access could. Inside the
    test's transaction, so the triggers come back when it rolls back."""
    statements = (
        _TRIGGERS.POSTGRES_BACKWARD
        if connection.vendor == "postgresql"
        else _TRIGGERS.SQLITE_BACKWARD
    )
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _rows() -> list[tuple]:
    return list(AuditEvent.objects.order_by("seq").values_list())


@pytest.fixture
def four(clerk):
    return _record(clerk, 4)


class TestRecordEvent:
    def test_events_are_chained(self, clerk):
        events = _record(clerk, 3)
        stored = list(AuditEvent.objects.order_by("seq"))
        assert [e.seq for e in stored] == [1, 2, 3]
        assert stored[0].prev_hash == GENESIS_HASH
        assert [e.prev_hash for e in stored[1:]] == [e.hash for e in stored[:-1]]
        assert [e.hash for e in stored] == [e.hash for e in events]
        # The hash recomputed from what the database gives back is the one written.
        assert [_hash_of(e) for e in stored] == [e.hash for e in stored]
        head = AuditChainHead.objects.get()
        assert (head.last_seq, head.last_hash) == (3, stored[-1].hash)

    def test_stored_values(self, clerk):
        _record(clerk, 1)
        stored = AuditEvent.objects.get(seq=1)
        assert (stored.actor, stored.actor_name, stored.action) == (clerk, "clerk", "test.step")
        assert (stored.target_type, stored.target_id) == ("test.thing", "1")
        assert stored.summary == "Step 1 — Аллилуева"
        assert stored.before is None
        assert stored.after == {"n": 1, "on": "1921-12-20", "name": "Kasparova-Popova"}
        assert len(stored.hash) == 64
        assert str(stored) == "#1 test.step test.thing:1"

    def test_target_model_names_the_record(self, clerk):
        person = registry_services.create_person(actor=clerk, surname="Alliluyeva")
        event = AuditEvent.objects.get()
        assert (event.seq, event.target_type, event.target_id) == (
            1,
            "registry.person",
            str(person.pk),
        )
        assert list(events_for("registry.person", str(person.pk))) == [event]
        assert event_count() == 1

    def test_without_an_actor_the_system_is_named(self, db):
        with transaction.atomic():
            event = record_event(actor=None, action="x.y", summary="by the system")
        assert (event.actor_id, event.actor_name) == (None, "system")

    def test_long_summary_is_cut_to_the_column(self, clerk):
        with transaction.atomic():
            event = record_event(actor=clerk, action="x.y", summary="a" * 600)
        stored = AuditEvent.objects.get(seq=event.seq)
        assert stored.summary == "a" * 500
        assert _hash_of(stored) == stored.hash

    def test_refused_outside_a_transaction(self, clerk):
        before = (_rows(), list(AuditChainHead.objects.values_list()))
        # The test itself runs inside a transaction; pretend for one call that it does not.
        wrapper = transaction.get_connection()
        wrapper.in_atomic_block = False
        try:
            with pytest.raises(RuntimeError) as caught:
                record_event(actor=clerk, action="x.y", summary="outside")
        finally:
            wrapper.in_atomic_block = True
        assert str(caught.value) == (
            "record_event must be called inside the transaction of the change."
        )
        assert (_rows(), list(AuditChainHead.objects.values_list())) == before

    def test_an_event_rolls_back_with_its_change(self, clerk):
        _record(clerk, 1)

        def change_that_fails():
            with transaction.atomic():
                record_event(actor=clerk, action="x.y", summary="rolled back")
                raise InvalidInput("The change failed after its event was written.")

        with pytest.raises(InvalidInput):
            change_that_fails()
        assert event_count() == 1
        assert AuditChainHead.objects.get().last_seq == 1
        (event,) = _record(clerk, 1)
        assert event.seq == 2


class TestVerifyChain:
    def test_intact_chain_has_no_problems(self, four, auditor):
        seen = []
        report = verify_chain(actor=auditor, progress=seen.append, batch_size=2)
        assert (report.checked, report.problems, report.intact) == (4, [], True)
        assert seen == [1, 1, 1, 1]

    def test_empty_chain(self, auditor):
        report = verify_chain(actor=auditor)
        assert (report.checked, report.problems) == (0, [])

    def test_edited_event(self, four, auditor):
        _drop_append_only_triggers()
        AuditEvent.objects.filter(seq=2).update(summary="Nothing happened")
        assert verify_chain(actor=auditor).problems == [
            "Event 2 (test.step on test.thing 2) was changed after it was written: its contents "
            "no longer match its fingerprint."
        ]

    def test_edited_payload(self, four, auditor):
        _drop_append_only_triggers()
        AuditEvent.objects.filter(seq=3).update(after={"n": 3, "on": "1921-12-21"})
        assert verify_chain(actor=auditor).problems == [
            "Event 3 (test.step on test.thing 3) was changed after it was written: its contents "
            "no longer match its fingerprint."
        ]

    def test_deleted_event_in_the_middle(self, four, auditor):
        _drop_append_only_triggers()
        AuditEvent.objects.filter(seq=2).delete()
        report = verify_chain(actor=auditor)
        assert (report.checked, report.problems) == (
            3,
            ["The chain has a gap: event 2 is missing."],
        )

    def test_deleted_run_of_events(self, clerk, auditor):
        _record(clerk, 5)
        _drop_append_only_triggers()
        AuditEvent.objects.filter(seq__in=[2, 3]).delete()
        assert verify_chain(actor=auditor).problems == [
            "The chain has a gap: events 2 to 3 are missing."
        ]

    def test_deleted_last_event(self, four, auditor):
        _drop_append_only_triggers()
        AuditEvent.objects.filter(seq=4).delete()
        assert verify_chain(actor=auditor).problems == [
            "The chain ends at event 3 but event 4 was written: events were removed from its end."
        ]

    def test_replaced_last_event(self, four, auditor):
        # A forger who knows the hash recipe rewrites the last event consistently; only the
        # chain head still remembers the event that was really written last.
        _drop_append_only_triggers()
        last = AuditEvent.objects.get(seq=4)
        last.summary = "Nothing happened"
        AuditEvent.objects.filter(seq=4).update(summary=last.summary, hash=_hash_of(last))
        assert verify_chain(actor=auditor).problems == [
            "The last event, 4, is not the one that was written last."
        ]

    def test_relinked_event(self, four, auditor):
        # Event 3 forged to follow event 1 directly, its own hash made consistent again.
        _drop_append_only_triggers()
        third = AuditEvent.objects.get(seq=3)
        third.prev_hash = four[0].hash
        AuditEvent.objects.filter(seq=3).update(prev_hash=third.prev_hash, hash=_hash_of(third))
        link = (
            "does not link to the event before it: events were removed, inserted or reordered here."
        )
        assert verify_chain(actor=auditor).problems == [
            f"Event 3 (test.step) {link}",
            f"Event 4 (test.step) {link}",
        ]

    def test_reordered_events(self, four, auditor):
        _drop_append_only_triggers()
        AuditEvent.objects.filter(seq=2).update(seq=100)
        AuditEvent.objects.filter(seq=3).update(seq=2)
        AuditEvent.objects.filter(seq=100).update(seq=3)
        link = (
            "does not link to the event before it: events were removed, inserted or reordered here."
        )
        changed = "was changed after it was written: its contents no longer match its fingerprint."
        assert verify_chain(actor=auditor).problems == [
            f"Event 2 (test.step) {link}",
            f"Event 2 (test.step on test.thing 3) {changed}",
            f"Event 3 (test.step) {link}",
            f"Event 3 (test.step on test.thing 2) {changed}",
            f"Event 4 (test.step) {link}",
        ]

    def test_needs_permission(self, four, clerk):
        before = _rows()
        with pytest.raises(NotAllowed) as caught:
            verify_chain(actor=clerk)
        assert caught.value.message == (
            "You may not verify the audit chain: your role does not allow it."
        )
        assert _rows() == before


class TestAppendOnly:
    """Runs after the tampering tests above, so it also shows that their dropped triggers came
    back when their transactions rolled back."""

    def _refused(self, action) -> None:
        before = _rows()
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            action()
        assert _rows() == before

    def test_update_refused(self, four):
        self._refused(lambda: AuditEvent.objects.filter(seq=2).update(summary="changed"))

    def test_save_refused(self, four):
        def edit():
            event = AuditEvent.objects.get(seq=1)
            event.summary = "changed"
            event.save()

        self._refused(edit)

    def test_delete_refused(self, four):
        self._refused(lambda: AuditEvent.objects.filter(seq=4).delete())

    def test_raw_sql_refused(self, four):
        def raw():
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM audit_auditevent WHERE seq = 1")

        self._refused(raw)

    @pytest.mark.postgres
    def test_truncate_refused_on_postgresql(self, four):
        def truncate():
            with connection.cursor() as cursor:
                # The events' deferred foreign-key checks would otherwise block TRUNCATE for
                # their own reason before the trigger is reached.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("TRUNCATE audit_auditevent")

        self._refused(truncate)

    def test_chain_still_verifies(self, four, auditor):
        assert verify_chain(actor=auditor).problems == []
