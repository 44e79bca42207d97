"""Registry import and export: round trips, every refusal named by file, line and column, and
nothing changed by a refused import."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command

from commission.audit.models import AuditEvent
from commission.cases.models import Case, Decision
from commission.core.errors import InvalidInput, NotAllowed
from commission.registry import services
from commission.registry.interchange import export_registry, import_registry
from commission.registry.lookup import find_people
from commission.registry.models import (
    Commission,
    Commissioner,
    ContactDetail,
    Membership,
    MembershipStatusChange,
    Organisation,
    Person,
    PersonName,
    Position,
    Relationship,
    Unit,
)
from tests.factories import PersonFactory, UserFactory, decision_on

pytestmark = pytest.mark.django_db(transaction=False)

HEADER = (
    "id,given_name,patronymic,surname,known_as,description,gender,born_on,died_on,deceased,"
    "is_worker,notes\n"
)


def build_registry(actor):
    """A small registry made through the services, as a clerk would make it."""
    org = services.create_organisation(
        actor=actor, ref="rcp", name="Russian Communist Party", short_name="RCP(b)"
    )
    central = services.create_unit(
        actor=actor, organisation=org, ref="U-c", name="Centre", kind="central"
    )
    moscow = services.create_unit(
        actor=actor, organisation=org, ref="U-m", name="Moscow", kind="gubernia", parent=central
    )
    lenin = services.create_person(
        actor=actor,
        ref="P-lenin",
        given_name="Vladimir",
        patronymic="Ilyich",
        surname="Ulyanov",
        known_as="Lenin",
        gender="male",
        born_on=dt.date(1870, 4, 22),
        names=[("variant", "Uljanow")],
        is_worker=False,
    )
    popova = services.create_person(
        actor=actor,
        ref="P-popova",
        given_name="Yevgenia",
        surname="Kasparova-Popova",
        gender="female",
        names=[("maiden", "Kasparova")],
        notes="Joined at 17.",
    )
    slava = services.create_person(
        actor=actor,
        ref="P-slava",
        given_name="Slava",
        surname="Kasparov",
        gender="male",
        died_on=dt.date(1917, 1, 1),
    )
    father = services.create_person(actor=actor, ref="P-father", description="Alliluyeva's father")
    html = services.create_person(
        actor=actor, ref="P-html", surname="<script>alert(1)</script>", given_name="<b>Ivan</b>"
    )
    services.add_contact(
        actor=actor, person=popova, kind="address", value="3 House of Soviets, Flat 63"
    )
    services.add_contact(actor=actor, person=popova, kind="phone", value="58–97", note="office")
    cc = services.create_commission(
        actor=actor, organisation=org, ref="C-c", name="Central", level="central", unit=central
    )
    mc = services.create_commission(
        actor=actor,
        organisation=org,
        ref="C-m",
        name="Moscow",
        level="gubernia",
        parent=cc,
        unit=moscow,
    )
    membership = services.enrol_member(
        actor=actor,
        person=popova,
        organisation=org,
        unit=moscow,
        joined_on=dt.date(1917, 3, 1),
        status="candidate",
        card_number="0063",
        document="Questionnaire of 1917",
    )
    services.change_membership_status(
        actor=actor,
        membership=membership,
        to_status="expelled",
        effective_on=dt.date(1921, 11, 1),
        reason="expelled by the verification",
        decision=decision_on(popova, commission=cc),
    )
    probation = services.enrol_member(
        actor=actor, person=lenin, organisation=org, status="candidate", document="Party card"
    )
    services.change_membership_status(
        actor=actor,
        membership=probation,
        to_status="probation",
        effective_on=None,
        reason="transferred to candidates on probation",
        probation_until=dt.date(1923, 1, 1),
        decision=decision_on(lenin, "probation", term_until=dt.date(1923, 1, 1), commission=cc),
    )
    services.add_position(
        actor=actor,
        person=lenin,
        title="Chairman",
        body="C.P.C.",
        unit=central,
        started_on=dt.date(1917, 11, 8),
    )
    services.appoint_commissioner(
        actor=actor, commission=mc, person=father, role="chair", started_on=dt.date(1921, 6, 1)
    )
    services.record_relationship(
        actor=actor,
        source=slava,
        target=popova,
        kind="sibling",
        strength=5,
        period="since childhood",
    )
    services.record_relationship(
        actor=actor,
        source=lenin,
        target=slava,
        kind="knew_abroad",
        started_on=dt.date(1908, 1, 1),
        ended_on=dt.date(1912, 1, 1),
        note="Geneva",
    )
    services.record_relationship(actor=actor, source=html, target=lenin, kind="correspondent")


def snapshot():
    """Every registry record, with references written as refs so ids do not matter."""
    person = {p.pk: p.ref for p in Person.objects.all()}
    fields = (
        "ref",
        "given_name",
        "patronymic",
        "surname",
        "known_as",
        "description",
        "gender",
        "born_on",
        "died_on",
        "deceased",
        "notes",
        "is_worker",
        "given_key",
        "patronymic_key",
        "surname_key",
        "surname_skeleton",
    )
    units = {u.pk: u.ref for u in Unit.objects.all()}
    return {
        "organisations": sorted(Organisation.objects.values_list("ref", "name", "short_name")),
        "units": sorted(
            (u.ref, u.organisation.ref, u.name, u.kind, u.parent.ref if u.parent else None)
            for u in Unit.objects.all()
        ),
        "people": sorted(Person.objects.values_list(*fields)),
        "names": sorted(
            (person[n.person_id], n.kind, n.value, n.key, n.skeleton)
            for n in PersonName.objects.all()
        ),
        "contacts": sorted(
            (person[c.person_id], c.kind, c.value, c.note) for c in ContactDetail.objects.all()
        ),
        "memberships": sorted(
            (
                person[m.person_id],
                m.organisation.ref,
                units.get(m.unit_id),
                m.joined_on,
                m.card_number,
                m.status,
                m.status_since,
                m.probation_until,
                m.term_until,
                tuple(
                    (h.from_status, h.to_status, h.effective_on, h.reason)
                    for h in m.history.order_by("effective_on", "id")
                ),
            )
            for m in Membership.objects.all()
        ),
        "positions": sorted(
            (person[p.person_id], p.title, p.body, units.get(p.unit_id), p.started_on, p.ended_on)
            for p in Position.objects.all()
        ),
        "commissions": sorted(
            (
                c.ref,
                c.organisation.ref,
                c.name,
                c.level,
                c.parent.ref if c.parent else None,
                units.get(c.unit_id),
            )
            for c in Commission.objects.all()
        ),
        "commissioners": sorted(
            (s.commission.ref, person[s.person_id], s.role, s.started_on, s.ended_on)
            for s in Commissioner.objects.all()
        ),
        "relationships": sorted(
            (
                person[r.source_id],
                person[r.target_id],
                r.kind,
                r.strength,
                r.started_on,
                r.ended_on,
                r.period,
                r.note,
            )
            for r in Relationship.objects.all()
        ),
    }


def empty_registry():
    # The decisions the history rests on belong to the cases, which the registry's export
    # does not carry; they go first so that the registry's rows can.
    MembershipStatusChange.objects.all().delete()
    Decision.objects.all().delete()
    Case.objects.all().delete()
    Relationship.objects.all().delete()
    Commissioner.objects.all().delete()
    for level in ("district", "gubernia", "central"):
        Commission.objects.filter(level=level).delete()
    Position.objects.all().delete()
    MembershipStatusChange.objects.all().delete()
    Membership.objects.all().delete()
    Person.objects.all().delete()
    while Unit.objects.exists():
        Unit.objects.filter(children__isnull=True).delete()
    Organisation.objects.all().delete()


def counts():
    return (
        Person.objects.count(),
        PersonName.objects.count(),
        Relationship.objects.count(),
        Membership.objects.count(),
        Organisation.objects.count(),
        AuditEvent.objects.count(),
    )


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_export_then_import_into_an_empty_registry_gives_back_every_record(clerk, tmp_path, fmt):
    build_registry(clerk)
    before = snapshot()
    destination = tmp_path / ("registry.jsonl" if fmt == "jsonl" else "registry")
    exported = export_registry(
        actor=clerk, destination=destination, fmt=fmt, include_personal_data=True
    )
    assert exported.counts["person"] == 5
    assert exported.counts["relationship"] == 3
    empty_registry()
    assert Person.objects.count() == 0

    result = import_registry(actor=clerk, paths=[destination])

    assert snapshot() == before
    assert result.counts == {
        "organisation": 1,
        "unit": 2,
        "person": 5,
        "name": 5,
        "contact": 2,
        "membership": 2,
        "status_change": 4,
        "position": 1,
        "commission": 2,
        "commissioner": 1,
        "relationship": 3,
    }


def test_a_second_export_of_the_imported_registry_is_the_same_file(clerk, tmp_path):
    build_registry(clerk)
    export_registry(actor=clerk, destination=tmp_path / "a.jsonl", include_personal_data=True)
    empty_registry()
    import_registry(actor=clerk, paths=[tmp_path / "a.jsonl"])
    export_registry(actor=clerk, destination=tmp_path / "b.jsonl", include_personal_data=True)
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()


def test_imported_people_are_found_like_people_created_through_the_services(clerk, tmp_path):
    write(
        tmp_path / "people.jsonl",
        "\n".join(
            json.dumps(r)
            for r in [
                {
                    "type": "person",
                    "id": "P-1",
                    "given_name": "Nadezhda",
                    "patronymic": "Sergeyevna",
                    "surname": "Alliluyeva",
                    "gender": "female",
                },
                {
                    "type": "person",
                    "id": "P-2",
                    "given_name": "Yevgenia",
                    "surname": "Kasparova-Popova",
                    "known_as": "Zhenya Popova",
                },
            ]
        ),
    )
    import_registry(actor=clerk, paths=[tmp_path / "people.jsonl"])
    imported = Person.objects.get(ref="P-1")
    made = services.create_person(
        actor=clerk,
        given_name="Nadezhda",
        patronymic="Sergeyevna",
        surname="Alliluyeva",
        gender="female",
    )
    assert (
        imported.given_key,
        imported.patronymic_key,
        imported.surname_key,
        imported.surname_skeleton,
    ) == (made.given_key, made.patronymic_key, made.surname_key, made.surname_skeleton)
    assert {m.person.ref for m in find_people("Allilueva")} == {"P-1", made.ref}
    assert [m.person.ref for m in find_people("Popova")] == ["P-2"]
    assert sorted(PersonName.objects.filter(person__ref="P-2").values_list("kind", "value")) == [
        ("pseudonym", "Zhenya Popova"),
        ("surname_part", "Kasparova"),
        ("surname_part", "Popova"),
    ]


def test_html_in_names_is_stored_exactly_as_written(clerk, tmp_path):
    path = write(
        tmp_path / "people.csv",
        HEADER + 'P-x,<b>Ivan</b>,,"<script>alert(""x"")</script>",,,male,,,,,<i>n</i>\n',
    )
    import_registry(actor=clerk, paths=[path])
    person = Person.objects.get(ref="P-x")
    assert (person.given_name, person.surname, person.notes) == (
        "<b>Ivan</b>",
        '<script>alert("x")</script>',
        "<i>n</i>",
    )


def test_symmetric_ties_are_stored_lower_id_first(clerk, tmp_path):
    path = write(
        tmp_path / "r.jsonl",
        "\n".join(
            json.dumps(r)
            for r in [
                {"type": "person", "id": "A", "surname": "Ivanov"},
                {"type": "person", "id": "B", "surname": "Petrov"},
                {"type": "relationship", "source": "B", "target": "A", "kind": "sibling"},
                {
                    "type": "relationship",
                    "source": "B",
                    "target": "A",
                    "kind": "parent",
                    "strength": 5,
                },
            ]
        ),
    )
    import_registry(actor=clerk, paths=[path])
    a, b = Person.objects.get(ref="A"), Person.objects.get(ref="B")
    assert sorted(
        Relationship.objects.values_list("source_id", "target_id", "kind", "strength")
    ) == [
        (a.pk, b.pk, "sibling", 3),
        (b.pk, a.pk, "parent", 5),
    ]


def test_a_csv_folder_is_read_in_record_order_with_history_from_status_changes(clerk, tmp_path):
    folder = tmp_path / "reg"
    folder.mkdir()
    write(
        folder / "status_changes.csv",
        "person,organisation,from_status,to_status,effective_on,reason\n"
        "P1,rcp,,candidate,1919-01-01,joined\nP1,rcp,candidate,member,1920-02-02,admitted\n",
    )
    write(
        folder / "memberships.csv",
        "person,organisation,status,joined_on\nP1,rcp,member,1919-01-01\n",
    )
    write(folder / "people.csv", "id,surname,gender\nP1,Solts,male\n")
    write(folder / "organisations.csv", "id,name\nrcp,Party\n")
    write(folder / "README.txt", "not imported")
    result = import_registry(actor=clerk, paths=[folder])
    membership = Membership.objects.get(person__ref="P1")
    assert list(membership.history.values_list("from_status", "to_status", "effective_on")) == [
        ("", "candidate", dt.date(1919, 1, 1)),
        ("candidate", "member", dt.date(1920, 2, 2)),
    ]
    assert result.counts["status_change"] == 2


def test_import_records_one_audit_event_with_counts_and_file_digests(clerk, tmp_path):
    path = write(tmp_path / "people.csv", HEADER + "P1,Ivan,,Ivanov,,,male,,,,,\n")
    before = AuditEvent.objects.count()
    import_registry(actor=clerk, paths=[path])
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.action == "registry.import"
    assert event.actor_id == clerk.pk
    assert event.after["counts"]["person"] == 1
    assert event.after["files"] == [
        {"name": str(path), "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}
    ]


# -- refusals ------------------------------------------------------------------------------------

REFUSALS = [
    (
        "people.csv",
        HEADER + "P1,Ivan,,Ivanov,,,male,,,,,\nP2,Anna,,Ivanova,,,f,,,,,\n",
        'people.csv, line 3, column gender: "f" is not one of female, male, unknown.',
    ),
    (
        "people.csv",
        "id,surname,age\nP1,Ivanov,40\n",
        "people.csv, line 1, column age: there is no such column in people.csv; the columns are "
        "id, given_name, patronymic, surname, known_as, description, gender, born_on, died_on, "
        "deceased, is_worker, notes.",
    ),
    (
        "memberships.csv",
        "person,status\nP1,member\n",
        "memberships.csv, line 1: the required column organisation is missing.",
    ),
    (
        "people.csv",
        "id,surname\nP1,Ivanov,extra\n",
        "people.csv, line 2: the row has 3 values but the header names 2 columns.",
    ),
    (
        "people.csv",
        "id,surname\nP1,Ivanov\nP1,Petrov\n",
        "people.csv, line 3, column id: the person id 'P1' is already used, earlier in this import "
        "or in the registry.",
    ),
    (
        "people.csv",
        "id,surname,born_on\nP1,Ivanov,20.12.1921\n",
        'people.csv, line 2, column born_on: "20.12.1921" is not a date written as YYYY-MM-DD '
        "(e.g. 1921-12-20).",
    ),
    (
        "people.csv",
        "id,surname,born_on\nP1,Ivanov,1921-02-30\n",
        'people.csv, line 2, column born_on: "1921-02-30" is not a date written as YYYY-MM-DD '
        "(e.g. 1921-12-20).",
    ),
    (
        "people.csv",
        "id,given_name,surname,description\nP1,,,\n",
        "people.csv, line 2, column surname: A person needs at least one name, or a description "
        'such as "Alliluyeva\'s father".',
    ),
    (
        "r.jsonl",
        '{"type": "person", "id": "A", "surname": "Ivanov"}\n'
        '{"type": "relationship", "source": "A", "target": "Z", "kind": "parent"}\n',
        'r.jsonl, line 2, field target: there is no person "Z", neither earlier in this import '
        "nor in the registry.",
    ),
    (
        "r.jsonl",
        '{"type": "person", "id": "A", "surname": "Ivanov"}\n{"type": "person", "id": \n',
        "r.jsonl, line 2: this line is not valid JSON (Expecting value at character 26).",
    ),
    (
        "r.jsonl",
        '{"type": "person", "id": "A", "surname": "Ivanov", "age": 3}\n',
        "r.jsonl, line 1, field age: there is no such field in a person record; the fields are "
        "id, given_name, patronymic, surname, known_as, description, gender, born_on, died_on, "
        "deceased, is_worker, notes, names, contacts.",
    ),
    (
        "r.jsonl",
        '{"type": "organisation", "id": "o", "name": "Party"}\n'
        '{"type": "person", "id": "A", "surname": "Ivanov"}\n'
        '{"type": "membership", "person": "A", "organisation": "o", "status": "probation"}\n',
        "r.jsonl, line 3, field probation_until: A candidate on probation needs the date the "
        "probation ends.",
    ),
    (
        "r.jsonl",
        '{"type": "person", "id": "A", "surname": "Ivanov"}\n'
        '{"type": "person", "id": "B", "surname": "Petrov"}\n'
        '{"type": "relationship", "source": "A", "target": "B", "kind": "spouse"}\n'
        '{"type": "relationship", "source": "B", "target": "A", "kind": "spouse"}\n',
        "r.jsonl, line 4: the tie B spouse A is already recorded, earlier in this import or in "
        "the registry (sibling, spouse, relative, colleague and acquaintance read both ways, so "
        "A–B and B–A are the same tie).",
    ),
    (
        "r.jsonl",
        '{"type": "person", "id": "A", "surname": "Ivanov"}\n'
        '{"type": "relationship", "source": "A", "target": "A", "kind": "colleague"}\n',
        "r.jsonl, line 2, field target: a person cannot be tied to themselves.",
    ),
]


@pytest.mark.parametrize(("name", "text", "message"), REFUSALS)
def test_a_bad_row_refuses_the_whole_import_and_changes_nothing(
    clerk, tmp_path, name, text, message
):
    PersonFactory(ref="existing")
    before = counts()
    with pytest.raises(InvalidInput) as refused:
        import_registry(actor=clerk, paths=[write(tmp_path / name, text)])
    assert refused.value.message == message
    assert counts() == before


def test_an_id_already_in_the_registry_is_refused(clerk, tmp_path):
    PersonFactory(ref="P1")
    before = counts()
    with pytest.raises(InvalidInput) as refused:
        import_registry(
            actor=clerk, paths=[write(tmp_path / "people.csv", "id,surname\nP2,A\nP1,B\n")]
        )
    assert refused.value.message == (
        "people.csv, line 3, column id: the person id 'P1' is already used, earlier in this "
        "import or in the registry."
    )
    assert counts() == before


def test_a_file_that_is_not_utf8_is_refused_with_the_place(clerk, tmp_path):
    path = tmp_path / "people.csv"
    path.write_bytes("id,surname\nP1,Ivanov\nP2,Müller\n".encode("latin-1"))
    before = counts()
    with pytest.raises(InvalidInput) as refused:
        import_registry(actor=clerk, paths=[path])
    assert refused.value.message == (
        "people.csv, line 3: the text is not UTF-8 (byte 0xfc at character 5 cannot be read). "
        "Save the file as UTF-8 and import it again."
    )
    assert counts() == before


def test_a_binary_file_is_refused(clerk, tmp_path):
    path = tmp_path / "photo.jsonl"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(InvalidInput) as refused:
        import_registry(actor=clerk, paths=[path])
    assert refused.value.message == (
        "photo.jsonl is not a text file (it holds binary data); registry files are UTF-8 text "
        "in JSON Lines or CSV."
    )


def test_skipping_bad_rows_imports_the_good_ones_and_reports_the_bad(clerk, tmp_path):
    path = write(
        tmp_path / "people.csv",
        HEADER
        + "P1,Ivan,,Ivanov,,,male,,,,,\nP2,Anna,,Ivanova,,,f,,,,,\nP3,,,,,,,,,,,\n"
        + "P4,Olga,,Petrova,,,female,1921-13-01,,,,\n",
    )
    rel = write(tmp_path / "relationships.csv", "source,target,kind\nP1,P4,spouse\nP1,P2,sibling\n")
    report = tmp_path / "bad.csv"
    result = import_registry(actor=clerk, paths=[path, rel], skip_bad_rows=True, report_path=report)
    assert sorted(Person.objects.values_list("ref", flat=True)) == ["P1"]
    assert result.counts["person"] == 1
    assert result.skipped == 5
    assert result.report_path == report
    with report.open(encoding="utf-8") as handle:
        rows = [r[:4] for r in csv.reader(handle)]
    assert rows == [
        ["file", "line", "column", "reason"],
        ["people.csv", "3", "gender", '"f" is not one of female, male, unknown.'],
        [
            "people.csv",
            "4",
            "surname",
            'A person needs at least one name, or a description such as "Alliluyeva\'s father".',
        ],
        [
            "people.csv",
            "5",
            "born_on",
            '"1921-13-01" is not a date written as YYYY-MM-DD (e.g. 1921-12-20).',
        ],
        [
            "relationships.csv",
            "2",
            "target",
            'there is no person "P4", neither earlier in this import nor in the registry.',
        ],
        [
            "relationships.csv",
            "3",
            "target",
            'there is no person "P2", neither earlier in this import nor in the registry.',
        ],
    ]


def test_skipping_reports_a_repeated_tie_found_by_the_database(clerk, tmp_path):
    a, b = PersonFactory(ref="A"), PersonFactory(ref="B")
    services.record_relationship(actor=clerk, source=a, target=b, kind="colleague")
    rel = write(
        tmp_path / "relationships.csv",
        "source,target,kind\nB,A,parent\nB,A,colleague\nA,B,knew_abroad\n",
    )
    result = import_registry(
        actor=clerk, paths=[rel], skip_bad_rows=True, report_path=tmp_path / "r.csv"
    )
    assert result.counts["relationship"] == 2
    assert result.skipped == 1
    assert Relationship.objects.count() == 3


# -- permissions and personal data ---------------------------------------------------------------


def test_only_those_allowed_may_import(commissioner, tmp_path):
    path = write(tmp_path / "people.csv", "id,surname\nP1,Ivanov\n")
    before = counts()
    with pytest.raises(NotAllowed) as refused:
        import_registry(actor=commissioner, paths=[path])
    assert (
        refused.value.message == "You may not import registry files: your role does not allow it."
    )
    assert counts() == before


def test_only_those_allowed_may_export(commissioner, tmp_path):
    with pytest.raises(NotAllowed) as refused:
        export_registry(actor=commissioner, destination=tmp_path / "x.jsonl")
    assert refused.value.message == "You may not export the registry: your role does not allow it."
    assert not (tmp_path / "x.jsonl").exists()


def test_contacts_leave_only_when_asked_and_allowed(clerk, tmp_path):
    build_registry(clerk)
    exporter = UserFactory(username="exporter")
    exporter.user_permissions.add(Permission.objects.get(codename="export_registry"))
    exporter = type(exporter).objects.get(pk=exporter.pk)
    with pytest.raises(InvalidInput) as refused:
        export_registry(
            actor=exporter, destination=tmp_path / "x.jsonl", include_personal_data=True
        )
    assert refused.value.message == (
        "You may not export contact details: your role does not allow you to see personal "
        "data. Export without --include-personal-data."
    )
    export_registry(actor=exporter, destination=tmp_path / "x.jsonl")
    assert "House of Soviets" not in (tmp_path / "x.jsonl").read_text(encoding="utf-8")
    export_registry(actor=clerk, destination=tmp_path / "y.jsonl", include_personal_data=True)
    assert "3 House of Soviets, Flat 63" in (tmp_path / "y.jsonl").read_text(encoding="utf-8")
    event = AuditEvent.objects.order_by("-seq").first()
    assert (event.action, event.after["personal_data"]) == ("registry.export", True)


def test_export_refuses_to_overwrite(clerk, tmp_path):
    write(tmp_path / "x.jsonl", "keep me")
    with pytest.raises(InvalidInput):
        export_registry(actor=clerk, destination=tmp_path / "x.jsonl")
    assert (tmp_path / "x.jsonl").read_text() == "keep me"


# -- command line --------------------------------------------------------------------------------


def test_the_import_command_prints_a_summary(clerk, tmp_path, capsys):
    path = write(tmp_path / "people.csv", "id,surname\nP1,Ivanov\nP2,Petrova\n")
    call_command("import", str(path), "--as", "clerk")
    assert capsys.readouterr().out == "Imported 2 people.\n"
    assert AuditEvent.objects.order_by("-seq").first().actor_id == clerk.pk


def test_the_import_command_reports_a_refusal_as_a_sentence(clerk, tmp_path):
    path = write(tmp_path / "people.csv", "id,surname,gender\nP1,Ivanov,m\n")
    with pytest.raises(CommandError) as refused:
        call_command("import", str(path), "--as", "clerk")
    assert (
        str(refused.value)
        == 'people.csv, line 2, column gender: "m" is not one of female, male, unknown.'
    )
    assert Person.objects.count() == 0


def test_imported_history_names_the_register_it_came_from(clerk, tmp_path):
    path = write(
        tmp_path / "registry.jsonl",
        '{"type": "organisation", "id": "rcp", "name": "Party"}\n'
        '{"type": "person", "id": "P1", "surname": "Solts"}\n'
        '{"type": "membership", "person": "P1", "organisation": "rcp", "status": "expelled",'
        ' "history": [{"to_status": "member", "effective_on": "1919-01-01", "reason": "joined"},'
        ' {"from_status": "member", "to_status": "expelled", "effective_on": "1921-12-01",'
        ' "reason": "expelled by the district commission"}]}\n',
    )
    import_registry(actor=clerk, paths=[path])
    membership = Membership.objects.get(person__ref="P1")
    assert list(membership.history.values_list("to_status", "decision", "basis", "document")) == [
        ("member", None, "imported", "imported from registry.jsonl, line 3"),
        ("expelled", None, "imported", "imported from registry.jsonl, line 3"),
    ]


def test_the_import_command_cannot_expel_a_member_already_kept(clerk, tmp_path):
    """A status change for a membership the registry keeps goes through its decision; an
    imported step is no way around it."""
    org = services.create_organisation(actor=clerk, ref="rcp", name="Party")
    person = services.create_person(actor=clerk, ref="P1", surname="Solts")
    membership = services.enrol_member(
        actor=clerk, person=person, organisation=org, document="Party card 1"
    )
    path = write(
        tmp_path / "status_changes.csv",
        "person,organisation,from_status,to_status,effective_on,reason\n"
        "P1,rcp,member,expelled,1921-12-10,expelled without a hearing\n",
    )
    with pytest.raises(CommandError) as refused:
        call_command("import", str(path), "--as", "clerk")
    assert str(refused.value) == (
        "status_changes.csv, line 2, column organisation: P1's membership of rcp was in the "
        "registry before this import: its status changes only by the decision that makes the "
        "change (`commission case decide`), not by an imported step."
    )
    membership.refresh_from_db()
    assert membership.status == "member"
    assert list(membership.history.values_list("to_status", flat=True)) == ["member"]


def test_the_export_command_writes_csv(clerk, tmp_path, capsys):
    build_registry(clerk)
    call_command("export", str(tmp_path / "out"), "--format", "csv", "--as", "clerk")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "commissioners.csv",
        "commissions.csv",
        "memberships.csv",
        "names.csv",
        "organisations.csv",
        "people.csv",
        "positions.csv",
        "relationships.csv",
        "status_changes.csv",
        "units.csv",
    ]
    assert capsys.readouterr().out.startswith("Exported 1 organisation, 2 units, 5 people")


def test_a_large_import_rebuilds_the_indexes_it_drops(clerk, tmp_path, monkeypatch):
    from django.db import connection

    from commission.registry.interchange import importer

    def index_names():
        with connection.cursor() as cursor:
            return {
                name
                for table in ("registry_person", "registry_relationship", "registry_personname")
                for name in [
                    i for i, _ in connection.introspection.get_constraints(cursor, table).items()
                ]
            }

    before = index_names()
    monkeypatch.setattr(importer, "_BULK_BYTES", 0)
    build_registry(clerk)
    snapshot_before = snapshot()
    export_registry(actor=clerk, destination=tmp_path / "a.jsonl", include_personal_data=True)
    empty_registry()
    import_registry(actor=clerk, paths=[tmp_path / "a.jsonl"])
    assert snapshot() == snapshot_before
    assert index_names() == before
    assert [m.person.ref for m in find_people("Uljanow")] == ["P-lenin"]


@pytest.mark.parametrize("skip_bad_rows", [False, True])
def test_a_quote_left_open_refuses_the_file_with_its_line_and_imports_nothing(
    clerk, tmp_path, skip_bad_rows
):
    people = tmp_path / "people.csv"
    write(
        people,
        "id,surname,gender,notes\n"
        "P1,Solts,male,fine\n"
        'P2,Zalutsky,male,"a note that is never closed\n'
        "P3,Kasparova,female,swallowed\n"
        "P4,Alliluyeva,female,swallowed too\n",
    )
    with pytest.raises(InvalidInput) as refused:
        import_registry(
            actor=clerk, paths=[people], skip_bad_rows=skip_bad_rows,
            report_path=tmp_path / "refused.csv",
        )  # fmt: skip
    assert "people.csv, line 3: the row cannot be read" in refused.value.message
    assert "a quoted value opened on this line is never closed" in refused.value.message
    assert refused.value.message.endswith("Nothing was imported.")
    assert not Person.objects.filter(ref__in=["P1", "P2", "P3", "P4"]).exists()


def test_a_quoted_value_over_several_lines_is_read_whole(clerk, tmp_path):
    people = tmp_path / "people.csv"
    write(people, 'id,surname,gender,notes\nP1,Solts,male,"two\nlines"\nP2,Zalutsky,male,\n')
    result = import_registry(actor=clerk, paths=[people])
    assert result.counts["person"] == 2
    assert Person.objects.get(ref="P1").notes == "two\nlines"
