"""The roles of the commission and what each may do.

Permissions are checked inside the services; views and the API only decide what to show.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from commission.core.actors import Viewer
from commission.core.errors import NotAllowed


class Role:
    CLERK = "clerk"
    COMMISSIONER = "commissioner"
    CHAIR = "chair"
    AUDITOR = "auditor"
    MEMBER = "member"

    ALL = (CLERK, COMMISSIONER, CHAIR, AUDITOR, MEMBER)


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


def require(user: Viewer, permission: str, doing: str) -> None:
    """Refuse with a sentence unless `user` holds `permission`.

    `doing` completes the sentence "You may not …", e.g. "change the member registry".
    """
    if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated:
        raise NotAllowed(f"You must be signed in to {doing}.")
    if not user.is_active or not user.has_perm(permission):
        raise NotAllowed(f"You may not {doing}: your role does not allow it.")


def can(user: Viewer, permission: str) -> bool:
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and user.has_perm(permission)
    )
