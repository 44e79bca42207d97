"""Name forms and folded keys: registry.names."""

from __future__ import annotations

import random

import pytest

from commission.registry import names

# Property checks run over a fixed sample: the seed names of the model case in several
# spellings, and random strings built from the letters that make folding hard (glides, doubled
# letters, endings, German and Cyrillic spellings). Seeded, so a failure repeats.
_SEED_NAMES = [
    "Nadezhda Sergeyevna Alliluyeva", "Allilueva", "Yevgenia Popova (Kasparova)",
    "Kasparova-Popova", "Slava Kasparov", "Vladimir Ilyich", "Lenin", "Ленин", "Sinowjew",
    "Zinovyev", "Iljitsch", "Zalutskaja", "Lepeshinskaya", "Kornbljumm", "Solts", "Safarov",
    "Ivanovva", "Kasparowa", "Chruschtschow", "Аллилуева", "Ёлкина", "x", "Yy", "iia", "",
]  # fmt: skip
_PIECES = [
    "a", "e", "i", "o", "u", "y", "j", "w", "v", "s", "z", "sch", "tsch", "kh", "zh", "x", "ph",
    "ova", "eva", "ina", "skaya", "skij", "ski", "ll", "nn", "-", "'s", " ", "ё", "ь", "й", "я",
    "ю", "щ", "ов", "ева", "ская", "é", "1",
]  # fmt: skip


def _sample_texts(count: int = 400) -> list[str]:
    rng = random.Random(1921)
    made = ["".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 8))) for _ in range(count)]
    return _SEED_NAMES + made


class TestWords:
    def test_possessive_loses_its_s(self):
        assert names.words("Kasparov's sister") == ["Kasparov", "sister"]

    def test_typographic_apostrophe_possessive(self):
        assert names.words("Kasparov’s brother") == ["Kasparov", "brother"]

    def test_double_surname_splits_at_the_hyphen(self):
        assert names.words("Yevgenia Kasparova-Popova") == ["Yevgenia", "Kasparova", "Popova"]

    def test_apostrophe_inside_a_name_is_dropped(self):
        assert names.words("Sol'ts") == ["Solts"]

    def test_initials_and_punctuation(self):
        assert names.words("N. S. Alliluyeva") == ["N", "S", "Alliluyeva"]
        assert names.words("N.S.Alliluyeva") == ["N", "S", "Alliluyeva"]

    def test_digits_are_not_words(self):
        assert names.words("Flat 63, 3 House of Soviets") == ["Flat", "House", "of", "Soviets"]

    def test_cyrillic(self):
        assert names.words("Надежда Сергеевна Аллилуева") == ["Надежда", "Сергеевна", "Аллилуева"]

    def test_empty(self):
        assert names.words("") == []
        assert names.words(" - , ") == []


