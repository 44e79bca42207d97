"""The person-lookup benchmark: p50/p95 of registry.lookup.find_people over the imported
registry, for a mix of the queries clerks type, on each engine."""

from __future__ import annotations

import json
import subprocess

from bench.common import PYTHON, ROOT, Settings, engine_env

# Runs inside a child with the engine's settings, so each engine is measured the same way.
_CHILD = r"""
import json, os, random, sys, time
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commission.settings")
django.setup()
from django.db import connection
from commission.registry import cyrillic
from commission.registry.models import Person
from commission.registry.names import gendered_surnames
from commission.registry.lookup import find_people

count, seed = int(sys.argv[1]), int(sys.argv[2])
rnd = random.Random(seed)

# The first lookup of a process reads the registry's name keys (registry.namekeys).
started = time.perf_counter()
find_people("Sdiorov")
first = (time.perf_counter() - started) * 1000

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

# The registry's names as a Russian letter writes them: its English transliteration undone
# (roughly, as a writer of the time would spell them), then declined.
_LETTERS = (
    ("shch", "щ"), ("kh", "х"), ("zh", "ж"), ("ts", "ц"), ("ch", "ч"), ("sh", "ш"),
    ("a", "а"), ("b", "б"), ("v", "в"), ("g", "г"), ("d", "д"), ("e", "е"), ("z", "з"),
    ("i", "и"), ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"), ("p", "п"),
    ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"), ("f", "ф"),
)
_IOTATED = {"a": "я", "u": "ю", "e": "е", "o": "ё", "i": "и"}
_VOWELS = "aeiouy"

def in_cyrillic(word):
    low, out, i = word.lower(), [], 0
    while i < len(low):
        ch, nxt = low[i], low[i + 1:i + 2]
        if ch == "y":
            after_vowel = i > 0 and low[i - 1] in _VOWELS
            if nxt in _IOTATED:
                out.append(("" if i == 0 or after_vowel else "ь") + _IOTATED[nxt])
                i += 2
                continue
            out.append("й" if after_vowel else ("ий" if nxt == "" else "ы"))
            i += 1
            continue
        if ch == "i" and nxt == "" and i > 0 and low[i - 1] in _VOWELS:
            out.append("й")  # Matvei, Aleksei, Nikolai
            i += 1
            continue
        for latin, letter in _LETTERS:
            if low.startswith(latin, i):
                out.append(letter)
                i += len(latin)
                break
        else:
            i += 1
    text = "".join(out)
    return text[:1].upper() + text[1:]

def declined(*words, gender):
    case = rnd.choice(("gent", "datv", "ablt", "loct"))
    return cyrillic.inflected(" ".join(in_cyrillic(w) for w in words), case, gender=gender)

kinds = {
    "surname": lambda p: p.surname,
    "other gender form": lambda p: other_gender(p.surname),
    "given + patronymic": lambda p: f"{p.given_name} {p.patronymic}",
    "initials + surname": lambda p: f"{p.given_name[0]}. {p.patronymic[:1]}. {p.surname}",
    "full name": lambda p: f"{p.given_name} {p.patronymic} {p.surname}",
    "misspelt surname": lambda p: f"{p.given_name} {misspell(p.surname)}",
    "transliteration variant": lambda p: f"{variant(p.given_name)} {variant(p.surname)}",
    "declined full name": lambda p: declined(
        p.given_name, p.patronymic, p.surname, gender=p.gender
    ),
    "declined given + surname": lambda p: declined(p.given_name, p.surname, gender=p.gender),
}
# Kinds whose query names one person: found when that person is among the answers.
naming_one = ("full name", "declined full name")

# The baseline: the engine's own indexed read of the people with the sampled person's
# surname and given name (one statement, no ranking).
def bare(person):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, given_name, patronymic, surname FROM registry_person "
            "WHERE surname_key = %s AND given_key = %s LIMIT 20",
            [person.surname_key, person.given_key],
        )
        return cursor.fetchall()

find_people("warm up")
timings = {k: [] for k in kinds}
found = {k: 0 for k in naming_one}
baseline = []
for i, person in enumerate(sample):
    kind = list(kinds)[i % len(kinds)]
    query = kinds[kind](person)
    started = time.perf_counter()
    answers = find_people(query)
    timings[kind].append((time.perf_counter() - started) * 1000)
    if kind in found:
        found[kind] += any(m.person.pk == person.pk for m in answers)
    started = time.perf_counter()
    bare(person)
    baseline.append((time.perf_counter() - started) * 1000)

def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))]

every = [t for v in timings.values() for t in v]
out = {k: (pct(v, 50), pct(v, 95), len(v)) for k, v in timings.items()}
out["all"] = (pct(every, 50), pct(every, 95), len(every))
out["bare indexed read"] = (pct(baseline, 50), pct(baseline, 95), len(baseline))
print(json.dumps({
    "figures": out,
    "found": {k: [found[k], len(timings[k])] for k in naming_one},
    "first": first,
}))
"""


def run(settings: Settings, *, queries: int) -> dict[str, dict[str, object]]:
    print(f"\nPerson lookup (find_people), {queries} queries per engine; target p95 ≤ 10 ms")
    results = {}
    for engine in settings.engines:
        done = subprocess.run(
            [str(PYTHON), "-c", _CHILD, str(queries), str(settings.seed)],
            env=engine_env(engine, settings), cwd=ROOT, capture_output=True, text=True,
            check=False,
        )  # fmt: skip
        if done.returncode != 0:
            raise SystemExit(f"The lookup benchmark failed on {engine}:\n{done.stderr}")
        answer = json.loads(done.stdout.strip().splitlines()[-1])
        figures = answer["figures"]
        results[engine] = answer
        print(f"  {engine}")
        for kind, (p50, p95, n) in figures.items():
            flag = "" if p95 <= 10 or kind == "bare indexed read" else "  (over the target)"
            print(f"    {kind:<26} p50 {p50:8.1f} ms   p95 {p95:8.1f} ms   n={n}{flag}")
        bare_p95 = figures["bare indexed read"][1]
        print(f"    all / bare indexed read at p95: {figures['all'][1] / bare_p95:.1f}×")
        for kind, (hits, n) in answer["found"].items():
            print(f"    {kind}: the person named among the answers {hits} of {n}")
        print(f"    first lookup of a process (reads the name keys): {answer['first']:.1f} ms")
    return results
