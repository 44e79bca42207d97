"""The ties in memory, for witness discovery: every tie as one row of a few numpy arrays,
ordered by the person it starts from and then strongest first (compressed sparse rows), with
a second ordering for the person it ends at. A person's strongest ties on either side are then
a slice of an array, in the order the database's covering indexes give them, without a query.

Kept in step with the database through the ties' change log (`registry.TieChange`, written by
triggers in the transaction of each change): before each use, the graph reads the log from
where it stopped and reads again, from the database, every tie of the people whose ties
changed; those people are then answered from what was read, the others from the arrays. A log
row that says everything changed (a bulk import), or more changed people than
`REBUILD_FROM`, builds the arrays again.

The arrays are saved beside the database (`witness-graph/` under VAR_DIR) with the log
position they reflect, and a process that starts loads them (mapped, so several processes share
one copy in memory) and follows the log from there: the first question after a restart costs
what the thousandth does. Inside a transaction, the transaction's own changes count for its
questions but are never kept, since they may yet roll back.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from commission.core.changelog import LogPosition
from commission.core.dbrouting import reading_connection
from commission.registry.enums import RelationshipKind
from commission.registry.models import Relationship, TieChange

log = logging.getLogger(__name__)

# Kinds as small numbers, in the order the database sorts their names.
KINDS: tuple[str, ...] = tuple(sorted(str(kind) for kind in RelationshipKind.values))
# One tie: dates as proleptic ordinals (`date.toordinal()`, 0 when unknown), the period as a
# number in the graph's list of the periods written.
EDGE = np.dtype(
    [
        ("source", "<i4"),
        ("target", "<i4"),
        ("kind", "i1"),
        ("strength", "i1"),
        ("started", "<i4"),
        ("ended", "<i4"),
        ("period", "<i4"),
    ]
)
NO_EDGES = np.empty(0, dtype=EDGE)
_NUMBERS = ("source", "target", "kind", "strength", "started", "ended")
GAP_WINDOW = 1_000  # log ids below the last that a build still watches for
REBUILD_FROM = 50_000  # changed people after which the arrays are built again
BUILD_WHILE_ASKED = 200_000  # ties (by the highest id) built while a question waits
LOG_KEPT = 100_000  # the newest rows of the ties' log kept when it is pruned (`prune_log`)
_CHUNK = 100_000  # ties read from the database at a time
_PEOPLE_AT_A_TIME = 400  # people whose ties are read again in one statement
_SAVED = ("edges", "out_start", "in_order", "in_start")


class TooLarge(Exception):
    """A person's id does not fit the graph's 32-bit numbers."""


@dataclass(frozen=True)
class TieGraph:
    edges: np.ndarray  # EDGE rows by (source, strength descending, target, kind)
    out_start: np.ndarray  # a person's ties as source: edges[out_start[p]:out_start[p + 1]]
    in_order: np.ndarray  # edge numbers by (target, strength descending, source, kind)
    in_start: np.ndarray  # a person's ties as target: in_order[in_start[p]:in_start[p + 1]]
    periods: tuple[str, ...]
    position: LogPosition
    # People whose ties changed since the arrays were built: (as source, as target), each
    # ordered as the arrays are.
    changed: dict[int, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    origin: str = "built"  # or "saved": loaded from the arrays saved beside the database

    @property
    def people(self) -> int:
        return len(self.out_start) - 1

    def strongest(self, person: int, *, outgoing: bool, besides: int, limit: int) -> np.ndarray:
        """`person`'s strongest ties on one side (as the source when `outgoing`), leaving out
        those to `besides`, at most `limit`: strongest first, then by the other person's id and
        the kind, as the database's covering index reads them."""
        if person in self.changed:
            rows = self.changed[person][0 if outgoing else 1]
        elif person >= self.people:
            return NO_EDGES
        elif outgoing:
            rows = self.edges[self.out_start[person] : self.out_start[person + 1]]
        else:
            start, end = self.in_start[person], self.in_start[person + 1]
            # Enough for `limit` after leaving out `besides`, who holds one tie of each kind
            # at most on this side.
            end = min(end, start + limit + len(KINDS))
            rows = self.edges[self.in_order[start:end]]
        other = rows["target" if outgoing else "source"]
        if len(rows) and (other == besides).any():
            rows = rows[other != besides]
        return rows[:limit]

    def strongest_of(
        self, people: Sequence[int], *, outgoing: bool, besides: int, limit: int
    ) -> np.ndarray:
        """`strongest` of each of `people` in turn, their rows one after another: for many
        people, a few operations on the arrays instead of a few for each person."""
        if len(people) == 1 or any(person in self.changed for person in people):
            parts = [
                self.strongest(person, outgoing=outgoing, besides=besides, limit=limit)
                for person in people
            ]
            return np.concatenate(parts) if parts else NO_EDGES
        known = np.array([p for p in people if p < self.people], dtype=np.int64)
        starts = self.out_start if outgoing else self.in_start
        first = starts[known]
        # Enough of each for `limit` after leaving out `besides` (one tie of each kind at most).
        counts = np.minimum(starts[known + 1] - first, limit + len(KINDS))
        total = int(counts.sum())
        if not total:
            return NO_EDGES
        # The positions first[i] … first[i] + counts[i] - 1 of every person, in one array.
        person_at = np.repeat(np.arange(len(known)), counts)
        offsets = np.cumsum(counts) - counts
        at = first[person_at] + (np.arange(total) - offsets[person_at])
        rows = self.edges[at] if outgoing else self.edges[self.in_order[at]]
        kept = rows["target" if outgoing else "source"] != besides
        # Each person's first `limit` of the rows kept.
        rank = np.cumsum(kept)
        before = np.r_[0, rank][offsets]
        kept &= rank - before[person_at] <= limit
        return rows[kept]

    def size(self) -> dict[str, int]:
        arrays = [self.edges, self.out_start, self.in_order, self.in_start]
        return {"ties": len(self.edges), "bytes": sum(int(a.nbytes) for a in arrays)}


