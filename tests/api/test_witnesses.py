# The fixtures imported from tests/inquiries/conftest.py come back as test arguments.
# ruff: noqa: F811
from __future__ import annotations

import datetime as dt

import pytest

from commission.audit.models import AuditEvent
from commission.cases import services as case_services
from commission.inquiries import services
from commission.registry.enums import RelationshipKind
from commission.registry.models import Relationship
from tests.factories import MembershipFactory, PersonFactory
from tests.inquiries.conftest import story  # noqa: F401

WITNESSES = "/api/v1/people/P-k/witnesses/"
LENIN = {
    "person": {"ref": "P-lenin", "display_name": "Vladimir Ilyich Ulyanov (Lenin)"},
    "score": 0.21,
    "paths": [
        "knew abroad Vyacheslav Mikhailovich Kasparov, her brother (very well, abroad after 1905)"
    ],
    "first_hand": False,
    "marks": [],
}
SLAVA = {
    "person": {"ref": "P-slava", "display_name": "Vyacheslav Mikhailovich Kasparov"},
    "score": 0.18,
    "paths": ["sibling of Yevgenia Kasparova-Popova"],
    "first_hand": False,
    "marks": ["deceased"],
}
POPOV = {
    "person": {"ref": "P-popov", "display_name": "Popov"},
    "score": 0.18,
    "paths": ["spouse of Yevgenia Kasparova-Popova"],
    "first_hand": False,
    "marks": ["deceased"],
}
SVERDLOV = {
    "person": {"ref": "P-sverdlov", "display_name": "Yakov Mikhailovich Sverdlov"},
    "score": 0.0216,
    "paths": ["sent on assignment Popov, her husband"],
    "first_hand": False,
    "marks": ["deceased"],
}


def test_the_author_is_found_through_her_brother_and_says_why(api, commissioner, story):
    answer = api(commissioner).get(WITNESSES, {"case": "K-1"})

    assert answer.status_code == 200
    assert answer.json() == [LENIN, SLAVA, POPOV, SVERDLOV]


def test_the_dead_can_be_left_out(api, clerk, story):
    answer = api(clerk).get(WITNESSES, {"exclude": "deceased"})

    assert answer.json() == [LENIN]


def test_those_already_asked_are_marked_and_can_be_left_out(api, clerk, story):
    services.ask(
        actor=clerk, subject=story.subject, recipient=story.stalin, case=story.case,
        question="Who else knows her well?", due_on=dt.date(1921, 12, 27), urgency="urgent",
        source_document=story.note,
    )  # fmt: skip
    client = api(clerk)

    everyone = client.get(WITNESSES, {"case": "K-1"}).json()
    unasked = client.get(WITNESSES, {"case": "K-1", "exclude": "asked,deceased"}).json()

    assert [c["person"]["ref"] for c in everyone] == [
        "P-lenin", "P-stalin", "P-slava", "P-popov", "P-sverdlov",
    ]  # fmt: skip
    assert everyone[1] == {
        "person": {"ref": "P-stalin", "display_name": "Iosif Vissarionovich Dzhugashvili (Stalin)"},
        # Asked by the commission without a known tie: worth hearing all the same.
        "score": 0.2,
        "paths": ["asked by the commission (urgent, sent, due 27 December 1921)"],
        "first_hand": False,
        "marks": ["asked"],
    }
    assert unasked == [LENIN]


def test_commissioners_and_those_tied_to_them_are_marked(api, clerk, story):
    cousin = PersonFactory(ref="P-cousin", given_name="Olga", patronymic="", surname="Zalutskaya")
    Relationship.objects.create(
        source=cousin, target=story.chair_person, kind=RelationshipKind.RELATIVE
    )
    Relationship.objects.create(
        source=cousin, target=story.subject, kind=RelationshipKind.ACQUAINTANCE
    )
    Relationship.objects.create(
        source=story.chair_person, target=story.subject, kind=RelationshipKind.ACQUAINTANCE
    )
    client = api(clerk)

    marked = {c["person"]["ref"]: c["marks"] for c in client.get(WITNESSES, {"case": "K-1"}).json()}
    kept = [c["person"]["ref"] for c in client.get(
        WITNESSES, {"case": "K-1", "exclude": "recused,tied,deceased"}
    ).json()]  # fmt: skip

    assert (marked["P-chair"], marked["P-cousin"]) == (["recused"], ["tied"])
    assert kept == ["P-lenin"]


def test_limit_counts_after_leaving_out(api, clerk, story):
    answer = api(clerk).get(WITNESSES, {"limit": 2})

    assert [c["person"]["ref"] for c in answer.json()] == ["P-lenin", "P-slava"]


def test_an_unknown_mark_is_refused_naming_the_field(api, clerk, story):
    answer = api(clerk).get(WITNESSES, {"exclude": "asked,dead"})

    sentence = '"dead" is not a mark; use one of asked, deceased, recused, testifying, tied.'
    assert answer.status_code == 400
    assert answer.json() == {"detail": f"exclude: {sentence}", "errors": {"exclude": [sentence]}}


