"""Scoring extraction against the labelled set: precision, recall and F1 per field, and the
accuracy of person resolution against a small registry the scorer builds and then rolls back.

The labelled set is a folder of letter files (`*.txt`, `*.md`, `*.html`, `*.pdf`) each beside a
`*.json` of hand-made expected fields; a JSON file may instead name its letter file with
`"source"` (the seed letters are referenced, not copied). `registry.json` in the parent folder
lists the people resolution is scored against.

There are up to four sets per language pair: a development set the rules were written
against (`letters/`, `letters_ru/`) and a blind set written by others from letters the rules
never saw (`blind/en/`, `blind/ru/`, with `blind/registry.json`). The development figures are
an upper bound; the blind ones say how the reader does on letters that really arrive, and
their misses are listed only on request, so that tuning the rules on them is not the easy path.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from commission.intake.reading.facing import through
from commission.intake.reading.mentions import gender_of
from commission.intake.reading.mentions import name_keys as mention_keys
from commission.intake.reading.model import Extraction, Item, PersonRef, UnreadableInput
from commission.intake.reading.pipeline import read_and_extract
from commission.intake.reading.resolution import Lookup, resolve_extraction
from commission.registry import cyrillic

LABELLED_DIR = Path(__file__).resolve().parent.parent / "labelled"
LETTER_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf")
SCORED_FIELDS = (
    "author",
    "addressees",
    "date",
    "time",
    "subjects",
    "relatives",
    "requests",
    "other_people",
    "stance",
    "basis",
    "contacts",
    "outcomes",
    "inquiries",
)
TARGETS = {
    "author": 0.95,
    "addressees": 0.95,
    "date": 0.95,
    "subjects": 0.85,
    "relatives": 0.85,
    "requests": 0.85,
}
RESOLUTION_TARGET = 0.9
_TITLE = re.compile(r"^(?:the|comrades?|citizen)\s+", re.I)
_NOISE = {"the", "comrade", "comrades", "family", "of", "and", "her", "his", "their"}


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    fields: dict[str, Counts] = field(default_factory=lambda: {f: Counts() for f in SCORED_FIELDS})
    resolution_total: int = 0
    resolution_correct: int = 0
    letters: int = 0
    files: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def resolution_accuracy(self) -> float:
        return self.resolution_correct / self.resolution_total if self.resolution_total else 1.0

    def failing(self) -> list[str]:
        bad = [f for f, t in TARGETS.items() if self.fields[f].f1 < t]
        if self.resolution_accuracy < RESOLUTION_TARGET:
            bad.append("resolution")
        return bad


def name_keys(name: str) -> set[str]:
    return {k for k in mention_keys(name) if k not in _NOISE}


def same_name(a: str, b: str) -> bool:
    ka, kb = name_keys(a), name_keys(b)
    if not ka and not kb:
        return True
    return bool(ka and kb) and (ka <= kb or kb <= ka)


def _unnamed(person: str) -> bool:
    """A relative the label gives by kin words, not by name ("the father", "her late husband",
    «отец Гавриловой», «наш старик-отец», «Мать»): matched on relation and whose alone."""
    if not person or re.match(
        r"^(?:the|her|his|their|my|our|его|её|ее|их|мой|моя|моё|мое|мои|наш|наша|наши)(?![\w])",
        person,
        re.I,
    ):
        return True
    first = person.split()[0]
    if first[:1].islower():
        return True
    return bool(_CYRILLIC_WORD.fullmatch(first)) and _kin_word(first.lower())


_CYRILLIC_WORD = re.compile(r"[А-ЯЁа-яё-]+")


def _kin_word(word: str) -> bool:
    from commission.registry import cyrillic
    from commission.registry.kin import russian_kin

    return cyrillic.lemma(word) in russian_kin() or word.split("-")[0] in russian_kin()


def _predicted(extraction: Extraction) -> dict[str, list[Any]]:
    ex = extraction
    inquiries = []
    for item in ex.get("inscriptions"):
        for q in item.extra.get("inquiries", []):
            inquiries.append((q["to"].name, q["about"].name if q["about"] else ""))
    return {
        "author": [i.value for i in ex.get("author")],
        "addressees": [i.value for i in ex.get("addressees")],
        "date": [i.value for i in ex.get("date")][:1],
        "time": [i.value for i in ex.get("time")][:1],
        "subjects": [i.value for i in ex.get("subjects")],
        "relatives": [
            (i.value["person"], i.value["relation"], i.value["of"]) for i in ex.get("relatives")
        ],
        "requests": [
            (i.value, i.extra.get("by") == "author", bool(i.extra.get("urgent")))
            for i in ex.get("requests")
        ],
        "other_people": [i.value for i in ex.get("other_people")],
        "stance": [i.value for i in ex.get("stance")][:1],
        "basis": [i.value for i in ex.get("basis")],
        "contacts": [(i.value["kind"], i.value["value"]) for i in ex.get("contacts")],
        "outcomes": [(i.value["person"], i.value["outcome"]) for i in ex.get("outcomes")],
        "inquiries": inquiries,
    }


def _expected(spec: dict[str, Any]) -> dict[str, list[Any]]:
    def single(key: str) -> list[Any]:
        return [spec[key]] if spec.get(key) else []

    return {
        "author": list(spec.get("author", [])),
        "addressees": list(spec.get("addressees", [])),
        "date": single("date"),
        "time": single("time"),
        "subjects": list(spec.get("subjects", [])),
        "relatives": [tuple(r) for r in spec.get("relatives", [])],
        "requests": [tuple(r) for r in spec.get("requests", [])],
        "other_people": list(spec.get("other_people", [])),
        "stance": single("stance") or ["neutral"],
        "basis": list(spec.get("basis", [])),
        "contacts": [tuple(c) for c in spec.get("contacts", [])],
        "outcomes": [tuple(o) for o in spec.get("outcomes", [])],
        "inquiries": [tuple(q) for q in spec.get("inquiries", [])],
    }


def _clean(text: str) -> str:
    return re.sub(r"[\s–—-]+", "-", text.strip().lower())


def same_body(a: str, b: str) -> bool:
    """One Russian body's name in two grammatical cases: "Тульскую губернскую проверочную
    комиссию" (to whom the letter went, as written) is "Тульская губернская проверочная
    комиссия"."""
    if not (cyrillic.is_cyrillic(a) and cyrillic.is_cyrillic(b)):
        return False
    return _body_lemmas(a) == _body_lemmas(b)


