from __future__ import annotations

import json

import pytest

from commission.audit.models import AuditEvent
from commission.registry.models import ContactDetail, Person, PersonName, Relationship
from tests.api.conftest import REFUSED_READ, REFUSED_WRITE
from tests.factories import PersonFactory

PEOPLE = "/api/v1/people/"
CONFLICT = (
    "Nadezhda Sergeyevna Alliluyeva was changed by someone else while you were editing "
    "(your copy is out of date). Reload the page to see their change, then edit again."
)


def refs(answer) -> list[str]:
    return [row["ref"] for row in answer.json()["results"]]


# --- Reading -------------------------------------------------------------------------------


def test_list_is_ordered_by_surname_then_given_name(api, commissioner, seed):
    answer = api(commissioner).get(PEOPLE)

    assert answer.status_code == 200
    assert answer.json()["count"] == 5
    assert refs(answer) == ["alliluyeva", "alliluyev", "kasparov", "kasparova-popova", "lenin"]
    assert answer.json()["results"][4] == {
        "ref": "lenin",
        "display_name": "Vladimir Ilyich Ulyanov (Lenin)",
        "given_name": "Vladimir",
        "patronymic": "Ilyich",
        "surname": "Ulyanov",
        "known_as": "Lenin",
        "description": "",
        "gender": "male",
        "born_on": None,
        "died_on": None,
        "deceased": False,
        "notes": "",
        "is_worker": False,
        "language": "",
        "merged_into": None,
        "version": 1,
        "created_at": seed["lenin"].created_at.isoformat().replace("+00:00", "Z"),
        "updated_at": seed["lenin"].updated_at.isoformat().replace("+00:00", "Z"),
        "match": None,
    }


def test_list_is_paginated(api, auditor, db):
    for n in range(5):
        PersonFactory(ref=f"P{n}", surname=f"Ivanov{n}")
    client = api(auditor)

    first = client.get(PEOPLE, {"page_size": 2})
    last = client.get(PEOPLE, {"page_size": 2, "page": 3})

    assert first.json()["count"] == 5
    assert refs(first) == ["P0", "P1"]
    assert first.json()["previous"] is None
    assert first.json()["next"] == "http://testserver/api/v1/people/?page=2&page_size=2"
    assert refs(last) == ["P4"]
    assert last.json()["next"] is None


def test_a_page_past_the_end_answers_404_saying_how_many_pages_there_are(api, auditor, db):
    answer = api(auditor).get(PEOPLE, {"page": 9})

    sentence = "There is no page 9: the list has 1 page."
    assert answer.status_code == 404
    assert answer.json() == {"detail": sentence, "errors": {"page": [sentence]}}


def test_lookup_finds_a_transliteration_variant(api, commissioner, seed):
    answer = api(commissioner).get(PEOPLE, {"q": "Allilueva"})

    assert answer.status_code == 200
    # The surname in either gender: the father is found too, the daughter first by name.
    assert refs(answer) == ["alliluyeva", "alliluyev"]
    assert answer.json()["results"][0]["surname"] == "Alliluyeva"
    assert answer.json()["results"][0]["match"] == {"how": "exact", "score": 1.0, "via": None}


def test_lookup_by_a_pseudonym_and_by_a_part_of_a_double_surname(api, clerk, seed):
    client = api(clerk)

    assert refs(client.get(PEOPLE, {"q": "Lenin"})) == ["lenin"]
    assert refs(client.get(PEOPLE, {"q": "Vladimir Ilyich"})) == ["lenin"]
    assert refs(client.get(PEOPLE, {"q": "Popova"})) == ["kasparova-popova"]


def test_lookup_by_a_declined_russian_name(api, clerk, seed):
    client = api(clerk)

    assert refs(client.get(PEOPLE, {"q": "Каспаровой-Поповой"})) == ["kasparova-popova"]
    answer = client.get(PEOPLE, {"q": "Надежде Сергеевне"})
    assert refs(answer) == ["alliluyeva"]
    assert answer.json()["results"][0]["match"] == {"how": "exact", "score": 1.0, "via": None}


def test_lookup_of_a_relative_through_the_recorded_tie(api, clerk, seed):
    Relationship.objects.create(
        source=Person.objects.get(ref="kasparov"),
        target=Person.objects.get(ref="kasparova-popova"),
        kind="sibling",
    )
    answer = api(clerk).get(PEOPLE, {"q": "Kasparov's sister"})

    assert refs(answer) == ["kasparova-popova"]
    assert answer.json()["results"][0]["match"] == {
        "how": "kin", "score": 1.0, "via": "sister of Slava Kasparov"
    }  # fmt: skip


