from __future__ import annotations

import pytest
from django.urls import reverse

from commission.registry.enums import ContactKind, RelationshipKind
from commission.registry.models import ContactDetail, Relationship
from tests.factories import MembershipFactory, PersonFactory


@pytest.fixture
def nadezhda(db):
    person = PersonFactory(
        ref="P-n", given_name="Nadezhda", patronymic="Sergeyevna", surname="Alliluyeva",
        gender="female",
    )  # fmt: skip
    father = PersonFactory(
        ref="P-f", given_name="Sergei", patronymic="Yakovlevich", surname="Alliluyev"
    )
    Relationship.objects.create(
        source=father, target=person, kind=RelationshipKind.PARENT, strength=5
    )
    MembershipFactory(person=person)
    ContactDetail.objects.create(person=person, kind=ContactKind.PHONE, value="58–97")
    return person


def test_people_search_finds_by_another_spelling(client, clerk, nadezhda):
    client.force_login(clerk)
    response = client.get(reverse("registry:people"), {"q": "Allilueva"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "2 matches for “Allilueva”." in page  # her father's masculine surname matches too
    assert page.index("Nadezhda Sergeyevna Alliluyeva") < page.index("Sergei Yakovlevich Alliluyev")


def test_people_search_finds_a_daughter_through_her_father(client, clerk, nadezhda):
    client.force_login(clerk)
    response = client.get(reverse("registry:people"), {"q": "the daughter of Sergei Alliluyev"})
    page = response.content.decode()
    assert "1 match for “the daughter of Sergei Alliluyev” (found through their relatives)." in page
    assert "daughter of Sergei Yakovlevich Alliluyev" in page


def test_people_search_partial_for_htmx(client, clerk, nadezhda):
    client.force_login(clerk)
    response = client.get(
        reverse("registry:people"), {"q": "N. S. Alliluyeva"}, HTTP_HX_REQUEST="true"
    )
    assert b"<html" not in response.content
    assert b"Nadezhda Sergeyevna Alliluyeva" in response.content


def test_people_search_says_when_nothing_matches(client, clerk, nadezhda):
    client.force_login(clerk)
    response = client.get(reverse("registry:people"), {"q": "Qwertyuiop"})
    assert "Nobody in the registry matches “Qwertyuiop”" in response.content.decode()


def test_person_page_shows_history_family_and_contacts_to_a_clerk(client, clerk, nadezhda):
    client.force_login(clerk)
    page = client.get(reverse("registry:person", args=["P-n"])).content.decode()
    assert "Membership history" in page
    assert "joined" in page
    assert "Child of" in page
    assert "Sergei Yakovlevich Alliluyev" in page
    assert "58–97" in page
    assert "masculine Alliluyev, feminine Alliluyeva" in page


def test_person_page_hides_personal_data_from_a_member(client, member, nadezhda):
    member.user_permissions.add(
        *__import__(
            "django.contrib.auth.models", fromlist=["Permission"]
        ).Permission.objects.filter(codename="view_person")
    )
    client.force_login(member)
    page = client.get(reverse("registry:person", args=["P-n"])).content.decode()
    assert "58–97" not in page
    assert "Hidden: personal data is shown only to roles allowed to see it." in page


def test_registry_refused_to_a_role_without_it(client, outsider, nadezhda):
    client.force_login(outsider)
    response = client.get(reverse("registry:person", args=["P-n"]))
    assert response.status_code == 403
    assert b"Your role does not allow you to look at the member registry." in response.content


def test_pages_need_sign_in(client, nadezhda):
    response = client.get(reverse("registry:people"))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_unknown_person_is_404(client, clerk):
    client.force_login(clerk)
    assert client.get(reverse("registry:person", args=["nobody"])).status_code == 404


def test_markup_in_names_is_escaped(client, clerk):
    PersonFactory(ref="P-x", given_name="<script>alert(1)</script>", surname="Ivanov")
    client.force_login(clerk)
    page = client.get(reverse("registry:people"), {"q": "Ivanov"}).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_strict_content_security_policy(client, clerk):
    client.force_login(clerk)
    response = client.get(reverse("registry:people"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self';" in policy
    assert "style-src 'self';" in policy
    assert "unsafe-inline" not in policy


def test_people_search_finds_a_declined_russian_name(client, clerk, nadezhda):
    client.force_login(clerk)
    response = client.get(reverse("registry:people"), {"q": "Надежды Сергеевны Аллилуевой"})
    page = response.content.decode()
    assert "1 match for “Надежды Сергеевны Аллилуевой”." in page
    assert "Nadezhda Sergeyevna Alliluyeva" in page


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en-gb", "(no exact match; showing matches by near spelling)."),
        ("ru", "(точных совпадений нет; показаны совпадения: близкое написание)."),
    ],
)
def test_people_search_says_how_a_near_match_was_found_in_the_readers_language(
    client, clerk, nadezhda, language, said
):
    from commission.core.middleware import SESSION_LANGUAGE

    client.force_login(clerk)
    session = client.session
    session[SESSION_LANGUAGE] = language
    session.save()
    page = client.get(reverse("registry:people"), {"q": "Nadezhda Alliluyva"}).content.decode()
    assert said in page
