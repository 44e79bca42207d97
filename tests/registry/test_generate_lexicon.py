"""The generator's names and places: data files shipped with the package, read once."""

from __future__ import annotations

from importlib import resources

import pytest

from commission.registry.generate import lexicon as lexicon_module
from commission.registry.generate.lexicon import lexicon


def test_the_lists_are_read_from_the_data_files_in_their_order():
    words = lexicon()
    assert len(words.fathers) == 54
    assert words.fathers["Aleksandr"] == ("Aleksandrovich", "Aleksandrovna")
    assert words.fathers["Ilya"] == ("Ilyich", "Ilyinichna")
    assert words.male[:3] == ("Aleksandr", "Aleksei", "Anatoly")
    assert words.male == tuple(words.fathers)
    assert (len(words.female), words.female[0], words.female[-1]) == (45, "Aleksandra", "Inessa")
    assert (len(words.surnames), words.surnames[0], words.surnames[-1]) == (251, "Ivanov", "Frunze")
    # Listed twice, so drawn twice as often.
    assert words.surnames.count("Preobrazhensky") == 2
    assert (len(words.pseudonyms), words.pseudonyms[11]) == (24, "Tovarishch Andrei")
    gubernias = words.gubernias
    assert (len(gubernias), gubernias[0], gubernias[-1]) == (50, "Moscow", "Gomel")
    assert words.trades == (
        "Textile Mill", "Railway Depot", "Metal Works", "Printing House", "Tannery", "Mine",
        "Village", "Soviet Office", "Garrison", "Cooperative", "Shipyard", "Sugar Refinery",
    )  # fmt: skip
    assert words.streets == (
        "Tverskaya", "Nikolskaya", "Sadovaya", "Bolshaya Dmitrovka", "Pokrovka", "Arbat",
    )  # fmt: skip


def test_comment_lines_and_blank_lines_are_not_items():
    words = lexicon()
    for items in (words.female, words.surnames, words.pseudonyms, words.gubernias, words.trades):
        assert all(item and item == item.strip() and not item.startswith("#") for item in items)


def test_the_lists_are_read_once_and_cannot_be_changed():
    assert lexicon() is lexicon()
    with pytest.raises(TypeError):
        lexicon().fathers["Aleksandr"] = ("X", "Y")
    assert lexicon().fathers["Aleksandr"] == ("Aleksandrovich", "Aleksandrovna")


def test_the_data_files_are_package_resources():
    data = resources.files("commission.registry.generate") / "data"
    names = sorted(entry.name for entry in data.iterdir() if entry.is_file())
    assert names == [
        "fathers.json", "female_given_names.txt", "gubernias.txt", "pseudonyms.txt",
        "streets.txt", "surnames.txt", "trades.txt",
    ]  # fmt: skip


def test_the_lists_are_also_module_constants():
    from commission.registry.generate.lexicon import FATHERS, SURNAMES, TRADES

    assert FATHERS is lexicon().fathers
    assert SURNAMES is lexicon().surnames
    assert TRADES is lexicon().trades
    with pytest.raises(AttributeError, match="has no attribute 'NICKNAMES'"):
        _ = lexicon_module.NICKNAMES
