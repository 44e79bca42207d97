"""A synthetic registry at the scale of the model case, for benchmarks and trials.

People come in families with Russian name forms (patronymics from the father's given name,
surnames that change with gender, maiden and double surnames, pseudonyms); units and
commissions form the central → gubernia → district → cell hierarchy; memberships carry a
status history; ties between people have a heavy-tailed degree distribution, so a few people
are tied to thousands. The output is the interchange format, written as it is generated.
The same seed and sizes always give the same files.
"""

from __future__ import annotations

import json
import math
import random
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from commission.core.errors import InvalidInput
from commission.registry.interchange import CsvFolderWriter, compact_record
from commission.registry.names import gendered_surnames

# Male given names with the patronymics they give their sons and daughters.
_FATHERS: dict[str, tuple[str, str]] = {
    "Aleksandr": ("Aleksandrovich", "Aleksandrovna"),
    "Aleksei": ("Alekseyevich", "Alekseyevna"),
    "Anatoly": ("Anatolyevich", "Anatolyevna"),
    "Andrei": ("Andreyevich", "Andreyevna"),
    "Anton": ("Antonovich", "Antonovna"),
    "Arkady": ("Arkadyevich", "Arkadyevna"),
    "Boris": ("Borisovich", "Borisovna"),
    "Vasily": ("Vasilyevich", "Vasilyevna"),
    "Viktor": ("Viktorovich", "Viktorovna"),
    "Vladimir": ("Vladimirovich", "Vladimirovna"),
    "Vyacheslav": ("Vyacheslavovich", "Vyacheslavovna"),
    "Gavriil": ("Gavrilovich", "Gavrilovna"),
    "Georgy": ("Georgiyevich", "Georgiyevna"),
    "Grigory": ("Grigoryevich", "Grigoryevna"),
    "Daniil": ("Danilovich", "Danilovna"),
    "Dmitry": ("Dmitriyevich", "Dmitriyevna"),
    "Yevgeny": ("Yevgenyevich", "Yevgenyevna"),
    "Yegor": ("Yegorovich", "Yegorovna"),
    "Yemelyan": ("Yemelyanovich", "Yemelyanovna"),
    "Zakhar": ("Zakharovich", "Zakharovna"),
    "Ivan": ("Ivanovich", "Ivanovna"),
    "Ignaty": ("Ignatyevich", "Ignatyevna"),
    "Ilya": ("Ilyich", "Ilyinichna"),
    "Iosif": ("Iosifovich", "Iosifovna"),
    "Kirill": ("Kirillovich", "Kirillovna"),
    "Konstantin": ("Konstantinovich", "Konstantinovna"),
    "Kuzma": ("Kuzmich", "Kuzminichna"),
    "Lev": ("Lvovich", "Lvovna"),
    "Leonid": ("Leonidovich", "Leonidovna"),
    "Makar": ("Makarovich", "Makarovna"),
    "Maksim": ("Maksimovich", "Maksimovna"),
    "Matvei": ("Matveyevich", "Matveyevna"),
    "Mikhail": ("Mikhailovich", "Mikhailovna"),
    "Nikita": ("Nikitich", "Nikitichna"),
    "Nikolai": ("Nikolayevich", "Nikolayevna"),
    "Osip": ("Osipovich", "Osipovna"),
    "Pavel": ("Pavlovich", "Pavlovna"),
    "Pyotr": ("Petrovich", "Petrovna"),
    "Prokhor": ("Prokhorovich", "Prokhorovna"),
    "Roman": ("Romanovich", "Romanovna"),
    "Semyon": ("Semyonovich", "Semyonovna"),
    "Sergei": ("Sergeyevich", "Sergeyevna"),
    "Stepan": ("Stepanovich", "Stepanovna"),
    "Timofei": ("Timofeyevich", "Timofeyevna"),
    "Trofim": ("Trofimovich", "Trofimovna"),
    "Fyodor": ("Fyodorovich", "Fyodorovna"),
    "Foma": ("Fomich", "Fominichna"),
    "Filipp": ("Filippovich", "Filippovna"),
    "Yakov": ("Yakovlevich", "Yakovlevna"),
    "Yuri": ("Yuryevich", "Yuryevna"),
    "Avgust": ("Avgustovich", "Avgustovna"),
    "Emmanuil": ("Emmanuilovich", "Emmanuilovna"),
    "Moisei": ("Moiseyevich", "Moiseyevna"),
    "Nikifor": ("Nikiforovich", "Nikiforovna"),
}
_MALE = list(_FATHERS)
_FEMALE = [
    "Aleksandra",
    "Anna",
    "Antonina",
    "Valentina",
    "Varvara",
    "Vera",
    "Galina",
    "Darya",
    "Yevdokia",
    "Yekaterina",
    "Yelena",
    "Yelizaveta",
    "Yevgenia",
    "Zinaida",
    "Zoya",
    "Irina",
    "Klavdia",
    "Ksenia",
    "Lidia",
    "Lyubov",
    "Lyudmila",
    "Maria",
    "Marfa",
    "Nadezhda",
    "Natalya",
    "Nina",
    "Olga",
    "Pelageya",
    "Polina",
    "Praskovya",
    "Raisa",
    "Sofia",
    "Tatyana",
    "Ulyana",
    "Fekla",
    "Serafima",
    "Agafya",
    "Akulina",
    "Glafira",
    "Matryona",
    "Evdokia",
    "Rozalia",
    "Feodosia",
    "Klara",
    "Inessa",
]
# Masculine surnames; the feminine forms follow from names.gendered_surnames.
_SURNAMES = [
    "Ivanov",
    "Smirnov",
    "Kuznetsov",
    "Popov",
    "Vasilyev",
    "Petrov",
    "Sokolov",
    "Mikhailov",
    "Novikov",
    "Fyodorov",
    "Morozov",
    "Volkov",
    "Alekseyev",
    "Lebedev",
    "Semyonov",
    "Yegorov",
    "Pavlov",
    "Kozlov",
    "Stepanov",
    "Nikolayev",
    "Orlov",
    "Andreyev",
    "Makarov",
    "Nikitin",
    "Zakharov",
    "Zaitsev",
    "Solovyov",
    "Borisov",
    "Yakovlev",
    "Grigoryev",
    "Romanov",
    "Vorobyov",
    "Sergeyev",
    "Kuzmin",
    "Frolov",
    "Aleksandrov",
    "Dmitriyev",
    "Korolev",
    "Gusev",
    "Kiselev",
    "Ilyin",
    "Maksimov",
    "Polyakov",
    "Sorokin",
    "Vinogradov",
    "Kovalev",
    "Belov",
    "Medvedev",
    "Antonov",
    "Tarasov",
    "Zhukov",
    "Baranov",
    "Filippov",
    "Komarov",
    "Davydov",
    "Belyayev",
    "Gerasimov",
    "Bogdanov",
    "Osipov",
    "Sidorov",
    "Matveyev",
    "Titov",
    "Markov",
    "Mironov",
    "Krylov",
    "Kulikov",
    "Karpov",
    "Vlasov",
    "Melnikov",
    "Denisov",
    "Gavrilov",
    "Tikhonov",
    "Kazakov",
    "Afanasyev",
    "Danilov",
    "Savelyev",
    "Timofeyev",
    "Fomin",
    "Chernov",
    "Abramov",
    "Martynov",
    "Yefimov",
    "Fedotov",
    "Shcherbakov",
    "Nazarov",
    "Kalinin",
    "Isayev",
    "Chernyshev",
    "Bykov",
    "Maslov",
    "Rodionov",
    "Konovalov",
    "Lazarev",
    "Voronin",
    "Klimov",
    "Filatov",
    "Ponomarev",
    "Golubev",
    "Kudryavtsev",
    "Prokhorov",
    "Naumov",
    "Potapov",
    "Zhuravlev",
    "Ovchinnikov",
    "Trofimov",
    "Leonov",
    "Sobolev",
    "Yermakov",
    "Kolesnikov",
    "Goncharov",
    "Yemelyanov",
    "Nikiforov",
    "Grachev",
    "Kotov",
    "Grishin",
    "Yefremov",
    "Arkhipov",
    "Gromov",
    "Kirillov",
    "Malyshev",
    "Panov",
    "Moiseyev",
    "Rumyantsev",
    "Akimov",
    "Kondratyev",
    "Biryukov",
    "Gorbunov",
    "Anisimov",
    "Yeremin",
    "Tikhomirov",
    "Galkin",
    "Lukyanov",
    "Mikheyev",
    "Skvortsov",
    "Yudin",
    "Belousov",
    "Nesterov",
    "Simonov",
    "Prokofyev",
    "Kharitonov",
    "Knyazev",
    "Tsvetkov",
    "Levin",
    "Mitrofanov",
    "Voronov",
    "Aksenov",
    "Sofronov",
    "Maltsev",
    "Loginov",
    "Gorshkov",
    "Savin",
    "Krasnov",
    "Mayorov",
    "Demidov",
    "Yeliseyev",
    "Rybakov",
    "Safonov",
    "Plotnikov",
    "Demin",
    "Khokhlov",
    "Fadeyev",
    "Molchanov",
    "Ignatov",
    "Litvinov",
    "Yershov",
    "Ushakov",
    "Dementyev",
    "Ryabov",
    "Mukhin",
    "Kalashnikov",
    "Leontyev",
    "Lobanov",
    "Kuzin",
    "Korneyev",
    "Yevdokimov",
    "Borodin",
    "Platonov",
    "Nekrasov",
    "Balashov",
    "Bobrov",
    "Zhdanov",
    "Blinov",
    "Ignatyev",
    "Korotkov",
    "Muravyov",
    "Kryukov",
    "Belyakov",
    "Bogomolov",
    "Drozdov",
    "Lavrov",
    "Zuyev",
    "Petukhov",
    "Larin",
    "Nikulin",
    "Serov",
    "Terentyev",
    "Zotov",
    "Ustinov",
    "Fokin",
    "Samoilov",
    "Konstantinov",
    "Lapin",
    "Kornilov",
    "Zalutsky",
    "Dzerzhinsky",
    "Lunacharsky",
    "Olminsky",
    "Sverdlovsky",
    "Pokrovsky",
    "Voznesensky",
    "Uspensky",
    "Preobrazhensky",
    "Rozhdestvensky",
    "Znamensky",
    "Bogoyavlensky",
    "Kasparov",
    "Alliluyev",
    "Ulyanov",
    "Shlyapnikov",
    "Kollontai",
    "Kornblyum",
    "Solts",
    "Safarov",
    "Lepeshinsky",
    "Krestinsky",
    "Serebryakov",
    "Preobrazhensky",
    "Yaroslavsky",
    "Kamenev",
    "Smilga",
    "Bubnov",
    "Muralov",
    "Osinsky",
    "Sapronov",
    "Bukharin",
    "Rykov",
    "Tomsky",
    "Kalnin",
    "Berzin",
    "Eiduk",
    "Peters",
    "Lacis",
    "Stuchka",
    "Rudzutak",
    "Tsuryupa",
    "Petrovsky",
    "Skrypnik",
    "Chubar",
    "Manuilsky",
    "Rakovsky",
    "Frunze",
]
_PSEUDONYMS = [
    "Molot",
    "Sever",
    "Volnov",
    "Uralets",
    "Stepnoi",
    "Zarya",
    "Gorny",
    "Lesnoi",
    "Baltiets",
    "Iskra",
    "Burevestnik",
    "Tovarishch Andrei",
    "Kamen",
    "Strela",
    "Dyadya",
    "Rabochy",
    "Pravdin",
    "Svobodin",
    "Smely",
    "Bystry",
    "Zorky",
    "Tverdy",
    "Veter",
    "Tucha",
]
_GUBERNIAS = [
    "Moscow",
    "Petrograd",
    "Tver",
    "Tula",
    "Ryazan",
    "Kaluga",
    "Vladimir",
    "Yaroslavl",
    "Kostroma",
    "Ivanovo-Voznesensk",
    "Nizhny Novgorod",
    "Kazan",
    "Simbirsk",
    "Samara",
    "Saratov",
    "Tsaritsyn",
    "Astrakhan",
    "Penza",
    "Tambov",
    "Voronezh",
    "Kursk",
    "Oryol",
    "Bryansk",
    "Smolensk",
    "Pskov",
    "Novgorod",
    "Cherepovets",
    "Vologda",
    "Arkhangelsk",
    "Vyatka",
    "Perm",
    "Yekaterinburg",
    "Chelyabinsk",
    "Ufa",
    "Orenburg",
    "Omsk",
    "Tomsk",
    "Novonikolayevsk",
    "Altai",
    "Yenisei",
    "Irkutsk",
    "Kharkov",
    "Kiev",
    "Odessa",
    "Yekaterinoslav",
    "Don",
    "Kuban",
    "Stavropol",
    "Tsaritsyn Rural",
    "Gomel",
]
_TRADES = [
    "Textile Mill",
    "Railway Depot",
    "Metal Works",
    "Printing House",
    "Tannery",
    "Mine",
    "Village",
    "Soviet Office",
    "Garrison",
    "Cooperative",
    "Shipyard",
    "Sugar Refinery",
]
_STREETS = ["Tverskaya", "Nikolskaya", "Sadovaya", "Bolshaya Dmitrovka", "Pokrovka", "Arbat"]
# Directed kinds that the random ties may take; family kinds come from the families.
_SOCIAL_SYMMETRIC = ("colleague", "acquaintance", "relative")
_SOCIAL_DIRECTED = (
    "supervised_work",
    "observed_work",
    "knew_abroad",
    "sheltered",
    "recommended",
    "sent",
    "correspondent",
)
_STATUS_ENDS = [
    ("member", 0.62),
    ("candidate", 0.1),
    ("probation", 0.04),
    ("expelled", 0.13),
    ("expelled_for_term", 0.02),
    ("left", 0.06),
    ("deceased", 0.03),
]


