"""The roles of the commission and what each may do.

Permissions are checked inside the services; views and the API only decide what to show.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commission.core.actors import Viewer
from commission.core.dbrouting import reading_connection
from commission.core.errors import NotAllowed


class Role:
    CLERK = "clerk"
    COMMISSIONER = "commissioner"
    CHAIR = "chair"
    AUDITOR = "auditor"
    MEMBER = "member"

    ALL = (CLERK, COMMISSIONER, CHAIR, AUDITOR, MEMBER)


# How a role is named to a reader, in the page's language (the group keeps the plain name).
ROLE_LABELS = {
    Role.CLERK: gettext_lazy("clerk"),
    Role.COMMISSIONER: gettext_lazy("commissioner"),
    Role.CHAIR: gettext_lazy("chair"),
    Role.AUDITOR: gettext_lazy("auditor"),
    Role.MEMBER: gettext_lazy("member"),
}


# app_label.codename for each role. The custom permissions are declared in the models' Meta.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.CLERK: [
        "documents.view_document",
        "documents.register_document",
        "intake.review_proposals",
        "inquiries.view_inquiry",
        "inquiries.send_inquiry",
        "inquiries.record_answer",
        "cases.view_case",
        "cases.open_case",
        "cases.manage_case",
        "cases.file_appeal",
        "cases.annotate_document",
        "registry.view_person",
        "registry.change_registry",
        "registry.view_personal_data",
        "registry.import_registry",
        "registry.export_registry",
        "jobs.view_job",
        "jobs.retry_job",
    ],
    Role.COMMISSIONER: [
        "documents.view_document",
        "inquiries.view_inquiry",
        "cases.view_case",
        "cases.view_confidential_case",
        "cases.annotate_document",
        "registry.view_person",
        "registry.view_personal_data",
    ],
    Role.CHAIR: [
        "documents.view_document",
        "documents.register_document",
        "intake.review_proposals",
        "inquiries.view_inquiry",
        "inquiries.send_inquiry",
        "inquiries.record_answer",
        "cases.view_case",
        "cases.view_confidential_case",
        "cases.open_case",
        "cases.manage_case",
        "cases.schedule_hearing",
        "cases.record_decision",
        "cases.withdraw_case",
        "cases.file_appeal",
        "cases.override_recusal",
        "cases.assign_case",
        "cases.annotate_document",
        "cases.sign_letter",
        "jobs.view_job",
        "jobs.retry_job",
        "registry.view_person",
        "registry.change_registry",
        "registry.view_personal_data",
        "registry.export_registry",
    ],
    Role.AUDITOR: [
        "documents.view_document",
        "inquiries.view_inquiry",
        "cases.view_case",
        "cases.view_confidential_case",
        "registry.view_person",
        "registry.view_personal_data",
        "registry.export_registry",
        "audit.view_auditevent",
        "audit.verify_audit_chain",
        "jobs.view_job",
    ],
    Role.MEMBER: [],
}


def _read_account(user: Any) -> None:
    """Reads the account's role names and permissions (its own and its roles'; every
    permission for a superuser) in one statement, and keeps them on the user object, which
    lives for one request, as Django keeps the permissions it reads (`_perm_cache`)."""
    user_model = get_user_model()
    user_groups = user_model.groups.through._meta.db_table
    user_permissions = user_model.user_permissions.through._meta.db_table
    group_permissions = Group.permissions.through._meta.db_table
    sql = f"""
        SELECT 'r', g.name, g.id FROM {Group._meta.db_table} g
          JOIN {user_groups} ug ON ug.group_id = g.id WHERE ug.user_id = %s
        UNION ALL
        SELECT 'p', ct.app_label || '.' || p.codename, 0 FROM {Permission._meta.db_table} p
          JOIN {ContentType._meta.db_table} ct ON ct.id = p.content_type_id
         WHERE %s
            OR p.id IN (SELECT permission_id FROM {user_permissions} WHERE user_id = %s)
            OR p.id IN (SELECT gp.permission_id FROM {group_permissions} gp
                          JOIN {user_groups} ug ON ug.group_id = gp.group_id
                         WHERE ug.user_id = %s)
    """  # noqa: S608  (table names from the models, the account as a parameter)
    with reading_connection(Permission).cursor() as cursor:
        cursor.execute(sql, [user.pk, bool(user.is_superuser), user.pk, user.pk])
        rows = cursor.fetchall()
    user._group_names = tuple(
        name for kind, name, _ in sorted(rows, key=lambda r: r[2]) if kind == "r"
    )
    if not hasattr(user, "_perm_cache"):
        user._perm_cache = {name for kind, name, _ in rows if kind == "p"}


def account_permissions(user: Any) -> set[str]:
    """Every permission the active, signed-in account holds, as "app_label.codename": what
    `commission.accounts.backends.AccountBackend` answers Django with."""
    if not hasattr(user, "_perm_cache"):
        _read_account(user)
    return user._perm_cache


def group_names(user: Viewer) -> tuple[str, ...]:
    """The names of the account's groups (its roles), in the order they were created: read once
    for the user object, with its permissions, however many parts of the page ask (the menu's
    role labels, the dashboard, the second factor's requirement). Nothing for one not signed
    in."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ()
    if getattr(user, "_group_names", None) is None:
        _read_account(user)
    return user._group_names  # type: ignore[union-attr]


def require(user: Viewer, permission: str, doing: str) -> None:
    """Refuse with a sentence unless `user` holds `permission`.

    `doing` completes the sentence "You may not …", e.g. "change the member registry".
    """
    if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated:
        raise NotAllowed(_("You must be signed in to %(doing)s.") % {"doing": doing})
    if not user.is_active or not user.has_perm(permission):
        raise NotAllowed(
            _("You may not %(doing)s: your role does not allow it.") % {"doing": doing}
        )


def can(user: Viewer, permission: str) -> bool:
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and user.has_perm(permission)
    )
