"""Synthetic letters at the scale of the model case, for benchmarks and trials of search.

Each letter is a short note of the kind a verification commission received: who writes, to
whom, about which comrade, what they know of her or his work, family and past, and what they
ask. Names come from the same lists as the generated registry, so a search for a surname finds
letters as it finds people. Words follow a heavy-tailed distribution, as in real prose: a few
("comrade", "party") are in almost every letter, most are rare. The same seed and count always
give the same file, written as JSON Lines for `commission load-letters`.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from commission.core.errors import InvalidInput
from commission.registry.generate.lexicon import FATHERS as _FATHERS
from commission.registry.generate.lexicon import FEMALE_GIVEN_NAMES as _FEMALE
from commission.registry.generate.lexicon import GUBERNIAS as _GUBERNIAS
from commission.registry.generate.lexicon import SURNAMES as _SURNAMES
from commission.registry.generate.lexicon import TRADES as _TRADES
from commission.registry.names import gendered_surnames

_OPENINGS = [
    "Dear comrades,",
    "To the verification commission.",
    "Comrades!",
    "To the control commission of the {gubernia} gubernia committee.",
    "Respected comrades of the commission,",
    "To the secretary of the district committee.",
]
_KNOWING = [
    "I have known {subject} since {year}, when we worked together at the {trade} in {town}.",
    "{subject} was a member of our cell in {town} from {year}; I observed her work closely.",
    "I knew {subject} abroad in {year}, and later in {town}, where she ran the reading circle.",
    "{subject} joined the party in {year} and worked underground in {town} for three years.",
    "Comrade {subject} was sent to {town} in {year} to organise the {trade} workers.",
    "I met {subject} only twice, in {year} at the gubernia conference and later in {town}.",
    "Her brother {relative} and I were in exile together in {year}; through him I know her.",
    "His wife {relative} sheltered our comrades in {town} during {year}, at great risk.",
]
_JUDGING = [
    "She is an honest and devoted worker, never afraid of hard or dull tasks.",
    "He drinks, neglects meetings and has been seen trading on the market.",
    "I consider the expulsion a mistake: the charge of passivity rests on one meeting.",
    "The accusation of careerism is unfounded; she refused every post she was offered.",
    "He hid his origins from the commission, his father owned a mill near {town}.",
    "She took part in the strike at the {trade} and was arrested for it in {year}.",
    "The comrades of the {trade} speak well of him and asked that he be retained.",
    "I cannot vouch for her recent work, as I have not seen it since {year}.",
    "The district commission did not hear the witnesses she named.",
    "His abuse of office as chairman of the soviet in {town} is known to many.",
]
_ASKING = [
    "I ask the commission to reconsider the case and to hear comrade {witness}.",
    "Please find out who else knows her work well; comrade {witness} can say more.",
    "I request that she be reinstated as a member of the party.",
    "I ask that the decision be sent to the gubernia commission on appeal.",
    "If necessary, I am ready to answer any questions in person.",
    "Ask comrade {witness}, who worked with him in {town} in {year}.",
    "The matter is urgent: the appeal window closes within the month.",
]
_CLOSINGS = [
    "With communist greetings,",
    "Yours,",
    "With comradely greetings,",
    "Respectfully,",
]
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@dataclass
class GeneratedLetters:
    letters: int
    destination: Path

    def summary(self) -> str:
        return f"Wrote {self.letters:,} letters to {self.destination}."


def generate_letters(
    *,
    destination: Path,
    count: int,
    seed: int = 1921,
    progress: Callable[[int], None] | None = None,
) -> GeneratedLetters:
    """Write `count` synthetic letters to `destination` as JSON Lines.

    `progress` is called with the number of letters written since its last call.
    Errors: InvalidInput for a negative count.
    """
    if count < 0:
        raise InvalidInput(_("The number of letters cannot be negative."))
    destination = Path(destination)
    rnd = random.Random(seed)
    fathers = list(_FATHERS)
    first_day = dt.date(1917, 1, 1).toordinal()
    last_day = dt.date(1922, 12, 31).toordinal()
    destination.parent.mkdir(parents=True, exist_ok=True)
    with destination.open("w", encoding="utf-8") as out:
        for number in range(count):
            written = dt.date.fromordinal(rnd.randint(first_day, last_day))

            def person(female: bool) -> str:
                father = rnd.choice(fathers)
                surname = gendered_surnames(rnd.choice(_SURNAMES))[1 if female else 0]
                given = rnd.choice(_FEMALE) if female else rnd.choice(fathers)
                return f"{given} {_FATHERS[father][1 if female else 0]} {surname}"

            subject = person(rnd.random() < 0.4)
            author = person(rnd.random() < 0.2)

            def fill(template: str, subject: str = subject) -> str:
                return template.format(
                    subject=subject,
                    relative=person(rnd.random() < 0.5),
                    witness=person(rnd.random() < 0.3).split(" ")[-1],
                    town=rnd.choice(_GUBERNIAS),
                    gubernia=rnd.choice(_GUBERNIAS),
                    trade=rnd.choice(_TRADES),
                    year=rnd.randint(1898, 1921),
                )

            paragraphs = [fill(rnd.choice(_OPENINGS))]
            body = [fill(rnd.choice(_KNOWING))]
            body += [fill(t) for t in rnd.sample(_JUDGING, rnd.randint(1, 4))]
            body += [fill(t) for t in rnd.sample(_ASKING, rnd.randint(1, 2))]
            paragraphs.append(" ".join(body))
            paragraphs.append(f"{rnd.choice(_CLOSINGS)}\n{author}")
            date_text = f"{written.day} {_MONTHS[written.month - 1]} {written.year}"
            record = {
                "id": f"L{number}",
                "title": f"Letter from {author} about {subject}, {date_text}",
                "written_on": written.isoformat(),
                "date_text": date_text,
                "text": "\n\n".join(paragraphs),
                "source_name": "Generated letters",
            }
            out.write(json.dumps(record, ensure_ascii=False))
            out.write("\n")
            if progress is not None and number % 10_000 == 9_999:
                progress(10_000)
    if progress is not None and count % 10_000:
        progress(count % 10_000)
    return GeneratedLetters(letters=count, destination=destination)
