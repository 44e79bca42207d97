"""Reads of the audit trail, and the chain check."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from commission.audit.chain import GENESIS_HASH, stored_hash
from commission.audit.checkpoints import Checkpoint, CheckpointFile
from commission.audit.keys import Keyring, keyring
from commission.audit.models import AuditChainHead, AuditEvent
from commission.core.actors import Viewer
from commission.core.audit_actions import AuditAction
from commission.core.roles import require


@dataclass
class ChainReport:
    """What a check of the chain found, and where it got to: a check may be carried out in
    parts (the web page checks a slice per request), each part resuming from the last."""

    checked: int = 0
    problems: list[str] = field(default_factory=list)
    next_seq: int = 1  # the event the check expects next
    prev_hash: str = GENESIS_HASH  # the hash that event must link to
    finished: bool = False
    key_id: str = ""  # the key the last event checked was made with; "" before keying
    unkeyed: int = 0  # events written before the chain was keyed
    missing_keys: list[str] = field(default_factory=list)  # keys named but not held
    rotations: int = 0
    # The checkpoints still to be compared, oldest first (as dicts, so the report travels as
    # JSON between the web page's slices); and how far they vouch for the chain.
    checkpoints: list[dict[str, Any]] = field(default_factory=list)
    checkpoints_given: int = 0
    checkpoints_matched: int = 0
    vouched_seq: int = 0  # the last event a checkpoint matched
    checkpoint_source: str = ""  # the checkpoint file's name, when one was given

    @property
    def intact(self) -> bool:
        return not self.problems

    def use_checkpoints(self, found: CheckpointFile) -> None:
        """Compare the chain with these checkpoints (their file's problems are the report's)."""
        self.checkpoint_source = found.source
        self.problems.extend(found.problems)
        self.checkpoints = [asdict(c) for c in found.checkpoints]
        self.checkpoints_given = len(found.checkpoints) + len(found.problems)


def verify_chain(
    *,
    actor: Viewer,
    progress: Callable[[int], None] | None = None,
    batch_size: int = 5000,
    resume: ChainReport | None = None,
    limit: int | None = None,
    checkpoints: CheckpointFile | None = None,
) -> ChainReport:
    """Recompute every event's keyed fingerprint and check the links between them, and, given
    `checkpoints` read from an auditor's file, the chain against what they signed.

    Reports, as sentences, every event whose contents changed after it was written, every gap in
    the sequence (a deleted event), every event linked to the wrong predecessor (reordering or
    insertion), a chain that ends before its recorded head (events cut off the end), a change of
    key that no rotation event records, an event keyed with a key the keyring does not hold, and
    against checkpoints: events rewritten since a checkpoint (between which two), and a chain cut
    short below a checkpoint, even when every fingerprint was recomputed with the key.

    With `limit`, checks at most that many events, from where `resume` (a report of the parts
    checked so far) stopped, and returns the report carried forward; `finished` says whether it
    reached the end of the chain.

    Errors: NotAllowed; AuditKeyProblem when the keys cannot be read."""
    require(actor, "audit.verify_audit_chain", "verify the audit chain")
    ring = keyring()
    report = resume or ChainReport()
    if checkpoints is not None:
        report.use_checkpoints(checkpoints)
    events = AuditEvent.objects.filter(seq__gte=report.next_seq).order_by("seq")
    if limit is not None:
        events = events[:limit]
    seen = 0
    for event in events.iterator(chunk_size=batch_size):
        seen += 1
        _check(report, event, ring)
        if progress is not None:
            progress(1)
    if limit is None or seen < limit:
        _check_head(report)
        _check_checkpoints_beyond_the_end(report)
        report.finished = True
    return report


def _check(report: ChainReport, event: AuditEvent, ring: Keyring) -> None:
    report.checked += 1
    expected_seq = report.next_seq
    gap = event.seq > expected_seq
    if event.seq != expected_seq:
        if gap:
            missing = (
                f"event {expected_seq} is"
                if event.seq == expected_seq + 1
                else f"events {expected_seq} to {event.seq - 1} are"
            )
            report.problems.append(
                _("The chain has a gap: %(missing)s missing.") % {"missing": missing}
            )
        else:
            report.problems.append(_("Event %(seq)s appears out of order.") % {"seq": event.seq})
    # After a gap the broken link is the gap itself; saying so twice would read as two separate
    # tamperings.
    if event.prev_hash != report.prev_hash and not gap:
        report.problems.append(
            _(
                "Event %(seq)s (%(action)s) does not link to the event before it: "
                "events were removed, inserted or reordered here."
            )
            % {"seq": event.seq, "action": event.action}
        )
    _check_key(report, event, ring)
    report.prev_hash = event.hash
    report.next_seq = event.seq + 1
    _check_checkpoints_at(report, event)


def _check_key(report: ChainReport, event: AuditEvent, ring: Keyring) -> None:
    """The event's fingerprint under the key it names, and that the key it names is the key
    of the event before it unless this event records the change."""
    changed = (
        f"Event {event.seq} ({event.action} on {event.target_type} {event.target_id}) "
        "was changed after it was written: its contents no longer match its fingerprint."
    )
    if not event.key_id:
        if report.key_id:
            report.problems.append(
                _(
                    "Event %(seq)s (%(action)s) carries no key although the chain was "
                    "keyed before it: it was written or rewritten outside the system."
                )
                % {"seq": event.seq, "action": event.action}
            )
        else:
            report.unkeyed += 1
        if stored_hash(event) != event.hash:
            report.problems.append(changed)
        return
    if event.key_id != report.key_id:
        rotation = event.action == AuditAction.AUDIT_KEY_ROTATE
        before = event.before if isinstance(event.before, dict) else {}
        after = event.after if isinstance(event.after, dict) else {}
        if (
            rotation
            and before.get("key_id", None) == report.key_id
            and after.get("key_id") == event.key_id
        ):
            report.rotations += 1
        elif report.checked > 1 or report.key_id:
            report.problems.append(
                _(
                    "Event %(seq)s (%(action)s) is keyed with key %(key_id)s, but the "
                    "event before it with %(value)s, and no change of key was recorded "
                    "between them."
                )
                % {
                    "seq": event.seq,
                    "action": event.action,
                    "key_id": event.key_id,
                    "value": report.key_id or "no key",
                }
            )
    report.key_id = event.key_id
    key = ring.keys.get(event.key_id)
    if key is None:
        if event.key_id not in report.missing_keys:
            report.missing_keys.append(event.key_id)
            report.problems.append(
                _(
                    "Event %(seq)s is keyed with key %(key_id)s, which is not among the "
                    "audit keys from %(source)s: it and the later events made with that "
                    "key cannot be checked. Is that this installation's key file?"
                )
                % {"seq": event.seq, "key_id": event.key_id, "source": ring.source}
            )
        return
    if stored_hash(event, key.mac_key) != event.hash:
        report.problems.append(changed)


def _check_checkpoints_at(report: ChainReport, event: AuditEvent) -> None:
    while report.checkpoints and report.checkpoints[0]["seq"] <= event.seq:
        checkpoint = Checkpoint(**report.checkpoints.pop(0))
        if checkpoint.seq < event.seq:
            report.problems.append(
                _(
                    "%(capitalize)s vouches for event %(seq)s, which is no longer in the "
                    "chain: events were removed there."
                )
                % {"capitalize": checkpoint.named().capitalize(), "seq": checkpoint.seq}
            )
        elif checkpoint.hash == event.hash:
            report.checkpoints_matched += 1
            report.vouched_seq = checkpoint.seq
        else:
            first = report.vouched_seq + 1
            where = (
                f"event {checkpoint.seq} was rewritten"
                if first == checkpoint.seq
                else f"one or more of events {first} to {checkpoint.seq} were rewritten"
            )
            report.problems.append(
                _(
                    "The chain was rewritten: %(named)s signed event %(seq)s with the "
                    "fingerprint %(hash)s…, but the chain now holds %(hash2)s… there. "
                    "Since the last checkpoint that still matches (event %(vouched_seq)s), "
                    "%(where)s, and the fingerprints after them were recomputed to hide it."
                )
                % {
                    "named": checkpoint.named(),
                    "seq": checkpoint.seq,
                    "hash": checkpoint.hash[:16],
                    "hash2": event.hash[:16],
                    "vouched_seq": report.vouched_seq,
                    "where": where,
                }
            )
            # The later checkpoints are compared with the forged chain too; each that differs
            # is reported, and the rewritten range starts after this one.
            report.vouched_seq = checkpoint.seq


def _check_checkpoints_beyond_the_end(report: ChainReport) -> None:
    if not report.checkpoints:
        return
    last_seq = report.next_seq - 1
    furthest = Checkpoint(**report.checkpoints[-1])
    report.problems.append(
        _(
            "The chain was cut short: it ends at event %(last_seq)s, but %(named)s "
            "vouches for event %(seq)s. Events %(value)s to %(seq)s were removed "
            "and the head of the chain moved back."
        )
        % {
            "last_seq": last_seq,
            "named": furthest.named(),
            "seq": furthest.seq,
            "value": last_seq + 1,
        }
    )
    report.checkpoints = []


def report_sentences(report: ChainReport) -> list[str]:
    """What a check that found no problem says, one sentence a line: how many events, the
    events written before keying, the changes of key, and the checkpoints compared."""
    lines = [f"The audit chain is intact: {report.checked} events checked."]
    if report.unkeyed:
        lines.append(
            f"The first {report.unkeyed} event(s) were written before the chain was keyed; "
            + (
                "the keyed event after them seals them."
                if report.unkeyed < report.checked
                else "none is keyed yet, so until the next event seals them, only a checkpoint "
                "guards them against being rewritten."
            )
        )
    if report.rotations:
        lines.append(
            _("The audit key was changed %(rotations)s time(s), each recorded.")
            % {"rotations": report.rotations}
        )
    if report.checkpoint_source:
        lines.append(
            f"It matches all {report.checkpoints_matched} checkpoint(s) in "
            f"{report.checkpoint_source}, the last at event {report.vouched_seq}."
            if report.checkpoints_matched
            else f"{report.checkpoint_source} holds no checkpoint to compare it with."
        )
    return lines


def _check_head(report: ChainReport) -> None:
    """The chain's last event against the head row written with every event."""
    head = AuditChainHead.objects.filter(pk=1).first()
    last_seq = report.next_seq - 1
    if head is not None and head.last_seq > last_seq:
        report.problems.append(
            _(
                "The chain ends at event %(last_seq)s but event %(last_seq2)s was "
                "written: events were removed from its end."
            )
            % {"last_seq": last_seq, "last_seq2": head.last_seq}
        )
    elif (
        head is not None
        and head.last_seq == last_seq
        and last_seq
        and head.last_hash != report.prev_hash
    ):
        report.problems.append(
            _("The last event, %(last_seq)s, is not the one that was written last.")
            % {"last_seq": last_seq}
        )


