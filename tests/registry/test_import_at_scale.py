"""A large registry import: the files read in a second process while this one writes, in
blocks of many lines, with the plain tie lines read without the JSON parser. Whatever path a
file takes, the registry, the refusals and the report come out the same as for a small one."""

from __future__ import annotations

import csv
import hashlib

import pytest

from commission.core.errors import CommissionError, InvalidInput
from commission.registry.interchange import export_registry, import_registry, importer, sources
from commission.registry.models import Person, Relationship
from tests.factories import PersonFactory
from tests.registry.test_interchange import (
    HEADER,
    REFUSALS,
    build_registry,
    counts,
    empty_registry,
    snapshot,
    write,
)

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def read_beside(monkeypatch):
    """Every import is taken as a large one; the list records each time a second process
    read the files."""
    started = []
    real = importer._Importer.read_beside

    def spied(self, *args):
        started.append(True)
        return real(self, *args)

    monkeypatch.setattr(importer, "_BULK_BYTES", 0)
    monkeypatch.setattr(importer._Importer, "read_beside", spied)
    return started


def test_a_large_import_reads_in_a_second_process_and_gives_back_every_record(
    clerk, tmp_path, read_beside
):
    build_registry(clerk)
    before = snapshot()
    export_registry(actor=clerk, destination=tmp_path / "a.jsonl", include_personal_data=True)
    empty_registry()
    result = import_registry(actor=clerk, paths=[tmp_path / "a.jsonl"])
    assert read_beside == [True]
    assert snapshot() == before
    assert result.counts["person"] == 5
    digest = hashlib.sha256((tmp_path / "a.jsonl").read_bytes()).hexdigest()
    assert result.files == [{"name": str(tmp_path / "a.jsonl"), "sha256": digest}]


@pytest.mark.parametrize(("name", "text", "message"), REFUSALS)
def test_a_bad_row_read_in_the_second_process_refuses_the_import_as_it_would_here(
    clerk, tmp_path, read_beside, name, text, message
):
    PersonFactory(ref="existing")
    before = counts()
    with pytest.raises(InvalidInput) as refused:
        import_registry(actor=clerk, paths=[write(tmp_path / name, text)])
    assert read_beside == [True]
    assert refused.value.message == message
    assert counts() == before


def report_of(clerk, tmp_path, paths):
    report = tmp_path / "bad.csv"
    result = import_registry(actor=clerk, paths=paths, skip_bad_rows=True, report_path=report)
    with report.open(encoding="utf-8") as handle:
        return result, list(csv.reader(handle))


def test_skipping_bad_rows_in_the_second_process_reports_what_this_one_would(
    clerk, tmp_path, monkeypatch
):
    people = write(
        tmp_path / "people.csv",
        HEADER
        + "P1,Ivan,,Ivanov,,,male,,,,,\nP2,Anna,,Ivanova,,,f,,,,,\nP3,,,,,,,,,,,\n"
        + "P4,Olga,,Petrova,,,female,1921-13-01,,,,\nP5,Pyotr,,Petrov,,,male,,,,,\n",
    )
    ties = write(
        tmp_path / "ties.jsonl",
        '{"type": "relationship", "source": "P1", "target": "P5", "kind": "colleague", '
        '"strength": 2}\n'
        '{"type": "relationship", "source": "P5", "target": "P1", "kind": "colleague", '
        '"strength": 4}\n'
        '{"type": "relationship", "source": "P1", "target": "P4", "kind": "spouse", '
        '"strength": 5}\n',
    )
    here, here_report = report_of(clerk, tmp_path, [people, ties])
    here_records = snapshot()
    empty_registry()
    monkeypatch.setattr(importer, "_BULK_BYTES", 0)
    beside, beside_report = report_of(clerk, tmp_path, [people, ties])
    assert beside_report == here_report
    assert [row[:3] for row in beside_report] == [
        ["file", "line", "column"],
        ["people.csv", "3", "gender"],
        ["people.csv", "4", "surname"],
        ["people.csv", "5", "born_on"],
        ["ties.jsonl", "3", "target"],
        # Found by the database when the batch of ties is written.
        ["ties.jsonl", "2", ""],
    ]
    assert (beside.counts, beside.skipped) == (here.counts, here.skipped) != ({}, 0)
    assert snapshot() == here_records


def test_a_tie_the_registry_holds_is_refused_by_the_database_in_a_large_import(
    clerk, tmp_path, read_beside
):
    a, b = PersonFactory(ref="A"), PersonFactory(ref="B")
    Relationship.objects.create(source=a, target=b, kind="colleague")
    ties = write(
        tmp_path / "ties.jsonl",
        '{"type": "relationship", "source": "B", "target": "A", "kind": "parent", '
        '"strength": 3}\n'
        '{"type": "relationship", "source": "B", "target": "A", "kind": "colleague", '
        '"strength": 3}\n',
    )
    with pytest.raises(InvalidInput) as refused:
        import_registry(actor=clerk, paths=[ties])
    assert refused.value.message.startswith(
        "ties.jsonl, line 2: the tie B colleague A is already recorded"
    )
    assert Relationship.objects.count() == 1
    result = import_registry(
        actor=clerk, paths=[ties], skip_bad_rows=True, report_path=tmp_path / "r.csv"
    )
    assert (result.counts["relationship"], result.skipped) == (1, 1)
    assert read_beside == [True, True]


