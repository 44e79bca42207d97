"""The audit chain attacked as an administrator would: triggers dropped, an "expel" rewritten as
"retain", every fingerprint recomputed (with the audit key, too), the head moved; the tail cut
off; the key file swapped. Runs on SQLite and, in the PostgreSQL pass, on PostgreSQL."""

from __future__ import annotations

import importlib
import json
import os
import stat

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from commission.audit.chain import GENESIS_HASH, stored_hash
from commission.audit.checkpoints import read_checkpoints, write_checkpoint
from commission.audit.keys import AuditKeyProblem, keyring, new_secret
from commission.audit.models import AuditChainHead, AuditEvent
from commission.audit.queries import verify_chain
from commission.audit.services import record_event, rotate_key
from commission.core.audit_actions import AuditAction
from commission.core.errors import InvalidInput, NotAllowed
from commission.core.services import system_actor

_TRIGGERS = importlib.import_module("commission.audit.migrations.0002_append_only_triggers")


def _drop_append_only_triggers() -> None:
    """Inside the test's transaction, so the triggers come back when it rolls back."""
    statements = (
        _TRIGGERS.POSTGRES_BACKWARD
        if connection.vendor == "postgresql"
        else _TRIGGERS.SQLITE_BACKWARD
    )
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _step(actor, n: int) -> AuditEvent:
    with transaction.atomic():
        return record_event(
            actor=actor,
            action="test.step",
            target_type="registry.membership",
            target_id=str(n),
            summary=f"Step {n}",
            after={"n": n},
        )


def _decision(actor, outcome: str) -> AuditEvent:
    with transaction.atomic():
        return record_event(
            actor=actor,
            action=AuditAction.DECISION_RECORD,
            target_type="cases.decision",
            target_id="7",
            summary=f"The Central Commission decided on case 7 (Kasparova-Popova): {outcome}.",
            after={"case": 7, "outcome": outcome},
        )


def _recompute_from(seq: int, *, keyed: bool = True) -> None:
    """Make every fingerprint from event `seq` on match its contents again, each linked to the
    one before, and move the head to the last: what someone holding the key (or, unkeyed,
    knowing only the recipe) would do to hide an edit."""
    previous = AuditEvent.objects.filter(seq=seq - 1).first()
    prev_hash = previous.hash if previous is not None else GENESIS_HASH
    ring = keyring()
    for event in AuditEvent.objects.filter(seq__gte=seq).order_by("seq"):
        event.prev_hash = prev_hash
        if not keyed:
            event.key_id = ""
        event.hash = stored_hash(event, ring.keys[event.key_id].mac_key if keyed else None)
        AuditEvent.objects.filter(seq=event.seq).update(
            prev_hash=event.prev_hash, hash=event.hash, key_id=event.key_id
        )
        prev_hash = event.hash
    last = AuditEvent.objects.order_by("-seq").first()
    assert last is not None
    AuditChainHead.objects.filter(pk=1).update(
        last_seq=last.seq, last_hash=last.hash, key_id=last.key_id
    )


def _expel_to_retain(seq: int) -> None:
    AuditEvent.objects.filter(seq=seq).update(
        summary="The Central Commission decided on case 7 (Kasparova-Popova): retain.",
        after={"case": 7, "outcome": "retain"},
    )


def _verify_against(path, *extra: str) -> str:
    """The command's verdict: what it printed, or the error it ended with and its problems."""
    try:
        # As the installation (no --as): acting as another account is itself audited, and would
        # add an event to the chain under test.
        call_command("audit", "verify", "--against", str(path), *extra)
    except CommandError as error:
        return f"BROKEN: {error}"
    return "INTACT"


@pytest.fixture
def history(auditor, clerk, tmp_path):
    """Ten events with an expulsion at 5 and checkpoints at events 3, 6 and 10, in the file
    an auditor keeps."""
    checkpoints = tmp_path / "auditor" / "checkpoints.jsonl"
    checkpoints.parent.mkdir()
    for n in range(1, 11):
        if n == 5:
            _decision(clerk, "expel")
        else:
            _step(clerk, n)
        if n in (3, 6, 10):
            write_checkpoint(actor=auditor, path=checkpoints, checked=verify_chain(actor=auditor))
    return checkpoints


