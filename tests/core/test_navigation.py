"""The page header shows each role only what it may use: every link of the main navigation
opens a page, and the search box names only what the role may search."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from commission.demo.loader import load_demo

ROLES = ("clerk", "commissioner", "chair", "auditor", "member")


def _nav_links(html: str) -> list[str]:
    nav = re.search(r'<nav aria-label="Main">(.*?)</nav>', html, re.S)
    assert nav is not None
    return re.findall(r'<a href="([^"]+)"', nav.group(1))


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    load_demo(letters=False)


@pytest.mark.parametrize("role", ROLES)
def test_every_link_of_the_navigation_opens_a_page_the_role_may_use(role, demo):
    client = Client()
    client.force_login(User.objects.get(username=role))
    links = _nav_links(client.get("/dashboard/").content.decode())
    assert "/dashboard/" in links
    for link in links:
        response = client.get(link, follow=True)
        assert response.status_code == 200, f"{role}: {link} answers {response.status_code}"
        assert b"Not allowed" not in response.content, f"{role}: {link} is not allowed"


def test_a_member_is_not_offered_the_registry(member):
    client = Client()
    client.force_login(member)
    html = client.get("/dashboard/").content.decode()
    assert "/registry/people/" not in _nav_links(html)
    assert 'placeholder="Search your cases"' in html
    assert "people" not in re.search(r'<form class="topsearch".*?</form>', html, re.S).group(0)


def test_a_member_searches_only_their_cases_and_is_told_nothing_of_the_rest(member):
    client = Client()
    client.force_login(member)
    html = client.get("/search/", {"q": "Kasparova"}).content.decode()
    kind = re.search(r'<select name="kind".*?</select>', html, re.S).group(0)
    assert re.findall(r'<option value="([^"]+)"', kind) == ["cases"]
    assert "are not searched" not in html


def test_a_clerk_searches_people_letters_and_cases(clerk):
    client = Client()
    client.force_login(clerk)
    html = client.get("/search/", {"q": "Kasparova"}).content.decode()
    kind = re.search(r'<select name="kind".*?</select>', html, re.S).group(0)
    assert re.findall(r'<option value="([^"]+)"', kind) == ["all", "people", "letters", "cases"]
    assert 'placeholder="Search people, letters and cases"' in html


def test_the_top_search_is_a_landmark_of_its_own_name(clerk):
    client = Client()
    client.force_login(clerk)
    html = client.get("/registry/people/").content.decode()
    assert (
        '<form class="topsearch" action="/search/" method="get" role="search" '
        'aria-label="Search everywhere">'
    ) in html


def test_the_signed_out_not_found_page_asks_to_sign_in_rather_than_to_search(db):
    response = Client().get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'class="topsearch"' not in html
    assert '<a href="/login/">Sign in</a> to search for what you wanted.' in html
    assert "search box above" not in html


def test_the_signed_in_not_found_page_points_to_the_search_box(clerk):
    client = Client()
    client.force_login(clerk)
    html = client.get("/no/such/page/").content.decode()
    assert 'class="topsearch"' in html
    assert "Use the search box above to look for what you wanted." in html