# Building from the database


def _day(column: str, vendor: str) -> str:
    if vendor == "postgresql":
        return f"COALESCE({column} - DATE '0001-01-01' + 1, 0)"
    return f"COALESCE(CAST(julianday({column}) - 1721424.5 AS INTEGER), 0)"


def columns(vendor: str) -> str:
    """The columns of the ties' table as EDGE has them (with the period as written)."""
    # Only names from the model and the kinds' own values are written into the statement.
    kinds = " ".join(f"WHEN '{kind}' THEN {code}" for code, kind in enumerate(KINDS))
    return (
        f"source_id, target_id, CASE kind {kinds} ELSE -1 END, strength, "
        f"{_day('started_on', vendor)}, {_day('ended_on', vendor)}, period"
    )


def _select(vendor: str) -> str:
    return f'SELECT {columns(vendor)} FROM "{Relationship._meta.db_table}"'  # noqa: S608


def rows_to_edges(rows: Sequence[Sequence[Any]], period_codes: dict[str, int]) -> np.ndarray:
    edges = np.empty(len(rows), dtype=EDGE)
    if not rows:
        return edges
    columns = list(zip(*rows, strict=True))
    try:
        for name, values in zip(_NUMBERS, columns[:6], strict=True):
            edges[name] = values
    except OverflowError as error:
        raise TooLarge from error
    edges["period"] = [period_codes.setdefault(p or "", len(period_codes)) for p in columns[6]]
    return edges


def _out_order(edges: np.ndarray) -> np.ndarray:
    return np.lexsort((edges["kind"], edges["target"], -edges["strength"], edges["source"]))


def _in_order(edges: np.ndarray) -> np.ndarray:
    return np.lexsort((edges["kind"], edges["source"], -edges["strength"], edges["target"]))


def _starts(keys: np.ndarray, people: int) -> np.ndarray:
    starts = np.zeros(people + 1, dtype=np.int64)
    np.cumsum(np.bincount(keys, minlength=people), out=starts[1:])
    return starts