def _body_lemmas(name: str) -> list[str]:
    analyser = cyrillic.analyser()
    words = [w.lower() for w in re.findall(r"[А-Яа-яЁё]+|[A-Za-z0-9()]+", name)]
    return [
        analyser.parse(w)[0].normal_form.replace("ё", "е")
        for w in words
        if w not in ("в", "во")  # "В Тульскую губернскую …"
    ]


def _match(name: str, want: Any, got: Any) -> bool:
    if name in ("author", "addressees", "subjects", "other_people"):
        if name == "addressees" and same_body(want, got):
            return True
        return same_name(_TITLE.sub("", want), _TITLE.sub("", got))
    if name == "relatives":
        wp, wr, wo = want
        gp, gr, go = got
        if wr != gr or not same_name(wo, go):
            return False
        return _unnamed(wp) or (not _unnamed(gp) and same_name(wp, gp))
    if name == "contacts":
        return bool(want[0] == got[0] and _clean(want[1]) in _clean(got[1]))
    if name == "outcomes":
        return bool(want[1] == got[1] and (not want[0] or same_name(want[0], got[0])))
    if name == "inquiries":
        return same_name(want[0], got[0]) and same_name(want[1], got[1])
    return bool(want == got)


def _tie_forms(ties: list[Any]) -> dict[int, list[Any]]:
    """Each tie as written and, for a tie to someone's wife, husband, brother, sister or child,
    as the in-law tie to that someone ("Prokhorov, father of Klavdia", Klavdia the wife of
    Kondratyev, is "Prokhorov, father-in-law of Kondratyev"): one fact, told from either side."""
    forms: dict[int, list[Any]] = {}
    for index, (person, relation, of) in enumerate(ties):
        forms[index] = [(person, relation, of)]
        for kin, kin_relation, subject in ties:
            if (kin == of or same_name(kin, of)) and not same_name(subject, of):
                joined = through(kin_relation, relation)
                if joined:
                    forms[index].append((person, joined, subject))
            elif (
                relation in ("son", "daughter", "child")
                and same_name(kin, person)
                and not same_name(subject, person)
                and not _unnamed(of)
            ):
                # "Klavdia, daughter of Prokhorov": Prokhorov is her father
                parent = {"male": "father", "female": "mother"}.get(gender_of(of), "parent")
                joined = through(kin_relation, parent)
                if joined:
                    forms[index].append((of, joined, subject))
    return forms


