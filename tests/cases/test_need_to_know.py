"""Need-to-know: a clerk posted to a commission sees its cases (and those on appeal to it),
the people they concern, and not another commission's; a clerk with no post sees them all.
Every channel is asked: the case page and list, the API, the command line, the statistics,
the dashboard counts, the person page's contact details and the services that change a case."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from commission.audit.models import AuditEvent
from commission.cases import services
from commission.cases.enums import CaseKind
from commission.cases.models import Case, CaseDocument, Decision
from commission.cases.queries import can_see_case, visible_cases
from commission.core.audit_actions import AuditAction
from commission.core.errors import NotAllowed, NotFound
from commission.core.services import system_actor
from commission.documents.access import readable
from commission.documents.models import Document
from commission.registry.enums import CommissionLevel
from commission.registry.models import ClerkPost, Commission, ContactDetail, Person
from commission.registry.personal import may_see_personal_data
from commission.registry.posts import end_clerk_post, post_clerk, posted_commissions
from commission.registry.queries import person_detail
from commission.reports import queries as dashboard
from commission.reports.statistics.report import procedure_statistics
from tests.factories import (
    CommissionFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    UnitFactory,
    UserFactory,
)


@dataclass
class World:
    central: Commission
    tver: Commission  # its unit has a sub-unit
    tula: Commission
    ours: Case  # before Tver
    theirs: Case  # before Tula
    member_below: Person  # a member of a unit under Tver's unit, on no case
    stranger: Person  # on no case, in no unit of Tver's
    letter_ours: Document
    letter_theirs: Document
    letter_unfiled: Document


def _with_contact(person: Person, phone: str) -> Person:
    ContactDetail.objects.create(person=person, kind="phone", value=phone)
    return person


@pytest.fixture
def world(db) -> World:
    org = OrganisationFactory()
    tver_unit = UnitFactory(organisation=org, name="Tver organisation")
    cell = UnitFactory(organisation=org, name="Tannery cell", parent=tver_unit)
    central = CommissionFactory(organisation=org, ref="C-central", name="Central Commission")
    tver = CommissionFactory(
        organisation=org, ref="C-tver", name="Tver Commission", level=CommissionLevel.GUBERNIA,
        parent=central, unit=tver_unit,
    )  # fmt: skip
    tula = CommissionFactory(
        organisation=org, ref="C-tula", name="Tula Commission", level=CommissionLevel.GUBERNIA,
        parent=central,
    )  # fmt: skip
    subject_ours = _with_contact(PersonFactory(ref="P-zotova", surname="Zotova"), "11-11")
    subject_theirs = _with_contact(PersonFactory(ref="P-lebedev", surname="Lebedev"), "22-22")
    member_below = _with_contact(PersonFactory(ref="P-cell", surname="Kozlov"), "33-33")
    stranger = _with_contact(PersonFactory(ref="P-stranger", surname="Orlov"), "44-44")
    for person in (subject_ours, subject_theirs, stranger):
        MembershipFactory(person=person, organisation=org)
    MembershipFactory(person=member_below, organisation=org, unit=cell)
    ours = Case.objects.create(
        ref="K-ours", subject=subject_ours, commission=tver, kind=CaseKind.EXPULSION
    )
    theirs = Case.objects.create(
        ref="K-theirs", subject=subject_theirs, commission=tula, kind=CaseKind.EXPULSION
    )
    letters = [
        Document.objects.create(title=title, kind="letter", text=title, fingerprint=title)
        for title in ("Letter on Zotova", "Letter on Lebedev", "Letter on nobody yet")
    ]
    now = dt.datetime(1921, 12, 1, tzinfo=dt.UTC)
    CaseDocument.objects.create(case=ours, document=letters[0], role="evidence", filed_at=now)
    CaseDocument.objects.create(case=theirs, document=letters[1], role="evidence", filed_at=now)
    return World(central, tver, tula, ours, theirs, member_below, stranger, *letters)


@pytest.fixture
def posted(world):
    """A clerk posted to Tver."""
    user = UserFactory(username="tver-clerk", roles=["clerk"])
    post_clerk(actor=system_actor(), user=user, commission=world.tver)
    return user


def web(user) -> object:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


class TestTheRule:
    def test_a_posted_clerk_sees_her_commissions_cases_only(self, world, posted):
        assert set(visible_cases(posted).values_list("ref", flat=True)) == {"K-ours"}
        assert can_see_case(posted, world.ours) is True
        assert can_see_case(posted, world.theirs) is False

    def test_a_clerk_with_no_post_sees_every_case(self, world, clerk):
        assert posted_commissions(clerk) is None
        assert set(visible_cases(clerk).values_list("ref", flat=True)) == {"K-ours", "K-theirs"}
        assert can_see_case(clerk, world.theirs) is True

    def test_an_ended_post_gives_back_the_whole_view(self, world, posted):
        end_clerk_post(actor=system_actor(), user=posted, commission=world.tver)
        # The post still counts on its last day; the day after, the whole view is back.
        ClerkPost.objects.filter(user=posted).update(
            started_on=dt.date(1921, 1, 1), ended_on=dt.date(1921, 6, 1)
        )
        fresh = type(posted).objects.get(pk=posted.pk)
        assert posted_commissions(fresh) is None
        assert visible_cases(fresh).count() == 2

    def test_the_case_on_appeal_to_her_commission_is_hers(self, world):
        decision = Decision.objects.create(
            case=world.ours, outcome="expel", decided_on=dt.date(1921, 12, 10), reasons="."
        )
        Case.objects.create(
            ref="K-appeal", subject=world.ours.subject, commission=world.central,
            kind=CaseKind.APPEAL, appeals=decision,
        )  # fmt: skip
        central_clerk = UserFactory(username="central-clerk", roles=["clerk"])
        post_clerk(actor=system_actor(), user=central_clerk, commission=world.central)
        refs = set(visible_cases(central_clerk).values_list("ref", flat=True))
        assert refs == {"K-appeal", "K-ours"}
        assert can_see_case(central_clerk, world.ours) is True
        assert can_see_case(central_clerk, world.theirs) is False

    def test_letters_of_her_cases_and_the_unfiled(self, world, posted, clerk):
        mine = set(readable(Document.objects.all(), posted).values_list("title", flat=True))
        assert mine == {"Letter on Zotova", "Letter on nobody yet"}
        assert readable(Document.objects.all(), clerk).count() == 3


class TestChannels:
    def test_case_page_and_list(self, world, posted, clerk):
        assert web(posted).get("/cases/K-ours/").status_code == 200
        assert web(posted).get("/cases/K-theirs/").status_code == 404
        assert web(clerk).get("/cases/K-theirs/").status_code == 200
        listing = web(posted).get("/cases/").content.decode()
        assert "K-ours" in listing
        assert "K-theirs" not in listing

    def test_api_list_and_detail(self, world, posted, clerk):
        found = api(posted).get("/api/v1/cases/").json()
        assert [row["ref"] for row in found["results"]] == ["K-ours"]
        assert api(posted).get("/api/v1/cases/K-theirs/").status_code == 404
        assert api(posted).get("/api/v1/cases/K-ours/").status_code == 200
        everyone = api(clerk).get("/api/v1/cases/").json()
        assert {row["ref"] for row in everyone["results"]} == {"K-ours", "K-theirs"}

    def test_command_line(self, world, posted, clerk, capsys, settings):
        import getpass

        settings.COMMISSION_OPERATORS = [getpass.getuser()]
        call_command("case", "list", "--as", "tver-clerk")
        out = capsys.readouterr().out
        assert "K-ours" in out
        assert "K-theirs" not in out
        with pytest.raises(CommandError):
            call_command("case", "show", "K-theirs", "--as", "tver-clerk")
        call_command("case", "list", "--as", "clerk")
        assert "K-theirs" in capsys.readouterr().out

    def test_statistics(self, world, posted, clerk):
        assert procedure_statistics(user=posted).opened_total == 1
        assert procedure_statistics(user=clerk).opened_total == 2

    def test_dashboard_counts(self, world, posted, clerk):
        assert dashboard.cases_gathering(user=posted).count == 1
        assert dashboard.cases_gathering(user=clerk).count == 2
        assert [c.ref for c in dashboard.cases_gathering(user=posted).rows] == ["K-ours"]

    def test_the_case_inquiries_panel_of_a_hidden_case_is_not_found(self, world, posted, clerk):
        assert web(posted).get("/cases/K-theirs/inquiries/").status_code == 404
        assert web(posted).get("/cases/K-ours/inquiries/").status_code == 200
        Case.objects.filter(pk=world.theirs.pk).update(confidential=True)
        assert web(clerk).get("/cases/K-theirs/inquiries/").status_code == 404


class TestPersonalData:
    def test_only_people_of_her_cases_and_units(self, world, posted, clerk):
        assert may_see_personal_data(posted, world.ours.subject) is True
        assert may_see_personal_data(posted, world.member_below) is True
        assert may_see_personal_data(posted, world.theirs.subject) is False
        assert may_see_personal_data(posted, world.stranger) is False
        assert may_see_personal_data(clerk, world.stranger) is True
        assert person_detail(person_id=world.stranger.pk, viewer=posted).contacts is None

    def test_the_person_page_hides_and_does_not_log_what_it_did_not_show(self, world, posted):
        page = web(posted).get("/registry/people/P-stranger/")
        assert page.status_code == 200
        assert "Orlov" in page.content.decode()
        assert "44-44" not in page.content.decode()
        reads = AuditEvent.objects.filter(
            action=AuditAction.PERSONAL_DATA_READ, target_id=str(world.stranger.pk)
        )
        assert reads.count() == 0
        shown = web(posted).get("/registry/people/P-zotova/")
        assert "11-11" in shown.content.decode()
        assert (
            AuditEvent.objects.filter(
                action=AuditAction.PERSONAL_DATA_READ, target_id=str(world.ours.subject.pk)
            ).count()
            == 1
        )

    def test_the_api_leaves_contacts_out(self, world, posted, clerk):
        assert "contacts" not in api(posted).get("/api/v1/people/P-stranger/").json()
        assert api(clerk).get("/api/v1/people/P-stranger/").json()["contacts"][0]["value"] == (
            "44-44"
        )

    def test_names_stay_searchable(self, world, posted):
        from commission.search.queries import search

        found = search(user=posted, text="Orlov")
        assert [m.person.ref for m in found.people] == ["P-stranger"]
        assert found.cases == []


class TestServices:
    def test_filing_on_another_commissions_case_is_refused(self, world, posted):
        with pytest.raises(NotFound, match="There is no case K-theirs among the cases"):
            services.file_document(
                actor=posted, case=world.theirs, document=world.letter_unfiled, role="evidence"
            )
        assert CaseDocument.objects.filter(document=world.letter_unfiled).count() == 0
        services.file_document(
            actor=posted, case=world.ours, document=world.letter_unfiled, role="evidence"
        )
        assert CaseDocument.objects.filter(document=world.letter_unfiled).count() == 1

    def test_opening_a_case_before_another_commission_is_refused(self, world, posted):
        with pytest.raises(NotAllowed, match="Tula Commission"):
            services.open_case(
                actor=posted, subject=world.stranger, commission=world.tula,
                kind=CaseKind.EXPULSION,
            )  # fmt: skip
        assert Case.objects.count() == 2
        services.open_case(
            actor=posted, subject=world.stranger, commission=world.tver, kind=CaseKind.EXPULSION
        )
        assert Case.objects.count() == 3

    def test_asking_on_another_commissions_case_is_refused(self, world, posted):
        from commission.inquiries.models import Inquiry
        from commission.inquiries.services import ask

        with pytest.raises(NotFound):
            ask(
                actor=posted, subject=world.theirs.subject, recipient=world.stranger,
                question="Do you know him?", due_on=dt.date(1922, 1, 10), case=world.theirs,
            )  # fmt: skip
        assert Inquiry.objects.count() == 0


class TestExports:
    def test_the_ftm_export_carries_only_her_peoples_contacts(self, world, posted, clerk):
        from commission.reports.exports.ftm import entities

        def phones(user) -> set[str]:
            # A 1921 exchange number is not an international one: the export keeps it in notes.
            return {
                note for e in entities(user) if e.schema.name == "Person" for note in e.get("notes")
            }

        assert phones(posted) == {"telephone: 11-11", "telephone: 33-33"}
        assert phones(clerk) == {
            "telephone: 11-11", "telephone: 22-22", "telephone: 33-33", "telephone: 44-44"
        }  # fmt: skip

    def test_the_registry_export_with_contacts_is_refused(self, world, posted, tmp_path):
        from commission.core.errors import InvalidInput
        from commission.registry.interchange.exporter import export_registry

        posted.groups.add(*type(posted).groups.field.related_model.objects.filter(name="clerk"))
        with pytest.raises(InvalidInput, match="may not export the whole registry's contact"):
            export_registry(
                actor=posted, destination=tmp_path / "out.jsonl", include_personal_data=True
            )
        assert not (tmp_path / "out.jsonl").exists()
