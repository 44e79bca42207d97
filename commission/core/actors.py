"""Who acts and who reads.

An `Actor` is the account a change is recorded under: a signed-in person, or the `system`
account for work started from the command line or on a schedule (`core.services.system_actor`).
A `Viewer` is whoever reads a page or calls the API, who may not be signed in; reads narrow
what they show by the viewer's permissions."""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser, User
from django.utils.translation import gettext as _

from commission.core.errors import NotAllowed

Actor: TypeAlias = User
Viewer: TypeAlias = User | AnonymousUser


def signed_in(user: Viewer) -> Actor:
    """The account a signed-in user acts as; a visitor who is not signed in is refused.

    The pages and the API hand `request.user` to a write through this, so a service only ever
    sees an account it can record."""
    if isinstance(user, AnonymousUser) or not user.is_authenticated:
        raise NotAllowed(_("You must be signed in to do this."))
    return user
