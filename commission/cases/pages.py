"""What the cases add to pages of the layers below them: the cases about a person, on the
person's page (registered when the application starts, from `CasesConfig.ready`)."""

from __future__ import annotations

from collections.abc import Mapping

from commission.cases.queries import visible_cases
from commission.core.actors import Viewer
from commission.registry.pages import person_section


@person_section(name="cases", template="cases/_person_cases.html")
def cases_about(viewer: Viewer, person_id: int) -> Mapping[str, object]:
    cases = (
        visible_cases(viewer)
        .filter(subject_id=person_id)
        .select_related("commission")
        .order_by("opened_at", "id")
    )
    return {"cases": list(cases)}