def test_a_tie_names_only_the_people_before_it_in_the_file_whichever_process_reads_it(
    clerk, tmp_path, monkeypatch
):
    tie = '{"type": "relationship", "source": "A", "target": "B", "kind": "%s", "strength": 3}\n'
    path = write(
        tmp_path / "r.jsonl",
        '{"type": "person", "id": "A", "surname": "Ivanov"}\n'
        + tie % "colleague"
        + '{"type": "person", "id": "B", "surname": "Petrov"}\n'
        + tie % "sibling"
        + '{"type": "relationship", "source": "B", "target": "A", "kind": "spouse", '
        '"note": "married in 1919"}\n' + tie % "spouse",
    )
    here, here_report = report_of(clerk, tmp_path, [path])
    here_records = snapshot()
    empty_registry()
    monkeypatch.setattr(importer, "_BULK_BYTES", 0)
    beside, beside_report = report_of(clerk, tmp_path, [path])
    assert [row[:3] for row in beside_report] == [
        ["file", "line", "column"],
        ["r.jsonl", "2", "target"],
        ["r.jsonl", "6", ""],
    ]
    assert beside_report == here_report
    assert (beside.counts, beside.skipped) == (here.counts, here.skipped)
    assert snapshot() == here_records
    assert beside.counts["relationship"] == 2


def test_a_reading_process_that_dies_stops_the_import_with_a_sentence_and_nothing_written(
    clerk, tmp_path, monkeypatch, read_beside
):
    # The reading process is given work it cannot do (os.abort takes no arguments): it ends
    # with an error of its own, and sends nothing.
    monkeypatch.setattr(importer, "_READER", "os:abort")
    path = write(tmp_path / "people.csv", "id,surname\nP1,Ivanov\n")
    before = counts()
    with pytest.raises(CommissionError) as stopped:
        import_registry(actor=clerk, paths=[path])
    assert stopped.value.message == (
        "The import stopped: the process reading the files ended before it had read them all "
        "(it may have run out of memory). Nothing was imported."
    )
    assert counts() == before


def test_a_large_import_on_sqlite_leaves_the_connection_as_it_found_it(
    clerk, tmp_path, read_beside
):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("the page cache and memory map are SQLite's")

    def settings():
        with connection.cursor() as cursor:
            return [
                cursor.execute(f"PRAGMA {name}").fetchone()[0]
                for name in ("cache_size", "mmap_size")
            ]

    before = settings()
    import_registry(actor=clerk, paths=[write(tmp_path / "people.csv", "id,surname\nP1,I\n")])
    assert read_beside == [True]
    assert settings() == before
    assert before[1] > 0  # everyday reads go through the memory map


# -- blocks of lines -----------------------------------------------------------------------------


def mixed_files(tmp_path):
    """A JSON Lines file that starts with a byte order mark, ends lines with CR LF and ends
    without a line end; a CSV file whose quoted value runs over two lines."""
    jsonl = tmp_path / "people.jsonl"
    jsonl.write_bytes(
        b"\xef\xbb\xbf"
        + "\r\n".join(
            [
                '{"type": "person", "id": "A", "surname": "Ёлкин", "given_name": "Пётр"}',
                "",
                "# a comment",
                '{"type": "person", "id": "B", "surname": "Müller"}',
                '{"type": "relationship", "source": "A", "target": "B", "kind": "spouse", '
                '"strength": 4}',
            ]
        ).encode("utf-8")
    )
    people = write(tmp_path / "people.csv", 'id,surname,notes\nC,Solts,"two\nlines"\nD,Zalutsky,\n')
    return [jsonl, people]


def records_read(clerk, paths):
    result = import_registry(actor=clerk, paths=paths)
    records = snapshot()
    empty_registry()
    return result.counts, [f["sha256"] for f in result.files], records


@pytest.mark.parametrize("block", [1, 2, 7, 64])
def test_lines_read_in_blocks_of_any_size_are_the_lines_of_the_file(
    clerk, tmp_path, monkeypatch, block
):
    paths = mixed_files(tmp_path)
    whole = records_read(clerk, paths)
    monkeypatch.setattr(sources, "_BLOCK", block)
    assert records_read(clerk, paths) == whole
    assert whole[0]["person"] == 4
    assert whole[0]["relationship"] == 1


