from __future__ import annotations

import re

import pytest
from django.core.management import call_command

EXPECTED_OPERATIONS = {
    ("/api/v1/search/", "get"),
    ("/api/v1/me/", "get"),
    ("/api/v1/statistics/", "get"),
    ("/api/v1/statistics/cases/", "get"),
    ("/api/v1/letters/", "get"),
    ("/api/v1/letters/", "post"),
    ("/api/v1/letters/{id}/", "get"),
    ("/api/v1/letters/{id}/copies/diff/", "get"),
    ("/api/v1/letters/{id}/accept-all/", "post"),
    ("/api/v1/letters/uploads/{upload_id}/", "get"),
    ("/api/v1/jobs/", "get"),
    ("/api/v1/people/{ref}/merge/", "post"),
    ("/api/v1/people/{ref}/unmerge/", "post"),
    ("/api/v1/jobs/{id}/retry/", "post"),
    ("/api/v1/proposals/{id}/accept/", "post"),
    ("/api/v1/proposals/{id}/reject/", "post"),
    ("/api/v1/cases/", "get"),
    ("/api/v1/cases/", "post"),
    ("/api/v1/cases/{ref}/", "get"),
    ("/api/v1/cases/{ref}/transition/", "post"),
    ("/api/v1/cases/{ref}/hearings/", "post"),
    ("/api/v1/cases/{ref}/decisions/", "post"),
    ("/api/v1/cases/{ref}/recusal-overrides/", "post"),
    ("/api/v1/cases/{ref}/rules-check/", "get"),
    ("/api/v1/rules/", "get"),
    ("/api/v1/rules/", "post"),
    ("/api/v1/cases/{ref}/referees/", "get"),
    ("/api/v1/hearings/{id}/postpone/", "post"),
    ("/api/v1/hearings/{id}/cancel/", "post"),
    ("/api/v1/hearings/{id}/held/", "post"),
    ("/api/v1/decisions/{id}/appeal/", "post"),
    ("/api/v1/decisions/{id}/reopen/", "post"),
    ("/api/v1/grounds/", "get"),
    ("/api/v1/cases/{ref}/assign/", "post"),
    ("/api/v1/workload/", "get"),
    ("/api/v1/queue/", "get"),
    ("/api/v1/cases/{ref}/documents/", "get"),
    ("/api/v1/cases/{ref}/documents/{document_id}/tags/", "post"),
    ("/api/v1/cases/{ref}/notes/", "get"),
    ("/api/v1/cases/{ref}/notes/", "post"),
    ("/api/v1/notes/{id}/check/", "post"),
    ("/api/v1/notes/{id}/inquiry/", "post"),
    ("/api/v1/sittings/", "get"),
    ("/api/v1/sittings/", "post"),
    ("/api/v1/sittings/{id}/", "get"),
    ("/api/v1/sittings/{id}/docket/", "post"),
    ("/api/v1/sittings/{id}/held/", "post"),
    ("/api/v1/sittings/{id}/not-heard/", "post"),
    ("/api/v1/sittings/{id}/minutes/", "post"),
    ("/api/v1/outcome-letters/", "get"),
    ("/api/v1/outcome-letters/{id}/", "get"),
    ("/api/v1/outcome-letters/{id}/sign/", "post"),
    ("/api/v1/outcome-letters/draft/", "post"),
    ("/api/v1/inquiries/", "get"),
    ("/api/v1/inquiries/", "post"),
    ("/api/v1/inquiries/{ref}/", "get"),
    ("/api/v1/inquiries/{ref}/send/", "post"),
    ("/api/v1/inquiries/{ref}/answer/", "post"),
    ("/api/v1/inquiries/{ref}/withdraw/", "post"),
    ("/api/v1/people/{ref}/witnesses/", "get"),
    ("/api/v1/auth/token/", "post"),
    ("/api/v1/auth/token/rotate/", "post"),
    ("/api/v1/auth/token/revoke/", "post"),
    ("/api/v1/people/", "get"),
    ("/api/v1/people/", "post"),
    ("/api/v1/people/{ref}/", "get"),
    ("/api/v1/people/{ref}/", "patch"),
    ("/api/v1/people/{ref}/names/", "post"),
    ("/api/v1/people/{ref}/contacts/", "post"),
    ("/api/v1/memberships/", "get"),
    ("/api/v1/memberships/", "post"),
    ("/api/v1/memberships/{id}/status/", "post"),
    ("/api/v1/relationships/", "get"),
    ("/api/v1/relationships/", "post"),
    ("/api/v1/organisations/", "get"),
    ("/api/v1/organisations/{ref}/", "get"),
    ("/api/v1/units/", "get"),
    ("/api/v1/units/{ref}/", "get"),
    ("/api/v1/commissions/", "get"),
    ("/api/v1/commissions/{ref}/", "get"),
}


def fetch_schema(api, user) -> dict:
    answer = api(user).get("/api/v1/schema/", {"format": "json"})
    assert answer.status_code == 200
    return answer.json()


