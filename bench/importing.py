"""The import benchmark: `commission import` of the generated registry into a fresh database,
against a baseline of the raw engine loading the very same rows into bare tables (no indexes,
no constraints, no validation): SQLite executemany, PostgreSQL COPY."""

from __future__ import annotations

import subprocess
from pathlib import Path

from bench.common import (
    COMMISSION,
    OUT,
    PG_DATABASE,
    PG_SERVER,
    PYTHON,
    Measured,
    Settings,
    engine_env,
    fresh_database,
    measure,
)

TABLES = (
    "registry_organisation", "registry_unit", "registry_person", "registry_personname",
    "registry_contactdetail", "registry_membership", "registry_membershipstatuschange",
    "registry_position", "registry_commission", "registry_commissioner", "registry_relationship",
)  # fmt: skip

_SQLITE_BASELINE = r"""
import sqlite3, sys, pathlib
rows_dir, db = pathlib.Path(sys.argv[1]), sys.argv[2]
pathlib.Path(db).unlink(missing_ok=True)
c = sqlite3.connect(db, isolation_level=None)
c.execute("PRAGMA journal_mode=WAL"); c.execute("PRAGMA synchronous=NORMAL")
c.execute("PRAGMA cache_size=-65536")
c.execute("BEGIN IMMEDIATE")
for path in sorted(rows_dir.glob("*.tsv")):
    with path.open(encoding="utf-8") as f:
        columns = f.readline().rstrip("\n").split("\t")
        c.execute(f'CREATE TABLE "{path.stem}" ({", ".join(columns)})')
        marks = ", ".join("?" * len(columns))
        c.executemany(
            f'INSERT INTO "{path.stem}" VALUES ({marks})',
            ([None if v == r"\N" else v for v in line.rstrip("\n").split("\t")] for line in f),
        )
c.execute("COMMIT")
"""


def _host() -> str:
    return PG_SERVER.split("@")[-1].split(":")[0]


def _psql(sql: str, database: str = PG_DATABASE) -> str:
    done = subprocess.run(
        ["psql", "-h", _host(), "-U", "postgres", "-d", database, "-v", "ON_ERROR_STOP=1",
         "-qAt", "-c", sql],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return done.stdout


def dump_rows(settings: Settings) -> Path:
    """The rows the import wrote, one TSV file per table (header first), taken once from the
    PostgreSQL database: what the baselines load."""
    folder = OUT / f"rows-{settings.tag}"
    if (folder / "done").exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    for table in TABLES:
        columns = _psql(
            "SELECT string_agg(column_name, E'\\t' ORDER BY ordinal_position) "
            f"FROM information_schema.columns WHERE table_name = '{table}'"
        ).strip()
        target = folder / f"{table}.tsv"
        target.write_text(columns + "\n", encoding="utf-8")
        with target.open("a", encoding="utf-8") as out:
            subprocess.run(
                ["psql", "-h", _host(), "-U", "postgres", "-d", PG_DATABASE, "-qAt", "-c",
                 f"COPY (SELECT * FROM {table} ORDER BY id) TO STDOUT"],
                stdout=out, check=True,
            )  # fmt: skip
    (folder / "done").touch()
    return folder


def baseline_sqlite(rows: Path) -> Measured:
    return measure([str(PYTHON), "-c", _SQLITE_BASELINE, str(rows), str(rows / "bare.sqlite3")])


def baseline_postgresql(rows: Path) -> Measured:
    statements = ["BEGIN;"]
    for table in TABLES:
        bare = f"bare_{table}"
        statements.append(f"DROP TABLE IF EXISTS {bare}; CREATE TABLE {bare} (LIKE {table});")
        statements.append(f"\\copy {bare} FROM '{rows / (table + '.tsv')}' WITH (HEADER true)")
    statements.append("COMMIT;")
    script = rows / "baseline.sql"
    script.write_text("\n".join(statements) + "\n", encoding="utf-8")
    measured = measure(["psql", "-h", _host(), "-U", "postgres", "-d", PG_DATABASE, "-q",
                        "-v", "ON_ERROR_STOP=1", "-f", str(script)])  # fmt: skip
    _psql("; ".join(f"DROP TABLE bare_{t}" for t in TABLES))
    return measured


def run(settings: Settings, data: Path, *, baseline: bool = True) -> dict[str, Measured]:
    print(f"\nImport of {data.name} ({data.stat().st_size / 2**20:.0f} MiB)")
    results: dict[str, Measured] = {}
    # PostgreSQL first: its tables are where the baselines' rows are dumped from.
    for engine in sorted(settings.engines, key=lambda e: e != "postgresql"):
        fresh_database(engine, settings)
        measured = measure([str(COMMISSION), "import", str(data)], env=engine_env(engine, settings))
        results[engine] = measured
        print(
            f"  {engine:<11} commission import: {measured.seconds:7.1f} s wall, "
            f"{measured.cpu_seconds:7.1f} s CPU (client), peak RSS {measured.peak_rss_mb:6.0f} MiB"
        )
        print(f"              {measured.output}")
    if not baseline or "postgresql" not in settings.engines:
        return results
    rows = dump_rows(settings)
    for engine, load in (("sqlite", baseline_sqlite), ("postgresql", baseline_postgresql)):
        if engine not in results:
            continue
        base = load(rows)
        name = "executemany into bare tables" if engine == "sqlite" else "COPY into bare tables"
        ratio = results[engine].seconds / base.seconds
        print(
            f"  {engine:<11} baseline ({name}): {base.seconds:7.1f} s wall, peak RSS "
            f"{base.peak_rss_mb:6.0f} MiB; commission import takes {ratio:.1f}× the baseline"
        )
    return results