class TestRewrittenEvent:
    def test_the_forgery_passes_without_checkpoints(self, history, auditor):
        _drop_append_only_triggers()
        _expel_to_retain(5)
        _recompute_from(5)
        # This is why the checkpoints exist: with the key, a rewrite is self-consistent.
        assert verify_chain(actor=auditor).problems == []

    def test_checkpoints_find_the_rewritten_event(self, history, auditor, capsys):
        _drop_append_only_triggers()
        _expel_to_retain(5)
        _recompute_from(5)
        assert AuditEvent.objects.get(seq=5).after == {"case": 7, "outcome": "retain"}
        assert _verify_against(history) == (
            "BROKEN: The audit chain is broken: 2 problem(s) in 10 events."
        )
        problems = capsys.readouterr().err.strip().splitlines()
        at_6, at_10 = (AuditEvent.objects.get(seq=s).hash[:16] for s in (6, 10))
        assert len(problems) == 2
        assert problems[0].startswith("The chain was rewritten: the checkpoint of ")
        assert problems[0].endswith(
            f"(line 2) signed event 6 with the fingerprint {_signed(history, 2)[:16]}…, but the "
            f"chain now holds {at_6}… there. Since the last checkpoint that still matches (event "
            "3), one or more of events 4 to 6 were rewritten, and the fingerprints after them "
            "were recomputed to hide it."
        )
        assert (
            f"(line 3) signed event 10 with the fingerprint {_signed(history, 3)[:16]}…"
            in (problems[1])
        )
        assert f"the chain now holds {at_10}… there" in problems[1]

    def test_without_the_key_the_event_itself_is_named(self, history, auditor):
        # Recomputed with the recipe but not the key: the keyed fingerprint names the event.
        _drop_append_only_triggers()
        _expel_to_retain(5)
        event = AuditEvent.objects.get(seq=5)
        AuditEvent.objects.filter(seq=5).update(hash=stored_hash(event))
        problems = verify_chain(actor=auditor).problems
        assert problems[0] == (
            "Event 5 (decision.record on cases.decision 7) was changed after it was written: "
            "its contents no longer match its fingerprint."
        )

    def test_rewritten_as_unkeyed_events(self, history, auditor):
        # Every event stripped of its key and given the plain hash of an old, unkeyed chain.
        _drop_append_only_triggers()
        _expel_to_retain(5)
        _recompute_from(1, keyed=False)
        assert verify_chain(actor=auditor).problems == []
        report = verify_chain(actor=auditor, checkpoints=_checkpoints(history))
        assert report.checkpoints_matched == 0
        assert len(report.problems) == 3
        assert "one or more of events 1 to 3 were rewritten" in report.problems[0]

    def test_an_intact_chain_matches_every_checkpoint(self, history, capsys):
        assert _verify_against(history) == "INTACT"
        assert capsys.readouterr().out.splitlines() == [
            "The audit chain is intact: 10 events checked.",
            f"It matches all 3 checkpoint(s) in {history}, the last at event 10.",
        ]


