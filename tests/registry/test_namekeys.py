"""The name keys a near lookup searches: written by the database's own triggers for every part
of a name, gathered once by a bulk import, followed by each process, and searched in memory."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from commission.registry import namekeys
from commission.registry import services as registry_services
from commission.registry.enums import NameKind
from commission.registry.lookup import find_people
from commission.registry.models import NameKey, Person, PersonName
from commission.registry.namekeys import NameWords, edits_allowed
from tests.factories import PersonFactory
from tests.installations import migrated_installation

ROOT = Path(__file__).resolve().parents[2]


def _keys_of(*values: str) -> set[tuple[str, str]]:
    return set(NameKey.objects.filter(key__in=values).values_list("part", "key"))


@pytest.mark.django_db
def test_every_part_of_a_stored_name_is_kept_once_as_written_by_any_writer(clerk):
    person = registry_services.create_person(
        actor=clerk, given_name="Vasilisa", patronymic="Ignatyevna", surname="Smirnitskaya"
    )
    assert _keys_of("vasilisa", "ignatevna", "smirnitsk") == {
        ("given", "vasilisa"), ("patronymic", "ignatevna"), ("surname", "smirnitsk"),
    }  # fmt: skip
    PersonFactory(given_name="Vasilisa", surname="Smirnitskaya")  # the same keys again
    assert NameKey.objects.filter(key="smirnitsk").count() == 1
    # Changed by a raw update, as a merge or the admin might: the new key is kept too.
    Person.objects.filter(pk=person.pk).update(surname_key="smirnitsky orlov")
    PersonName.objects.create(person=person, kind=NameKind.PSEUDONYM, value="Vasya", key="vasa")
    assert _keys_of("smirnitsky orlov", "vasa") == {
        ("surname", "smirnitsky orlov"), ("form", "vasa"),
    }  # fmt: skip


@pytest.mark.django_db
def test_a_bulk_write_gathers_its_keys_once_at_the_end():
    with connection.cursor() as cursor:
        namekeys.quiet(cursor, connection.vendor)
        PersonFactory(given_name="Yefrosinya", surname="Pereverzeva")
        assert _keys_of("efrosin", "pereverzev") == set()
        namekeys.caught_up(cursor, connection.vendor)
    assert _keys_of("efrosin", "pereverzev") == {
        ("given", "efrosin"), ("surname", "pereverzev"),
    }  # fmt: skip
    PersonFactory(given_name="Avdotya", surname="Pereverzeva")  # written one by one again
    assert _keys_of("avdota") == {("given", "avdota")}


def _words(*held: tuple[str, str]) -> NameWords:
    words = NameWords()
    words.add(held)
    return words


def test_near_words_are_one_or_two_edits_away_and_keep_their_first_letter():
    words = _words(
        ("surname", "sidorov"), ("surname", "simonov"),
        ("given", "ivan"), ("surname", "aleksandrovsky"), ("surname", "sidorovich"),
    )  # fmt: skip
    assert words.near("sdiorov") == ["sidorov"]  # two letters swapped: one edit
    assert words.near("sidrov") == ["sidorov"]  # one dropped
    assert words.near("ivna") == ["ivan"]
    assert words.near("sidorov") == ["sidorov"]  # Simonov is two edits off a short name
    assert words.near("aleksandrovskj") == ["aleksandrovsky"]
    assert words.near("aleksndrovskj") == ["aleksandrovsky"]  # two edits in a long one
    assert words.near("iva") == []  # too short to guess at
    assert words.near("xidorov") == []  # the first letter is the folding's business


def test_a_spelling_that_folds_differently_is_near_by_its_skeleton():
    words = _words(("form", "zinovev"), ("surname", "sidorov"))
    assert words.near("sinovev") == ["zinovev"]  # German "s" for "з": Sinowjew
    assert words.near("zdiorov") == ["sidorov"]


def test_the_closest_come_first():
    words = _words(("surname", "kasparian"), ("surname", "kasparov"), ("surname", "kaspirov"))
    assert words.near("kasparof") == ["kasparov", "kaspirov"]


def test_edits_allowed_grow_with_the_word():
    assert [edits_allowed("x" * n) for n in (3, 4, 8, 9)] == [0, 1, 1, 2]


@pytest.mark.django_db
def test_a_new_name_counts_in_its_own_transaction_and_is_not_kept(clerk):
    registry_services.create_person(actor=clerk, given_name="Ivan", surname="Smirnitsky")
    assert [m.person.surname for m in find_people("Ivan Smirnitksy")] == ["Smirnitsky"]
    assert "smirnitsky" not in namekeys._kept.words.parts  # rolled back with the test


@pytest.mark.django_db
def test_a_word_no_name_holds_as_that_part_is_not_looked_for_there(clerk):
    # "Ivan" is only a given name: a person whose surname is Ivan is not looked for.
    sidorov = PersonFactory(given_name="Ivan", surname="Sidorov")
    PersonFactory(given_name="Sidor", surname="Ivanov")
    assert [m.person for m in find_people("Ivan Sidorov")] == [sidorov]


@pytest.fixture
def installation(tmp_path):
    return migrated_installation(tmp_path, "names")


def test_a_name_stored_by_one_process_is_near_for_the_next_lookup_of_another(installation):
    serving = subprocess.Popen(
        [sys.executable, "-m", "tests.registry.lookup_process", "serve"],
        cwd=ROOT, env=installation, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:

        def ask(query: str) -> list[list[str]]:
            serving.stdin.write(query + "\n")
            serving.stdin.flush()
            return json.loads(serving.stdout.readline())

        assert ask("Ivan Smirnitksy") == []  # the words are read; nobody is near yet
        done = subprocess.run(
            [sys.executable, "-m", "tests.registry.lookup_process", "person", "P-smirnitsky",
             "Ivan", "Smirnitsky"],
            cwd=ROOT, env=installation, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert ask("Ivan Smirnitksy") == [["P-smirnitsky", "near"]]
    finally:
        serving.stdin.close()
        serving.wait(timeout=30)
        serving.stdout.close()


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_postgresql_trigger_function_never_reads_the_keys_from_end_to_end():
    # Its plan lasts the session; one made on an empty table scanned it once per key checked.
    with connection.cursor() as cursor:
        cursor.execute("SELECT proconfig FROM pg_proc WHERE proname = 'registry_name_keys_kept'")
        assert cursor.fetchone()[0] == ["enable_seqscan=off"]
