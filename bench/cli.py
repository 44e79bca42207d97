"""Benchmark of read-only commands as whole processes, against Django's own start as the floor.

    python -m bench.cli [--repeat 7] [--engines sqlite,postgresql]

Uses the databases `python -m bench import` leaves behind (run that first). Each command is run
`--repeat` times as a new process, in turn with the floor (`python -c "import django;
django.setup()"` with the project's settings: what any command pays before it starts) and the
interpreter alone; printed per command: p50 and p95 of the whole process's wall time, the
ratio to the floor, and the target (≤ 1.0 s).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

from bench.common import COMMISSION, PYTHON, Settings, engine_env, print_machine

TARGET_SECONDS = 1.0
FLOOR = "import os, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'commission.settings'); django.setup()"  # noqa: E501


def _commands(ref: str) -> dict[str, list[str]]:
    return {
        "interpreter alone": [str(PYTHON), "-c", "pass"],
        "floor: django.setup()": [str(PYTHON), "-c", FLOOR],
        "commission person NAME": [str(COMMISSION), "person", "Lidia Aksenova"],
        "commission witnesses REF": [str(COMMISSION), "witnesses", ref, "--no-input"],
        "commission witness-graph": [str(COMMISSION), "witness-graph"],
        "commission report statistics": [str(COMMISSION), "report", "statistics"],
        "commission search WORD": [str(COMMISSION), "search", "Aksenova"],
    }


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.cli", description=__doc__)
    parser.add_argument("--people", type=int, default=730_000)
    parser.add_argument("--relationships", type=int, default=5_000_000)
    parser.add_argument("--seed", type=int, default=1921)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--ref", default="P400000", help="A person of the generated registry.")
    args = parser.parse_args(argv)
    settings = Settings(args.people, args.relationships, args.seed)
    print_machine()
    print(f"\nRead-only commands as whole processes, {args.repeat} runs each in turn; "
          f"target ≤ {TARGET_SECONDS:.1f} s")  # fmt: skip
    for engine in [e.strip() for e in args.engines.split(",") if e.strip()]:
        env = engine_env(engine, settings)
        commands = _commands(args.ref)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.repeat):
            for name, command in commands.items():
                started = time.perf_counter()
                done = subprocess.run(command, env=env, capture_output=True, text=True,
                                      check=False)  # fmt: skip
                times[name].append(time.perf_counter() - started)
                if done.returncode != 0:
                    raise SystemExit(f"{name} failed:\n{done.stderr[-2000:]}")
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
        print(f"\n{engine}  (load average {load})")
        print(f"  {'':<34}{'p50':>8}{'p95':>8}{'× floor':>9}  target")
        floor = _p(times["floor: django.setup()"], 0.5)
        for name, values in times.items():
            p50, p95 = _p(values, 0.5), _p(values, 0.95)
            verdict = ""
            if name.startswith("commission"):
                verdict = "met" if p95 <= TARGET_SECONDS else "NOT met"
            print(f"  {name:<34}{p50:7.2f}s{p95:7.2f}s{p50 / floor:8.2f}×  {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