def test_lookup_that_matches_nobody_is_an_empty_page(api, clerk, seed):
    answer = api(clerk).get(PEOPLE, {"q": "Zalutsky"})

    assert answer.status_code == 200
    assert answer.json() == {"count": 0, "next": None, "previous": None, "results": []}


def test_person_detail_for_a_clerk(api, clerk, seed):
    answer = api(clerk).get(f"{PEOPLE}alliluyeva/")

    assert answer.status_code == 200
    body = answer.json()
    assert body["display_name"] == "Nadezhda Sergeyevna Alliluyeva"
    assert body["names"] == []
    assert body["surname_forms"] == {"masculine": "Alliluyev", "feminine": "Alliluyeva"}
    membership = seed["membership"]
    history = list(membership.history.order_by("id"))
    assert body["memberships"] == [
        {
            "id": membership.pk,
            "person": {"ref": "alliluyeva", "display_name": "Nadezhda Sergeyevna Alliluyeva"},
            "organisation": "rcp",
            "unit": "moscow",
            "joined_on": "1918-03-01",
            "card_number": "1042",
            "status": "expelled",
            "status_since": "1921-12-10",
            "probation_until": None,
            "term_until": None,
            "version": 2,
            "history": [
                {
                    "id": history[0].pk,
                    "from_status": "",
                    "to_status": "member",
                    "effective_on": "1918-03-01",
                    "reason": "joined",
                    "decision": None,
                    "basis": "document",
                    "document": "party card 1042",
                    "recorded_at": history[0].recorded_at.isoformat().replace("+00:00", "Z"),
                    "recorded_by": "clerk",
                },
                {
                    "id": history[1].pk,
                    "from_status": "member",
                    "to_status": "expelled",
                    "effective_on": "1921-12-10",
                    "reason": "Expelled in the verification.",
                    "decision": history[1].decision_id,
                    "basis": "decision",
                    "document": "",
                    "recorded_at": history[1].recorded_at.isoformat().replace("+00:00", "Z"),
                    "recorded_by": "clerk",
                },
            ],
        }
    ]
    position = seed["alliluyeva"].positions.get()
    assert body["positions"] == [
        {
            "id": position.pk,
            "title": "secretary",
            "body": "C.P.C. Managing Department",
            "unit": None,
            "started_on": None,
            "ended_on": None,
        }
    ]
    tie = seed["alliluyeva"].ties_in.get()
    assert body["ties"] == [
        {
            "id": tie.pk,
            "kind": "parent",
            "label": "child of",
            "other": {"ref": "alliluyev", "display_name": "Sergei Alliluyev"},
            "strength": 5,
            "started_on": None,
            "ended_on": None,
            "period": "",
            "note": "",
            "evidence": None,
        }
    ]
    assert body["contacts"] == []


def test_contacts_are_shown_to_a_clerk(api, clerk, seed):
    answer = api(clerk).get(f"{PEOPLE}kasparova-popova/")

    contacts = answer.json()["contacts"]
    assert [(c["kind"], c["value"]) for c in contacts] == [
        ("address", "3 House of Soviets, Flat 63"),
        ("phone", "58–97"),
    ]
    assert answer.json()["names"] == [
        {"kind": "surname_part", "value": "Kasparova"},
        {"kind": "surname_part", "value": "Popova"},
    ]
    assert answer.json()["surname_forms"] == {
        "masculine": "Kasparov-Popov",
        "feminine": "Kasparova-Popova",
    }


def test_contacts_are_absent_for_a_reader_without_personal_data(api, reader, seed):
    answer = api(reader).get(f"{PEOPLE}kasparova-popova/")

    assert answer.status_code == 200
    assert "contacts" not in answer.json()
    assert "58–97" not in answer.content.decode()
    assert answer.json()["ties"][0]["other"]["ref"] == "kasparov"


@pytest.mark.parametrize("persona", ["member", "outsider"])
@pytest.mark.parametrize("url", [PEOPLE, f"{PEOPLE}kasparova-popova/", f"{PEOPLE}?q=Kasparov"])
def test_reading_the_registry_needs_permission(api, request, seed, persona, url):
    answer = api(request.getfixturevalue(persona)).get(url)

    assert answer.status_code == 403
    assert answer.json() == {"detail": REFUSED_READ}