class TestFold:
    @pytest.mark.parametrize(
        "spellings",
        [
            ("Yevgenia", "Evgenia", "Evgeniya", "Евгения"),
            ("Alliluyeva", "Allilueva", "Аллилуева"),
            ("Zinoviev", "Zinovyev", "Зиновьев"),
            ("Sergeyevna", "Sergeevna", "Сергеевна"),
            ("Ilyich", "Iljitsch", "Ilich", "Ильич"),
            ("Kornblyum", "Kornbljumm"),
            ("Natalya", "Natalia", "Nataliya"),
            ("Tatyana", "Tatiana", "Tatjana"),
        ],
    )
    def test_transliterations_fold_to_one_key(self, spellings):
        keys = {names.fold(s) for s in spellings}
        assert len(keys) == 1, keys

    def test_exact_keys(self):
        assert names.fold("Yevgenia") == "evgena"
        assert names.fold("Alliluyeva") == "aliluev"
        assert names.fold("Zinoviev") == "zinovev"
        assert names.fold("Sergeyevna") == "sergevna"
        assert names.fold("Ilyich") == "ilich"
        assert names.fold("Kasparova-Popova") == "kasparov popov"
        assert names.fold("Nadezhda Sergeyevna Alliluyeva") == "nadezda sergevna aliluev"

    @pytest.mark.parametrize(
        ("masculine", "feminine"),
        [
            ("Ivanov", "Ivanova"),
            ("Kasparov", "Kasparova"),
            ("Alliluyev", "Alliluyeva"),
            ("Zinoviev", "Zinovieva"),
            ("Solovyov", "Solovyova"),
            ("Lenin", "Lenina"),
            ("Pushkin", "Pushkina"),
            ("Zalutsky", "Zalutskaya"),
            ("Zalutskiy", "Zalutskaja"),
            ("Dostoevsky", "Dostoevskaya"),
            ("Lepeshinsky", "Lepeshinskaya"),
            ("Ленин", "Ленина"),
            ("Касперов", "Касперова"),
        ],
    )
    def test_gender_forms_fold_equal(self, masculine, feminine):
        assert names.fold(masculine) == names.fold(feminine)

    def test_german_spelling_with_a_feminine_ending(self):
        # "-owa" is "-ova" once "w" is read as "v".
        assert names.fold("Kasparowa") == names.fold("Kasparova") == "kasparov"

    @pytest.mark.parametrize(
        ("one", "other"),
        [
            ("Ivanov", "Ivashov"),
            ("Ivanova", "Ivashova"),
            ("Popov", "Popovich"),
            ("Kasparov", "Kasparyan"),
            ("Zinoviev", "Zinin"),
            ("Lenin", "Lenski"),
            ("Nadezhda", "Natalya"),
            ("Yevgenia", "Yevgeny"),
            ("Sergeyevna", "Sergeyevich"),
            ("Stalin", "Safarov"),
        ],
    )
    def test_different_names_do_not_collide(self, one, other):
        assert names.fold(one) != names.fold(other)

    def test_short_words_keep_their_ending(self):
        # "-ina" on a three-letter word is the word, not a feminine ending.
        assert names.fold("Ina") == "ina"
        assert names.fold("Eva") == "eva"
        assert names.fold("Nina") == "nina"

    def test_case_and_accents_do_not_matter(self):
        assert names.fold("KASPAROVA") == names.fold("kasparova") == "kasparov"
        assert names.fold("Zinóviev") == "zinovev"
        assert names.fold("Алилуёва") == "aliluev"

    def test_empty_and_non_letters(self):
        assert names.fold("") == ""
        assert names.fold("  -, 1921 ") == ""

    def test_fold_is_idempotent(self):
        # A stored key looked up again must stay the same key.
        not_stable = {
            t: names.fold(t) for t in _sample_texts() if names.fold(names.fold(t)) != names.fold(t)
        }
        assert not_stable == {}

    def test_fold_gives_lower_case_latin_words(self):
        for text in _sample_texts():
            key = names.fold(text)
            assert key == key.strip(), text
            assert all(ch in "abcdefghijklmnopqrstuvwxyz " for ch in key), text
            assert "  " not in key, text


class TestSkeleton:
    def test_german_spelling_meets_english_on_the_skeleton(self):
        # German writes both "с" and "з" as "s", so only the coarse key can match them.
        assert names.fold("Sinowjew") != names.fold("Zinoviev")
        assert names.skeleton("Sinowjew") == names.skeleton("Zinoviev") == "snff"
        assert names.skeleton("Zinovyev") == "snff"

    def test_exact_skeletons(self):
        assert names.skeleton("Alliluyeva") == "allf"
        assert names.skeleton("Kasparova-Popova") == "ksprf ppf"
        assert names.skeleton("Kasparof") == names.skeleton("Kasparov") == "ksprf"
        assert names.skeleton("") == ""

    def test_skeleton_still_tells_different_names_apart(self):
        assert names.skeleton("Ivanov") != names.skeleton("Ivashov")
        assert names.skeleton("Lenin") != names.skeleton("Stalin")

    def test_same_fold_means_same_skeleton(self):
        for text in _sample_texts():
            assert names.skeleton(text) == names.skeleton(names.fold(text)), text