class TestVerifyPage:
    """The page's check is the command's: the same verification, with the file uploaded."""

    def _post(self, client, path):
        with path.open("rb") as upload:
            return client.post(
                "/audit/verify/", {"checkpoints": upload}, follow=True
            ).content.decode()

    def test_intact_with_checkpoints(self, history, client, auditor):
        client.force_login(auditor)
        html = self._post(client, history)
        assert "The audit chain is intact." in html
        assert "It matches all 3 checkpoint(s) in checkpoints.jsonl, the last at event 10." in html
        assert "No checkpoint file was given" not in html

    def test_intact_without_checkpoints_says_what_that_leaves_open(self, history, client, auditor):
        client.force_login(auditor)
        html = client.post("/audit/verify/", follow=True).content.decode()
        assert "The audit chain is intact." in html
        assert "No checkpoint file was given: someone who holds the audit key" in html

    def test_the_forgery_on_the_page(self, history, client, auditor):
        _drop_append_only_triggers()
        _expel_to_retain(5)
        _recompute_from(5)
        client.force_login(auditor)
        html = self._post(client, history)
        assert "The audit chain has been tampered with." in html
        assert "10 events were checked and 2 problems found:" in html
        assert "one or more of events 4 to 6 were rewritten" in html

    def test_the_cut_chain_on_the_page(self, history, client, auditor):
        _drop_append_only_triggers()
        AuditEvent.objects.filter(seq__gte=8).delete()
        AuditChainHead.objects.filter(pk=1).update(
            last_seq=7, last_hash=AuditEvent.objects.get(seq=7).hash
        )
        client.force_login(auditor)
        html = self._post(client, history)
        assert "The chain was cut short: it ends at event 7, but the checkpoint of" in html

    def test_checkpoints_carried_across_slices(self, history, client, auditor, monkeypatch):
        from commission.audit import views

        monkeypatch.setattr(views, "VERIFY_SLICE", 4)
        _drop_append_only_triggers()
        _expel_to_retain(5)
        _recompute_from(5)
        client.force_login(auditor)
        html = self._post(client, history)
        for _ in range(3):
            if 'name="state"' not in html:
                break
            state = html.split('name="state" value="', 1)[1].split('"', 1)[0]
            html = client.post("/audit/verify/", {"state": state}, follow=True).content.decode()
        assert "The audit chain has been tampered with." in html
        assert "one or more of events 4 to 6 were rewritten" in html


class TestTruncatedChain:
    def test_cut_tail_and_moved_head(self, history, auditor, capsys):
        _drop_append_only_triggers()
        AuditEvent.objects.filter(seq__gte=8).delete()
        last = AuditEvent.objects.get(seq=7)
        AuditChainHead.objects.filter(pk=1).update(last_seq=7, last_hash=last.hash)
        assert verify_chain(actor=auditor).problems == []
        assert _verify_against(history) == (
            "BROKEN: The audit chain is broken: 1 problem(s) in 7 events."
        )
        (problem,) = capsys.readouterr().err.strip().splitlines()
        assert problem.startswith("The chain was cut short: it ends at event 7, but the ")
        assert problem.endswith(
            "(line 3) vouches for event 10. Events 8 to 10 were removed and the head of the "
            "chain moved back."
        )

    def test_cut_and_written_again(self, history, auditor, clerk):
        # The tail removed, then new events written in its place up to the same length: the
        # head at the checkpointed event now has another fingerprint.
        _drop_append_only_triggers()
        AuditEvent.objects.filter(seq__gte=5).delete()
        last = AuditEvent.objects.get(seq=4)
        AuditChainHead.objects.filter(pk=1).update(last_seq=4, last_hash=last.hash)
        for n in range(5, 11):
            _step(clerk, n)
        report = verify_chain(actor=auditor, checkpoints=_checkpoints(history))
        assert [p.split(":")[0] for p in report.problems] == [
            "The chain was rewritten",
            "The chain was rewritten",
        ]
        assert "one or more of events 4 to 6 were rewritten" in report.problems[0]