def _count(name: str, want: list[Any], got: list[Any], counts: Counts) -> list[str]:
    """Pair each expected item with a found one it matches; a tie matches in either of its
    forms (`_tie_forms`), any other item as written."""
    if name == "relatives":
        want_forms, got_forms = _tie_forms(want), _tie_forms(got)
    else:
        want_forms = {i: [w] for i, w in enumerate(want)}
        got_forms = {j: [g] for j, g in enumerate(got)}
    unmatched = list(range(len(got)))
    missed = []
    for i, w in enumerate(want):
        hit = next(
            (
                j
                for j in unmatched
                if any(_match(name, a, b) for a in want_forms[i] for b in got_forms[j])
            ),
            None,
        )
        if hit is None:
            counts.fn += 1
            missed.append(f"missed {w!r}")
        else:
            counts.tp += 1
            unmatched.remove(hit)
    counts.fp += len(unmatched)
    return missed + [f"extra {got[j]!r}" for j in unmatched]


def _refs_by_surface(extraction: Extraction) -> dict[str, PersonRef]:
    found: dict[str, PersonRef] = {}
    for ref in extraction.people():
        for surface in (ref.span.text if ref.span else "", ref.name):
            if surface:
                found.setdefault(surface, ref)
    return found


def _ref_by_name(refs: dict[str, PersonRef], surface: str) -> PersonRef | None:
    """The reader's mention of the person a label names in other words than the reader wrote
    ("Дмитрий Прокофьевич Алексеев" for its "Алексеев Дмитрий Прокофьевич"): the one with the
    same name words, else the only one whose words are among them or hold them."""
    keys = name_keys(surface)
    if not keys:
        return None
    same = {id(r): r for text, r in refs.items() if name_keys(text) == keys}
    if len(same) == 1:
        return next(iter(same.values()))
    near = {id(r): r for text, r in refs.items() if same_name(text, surface)}
    return next(iter(near.values())) if len(near) == 1 else None


def labelled_files(set_dir: Path) -> Iterator[tuple[Path, dict[str, Any]]]:
    for spec_path in sorted(set_dir.glob("*.json")):
        spec = json.loads(spec_path.read_text(encoding="utf-8"))
        if "source" in spec:
            letter_path = (spec_path.parent / spec["source"]).resolve()
        else:
            candidates = [spec_path.with_suffix(s) for s in LETTER_SUFFIXES]
            letter_path = next((c for c in candidates if c.exists()), candidates[0])
        yield letter_path, spec


def score_set(set_dir: Path, *, lookup: Lookup | None) -> Report:
    """Extract every labelled letter and compare. With `lookup` None, resolution is skipped."""
    report = Report()
    for letter_path, spec in labelled_files(set_dir):
        report.files += 1
        try:
            readings = read_and_extract(letter_path)
        except UnreadableInput as exc:
            # Every expected field of an unreadable file counts as missed; the rest goes on.
            report.misses.append(f"{letter_path.name}: could not be read ({exc.reason})")
            readings = []
        letters = [reading.letter for reading in readings]
        expected_letters = spec["letters"]
        if len(letters) != len(expected_letters):
            report.misses.append(
                f"{letter_path.name}: found {len(letters)} letters, expected "
                f"{len(expected_letters)}"
            )
        for index, want_spec in enumerate(expected_letters):
            report.letters += 1
            got: dict[str, list[Any]]
            if index >= len(letters):
                got = {f: [] for f in SCORED_FIELDS}
                extraction = Extraction()
            else:
                extraction = readings[index].extraction
                if lookup is not None:
                    resolve_extraction(extraction, lookup=lookup)
                got = _predicted(extraction)
            want = _expected(want_spec)
            for name in SCORED_FIELDS:
                for miss in _count(name, want[name], got[name], report.fields[name]):
                    report.misses.append(f"{letter_path.name}#{index} {name}: {miss}")
            if lookup is not None:
                _score_resolution(report, letter_path.name, index, extraction, want_spec)
    return report


def _score_resolution(
    report: Report, file_name: str, index: int, extraction: Extraction, spec: dict[str, Any]
) -> None:
    refs = _refs_by_surface(extraction)
    for surface, want_ref in spec.get("resolutions", {}).items():
        report.resolution_total += 1
        ref = refs.get(surface) or _ref_by_name(refs, surface)
        res = ref.resolution if ref is not None else None
        ok = res is not None and (
            (want_ref is None and res.status == "proposed")
            or (want_ref is not None and res.status == "matched" and res.person_ref == want_ref)
        )
        if ok:
            report.resolution_correct += 1
        else:
            got = "no mention" if res is None else f"{res.status} {res.person_ref or ''}".strip()
            report.misses.append(
                f"{file_name}#{index} resolution {surface!r}: want "
                f"{want_ref or 'new person'}, got {got}"
            )


