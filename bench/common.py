"""Paths, databases and child-process measurement shared by the benchmarks."""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PYTHON = ROOT / ".venv" / "bin" / "python"
COMMISSION = ROOT / ".venv" / "bin" / "commission"
PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgres://postgres@127.0.0.1:5432")
PG_DATABASE = os.environ.get("BENCH_PG_DATABASE", "commission_bench")


@dataclass
class Settings:
    people: int
    relationships: int
    seed: int
    engines: list[str] = field(default_factory=list)

    @property
    def tag(self) -> str:
        return f"{self.people}-{self.relationships}-{self.seed}"


@dataclass
class Measured:
    seconds: float
    peak_rss_mb: float
    output: str
    cpu_seconds: float = float("nan")


def engine_env(engine: str, settings: Settings) -> dict[str, str]:
    """The environment of a `commission` child that uses the benchmark database of `engine`."""
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    var = OUT / f"var-{settings.tag}"
    var.mkdir(parents=True, exist_ok=True)
    env["COMMISSION_VAR_DIR"] = str(var)
    if engine == "postgresql":
        env["DATABASE_URL"] = f"{PG_SERVER}/{PG_DATABASE}"
    return env


def sqlite_path(settings: Settings) -> Path:
    return OUT / f"var-{settings.tag}" / "commission.sqlite3"


def measure(command: list[str], env: dict[str, str] | None = None) -> Measured:
    """Run a child under /usr/bin/time -v: wall time and its peak resident set size."""
    started = time.perf_counter()
    done = subprocess.run(
        ["/usr/bin/time", "-v", *command], env=env, capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
    found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    rss = int(found.group(1)) / 1024 if found else float("nan")
    # CPU time of the child itself (not of the database server): on a shared machine it
    # shows how much of the wall time was spent waiting for a core.
    cpu = sum(
        float(m.group(1))
        for m in re.finditer(r"(?:User|System) time \(seconds\): ([\d.]+)", done.stderr)
    )
    return Measured(seconds, rss, done.stdout.strip(), cpu)


def fresh_database(engine: str, settings: Settings) -> None:
    env = engine_env(engine, settings)
    if engine == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(str(sqlite_path(settings)) + suffix).unlink(missing_ok=True)
    else:
        host = PG_SERVER.split("@")[-1].split(":")[0]
        subprocess.run(
            ["dropdb", "-h", host, "-U", "postgres", "--if-exists", PG_DATABASE], check=True
        )
        subprocess.run(["createdb", "-h", host, "-U", "postgres", PG_DATABASE], check=True)
    subprocess.run([str(COMMISSION), "migrate", "--verbosity", "0"], env=env, check=True)


def ensure_data(settings: Settings) -> Path:
    """The generated registry for these sizes, made once and kept under bench/out/."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"registry-{settings.tag}.jsonl"
    if not path.exists():
        print(f"Generating {path.name} …", flush=True)
        partial = path.with_suffix(".partial")
        measured = measure([
            str(COMMISSION), "generate", str(partial), "--people", str(settings.people),
            "--relationships", str(settings.relationships), "--seed", str(settings.seed),
        ])  # fmt: skip
        partial.rename(path)
        print(f"  {measured.output} ({measured.seconds:.0f} s)")
    return path


def print_machine() -> None:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        mem_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
    except OSError:
        mem_kb = 0
    print(
        f"Machine: {os.cpu_count()} cores ({model}), {mem_kb / 1024 / 1024:.1f} GiB memory, "
        f"Python {platform.python_version()}, {dt.date.today().isoformat()}"
    )