@dataclass
class GenerateResult:
    counts: dict[str, int]
    destination: Path

    def summary(self) -> str:
        parts = ", ".join(f"{n} {t}" for t, n in self.counts.items() if n)
        return f"Wrote {parts} to {self.destination}."


class _Output:
    """Writes records as JSON Lines or as a folder of CSV files."""

    def __init__(self, destination: Path, fmt: str) -> None:
        self.fmt = fmt
        self.jsonl: TextIO | None = None
        self.csv: CsvFolderWriter | None = None
        if fmt == "jsonl":
            self.jsonl = destination.open("w", encoding="utf-8")
        else:
            destination.mkdir(parents=True, exist_ok=True)
            self.csv = CsvFolderWriter(destination, personal=True)

    def write(self, rtype: str, record: dict[str, Any]) -> None:
        if self.jsonl is not None:
            self.jsonl.write(
                json.dumps({"type": rtype, **compact_record(record)}, ensure_ascii=False)
            )
            self.jsonl.write("\n")
        else:
            assert self.csv is not None
            self.csv.write(rtype, record)

    def tie(self, source: str, target: str, kind: str, strength: int) -> None:
        # Ties are nine in ten of all records; written without the general path for speed.
        if self.jsonl is not None:
            self.jsonl.write(
                f'{{"type": "relationship", "source": "{source}", "target": "{target}", '
                f'"kind": "{kind}", "strength": {strength}}}\n'
            )
        else:
            assert self.csv is not None
            self.csv.writers["relationship"].writerow(
                (source, target, kind, strength, "", "", "", "")
            )

    def close(self) -> None:
        if self.jsonl is not None:
            self.jsonl.close()
        if self.csv is not None:
            self.csv.close()


