from __future__ import annotations

import datetime as dt

import pytest

from commission.audit.models import AuditEvent
from commission.registry.models import Membership
from tests.api.conftest import REFUSED_READ, REFUSED_WRITE
from tests.factories import OrganisationFactory, decision_on

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
        [("", "member", "1917-05-01"), ("member", "expelled", "1921-12-10")],
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
            "document": "Questionnaire of 1898",
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
                "basis": "document",
                "document": "Questionnaire of 1898",
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
        {"person": "alliluyev", "organisation": "rcp", "status": "probation", "document": "d"},
        format="json",
    )

    sentence = "A candidate on probation needs the date the probation ends."
    assert answer.status_code == 422
    assert answer.json() == {"detail": sentence, "errors": {"probation_until": [sentence]}}
    assert registry_state() == before


def test_a_second_membership_of_the_same_organisation_is_refused(api, clerk, seed, registry_state):
    before = registry_state()

    answer = api(clerk).post(
        MEMBERSHIPS,
        {"person": "alliluyeva", "organisation": "rcp", "document": "party card"},
        format="json",
    )

    sentence = "Nadezhda Sergeyevna Alliluyeva already has a membership of RCP(b)."
    assert answer.status_code == 422
    assert answer.json() == {"detail": sentence, "errors": {"organisation": [sentence]}}
    assert registry_state() == before


def test_unknown_references_and_a_bad_status_are_named(api, clerk, seed, registry_state):
    before = registry_state()

    answer = api(clerk).post(
        MEMBERSHIPS,
        {
            "person": "nobody",
            "organisation": "rcp",
            "unit": "nowhere",
            "status": "purged",
            "document": "party card",
        },
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
        MEMBERSHIPS,
        {"person": "alliluyev", "organisation": "rcp", "document": "party card"},
        format="json",
    )

    assert answer.status_code == 403
    assert answer.json() == {"detail": sentence}
    assert registry_state() == before


# --- Changing the status -------------------------------------------------------------------


def status_url(membership) -> str:
    return f"{MEMBERSHIPS}{membership.pk}/status/"


