"""What status an API refusal carries: 400 when the request does not fit the schema, 422 when it
fits but the rules refuse it, so a client can tell its own mistake from the commission's rules."""

from __future__ import annotations

PEOPLE = "/api/v1/people/"


def test_a_number_where_text_goes_is_400_naming_the_field(api, clerk, seed, registry_state):
    before = registry_state()
    answer = api(clerk).post(PEOPLE, {"surname": "Solts", "description": 0}, format="json")
    assert answer.status_code == 400
    sentence = "Give description as text (in quotes), not the number 0."
    assert answer.json()["errors"] == {"description": [sentence]}
    assert registry_state() == before


def test_a_nested_value_of_the_wrong_kind_is_named_by_its_path(api, clerk, seed):
    answer = api(clerk).post(
        PEOPLE,
        {"surname": "Solts", "names": [{"kind": "pseudonym", "value": True}]},
        format="json",
    )
    assert answer.status_code == 400
    assert answer.json()["errors"] == {
        "names.0.value": ["Give value as text (in quotes), not the value true."]
    }


def test_a_reference_to_nothing_is_422(api, clerk, seed):
    answer = api(clerk).post(
        "/api/v1/memberships/",
        {"person": "nobody", "organisation": "rcp", "status": "member", "document": "card 7"},
        format="json",
    )
    assert answer.status_code == 422
    assert answer.json()["errors"]["person"] == ["There is no person with the reference nobody."]


def test_a_rule_the_schema_cannot_say_is_422(api, clerk, seed):
    answer = api(clerk).post(PEOPLE, {"surname": "Solts", "ref": "lenin"}, format="json")
    assert answer.status_code == 422


def test_an_empty_page_number_is_400(api, clerk, seed):
    answer = api(clerk).get(PEOPLE, {"page": ""})
    assert answer.status_code == 400
    assert "Give the page as a whole number from 1" in answer.json()["detail"]
