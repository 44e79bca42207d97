from __future__ import annotations

import pytest

from commission.audit.models import AuditEvent
from commission.registry.models import Membership
from tests.api.conftest import REFUSED_READ, REFUSED_WRITE
from tests.factories import OrganisationFactory

MEMBERSHIPS = "/api/v1/memberships/"


def people_of(answer) -> list[str]:
    return [row["person"]["ref"] for row in answer.json()["results"]]


# --- Reading -------------------------------------------------------------------------------


def test_list_holds_every_membership_with_its_history(api, auditor, seed):
    answer = api(auditor).get(MEMBERSHIPS)

    assert answer.status_code == 200
    assert answer.json()["count"] == 2
    assert people_of(answer) == ["alliluyeva", "kasparova-popova"]
    steps = [
        [(s["from_status"], s["to_status"], s["effective_on"]) for s in row["history"]]
        for row in answer.json()["results"]
    ]
    assert steps == [
        [("", "member", "1918-03-01"), ("member", "expelled", "1921-12-10")],
        [("", "expelled", "1917-05-01")],
    ]


def test_list_filters_by_person_organisation_and_status(api, clerk, seed):
    client = api(clerk)
    OrganisationFactory(ref="other", name="Another party")

    assert people_of(client.get(MEMBERSHIPS, {"person": "kasparova-popova"})) == [
        "kasparova-popova"
    ]
    assert people_of(client.get(MEMBERSHIPS, {"organisation": "rcp", "status": "expelled"})) == [
        "alliluyeva",
        "kasparova-popova",
    ]
    assert people_of(client.get(MEMBERSHIPS, {"organisation": "other"})) == []
    assert people_of(client.get(MEMBERSHIPS, {"status": "member"})) == []


def test_list_refuses_an_unknown_status(api, clerk, seed):
    answer = api(clerk).get(MEMBERSHIPS, {"status": "purged"})

    sentence = (
        '"purged" is not a membership status; use one of candidate, member, probation, '
        "expelled, expelled_for_term, left, deceased."
    )
    assert answer.status_code == 400
    assert answer.json() == {"detail": f"status: {sentence}", "errors": {"status": [sentence]}}


@pytest.mark.parametrize("persona", ["member", "outsider"])
def test_reading_memberships_needs_permission(api, request, seed, persona):
    answer = api(request.getfixturevalue(persona)).get(MEMBERSHIPS)

    assert answer.status_code == 403
    assert answer.json() == {"detail": REFUSED_READ}


# --- Enrolling -----------------------------------------------------------------------------


def test_clerk_enrols_a_person(api, clerk, seed):
    answer = api(clerk).post(
        MEMBERSHIPS,
        {
            "person": "alliluyev",
            "organisation": "rcp",
            "unit": "moscow",
            "joined_on": "1898-01-01",
            "status": "member",
            "card_number": "7",
        },
        format="json",
    )

    assert answer.status_code == 201
    membership = Membership.objects.get(person=seed["father"])
    step = membership.history.get()
    assert answer.json() == {
        "id": membership.pk,
        "person": {"ref": "alliluyev", "display_name": "Sergei Alliluyev"},
        "organisation": "rcp",
        "unit": "moscow",
        "joined_on": "1898-01-01",
        "card_number": "7",
        "status": "member",
        "status_since": "1898-01-01",
        "probation_until": None,
        "term_until": None,
        "version": 1,
        "history": [
            {
                "id": step.pk,
                "from_status": "",
                "to_status": "member",
                "effective_on": "1898-01-01",
                "reason": "joined",
                "decision": None,
                "recorded_at": step.recorded_at.isoformat().replace("+00:00", "Z"),
                "recorded_by": "clerk",
            }
        ],
    }
    assert AuditEvent.objects.filter(action="membership.create").count() == 3


def test_probation_without_its_end_date_is_refused(api, clerk, seed, registry_state):
    before = registry_state()

    answer = api(clerk).post(
        MEMBERSHIPS,
        {"person": "alliluyev", "organisation": "rcp", "status": "probation"},
        format="json",
    )

    sentence = "A candidate on probation needs the date the probation ends."
    assert answer.status_code == 400
    assert answer.json() == {"detail": sentence, "errors": {"probation_until": [sentence]}}
    assert registry_state() == before


def test_a_second_membership_of_the_same_organisation_is_refused(api, clerk, seed, registry_state):
    before = registry_state()

    answer = api(clerk).post(
        MEMBERSHIPS, {"person": "alliluyeva", "organisation": "rcp"}, format="json"
    )

    sentence = "Nadezhda Sergeyevna Alliluyeva already has a membership of RCP(b)."
    assert answer.status_code == 400
    assert answer.json() == {"detail": sentence, "errors": {"organisation": [sentence]}}
    assert registry_state() == before