class TestCheckpointFile:
    def test_a_checkpoint_line_and_its_file(self, history):
        lines = history.read_text().splitlines()
        assert len(lines) == 3
        record = json.loads(lines[0])
        assert sorted(record) == ["at", "hash", "key_id", "seq", "signature"]
        assert (record["seq"], record["key_id"]) == (3, keyring().active.key_id)
        assert record["hash"] == AuditEvent.objects.get(seq=3).hash
        if os.name == "posix":
            assert stat.S_IMODE(history.stat().st_mode) == 0o600

    def test_an_altered_checkpoint_is_not_trusted(self, history, auditor):
        lines = history.read_text().splitlines()
        record = json.loads(lines[2])
        record["seq"], record["hash"] = 9, AuditEvent.objects.get(seq=9).hash
        lines[2] = json.dumps(record)
        history.write_text("\n".join([*lines, "not a checkpoint"]) + "\n")
        report = verify_chain(actor=auditor, checkpoints=_checkpoints(history))
        assert report.checkpoints_matched == 2
        assert len(report.problems) == 2
        assert report.problems[0].endswith(
            f"(line 3) in {history} does not carry a valid signature: the checkpoint file was "
            "altered there; it was not used."
        )
        assert report.problems[1] == (
            f"Line 4 of the checkpoint file {history} is not a checkpoint; the file was altered "
            "or damaged there."
        )

    def test_the_auditors_own_public_keys(self, history, auditor, tmp_path, settings, capsys):
        keys = tmp_path / "auditor" / "public-keys.txt"
        call_command("audit", "public-keys", "--out", str(keys))
        assert _verify_against(history, "--public-keys", str(keys)) == "INTACT"
        # Keys the checkpoints were not signed with: none of them is used.
        settings.AUDIT_KEY_FILE = tmp_path / "other" / "audit-keys.json"
        other = tmp_path / "auditor" / "other-keys.txt"
        call_command("audit", "public-keys", "--out", str(other))
        capsys.readouterr()
        verdict = _verify_against(history, "--public-keys", str(other))
        assert verdict.startswith("BROKEN: The audit chain is broken: 4 problem(s)")
        err = capsys.readouterr().err
        assert "whose public key is not among those given; it was not used." in err

    def test_no_checkpoint_of_a_broken_chain(self, history, auditor, capsys):
        _drop_append_only_triggers()
        _expel_to_retain(5)
        _recompute_from(5)
        before = history.read_text()
        with pytest.raises(CommandError, match="No checkpoint was written: the audit chain is"):
            call_command("audit", "checkpoint", "--out", str(history))
        assert history.read_text() == before

    def test_only_an_intact_finished_check_is_signed(self, history, auditor):
        before = history.read_text()
        unfinished = verify_chain(actor=auditor, limit=3)
        broken = verify_chain(actor=auditor)
        broken.problems.append("Event 2 was changed after it was written.")
        for report in (unfinished, broken):
            with pytest.raises(InvalidInput) as caught:
                write_checkpoint(actor=auditor, path=history, checked=report)
            assert caught.value.message == (
                "Only a chain checked to its end and found intact gets a checkpoint."
            )
        assert history.read_text() == before

    def test_checkpoint_command(self, history, clerk, capsys):
        _step(clerk, 11)
        call_command("audit", "checkpoint", "--out", str(history))
        head = AuditChainHead.objects.get()
        assert capsys.readouterr().out.strip() == (
            f"Checkpoint written to {history}: event 11, fingerprint {head.last_hash}, signed "
            f"with key {keyring().active.key_id}."
        )
        assert json.loads(history.read_text().splitlines()[-1])["seq"] == 11


