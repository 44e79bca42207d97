"""Whose personal data (addresses, telephones) a reader may see.

Only readers with `registry.view_personal_data` see any. A clerk posted to commissions
(`registry.posts`) sees only the personal data of the people her commissions need to know:
the members of the units under them, known here, and the people their cases concern, which
the layers above say once at start-up with `add_reach` (the cases: their subjects, witnesses
and parties; the inquiries: those asked). Names stay searchable by everyone who may view
people: matching letters to people needs them; the contact details do not."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q, QuerySet

from commission.core.actors import Viewer
from commission.core.roles import can
from commission.registry.models import Commission, Membership, Person, Unit
from commission.registry.posts import posted_commissions

PERSONAL = "registry.view_personal_data"

# Each: (reader, her commissions) -> a condition on Person for the people her cases concern.
_reaches: list[Callable[[Viewer, frozenset[int]], Q]] = []


def add_reach(reach: Callable[[Viewer, frozenset[int]], Q]) -> None:
    """Add to the people a posted clerk may see the personal data of (once, at start-up)."""
    if reach not in _reaches:
        _reaches.append(reach)


def units_under(commissions: frozenset[int]) -> set[int]:
    """The units of these commissions and every unit below them: one query per level of the
    hierarchy (a handful), not per unit."""
    found = set(
        Commission.objects.filter(pk__in=commissions, unit__isnull=False).values_list(
            "unit_id", flat=True
        )
    )
    level = set(found)
    while level:
        level = set(Unit.objects.filter(parent_id__in=level).values_list("pk", flat=True)) - found
        found |= level
    return {unit for unit in found if unit is not None}


def personal_data_reach(viewer: Viewer) -> Q | None:
    """The people whose personal data `viewer` may see, as a condition on Person; None for
    everyone (a reader with the permission and no post). Only for readers who hold PERSONAL."""
    commissions = posted_commissions(viewer)
    if commissions is None:
        return None
    reach = Q(
        pk__in=Membership.objects.filter(unit_id__in=units_under(commissions)).values("person_id")
    )
    # Her own record stays hers to read, whatever her post.
    reach |= Q(user_id=viewer.pk)
    for extra in _reaches:
        reach |= extra(viewer, commissions)
    return reach


def may_see_personal_data(viewer: Viewer, person: Person) -> bool:
    """Whether `viewer` may be shown `person`'s contact details."""
    if not can(viewer, PERSONAL):
        return False
    reach = personal_data_reach(viewer)
    return reach is None or Person.objects.filter(reach, pk=person.pk).exists()


def with_personal_data(viewer: Viewer, people: QuerySet[Person]) -> QuerySet[Person]:
    """Those of `people` whose contact details `viewer` may be shown (none without PERSONAL)."""
    if not can(viewer, PERSONAL):
        return people.none()
    reach = personal_data_reach(viewer)
    return people if reach is None else people.filter(reach)