def test_unknown_references_and_a_bad_status_are_named(api, clerk, seed, registry_state):
    before = registry_state()

    answer = api(clerk).post(
        MEMBERSHIPS,
        {"person": "nobody", "organisation": "rcp", "unit": "nowhere", "status": "purged"},
        format="json",
    )

    assert answer.status_code == 400
    assert answer.json() == {
        "detail": "Some values were not accepted; see errors for each field.",
        "errors": {
            "person": ["There is no person with the reference nobody."],
            "unit": ["There is no unit with the reference nowhere."],
            "status": [
                '"purged" is not a membership status; use one of candidate, member, probation, '
                "expelled, expelled_for_term, left, deceased."
            ],
        },
    }
    assert registry_state() == before


@pytest.mark.parametrize(
    ("persona", "sentence"),
    [
        ("member", REFUSED_READ),
        ("outsider", REFUSED_READ),
        ("auditor", REFUSED_WRITE),
        ("commissioner", REFUSED_WRITE),
    ],
)
def test_only_registry_clerks_enrol(api, request, seed, registry_state, persona, sentence):
    before = registry_state()

    answer = api(request.getfixturevalue(persona)).post(
        MEMBERSHIPS, {"person": "alliluyev", "organisation": "rcp"}, format="json"
    )

    assert answer.status_code == 403
    assert answer.json() == {"detail": sentence}
    assert registry_state() == before


# --- Changing the status -------------------------------------------------------------------


def status_url(membership) -> str:
    return f"{MEMBERSHIPS}{membership.pk}/status/"


def test_chair_reinstates_a_member_and_the_history_grows(api, chair, seed):
    membership = seed["membership"]

    answer = api(chair).post(
        status_url(membership),
        {
            "to_status": "member",
            "effective_on": "1922-01-15",
            "reason": "Reinstated on appeal.",
            "version": 2,
        },
        format="json",
    )

    assert answer.status_code == 201
    body = answer.json()
    assert (body["status"], body["status_since"], body["version"]) == ("member", "1922-01-15", 3)
    assert [
        (s["from_status"], s["to_status"], s["reason"], s["recorded_by"]) for s in body["history"]
    ] == [
        ("", "member", "joined", "clerk"),
        ("member", "expelled", "Expelled in the verification.", "clerk"),
        ("expelled", "member", "Reinstated on appeal.", "chair"),
    ]
    membership.refresh_from_db()
    assert (membership.status, str(membership.status_since)) == ("member", "1922-01-15")


def test_a_status_change_without_a_version_is_accepted(api, clerk, seed):
    answer = api(clerk).post(
        status_url(seed["membership"]),
        {
            "to_status": "expelled_for_term",
            "effective_on": "1922-01-15",
            "term_until": "1923-01-15",
            "reason": "Term set by the gubernia commission.",
        },
        format="json",
    )

    assert answer.status_code == 201
    assert (answer.json()["status"], answer.json()["term_until"]) == (
        "expelled_for_term",
        "1923-01-15",
    )


def test_a_stale_version_answers_409_and_changes_nothing(api, clerk, seed, registry_state):
    before = registry_state()

    answer = api(clerk).post(
        status_url(seed["membership"]),
        {"to_status": "member", "effective_on": "1922-01-15", "reason": "x", "version": 1},
        format="json",
    )

    sentence = "This membership was changed by someone else in the meantime; reload and try again."
    assert answer.status_code == 409
    assert answer.json() == {"detail": sentence}
    assert registry_state() == before


def test_a_status_change_needs_a_reason_and_a_date(api, clerk, seed, registry_state):
    before = registry_state()

    answer = api(clerk).post(status_url(seed["membership"]), {"to_status": "member"}, format="json")

    assert answer.status_code == 400
    assert answer.json() == {
        "detail": "Some values were not accepted; see errors for each field.",
        "errors": {
            "effective_on": ["This field is required."],
            "reason": ["This field is required."],
        },
    }
    assert registry_state() == before


def test_an_expulsion_for_a_term_needs_its_end(api, clerk, seed, registry_state):
    before = registry_state()

    answer = api(clerk).post(
        status_url(seed["membership"]),
        {"to_status": "expelled_for_term", "effective_on": "1922-01-15", "reason": "x"},
        format="json",
    )

    sentence = "An expulsion for a term needs the date the term ends."
    assert answer.status_code == 400
    assert answer.json() == {"detail": sentence, "errors": {"term_until": [sentence]}}
    assert registry_state() == before


def test_an_auditor_cannot_change_a_status(api, auditor, seed, registry_state):
    before = registry_state()

    answer = api(auditor).post(
        status_url(seed["membership"]),
        {"to_status": "member", "effective_on": "1922-01-15", "reason": "x"},
        format="json",
    )

    assert answer.status_code == 403
    assert answer.json() == {"detail": REFUSED_WRITE}
    assert registry_state() == before


def test_an_unknown_membership_answers_404(api, clerk, db, registry_state):
    before = registry_state()

    answer = api(clerk).post(
        f"{MEMBERSHIPS}999999/status/",
        {"to_status": "member", "effective_on": "1922-01-15", "reason": "x"},
        format="json",
    )

    assert answer.status_code == 404
    assert answer.json() == {"detail": "There is no membership with the number 999999."}
    assert registry_state() == before