def test_a_parameter_given_twice_or_a_mark_of_control_characters_is_refused(api, clerk, story):
    twice = api(clerk).get(f"{WITNESSES}?limit=5&limit=7")
    assert twice.status_code == 400
    assert twice.json()["errors"] == {"limit": ["Give limit once, not 2 times."]}

    control = api(clerk).get(f"{WITNESSES}?exclude=%1D")
    assert control.status_code == 400
    assert list(control.json()["errors"]) == ["exclude"]


def test_a_case_about_someone_else_is_refused(api, clerk, story):
    answer = api(clerk).get("/api/v1/people/P-lenin/witnesses/", {"case": "K-1"})

    sentence = "Case K-1 is about Yevgenia Kasparova-Popova, not Vladimir Ilyich Ulyanov (Lenin)."
    assert answer.status_code == 422
    assert answer.json() == {"detail": sentence, "errors": {"case": [sentence]}}


def test_an_unknown_person_answers_404(api, clerk, story):
    answer = api(clerk).get("/api/v1/people/P-nobody/witnesses/")

    assert answer.status_code == 404
    assert answer.json() == {"detail": "There is no person with the reference P-nobody."}


def test_a_confidential_case_is_no_case_to_a_clerk_and_its_reads_are_logged(
    api, clerk, commissioner, story
):
    story.case.confidential = True
    story.case.save()

    hidden = api(clerk).get(WITNESSES, {"case": "K-1"})
    shown = api(commissioner).get(WITNESSES, {"case": "K-1"})

    sentence = "There is no case with the reference K-1."
    assert hidden.status_code == 422
    assert hidden.json() == {"detail": f"case: {sentence}", "errors": {"case": [sentence]}}
    assert shown.status_code == 200
    assert list(AuditEvent.objects.values_list("action", "actor_name")) == [
        ("case.read", "commissioner")
    ]


@pytest.mark.parametrize("persona", ["member", "outsider"])
def test_witness_search_needs_the_right_to_read_inquiries(api, request, story, persona):
    answer = api(request.getfixturevalue(persona)).get(WITNESSES)

    assert answer.status_code == 403
    assert answer.json() == {
        "detail": "You may not use the commission's inquiries: your role does not allow it."
    }


# --- Referees ------------------------------------------------------------------------------


def test_referees_say_which_recommendations_count_and_why(api, commissioner, clerk, story):
    colleague = PersonFactory(
        ref="P-colleague", given_name="Anna", patronymic="", surname="Ivanova"
    )
    MembershipFactory(person=colleague, organisation=story.case.commission.organisation)
    Relationship.objects.create(
        source=colleague, target=story.subject, kind=RelationshipKind.OBSERVED_WORK,
        started_on=dt.date(1919, 1, 1), ended_on=dt.date(1921, 6, 1),
    )  # fmt: skip
    first = case_services.record_testimony(
        actor=clerk, case=story.case, document=story.note, witness=colleague, stance="for",
        basis="observed_work", period="two years",
    )  # fmt: skip
    second = case_services.record_testimony(
        actor=clerk, case=story.case, document=story.note, witness=story.author, stance="for",
        basis="knows_relative",
    )  # fmt: skip

    answer = api(commissioner).get("/api/v1/cases/K-1/referees/")

    assert answer.status_code == 200
    assert answer.json() == [
        {
            "testimony": {
                "id": first.pk, "document": story.note.pk, "stance": "for",
                "basis": "observed_work", "period": "two years", "summary": "",
                "witness": {"ref": "P-colleague", "display_name": "Anna Ivanova"},
            },
            "counts": True,
            "reasons": [
                "This recommendation counts.",
                "They worked together for 29 months (at least 12 needed).",
            ],
        },
        {
            "testimony": {
                "id": second.pk, "document": story.note.pk, "stance": "for",
                "basis": "knows_relative", "period": "", "summary": "",
                "witness": {"ref": "P-lenin", "display_name": "Vladimir Ilyich Ulyanov (Lenin)"},
            },
            "counts": False,
            "reasons": [
                "Vladimir Ilyich Ulyanov (Lenin) speaks from knows a relative, not from observing "
                "Yevgenia Kasparova-Popova's work.",
                "No working tie between Vladimir Ilyich Ulyanov (Lenin) and Yevgenia "
                "Kasparova-Popova is on record.",
                "Vladimir Ilyich Ulyanov (Lenin) is not a member of RCP(b), so did not work "
                "with them in the organisation.",
            ],
        },
    ]  # fmt: skip


def test_a_case_left_empty_is_no_case(api, clerk, story):
    answer = api(clerk).get(f"{WITNESSES}?case=&exclude=")
    assert answer.status_code == 200