def test_schema_validates_without_warnings(db, tmp_path):
    # --fail-on-warn turns any drf-spectacular warning into an error.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yaml"))

    assert (tmp_path / "s.yaml").read_text().startswith("openapi: 3.0.3\n")


def test_schema_describes_every_endpoint(api, clerk):
    schema = fetch_schema(api, clerk)

    operations = {(path, method) for path, item in schema["paths"].items() for method in item}
    assert operations == EXPECTED_OPERATIONS


def test_schema_shapes_of_people(api, clerk):
    components = fetch_schema(api, clerk)["components"]["schemas"]

    # A PATCH body is partial, but never without the version it was read at.
    assert components["PatchedPersonChangesRequest"]["required"] == ["version"]
    # Contacts are left out for readers who may not see personal data.
    assert "contacts" in components["PersonDetail"]["properties"]
    assert "contacts" not in components["PersonDetail"]["required"]
    assert components["NewPersonRequest"]["properties"]["names"]["items"] == {
        "$ref": "#/components/schemas/PersonNameRequest"
    }
    assert components["Gender"]["enum"] == ["female", "male", "unknown"]
    assert components["PaginatedPersonListItemList"]["required"] == ["count", "results"]
    # A person's language may be empty (the installation's default) in answers and bodies.
    blank_or_language = {
        "oneOf": [{"$ref": "#/components/schemas/Language"}, {"type": "string", "enum": [""]}]
    }
    for component in ("PersonDetail", "NewPersonRequest", "PatchedPersonChangesRequest"):
        language = dict(components[component]["properties"]["language"])
        language.pop("description", None)
        language.pop("readOnly", None)
        language.pop("default", None)
        assert language == blank_or_language, component
    assert components["Language"]["enum"] == ["en", "ru"]
    # The list of jobs is a page, as it is answered.
    assert components["PaginatedJobList"]["properties"]["results"]["items"] == {
        "$ref": "#/components/schemas/Job"
    }


def test_schema_names_each_enum_after_its_choices(api, clerk):
    components = fetch_schema(api, clerk)["components"]["schemas"]

    assert components["NewRelationshipRequest"]["properties"]["kind"] == {
        "$ref": "#/components/schemas/RelationshipKind"
    }
    assert components["NewContactRequest"]["properties"]["kind"] == {
        "$ref": "#/components/schemas/ContactKind"
    }
    assert components["MembershipStatus"]["enum"] == [
        "candidate", "member", "probation", "expelled", "expelled_for_term", "left", "deceased",
    ]  # fmt: skip


def test_schema_documents_refusals(api, clerk):
    paths = fetch_schema(api, clerk)["paths"]

    patch = paths["/api/v1/people/{ref}/"]["patch"]["responses"]
    assert set(patch) == {"200", "400", "401", "403", "404", "409", "422"}
    assert patch["409"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }
    # Getting a token is the one operation that needs no credentials.
    assert "security" not in paths["/api/v1/auth/token/"]["post"]
    assert paths["/api/v1/people/"]["get"]["security"] == [{"knoxApiToken": []}, {"cookieAuth": []}]


def test_schema_documents_what_paged_lists_and_the_token_may_answer(api, clerk):
    paths = fetch_schema(api, clerk)["paths"]

    for path, item in paths.items():
        names = [p["name"] for p in item.get("get", {}).get("parameters", [])]
        if "page" in names:
            # A bad page or page size is a 400, a page past the end a 404.
            assert {"400", "404"} <= set(item["get"]["responses"]), path
    # 403: the account's role requires a second factor it has not set up.
    assert set(paths["/api/v1/auth/token/"]["post"]["responses"]) == {
        "200",
        "400",
        "403",
        "422",
        "429",
    }


def test_schema_gives_the_comparison_of_copies_as_a_plain_list(api, clerk):
    diff = fetch_schema(api, clerk)["paths"]["/api/v1/letters/{id}/copies/diff/"]["get"]

    assert diff["responses"]["200"]["content"]["application/json"]["schema"] == {
        "type": "array",
        "items": {"$ref": "#/components/schemas/CopyComparison"},
    }
    assert "parameters" not in diff or all(
        p["name"] not in ("page", "page_size") for p in diff["parameters"]
    )


@pytest.mark.parametrize("component", ["Letter", "LetterDetail"])
def test_schema_describes_the_hour_of_a_letter_as_it_is_answered(api, clerk, component):
    written_at = fetch_schema(api, clerk)["components"]["schemas"][component]["properties"][
        "written_at"
    ]

    # OpenAPI's "time" format demands a time zone ("20:00:00Z"), which a letter's hour lacks.
    assert "format" not in written_at
    assert written_at["nullable"] is True
    assert re.fullmatch(written_at["pattern"], "20:00:00")
    assert re.fullmatch(written_at["pattern"], "20:00:00.500000")


def test_schema_bounds_the_ids_of_material_for_a_reopening(api, clerk):
    material = fetch_schema(api, clerk)["components"]["schemas"]["ReopeningRequest"]["properties"][
        "material"
    ]

    assert (material["items"]["minimum"], material["items"]["maximum"]) == (1, 2**63 - 1)
