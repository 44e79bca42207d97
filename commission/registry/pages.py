"""Sections that the apps above the registry add to a person's page.

The registry shows what it holds about a person; where else the person appears (the cases about
them, say) is known only to the layers above it. Each of those registers a section here when the
application starts, and the person page shows every registered section in the order they were
registered, so the registry never imports the apps that build on it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from commission.core.actors import Viewer

SectionContext = Callable[[Viewer, int], Mapping[str, object]]


@dataclass(frozen=True)
class PersonSection:
    """A template to include on the person page, and how to fill it for a viewer and a person."""

    name: str
    template: str
    context: SectionContext


@dataclass(frozen=True)
class ShownSection:
    template: str
    context: Mapping[str, object]


_sections: dict[str, PersonSection] = {}


def person_section(*, name: str, template: str) -> Callable[[SectionContext], SectionContext]:
    """Register a section of the person page (a decorator on the function that fills it)."""

    def register(context: SectionContext) -> SectionContext:
        _sections[name] = PersonSection(name=name, template=template, context=context)
        return context

    return register


def sections_for(viewer: Viewer, person_id: int) -> list[ShownSection]:
    return [
        ShownSection(template=s.template, context=s.context(viewer, person_id))
        for s in _sections.values()
    ]
