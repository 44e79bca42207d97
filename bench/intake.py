"""Benchmark of the letter intake: ingest and extraction of 1,000 letters of seed size, then the
same files again (already filed), on one core.

    python -m bench.intake [--letters 1000] [--seed 1921] [--language en|ru]

Writes the letters under bench/out/letters-N-SEED/ (generated once, reproducible), creates a
fresh SQLite database with the demo registry (so names resolve against real people) in
bench/out/intake/, pins the process to one core and reports letters per second for the first
ingest and for the re-ingest, against the targets (20 and 200 letters per second).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench import intake_ru

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
TARGET_FIRST, TARGET_AGAIN = 20.0, 200.0

GIVEN_F = ["Anna", "Maria", "Olga", "Yelena", "Nadezhda", "Vera", "Zinaida", "Klavdia"]
GIVEN_M = ["Ivan", "Pyotr", "Nikolai", "Sergei", "Mikhail", "Grigory", "Fyodor", "Semyon", "Pavel"]
STEMS = [
    "Orlov", "Belov", "Kuznetsov", "Sokolov", "Morozov", "Volkov", "Lebedev", "Zaitsev",
    "Pavlov", "Semyonov", "Golubev", "Vinogradov", "Bogdanov", "Vorobyov", "Fyodorov",
]  # fmt: skip
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]  # fmt: skip
KIN = [("brother", "m"), ("sister", "f"), ("father", "m"), ("mother", "f"), ("husband", "m")]


def _person(rng: random.Random, female: bool) -> tuple[str, str]:
    stem = rng.choice(STEMS)
    given = rng.choice(GIVEN_F if female else GIVEN_M)
    return given, stem + ("a" if female else "")


def letter_text(rng: random.Random, n: int) -> str:
    """One letter of the genre, about as long as a seed letter; invented words throughout."""
    to1 = _person(rng, False)[1]
    to2 = _person(rng, False)[1]
    female = rng.random() < 0.5
    given, surname = _person(rng, female)
    pronoun, obj = ("she", "her") if female else ("he", "him")
    kin, kin_gender = rng.choice(KIN)
    kin_given, kin_surname = _person(rng, kin_gender == "f")
    if kin in ("brother", "father", "sister", "mother"):
        kin_surname = surname[:-1] if female and kin_gender == "m" else surname
    day, month, year = rng.randint(1, 28), rng.choice(MONTHS), rng.choice([1920, 1921, 1922])
    author = _person(rng, False)[1]
    paragraphs = [
        f"Comrade {to1} and Comrade {to2}",
        f"I have learned that Comrade {given} {surname} has been expelled from the Party by the "
        f"district commission. I have known {obj} since {year - rng.randint(3, 9)}, when we "
        f"worked together in the printing shop of the district committee, and I have seen "
        f"{obj} work at close range for more than two years. {pronoun.capitalize()} was "
        f"punctual, careful with the Party's property and never refused an assignment, "
        f"however late the hour or however cold the night.",
        f"{pronoun.capitalize()} writes that the commission was told {pronoun} had hidden "
        f"{obj} origins. I do not believe it: I know {obj} {kin} {kin_given} {kin_surname} "
        f"very well, a worker at the railway depot for twenty years, who was arrested twice "
        f"before the revolution and never gave up a comrade. The family has always lived by "
        f"its own labour. It may be that the commission did not know these circumstances.",
        f"I ask the commission to verify the case of Comrade {surname} once more and, if my "
        f"information is confirmed, to reinstate {obj} in the Party. I am ready to answer any "
        f"question the commission may have, and I can name two further comrades from the "
        f"printing shop who will say the same.",
        f"{day} {month} {year}.",
        f"{author} (letter {n})",
    ]
    return "\n\n".join(paragraphs) + "\n"


def write_letters(count: int, seed: int, language: str = "en") -> Path:
    suffix = "" if language == "en" else f"-{language}"
    folder = OUT / f"letters-{count}-{seed}{suffix}"
    if folder.exists() and len(list(folder.glob("*.txt"))) == count:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    rng = random.Random(seed)
    text = intake_ru.letter_text if language == "ru" else letter_text
    for n in range(count):
        (folder / f"{n:05d}.txt").write_text(text(rng, n), encoding="utf-8")
    return folder


def run(count: int, seed: int, language: str = "en") -> int:
    folder = write_letters(count, seed, language)
    print(f"{count} letters in {'Russian' if language == 'ru' else 'English'}")
    var = OUT / "intake"
    shutil.rmtree(var, ignore_errors=True)
    var.mkdir(parents=True)
    env = {**os.environ, "COMMISSION_VAR_DIR": str(var), "DATABASE_URL": ""}
    commission = [str(ROOT / ".venv" / "bin" / "commission")]
    pin = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    subprocess.run([*commission, "migrate", "-v0"], env=env, check=True)
    subprocess.run([*commission, "demo", "--without-letters"], env=env, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    rates = []
    for label in ("first ingest", "re-ingest"):
        started = time.perf_counter()
        result = subprocess.run(
            [*pin, *commission, "ingest", str(folder), "--as", "clerk"],
            env=env, capture_output=True, text=True,
        )  # fmt: skip
        seconds = time.perf_counter() - started
        if result.returncode != 0:
            print(result.stdout[-2000:], result.stderr[-2000:])
            return 1
        rates.append(count / seconds)
        print(f"{label:13} {count} letters in {seconds:6.1f} s: {count / seconds:7.1f} letters/s")
        print("   ", result.stdout.strip().splitlines()[-1])
    print(
        f"\nfirst ingest {rates[0]:.1f}/s against a target of {TARGET_FIRST:.0f}/s "
        f"(ratio {rates[0] / TARGET_FIRST:.2f}); re-ingest {rates[1]:.1f}/s against "
        f"{TARGET_AGAIN:.0f}/s (ratio {rates[1] / TARGET_AGAIN:.2f}); one core"
        + (" (taskset -c 0)" if pin else " (taskset not found: not pinned)")
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.intake", description=__doc__)
    parser.add_argument("--letters", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1921)
    parser.add_argument("--language", choices=("en", "ru"), default="en")
    args = parser.parse_args(argv)
    return run(args.letters, args.seed, args.language)


if __name__ == "__main__":
    sys.exit(main())