@contextmanager
def labelled_registry(registry_file: Path) -> Iterator[Callable[[str], list[Any]]]:
    """Build the labelled registry with `create_person` inside a transaction that is always
    rolled back, and yield a lookup confined to it: people already in the database are
    invisible to the score, and no row is left behind."""
    from django.contrib.auth.models import User
    from django.db import transaction

    from commission.registry.lookup import find_people
    from commission.registry.services import create_person

    people = json.loads(registry_file.read_text(encoding="utf-8"))["people"]

    class _Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            actor = User(username="labelled-set-scorer", is_superuser=True, is_active=True)
            actor.save()
            refs: set[str] = set()
            for row in people:
                # A field given as null is a field not given.
                fields = {k: v for k, v in row.items() if k != "names" and v is not None}
                fields["names"] = [tuple(n) for n in row.get("names", [])]
                refs.add(create_person(actor=actor, **fields).ref)

            def lookup(query: str) -> list[Any]:
                return [m for m in find_people(query, limit=50) if m.person.ref in refs][:10]

            yield lookup
            raise _Rollback
    except _Rollback:
        pass


def score(set_dir: Path | None = None, *, resolve: bool = True) -> Report:
    set_dir = set_dir or LABELLED_DIR / "letters"
    registry = set_dir.parent / "registry.json"
    if not resolve or not registry.exists():
        return score_set(set_dir, lookup=None)
    with labelled_registry(registry) as lookup:
        return score_set(set_dir, lookup=lookup)


# A gap larger than this between a language's development and blind F1 means the rules fit
# the letters they were written for rather than the genre.
GAP_LIMIT = 0.05


@dataclass(frozen=True)
class LabelledSet:
    key: str  # "en-dev", "en-blind", "ru-dev", "ru-blind"
    label: str  # the column heading
    language: str
    blind: bool
    folder: Path

    def exists(self) -> bool:
        return self.folder.is_dir() and any(self.folder.glob("*.json"))


def labelled_sets(root: Path | None = None) -> list[LabelledSet]:
    """The sets in the order they are reported, whether or not they exist yet: per language
    the development set, the first blind set, the held-out half of the third outside set
    (`fresh2/blind/`, whose misses are not read; its other half, `fresh2/dev/`, is scored with
    --set), and the fourth, ninth and twenty-sixth outside sets, each blind whole (`fresh4/`,
    `fresh9/`, `fresh26/`). (The twentieth to twenty-fifth, blind until their figures were
    taken, are development material now; their first figures are in docs/intake.md.)"""
    root = root or LABELLED_DIR
    return [
        LabelledSet("en-dev", "en dev", "English", False, root / "letters"),
        LabelledSet("en-blind", "en blind", "English", True, root / "blind" / "en"),
        LabelledSet("en-blind2", "en blind 2", "English", True, root / "fresh2" / "blind" / "en"),
        LabelledSet("en-blind3", "en blind 3", "English", True, root / "fresh4" / "en"),
        LabelledSet("en-blind4", "en blind 4", "English", True, root / "fresh9" / "en"),
        LabelledSet("en-blind11", "en blind 11", "English", True, root / "fresh26" / "en"),
        LabelledSet("ru-dev", "ru dev", "Russian", False, root / "letters_ru"),
        LabelledSet("ru-blind", "ru blind", "Russian", True, root / "blind" / "ru"),
        LabelledSet("ru-blind2", "ru blind 2", "Russian", True, root / "fresh2" / "blind" / "ru"),
        LabelledSet("ru-blind3", "ru blind 3", "Russian", True, root / "fresh4" / "ru"),
        LabelledSet("ru-blind4", "ru blind 4", "Russian", True, root / "fresh9" / "ru"),
        LabelledSet("ru-blind11", "ru blind 11", "Russian", True, root / "fresh26" / "ru"),
    ]


def is_blind(folder: Path) -> bool:
    """A folder of a blind set (one under a `blind` folder, or a set kept blind whole such as
    `fresh4/`): its misses are counted, not shown, unless asked for."""
    where = folder.resolve()
    return "blind" in where.parts or any(
        s.blind and s.folder.resolve() == where for s in labelled_sets()
    )


