from __future__ import annotations

import pytest

from commission.documents.models import Document
from commission.registry.models import Relationship
from tests.api.conftest import REFUSED_READ, REFUSED_WRITE

RELATIONSHIPS = "/api/v1/relationships/"


def pairs(answer) -> list[tuple[str, str, str]]:
    return [
        (row["source"]["ref"], row["kind"], row["target"]["ref"])
        for row in answer.json()["results"]
    ]


def test_list_filters_by_a_person_on_either_side_and_by_kind(api, commissioner, seed):
    client = api(commissioner)

    assert pairs(client.get(RELATIONSHIPS, {"person": "kasparov"})) == [
        ("kasparova-popova", "sibling", "kasparov"),
        ("lenin", "knew_abroad", "kasparov"),
    ]
    assert pairs(client.get(RELATIONSHIPS, {"person": "alliluyev", "kind": "sheltered"})) == [
        ("alliluyev", "sheltered", "lenin")
    ]
    assert client.get(RELATIONSHIPS).json()["count"] == 4


def test_list_shows_every_field_of_a_tie(api, clerk, seed):
    answer = api(clerk).get(RELATIONSHIPS, {"kind": "sheltered"})

    tie = Relationship.objects.get(kind="sheltered")
    assert answer.json()["results"] == [
        {
            "id": tie.pk,
            "source": {"ref": "alliluyev", "display_name": "Sergei Alliluyev"},
            "kind": "sheltered",
            "label": "sheltered",
            "target": {"ref": "lenin", "display_name": "Vladimir Ilyich Ulyanov (Lenin)"},
            "strength": 3,
            "started_on": None,
            "ended_on": None,
            "period": "July 1917",
            "note": "",
            "evidence": None,
            "created_at": tie.created_at.isoformat().replace("+00:00", "Z"),
        }
    ]


def test_list_refuses_an_unknown_kind(api, clerk, seed):
    answer = api(clerk).get(RELATIONSHIPS, {"kind": "cousin"})

    assert answer.status_code == 400
    assert list(answer.json()["errors"]) == ["kind"]
    assert answer.json()["errors"]["kind"][0].startswith(
        '"cousin" is not a kind of relationship; use one of parent, sibling, spouse,'
    )


@pytest.mark.parametrize("persona", ["member", "outsider"])
def test_reading_ties_needs_permission(api, request, seed, persona):
    answer = api(request.getfixturevalue(persona)).get(RELATIONSHIPS)

    assert answer.status_code == 403
    assert answer.json() == {"detail": REFUSED_READ}


def test_clerk_records_a_tie_with_its_evidence(api, clerk, seed):
    letter = Document.objects.create(
        title="Letter to Zalutsky and Solts", text="…", fingerprint="f" * 64
    )

    answer = api(clerk).post(
        RELATIONSHIPS,
        {
            "source": "lenin",
            "target": "alliluyeva",
            "kind": "observed_work",
            "strength": 4,
            "period": "at very close range",
            "started_on": "1918-03-01",
            "evidence": letter.pk,
        },
        format="json",
    )

    assert answer.status_code == 201
    tie = Relationship.objects.get(kind="observed_work")
    assert answer.json() == {
        "id": tie.pk,
        "source": {"ref": "lenin", "display_name": "Vladimir Ilyich Ulyanov (Lenin)"},
        "kind": "observed_work",
        "label": "observed the work of",
        "target": {"ref": "alliluyeva", "display_name": "Nadezhda Sergeyevna Alliluyeva"},
        "strength": 4,
        "started_on": "1918-03-01",
        "ended_on": None,
        "period": "at very close range",
        "note": "",
        "evidence": letter.pk,
        "created_at": tie.created_at.isoformat().replace("+00:00", "Z"),
    }


def test_recording_a_symmetric_tie_again_answers_the_same_tie(api, clerk, seed):
    client = api(clerk)
    body = {"source": "kasparov", "target": "kasparova-popova", "kind": "sibling"}

    answer = client.post(RELATIONSHIPS, body, format="json")

    existing = Relationship.objects.get(kind="sibling")
    assert answer.status_code == 201
    assert answer.json()["id"] == existing.pk
    assert Relationship.objects.count() == 4


def test_a_tie_to_oneself_is_refused(api, clerk, seed, registry_state):
    before = registry_state()

    answer = api(clerk).post(
        RELATIONSHIPS, {"source": "lenin", "target": "lenin", "kind": "colleague"}, format="json"
    )

    sentence = "A person cannot be tied to themselves."
    assert answer.status_code == 422
    assert answer.json() == {"detail": sentence, "errors": {"target": [sentence]}}
    assert registry_state() == before


def test_bad_kind_strength_and_person_are_named(api, clerk, seed, registry_state):
    before = registry_state()

    answer = api(clerk).post(
        RELATIONSHIPS,
        {"source": "lenin", "target": "nobody", "kind": "cousin", "strength": 9, "evidence": 999},
        format="json",
    )

    assert answer.status_code == 400
    errors = answer.json()["errors"]
    assert set(errors) == {"target", "kind", "strength", "evidence"}
    assert errors["target"] == ["There is no person with the reference nobody."]
    assert errors["strength"] == ["Ensure this value is less than or equal to 5."]
    assert errors["evidence"] == ["There is no document with the id 999."]
    assert registry_state() == before


def test_a_period_that_ends_before_it_starts_is_refused(api, clerk, seed, registry_state):
    before = registry_state()

    answer = api(clerk).post(
        RELATIONSHIPS,
        {
            "source": "lenin", "target": "alliluyeva", "kind": "colleague",
            "started_on": "1920-01-01", "ended_on": "1919-01-01",
        },
        format="json",
    )  # fmt: skip

    sentence = "The relationship ends before it starts."
    assert answer.status_code == 422
    assert answer.json() == {"detail": sentence, "errors": {"ended_on": [sentence]}}
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
def test_only_registry_clerks_record_ties(api, request, seed, registry_state, persona, sentence):
    before = registry_state()

    answer = api(request.getfixturevalue(persona)).post(
        RELATIONSHIPS, {"source": "lenin", "target": "alliluyeva", "kind": "colleague"},
        format="json",
    )  # fmt: skip

    assert answer.status_code == 403
    assert answer.json() == {"detail": sentence}
    assert registry_state() == before