def _present_position(db: BaseDatabaseWrapper) -> LogPosition:
    """Where the log stands: its last id, and the ids missing among the last `GAP_WINDOW` ones,
    which a transaction still open may yet commit (PostgreSQL hands ids out at insert)."""
    table = TieChange._meta.db_table
    with db.cursor() as cursor:
        cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')  # noqa: S608
        last = int(cursor.fetchone()[0])
        cursor.execute(f'SELECT id FROM "{table}" WHERE id > %s', [last - GAP_WINDOW])  # noqa: S608
        recent = [int(row[0]) for row in cursor.fetchall()]
    position = LogPosition(applied=max(0, last - GAP_WINDOW))
    position.advance(recent)
    return position


def build(db: BaseDatabaseWrapper | None = None) -> TieGraph:
    """Every tie read from the database into the arrays, at the log's present position."""
    db = db or reading_connection(Relationship)
    position = _present_position(db)
    period_codes: dict[str, int] = {"": 0}
    parts = []
    # In one transaction, so PostgreSQL can hand the rows out a chunk at a time (a cursor on
    # the server) instead of all five million at once.
    with transaction.atomic(using=db.alias), db.chunked_cursor() as cursor:
        cursor.execute(_select(db.vendor))
        while rows := cursor.fetchmany(_CHUNK):
            parts.append(rows_to_edges(rows, period_codes))
    edges = np.concatenate(parts) if parts else NO_EDGES.copy()
    people = int(max(edges["source"].max(), edges["target"].max())) + 1 if len(edges) else 0
    edges = edges[_out_order(edges)]
    return TieGraph(
        edges=edges,
        out_start=_starts(edges["source"], people),
        in_order=_in_order(edges).astype(np.int32),
        in_start=_starts(edges["target"], people),
        periods=tuple(period_codes),
        position=position,
    )


# Following the log


def _changes(db: BaseDatabaseWrapper, position: LogPosition) -> list[tuple[int, Any, Any]]:
    """The log's rows not applied yet. Asked before every question, so written as one short
    statement that the database prepares once, not built through the ORM each time."""
    where, params = position.where()
    table = TieChange._meta.db_table
    with db.cursor() as cursor:
        cursor.execute(
            f'SELECT id, source_id, target_id FROM "{table}" WHERE {where} ORDER BY id',  # noqa: S608
            params,
        )
        return [tuple(row) for row in cursor.fetchall()]


def _ties_of(db: BaseDatabaseWrapper, people: Sequence[int], codes: dict[str, int]) -> np.ndarray:
    parts = []
    with db.cursor() as cursor:
        for at in range(0, len(people), _PEOPLE_AT_A_TIME):
            chunk = list(people[at : at + _PEOPLE_AT_A_TIME])
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"{_select(db.vendor)} WHERE source_id IN ({marks}) OR target_id IN ({marks})",
                chunk + chunk,
            )
            parts.append(rows_to_edges(cursor.fetchall(), codes))
    edges = np.concatenate(parts) if parts else NO_EDGES
    return np.unique(edges)  # a tie between two of them is read twice


def with_changes(graph: TieGraph, db: BaseDatabaseWrapper) -> TieGraph | None:
    """`graph` with the changes logged since its position, or None when they call for
    building it again (everything changed, or too many people)."""
    changes = _changes(db, graph.position)
    if not changes:
        return graph
    if any(source is None for _, source, _ in changes):
        return None
    people = sorted({p for _, source, target in changes for p in (source, target)})
    if len(graph.changed) + len(people) > REBUILD_FROM:
        return None
    codes = {period: code for code, period in enumerate(graph.periods)}
    ties = _ties_of(db, people, codes)
    changed = dict(graph.changed)
    outgoing = ties[_out_order(ties)]
    incoming = ties[_in_order(ties)]
    # Each person's rows, a slice of each ordering (both are by person first).
    found = np.array(people, dtype=np.int64)
    out_at = np.searchsorted(outgoing["source"], found, side="left").tolist()
    out_end = np.searchsorted(outgoing["source"], found, side="right").tolist()
    in_at = np.searchsorted(incoming["target"], found, side="left").tolist()
    in_end = np.searchsorted(incoming["target"], found, side="right").tolist()
    for n, person in enumerate(people):
        changed[person] = (outgoing[out_at[n] : out_end[n]], incoming[in_at[n] : in_end[n]])
    position = LogPosition(applied=graph.position.applied, gaps=dict(graph.position.gaps))
    position.advance([pk for pk, _, _ in changes])
    return replace(
        graph,
        changed=changed,
        position=position,
        periods=tuple(codes),
    )


