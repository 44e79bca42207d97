"""The roles of the commission and what each may do.

Permissions are checked inside the services; views and the API only decide what to show.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commission.core.actors import Viewer
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


def group_names(user: Viewer) -> tuple[str, ...]:
    """The names of the account's groups (its roles), in the order they were created: read once
    for the user object, which lives for one request, however many parts of the page ask (the
    menu's role labels, the dashboard, the second factor's requirement), as Django keeps the
    account's permissions. Nothing for one not signed in."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ()
    names: tuple[str, ...] | None = getattr(user, "_group_names", None)
    if names is None:
        names = tuple(user.groups.order_by("pk").values_list("name", flat=True))
        user._group_names = names  # type: ignore[union-attr]
    return names


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
