"""Benchmark of the audit chain's check, keyed and not, and against checkpoints.

    python -m bench.audit [--events 200000] [--checkpoints 100]

Builds a fresh SQLite database under a temporary folder, with its own audit key file, and fills
it with a chain of events written with bulk_create (their fingerprints computed as record_event
computes them: a fixture, not a test of the writer). Then measures, on the same chain:

- `audit.queries.verify_chain`, the whole chain, keyed (HMAC-SHA256 with the audit key);
- the same against a file of signed checkpoints spread along the chain (signatures checked
  with the public keys first);
- writing one checkpoint (`write_checkpoint` after a check);
- the same check on a chain of the same events written before keying (plain SHA-256).

Wall and CPU seconds are given; on a shared machine the wall clock also counts other work.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BATCH = 5000


def _setup(folder: Path) -> None:
    os.environ.pop("DATABASE_URL", None)
    os.environ["COMMISSION_VAR_DIR"] = str(folder / "var")
    os.environ["COMMISSION_AUDIT_KEY_FILE"] = str(folder / "keys" / "audit-keys.json")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commission.settings")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    # The key file is outside the data folder and made here, as an installation's would be.
    settings.AUDIT_KEY_FILE_CREATE = True
    call_command("migrate", verbosity=0)


def _build_chain(count: int, *, keyed: bool) -> None:
    from django.db import connection

    from commission.audit.chain import GENESIS_HASH, event_hash
    from commission.audit.keys import keyring
    from commission.audit.models import AuditChainHead, AuditEvent

    with connection.cursor() as cursor:  # the benchmark's own database; the triggers go
        cursor.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")
    AuditEvent.objects.all().delete()
    key = keyring().active
    start = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    prev = GENESIS_HASH
    for first in range(1, count + 1, BATCH):
        rows = []
        for seq in range(first, min(first + BATCH, count + 1)):
            fields: dict[str, Any] = {
                "seq": seq,
                "occurred_at": start + dt.timedelta(seconds=seq),
                "actor_id": None,
                "actor_name": "bench",
                "action": "case.transition",
                "target_type": "cases.case",
                "target_id": str(seq),
                "summary": f"Case {seq}: open → gathering material.",
                "before": {"state": "open"},
                "after": {"state": "gathering"},
                "prev_hash": prev,
            }
            digest = event_hash(
                **fields,
                key_id=key.key_id if keyed else "",
                mac_key=key.mac_key if keyed else None,
            )
            rows.append(AuditEvent(**fields, hash=digest, key_id=key.key_id if keyed else ""))
            prev = digest
        AuditEvent.objects.bulk_create(rows)
    AuditChainHead.objects.update_or_create(
        pk=1,
        defaults={"last_seq": count, "last_hash": prev, "key_id": key.key_id if keyed else ""},
    )


def _timed(call: Any) -> tuple[float, float, Any]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = call()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def run(events: int, checkpoints: int) -> None:
    from commission.audit.checkpoints import read_checkpoints, write_checkpoint
    from commission.audit.keys import keyring
    from commission.audit.queries import ChainReport, verify_chain
    from commission.core.services import system_actor

    actor = system_actor()
    _build_chain(events, keyed=True)
    wall, cpu, report = _timed(lambda: verify_chain(actor=actor))
    assert report.intact, report.problems
    print(f"keyed chain, {events:,} events: {wall:.2f} s wall, {cpu:.2f} s CPU "
          f"({wall / events * 1e6:.1f} µs an event)")  # fmt: skip

    folder = Path(tempfile.mkdtemp(prefix="checkpoints-"))
    path = folder / "checkpoints.jsonl"
    step = max(1, events // checkpoints)
    for seq in range(step, events + 1, step):
        partial = ChainReport(
            finished=True, next_seq=seq + 1, key_id=keyring().active.key_id,
            prev_hash=_hash_at(seq),
        )  # fmt: skip
        write_checkpoint(actor=actor, path=path, checked=partial)
    wall_cp, _cpu, _written = _timed(
        lambda: write_checkpoint(actor=actor, path=path, checked=report)
    )
    found = read_checkpoints(path, path.read_text(), keyring().public_keys())
    wall, cpu, against = _timed(lambda: verify_chain(actor=actor, checkpoints=found))
    assert against.intact, against.problems
    assert against.checkpoints_matched == len(found.checkpoints)
    print(f"the same against {len(found.checkpoints)} checkpoints: {wall:.2f} s wall, "
          f"{cpu:.2f} s CPU")  # fmt: skip
    print(f"one checkpoint written (after the check): {wall_cp * 1000:.1f} ms wall")

    _build_chain(events, keyed=False)
    wall, cpu, report = _timed(lambda: verify_chain(actor=actor))
    assert report.intact, report.problems
    assert report.unkeyed == events
    print(f"unkeyed chain, {events:,} events: {wall:.2f} s wall, {cpu:.2f} s CPU "
          f"({wall / events * 1e6:.1f} µs an event)")  # fmt: skip


def _hash_at(seq: int) -> str:
    from commission.audit.models import AuditEvent

    return AuditEvent.objects.values_list("hash", flat=True).get(seq=seq)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.audit", description=__doc__)
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--checkpoints", type=int, default=100)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="commission-audit-bench-") as folder:
        _setup(Path(folder))
        run(args.events, args.checkpoints)


if __name__ == "__main__":
    main()