def test_an_unknown_reference_answers_404(api, clerk, db):
    answer = api(clerk).get(f"{PEOPLE}nobody/")

    assert answer.status_code == 404
    assert answer.json() == {"detail": "There is no person with the reference nobody."}


# --- Creating ------------------------------------------------------------------------------


def test_clerk_adds_a_person_with_further_names(api, clerk, db):
    answer = api(clerk).post(
        PEOPLE,
        {
            "ref": "solts",
            "given_name": "Aron",
            "patronymic": "Aleksandrovich",
            "surname": "Solts",
            "gender": "male",
            "born_on": "1872-02-03",
            "names": [{"kind": "variant", "value": "Soltz"}],
        },
        format="json",
    )

    assert answer.status_code == 201
    body = answer.json()
    assert body["ref"] == "solts"
    assert body["display_name"] == "Aron Aleksandrovich Solts"
    assert body["born_on"] == "1872-02-03"
    assert body["version"] == 1
    assert body["names"] == [{"kind": "variant", "value": "Soltz"}]
    assert body["memberships"] == body["positions"] == body["ties"] == body["contacts"] == []
    person = Person.objects.get(ref="solts")
    assert (person.surname, person.gender, str(person.born_on)) == ("Solts", "male", "1872-02-03")
    assert AuditEvent.objects.get().action == "person.create"


def test_a_reference_is_made_up_when_none_is_given(api, clerk, db):
    answer = api(clerk).post(PEOPLE, {"description": "Alliluyeva's mother"}, format="json")

    assert answer.status_code == 201
    assert answer.json()["ref"].startswith("P-")
    assert answer.json()["display_name"] == "Alliluyeva's mother"


def test_html_in_a_name_is_stored_and_returned_verbatim_as_json(api, clerk, db):
    name = '<script>alert("x")</script><b>Solts</b>'

    created = api(clerk).post(PEOPLE, {"surname": name, "ref": "odd"}, format="json")
    read = api(clerk).get(f"{PEOPLE}odd/")

    assert created.status_code == 201
    assert Person.objects.get(ref="odd").surname == name
    assert read["Content-Type"] == "application/json"
    assert read["X-Content-Type-Options"] == "nosniff"
    assert read.json()["surname"] == name
    assert json.dumps(name) in read.content.decode()


@pytest.mark.parametrize("persona", ["member", "outsider"])
def test_member_and_outsider_cannot_add_people(api, request, registry_state, persona):
    before = registry_state()

    answer = api(request.getfixturevalue(persona)).post(PEOPLE, {"surname": "Solts"}, format="json")

    assert answer.status_code == 403
    assert answer.json() == {"detail": REFUSED_READ}
    assert registry_state() == before


@pytest.mark.parametrize("persona", ["auditor", "commissioner"])
def test_readers_cannot_add_people(api, request, registry_state, persona):
    before = registry_state()

    answer = api(request.getfixturevalue(persona)).post(PEOPLE, {"surname": "Solts"}, format="json")

    assert answer.status_code == 403
    assert answer.json() == {"detail": REFUSED_WRITE}
    assert registry_state() == before


def test_a_person_without_any_name_is_refused(api, clerk, registry_state):
    before = registry_state()

    answer = api(clerk).post(PEOPLE, {"gender": "female", "notes": "?"}, format="json")

    sentence = 'A person needs at least one name, or a description such as "Alliluyeva\'s father".'
    assert answer.status_code == 422
    assert answer.json() == {"detail": sentence, "errors": {"surname": [sentence]}}
    assert registry_state() == before


def test_an_unknown_gender_is_refused_with_the_accepted_values(api, clerk, registry_state):
    before = registry_state()

    answer = api(clerk).post(PEOPLE, {"surname": "Solts", "gender": "f"}, format="json")

    sentence = '"f" is not a gender; use one of female, male, unknown.'
    assert answer.status_code == 400
    assert answer.json() == {"detail": f"gender: {sentence}", "errors": {"gender": [sentence]}}
    assert registry_state() == before