@pytest.mark.parametrize("block", [5, 1 << 20])
def test_a_line_that_is_not_utf8_is_named_whatever_block_it_falls_in(
    clerk, tmp_path, monkeypatch, block
):
    monkeypatch.setattr(sources, "_BLOCK", block)
    path = tmp_path / "people.csv"
    path.write_bytes("id,surname\nP1,Ivanov\nP2,Petrov\nP3,Müller\n".encode("latin-1"))
    with pytest.raises(InvalidInput) as refused:
        import_registry(actor=clerk, paths=[path])
    assert refused.value.message == (
        "people.csv, line 4: the text is not UTF-8 (byte 0xfc at character 5 cannot be read). "
        "Save the file as UTF-8 and import it again."
    )
    assert not Person.objects.filter(ref__in=["P1", "P2"]).exists()


def test_a_large_import_reports_its_progress_in_bytes(clerk, tmp_path, read_beside):
    path = write(
        tmp_path / "people.csv", "id,surname\n" + "".join(f"P{n},Ivanov\n" for n in range(99))
    )
    seen = []
    import_registry(actor=clerk, paths=[path], progress=seen.append)
    assert sum(seen) == path.stat().st_size


# -- tie lines -----------------------------------------------------------------------------------

TIE_SPELLINGS = [
    # As the export writes it: read without the parser.
    '{"type": "relationship", "source": "A", "target": "B", "kind": "colleague", "strength": 2}',
    # Without spaces, with more spaces, with escapes, with the strength as text: the parser.
    '{"type":"relationship","source":"A","target":"B","kind":"colleague","strength":2}',
    '{"type": "relationship",  "source": "A", "target": "B", "kind": "colleague", "strength": 2}',
    '{"type": "relationship", "source": "\\u0041", "target": "B", "kind": "colleague", '
    '"strength": 2}',
    '{"type": "relationship", "source": "A", "target": "B", "kind": "colleague", "strength": "2"}',
    '{"strength": 2, "type": "relationship", "source": "A", "target": "B", "kind": "colleague"}',
]


@pytest.mark.parametrize("spelling", TIE_SPELLINGS)
def test_a_tie_reads_the_same_however_its_line_is_spelt(clerk, tmp_path, spelling):
    write(
        tmp_path / "r.jsonl",
        '{"type": "person", "id": "A", "surname": "Ivanov"}\n'
        '{"type": "person", "id": "B", "surname": "Petrov"}\n' + spelling + "\n",
    )
    import_registry(actor=clerk, paths=[tmp_path / "r.jsonl"])
    tie = Relationship.objects.get()
    assert (tie.source.ref, tie.target.ref, tie.kind, tie.strength) == ("A", "B", "colleague", 2)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            '{"type": "relationship", "source": "A", "target": "Z", "kind": "colleague", '
            '"strength": 2}',
            'r.jsonl, line 3, field target: there is no person "Z", neither earlier in this '
            "import nor in the registry.",
        ),
        (
            '{"type": "relationship", "source": "A", "target": "A", "kind": "colleague", '
            '"strength": 2}',
            "r.jsonl, line 3, field target: a person cannot be tied to themselves.",
        ),
        (
            '{"type": "relationship", "source": "A", "target": "A", "kind": "friend", '
            '"strength": 2}',
            'r.jsonl, line 3, field kind: "friend" is not one of ',
        ),
        (
            '{"type": "relationship", "source": "A", "target": "B", "kind": "colleague", '
            '"strength": 6}',
            "r.jsonl, line 3, field strength: 6 is not a strength from 1 (slight) to 5 "
            "(very close).",
        ),
    ],
)
def test_a_plain_tie_line_that_cannot_be_taken_is_refused_as_the_parser_would(
    clerk, tmp_path, line, message
):
    people = (
        '{"type": "person", "id": "A", "surname": "I"}\n'
        '{"type": "person", "id": "B", "surname": "P"}\n'
    )
    path = write(tmp_path / "r.jsonl", people + line)
    with pytest.raises(InvalidInput) as refused:
        import_registry(actor=clerk, paths=[path])
    assert refused.value.message.startswith(message)


@pytest.mark.parametrize("value", ["NaN", "1180591620717411303424"])
def test_a_value_the_fast_parser_refuses_or_rounds_is_still_refused_in_its_field(
    clerk, tmp_path, value
):
    path = write(
        tmp_path / "r.jsonl",
        '{"type": "person", "id": "A", "surname": "I"}\n'
        '{"type": "person", "id": "B", "surname": "P"}\n'
        '{"type": "relationship", "source": "A", "target": "B", "kind": "colleague", '
        f'"strength": {value}}}\n',
    )
    with pytest.raises(InvalidInput) as refused:
        import_registry(actor=clerk, paths=[path])
    message = refused.value.message
    assert message.startswith("r.jsonl, line 3, field strength: ")
    assert message.endswith(" is not a strength from 1 (slight) to 5 (very close).")
    if value == "NaN":  # read by the standard parser, as orjson refuses it
        assert "strength: NaN is not" in message