def test_chair_reinstates_a_member_and_the_history_grows(api, chair, seed):
    membership = seed["membership"]
    decision = decision_on(seed["alliluyeva"], "reinstate")

    answer = api(chair).post(
        status_url(membership),
        {
            "to_status": "member",
            "effective_on": "1922-01-15",
            "reason": "Reinstated on appeal.",
            "decision": decision.pk,
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
    assert (body["history"][-1]["decision"], body["history"][-1]["basis"]) == (
        decision.pk,
        "decision",
    )
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
            "decision": decision_on(
                seed["alliluyeva"], "expel_for_term", term_until=dt.date(1923, 1, 15)
            ).pk,
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
        {
            "to_status": "member",
            "effective_on": "1922-01-15",
            "reason": "x",
            "decision": decision_on(seed["alliluyeva"], "reinstate").pk,
            "version": 1,
        },
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
    assert answer.status_code == 422
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


# --- What a change rests on ----------------------------------------------------------------


def _expel(client, membership, **extra):
    return client.post(
        status_url(membership),
        {
            "to_status": "expelled",
            "effective_on": "1922-01-15",
            "reason": "Expelled for passivity.",
            **extra,
        },
        format="json",
    )


def test_a_clerk_cannot_expel_without_a_decision(api, clerk, seed, registry_state):
    # First set back to member by the decision that reinstated her, then a bare expulsion.
    membership = seed["membership"]
    api(clerk).post(
        status_url(membership),
        {
            "to_status": "member",
            "effective_on": "1922-01-10",
            "reason": "Reinstated.",
            "decision": decision_on(seed["alliluyeva"], "reinstate").pk,
        },
        format="json",
    )
    before = registry_state()

    answer = _expel(api(clerk), membership)

    sentence = (
        "Nadezhda Sergeyevna Alliluyeva's membership cannot become “expelled” without the "
        "decision that made the change: record the commission's decision on the case (which "
        "changes the status), or name it here. Only a death is recorded on a document alone."
    )
    assert answer.status_code == 422
    assert answer.json() == {"detail": sentence, "errors": {"decision": [sentence]}}
    assert registry_state() == before


def test_the_web_session_cannot_expel_without_a_decision(client, clerk, seed, registry_state):
    """The same address from a signed-in page (session, not token): the same refusal."""
    before = registry_state()
    client.force_login(clerk)

    answer = client.post(
        status_url(seed["membership"]),
        {"to_status": "expelled", "effective_on": "1922-01-15", "reason": "Only a reason."},
        content_type="application/json",
    )

    assert answer.status_code == 422
    assert answer.json()["errors"]["decision"][0].startswith(
        "Nadezhda Sergeyevna Alliluyeva's membership cannot become “expelled” without the "
        "decision that made the change"
    )
    assert registry_state() == before


def test_a_document_alone_does_not_expel(api, clerk, seed, registry_state):
    before = registry_state()

    answer = _expel(api(clerk), seed["membership"], document="Minutes of the cell, 1922")

    assert answer.status_code == 422
    assert list(answer.json()["errors"]) == ["decision"]
    assert registry_state() == before


def test_a_decision_on_someone_else_is_refused(api, clerk, seed, registry_state):
    other = decision_on(seed["popova"])
    before = registry_state()

    answer = _expel(api(clerk), seed["membership"], decision=other.pk)

    sentence = (
        f"Decision {other.pk} was taken on the case of Yevgenia Kasparova-Popova, not on "
        "Nadezhda Sergeyevna Alliluyeva."
    )
    assert answer.status_code == 422
    assert answer.json() == {"detail": sentence, "errors": {"decision": [sentence]}}
    assert registry_state() == before


def test_an_unknown_decision_is_named(api, clerk, seed, registry_state):
    before = registry_state()

    answer = _expel(api(clerk), seed["membership"], decision=999999)

    sentence = "There is no decision 999999."
    assert answer.status_code == 422
    assert answer.json() == {"detail": sentence, "errors": {"decision": [sentence]}}
    assert registry_state() == before


def test_a_death_rests_on_a_named_document(api, clerk, seed, registry_state):
    membership = seed["membership"]
    before = registry_state()
    death = {"to_status": "deceased", "effective_on": "1932-11-09", "reason": "Died."}

    refused = api(clerk).post(status_url(membership), death, format="json")

    sentence = (
        "Name the document that records the death of Nadezhda Sergeyevna Alliluyeva (a death "
        "notice, a letter reporting it)."
    )
    assert refused.status_code == 422
    assert refused.json() == {"detail": sentence, "errors": {"document": [sentence]}}
    assert registry_state() == before

    answer = api(clerk).post(
        status_url(membership), {**death, "document": "Pravda obituary"}, format="json"
    )

    assert answer.status_code == 201
    last = answer.json()["history"][-1]
    assert (last["to_status"], last["decision"], last["basis"], last["document"]) == (
        "deceased",
        None,
        "document",
        "Pravda obituary",
    )


def test_enrolling_straight_into_an_expulsion_is_refused(api, clerk, seed, registry_state):
    before = registry_state()

    answer = api(clerk).post(
        MEMBERSHIPS,
        {
            "person": "alliluyev",
            "organisation": "rcp",
            "status": "expelled",
            "document": "A note",
        },
        format="json",
    )

    sentence = (
        "A membership starts as a candidate or a member, not as expelled: that status is made "
        "by the decision that made it, or comes with a register's history through an import."
    )
    assert answer.status_code == 422
    assert answer.json() == {"detail": sentence, "errors": {"status": [sentence]}}
    assert registry_state() == before


def test_enrolling_names_its_document(api, clerk, seed, registry_state):
    before = registry_state()

    answer = api(clerk).post(
        MEMBERSHIPS, {"person": "alliluyev", "organisation": "rcp"}, format="json"
    )

    assert answer.status_code == 400
    assert answer.json()["errors"] == {"document": ["This field is required."]}
    assert registry_state() == before
