"""The search page, the API endpoint, the command, and loading letters in bulk."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from rest_framework.test import APIClient

from commission.audit.models import AuditEvent
from commission.core.errors import InvalidInput, NotAllowed
from commission.documents.models import Document, DocumentCopy
from commission.intake.archive import load_letters
from commission.intake.generate import generate_letters
from tests.search.conftest import write_letters

pytestmark = pytest.mark.django_db


class TestPage:
    def test_every_page_has_the_search_box(self, client, clerk):
        client.force_login(clerk)
        page = client.get(reverse("cases:list")).content.decode()
        assert f'action="{reverse("search:search")}"' in page

    def test_results_with_passages(self, client, chair, letters):
        client.force_login(chair)
        page = client.get(reverse("search:search"), {"q": "drunkenness"}).content.decode()
        assert letters["b"].title in page
        assert "<mark>drunkenness</mark>" in page
        assert "best matches first" in page

    def test_markup_in_the_query_is_escaped(self, client, chair, letters):
        client.force_login(chair)
        response = client.get(reverse("search:search"), {"q": "<script>alert(1)</script>"})
        assert response.status_code == 200
        page = response.content.decode()
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page

    def test_nothing_found_says_what_to_try(self, client, chair, letters):
        client.force_login(chair)
        page = client.get(reverse("search:search"), {"q": "samovar"}).content.decode()
        assert "Nothing you may see matches" in page

    def test_no_words_says_so(self, client, chair):
        client.force_login(chair)
        page = client.get(reverse("search:search"), {"q": "((( *"}).content.decode()
        assert "There were no words to search for" in page

    def test_a_wrong_date_range_is_shown_in_place_and_keeps_the_words(self, client, chair):
        client.force_login(chair)
        response = client.get(
            reverse("search:search"),
            {"q": "tannery", "date_from": "1921-05-01", "date_to": "1921-01-01"},
        )
        assert response.status_code == 400
        page = response.content.decode()
        assert "The end date is before the start date." in page
        assert 'value="tannery"' in page

    def test_htmx_gets_the_results_alone(self, client, chair, letters):
        client.force_login(chair)
        response = client.get(
            reverse("search:search"), {"q": "tannery"}, headers={"HX-Request": "true"}
        )
        assert b"<html" not in response.content
        assert letters["a"].title.encode() in response.content

    def test_signed_out_goes_to_sign_in(self, client):
        response = client.get(reverse("search:search"), {"q": "x"})
        assert response.status_code == 302


class TestApi:
    def test_search(self, chair, letters):
        api = APIClient()
        api.force_authenticate(chair)
        body = api.get("/api/v1/search/", {"q": '"night school"'}).json()
        assert [letter["title"] for letter in body["letters"]] == [letters["a"].title]
        assert "<mark>" in body["letters"][0]["passage"]
        assert body["letters_ranked"] is True
        assert body["understood"] == "“night school”"

    def test_facets(self, chair, letters, search_backend):
        api = APIClient()
        api.force_authenticate(chair)
        body = api.get("/api/v1/search/", {"q": "tannery", "facets": "true"}).json()
        if search_backend == "embedded":
            assert body["letter_facets"]["Year"] == [{"value": "1921", "shown": "1921", "count": 2}]
        else:
            assert body["letter_facets"] == {}
        assert "letter_facets" not in api.get("/api/v1/search/", {"q": "tannery"}).json()

    def test_dates_out_of_order_are_refused_with_the_field(self, chair):
        api = APIClient()
        api.force_authenticate(chair)
        response = api.get(
            "/api/v1/search/", {"q": "x", "date_from": "1921-05-01", "date_to": "1921-01-01"}
        )
        assert response.status_code == 422
        assert "date_to" in json.dumps(response.json())


class TestCommand:
    def test_search_prints_passages(self, letters, capsys):
        call_command("search", "drunkenness", "--kind", "letters")
        out = capsys.readouterr().out
        assert letters["b"].title in out
        assert "[drunkenness]" in out

    def test_bad_date(self):
        with pytest.raises(CommandError, match="is not a date"):
            call_command("search", "x", "--from", "1921-13-01")


class TestLoadingLetters:
    def test_loads_once_with_a_copy_and_an_audit_event(self, clerk, tmp_path):
        path = generate_letters(destination=tmp_path / "l.jsonl", count=30, seed=7).destination
        report = load_letters(actor=clerk, path=path)
        assert report.loaded == 30
        assert DocumentCopy.objects.count() == 30
        assert AuditEvent.objects.filter(action="document.load").count() == 1
        again = load_letters(actor=clerk, path=path)
        assert (again.loaded, again.already_on_file) == (0, 30)

    def test_a_bad_line_stores_nothing_and_names_the_line(self, clerk, tmp_path):
        path = tmp_path / "bad.jsonl"
        path.write_text(
            json.dumps({"title": "Good", "text": "Fine."})
            + "\n{not json\n"
            + json.dumps({"title": "Dated", "text": "x", "written_on": "1921-02-30"})
            + "\n"
            + json.dumps({"title": "Sealed?", "text": "y", "confidential": "false"})
            + "\n"
            + json.dumps({"title": "Noted", "text": "z", "notes": 12})
            + "\n",
            encoding="utf-8",
        )
        with pytest.raises(InvalidInput) as refused:
            load_letters(actor=clerk, path=path)
        assert "bad.jsonl, line 2: this is not JSON" in refused.value.message
        assert "line 3: written_on '1921-02-30' is not a date" in refused.value.message
        assert "line 4: confidential must be true or false, not 'false'" in refused.value.message
        assert "line 5: the notes must be text in quotes, not a number" in refused.value.message
        assert Document.objects.count() == 0

    def test_a_member_may_not_load(self, member, tmp_path):
        path = write_letters(tmp_path / "l.jsonl", [{"title": "t", "text": "x"}])
        with pytest.raises(NotAllowed):
            load_letters(actor=member, path=path)

    def test_the_generator_is_reproducible(self, tmp_path):
        one = generate_letters(destination=tmp_path / "a.jsonl", count=50, seed=3).destination
        two = generate_letters(destination=tmp_path / "b.jsonl", count=50, seed=3).destination
        assert one.read_bytes() == two.read_bytes()
        first = json.loads(one.read_text().splitlines()[0])
        assert {"title", "text", "written_on"} <= set(first)


def test_generate_writes_letters_beside_the_registry(tmp_path, capsys):
    call_command(
        "generate", str(tmp_path / "reg.jsonl"), "--people", "30", "--relationships", "10",
        "--letters", "7",
    )  # fmt: skip
    letters = (tmp_path / "reg-letters.jsonl").read_text().splitlines()
    assert len(letters) == 7
    assert "Wrote 7 letters" in capsys.readouterr().out


def test_load_letters_command_reports_and_refuses_a_missing_file(tmp_path, capsys, db):
    path = generate_letters(destination=tmp_path / "l.jsonl", count=12, seed=5).destination
    call_command("load_letters", str(path))
    assert "Loaded 12 letters" in capsys.readouterr().out
    with pytest.raises(CommandError, match="is not a file"):
        call_command("load_letters", str(tmp_path / "missing.jsonl"))