class TestKeys:
    def test_the_default_key_file_is_its_owners_alone(self, history, settings):
        path = settings.AUDIT_KEY_FILE
        document = json.loads(path.read_text())
        assert document["active"] == keyring().active.key_id
        assert [k["id"] for k in document["keys"]] == [keyring().active.key_id]
        if os.name == "posix":
            assert stat.S_IMODE(path.stat().st_mode) == 0o600

    def test_a_wrong_key_file_is_refused(self, history, clerk, auditor, tmp_path, settings):
        before = list(AuditEvent.objects.values_list("seq", "hash"))
        written_with = keyring().active.key_id
        settings.AUDIT_KEY_FILE = tmp_path / "elsewhere" / "audit-keys.json"
        other = keyring().active.key_id
        with pytest.raises(AuditKeyProblem) as caught:
            _step(clerk, 11)
        assert caught.value.message == (
            f"The audit key in use ({other}, from the key file {settings.AUDIT_KEY_FILE}) is not "
            f"the key the audit chain was last written with ({written_with}), so nothing can be "
            "recorded. Point COMMISSION_AUDIT_KEY_FILE at this installation's key file, or, if "
            "the key was changed on purpose, record the change with `commission audit "
            "rotate-key`."
        )
        assert list(AuditEvent.objects.values_list("seq", "hash")) == before
        assert verify_chain(actor=auditor).problems == [
            f"Event 1 is keyed with key {written_with}, which is not among the audit keys from "
            f"the key file {settings.AUDIT_KEY_FILE}: it and the later events made with that key "
            "cannot be checked. Is that this installation's key file?"
        ]

    def test_a_named_key_file_that_is_missing(self, db, clerk, tmp_path, settings):
        settings.AUDIT_KEY_FILE = tmp_path / "nowhere.json"
        settings.AUDIT_KEY_FILE_CREATE = False
        with pytest.raises(AuditKeyProblem) as caught:
            _step(clerk, 1)
        assert caught.value.message == (
            f"The audit key file {settings.AUDIT_KEY_FILE} named by COMMISSION_AUDIT_KEY_FILE "
            "does not exist. Restore it from where its copy is kept; without it no event can "
            "be written or checked."
        )
        assert AuditEvent.objects.count() == 0

    @pytest.mark.parametrize(
        ("content", "mode", "says"),
        [
            ("{}", 0o600, "is not an audit key file: it holds no list of keys."),
            ('{"active": "x", "keys": []}', 0o600, "is damaged: it names x as the key in use"),
            ('{"active": "x", "keys": [{"secret": "c2hvcnQ"}]}', 0o600, "is not a key: it must"),
            ('{"keys": []}', 0o644, "may be read by other users of this machine (its mode is"),
        ],
    )
    def test_a_damaged_or_exposed_key_file(
        self, db, clerk, tmp_path, settings, content, mode, says
    ):
        path = tmp_path / "bad-keys.json"
        path.write_text(content)
        path.chmod(mode)
        settings.AUDIT_KEY_FILE = path
        with pytest.raises(AuditKeyProblem, match=r"^The audit key") as caught:
            _step(clerk, 1)
        assert says in caught.value.message
        assert str(path) in caught.value.message

    def test_the_wrong_key_on_the_verify_page(self, history, client, auditor, tmp_path, settings):
        settings.AUDIT_KEY_FILE = tmp_path / "elsewhere" / "audit-keys.json"
        client.force_login(auditor)
        html = client.post("/audit/verify/", follow=True).content.decode()
        assert "The audit chain has been tampered with." not in html
        assert "could not be checked with the keys this installation holds." in html
        assert "cannot be checked. Is that this installation&#x27;s key file?" in html

    def test_a_missing_key_file_on_the_verify_page(self, history, client, auditor, settings):
        settings.AUDIT_KEY_FILE = settings.AUDIT_KEY_FILE.parent / "gone.json"
        settings.AUDIT_KEY_FILE_CREATE = False
        client.force_login(auditor)
        response = client.post("/audit/verify/")
        assert response.status_code == 503
        assert (
            f"The audit key file {settings.AUDIT_KEY_FILE} named by COMMISSION_AUDIT_KEY_FILE "
            "does not exist."
        ) in response.content.decode()


