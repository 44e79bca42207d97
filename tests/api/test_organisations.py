from __future__ import annotations

import pytest

from commission.registry import services
from tests.api.conftest import REFUSED_READ
from tests.factories import CommissionFactory, OrganisationFactory, UnitFactory


@pytest.fixture
def commissions(clerk, seed, rcp):
    central = CommissionFactory(
        ref="ccpp", name="Central Commission for Purging the Party", organisation=rcp
    )
    moscow = CommissionFactory(
        ref="moscow-gub", name="Moscow gubernia commission", organisation=rcp,
        level="gubernia", parent=central, unit=seed["moscow"],
    )  # fmt: skip
    services.appoint_commissioner(
        actor=clerk, commission=central, person=seed["lenin"], role="chair"
    )
    services.appoint_commissioner(actor=clerk, commission=central, person=seed["father"])
    return central, moscow


def test_organisations_are_listed_and_read_by_reference(api, auditor, rcp):
    OrganisationFactory(ref="aaa", name="Another organisation", short_name="")
    client = api(auditor)

    listed = client.get("/api/v1/organisations/")
    one = client.get("/api/v1/organisations/rcp/")

    assert [o["ref"] for o in listed.json()["results"]] == ["aaa", "rcp"]
    assert one.json() == {
        "ref": "rcp",
        "name": "Russian Communist Party (Bolsheviks)",
        "short_name": "RCP(b)",
        "founded_on": None,
    }


def test_units_are_filtered_by_organisation(api, clerk, seed):
    UnitFactory(ref="elsewhere", organisation=OrganisationFactory(ref="other"), kind="cell")
    client = api(clerk)

    assert [u["ref"] for u in client.get("/api/v1/units/").json()["results"]] == [
        "elsewhere",
        "moscow",
    ]
    assert client.get("/api/v1/units/", {"organisation": "rcp"}).json()["results"] == [
        {
            "ref": "moscow",
            "organisation": "rcp",
            "parent": None,
            "name": "Moscow organisation",
            "kind": "district",
        }
    ]


def test_commissions_come_with_their_commissioners(api, commissioner, commissions):
    answer = api(commissioner).get("/api/v1/commissions/")
    # The seed's expulsions were decided by commissions of their own; these two are the page's.
    listed = [c for c in answer.json()["results"] if c["ref"] in ("ccpp", "moscow-gub")]

    assert listed == [
        {
            "ref": "ccpp",
            "organisation": "rcp",
            "name": "Central Commission for Purging the Party",
            "level": "central",
            "parent": None,
            "unit": None,
            "commissioners": [
                {
                    "person": {
                        "ref": "lenin",
                        "display_name": "Vladimir Ilyich Ulyanov (Lenin)",
                    },
                    "role": "chair",
                    "started_on": None,
                    "ended_on": None,
                },
                {
                    "person": {"ref": "alliluyev", "display_name": "Sergei Alliluyev"},
                    "role": "member",
                    "started_on": None,
                    "ended_on": None,
                },
            ],
        },
        {
            "ref": "moscow-gub",
            "organisation": "rcp",
            "name": "Moscow gubernia commission",
            "level": "gubernia",
            "parent": "ccpp",
            "unit": "moscow",
            "commissioners": [],
        },
    ]


def test_an_unknown_commission_answers_404(api, clerk, db):
    answer = api(clerk).get("/api/v1/commissions/nowhere/")

    assert answer.status_code == 404
    assert answer.json() == {"detail": "There is no commission with the reference nowhere."}


@pytest.mark.parametrize(
    "url", ["/api/v1/organisations/", "/api/v1/units/", "/api/v1/commissions/"]
)
def test_reading_needs_permission(api, member, url):
    answer = api(member).get(url)

    assert answer.status_code == 403
    assert answer.json() == {"detail": REFUSED_READ}


@pytest.mark.parametrize(
    "url", ["/api/v1/organisations/", "/api/v1/units/", "/api/v1/commissions/"]
)
def test_these_lists_are_read_only(api, clerk, url):
    answer = api(clerk).post(url, {"ref": "x", "name": "x"}, format="json")

    assert answer.status_code == 405
    assert answer.json() == {"detail": 'Method "POST" not allowed.'}