def events_for(target_type: str, target_id: str) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(target_type=target_type, target_id=target_id).order_by("-seq")


def event_count() -> int:
    return AuditEvent.objects.count()


def chain_head() -> AuditChainHead | None:
    """The row that records the last event written, or None before the first event."""
    return AuditChainHead.objects.filter(pk=1).first()


def last_change_seq() -> int:
    """The number of the chain's last event that changed the records (0 before any): what
    figures computed from the records are current to (core.audit_actions.READINGS)."""
    head = chain_head()
    return head.last_change_seq if head else 0


def recent_events(*, limit: int) -> QuerySet[AuditEvent]:
    """The newest events, newest first (the primary key, seq, returns them in order)."""
    return AuditEvent.objects.order_by("-seq")[:limit]


def event_list(
    *,
    action: str = "",
    actor: str = "",
    target_type: str = "",
    target_id: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    """Events newest first, filtered.

    `action` matches a whole action ("case.transition") or, ending in a dot or naming no dot,
    every action of that kind of record ("case" matches "case.transition", "case.open", …).
    `actor` is a username, or "system" for events no person did; it is matched through the
    user's id so that audit_actor_idx serves the list. `target_type` and `target_id` name the
    record (audit_target_idx). `since` and `until` are days in the server's time zone,
    both included."""
    events = AuditEvent.objects.all()
    action = action.strip()
    if action:
        if action.endswith(".") or "." not in action:
            events = events.filter(action__startswith=action.rstrip(".") + ".")
        else:
            events = events.filter(action=action)
    actor = actor.strip()
    if actor:
        if actor.lower() == "system":
            events = events.filter(actor__isnull=True)
        else:
            user_ids = get_user_model().objects.filter(username__iexact=actor).values("pk")
            events = events.filter(actor_id__in=user_ids)
    if target_type.strip():
        events = events.filter(target_type=target_type.strip().lower())
    if target_id.strip():
        events = events.filter(target_id=target_id.strip())
    zone = timezone.get_current_timezone()
    if since is not None:
        events = events.filter(
            occurred_at__gte=dt.datetime.combine(since, dt.time.min, tzinfo=zone)
        )
    if until is not None:
        after = until + dt.timedelta(days=1)
        events = events.filter(occurred_at__lt=dt.datetime.combine(after, dt.time.min, tzinfo=zone))
    return events.order_by("-seq")


# Proposals for contact details say "(personal data)" in their summary, and so do the events of
# their acceptance: the summary then quotes an address or a telephone.
PERSONAL_DATA_MARK = "personal data"
WITHHELD_SUMMARY = "Concerns personal data, which your role does not allow you to see."


def summary_for(event: AuditEvent, *, personal_data: bool) -> str:
    """The event's summary, or a sentence in its place when it quotes personal data and the
    reader may not see personal data."""
    if personal_data or PERSONAL_DATA_MARK not in event.summary.lower():
        return event.summary
    return WITHHELD_SUMMARY


# A page of the trail names at most this many records per kind; any more (not expected on one
# page) keep their kind and number.
_LABELLED_PER_KIND = 200


def record_labels(
    events: Iterable[AuditEvent], *, personal_data: bool
) -> dict[tuple[str, str], str]:
    """What each event's record is, as a person reads it ("appeal of Yevgenia Mikhailovna
    Kasparova-Popova", "proposal “Lenin, author”"), read by model name so the trail knows no
    app above it. A record that is gone, or of a kind no longer installed, has no label: the
    page shows its kind and number. Without `personal_data` only the records that say how
    they are referred to (a `label`: cases, decisions, inquiries) are named, since the text
    of any other record (a contact detail, a proposal read from a letter) may hold it."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for event in events:
        if event.target_type and event.target_id.isdigit():
            wanted[event.target_type].add(event.target_id)
    labels: dict[tuple[str, str], str] = {}
    for target_type, ids in wanted.items():
        try:
            model = apps.get_model(target_type)
        except (LookupError, ValueError):
            continue
        found = model._default_manager.in_bulk([int(i) for i in sorted(ids)][:_LABELLED_PER_KIND])
        for pk, record in found.items():
            label = getattr(record, "label", None)
            if not isinstance(label, str):
                if not personal_data:
                    continue
                label = f"{model._meta.verbose_name} “{record}”"
            labels[(target_type, str(pk))] = label
    return labels