class TestRotation:
    def test_rotation_is_an_event_and_old_events_still_verify(self, history, auditor, clerk):
        old = keyring().active.key_id
        event = rotate_key(actor=system_actor())
        new = keyring().active.key_id
        assert new != old
        assert (event.seq, event.action, event.key_id) == (11, "audit.key_rotate", new)
        assert event.before["key_id"] == old
        assert event.after == {"key_id": new}
        _step(clerk, 12)
        assert AuditEvent.objects.get(seq=12).key_id == new
        report = verify_chain(actor=auditor, checkpoints=_checkpoints(history))
        assert (report.problems, report.rotations, report.checkpoints_matched) == ([], 1, 3)

    def test_rotate_key_command(self, history, capsys):
        call_command("audit", "rotate-key")
        out = capsys.readouterr().out.strip()
        assert out.startswith("The audit key changed from ")
        assert out.endswith("events from here on are keyed with the new key. (event 11)")

    def test_only_the_operator_rotates(self, history, auditor, settings):
        before = settings.AUDIT_KEY_FILE.read_text()
        with pytest.raises(NotAllowed) as caught:
            rotate_key(actor=auditor)
        assert caught.value.message == (
            "You may not rotate the audit key: your role does not allow it."
        )
        assert settings.AUDIT_KEY_FILE.read_text() == before
        assert AuditEvent.objects.count() == 10

    def test_a_change_of_key_without_its_event(self, history, auditor, clerk):
        # The forger's own key: events after 8 rewritten with it, no rotation recorded.
        _drop_append_only_triggers()
        ring = keyring()
        forged = rotate_key(actor=system_actor())  # gives a second key in the key file
        new = keyring().active.key_id
        AuditEvent.objects.filter(seq=forged.seq).delete()
        AuditEvent.objects.filter(seq__gte=9).update(key_id=new)
        _recompute_from(9)
        problems = verify_chain(actor=auditor).problems
        assert problems == [
            f"Event 9 (test.step) is keyed with key {new}, but the event before it with "
            f"{ring.active.key_id}, and no change of key was recorded between them."
        ]

    def test_a_key_from_the_environment(self, history, auditor, clerk, settings):
        old = keyring().active.key_id
        settings.AUDIT_KEY = new_secret()
        with pytest.raises(AuditKeyProblem):
            _step(clerk, 11)
        event = rotate_key(actor=system_actor())
        assert (event.before["key_id"], event.key_id) == (old, keyring().active.key_id)
        assert keyring().from_environment
        _step(clerk, 12)
        assert verify_chain(actor=auditor).problems == []


class TestUnkeyedChain:
    """A chain written before events were keyed: its events carry the plain hash."""

    def _unkeyed(self, n: int) -> None:
        prev = GENESIS_HASH
        for seq in range(1, n + 1):
            event = AuditEvent(
                seq=seq,
                occurred_at="2026-11-30T10:00:00+00:00",
                actor_name="system",
                action="test.step",
                target_type="test.thing",
                target_id=str(seq),
                summary=f"Step {seq}",
                after={"n": seq},
                prev_hash=prev,
                key_id="",
            )
            event.save()
            event.refresh_from_db()
            event.hash = stored_hash(event)
            AuditEvent.objects.filter(seq=seq).update(hash=event.hash)
            prev = event.hash
        AuditChainHead.objects.create(pk=1, last_seq=n, last_hash=prev, key_id="")

    def test_the_first_keyed_write_seals_it(self, db, auditor, clerk, capsys):
        _drop_append_only_triggers()
        self._unkeyed(3)
        call_command("audit", "verify")
        assert capsys.readouterr().out.splitlines()[1] == (
            "The first 3 event(s) were written before the chain was keyed; none is keyed yet, so "
            "until the next event seals them, only a checkpoint guards them against being "
            "rewritten."
        )
        _step(clerk, 4)
        seal, step = AuditEvent.objects.filter(seq__gte=4).order_by("seq")
        key_id = keyring().active.key_id
        assert (seal.action, seal.key_id, seal.actor_name) == ("audit.key_rotate", key_id, "system")
        assert seal.before == {"key_id": "", "seq": 3, "hash": AuditEvent.objects.get(seq=3).hash}
        assert (step.seq, step.key_id, step.prev_hash) == (5, key_id, seal.hash)
        call_command("audit", "verify")
        assert capsys.readouterr().out.splitlines() == [
            "The audit chain is intact: 5 events checked.",
            "The first 3 event(s) were written before the chain was keyed; the keyed event "
            "after them seals them.",
            "The audit key was changed 1 time(s), each recorded.",
        ]

    def test_an_unkeyed_event_after_keying(self, db, auditor, clerk):
        _drop_append_only_triggers()
        self._unkeyed(2)
        _step(clerk, 3)
        AuditEvent.objects.filter(seq=4).update(key_id="")
        problems = verify_chain(actor=auditor).problems
        assert problems[0] == (
            "Event 4 (test.step) carries no key although the chain was keyed before it: it was "
            "written or rewritten outside the system."
        )


def _signed(path, line: int) -> str:
    return json.loads(path.read_text().splitlines()[line - 1])["hash"]


def _checkpoints(path):
    return read_checkpoints(path, path.read_text(), keyring().public_keys())
