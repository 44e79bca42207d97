"""The witness graph in memory: the same answers as the database's covering indexes, every
change to a tie logged by the database itself, and a tie recorded in one process seen by the
next question of another."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from commission.inquiries import tiegraph
from commission.inquiries.witnesses import find_witnesses
from commission.registry import tielog
from commission.registry.enums import RelationshipKind
from commission.registry.models import Person, Relationship, TieChange
from tests.factories import PersonFactory
from tests.installations import migrated_installation

ROOT = Path(__file__).resolve().parents[2]
PERIODS = ["", "since 1917", "in exile, 1910–1913", "at the tannery"]


def _answer(subject: Person) -> list[tuple]:
    return [
        (c.person.ref, c.score, tuple(c.paths), tuple(sorted(c.marks)))
        for c in find_witnesses(subject=subject, as_of=dt.date(1921, 11, 1))
    ]


def _random_registry(people: int, ties: int, seed: int) -> list[Person]:
    chance = random.Random(seed)
    crowd = [PersonFactory(deceased=chance.random() < 0.1) for _ in range(people)]
    hub = crowd[0]
    pairs = set()
    rows = []
    while len(rows) < ties:
        source = hub if chance.random() < 0.15 else chance.choice(crowd)
        target = chance.choice(crowd)
        kind = chance.choice(RelationshipKind.values)
        if source == target or (source.pk, target.pk, kind) in pairs:
            continue
        pairs.add((source.pk, target.pk, kind))
        started = dt.date(1890 + chance.randrange(30), 1 + chance.randrange(12), 1)
        rows.append(Relationship(
            source=source, target=target, kind=kind, strength=1 + chance.randrange(5),
            started_on=started if chance.random() < 0.6 else None,
            ended_on=started + dt.timedelta(days=chance.randrange(4000))
            if chance.random() < 0.3 else None,
            period=chance.choice(PERIODS),
        ))  # fmt: skip
    Relationship.objects.bulk_create(rows)
    return crowd


@pytest.mark.django_db
def test_the_graph_answers_as_the_database_does(settings):
    crowd = _random_registry(people=120, ties=1500, seed=1921)
    subjects = crowd[:40]
    settings.WITNESS_GRAPH = "database"
    expected = [_answer(subject) for subject in subjects]
    settings.WITNESS_GRAPH = "memory"
    assert [_answer(subject) for subject in subjects] == expected
    assert any(len(answer) >= 20 for answer in expected)  # hubs and their bridges included


@pytest.mark.django_db
def test_each_change_to_a_tie_logs_the_people_it_joins():
    anna, boris, vera = PersonFactory(), PersonFactory(), PersonFactory()
    start = TieChange.objects.count()
    tie = Relationship.objects.create(source=anna, target=boris, kind="colleague")
    tie.strength = 5
    tie.save()
    tie.note = "met at the depot"  # not read by the graph: not logged
    tie.save(update_fields=["note"])
    Relationship.objects.filter(pk=tie.pk).update(target=vera)
    tie.refresh_from_db()
    tie.delete()
    logged = list(TieChange.objects.order_by("pk").values_list("source_id", "target_id"))[start:]
    assert logged == [
        (anna.pk, boris.pk),  # added
        (anna.pk, boris.pk),  # stronger
        (anna.pk, boris.pk), (anna.pk, vera.pk),  # moved from Boris to Vera
        (anna.pk, vera.pk),  # removed
    ]  # fmt: skip


@pytest.mark.django_db
def test_a_bulk_write_is_logged_once_as_everything(settings):
    anna, boris = PersonFactory(), PersonFactory()
    start = TieChange.objects.count()
    with connection.cursor() as cursor:
        tielog.quiet(cursor, connection.vendor)
        Relationship.objects.create(source=anna, target=boris, kind="colleague")
        assert TieChange.objects.count() == start
        tielog.everything_changed(cursor, connection.vendor)
    Relationship.objects.create(source=boris, target=anna, kind="recommended")
    logged = list(TieChange.objects.order_by("pk").values_list("source_id", "target_id"))[start:]
    assert logged == [(None, None), (boris.pk, anna.pk)]


@pytest.mark.django_db
def test_changes_inside_a_transaction_count_for_it_and_are_not_kept():
    subject, friend = PersonFactory(), PersonFactory()
    assert _answer(subject) == []
    Relationship.objects.create(source=friend, target=subject, kind="observed_work", strength=4)
    assert [ref for ref, *_ in _answer(subject)] == [friend.ref]
    assert tiegraph._kept.graph is None  # inside the test's transaction: nothing kept


@pytest.mark.django_db
def test_the_graph_follows_the_log_and_is_saved_beside_the_database(
    settings, tmp_path, monkeypatch
):
    # As outside a transaction (a page, a command): what is read is kept and followed.
    monkeypatch.setattr(tiegraph, "_keeps", lambda db: True)
    settings.WITNESS_GRAPH_DIR = str(tmp_path / "graph")
    subject, brother, friend, late = (PersonFactory() for _ in range(4))
    Relationship.objects.create(source=subject, target=brother, kind="sibling", strength=5)
    Relationship.objects.create(source=brother, target=friend, kind="colleague", strength=4)
    assert [ref for ref, *_ in _answer(subject)] == [brother.ref, friend.ref]
    assert tiegraph.current().origin == "built"
    record = Relationship.objects.create(source=late, target=subject, kind="observed_work")
    assert late.ref in [ref for ref, *_ in _answer(subject)]
    assert set(tiegraph.current().changed) == {late.pk, subject.pk}
    record.delete()
    Relationship.objects.filter(source=brother, target=friend).update(target=late)
    assert [ref for ref, *_ in _answer(subject)] == [brother.ref, late.ref]
    tiegraph.forget()  # as a new process: the saved arrays, then the log since
    assert tiegraph.current().origin == "saved"
    assert [ref for ref, *_ in _answer(subject)] == [brother.ref, late.ref]


@pytest.fixture
def installation(tmp_path):
    return migrated_installation(tmp_path, "graph")


def _run(env: dict[str, str], *args: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "tests.inquiries.graph_process", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_tie_recorded_in_one_process_is_seen_by_the_next_question_of_another(installation):
    _run(installation, "seed")
    serving = subprocess.Popen(
        [sys.executable, "-m", "tests.inquiries.graph_process", "serve"],
        cwd=ROOT, env=installation, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:

        def ask(ref: str) -> dict:
            serving.stdin.write(ref + "\n")
            serving.stdin.flush()
            return json.loads(serving.stdout.readline())

        first = ask("P-subject")
        assert set(first["found"]) == {"P-brother", "P-friend"}
        assert first["graph"] == "built"
        _run(installation, "tie", "P-witness", "P-subject", "observed_work")
        second = ask("P-subject")
        assert second["found"]["P-witness"] == ["observed the work of Anna SurnameP-subject"
                                                " (since 1917)"]  # fmt: skip
    finally:
        serving.stdin.close()
        serving.wait(timeout=30)
        serving.stdout.close()
    # A process that starts later loads the saved arrays and follows the log from there.
    later = _run(installation, "ask", "P-subject")
    assert later["graph"] == "saved"
    assert later["found"] == second["found"]


def test_a_large_graph_is_built_in_the_background_while_the_database_answers(installation):
    found = _run(installation, "background")
    assert found["while_built"] == {"graph": None, "found": ["P-friend"]}
    assert found["built"] == {"graph": "built", "found": ["P-friend"]}
    # A bulk import logs that everything changed: built again, in the background too.
    assert found["after_import"] == {"graph": None, "found": ["P-friend", "P-later"]}
    assert found["rebuilt"] == {"graph": "built", "found": ["P-friend", "P-later"]}


@pytest.mark.django_db
def test_pruning_keeps_the_newest_rows_and_marks_what_went_as_everything_changed():
    people = [PersonFactory() for _ in range(5)]
    for a, b in itertools.pairwise(people):
        Relationship.objects.create(source=a, target=b, kind="colleague")
    logged = list(TieChange.objects.order_by("pk").values_list("pk", "source_id", "target_id"))
    assert tiegraph.prune_log(keep=2) == len(logged) - 3
    kept = list(TieChange.objects.order_by("pk").values_list("pk", "source_id", "target_id"))
    assert kept == [(logged[-3][0], None, None), *logged[-2:]]
    assert tiegraph.prune_log(keep=2) == 0  # nothing older than the marker is left


@pytest.mark.django_db
def test_a_graph_behind_the_pruned_rows_reads_the_ties_again(settings, tmp_path, monkeypatch):
    monkeypatch.setattr(tiegraph, "_keeps", lambda db: True)
    settings.WITNESS_GRAPH_DIR = str(tmp_path / "graph")
    subject, brother, friend, late = (PersonFactory() for _ in range(4))
    Relationship.objects.create(source=subject, target=brother, kind="sibling", strength=5)
    assert [ref for ref, *_ in _answer(subject)] == [brother.ref]
    ahead = tiegraph.current()
    assert ahead is not None
    Relationship.objects.create(source=late, target=subject, kind="observed_work")
    Relationship.objects.create(source=brother, target=friend, kind="colleague", strength=4)
    tiegraph.prune_log(keep=1)  # the row of `late`'s tie is gone; the one before marks it
    assert {ref for ref, *_ in _answer(subject)} == {brother.ref, late.ref, friend.ref}
    # Read again from the ties, not followed from the log: nothing changed on top of it.
    assert tiegraph.current().changed == {}
    assert ahead.changed == {}


@pytest.mark.django_db
def test_the_graph_answers_as_the_database_does_once_the_database_knows_its_table(settings):
    """After a bulk import the database has counted the ties' table (ANALYZE) and may read a
    person's strongest ties by another plan than the covering index's; ties of one strength to
    one person, of different kinds, still come back in the index's order, so its limit cuts the
    same ones the graph in memory cuts."""
    crowd = _random_registry(people=120, ties=1500, seed=1921)
    with connection.cursor() as cursor:
        cursor.execute(f'ANALYZE "{Relationship._meta.db_table}"')
    subjects = crowd[:40]
    settings.WITNESS_GRAPH = "database"
    expected = [_answer(subject) for subject in subjects]
    settings.WITNESS_GRAPH = "memory"
    assert [_answer(subject) for subject in subjects] == expected
