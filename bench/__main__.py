"""`python -m bench [import|lookup|all] [--people N] [--relationships N] [--engines …]`."""

from __future__ import annotations

import argparse
import sys

from bench import importing, lookup
from bench.common import Settings, ensure_data, print_machine


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("which", nargs="?", choices=("import", "lookup", "all"), default="all")
    parser.add_argument("--people", type=int, default=730_000)
    parser.add_argument("--relationships", type=int, default=5_000_000)
    parser.add_argument("--seed", type=int, default=1921)
    parser.add_argument(
        "--engines", default="sqlite,postgresql", help="comma-separated: sqlite, postgresql"
    )
    parser.add_argument("--queries", type=int, default=400, help="lookups per engine")
    parser.add_argument("--skip-baseline", action="store_true")
    args = parser.parse_args(argv)
    settings = Settings(
        people=args.people,
        relationships=args.relationships,
        seed=args.seed,
        engines=[e.strip() for e in args.engines.split(",") if e.strip()],
    )
    print_machine()
    data = ensure_data(settings)
    if args.which in ("import", "all"):
        importing.run(settings, data, baseline=not args.skip_baseline)
    if args.which in ("lookup", "all"):
        lookup.run(settings, queries=args.queries)
    return 0


if __name__ == "__main__":
    sys.exit(main())