def _date(rnd: random.Random, first_year: int, last_year: int) -> str:
    return f"{rnd.randint(first_year, last_year)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"


def _variant(name: str) -> str | None:
    """Another common transliteration of a name, where one differs."""
    for old, new in (
        ("Yev", "Ev"),
        ("Ye", "E"),
        ("yev", "iev"),
        ("yov", "iov"),
        ("kh", "ch"),
        ("y", "i"),
        ("ks", "x"),
    ):
        if old in name:
            return name.replace(old, new, 1)
    return None


def generate_registry(
    *,
    destination: Path,
    people: int = 730_000,
    relationships: int = 5_000_000,
    seed: int = 1921,
    fmt: str = "jsonl",
    progress: Callable[[int], None] | None = None,
) -> GenerateResult:
    """Write a synthetic registry to `destination` (a .jsonl file or a CSV folder).

    `progress` is called with the number of records written since its last call.
    Errors: InvalidInput for sizes that make no registry or an unknown format.
    """
    if fmt not in ("jsonl", "csv"):
        raise InvalidInput(f"{fmt!r} is not a format; use jsonl or csv.")
    if people < 20:
        raise InvalidInput("A registry needs at least 20 people to be generated.")
    if relationships < 0:
        raise InvalidInput("The number of relationships cannot be negative.")
    destination = Path(destination)
    rnd = random.Random(seed)
    out = _Output(destination, fmt)
    counts = dict.fromkeys(
        (
            "organisations",
            "units",
            "commissions",
            "people",
            "memberships",
            "commissioners",
            "relationships",
        ),
        0,
    )
    unreported = 0

    def emit(rtype: str, record: dict[str, Any], count_as: str) -> None:
        nonlocal unreported
        out.write(rtype, record)
        counts[count_as] += 1
        unreported += 1
        if progress is not None and unreported >= 10_000:
            progress(unreported)
            unreported = 0

    try:
        org = "rcp"
        emit(
            "organisation",
            {"id": org, "name": "Russian Communist Party (Bolsheviks)", "short_name": "RCP(b)"},
            "organisations",
        )
        cells = _units(rnd, people, org, emit)
        _commissions(org, cells, emit)
        # Family ties are recorded while people are made and written once everyone exists,
        # as (source, target, kind index) triples of person numbers: compact, not records.
        family = array("i")
        _people(rnd, people, org, cells, family, emit)
        budget = max(relationships - len(family) // 3, 0)
        _commissioners(rnd, people, cells, emit)
        family_kinds = ("parent", "spouse", "sibling")
        written = 0
        for i in range(0, len(family), 3):
            if written >= relationships:
                break
            out.tie(
                f"P{family[i]}",
                f"P{family[i + 1]}",
                family_kinds[family[i + 2]],
                5 if family[i + 2] < 2 else 4,
            )
            written += 1
        counts["relationships"] += written
        unreported += written
        counts["relationships"] += _social_ties(rnd, people, budget, out)
        if progress is not None:
            progress(unreported + counts["relationships"] - written)
    finally:
        out.close()
    return GenerateResult(counts=counts, destination=destination)


def _units(
    rnd: random.Random, people: int, org: str, emit: Callable[[str, dict[str, Any], str], None]
) -> list[tuple[str, str, str]]:
    """The hierarchy of units; returns the cells as (cell, district, gubernia) refs."""
    emit(
        "unit",
        {"id": "U-central", "organisation": org, "name": "Central Committee", "kind": "central"},
        "units",
    )
    gubernias = _GUBERNIAS[: max(2, min(len(_GUBERNIAS), people // 15_000))]
    cells_wanted = max(4, people // 30)
    districts_per = max(1, min(10, cells_wanted // (len(gubernias) * 4)))
    cells_per = max(1, cells_wanted // (len(gubernias) * districts_per))
    cells = []
    for g, gubernia in enumerate(gubernias, start=1):
        gref = f"U-g{g}"
        emit(
            "unit",
            {
                "id": gref,
                "organisation": org,
                "kind": "gubernia",
                "parent": "U-central",
                "name": f"{gubernia} Gubernia Committee",
            },
            "units",
        )
        for d in range(1, districts_per + 1):
            dref = f"{gref}-d{d}"
            emit(
                "unit",
                {
                    "id": dref,
                    "organisation": org,
                    "kind": "district",
                    "parent": gref,
                    "name": f"{gubernia} District No. {d}",
                },
                "units",
            )
            for c in range(1, cells_per + 1):
                cref = f"{dref}-c{c}"
                trade = _TRADES[rnd.randrange(len(_TRADES))]
                emit(
                    "unit",
                    {
                        "id": cref,
                        "organisation": org,
                        "kind": "cell",
                        "parent": dref,
                        "name": f"Cell of the {gubernia} {trade} No. {d}.{c}",
                    },
                    "units",
                )
                cells.append((cref, dref, gref))
    return cells


def _commissions(
    org: str, cells: list[tuple[str, str, str]], emit: Callable[[str, dict[str, Any], str], None]
) -> None:
    emit(
        "commission",
        {
            "id": "C-central",
            "organisation": org,
            "level": "central",
            "unit": "U-central",
            "name": "Central Commission for Purging the Party",
        },
        "commissions",
    )
    seen: set[str] = set()
    for _cell, district, gubernia in cells:
        if gubernia not in seen:
            seen.add(gubernia)
            emit(
                "commission",
                {
                    "id": f"C-{gubernia}",
                    "organisation": org,
                    "level": "gubernia",
                    "parent": "C-central",
                    "unit": gubernia,
                    "name": f"Verification Commission of {gubernia}",
                },
                "commissions",
            )
        if district not in seen:
            seen.add(district)
            emit(
                "commission",
                {
                    "id": f"C-{district}",
                    "organisation": org,
                    "level": "district",
                    "parent": f"C-{gubernia}",
                    "unit": district,
                    "name": f"Verification Commission of {district}",
                },
                "commissions",
            )


def _people(
    rnd: random.Random,
    total: int,
    org: str,
    cells: list[tuple[str, str, str]],
    family: array[int],
    emit: Callable[[str, dict[str, Any], str], None],
) -> None:
    """Households of parents and children; numbers 1…total, written in order."""
    n = 0
    while n < total:
        size = min(total - n, rnd.choice((1, 1, 2, 2, 3, 3, 4, 4, 5, 6)))
        surname = _SURNAMES[rnd.randrange(len(_SURNAMES))]
        masculine, feminine = gendered_surnames(surname)
        father_given = _MALE[rnd.randrange(len(_MALE))]
        cell = cells[rnd.randrange(len(cells))]
        members: list[int] = []
        parents = 2 if size >= 2 else 1
        for position in range(size):
            n += 1
            if position == 0:
                male = parents == 2 or rnd.random() < 0.7
            elif position == 1:
                male = False
            else:
                male = rnd.random() < 0.5
            record = _person(rnd, n, male, position, parents, masculine, feminine, father_given)
            emit("person", record, "people")
            if rnd.random() < 0.86:
                near = cell if rnd.random() < 0.8 else cells[rnd.randrange(len(cells))]
                emit("membership", _membership(rnd, n, org, near[0]), "memberships")
            members.append(n)
        if parents == 2:
            family.extend((members[0], members[1], 1))
        children = members[parents:]
        for child in children:
            for parent in members[:parents]:
                family.extend((parent, child, 0))
        for i, a in enumerate(children):
            for b in children[i + 1 :]:
                family.extend((a, b, 2))


def _person(
    rnd: random.Random,
    n: int,
    male: bool,
    position: int,
    parents: int,
    masculine: str,
    feminine: str,
    father_given: str,
) -> dict[str, Any]:
    names: list[dict[str, str]] = []
    is_child = position >= parents
    if male:
        given = father_given if position == 0 else _MALE[rnd.randrange(len(_MALE))]
        father = father_given if is_child else _MALE[rnd.randrange(len(_MALE))]
        patronymic = _FATHERS[father][0]
        surname = masculine
        born = _date(rnd, 1890, 1905) if is_child else _date(rnd, 1855, 1889)
    else:
        given = _FEMALE[rnd.randrange(len(_FEMALE))]
        father = father_given if is_child else _MALE[rnd.randrange(len(_MALE))]
        patronymic = _FATHERS[father][1]
        surname = feminine
        born = _date(rnd, 1890, 1905) if is_child else _date(rnd, 1860, 1892)
        if position == 1 and parents == 2:
            maiden = gendered_surnames(_SURNAMES[rnd.randrange(len(_SURNAMES))])[1]
            if maiden != surname:
                names.append({"kind": "maiden", "value": maiden})
                if rnd.random() < 0.08:
                    surname = f"{maiden}-{feminine}"
    known_as = ""
    if rnd.random() < 0.012:
        known_as = _PSEUDONYMS[rnd.randrange(len(_PSEUDONYMS))]
    if rnd.random() < 0.03:
        variant = _variant(surname)
        if variant and variant != surname:
            names.append({"kind": "variant", "value": variant})
    record: dict[str, Any] = {
        "id": f"P{n}",
        "given_name": given,
        "patronymic": patronymic,
        "surname": surname,
        "known_as": known_as,
        "gender": "male" if male else "female",
        "born_on": born,
        "is_worker": rnd.random() < 0.55,
        "names": names,
    }
    if rnd.random() < 0.03:
        record["deceased"] = True
        record["died_on"] = _date(rnd, 1918, 1921)
    if rnd.random() < 0.04:
        street = _STREETS[rnd.randrange(len(_STREETS))]
        record["contacts"] = [
            {
                "kind": "address",
                "value": f"{street} {rnd.randint(1, 90)}, Flat {rnd.randint(1, 120)}",
                "note": "",
            },
            {"kind": "phone", "value": f"{rnd.randint(10, 99)}–{rnd.randint(10, 99)}", "note": ""},
        ]
    return record


def _membership(rnd: random.Random, n: int, org: str, cell: str) -> dict[str, Any]:
    joined = _date(rnd, 1898, 1921)
    roll = rnd.random()
    end = "member"
    for status, share in _STATUS_ENDS:
        if roll < share:
            end = status
            break
        roll -= share
    history = [{"to_status": "candidate", "effective_on": joined, "reason": "joined"}]
    current = "candidate"
    year = int(joined[:4])
    if end != "candidate":
        if end in ("member", "expelled", "expelled_for_term", "left", "deceased") or (
            rnd.random() < 0.5
        ):
            year = min(year + 1, 1921)
            history.append(
                {
                    "from_status": current,
                    "to_status": "member",
                    "effective_on": f"{year}-{rnd.randint(1, 12):02d}-15",
                    "reason": "admitted as a full member",
                }
            )
            current = "member"
        if end != "member":
            reason = {
                "probation": "transferred to candidates on probation by the verification",
                "expelled": "expelled by the verification commission",
                "expelled_for_term": "expelled for a term by the verification commission",
                "left": "left the party of own accord",
                "deceased": "died",
            }[end]
            history.append(
                {
                    "from_status": current,
                    "to_status": end,
                    "effective_on": f"1921-{rnd.randint(8, 12):02d}-{rnd.randint(1, 28):02d}",
                    "reason": reason,
                }
            )
    record: dict[str, Any] = {
        "person": f"P{n}",
        "organisation": org,
        "unit": cell,
        "joined_on": joined,
        "card_number": f"{n:07d}",
        "status": end,
        "status_since": history[-1]["effective_on"],
        "history": history,
    }
    if end == "probation":
        record["probation_until"] = f"1923-{rnd.randint(1, 12):02d}-01"
    if end == "expelled_for_term":
        record["term_until"] = f"1922-{rnd.randint(1, 12):02d}-01"
    return record


def _commissioners(
    rnd: random.Random,
    people: int,
    cells: list[tuple[str, str, str]],
    emit: Callable[[str, dict[str, Any], str], None],
) -> None:
    commissions = [
        "C-central",
        *sorted({f"C-{g}" for _c, _d, g in cells}),
        *sorted({f"C-{d}" for _c, d, _g in cells}),
    ]
    for commission in commissions:
        chosen = rnd.sample(range(1, people + 1), 3)
        for person, role in zip(chosen, ("chair", "secretary", "member"), strict=True):
            emit(
                "commissioner",
                {
                    "commission": commission,
                    "person": f"P{person}",
                    "role": role,
                    "started_on": "1921-06-01",
                },
                "commissioners",
            )


def _social_ties(rnd: random.Random, people: int, budget: int, out: _Output) -> int:
    """Ties beyond the family: each person names a few others; who is named follows a
    power law, so a few people (the hubs) are named by thousands."""
    if budget <= 0:
        return 0
    # A fixed random order of people decides who the hubs are.
    rank = list(range(1, people + 1))
    rnd.shuffle(rank)
    random_ = rnd.random
    # Each person is a source once, with a share of the budget drawn from an exponential
    # distribution and scaled so the shares add up; a second pass could repeat a tie.
    shares = array("d", (-math.log(1.0 - random_()) for _ in range(people)))
    scale = budget / sum(shares)
    written = 0
    carry = 0.0
    for source in range(1, people + 1):
        carry += shares[source - 1] * scale
        degree = min(int(carry), people - 1)
        carry -= degree
        if source == people:
            degree = min(budget - written, people - 1)
        chosen: set[tuple[int, str]] = set()
        attempts = 0
        while len(chosen) < degree and attempts < degree * 10:
            attempts += 1
            target = rank[int(people * random_() ** 2.6)]
            if target == source:
                continue
            if random_() < 0.45:
                kind = _SOCIAL_SYMMETRIC[int(random_() * 3)]
                # Symmetric ties are written by the lower number only, so A–B never
                # appears again as B–A.
                if target < source:
                    kind = _SOCIAL_DIRECTED[int(random_() * 7)]
            else:
                kind = _SOCIAL_DIRECTED[int(random_() * 7)]
            chosen.add((target, kind))
        for target, kind in sorted(chosen):
            out.tie(f"P{source}", f"P{target}", kind, 1 + int(random_() * 4))
        written += len(chosen)
    return written
