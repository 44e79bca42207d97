"""Benchmark of witness discovery on the generated registry (730,000 people, 5,000,000
relationships), on SQLite and PostgreSQL, against networkx on the same graph in the same run.

    python -m bench.witnesses [--subjects 300] [--people 730000 --relationships 5000000]

Uses the databases `python -m bench import` leaves behind (run that first). Subjects are drawn
at random among people with at least one tie (seeded), plus the ten most-connected people.
Each query goes to the database, so it reflects every relationship committed before it; the
networkx baseline holds the whole graph in memory (its build time and size are printed).
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

from bench.common import PYTHON, ROOT, Settings, engine_env, print_machine, sqlite_path

TARGET_RANDOM, TARGET_HUBS = 10.0, 50.0
BRIDGE = {"parent", "sibling", "spouse", "relative", "colleague"}

_CHILD = r"""
import json, os, sys, time, statistics
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commission.settings")
import django
django.setup()
from commission.registry.models import Person
from commission.inquiries.witnesses import find_witnesses

def timed(refs):
    out = []
    people = {p.ref: p for p in Person.objects.filter(ref__in=refs)}
    for ref in refs:
        person = people[ref]
        started, cpu = time.perf_counter(), time.process_time()
        found = find_witnesses(subject=person, limit=50)
        out.append((
            (time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000, len(found)
        ))
    return out

groups = json.loads(sys.stdin.read())
timed(groups["random"][:20])  # warm the connection and the caches once
from commission.core.runtime import settle
settle()  # as commission.wsgi does once it has loaded
print(json.dumps({name: timed(refs) for name, refs in groups.items()}))
"""


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.witnesses", description=__doc__)
    parser.add_argument("--people", type=int, default=730_000)
    parser.add_argument("--relationships", type=int, default=5_000_000)
    parser.add_argument("--seed", type=int, default=1921)
    parser.add_argument("--subjects", type=int, default=300)
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--skip-networkx", action="store_true")
    args = parser.parse_args(argv)
    settings = Settings(args.people, args.relationships, args.seed)
    db = str(sqlite_path(settings))
    print_machine()
    groups = choose_subjects(db, args.subjects, args.seed)
    print(
        f"\nWitness discovery: {len(groups['random'])} random subjects and the 10 most-connected; "
        f"targets p95 ≤ {TARGET_RANDOM:.0f} ms (random) and ≤ {TARGET_HUBS:.0f} ms (hubs)"
    )
    results: dict[str, dict[str, list[float]]] = {}
    cpu: dict[str, dict[str, list[float]]] = {}
    for engine in [e.strip() for e in args.engines.split(",") if e.strip()]:
        done = subprocess.run(
            [str(PYTHON), "-c", _CHILD], input=json.dumps(groups), text=True,
            env=engine_env(engine, settings), cwd=ROOT, capture_output=True, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            print(done.stderr[-3000:])
            return 1
        timed = json.loads(done.stdout.strip().splitlines()[-1])
        results[engine] = {name: [t for t, _, _ in rows] for name, rows in timed.items()}
        cpu[engine] = {name: [c for _, c, _ in rows] for name, rows in timed.items()}
        found = statistics.mean(n for _, _, n in timed["random"])
        print(f"  {engine}: {found:.1f} candidates per random subject on average")
    if not args.skip_networkx:
        results["networkx (in memory)"] = networkx_baseline(db, groups)
    # The machine may be shared: the load beside the figures says how busy it was.
    print(f"\n  load average (1, 5, 15 min): {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"\n  {'engine':<22}{'random p50':>12}{'p95':>9}{'hubs p50':>11}{'p95':>9}")
    for engine, figures in results.items():
        r, h = figures["random"], figures["hubs"]
        print(
            f"  {engine:<22}{_p(r, 0.5):10.2f}ms{_p(r, 0.95):7.2f}ms"
            f"{_p(h, 0.5):9.2f}ms{_p(h, 0.95):7.2f}ms"
        )
    # CPU time of the calling process alone: on a busy machine, what a call costs when it does
    # not wait for a core. With SQLite that is all the work; with PostgreSQL the server's part
    # is not in it.
    print(f"\n  {'CPU of the caller':<22}{'random p50':>12}{'p95':>9}{'hubs p50':>11}{'p95':>9}")
    for engine, figures in cpu.items():
        r, h = figures["random"], figures["hubs"]
        print(
            f"  {engine:<22}{_p(r, 0.5):10.2f}ms{_p(r, 0.95):7.2f}ms"
            f"{_p(h, 0.5):9.2f}ms{_p(h, 0.95):7.2f}ms"
        )
    base = results.get("networkx (in memory)")
    if base:
        for engine in [e for e in results if e != "networkx (in memory)"]:
            print(
                f"  ratio {engine} / networkx: random p95 "
                f"{_p(results[engine]['random'], 0.95) / _p(base['random'], 0.95):.1f}x, hubs p95 "
                f"{_p(results[engine]['hubs'], 0.95) / _p(base['hubs'], 0.95):.1f}x"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