# Saved beside the database


def _folder(db: BaseDatabaseWrapper) -> Path:
    where = db.settings_dict
    key = json.dumps([db.vendor, str(where.get("HOST")), str(where.get("PORT")),
                      str(where.get("NAME"))])  # fmt: skip
    name = hashlib.sha256(key.encode()).hexdigest()[:16]
    configured = getattr(settings, "WITNESS_GRAPH_DIR", "")
    base = Path(configured) if configured else Path(settings.VAR_DIR) / "witness-graph"
    return base / name


def _change_at(db: BaseDatabaseWrapper, pk: int) -> list[Any] | None:
    row = TieChange.objects.using(db.alias).filter(pk=pk).values_list("source_id", "target_id")
    found = row.first()
    return list(found) if found else None


def save(graph: TieGraph, db: BaseDatabaseWrapper) -> Path:
    """Write the arrays and what they reflect; the description last, so a reader finds a
    whole set or the one before it."""
    folder = _folder(db)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = f"{time.time_ns()}-{os.getpid()}"
    for name in _SAVED:
        np.save(folder / f"{name}-{stamp}.npy", getattr(graph, name), allow_pickle=False)
    about = {
        "stamp": stamp,
        "applied": graph.position.applied,
        "gaps": graph.position.gaps,
        "change": _change_at(db, graph.position.applied),
        "periods": list(graph.periods),
    }
    # Several processes starting together may each build and save: the newest set stays.
    if _stamp_time(_saved_stamp(folder)) > _stamp_time(stamp):
        for name in _SAVED:
            (folder / f"{name}-{stamp}.npy").unlink(missing_ok=True)
        return folder
    spare = folder / f"graph.{stamp}.tmp"
    spare.write_text(json.dumps(about))
    os.replace(spare, folder / "graph.json")
    for old in folder.glob("*.npy"):
        if _stamp_time(old.stem.split("-", 1)[-1]) < _stamp_time(stamp):
            old.unlink(missing_ok=True)  # a process that mapped it keeps its copy
    return folder


def _saved_stamp(folder: Path) -> str:
    try:
        return str(json.loads((folder / "graph.json").read_text())["stamp"])
    except (FileNotFoundError, ValueError, KeyError):
        return ""


def _stamp_time(stamp: str) -> int:
    """When a set of arrays was saved (its stamp is that time in nanoseconds, then a pid)."""
    head = stamp.split("-", 1)[0]
    return int(head) if head.isdigit() else 0


def load(db: BaseDatabaseWrapper) -> TieGraph | None:
    """The saved graph of this database, when there is one and it was saved from it."""
    folder = _folder(db)
    try:
        about = json.loads((folder / "graph.json").read_text())
        # Mapped, then seen as plain arrays: slicing a memmap costs several times more.
        arrays = {
            name: np.load(folder / f"{name}-{about['stamp']}.npy", mmap_mode="r").view(np.ndarray)
            for name in _SAVED
        }
    except (FileNotFoundError, ValueError, KeyError, OSError):
        return None
    if about["applied"] and _change_at(db, about["applied"]) != about["change"]:
        return None  # another database of the same name, or the log was pruned
    return TieGraph(
        **arrays,
        periods=tuple(about["periods"]),
        position=LogPosition(
            applied=int(about["applied"]),
            gaps={int(k): float(v) for k, v in about["gaps"].items()},
        ),
        origin="saved",
    )


# This process's graph


class _Kept:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.graph: TieGraph | None = None
        self.building: threading.Thread | None = None

    def forget(self) -> None:
        with self.lock:
            self.graph = None


_kept = _Kept()


def forget() -> None:
    """Let the next question load or build the graph again (tests; a database replaced)."""
    _kept.forget()


