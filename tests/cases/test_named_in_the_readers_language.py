"""What the system writes about a case is composed in the reader's language when it is shown:
a case opened without a typed title is named by its kind and its subject, the grounds the
commission starts with are translated, and the minutes of a sitting speak the reader's language."""

from __future__ import annotations

import datetime as dt

from django.utils import translation
from django.utils.text import capfirst

from commission.cases import services
from commission.cases.enums import CaseKind
from commission.cases.models import Ground
from commission.registry.services import add_person_name


def test_a_case_without_a_typed_title_is_named_in_the_readers_language(hierarchy, chair, clerk):
    add_person_name(
        actor=clerk, person=hierarchy.subject, kind="variant", value="Надежда Сергеевна Аллилуева"
    )
    case = services.open_case(
        actor=chair, subject=hierarchy.subject, commission=hierarchy.district,
        kind=CaseKind.EXPULSION, opened_on=dt.date(1921, 12, 1),
    )  # fmt: skip
    assert case.title == ""
    with translation.override("en"):
        assert str(case) == "Expulsion of Nadezhda Sergeyevna Alliluyeva"
    with translation.override("ru"):
        assert str(case) == capfirst(
            translation.gettext("%(kind)s of %(subject)s")
            % {"kind": translation.gettext("expulsion"), "subject": "Надежда Сергеевна Аллилуева"}
        )
        assert "Надежда Сергеевна Аллилуева" in str(case)
        assert "Expulsion" not in str(case)


def test_a_typed_title_stays_as_typed(hierarchy, chair):
    case = services.open_case(
        actor=chair, subject=hierarchy.subject, commission=hierarchy.district,
        kind=CaseKind.EXPULSION, title="The Alliluyeva file", opened_on=dt.date(1921, 12, 1),
    )  # fmt: skip
    with translation.override("ru"):
        assert str(case) == "The Alliluyeva file"


def test_the_default_grounds_are_shown_in_russian_and_a_typed_one_as_typed(db):
    evidence = Ground.objects.get(code="new-evidence")
    typed = Ground.objects.create(code="typed", label="Something the commission typed")
    with translation.override("ru"):
        assert str(evidence) == "Новые сведения в пользу члена организации"
        assert str(typed) == "Something the commission typed"
    with translation.override("en"):
        assert str(evidence) == "New evidence in the member's favour"
