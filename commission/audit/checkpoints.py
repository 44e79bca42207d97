"""Signed checkpoints of the chain's head, kept outside the database.

A checkpoint says "on this day the chain held event N, with this fingerprint", signed with the
Ed25519 key derived from the audit key in use. The file of checkpoints is kept by an auditor (or
in an append-only place); checked against it, a chain whose events were rewritten, even with every
fingerprint recomputed with the key, or cut short and its head moved, no longer matches what was
signed. One checkpoint is one line of JSON:

    {"seq": 1234, "hash": "…", "at": "2026-12-03T18:00:00+00:00", "key_id": "…", "signature": "…"}

The public keys an auditor checks the signatures with are written by `commission audit
public-keys`, one per line: "<key id> <public key in base64url>".
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.utils.translation import gettext as _

from commission.audit.keys import (
    Keyring,
    keyring,
    public_key_from_text,
    public_key_text,
    verify_signature,
)
from commission.core.actors import Actor
from commission.core.errors import InvalidInput
from commission.core.roles import require


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    at: str
    key_id: str
    line: int = 0  # where it stands in its file, to name it in a sentence

    def message(self) -> bytes:
        """What is signed: every field but the signature and the line, in one fixed form."""
        fields = {"seq": self.seq, "hash": self.hash, "at": self.at, "key_id": self.key_id}
        return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode("utf-8")

    def named(self) -> str:
        return f"the checkpoint of {self.at[:19].replace('T', ' ')} (line {self.line})"


@dataclass
class CheckpointFile:
    """The checkpoints of a file whose signatures hold, oldest first, and sentences about the
    lines that could not be trusted."""

    source: str
    checkpoints: list[Checkpoint]
    problems: list[str]


def write_checkpoint(*, actor: Actor, path: Path, checked: ChainReportLike) -> Checkpoint:
    """Append a signed checkpoint of the chain as far as `checked` (a finished, intact check of
    it) went to the file at `path`, creating it (mode 0600) when missing.

    The checkpoint vouches for the event the check ended on, not for the head as it may be a
    moment later: events written since were not checked, and signing a chain unchecked could
    vouch for a forgery.

    Errors: NotAllowed; InvalidInput for an empty chain, a check not finished or not intact, or
    a file that cannot be written; AuditKeyProblem when the keys cannot be read."""
    require(actor, "audit.verify_audit_chain", "take a checkpoint of the audit chain")
    if not checked.finished or checked.problems:
        raise InvalidInput(_("Only a chain checked to its end and found intact gets a checkpoint."))
    seq = checked.next_seq - 1
    if seq < 1:
        raise InvalidInput(
            _("The audit chain has no events yet, so there is nothing to vouch for.")
        )
    ring = keyring()
    # Signed with the key of the event vouched for; a chain not keyed yet with the key in use.
    key = ring.keys.get(checked.key_id, ring.active)
    at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    unsigned = Checkpoint(seq=seq, hash=checked.prev_hash, at=at, key_id=key.key_id)
    record = {
        "seq": unsigned.seq,
        "hash": unsigned.hash,
        "at": unsigned.at,
        "key_id": unsigned.key_id,
        "signature": key.sign(unsigned.message()),
    }
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(descriptor, "a", encoding="utf-8") as out:
            out.write(json.dumps(record, sort_keys=True) + "\n")
    except OSError as error:
        raise InvalidInput(
            _("The checkpoint file %(path)s cannot be written: %(value)s.")
            % {"path": path, "value": error.strerror or error}
        ) from None
    return unsigned


class ChainReportLike(Protocol):
    """What a checkpoint needs of a check of the chain (audit.queries.ChainReport)."""

    finished: bool
    problems: list[str]
    next_seq: int
    prev_hash: str
    key_id: str


def read_public_keys(path: Path) -> dict[str, Ed25519PublicKey]:
    """The public keys in a file written by `commission audit public-keys`.

    Errors: InvalidInput naming the line that is not a key."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput(
            _("The public key file %(path)s cannot be read: %(error)s.")
            % {"path": path, "error": error}
        ) from None
    keys = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key_id, _sep, text = line.strip().partition(" ")
        try:
            keys[key_id] = public_key_from_text(text)
        except ValueError:
            raise InvalidInput(
                _(
                    "Line %(number)s of the public key file %(path)s is not a key id and a "
                    "public key."
                )
                % {"number": number, "path": path}
            ) from None
    if not keys:
        raise InvalidInput(_("The public key file %(path)s holds no public key.") % {"path": path})
    return keys


def public_keys_text(ring: Keyring) -> str:
    lines = ["# The public keys of Commission's audit checkpoints: key id, public key."]
    lines += [f"{key_id} {public_key_text(key.public_key)}" for key_id, key in ring.keys.items()]
    return "\n".join(lines) + "\n"


def read_checkpoints(
    source: Path | str, text: str, public_keys: dict[str, Ed25519PublicKey]
) -> CheckpointFile:
    """The checkpoints in `text` (the content of the file named `source`) whose signatures hold
    under `public_keys`. A line that is not a checkpoint, is signed with an unknown key or with
    a signature that does not hold is reported, not used: it may have been altered."""
    checkpoints: list[Checkpoint] = []
    problems: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        checkpoint, signature = _parse(line, number)
        if checkpoint is None:
            problems.append(
                f"Line {number} of the checkpoint file {source} is not a checkpoint; "
                "the file was altered or damaged there."
            )
            continue
        public_key = public_keys.get(checkpoint.key_id)
        if public_key is None:
            problems.append(
                f"{checkpoint.named().capitalize()} in {source} is signed with key "
                f"{checkpoint.key_id}, whose public key is not among those given; it was not used."
            )
            continue
        if not verify_signature(public_key, signature, checkpoint.message()):
            problems.append(
                f"{checkpoint.named().capitalize()} in {source} does not carry a valid signature: "
                "the checkpoint file was altered there; it was not used."
            )
            continue
        if checkpoints and checkpoint.seq < checkpoints[-1].seq:
            problems.append(
                f"{checkpoint.named().capitalize()} in {source} records event {checkpoint.seq}, "
                f"before the event {checkpoints[-1].seq} of the checkpoint above it: the chain "
                "went backwards between the two."
            )
        checkpoints.append(checkpoint)
    return CheckpointFile(str(source), checkpoints, problems)


def _parse(line: str, number: int) -> tuple[Checkpoint | None, str]:
    try:
        record: Any = json.loads(line)
        checkpoint = Checkpoint(
            seq=int(record["seq"]),
            hash=str(record["hash"]),
            at=str(record["at"]),
            key_id=str(record["key_id"]),
            line=number,
        )
        return checkpoint, str(record["signature"])
    except (ValueError, TypeError, KeyError):
        return None, ""
