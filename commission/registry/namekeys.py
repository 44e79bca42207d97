"""Every name key the registry holds, for near misses: which stored names a misspelt word of a
query may have meant ("Sdiorov" for Sidorov, "Ivna" for Ivan).

The keys are kept in a table of their own (`NameKey`), each with the part of a name it was
written as (given name, patronymic, surname, further form), by the database's triggers on
people and name forms, so a name stored by any writer (the services, a merge, the admin, raw
SQL) is in it in the same transaction. Each process holds the words of those keys in memory and
follows the table by its ids (`core.changelog.LogPosition`), one short statement per near
lookup; a bulk import turns the triggers off for its transaction and adds the new keys with one
statement at the end.

A near miss is a word within one or two edits (a letter added, dropped, changed, or two swapped:
rapidfuzz's optimal string alignment distance) of a stored word starting with the same letter,
or a word with the same consonant skeleton (`names.skeleton`: German and other spellings that
fold differently, "Sinowjew" for Zinoviev). Misspellings of the first letter are left to the
folding itself, which already joins the transliterations that differ there (Yevgenia / Evgenia,
Zinoviev / Sinowjew); keeping to it lets a lookup compare a query with only the words of one
letter and of a similar length.

Knowing which part of a name each word was written as also lets a lookup leave out what
cannot match: "Sidorov" is never read as a given name."""

# Every name written into SQL here is a constant of this module.
# ruff: noqa: S608

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from rapidfuzz import distance, process

from commission.core.changelog import LogPosition
from commission.registry import names as name_forms
from commission.registry import triggers

_KEYS = "registry_namekey"
_PEOPLE = "registry_person"
_FORMS = "registry_personname"
# The parts of a name, as `NameKey.part` and the lookup name them, and where each is kept.
GIVEN, PATRONYMIC, SURNAME, FORM = "given", "patronymic", "surname", "form"
_PERSON_KEYS = {GIVEN: "given_key", PATRONYMIC: "patronymic_key", SURNAME: "surname_key"}
# A word of a key of several words ("popov" of "kasparov popov") is held as such a part.
PART_OF = " part"
_QUIET = "commission.name_keys_unlogged"

log = logging.getLogger(__name__)

# Stored words taken as near a query word at most: the closest first.
NEAR_WORDS = 12


def edits_allowed(word: str) -> int:
    """How many edits a word may be from what was meant: none below four letters, one up to
    eight, two from nine. More would make different names near: Sidorov and Simonov are two
    edits apart, and a letter naming someone new would be read as naming the other."""
    if len(word) < 4:
        return 0
    return 1 if len(word) < 9 else 2


# -- Triggers ------------------------------------------------------------------------------

_PERSON_SELECT = " UNION ALL ".join(
    f"SELECT '{part}' AS part, NEW.{column} AS k" for part, column in _PERSON_KEYS.items()
)
_SQLITE_TRIGGERS = {
    "registry_name_keys_person_insert": (
        f"AFTER INSERT ON {_PEOPLE} BEGIN INSERT OR IGNORE INTO {_KEYS} (part, key) "
        f"SELECT part, k FROM ({_PERSON_SELECT}) WHERE k <> ''; END"
    ),
    "registry_name_keys_person_update": (
        f"AFTER UPDATE OF {', '.join(_PERSON_KEYS.values())} ON {_PEOPLE} BEGIN "
        f"INSERT OR IGNORE INTO {_KEYS} (part, key) "
        f"SELECT part, k FROM ({_PERSON_SELECT}) WHERE k <> ''; END"
    ),
    "registry_name_keys_form_insert": (
        f"AFTER INSERT ON {_FORMS} BEGIN INSERT OR IGNORE INTO {_KEYS} (part, key) "
        f"SELECT '{FORM}', NEW.key WHERE NEW.key <> ''; END"
    ),
    "registry_name_keys_form_update": (
        f"AFTER UPDATE OF key ON {_FORMS} BEGIN INSERT OR IGNORE INTO {_KEYS} (part, key) "
        f"SELECT '{FORM}', NEW.key WHERE NEW.key <> ''; END"
    ),
}

# Only keys not held yet take an id: PostgreSQL's ON CONFLICT alone would use one from the
# sequence for every key it skips, and followers would take the skipped ids for gaps. The
# function plans without sequential scans: its plan is kept for the session, and one made
# while the table was empty (a new installation) read the whole table for every key it
# checked, so a statement writing thousands of new names took minutes.
_POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION registry_name_keys_kept() RETURNS trigger LANGUAGE plpgsql
SET enable_seqscan = off AS $$
DECLARE
    parts text[];
    written text[];