def test_bad_values_in_several_fields_are_all_named(api, clerk, registry_state):
    before = registry_state()

    answer = api(clerk).post(
        PEOPLE,
        {"surname": "Solts", "born_on": "3 Feb 1872", "names": [{"kind": "nickname"}]},
        format="json",
    )

    assert answer.status_code == 400
    assert answer.json() == {
        "detail": "Some values were not accepted; see errors for each field.",
        "errors": {
            "born_on": ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."],
            "names.0.kind": [
                '"nickname" is not a kind of name form; use one of pseudonym, maiden, married, '
                "surname_part, diminutive, variant, other."
            ],
            "names.0.value": ["This field is required."],
        },
    }
    assert registry_state() == before


def test_a_reference_in_use_is_refused(api, clerk, seed, registry_state):
    before = registry_state()

    answer = api(clerk).post(PEOPLE, {"surname": "Solts", "ref": "lenin"}, format="json")

    sentence = "The identifier 'lenin' is already in use."
    assert answer.status_code == 422
    assert answer.json() == {"detail": sentence, "errors": {"ref": [sentence]}}
    assert registry_state() == before


def test_form_encoded_bodies_are_refused(api, clerk, registry_state):
    before = registry_state()

    answer = api(clerk).post(
        PEOPLE, "surname=Solts", content_type="application/x-www-form-urlencoded"
    )

    assert answer.status_code == 415
    assert answer.json() == {
        "detail": 'Unsupported media type "application/x-www-form-urlencoded" in request.'
    }
    assert registry_state() == before


# --- Changing ------------------------------------------------------------------------------


def test_clerk_changes_a_person_with_the_version_read(api, clerk, seed):
    answer = api(clerk).patch(
        f"{PEOPLE}alliluyeva/", {"version": 1, "known_as": "Nadya"}, format="json"
    )

    assert answer.status_code == 200
    assert answer.json()["known_as"] == "Nadya"
    assert answer.json()["version"] == 2
    assert answer.json()["display_name"] == "Nadezhda Sergeyevna Alliluyeva (Nadya)"
    assert answer.json()["names"] == [{"kind": "pseudonym", "value": "Nadya"}]
    person = Person.objects.get(ref="alliluyeva")
    assert (person.known_as, person.version, person.surname) == ("Nadya", 2, "Alliluyeva")


def test_a_stale_version_answers_409_and_changes_nothing(api, clerk, chair, seed, registry_state):
    assert (
        api(chair)
        .patch(f"{PEOPLE}alliluyeva/", {"version": 1, "notes": "Reinstated."}, format="json")
        .status_code
        == 200
    )
    before = registry_state()

    answer = api(clerk).patch(
        f"{PEOPLE}alliluyeva/", {"version": 1, "notes": "Expelled."}, format="json"
    )

    assert answer.status_code == 409
    assert answer.json() == {"detail": CONFLICT}
    assert registry_state() == before
    assert Person.objects.get(ref="alliluyeva").notes == "Reinstated."


def test_a_change_without_a_version_is_refused(api, clerk, seed, registry_state):
    before = registry_state()

    answer = api(clerk).patch(f"{PEOPLE}alliluyeva/", {"notes": "x"}, format="json")

    assert answer.status_code == 400
    assert answer.json() == {
        "detail": "version: This field is required.",
        "errors": {"version": ["This field is required."]},
    }
    assert registry_state() == before


def test_a_change_of_nothing_is_refused(api, clerk, seed, registry_state):
    before = registry_state()

    answer = api(clerk).patch(f"{PEOPLE}alliluyeva/", {"version": 1}, format="json")

    sentence = "Nothing to change: send the fields to change beside the version."
    assert answer.status_code == 422
    assert answer.json() == {"detail": f"version: {sentence}", "errors": {"version": [sentence]}}
    assert registry_state() == before


def test_a_change_that_leaves_no_name_is_refused(api, clerk, db, registry_state):
    PersonFactory(ref="solts", given_name="", patronymic="", surname="Solts")
    before = registry_state()

    answer = api(clerk).patch(f"{PEOPLE}solts/", {"version": 1, "surname": ""}, format="json")

    sentence = 'A person needs at least one name, or a description such as "Alliluyeva\'s father".'
    assert answer.status_code == 422
    assert answer.json() == {"detail": sentence, "errors": {"surname": [sentence]}}
    assert registry_state() == before


def test_an_auditor_cannot_change_a_person(api, auditor, seed, registry_state):
    before = registry_state()

    answer = api(auditor).patch(f"{PEOPLE}alliluyeva/", {"version": 1, "notes": "x"}, format="json")

    assert answer.status_code == 403
    assert answer.json() == {"detail": REFUSED_WRITE}
    assert registry_state() == before


