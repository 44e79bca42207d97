"""Writes that belong to no single bounded context: role groups and the system actor."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission, User
from django.db import transaction
from django.utils.translation import gettext as _

from commission.core.roles import ROLE_PERMISSIONS

SYSTEM_USERNAME = "system"


def sync_role_groups(*, using: str = "default") -> None:
    """Create the role groups and give each exactly the permissions of commission.core.roles.

    Creates every app's permissions first, so it does not depend on the order in which the
    apps' post-migrate handlers run."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    with transaction.atomic(using=using):
        for role, codes in ROLE_PERMISSIONS.items():
            group, _unused = Group.objects.using(using).get_or_create(name=role)
            wanted = []
            for code in codes:
                app_label, codename = code.split(".")
                permission = (
                    Permission.objects.using(using)
                    .filter(content_type__app_label=app_label, codename=codename)
                    .first()
                )
                if permission is not None:
                    wanted.append(permission)
            group.permissions.set(wanted)


def system_actor() -> User:
    """The account that command-line work is recorded under when no --as user is given.

    It cannot log in (no usable password); it exists so every audit event names an actor.
    """
    user, created = User.objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={"is_superuser": True, "is_staff": False, "first_name": "Command line"},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def resolve_actor(username: str | None) -> User:
    """The user named on the command line (--as), or the system actor.

    Errors: NotAllowed when someone other than the operating-system user who runs the
    installation names a user (`core.operators`); NotFound for an unknown user. Commands call
    it through `audit.operators.command_line_actor`, which records who acted as whom."""
    from commission.core.errors import NotFound
    from commission.core.operators import check_may_act_as

    if not username:
        return system_actor()
    check_may_act_as(username)
    try:
        return User.objects.get(username=username)
    except User.DoesNotExist:
        raise NotFound(
            _("There is no user called '%(username)s'.") % {"username": username}
        ) from None


def mark_notification_read(*, user: User, notification_id: int) -> None:
    """Mark one of `user`'s notifications read. Someone else's is NotFound, not refused, so
    its number tells nothing; one already read keeps the time it was first read."""
    from django.utils import timezone

    from commission.core.errors import NotFound
    from commission.core.models import Notification

    mine = Notification.objects.filter(pk=notification_id, user=user)
    if not mine.exists():
        raise NotFound(_("There is no such notification."))
    mine.filter(read_at__isnull=True).update(read_at=timezone.now())


def set_language_preference(*, user: User, language: str) -> None:
    """Keep `language` (a code of settings.LANGUAGES, or "" for the browser's) as the language the
    account's pages are shown in, from this request on and at every later sign-in.

    A display choice of the person's own, not a record of the commission's work, so it writes no
    audit event. Errors: ValueError for a language the installation does not offer."""
    from django.conf import settings

    from commission.core.models import AccountPreference

    if language and language not in dict(settings.LANGUAGES):
        raise ValueError(f"There is no interface language {language!r}.")
    with transaction.atomic():
        AccountPreference.objects.update_or_create(user=user, defaults={"language": language})


def language_preference(user: User) -> str:
    """The account's chosen language, or "" when it has chosen none."""
    from commission.core.models import AccountPreference

    found = AccountPreference.objects.filter(user=user).values_list("language", flat=True).first()
    return found or ""