BEGIN
    IF current_setting('{_QUIET}', true) = 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_TABLE_NAME = '{_PEOPLE}' THEN
        parts := ARRAY[{", ".join(f"'{part}'" for part in _PERSON_KEYS)}];
        written := ARRAY[{", ".join(f"NEW.{column}" for column in _PERSON_KEYS.values())}];
    ELSE
        parts := ARRAY['{FORM}'];
        written := ARRAY[NEW.key];
    END IF;
    INSERT INTO {_KEYS} (part, key)
        SELECT w.part, w.k FROM unnest(parts, written) AS w(part, k)
        WHERE w.k <> '' AND NOT EXISTS (
            SELECT 1 FROM {_KEYS} held WHERE held.part = w.part AND held.key = w.k
        )
        ON CONFLICT (part, key) DO NOTHING;
    RETURN NULL;
END $$
"""
_POSTGRES_TRIGGERS = {
    "registry_name_keys_person": (
        f"AFTER INSERT OR UPDATE OF {', '.join(_PERSON_KEYS.values())} ON {_PEOPLE}"
    ),
    "registry_name_keys_form": f"AFTER INSERT OR UPDATE OF key ON {_FORMS}",
}

# Every key held by a person or a name form: what the table holds after a bulk import.
_ALL_KEYS = (
    " UNION ".join(
        f"SELECT '{part}' AS part, {column} AS k FROM {_PEOPLE}"
        for part, column in _PERSON_KEYS.items()
    )
    + f" UNION SELECT '{FORM}' AS part, key AS k FROM {_FORMS}"
)


def create_triggers(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_POSTGRES_FUNCTION)
            for name, when in _POSTGRES_TRIGGERS.items():
                table = when.rsplit(" ", 1)[1]
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
                cursor.execute(
                    f"CREATE TRIGGER {name} {when} FOR EACH ROW "
                    "EXECUTE FUNCTION registry_name_keys_kept()"
                )
        else:
            triggers.drop_sqlite(cursor, _SQLITE_TRIGGERS)
            triggers.create_sqlite(cursor, _SQLITE_TRIGGERS)


def drop_triggers(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for name, when in _POSTGRES_TRIGGERS.items():
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {when.rsplit(' ', 1)[1]}")
            cursor.execute("DROP FUNCTION IF EXISTS registry_name_keys_kept()")
        else:
            triggers.drop_sqlite(cursor, _SQLITE_TRIGGERS)


def fill(cursor: Any, vendor: str) -> None:
    """Add every key people and name forms hold that the table lacks."""
    if vendor == "postgresql":
        cursor.execute(
            f"INSERT INTO {_KEYS} (part, key) SELECT part, k FROM ({_ALL_KEYS}) AS every_key "
            f"WHERE k <> '' AND NOT EXISTS (SELECT 1 FROM {_KEYS} held "
            "WHERE held.part = every_key.part AND held.key = every_key.k) ORDER BY k, part"
        )
    else:
        cursor.execute(
            f"INSERT OR IGNORE INTO {_KEYS} (part, key) SELECT part, k FROM ({_ALL_KEYS}) "
            "WHERE k <> '' ORDER BY k, part"
        )


def quiet(cursor: Any, vendor: str) -> None:
    """Stop adding keys row by row for the rest of this transaction (a bulk import's, which
    calls `caught_up` at its end); as `tielog.quiet`."""
    triggers.silence(cursor, vendor, setting=_QUIET, sqlite=_SQLITE_TRIGGERS)


def caught_up(cursor: Any, vendor: str) -> None:
    """Add the keys written while quiet, and add each key as it is written from now on."""
    fill(cursor, vendor)
    triggers.resume(cursor, vendor, setting=_QUIET, sqlite=_SQLITE_TRIGGERS)


# -- The words in memory -------------------------------------------------------------------


def _words_of(rows: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """(part, word) for each word of each stored (part, key): a key of several words gives
    its words as parts of that part ("surname part")."""
    found: set[tuple[str, str]] = set()
    for part, key in rows:
        words = key.split()
        held_as = part if len(words) == 1 else part + PART_OF
        found.update((held_as, word) for word in words)
    return found


@dataclass
class NameWords:
    """The words of the stored keys, with the parts of a name each was written as, grouped
    for near lookups: by first letter and length (what a misspelling can be near) and by
    consonant skeleton."""

    parts: dict[str, set[str]] = field(default_factory=dict)
    by_start: dict[tuple[str, int], list[str]] = field(default_factory=dict)
    by_skeleton: dict[str, list[str]] = field(default_factory=dict)

    def add(self, words: Iterable[tuple[str, str]]) -> None:
        for part, word in words:
            if word not in self.parts:
                self.parts[word] = set()
                self.by_start.setdefault((word[0], len(word)), []).append(word)
                self.by_skeleton.setdefault(name_forms.skeleton_of_key(word), []).append(word)
            self.parts[word].add(part)

    def near(self, word: str, *, more: Iterable[str] = ()) -> list[str]:
        """The stored words `word` may be a misspelling of (itself included when stored),
        the closest first; `more` are words not kept yet (a transaction's own) to consider
        too."""
        if not word:
            return []
        allowed = edits_allowed(word)
        found: dict[str, float] = {}
        choices = [
            candidate
            for size in range(len(word) - allowed, len(word) + allowed + 1)
            for candidate in self.by_start.get((word[0], size), ())
        ]
        choices += [w for w in more if w not in self.parts]
        if allowed:
            for candidate, edits, _ in process.extract(
                word, choices, scorer=distance.OSA.distance, score_cutoff=allowed, limit=None
            ):
                found[candidate] = edits
        elif word in self.parts or word in choices:
            found[word] = 0
        shape = name_forms.skeleton_of_key(word)
        for candidate in self.by_skeleton.get(shape, ()):
            found.setdefault(candidate, allowed + 0.5)
        for candidate in more:
            if candidate not in self.parts and name_forms.skeleton_of_key(candidate) == shape:
                found.setdefault(candidate, allowed + 0.5)
        ranked = sorted(found, key=lambda w: (found[w], w))
        return ranked[:NEAR_WORDS]


@dataclass(frozen=True)
class HeldWords:
    """The stored words as the database stands for one connection: those this process keeps,
    and a transaction's own new ones, considered without being kept."""

    words: NameWords
    more: frozenset[tuple[str, str]] = frozenset()

    def held_as(self, word: str, part: str) -> bool:
        """Whether some stored key of `part` is `word` (`part` + PART_OF: holds `word` among
        its words)."""
        return part in self.words.parts.get(word, ()) or (part, word) in self.more

    def near(self, word: str) -> list[str]:
        return self.words.near(word, more={w for _, w in self.more})


@dataclass
class _Kept:
    # Words are only ever added (sets, dicts and lists that grow), under the lock; a lookup
    # reads them without it.
    lock: threading.Lock = field(default_factory=threading.Lock)
    words: NameWords = field(default_factory=NameWords)
    position: LogPosition = field(default_factory=LogPosition)
    database: str = ""  # which database the words were read from


_kept = _Kept()


def _unread(db: BaseDatabaseWrapper, position: LogPosition) -> list[tuple[int, str, str]]:
    sql, params = position.where()
    with db.cursor() as cursor:
        cursor.execute(f"SELECT id, part, key FROM {_KEYS} WHERE {sql}", params)
        return list(cursor.fetchall())


def held(db: BaseDatabaseWrapper) -> HeldWords:
    """The stored words as the database stands for `db`: those this process keeps, brought up
    to date first (one short statement). Inside a transaction, whose keys may yet roll back,
    its new keys are considered without being kept."""
    name = str(db.settings_dict.get("NAME"))
    with _kept.lock:
        if _kept.database != name:
            _kept.words, _kept.position, _kept.database = NameWords(), LogPosition(), name
        rows = _unread(db, _kept.position)
        words = _words_of((part, key) for _, part, key in rows)
        if db.in_atomic_block:
            return HeldWords(_kept.words, frozenset(words))
        _kept.words.add(words)
        _kept.position.advance([pk for pk, _, _ in rows])
        return HeldWords(_kept.words)


def warm_up() -> None:
    """Read the stored words now, so the first lookup of a server does not wait for them (a
    server starting calls it in a thread of its own)."""
    from django.db import connections

    from commission.core.dbrouting import reading_connection
    from commission.registry.models import Person

    try:
        held(reading_connection(Person))
    except Exception:
        # The first lookup will read them; until then nothing is lost but time.
        log.exception("The registry's name keys could not be read at start.")
    finally:
        connections.close_all()
