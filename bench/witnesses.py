"""Benchmark of witness discovery on the generated registry (730,000 people, 5,000,000
relationships), on SQLite and PostgreSQL, against the bare in-memory graph in the same run.

    python -m bench.witnesses [--subjects 300] [--repeat 3] [--engines sqlite,postgresql]
                              [--networkx]

Uses the databases `python -m bench import` leaves behind (run that first). Subjects are drawn
at random among people with at least one tie (seeded), plus the ten most-connected people.

For each engine, two processes:

1. **build**: the saved graph is removed and built from the database (`tiegraph.current()`, as
   the first question of a server with no saved graph does): seconds, size, peak memory.
2. **restart**: a new process, as a server after a restart: its very first call loads the saved
   graph and follows the log. Timed, per subject, whole calls of `find_witnesses` (the people
   shown read from the database): the **first pass** (every subject once, straight after the
   start), then `--repeat` more passes, each subject answered in turn by the project with the
   graph in memory, by the **bare** graph (the same arrays walked by a few numpy operations:
   direct ties, the strongest relatives' and colleagues' ties, scores by kind and strength,
   the top 50, and one SQL read of the people shown: no explanations, marks or dates), and by
   the project reading the ties from the **database** (WITNESS_GRAPH = "database").

Printed: p50 and p95 per group, the targets (p95 ≤ 2 ms random, ≤ 10 ms hubs), the ratio to the
bare graph (≤ 2×), the graph's size (≤ 300 MB) and the process's memory. `--networkx` adds the
older baseline, networkx's graph of the same ties in memory (about 30 s and 2 GB to build).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import time
from typing import Any

from bench.common import PYTHON, ROOT, Settings, engine_env, print_machine, sqlite_path

TARGET_RANDOM, TARGET_HUBS, TARGET_RATIO, TARGET_MB = 2.0, 10.0, 2.0, 300.0
BRIDGE = {"parent", "sibling", "spouse", "relative", "colleague"}


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


# The child processes


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commission.settings")
    import django

    django.setup()


def _child_build() -> dict[str, Any]:
    _setup()
    import shutil

    from commission.inquiries import tiegraph

    shutil.rmtree(tiegraph.saved_in(), ignore_errors=True)
    started = time.perf_counter()
    graph = tiegraph.current(wait=True)
    assert graph is not None
    return {
        "seconds": time.perf_counter() - started,
        "size": graph.size(),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


class _Bare:
    """The bare graph: the project's arrays walked by numpy alone, the same two steps."""

    def __init__(self, graph: Any) -> None:
        import numpy as np

        from commission.inquiries.tiegraph import KINDS
        from commission.inquiries.witnesses import BRIDGE_KINDS, KIND_WEIGHT
        from commission.registry.enums import RelationshipKind

        self.np = np
        self.graph = graph
        self.weights = np.array([KIND_WEIGHT.get(RelationshipKind(k), 0.3) for k in KINDS])
        self.bridge = np.array([k in BRIDGE_KINDS for k in KINDS])

    def side(self, person: int, outgoing: bool, limit: int) -> Any:
        g = self.graph
        if outgoing:
            return g.edges[g.out_start[person] : min(g.out_start[person + 1],
                                                       g.out_start[person] + limit)]  # fmt: skip
        start, end = g.in_start[person], g.in_start[person + 1]
        return g.edges[g.in_order[start : min(end, start + limit)]]

    def ask(self, subject: int, cursor: Any, vendor: str) -> int:
        np = self.np
        rows = np.concatenate([self.side(subject, True, 1000), self.side(subject, False, 1000)])
        other = np.where(rows["source"] == subject, rows["target"], rows["source"])
        weight = self.weights[rows["kind"]] * rows["strength"] / 5
        bridging = np.flatnonzero(self.bridge[rows["kind"]])
        bridging = bridging[np.argsort(-rows["strength"][bridging], kind="stable")][:60]
        people, scores = [other], [weight]
        if len(bridging):
            per_side = max(1, min(200, 5000 // (2 * len(bridging))))
            for at in bridging.tolist():
                middle = int(other[at])
                far = np.concatenate([self.side(middle, True, per_side),
                                      self.side(middle, False, per_side)])  # fmt: skip
                far_other = np.where(far["source"] == middle, far["target"], far["source"])
                keep = far_other != subject
                people.append(far_other[keep])
                scores.append(0.5 * weight[at] * self.weights[far["kind"][keep]]
                              * far["strength"][keep] / 5)  # fmt: skip
        everyone = np.concatenate(people)
        found, where = np.unique(everyone, return_inverse=True)
        total = np.bincount(where, weights=np.concatenate(scores))
        top = found[np.argsort(-total, kind="stable")[:50]].tolist()
        if not top:
            return 0
        marks = ", ".join(["%s"] * len(top))
        cursor.execute(
            "SELECT id, ref, given_name, patronymic, surname, known_as, gender, deceased "
            f"FROM registry_person WHERE id IN ({marks})",
            top,
        )
        return len(cursor.fetchall())


def _child_serve(groups: dict[str, list[str]], repeat: int) -> dict[str, Any]:
    _setup()
    from django.conf import settings
    from django.db import connection

    from commission.core.runtime import settle
    from commission.inquiries import tiegraph
    from commission.inquiries.witnesses import find_witnesses
    from commission.registry.models import Person

    refs = [ref for refs in groups.values() for ref in refs]
    people = {p.ref: p for p in Person.objects.filter(ref__in=refs)}
    settle()  # as commission.wsgi does once it has loaded

    def call(ref: str) -> float:
        started = time.perf_counter()
        find_witnesses(subject=people[ref], limit=50)
        return (time.perf_counter() - started) * 1000

    first_call_started = time.perf_counter()
    first: dict[str, list[float]] = {name: [] for name in groups}
    for name, group in groups.items():
        for ref in group:
            first[name].append(call(ref))
    first_call = first[next(iter(groups))][0]
    graph = tiegraph.current()
    assert graph is not None
    origin = graph.origin
    loaded_in = time.perf_counter() - first_call_started
    bare = _Bare(graph)
    timed: dict[str, dict[str, list[float]]] = {
        kind: {name: [] for name in groups} for kind in ("memory", "bare", "database")
    }
    same = []
    with connection.cursor() as cursor:
        for _ in range(repeat):
            for name, group in groups.items():
                for ref in group:
                    settings.WITNESS_GRAPH = "memory"
                    timed["memory"][name].append(call(ref))
                    started = time.perf_counter()
                    bare.ask(people[ref].pk, cursor, connection.vendor)
                    timed["bare"][name].append((time.perf_counter() - started) * 1000)
                    settings.WITNESS_GRAPH = "database"
                    timed["database"][name].append(call(ref))
        # The answers of both paths, compared on every subject.
        for group in groups.values():
            for ref in group:
                settings.WITNESS_GRAPH = "memory"
                memory = [(c.person.ref, c.score, c.paths, sorted(c.marks))
                          for c in find_witnesses(subject=people[ref])]  # fmt: skip
                settings.WITNESS_GRAPH = "database"
                database = [(c.person.ref, c.score, c.paths, sorted(c.marks))
                            for c in find_witnesses(subject=people[ref])]  # fmt: skip
                same.append(memory == database)
    return {
        "first": first,
        "first_call_ms": first_call,
        "origin": origin,
        "first_pass_s": loaded_in,
        "timed": timed,
        "same": sum(same),
        "compared": len(same),
        "size": graph.size(),
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


# The parent


def choose_subjects(db: str, count: int, seed: int) -> dict[str, list[str]]:
    con = sqlite3.connect(db)
    hubs = con.execute(
        "SELECT p.ref FROM (SELECT id, COUNT(*) AS n FROM ("
        " SELECT source_id AS id FROM registry_relationship"
        " UNION ALL SELECT target_id FROM registry_relationship) GROUP BY id"
        " ORDER BY n DESC LIMIT 10) d JOIN registry_person p ON p.id = d.id"
    ).fetchall()
    (max_id,) = con.execute("SELECT MAX(id) FROM registry_person").fetchone()
    rng = random.Random(seed)
    refs: list[str] = []
    while len(refs) < count:
        pid = rng.randint(1, max_id)
        row = con.execute(
            "SELECT p.ref FROM registry_person p WHERE p.id = ? AND (EXISTS (SELECT 1 FROM"
            " registry_relationship WHERE source_id = p.id) OR EXISTS (SELECT 1 FROM"
            " registry_relationship WHERE target_id = p.id))",
            (pid,),
        ).fetchone()
        if row:
            refs.append(row[0])
    con.close()
    return {"random": refs, "hubs": [r for (r,) in hubs]}


def networkx_baseline(db: str, groups: dict[str, list[str]]) -> dict[str, list[float]]:
    import networkx as nx

    con = sqlite3.connect(db)
    started = time.perf_counter()
    graph = nx.Graph()
    for source, target, kind, strength in con.execute(
        "SELECT source_id, target_id, kind, strength FROM registry_relationship"
    ):
        graph.add_edge(source, target, kind=kind, strength=strength)
    built = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    ids = dict(con.execute("SELECT ref, id FROM registry_person").fetchall())
    con.close()
    print(f"  networkx graph built in {built:.0f} s; process peak {rss:,.0f} MB")
    out: dict[str, list[float]] = {}
    for name, refs in groups.items():
        times = []
        for ref in refs:
            subject = ids[ref]
            t0 = time.perf_counter()
            scores: dict[int, float] = {}
            direct = graph[subject]
            for other, data in direct.items():
                scores[other] = scores.get(other, 0) + data["strength"] / 5
            bridges = sorted(
                (o for o, d in direct.items() if d["kind"] in BRIDGE),
                key=lambda o: -direct[o]["strength"],
            )[:60]
            for middle in bridges:
                for other, data in graph[middle].items():
                    if other != subject:
                        scores[other] = scores.get(other, 0) + 0.5 * data["strength"] / 5
            sorted(scores.items(), key=lambda kv: -kv[1])[:50]
            times.append((time.perf_counter() - t0) * 1000)
        out[name] = times
    return out


def _child(engine: str, settings: Settings, *args: str, data: str = "") -> dict[str, Any]:
    done = subprocess.run(
        [str(PYTHON), "-m", "bench.witnesses", "--child", *args], input=data, text=True,
        env=engine_env(engine, settings), cwd=ROOT, capture_output=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(done.stderr[-3000:])
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _row(label: str, figures: dict[str, list[float]]) -> str:
    r, h = figures["random"], figures["hubs"]
    return (
        f"  {label:<34}{_p(r, 0.5):8.2f}{_p(r, 0.95):8.2f} ms{_p(h, 0.5):9.2f}{_p(h, 0.95):8.2f} ms"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.witnesses", description=__doc__)
    parser.add_argument("--people", type=int, default=730_000)
    parser.add_argument("--relationships", type=int, default=5_000_000)
    parser.add_argument("--seed", type=int, default=1921)
    parser.add_argument("--subjects", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--networkx", action="store_true")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        if args.child[0] == "build":
            print(json.dumps(_child_build()))
        else:
            print(json.dumps(_child_serve(json.loads(sys.stdin.read()), int(args.child[1]))))
        return 0
    settings = Settings(args.people, args.relationships, args.seed)
    db = str(sqlite_path(settings))
    print_machine()
    groups = choose_subjects(db, args.subjects, args.seed)
    print(
        f"\nWitness discovery: {len(groups['random'])} random subjects and the 10 most-connected, "
        f"{args.repeat} passes after the first; targets p95 ≤ {TARGET_RANDOM:.0f} ms (random) "
        f"and ≤ {TARGET_HUBS:.0f} ms (hubs), ≤ {TARGET_RATIO:.0f}× the bare graph, the graph "
        f"≤ {TARGET_MB:.0f} MB"
    )
    for engine in [e.strip() for e in args.engines.split(",") if e.strip()]:
        print(f"\n{engine}  (load average {', '.join(f'{x:.2f}' for x in os.getloadavg())})")
        built = _child(engine, settings, "build")
        size = built["size"]
        print(f"  graph built from the database in {built['seconds']:.1f} s: {size['ties']:,} "
              f"ties, {size['bytes'] / 2**20:.0f} MB of arrays; "
              f"peak {built['peak_mb']:.0f} MB while building")  # fmt: skip
        served = _child(engine, settings, "serve", str(args.repeat), data=json.dumps(groups))
        print(f"  after a restart: graph {served['origin']}, first call "
              f"{served['first_call_ms']:.1f} ms, first pass {served['first_pass_s']:.1f} s; "
              f"process memory {served['rss_mb']:.0f} MB")  # fmt: skip
        print(f"  {'':<34}{'random p50':>10}{'p95':>8}{'hubs p50':>12}{'p95':>8}")
        print(_row("first pass after the restart", served["first"]))
        timed = served["timed"]
        print(_row("graph in memory", timed["memory"]))
        print(_row("bare graph (baseline)", timed["bare"]))
        print(_row("ties read from the database", timed["database"]))
        for group, target in (("random", TARGET_RANDOM), ("hubs", TARGET_HUBS)):
            p95 = _p(timed["memory"][group], 0.95)
            first = _p(served["first"][group], 0.95)
            ratio = p95 / _p(timed["bare"][group], 0.95)
            verdict = "met" if max(p95, first) <= target and ratio <= TARGET_RATIO else "NOT met"
            print(f"  {group}: p95 {p95:.2f} ms (first pass {first:.2f}), "
                  f"{ratio:.1f}× the bare graph: {verdict}")  # fmt: skip
        mean = statistics.mean(_p(v, 0.5) for v in timed["memory"].values())
        print(f"  answers identical with the ties read from the database: {served['same']} of "
              f"{served['compared']} subjects (mean p50 {mean:.2f} ms)")  # fmt: skip
    if args.networkx:
        print()
        figures = networkx_baseline(db, groups)
        print(_row("networkx (older baseline)", figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