class TestGenderedSurnames:
    @pytest.mark.parametrize(
        ("surname", "forms"),
        [
            ("Kasparov", ("Kasparov", "Kasparova")),
            ("Kasparova", ("Kasparov", "Kasparova")),
            ("Alliluyeva", ("Alliluyev", "Alliluyeva")),
            ("Zinoviev", ("Zinoviev", "Zinovieva")),
            ("Solovyova", ("Solovyov", "Solovyova")),
            ("Lenin", ("Lenin", "Lenina")),
            ("Pushkina", ("Pushkin", "Pushkina")),
            ("Zalutsky", ("Zalutsky", "Zalutskaya")),
            ("Zalutskaya", ("Zalutsky", "Zalutskaya")),
            ("Zalutskiy", ("Zalutskiy", "Zalutskaya")),
            ("Kasparova-Popova", ("Kasparov-Popov", "Kasparova-Popova")),
            ("Kasparov-Popov", ("Kasparov-Popov", "Kasparova-Popova")),
            ("KASPAROVA", ("KASPAROV", "KASPAROVA")),
            ("Ленина", ("Ленин", "Ленина")),
            ("Зиновьев", ("Зиновьев", "Зиновьева")),
            ("Луначарский", ("Луначарский", "Луначарская")),
        ],
    )
    def test_forms(self, surname, forms):
        assert names.gendered_surnames(surname) == forms

    @pytest.mark.parametrize("surname", ["Solts", "Kornblyum", "Ov", "Eva", ""])
    def test_no_gender_pattern_gives_the_surname_twice(self, surname):
        assert names.gendered_surnames(surname) == (surname, surname)


class TestInitials:
    def test_latin(self):
        assert names.initials("N. S. Alliluyeva") == ["n", "s"]

    def test_cyrillic(self):
        assert names.initials("Н. С. Аллилуева") == ["n", "s"]

    def test_spelled_as_the_folded_name_starts(self):
        # Юрий folds to "uri", Яков to "akov": the initial must say the same.
        assert names.initials("Ю. Я. Ж.") == ["u", "a", "z"]

    def test_glide_initial(self):
        assert names.initials("Y. Popova") == ["y"]
        assert names.initials("J. Popova") == ["y"]

    def test_none(self):
        assert names.initials("Nadezhda Alliluyeva") == []

    def test_a_name_cut_to_two_or_three_letters_is_an_initial(self):
        assert names.initials("Ye. S. Rakitina") == ["e", "s"]
        assert names.initials("I. Ya. Gromov") == ["i", "a"]
        assert names.initials("Ив. Кропачев") == ["i"]
        assert names.initials("Dr. Ashworth") == []  # a title, not a name cut short


class TestGivenNameKeys:
    def test_diminutive_stands_for_its_full_names(self):
        keys = names.given_name_keys("Slava")
        assert keys[0] == "slava"
        assert names.fold("Vyacheslav") in keys
        assert names.fold("Stanislav") in keys
        assert len(keys) == 1 + len(names.DIMINUTIVES["Slava"])

    def test_diminutive_in_any_spelling(self):
        assert names.given_name_keys("Nadia") == ("nada", names.fold("Nadezhda"))
        assert names.given_name_keys("Надя") == ("nada", "nadezda")
        assert names.given_name_keys("Zhenya") == ("zena", "evgen", "evgena")

    def test_full_name_is_only_itself(self):
        assert names.given_name_keys("Vyacheslav") == (names.fold("Vyacheslav"),)

    def test_a_folded_key_gives_the_same_answer(self):
        # find_people passes keys it has already folded.
        assert names.given_name_keys(names.fold("Slava")) == names.given_name_keys("Slava")


def test_full_name_skips_missing_parts():
    assert names.full_name("Nadezhda", "Sergeyevna", "Alliluyeva") == (
        "Nadezhda Sergeyevna Alliluyeva"
    )
    assert names.full_name("", "", "Kasparova-Popova") == "Kasparova-Popova"
    assert names.full_name("", "", "") == ""


def test_the_letters_of_the_old_spelling_fold_as_todays():
    assert names.fold("Ѳедоровъ") == names.fold("Федоров")
    assert names.fold("Марія") == names.fold("Мария")
    assert names.fold("Сѵмеонъ") == names.fold("Симеон")
    assert names.fold("Аркадій") == names.fold("Аркадий") == names.fold("Arkady")
    assert names.fold("ГЕОРГІЙ") == names.fold("Георгий")