def score_sets(
    root: Path | None = None, *, resolve: bool = True
) -> list[tuple[LabelledSet, Report]]:
    """Score every set that exists, each against the registry beside it."""
    return [(s, score(s.folder, resolve=resolve)) for s in labelled_sets(root) if s.exists()]


def gaps(results: list[tuple[LabelledSet, Report]]) -> list[str]:
    """Per language, the fields (and resolution) where the blind F1 is more than GAP_LIMIT
    below the development F1, as sentences."""
    found = []
    by_key = {s.key: (s, r) for s, r in results}
    for language, code in (("English", "en"), ("Russian", "ru")):
        dev = by_key.get(f"{code}-dev")
        for key in (f"{code}-blind", f"{code}-blind2"):
            blind = by_key.get(key)
            if dev is None or blind is None:
                continue
            d, (blind_set, b) = dev[1], blind
            wide = [
                f"{name} ({d.fields[name].f1:.2f} vs {b.fields[name].f1:.2f})"
                for name in SCORED_FIELDS
                if d.fields[name].f1 - b.fields[name].f1 > GAP_LIMIT
            ]
            if d.resolution_accuracy - b.resolution_accuracy > GAP_LIMIT:
                wide.append(
                    f"resolution ({d.resolution_accuracy:.2f} vs {b.resolution_accuracy:.2f})"
                )
            if wide:
                found.append(
                    f"Gap over {GAP_LIMIT:.2f} between {language} development and "
                    f"{blind_set.label}: " + ", ".join(wide)
                )
    return found


def format_comparison(results: list[tuple[LabelledSet, Report]]) -> str:
    """F1 per field for each set side by side, the targets, and the gaps."""
    if not results:
        return "No labelled set found."
    head = f"{'field':<14}" + "".join(f"{s.label:>12}" for s, _r in results) + f"{'target':>8}"
    lines = [
        "; ".join(f"{s.label}: {r.letters} letters in {r.files} files" for s, r in results),
        "",
        head,
    ]
    for name in SCORED_FIELDS:
        target = f"{TARGETS[name]:.2f}" if name in TARGETS else ""
        row = "".join(
            f"{r.fields[name].f1:>11.3f}{'*' if name in r.failing() else ' '}" for _s, r in results
        )
        lines.append(f"{name:<14}{row}{target:>8}")
    row = "".join(
        f"{r.resolution_accuracy:>11.3f}{'*' if r.resolution_accuracy < RESOLUTION_TARGET else ' '}"
        if r.resolution_total
        else f"{'-':>11} "
        for _s, r in results
    )
    lines.append(f"{'resolution':<14}{row}{RESOLUTION_TARGET:>8.2f}")
    lines.append("")
    lines.append("* below target")
    lines.extend(gaps(results))
    return "\n".join(lines)


def miss_counts(report: Report) -> str:
    """How many misses per field, without saying which: what a blind set shows by default."""
    counts: dict[str, int] = {}
    for miss in report.misses:
        words = miss.split(":", 1)[0].split(" ")
        known = (*SCORED_FIELDS, "resolution")
        name = words[1] if len(words) > 1 and words[1] in known else "letters found"
        counts[name] = counts.get(name, 0) + 1
    if not counts:
        return "no misses"
    return ", ".join(f"{name} {n}" for name, n in sorted(counts.items()))


def format_table(report: Report) -> str:
    lines = [
        f"{report.letters} letters in {report.files} files",
        "",
        f"{'field':<14}{'precision':>10}{'recall':>8}{'F1':>7}{'target':>8}  {'tp/fp/fn':<10}",
    ]
    for name in SCORED_FIELDS:
        c = report.fields[name]
        target = f"{TARGETS[name]:.2f}" if name in TARGETS else ""
        lines.append(
            f"{name:<14}{c.precision:>10.3f}{c.recall:>8.3f}{c.f1:>7.3f}{target:>8}  "
            f"{c.tp}/{c.fp}/{c.fn}"
        )
    lines.append("")
    lines.append(
        f"person resolution accuracy {report.resolution_accuracy:.3f} "
        f"({report.resolution_correct}/{report.resolution_total}; target {RESOLUTION_TARGET:.2f})"
    )
    return "\n".join(lines)


def item_fields(items: list[Item]) -> list[Any]:
    return [i.value for i in items]
