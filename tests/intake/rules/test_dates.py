"""Dates and times: each written form with the value it gives."""

from __future__ import annotations

import datetime as dt

import pytest

from commission.intake.reading import lexicon as lx
from commission.intake.reading.rules.dates import _STAMP_LINE, parse_date, parse_time
from tests.intake.rules.letters import values

NOTE = "Dear Comrade Ivanov,\nI ask you to look into the case.\n\nA. Sidorov\n{}"


@pytest.mark.parametrize(
    ("written", "date"),
    [
        ("14 April 1920", dt.date(1920, 4, 14)),
        ("3d March 1921", dt.date(1921, 3, 3)),
        ("1921, March 3", dt.date(1921, 3, 3)),
        ("21 February (6 March) 1921", dt.date(1921, 3, 6)),
        ("6 March (21 February) 1921", dt.date(1921, 3, 6)),
        ("April 14, 1920", dt.date(1920, 4, 14)),
        ("14.IV.1920", dt.date(1920, 4, 14)),
        ("14.04.20", dt.date(1920, 4, 14)),
        ("1920-04-14", dt.date(1920, 4, 14)),
        ("31 February 1921", None),  # no such day
    ],
)
def test_a_written_date_gives_its_day(written, date):
    match = lx.DATE.search(written)

    assert match is not None
    assert parse_date(match) == date


@pytest.mark.parametrize(
    ("written", "time"),
    [
        ("11.30 p.m.", "23:30"),
        ("at 3 p.m.", "15:00"),
        ("12 a.m.", "00:00"),
        ("14:05", "14:05"),
        ("25:00", None),  # no such hour
        ("handed in 23.40", "23:40"),  # a telegraph form
        ("Transmitted 27.VIII.1921 at 21.15.", "21:15"),  # a telephone message
        ("at 11.40 p.m.", "23:40"),  # the half of the day still counts
    ],
)
def test_a_written_time_gives_its_hour_and_minute(written, time):
    match = lx.TIME.search(written)

    assert match is not None
    assert parse_time(match) == time


def test_a_day_and_roman_month_take_the_year_of_the_header():
    assert values(NOTE.format("14/IV."), "date", header="Written: 3 March 1920\n") == ["1920-04-14"]


def test_a_december_day_under_a_january_header_is_of_the_year_before():
    assert values(NOTE.format("30/XII."), "date", header="Written: 5 January 1922\n") == [
        "1921-12-30"
    ]


def test_of_a_date_in_both_calendars_the_new_style_one():
    assert values(NOTE.format("28 December 1921 / 10 January 1922"), "date") == ["1922-01-10"]


def test_the_time_beside_the_date_on_its_line():
    assert values(NOTE.format("2 March 1922, 11.30 p.m."), "time") == ["23:30"]


def test_a_month_and_year_alone_give_the_month():
    assert values(NOTE.format("March 1922"), "date") == ["1922-03"]


def test_a_header_with_only_a_month_gives_the_month():
    assert values(NOTE.format(""), "date", header="Written in April 1921\n") == ["1921-04"]


@pytest.mark.parametrize(
    ("line", "date"), [("17/X11-21", "1921-12-17"), ("18.111.1922", "1922-03-18")]
)
def test_a_roman_month_misread_with_ones_in_a_printed_edition(line, date):
    assert values(
        f"Comrade Kamenev:\n\nPlease send this on to the others.\n\n{line}\n\nLenin", "date"
    ) == [date]


def test_a_month_and_its_year_further_on_in_the_header():
    header = "Written: Written in July, not before the 29th, 1921\n"
    text = (
        "Comrade Molotov:\n\nYou have not replied. Such things must be settled speedily.\n\nLenin"
    )
    assert values(text, "date", header=header) == ["1921-07"]


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("FROM NIZHNY NOVGOROD NO 418 31 WORDS HANDED IN 19 DEC 21 AT 14 HRS 10 MIN",
         "1921-12-19"),
        ("HANDED IN MOZYR 23 II 22", "1922-02-23"),
    ],
)  # fmt: skip
def test_a_telegraph_forms_date_with_a_two_figure_year(line, date):
    text = f"MOSCOW CENTRAL COMMISSION SOLTS\n{line}\n\nREVIEW CASE OF ORLOVA STOP\n\nKUPRIYANOV"
    assert values(text, "date") == [date]


def test_a_russian_stamp_in_the_neuter_dates_the_letter_under_it():
    assert _STAMP_LINE.match("Принято 14/III 1922 г.")
    assert _STAMP_LINE.match("Кулебаки. Передано 3.III.22")
