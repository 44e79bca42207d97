"""Russian names in any case brought to the nominative: registry.cyrillic."""

from __future__ import annotations

import pytest

from commission.registry import cyrillic, names


class TestReadName:
    @pytest.mark.parametrize(
        ("written", "nominative", "gender"),
        [
            ("Каспаровой-Поповой", "Каспарова-Попова", "female"),  # double surname, genitive
            ("Смирновой", "Смирнова", "female"),
            ("Ивана Петровича Сидорова", "Иван Петрович Сидоров", "male"),
            ("Надежды Сергеевны Аллилуевой", "Надежда Сергеевна Аллилуева", "female"),
            ("Лепешинской", "Лепешинская", "female"),  # -ская
            ("Ярославскому", "Ярославский", "male"),  # -ский, dative
            ("Сольцу", "Сольц", "male"),  # a consonant ending declines like a noun
            ("Корнблюму", "Корнблюм", "male"),
            ("Енукидзе", "Енукидзе", "male"),  # does not decline
            ("Анне Петровне", "Анна Петровна", "female"),
            ("Владимира Ильича", "Владимир Ильич", "male"),
            ("И. Дроздов", "И. Дроздов", "male"),  # initials kept
            ("Славы Каспарова", "Слава Каспаров", "male"),
            ("Бережного Степана Лукича", "Бережной Степан Лукич", "male"),  # declines as -ой
            ("Бережному", "Бережной", "male"),
            ("Лапшиной", "Лапшина", "female"),  # -ина's genitive, not a surname in -иной
        ],
    )
    def test_nominative_and_gender(self, written, nominative, gender):
        reading = cyrillic.read_name(written)
        assert (reading.text, reading.gender) == (nominative, gender)

    def test_parts(self):
        reading = cyrillic.read_name("Петровой Анны Ивановны")
        assert (reading.given, reading.patronymic, reading.surname) == (
            "Анна",
            "Ивановна",
            "Петрова",
        )
        assert reading.case == "gent"

    def test_the_case_the_context_asks_for_decides_an_ambiguous_form(self):
        # "Петрову": a man's dative ("товарищу Петрову") or a woman's accusative.
        assert cyrillic.read_name("Петрову", case="datv").text == "Петров"
        assert cyrillic.read_name("Петрову", case="accs").text == "Петрова"

    def test_instrumental_given_name_with_gender_from_context(self):
        assert cyrillic.read_name("Верой", case="ablt", gender="female").text == "Вера"

    def test_latin_is_returned_unchanged(self):
        assert cyrillic.nominative("Kasparova") == "Kasparova"

    def test_words_around_a_name_are_dropped(self):
        assert cyrillic.nominative("с её сестрой Верой") == "Вера"
        assert cyrillic.nominative("тов. Смирновой") == "Смирнова"


class TestFoldOfCyrillic:
    @pytest.mark.parametrize(
        ("cyrillic_name", "latin_name"),
        [
            ("Георгий", "Georgy"),
            ("Григорий", "Grigory"),
            ("Залуцкий", "Zalutsky"),
            ("Евгения", "Yevgenia"),
            ("Каспарова-Попова", "Kasparova-Popova"),
            ("Вячеслав", "Vyacheslav"),
        ],
    )
    def test_same_key_as_the_english_spelling(self, cyrillic_name, latin_name):
        assert names.fold(cyrillic_name) == names.fold(latin_name)


class TestKeysFoldedAgain:
    def test_migration_refolds_cyrillic_final_iy_and_leaves_latin_keys(self, db):
        import importlib

        from django.apps import apps

        from commission.registry.models import Person, PersonName
        from tests.factories import PersonFactory

        migration = importlib.import_module(
            "commission.registry.migrations.0008_cyrillic_final_y_keys"
        )
        georgy = PersonFactory(given_name="Георгий", patronymic="", surname="Сафаров")
        latin = PersonFactory(given_name="Georgi", patronymic="", surname="Safarov")
        name = PersonName.objects.create(
            person=georgy, kind="variant", value="Григорий", key="grigori", skeleton="x"
        )
        # Keys as the fold wrote them before it read "-ий" as "-y".
        Person.objects.filter(pk=georgy.pk).update(given_key="georgi")
        migration.refold(apps, None)
        georgy.refresh_from_db()
        latin.refresh_from_db()
        name.refresh_from_db()
        assert (georgy.given_key, latin.given_key, name.key) == ("georg", "georgi", "grigor")

    def test_migration_refolds_names_written_with_fita(self, db):
        import importlib

        from django.apps import apps

        from commission.registry.models import Person
        from tests.factories import PersonFactory

        migration = importlib.import_module("commission.registry.migrations.0014_old_spelling_keys")
        fyodorov = PersonFactory(given_name="Ѳедоръ", patronymic="", surname="Ѳедоровъ")
        modern = PersonFactory(given_name="Фёдор", patronymic="", surname="Федоров")
        # Keys as the fold wrote them before it read fita.
        Person.objects.filter(pk=fyodorov.pk).update(given_key="edor", surname_key="edorov")
        migration.refold(apps, None)
        fyodorov.refresh_from_db()
        modern.refresh_from_db()
        assert fyodorov.surname_key == modern.surname_key
        assert fyodorov.given_key == modern.given_key

    def test_migration_refolds_given_names_ending_in_the_old_spellings_iy(self, db):
        import importlib

        from django.apps import apps

        from commission.registry.models import Person
        from tests.factories import PersonFactory

        migration = importlib.import_module("commission.registry.migrations.0017_old_i_keys")
        arkady = PersonFactory(given_name="Аркадій", patronymic="", surname="Сабуровъ")
        modern = PersonFactory(given_name="Аркадий", patronymic="", surname="Сабуров")
        # The key as the fold wrote it before it read "-ій" as "-ий".
        Person.objects.filter(pk=arkady.pk).update(given_key="arkadi")
        migration.refold(apps, None)
        arkady.refresh_from_db()
        modern.refresh_from_db()
        assert arkady.given_key == modern.given_key == "arkad"


class TestPseudonymInitial:
    def test_an_initial_of_the_pseudonyms_given_name_finds_the_person(self, db):
        from commission.registry.lookup import find_people
        from commission.registry.models import Person
        from commission.registry.services import name_row
        from tests.factories import PersonFactory

        yaroslavsky = PersonFactory(
            given_name="Minei",
            patronymic="Izrailevich",
            surname="Gubelman",
            known_as="Yemelyan Yaroslavsky",
        )
        name_row(yaroslavsky, "pseudonym", "Yaroslavsky").save()
        PersonFactory(given_name="Pavel", patronymic="", surname="Yaroslavsky")
        before = Person.objects.count()
        assert [m.person for m in find_people("Е. Ярославский")] == [yaroslavsky]
        assert [m.person for m in find_people("М. Ярославский")] == [yaroslavsky]
        assert find_people("Л. Ярославский") == []
        assert Person.objects.count() == before


@pytest.mark.parametrize(
    ("declined", "expected"),
    [
        ("Селиверстовой Марии Саввичны", "Селиверстова Мария Саввична"),
        ("Ивану Ильичу", "Иван Ильич"),
        ("с Анной Петровной", "Анна Петровна"),
        ("Агафьи Семёновны Кузьминой", "Агафья Семёновна Кузьмина"),
    ],
)
def test_a_patronymic_brought_to_the_nominative_by_its_ending(declined, expected):
    assert cyrillic.nominative(declined) == expected
