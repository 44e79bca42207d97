"""Who may read which document.

A document marked confidential is read only by those allowed to read confidential material. A
layer above may hide more documents the same way (the cases hide every document filed on a
confidential case): it says so once, with `keep_confidential`, when the application starts.
Every page, search, count and export narrows its documents with `readable`, so a reader never
learns of a document they may not read."""

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


def keep_confidential(*, permission: str, hidden: Callable[[], Q]) -> None:
    """Set the confidentiality policy (once, from the app that owns confidential cases)."""
    global _policy
    _policy = Confidentiality(permission=permission, hidden=hidden)


def may_read_confidential(user: Viewer) -> bool:
    if _policy is None:
        return bool(getattr(user, "is_superuser", False))
    return can(user, _policy.permission)


def readable(documents: QuerySet[Document], user: Viewer) -> QuerySet[Document]:
    """Narrow `documents` to those `user` may read."""
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
