"""The audit chain's keys, which the database does not hold.

One secret per key: from it are derived the key that makes every event's fingerprint (HMAC-SHA256)
and the Ed25519 key that signs the chain's checkpoints, whose public half an auditor keeps. A key
is named by its id, the start of its public key's SHA-256, so the id alone says nothing of the
secret.

The active key comes from the environment (COMMISSION_AUDIT_KEY) or from the key file
(settings.AUDIT_KEY_FILE). The key file also keeps every older key, used only to check the events
they keyed. The file is JSON:

    {"active": "<id>", "keys": [{"id": "<id>", "secret": "<base64url>", "created_at": "…"}]}
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
import os
import secrets
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

from commission.core.errors import CommissionError

SECRET_BYTES = 32
_MAC_INFO = b"commission audit event fingerprint"
_SIGNING_INFO = b"commission audit checkpoint signature"
ENVIRONMENT_NAME = "COMMISSION_AUDIT_KEY"


class AuditKeyProblem(CommissionError):
    """The audit keys are missing, damaged, exposed, or not this installation's."""


def _derive(secret: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(secret)


def key_id_of(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def public_key_text(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class AuditKey:
    key_id: str
    mac_key: bytes = field(repr=False)
    signing_key: Ed25519PrivateKey = field(repr=False)

    @classmethod
    def from_secret(cls, secret: bytes) -> AuditKey:
        signing_key = Ed25519PrivateKey.from_private_bytes(_derive(secret, _SIGNING_INFO))
        return cls(
            key_id=key_id_of(signing_key.public_key()),
            mac_key=_derive(secret, _MAC_INFO),
            signing_key=signing_key,
        )

    @property
    def public_key(self) -> Ed25519PublicKey:
        return self.signing_key.public_key()

    def sign(self, message: bytes) -> str:
        return base64.urlsafe_b64encode(self.signing_key.sign(message)).decode("ascii")


@dataclass(frozen=True)
class Keyring:
    """The active key, every key known (the active one included), and where they came from."""

    active: AuditKey
    keys: dict[str, AuditKey]
    source: str  # completes "the audit keys from …"
    path: Path
    from_environment: bool

    def public_keys(self) -> dict[str, Ed25519PublicKey]:
        return {key_id: key.public_key for key_id, key in self.keys.items()}


def new_secret() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(SECRET_BYTES)).decode("ascii").rstrip("=")


def _secret(text: Any, where: str) -> bytes:
    try:
        raw = _b64decode(str(text).strip())
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) < SECRET_BYTES:
        raise AuditKeyProblem(
            f"The audit key in {where} is not a key: it must be at least {SECRET_BYTES} random "
            "bytes written in base64 (make one with `commission audit new-key`)."
        )
    return raw


# The keyring as last read, with what it was read from; record_event asks for it on every write.
_cache: dict[tuple[Any, ...], Keyring] = {}


def keyring() -> Keyring:
    """The installation's audit keys.

    Creates the default key file (mode 0600) the first time when no key is configured; a key
    file named in the environment must exist. Errors: AuditKeyProblem, a sentence naming the
    file and what is wrong with it."""
    path = Path(settings.AUDIT_KEY_FILE)
    env_secret = str(settings.AUDIT_KEY or "").strip()
    if not env_secret and not path.exists():
        if not settings.AUDIT_KEY_FILE_CREATE:
            raise AuditKeyProblem(
                f"The audit key file {path} named by COMMISSION_AUDIT_KEY_FILE does not exist. "
                "Restore it from where its copy is kept; without it no event can be written or "
                "checked."
            )
        _create_key_file(path)
    try:
        stamp = path.stat().st_mtime_ns if path.exists() else None
    except OSError:
        stamp = None
    cache_key = (str(path), stamp, env_secret)
    cached = _cache.get(cache_key)
    if cached is not None:
        return cached
    ring = _read(path, env_secret)
    _cache.clear()
    _cache[cache_key] = ring
    return ring


def _read(path: Path, env_secret: str) -> Keyring:
    keys: dict[str, AuditKey] = {}
    active_id = ""
    if path.exists():
        document = _load_file(path)
        for number, entry in enumerate(document["keys"], start=1):
            if not isinstance(entry, dict) or "secret" not in entry:
                raise AuditKeyProblem(
                    f"The audit key file {path} is damaged: its key {number} has no secret."
                )
            key = AuditKey.from_secret(_secret(entry["secret"], f"the key file {path}"))
            if entry.get("id") not in (None, key.key_id):
                raise AuditKeyProblem(
                    f"The audit key file {path} is damaged: key {entry.get('id')} does not "
                    "match its secret."
                )
            keys[key.key_id] = key
        active_id = str(document.get("active") or "")
        if not env_secret and active_id not in keys:
            raise AuditKeyProblem(
                f"The audit key file {path} is damaged: it names {active_id or 'no key'} as "
                "the key in use, and holds no such key."
            )
    if env_secret:
        active = AuditKey.from_secret(_secret(env_secret, f"the variable {ENVIRONMENT_NAME}"))
        keys[active.key_id] = active
        source = f"the variable {ENVIRONMENT_NAME}" + (
            f" and the key file {path}" if path.exists() else ""
        )
        return Keyring(active, keys, source, path, from_environment=True)
    return Keyring(keys[active_id], keys, f"the key file {path}", path, from_environment=False)


def _load_file(path: Path) -> dict[str, Any]:
    try:
        mode = path.stat().st_mode
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise AuditKeyProblem(
            f"The audit key file {path} cannot be read: {error.strerror or error}."
        ) from None
    if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise AuditKeyProblem(
            f"The audit key file {path} may be read by other users of this machine "
            f"(its mode is {stat.S_IMODE(mode):04o}); make it its owner's alone with "
            f"`chmod 600 {path}`, and treat the keys in it as seen."
        )
    try:
        document = json.loads(text)
    except ValueError:
        document = None
    if not isinstance(document, dict) or not isinstance(document.get("keys"), list):
        raise AuditKeyProblem(
            f"The audit key file {path} is not an audit key file: it holds no list of keys."
        )
    return document


def _file_text(active_id: str, entries: list[dict[str, str]]) -> str:
    document = {
        "about": "The keys of Commission's audit chain. Keep this file secret, outside the data "
        "directory, and copied where a backup of the database is not: the events keyed with a "
        "key lost from here can no longer be checked.",
        "active": active_id,
        "keys": entries,
    }
    return json.dumps(document, indent=2) + "\n"


def _entry(secret: str) -> dict[str, str]:
    key = AuditKey.from_secret(_b64decode(secret))
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    return {"id": key.key_id, "secret": secret, "created_at": now}


def _create_key_file(path: Path) -> None:
    """Write a first key, readable by its owner only; a second process that gets there first
    wins and its key is used."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    entry = _entry(new_secret())
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        out.write(_file_text(entry["id"], [entry]))


def add_key(ring: Keyring) -> Keyring:
    """A new key made the active one in the key file, the older ones kept for checking.

    The file is replaced whole (written beside it, then renamed), so a crash leaves the old file
    or the new one, never half of either."""
    entries = _load_file(ring.path)["keys"] if ring.path.exists() else []
    entry = _entry(new_secret())
    text = _file_text(entry["id"], [*entries, entry])
    descriptor, temporary = tempfile.mkstemp(dir=ring.path.parent, prefix=".audit-keys-")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, ring.path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _cache.clear()
    return keyring()


def verify_signature(public_key: Ed25519PublicKey, signature: str, message: bytes) -> bool:
    try:
        public_key.verify(_b64decode(signature), message)
    except (InvalidSignature, binascii.Error, ValueError):
        return False
    return True


def public_key_from_text(text: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(_b64decode(text.strip()))
