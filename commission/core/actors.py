"""Who acts and who reads.

An `Actor` is the account a change is recorded under: a signed-in person, or the `system`
account for work started from the command line or on a schedule (`core.services.system_actor`).
A `Viewer` is whoever reads a page or calls the API, who may not be signed in; reads narrow
what they show by the viewer's permissions."""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser, User

Actor: TypeAlias = User
Viewer: TypeAlias = User | AnonymousUser