def test_changing_an_unknown_person_answers_404(api, clerk, db, registry_state):
    before = registry_state()

    answer = api(clerk).patch(f"{PEOPLE}nobody/", {"version": 1, "notes": "x"}, format="json")

    assert answer.status_code == 404
    assert answer.json() == {"detail": "There is no person with the reference nobody."}
    assert registry_state() == before


# --- Names and contacts --------------------------------------------------------------------


def test_clerk_adds_a_name_form_that_lookup_then_finds(api, clerk, seed):
    client = api(clerk)

    answer = client.post(
        f"{PEOPLE}kasparova-popova/names/", {"kind": "variant", "value": "Evgenia"}, format="json"
    )

    assert answer.status_code == 201
    assert answer.json() == {"kind": "variant", "value": "Evgenia"}
    assert PersonName.objects.filter(person=seed["popova"], kind="variant").count() == 1
    assert refs(client.get(PEOPLE, {"q": "Evgenia Popova"})) == ["kasparova-popova"]


def test_a_name_form_of_an_unknown_kind_is_refused(api, clerk, seed, registry_state):
    before = registry_state()

    answer = api(clerk).post(
        f"{PEOPLE}kasparova-popova/names/", {"kind": "alias", "value": "Zhenya"}, format="json"
    )

    assert answer.status_code == 400
    assert answer.json()["errors"] == {
        "kind": [
            '"alias" is not a kind of name form; use one of pseudonym, maiden, married, '
            "surname_part, diminutive, variant, other."
        ]
    }
    assert registry_state() == before


def test_a_commissioner_cannot_add_a_name_form(api, commissioner, seed, registry_state):
    before = registry_state()

    answer = api(commissioner).post(
        f"{PEOPLE}kasparova-popova/names/", {"kind": "variant", "value": "Zhenya"}, format="json"
    )

    assert answer.status_code == 403
    assert answer.json() == {"detail": REFUSED_WRITE}
    assert registry_state() == before


def test_clerk_records_a_contact_detail(api, clerk, seed):
    answer = api(clerk).post(
        f"{PEOPLE}alliluyeva/contacts/",
        {"kind": "phone", "value": "12-34", "note": "at the office"},
        format="json",
    )

    assert answer.status_code == 201
    contact = ContactDetail.objects.get(person=seed["alliluyeva"])
    assert answer.json() == {
        "id": contact.pk,
        "kind": "phone",
        "value": "12-34",
        "note": "at the office",
        "source_document": None,
        "recorded_at": contact.recorded_at.isoformat().replace("+00:00", "Z"),
    }
    # The audit event does not repeat personal data.
    event = AuditEvent.objects.get(
        action="person.add_contact", target_id=str(seed["alliluyeva"].pk)
    )
    assert "12-34" not in json.dumps([event.summary, event.after])


@pytest.mark.parametrize(
    ("persona", "sentence"), [("auditor", REFUSED_WRITE), ("member", REFUSED_READ)]
)
def test_others_cannot_record_contact_details(
    api, request, seed, registry_state, persona, sentence
):
    before = registry_state()

    answer = api(request.getfixturevalue(persona)).post(
        f"{PEOPLE}alliluyeva/contacts/", {"kind": "phone", "value": "12-34"}, format="json"
    )

    assert answer.status_code == 403
    assert answer.json() == {"detail": sentence}
    assert registry_state() == before


def test_a_contact_of_an_unknown_kind_is_refused(api, clerk, seed, registry_state):
    before = registry_state()

    answer = api(clerk).post(
        f"{PEOPLE}alliluyeva/contacts/", {"kind": "fax", "value": "12-34"}, format="json"
    )

    sentence = '"fax" is not a kind of contact detail; use one of address, phone, email, other.'
    assert answer.status_code == 400
    assert answer.json() == {"detail": f"kind: {sentence}", "errors": {"kind": [sentence]}}
    assert registry_state() == before


def test_a_query_over_its_length_is_refused_even_when_its_ends_are_blank(api, clerk):
    answer = api(clerk).get("/api/v1/people/", {"q": "\r\n" + "a" * 200})
    assert answer.status_code == 400
    assert answer.json()["errors"] == {"q": ["Ensure this field has no more than 200 characters."]}