def _fresh(db: BaseDatabaseWrapper) -> TieGraph:
    graph = build(db)
    try:
        save(graph, db)
    except OSError:
        log.exception("The witness graph could not be saved; it is kept in memory only.")
    return graph


def _small(db: BaseDatabaseWrapper) -> bool:
    """Few enough ties to read while a question waits (a second at most)."""
    with db.cursor() as cursor:
        cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{Relationship._meta.db_table}"')  # noqa: S608
        return int(cursor.fetchone()[0]) <= BUILD_WHILE_ASKED


def _build_in_background() -> None:
    """Build the arrays in a thread of their own; questions are answered from the database
    until they are ready."""
    if _kept.building is not None and _kept.building.is_alive():
        return

    def run() -> None:
        from django.db import connections

        try:
            graph = _fresh(reading_connection(Relationship))
            with _kept.lock:
                _kept.graph = graph
        except Exception:
            log.exception("The witness graph could not be built; questions read the database.")
        finally:
            connections.close_all()

    _kept.building = threading.Thread(target=run, name="witness-graph", daemon=True)
    _kept.building.start()


def _keeps(db: BaseDatabaseWrapper) -> bool:
    """Whether what this connection reads may be kept: not inside a transaction, whose
    changes may yet roll back."""
    return not db.in_atomic_block


def current(*, wait: bool = False) -> TieGraph | None:
    """The graph as the database stands for this connection, or None when witness discovery
    reads the database itself: WITNESS_GRAPH = "database", ids too large, or (unless `wait`)
    while a large graph is being built, the first time or after a bulk import."""
    if settings.WITNESS_GRAPH != "memory":
        return None
    db = reading_connection(Relationship)
    try:
        if not _keeps(db):
            # This transaction's changes count for its own questions, and are not kept.
            base = _kept.graph or build(db)
            return with_changes(base, db) or build(db)
        with _kept.lock:
            graph = _kept.graph or load(db)
            followed = with_changes(graph, db) if graph is not None else None
            if followed is None and (wait or _small(db)):
                followed = _fresh(db)
            if followed is not None:
                _kept.graph = followed
                return followed
            _build_in_background()
            return None
    except TooLarge:
        log.warning("Person ids beyond 32 bits: witness discovery reads the database.")
        return None


def rebuild() -> TieGraph | None:
    """Read every tie again and save the arrays (`commission witness-graph --rebuild`)."""
    if settings.WITNESS_GRAPH != "memory":
        return None
    db = reading_connection(Relationship)
    with _kept.lock:
        _kept.graph = _fresh(db)
        return _kept.graph


def prune_log(*, keep: int = LOG_KEPT) -> int:
    """Delete the ties' log but for its newest `keep` rows; returns how many were deleted.

    The newest row deleted is kept instead, as "everything changed": a process (or saved
    arrays) that had not read so far reads the ties again, as after a bulk import, where
    it would otherwise miss the changes deleted. A process that had read past it never
    reads it. Run every night by the job queue (`inquiries.jobs`)."""
    with transaction.atomic():
        newest = TieChange.objects.order_by("-pk").values_list("pk", flat=True).first()
        if newest is None:
            return 0
        marker = (
            TieChange.objects.filter(pk__lte=newest - keep)
            .order_by("-pk")
            .values_list("pk", flat=True)
            .first()
        )
        if marker is None:
            return 0
        TieChange.objects.filter(pk=marker).update(source_id=None, target_id=None)
        deleted, _ = TieChange.objects.filter(pk__lt=marker).delete()
    return deleted


def saved_in() -> Path:
    return _folder(reading_connection(Relationship))


def warm_up() -> None:
    """Load or build the graph now, so the first question does not wait for it (a server
    starting calls it in a thread of its own)."""
    from django.db import connections

    started = time.monotonic()
    try:
        graph = current(wait=True)
        if graph is not None:
            log.info("Witness graph ready: %s ties, %s in %.1f s.", len(graph.edges),
                     graph.origin, time.monotonic() - started)  # fmt: skip
    except Exception:
        # The first question will try again; until then nothing is lost but time.
        log.exception("The witness graph could not be loaded at start.")
    finally:
        connections.close_all()
