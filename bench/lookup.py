"""The person-lookup benchmark: p50/p95 of registry.queries.find_people over the imported
registry, for a mix of the queries clerks type, on each engine."""

from __future__ import annotations

import json
import subprocess

from bench.common import PYTHON, ROOT, Settings, engine_env

# Runs inside a child with the engine's settings, so each engine is measured the same way.
_CHILD = r"""
import json, os, random, statistics, sys, time
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commission.settings")
django.setup()
from commission.registry.models import Person
from commission.registry.names import gendered_surnames
from commission.registry.queries import find_people

count, seed = int(sys.argv[1]), int(sys.argv[2])
rnd = random.Random(seed)
top = Person.objects.order_by("-id").values_list("id", flat=True).first()
sample = []
while len(sample) < count:
    pk = rnd.randint(1, top)
    person = Person.objects.filter(pk=pk, surname__gt="", given_name__gt="").first()
    if person is not None:
        sample.append(person)

def misspell(word):
    i = rnd.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1] + word[i] + word[i + 2:] if len(word) > 3 else word

def variant(word):
    for old, new in (("Yev", "Ev"), ("yev", "iev"), ("y", "j"), ("kh", "ch"), ("v", "w")):
        if old in word:
            return word.replace(old, new, 1)
    return word + "e"

def other_gender(surname):
    masculine, feminine = gendered_surnames(surname)
    return feminine if surname == masculine else masculine

kinds = {
    "surname": lambda p: p.surname,
    "other gender form": lambda p: other_gender(p.surname),
    "given + patronymic": lambda p: f"{p.given_name} {p.patronymic}",
    "initials + surname": lambda p: f"{p.given_name[0]}. {p.patronymic[:1]}. {p.surname}",
    "full name": lambda p: f"{p.given_name} {p.patronymic} {p.surname}",
    "misspelt surname": lambda p: f"{p.given_name} {misspell(p.surname)}",
    "transliteration variant": lambda p: f"{variant(p.given_name)} {variant(p.surname)}",
}
find_people("warm up")
timings = {k: [] for k in kinds}
for i, person in enumerate(sample):
    kind = list(kinds)[i % len(kinds)]
    query = kinds[kind](person)
    started = time.perf_counter()
    find_people(query)
    timings[kind].append((time.perf_counter() - started) * 1000)

def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))]

every = [t for v in timings.values() for t in v]
out = {k: (pct(v, 50), pct(v, 95), len(v)) for k, v in timings.items()}
out["all"] = (pct(every, 50), pct(every, 95), len(every))
print(json.dumps(out))
"""


def run(settings: Settings, *, queries: int) -> dict[str, dict[str, list[float]]]:
    print(f"\nPerson lookup (find_people), {queries} queries per engine; target p95 ≤ 20 ms")
    results = {}
    for engine in settings.engines:
        done = subprocess.run(
            [str(PYTHON), "-c", _CHILD, str(queries), str(settings.seed)],
            env=engine_env(engine, settings), cwd=ROOT, capture_output=True, text=True,
            check=False,
        )  # fmt: skip
        if done.returncode != 0:
            raise SystemExit(f"The lookup benchmark failed on {engine}:\n{done.stderr}")
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        results[engine] = figures
        print(f"  {engine}")
        for kind, (p50, p95, n) in figures.items():
            flag = "" if p95 <= 20 else "  (over the target)"
            print(f"    {kind:<24} p50 {p50:8.1f} ms   p95 {p95:8.1f} ms   n={n}{flag}")
    return results
