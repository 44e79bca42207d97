"""Who may read which document.

A document marked confidential is read only by those allowed to read confidential material. A
layer above may hide more documents the same way (the cases hide every document filed on a
confidential case): it says so once, with `keep_confidential`, when the application starts.
A layer above may also narrow what one reader needs to know (the cases keep a clerk posted to
commissions to the documents on their cases and the letters on no case yet), with
`narrow_by_need`. Every page, search, count and export narrows its documents with `readable`,
so a reader never learns of a document they may not read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from commission.core.actors import Viewer
from commission.core.roles import can
from commission.documents.models import Document


@dataclass(frozen=True)
class Confidentiality:
    """The permission that lets a reader past confidentiality, and the documents that a layer
    above keeps confidential besides those marked so."""

    permission: str
    hidden: Callable[[], Q]


_policy: Confidentiality | None = None
# (reader) -> a condition on Document for what this reader needs to know, or None for all.
_need: Callable[[Viewer], Q | None] | None = None


def keep_confidential(*, permission: str, hidden: Callable[[], Q]) -> None:
    """Set the confidentiality policy (once, from the app that owns confidential cases)."""
    global _policy
    _policy = Confidentiality(permission=permission, hidden=hidden)


def narrow_by_need(need: Callable[[Viewer], Q | None]) -> None:
    """Set the need-to-know rule (once, from the app that knows who needs what)."""
    global _need
    _need = need


def needed(user: Viewer) -> Q | None:
    """The documents `user` needs to know, as a condition on Document; None for every one."""
    return None if _need is None else _need(user)


def may_read_confidential(user: Viewer) -> bool:
    if _policy is None:
        return bool(getattr(user, "is_superuser", False))
    return can(user, _policy.permission)


def readable(documents: QuerySet[Document], user: Viewer) -> QuerySet[Document]:
    """Narrow `documents` to those `user` may read."""
    need = needed(user)
    if need is not None:
        documents = documents.filter(need)
    if may_read_confidential(user):
        return documents
    documents = documents.filter(confidential=False)
    return documents if _policy is None else documents.exclude(_policy.hidden())


def hidden_by_policy() -> QuerySet[Document]:
    """The documents a layer above keeps confidential besides those marked so (the documents
    on confidential cases: few), for a search engine that must leave them out itself."""
    if _policy is None:
        return Document.objects.none()
    return Document.objects.filter(_policy.hidden())


def may_read(user: Viewer, document: Document) -> bool:
    return readable(Document.objects.filter(pk=document.pk), user).exists()
