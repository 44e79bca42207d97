"""The demonstration installation: the seed story's registry and one account per role.

Loaded through the same import a user runs, and safe to run any number of times.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.db import transaction

from commission.core.roles import Role
from commission.core.services import system_actor
from commission.registry.models import Organisation, Person

DEMO_DIR = Path(__file__).resolve().parent.parent / "demo_data"
DEMO_REGISTRY = DEMO_DIR / "registry.jsonl"
DEMO_LETTERS = DEMO_DIR / "letters"
DEMO_ORGANISATION_REF = "rcp"

# Demo accounts: username → (role, registry person it is, if any).
DEMO_ACCOUNTS: dict[str, tuple[str, str | None]] = {
    "clerk": (Role.CLERK, None),
    "commissioner": (Role.COMMISSIONER, "P-solts"),
    "chair": (Role.CHAIR, "P-zalutsky"),
    "auditor": (Role.AUDITOR, None),
    "member": (Role.MEMBER, "P-kasparova-popova"),
}


@dataclass
class DemoResult:
    registry_loaded: bool = False
    accounts: dict[str, str] = field(default_factory=dict)  # username → password, new ones only
    messages: list[str] = field(default_factory=list)


def _password_file() -> Path:
    return Path(settings.VAR_DIR) / "demo-logins.txt"


def _known_passwords() -> dict[str, str]:
    path = _password_file()
    if not path.exists():
        return {}
    pairs = (line.split(" ", 1) for line in path.read_text().splitlines() if " " in line)
    return dict(pairs)


def _ensure_accounts(result: DemoResult) -> None:
    """Create the admin and one account per role, each with its own random password, written
    to var/demo-logins.txt (readable by the owner only) so the user can find them again."""
    known = _known_passwords()
    wanted = {"admin": ("admin", None), **DEMO_ACCOUNTS}
    for username, (role, person_ref) in wanted.items():
        user = User.objects.filter(username=username).first()
        if user is None:
            password = secrets.token_urlsafe(9)
            user = User.objects.create_user(username=username, password=password)
            if username == "admin":
                user.is_staff = user.is_superuser = True
                user.save(update_fields=["is_staff", "is_superuser"])
            else:
                user.groups.add(Group.objects.get(name=role))
            known[username] = password
            result.accounts[username] = password
        if person_ref:
            Person.objects.filter(ref=person_ref, user__isnull=True).update(user=user)
    path = _password_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{name} {password}\n" for name, password in sorted(known.items())))
    path.chmod(0o600)


def load_demo() -> DemoResult:
    """Load the demo registry (once) and make sure the demo accounts exist."""
    from commission.registry.interchange import import_registry

    result = DemoResult()
    actor = system_actor()
    if not Organisation.objects.filter(ref=DEMO_ORGANISATION_REF).exists():
        import_registry(actor=actor, paths=[DEMO_REGISTRY])
        result.registry_loaded = True
    with transaction.atomic():
        _ensure_accounts(result)
    return result


def demo_logins() -> dict[str, str]:
    return _known_passwords()
