"""Benchmark of letter search: the project's search step and whole page against the bare engine.

    python -m bench.search --letters 200000 [--engine sqlite|postgres|both] [--repeat 3]
                           [--fresh] [--time-rebuild]

Generates the letters once (bench/out/search-letters-N-1921.jsonl, `commission generate
--letters`) and loads them into a database per engine with `commission load-letters`: the real
write path (documents, copies, the audit trail, the change log, and the embedded index applying
it after each batch commits); the time and rate are printed. Then, in one process per engine,
the same queries in alternation, `--repeat` times:

- bare: tantivy alone over the same index folder: the query built from the words, top 20 by
  BM25 with the count and tantivy's own passages (its snippet generator, as HTML), no filters
  or database; "bare ids" is the same without the passages;
- step: the project's search step, `backend.search_letters` as the page calls it for a reader
  who may see everything (following the change log, the confidentiality filter, top 20 with
  passages and the count);
- page: `search.queries.search` for letters, as the search page calls it (also the people the
  words name, and the letters naming them);
- facets: the counts by year, kind and commission the page loads after the results;
- sql: the database's own engine ranking every match, top 20 (the fallback, `ORDER BY rank` on
  FTS5, `ts_rank_cd` on PostgreSQL), on a few of the queries because it is slow.

Query groups: one word (the broadest words, in nearly every letter; middling; places; names),
two words, phrases. Printed: p50 and p95 per group and kind, whether every answer was ranked,
and the ratios step/bare and page/bare; the index's size on disk and the process's memory.

The database is kept between runs (pass --fresh to load again). Each engine runs in its own
process, because Django reads its database settings once.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/commission_search_bench"
STEP_TARGET_MS = 10.0
PAGE_TARGET_MS = 25.0
RATIO_TARGET = 2.0

BROADEST = ["comrade", "commission", "party", "work", "comrades", "asked", "years", "case"]
MIDDLE = ["honest", "drinks", "strike", "reinstated", "appeal", "exile", "careerism", "mill"]
PLACES = ["Novgorod", "Tula", "Kazan", "Saratov", "Tannery", "Shipyard", "Depot", "Garrison"]
NAMES = ["Balashov", "Plotnikov", "Naumova", "Kondratyev", "Malyshev", "Zotova", "Lebedeva"]
PHRASES = ['"abuse of office"', '"night school"', '"reading circle"', '"the party"',
           '"ask the commission"', '"worked underground"', '"honest and devoted"',
           '"in the party"']  # fmt: skip


def _queries(rng: random.Random) -> dict[str, list[str]]:
    one = BROADEST + MIDDLE + PLACES + NAMES
    two = [f"{rng.choice(one)} {rng.choice(one)}" for _ in range(16)]
    two += [f"{rng.choice(BROADEST)} {rng.choice(BROADEST)}" for _ in range(8)]
    two += [f"{rng.choice(NAMES)} {rng.choice(PLACES)}" for _ in range(8)]
    return {
        "one word, broadest": BROADEST,
        "one word, middling": MIDDLE,
        "one word, places": PLACES,
        "one word, names": NAMES,
        "two words": two,
        "phrases": PHRASES,
    }


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _folder(letters: int) -> Path:
    return OUT / f"search-{letters}"


def _env(engine: str, url: str, letters: int) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": url, "COMMISSION_VAR_DIR": str(_folder(letters)),
            "COMMISSION_SEARCH_BACKEND": "embedded",
            "COMMISSION_SEARCH_INDEX_DIR": str(_folder(letters) / f"index-{engine}")}  # fmt: skip


def _database_url(engine: str, postgres_url: str, letters: int) -> str:
    if engine == "sqlite":
        return f"sqlite:///{_folder(letters) / 'commission.sqlite3'}"
    return postgres_url


def _recreate_postgres(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _letters_file(count: int) -> Path:
    path = OUT / f"search-letters-{count}-1921.jsonl"
    if not path.exists():
        started = time.perf_counter()
        subprocess.run(
            [str(ROOT / ".venv/bin/commission"), "generate", str(OUT / "search-registry.jsonl"),
             "--people", "100", "--relationships", "0", "--letters", str(count),
             "--letters-to", str(path)],
            check=True,
        )  # fmt: skip
        print(f"generated {count:,} letters in {time.perf_counter() - started:.0f} s")
    return path


def _prepare(engine: str, url: str, letters: int, fresh: bool) -> None:
    """Migrate and load the letters unless the database already holds them; fill the SQL
    fallback's own index too, for the comparison."""
    env = _env(engine, url, letters)
    commission = str(ROOT / ".venv/bin/commission")
    marker = _folder(letters) / f"loaded-{engine}"
    if marker.exists() and not fresh:
        print(f"{engine}: letters loaded before: {marker.read_text().strip()}")
        return
    _folder(letters).mkdir(parents=True, exist_ok=True)
    if engine == "postgres":
        _recreate_postgres(url)
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(str(_folder(letters) / "commission.sqlite3") + suffix).unlink(missing_ok=True)
    subprocess.run(["rm", "-rf", env["COMMISSION_SEARCH_INDEX_DIR"]], check=True)
    marker.unlink(missing_ok=True)
    subprocess.run([commission, "migrate", "-v0"], env=env, check=True)
    path = _letters_file(letters)
    started = time.perf_counter()
    subprocess.run([commission, "load-letters", str(path)], env=env, check=True)
    seconds = time.perf_counter() - started
    started = time.perf_counter()
    subprocess.run([commission, "search", "rebuild"], check=True, stdout=subprocess.DEVNULL,
                   env={**env, "COMMISSION_SEARCH_BACKEND": "database"})  # fmt: skip
    fallback = time.perf_counter() - started
    line = (f"loaded {letters:,} letters in {seconds:.0f} s ({letters / seconds:,.0f} letters/s, "
            f"embedded index written as the load stored them); SQL fallback index built in "
            f"{fallback:.0f} s")  # fmt: skip
    print(f"{engine}: {line}")
    marker.write_text(line + "\n")


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def run_engine(engine: str, url: str, letters: int, repeat: int, time_rebuild: bool) -> None:
    """In a child process: time the queries on one engine, print one JSON line."""
    os.environ.update(_env(engine, url, letters))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commission.settings")
    import django

    django.setup()
    import tantivy
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection

    from commission.core.runtime import settle
    from commission.search.backends import LetterFilters, backend_for, database_backend
    from commission.search.embedded import current_index, follow, rebuild
    from commission.search.engine import SCHEMA
    from commission.search.queries import SearchFilters, search
    from commission.search.query import parse

    figures: dict[str, Any] = {"engine": engine, "rss_start_mb": _rss_mb()}
    if time_rebuild:
        started = time.perf_counter()
        rebuild()
        figures["rebuild_s"] = time.perf_counter() - started
    user_model = get_user_model()
    chair, _ = user_model.objects.get_or_create(username="bench-chair")
    chair.groups.add(Group.objects.get(name="chair"))
    chair = user_model.objects.get(pk=chair.pk)  # permissions are cached per instance
    index = current_index()
    follow(index)  # the first search of a process repairs and catches up; not timed
    backend = backend_for()
    sql = database_backend()
    everything = LetterFilters(include_confidential=True)
    page_filters = SearchFilters(kind="letters")
    queries = _queries(random.Random(1921))

    def bare_ids(text: str) -> int:
        searcher = index.index.searcher()
        query, _ = index.text_query(parse(text).phrases)
        result = searcher.search(query, 20, count=True)
        searcher.fast_field_values("id", [address for _, address in result.hits])
        return int(result.count)

    def bare(text: str) -> int:
        searcher = index.index.searcher()
        query, marked = index.text_query(parse(text).phrases)
        result = searcher.search(query, 20, count=True)
        addresses = [address for _, address in result.hits]
        searcher.fast_field_values("id", addresses)
        snippets = tantivy.SnippetGenerator.create(searcher, marked, SCHEMA, "body")
        for address in addresses:
            snippets.snippet_from_doc(searcher.doc(address)).to_html()
        return int(result.count)

    def step(text: str) -> int:
        return backend.search_letters(parse(text), filters=everything, limit=20).matched

    def facets(text: str) -> int:
        found = backend.search_letters(parse(text), filters=everything, limit=1, facets=True)
        return found.matched

    def page(text: str) -> int:
        found = search(user=chair, text=text, filters=page_filters)
        assert found.letters_ranked
        return found.letters_matched

    def sql_rank_all(text: str) -> int:
        query = parse(text)
        with connection.cursor() as cursor:
            if engine == "sqlite":
                table = sql.table  # type: ignore[attr-defined]
                cursor.execute(
                    f"SELECT rowid, snippet({table}, 1, '[', ']', '…', 24) FROM {table} "
                    f"WHERE {table} MATCH %s ORDER BY rank LIMIT 20",
                    [sql.match_expression(query)],  # type: ignore[attr-defined]
                )
            else:
                with_q, words = sql.tsquery(query)  # type: ignore[attr-defined]
                cursor.execute(
                    f"{with_q}SELECT s.document_id FROM q, search_letter s WHERE s.vector @@ q.q "
                    "ORDER BY ts_rank_cd(s.vector, q.q) DESC LIMIT 20",
                    words,
                )
            return len(cursor.fetchall())

    kinds = {"bare ids": bare_ids, "bare": bare, "step": step, "page": page, "facets": facets}
    for text in BROADEST[:3]:  # warm the caches
        for run in kinds.values():
            run(text)
    settle()  # as commission.wsgi does once it has loaded
    samples: dict[str, dict[str, list[float]]] = {k: {} for k in kinds}
    counts_agree = True
    for _ in range(repeat):
        for group, texts in queries.items():
            for text in texts:
                matched = {}
                for kind, run in kinds.items():  # alternating, so load affects all alike
                    started = time.perf_counter()
                    matched[kind] = run(text)
                    samples[kind].setdefault(group, []).append(
                        (time.perf_counter() - started) * 1000
                    )
                counts_agree &= len(set(matched.values())) == 1
    figures["groups"] = {
        group: {
            kind: {"p50": statistics.median(samples[kind][group]),
                   "p95": _percentile(samples[kind][group], 0.95)}
            for kind in kinds
        }
        for group in queries
    }  # fmt: skip
    figures["all"] = {
        kind: {"p50": statistics.median([x for g in samples[kind].values() for x in g]),
               "p95": _percentile([x for g in samples[kind].values() for x in g], 0.95)}
        for kind in kinds
    }  # fmt: skip
    figures["queries"] = sum(len(t) for t in queries.values()) * repeat
    figures["counts_agree"] = counts_agree
    sql_samples = []
    sample = [*BROADEST[:3], *MIDDLE[:2], *NAMES[:2], *PHRASES[:2], *queries["two words"][:3]]
    for text in sample:
        started = time.perf_counter()
        sql_rank_all(text)
        sql_samples.append((time.perf_counter() - started) * 1000)
    figures["sql"] = {"p50": statistics.median(sql_samples),
                      "p95": _percentile(sql_samples, 0.95), "queries": len(sample)}  # fmt: skip
    figures["index_mb"] = (
        sum(f.stat().st_size for f in index.path.rglob("*") if f.is_file()) / 2**20
    )
    figures["rss_mb"] = _rss_mb()
    figures["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures["segments"] = index.index.searcher().num_segments
    figures["letters"] = index.index.searcher().num_docs
    print("RESULT " + json.dumps(figures))


def _report(figures: dict[str, Any], letters: int) -> None:
    engine = figures["engine"]
    print(f"\n{engine}, {figures['letters']:,} letters in the index ({figures['segments']} "
          f"segments, {figures['index_mb']:.0f} MB); {figures['queries']} queries per kind, "
          f"alternating")  # fmt: skip
    print(f"  {'p50 / p95 in ms':<20} {'bare ids':>12} {'bare':>12} {'step':>12} {'page':>12}"
          f" {'facets':>12} {'step/bare':>9} {'page/bare':>9}")  # fmt: skip
    for group, g in [*figures["groups"].items(), ("all", figures["all"])]:
        cells = " ".join(f"{g[k]['p50']:5.1f} {g[k]['p95']:6.1f}"
                         for k in ("bare ids", "bare", "step", "page", "facets"))  # fmt: skip
        print(f"  {group:<20} {cells} {g['step']['p95'] / g['bare']['p95']:8.1f}× "
              f"{g['page']['p95'] / g['bare']['p95']:8.1f}×")  # fmt: skip
    a = figures["all"]
    worst_step = max(g["step"]["p95"] for g in figures["groups"].values())
    verdicts = [
        f"search step p95 {a['step']['p95']:.1f} ms (worst group {worst_step:.1f}) "
        f"{'meets' if worst_step <= STEP_TARGET_MS else 'MISSES'} {STEP_TARGET_MS:.0f} ms",
        f"page p95 {a['page']['p95']:.1f} ms "
        f"{'meets' if a['page']['p95'] <= PAGE_TARGET_MS else 'MISSES'} {PAGE_TARGET_MS:.0f} ms",
        f"step/bare {a['step']['p95'] / a['bare']['p95']:.1f}× "
        f"{'meets' if a['step']['p95'] / a['bare']['p95'] <= RATIO_TARGET else 'MISSES'} "
        f"{RATIO_TARGET:.0f}×",
    ]
    print("  " + "; ".join(verdicts))
    print(f"  every answer ranked: yes; the same count from bare, step and page: "
          f"{'yes' if figures['counts_agree'] else 'NO'}")  # fmt: skip
    print(f"  SQL fallback ranking every match, top 20 ({figures['sql']['queries']} queries): "
          f"p50 {figures['sql']['p50']:.1f} ms, p95 {figures['sql']['p95']:.1f} ms")  # fmt: skip
    print(
        f"  memory: {figures['rss_mb']:.0f} MB resident with the index open after the run "
        f"(peak {figures['max_rss_mb']:.0f} MB; {figures['rss_start_mb']:.0f} MB at start)"
    )
    if "rebuild_s" in figures:
        print(f"  rebuild of the embedded index: {figures['rebuild_s']:.1f} s "
              f"({letters / figures['rebuild_s']:,.0f} letters/s)")  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engine", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--letters", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES)
    parser.add_argument("--fresh", action="store_true", help="Load the letters again.")
    parser.add_argument("--time-rebuild", action="store_true", help="Also time a rebuild.")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        run_engine(args.child, _database_url(args.child, args.postgres_url, args.letters),
                   args.letters, args.repeat, args.time_rebuild)  # fmt: skip
        return
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, load {os.getloadavg()[0]:.1f}; "
          f"{time.strftime('%Y-%m-%d %H:%M')}")  # fmt: skip
    engines = ("sqlite", "postgres") if args.engine == "both" else (args.engine,)
    for engine in engines:
        url = _database_url(engine, args.postgres_url, args.letters)
        _prepare(engine, url, args.letters, args.fresh)
        child = subprocess.run(
            [sys.executable, "-m", "bench.search", "--child", engine, "--letters",
             str(args.letters), "--repeat", str(args.repeat), "--postgres-url",
             args.postgres_url, *(["--time-rebuild"] if args.time_rebuild else [])],
            cwd=ROOT, capture_output=True, text=True,
        )  # fmt: skip
        if child.returncode:
            print(child.stderr)
            raise SystemExit(f"{engine}: the measuring process failed.")
        line = next(x for x in child.stdout.splitlines() if x.startswith("RESULT "))
        _report(json.loads(line[len("RESULT ") :]), args.letters)
        print(f"  load now {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
