"""Paging of every list: a page or page size the client got wrong is named, never guessed."""

from __future__ import annotations

import pytest

from tests.factories import PersonFactory

PEOPLE = "/api/v1/people/"


def refs(answer) -> list[str]:
    return [row["ref"] for row in answer.json()["results"]]


@pytest.mark.parametrize(
    ("page", "sentence"),
    [
        ("0", "Give the page as a whole number from 1, not “0”."),
        ("-1", "Give the page as a whole number from 1, not “-1”."),
        ("two", "Give the page as a whole number from 1, not “two”."),
        ("1.5", "Give the page as a whole number from 1, not “1.5”."),
    ],
)
def test_a_page_that_is_not_a_whole_number_from_1_is_refused(api, auditor, db, page, sentence):
    answer = api(auditor).get(PEOPLE, {"page": page})

    assert answer.status_code == 400
    assert answer.json() == {"detail": sentence, "errors": {"page": [sentence]}}


@pytest.mark.parametrize("size", ["0", "-3", "many", "2.0"])
def test_a_page_size_that_is_not_a_whole_number_from_1_is_refused(api, auditor, db, size):
    answer = api(auditor).get(PEOPLE, {"page_size": size})

    sentence = f"Give the page size as a whole number from 1 to 500, not “{size}”."
    assert answer.status_code == 400
    assert answer.json() == {"detail": sentence, "errors": {"page_size": [sentence]}}


def test_a_page_past_the_end_of_a_longer_list_says_how_many_pages_there_are(api, auditor, db):
    for n in range(5):
        PersonFactory(ref=f"P{n}", surname=f"Ivanov{n}")

    answer = api(auditor).get(PEOPLE, {"page": 4, "page_size": 2})

    sentence = "There is no page 4: the list has 3 pages."
    assert answer.status_code == 404
    assert answer.json() == {"detail": sentence, "errors": {"page": [sentence]}}


def test_a_page_number_of_any_length_is_answered_not_failed(api, auditor, db):
    answer = api(auditor).get(PEOPLE, {"page": "9" * 5000, "page_size": "9" * 5000})

    sentence = f"There is no page {'9' * 20}…: the list has 1 page."
    assert answer.status_code == 404
    assert answer.json() == {"detail": sentence, "errors": {"page": [sentence]}}


def test_the_last_page_and_an_oversized_page_are_still_served(api, auditor, db):
    for n in range(3):
        PersonFactory(ref=f"P{n}", surname=f"Ivanov{n}")
    client = api(auditor)

    last = client.get(PEOPLE, {"page": "last", "page_size": 2})
    everything = client.get(PEOPLE, {"page_size": 100_000})

    assert refs(last) == ["P2"]
    assert refs(everything) == ["P0", "P1", "P2"]


@pytest.mark.parametrize(
    "url",
    ["/api/v1/cases/", "/api/v1/grounds/", "/api/v1/letters/", "/api/v1/inquiries/"],
)
def test_other_lists_refuse_a_bad_page_the_same_way(api, chair, db, url):
    answer = api(chair).get(url, {"page": "0"})

    sentence = "Give the page as a whole number from 1, not “0”."
    assert answer.status_code == 400
    assert answer.json() == {"detail": sentence, "errors": {"page": [sentence]}}
