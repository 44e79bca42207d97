"""Stance and basis of knowledge: words of praise or blame that are the author's own (not a
charge quoted or reported), a request that speaks for the subject, and how the author knows."""

from __future__ import annotations

import pytest

from commission.intake.reading.rules.stance import _negated
from tests.intake.rules.letters import framed, values


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        ("I have known Comrade Lapina since 1917. She is an honest and devoted worker.", "for"),
        ("Comrade Lapin was rightly expelled, he is a drunkard.", "against"),
        # The charge is someone else's; the request to reinstate is the author's.
        (
            "Comrade Lapin was expelled on the charge of drunkenness. I ask you to reinstate him.",
            "for",
        ),
        # Quoted words are the charge answered, not the author's judgment.
        ("Comrade Lapin was expelled as “an alien element”.", "neutral"),
    ],
)
def test_the_authors_stance(sentence, stance):
    assert values(framed(sentence), "stance") == [stance]


@pytest.mark.parametrize(
    ("sentence", "basis"),
    [
        ("I have known Comrade Lapina since 1917.", ["knows_personally"]),
        ("Comrade Lapina worked under my supervision in the Tver cell.", ["observation_of_work"]),
        (
            "I do not know her personally, but I have heard that Comrade Lapina was expelled.",
            ["not_known_personally", "hearsay"],
        ),
        # A witness's knowledge is not the author's.
        (
            "Comrade Lapina was expelled. Comrade Petrova, who knows her work, can tell you more.",
            [],
        ),
    ],
)
def test_how_the_author_knows_the_subject(sentence, basis):
    assert values(framed(sentence), "basis") == basis


def test_a_word_of_praise_after_not_is_negated():
    assert _negated("he is not honest", len("he is not ")) is True
    assert _negated("he is honest", len("he is ")) is False


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        ("Comrade Lapin has been expelled as a former officer. That is wrong.", "for"),
        ("Comrade Lapin was expelled. He never spared himself at the front.", "for"),
        ("Comrade Lapin was expelled. He did his duty through the typhus winter.", "for"),
        (
            "Comrade Lapina was expelled. She has lived by her own work since she was sixteen.",
            "for",
        ),
        ("Comrade Lapin was expelled. He fought at Kronstadt and I trust him.", "for"),
        ("Comrade Lapin was expelled for drinking. Please leave him in the Party.", "for"),
        ("Comrade Lapin should not remain in the Party: he looted a village.", "against"),
        ("Comrade Lapin, the storekeeper, sells flour on the side.", "against"),
        # the complaints are others' word; not knowing him is no word against him
        ("I have had complaints that Comrade Lapin, of the Food Committee, is rude.", "neutral"),
        ("I know Comrade Lapin only by reputation and cannot vouch for him myself.", "neutral"),
        # a charge in quotation marks with a request of the author's own is disputed
        ("Comrade Lapin was expelled for “religious prejudices”. Please hear him.", "for"),
        # a request on a condition says nothing of the author's stance
        ("I am told Comrade Lapin was purged. If so, the decision should be reviewed.", "neutral"),
    ],
)
def test_the_stance_as_writers_of_the_genre_give_it(sentence, stance):
    assert values(framed(sentence), "stance") == [stance]


@pytest.mark.parametrize(
    ("sentence", "basis"),
    [
        ("I served under Comrade Lapin on the Eastern Front.", ["observation_of_work"]),
        ("Comrade Lapin is known to me by his work in a food detachment.", ["observation_of_work"]),
        ("Comrade Lapin was expelled. I was his commissar at Pulkovo.", ["observation_of_work"]),
        ("Comrade Lapin was expelled. I knew him in exile in Narym.", ["knows_personally"]),
        ("I have known Comrade Yeremei Lukich Lapin since 1905.", ["knows_personally"]),
        ("We were in the Butyrki prison together with Comrade Lapin.", ["knows_personally"]),
        (
            "I know Comrade Lapin only by reputation.",
            ["not_known_personally", "hearsay"],
        ),
        ("Comrade Lapin was expelled. I do not know him myself.", ["not_known_personally"]),
        ("I know nothing of Lapina herself.", ["not_known_personally"]),
        ("Comrade Lapin sells flour; all the workers of the bakery say so.", ["hearsay"]),
        ("People in the district speak well of Comrade Lapin.", ["hearsay"]),
        ("I have had several complaints about Comrade Lapin.", ["hearsay"]),
        ("I have learned that Comrade Lapin was expelled.", ["hearsay"]),
    ],
)
def test_how_writers_of_the_genre_say_they_know_someone(sentence, basis):
    assert values(framed(sentence), "basis") == basis
