"""Date resolution against the publication date, and figures with their bounds."""

from __future__ import annotations

from datetime import date

import pytest

from checker.dates import DateResolver, clock_gap, clock_times
from checker.numbers import Figure, compatible, find_shares, parse_figure


@pytest.mark.parametrize(
    "text,published,first,last",
    [
        ("on Monday", date(2021, 4, 13), date(2021, 4, 12), date(2021, 4, 12)),
        ("on Monday", date(2021, 4, 12), date(2021, 4, 12), date(2021, 4, 12)),
        ("Sept. 27", date(2020, 10, 5), date(2020, 9, 27), date(2020, 9, 27)),
        ("27 September", date(2021, 1, 3), date(2020, 9, 27), date(2020, 9, 27)),
        ("September 27, 2020", None, date(2020, 9, 27), date(2020, 9, 27)),
        ("early October", date(2021, 4, 12), date(2020, 10, 1), date(2020, 10, 10)),
        ("last year", date(2021, 4, 12), date(2020, 1, 1), date(2020, 12, 31)),
        ("1994", None, date(1994, 1, 1), date(1994, 12, 31)),
        ("yesterday", date(2024, 3, 4), date(2024, 3, 3), date(2024, 3, 3)),
        ("last week", date(2024, 3, 6), date(2024, 2, 26), date(2024, 3, 3)),
        ("last night", date(2030, 5, 13), date(2030, 5, 12), date(2030, 5, 12)),
        ("last Friday", date(2026, 3, 20), date(2026, 3, 13), date(2026, 3, 13)),  # in Friday's paper
        ("on Friday", date(2026, 3, 20), date(2026, 3, 20), date(2026, 3, 20)),
    ],
)
def test_dates_resolve_to_day_ranges(text, published, first, last):
    resolved = DateResolver().resolve(text, published)
    assert resolved is not None and (resolved.first, resolved.last) == (first, last)


@pytest.mark.parametrize("text", ["six weeks", "three months", "decades"])
def test_durations_are_not_dates(text):
    assert DateResolver().resolve(text, date(2020, 10, 6)) is None


def test_relative_dates_need_a_publication_date():
    assert DateResolver().resolve("on Monday", None) is None


@pytest.mark.parametrize(
    "text,before,value,unit,qualifier",
    [
        ("16", "At least ", 16, "", "at_least"),
        ("$2.9 billion", "amounting to ", 2.9e9, "usd", "exact"),
        ("about 4,000", "", 4000, "", "approx"),
        ("more than 20", "", 20, "", "at_least"),
        ("fourteen", "", 14, "", "exact"),
        ("12%", "", 12, "percent", "exact"),
        ("44,000", "Some ", 44000, "", "approx"),
        ("41,000", "just over ", 41000, "", "just_over"),
        ("500", "slightly less than ", 500, "", "just_under"),
    ],
)
def test_figures_parse(text, before, value, unit, qualifier):
    figure = parse_figure(text, before)
    assert figure == Figure(value=value, unit=unit, qualifier=qualifier)


def test_rounded_figures_allow_their_rounding_and_no_more():
    assert compatible(Figure(4000, "", "approx"), Figure(3600, "", "exact"))  # about 4,000: 3,500-4,500
    assert not compatible(Figure(4000, "", "approx"), Figure(3300, "", "exact"))
    assert compatible(Figure(150, "", "approx"), Figure(143, "", "exact"))  # never tighter than the tolerance
    assert compatible(Figure(7, "", "approx"), Figure(8, "", "exact")) and not compatible(Figure(7, "", "approx"), Figure(9, "", "exact"))
    assert compatible(Figure(41000, "", "just_over"), Figure(41300, "", "exact"))
    assert not compatible(Figure(41000, "", "just_over"), Figure(44000, "", "approx"))
    assert not compatible(Figure(2e9, "", "just_under"), Figure(2.5e9, "", "exact"))


@pytest.mark.parametrize(
    "text,low,high",
    [
        ("tens of thousands", 20_000, 99_999),
        ("Hundreds of thousands", 200_000, 999_999),
        ("only a few thousand", 2_000, 9_999),
        ("several hundred", 200, 999),
        ("a couple of hundred", 150, 250),
    ],
)
def test_orders_of_size_parse_as_ranges(text, low, high):
    assert parse_figure(text) == Figure(value=low, unit="", qualifier="range", high=high)


def test_a_range_meets_figures_inside_it_only():
    tens_of_thousands = parse_figure("tens of thousands")
    assert compatible(tens_of_thousands, Figure(30_000, "", "approx"))
    assert not compatible(tens_of_thousands, Figure(3_000, "", "approx"))
    assert not compatible(parse_figure("a few thousand"), Figure(38_000, "", "approx"))


def test_speeds_count_their_unit(extractor):
    from checker.records import Article

    text = "The lorry was doing nearly 100 km/h in a 60 km/h zone, and a witness put it at 70 mph."
    (s,) = extractor.extract_article(Article(id="t", text=text, outlet="T", source="t.txt"))
    assert [(n.value, n.counts) for n in s.numbers] == [(100, "km/h"), (60, "km/h"), (70, "mph")]


def test_bounds_and_rounding_make_figures_compatible():
    assert compatible(Figure(21, "", "exact"), Figure(20, "", "at_least"))
    assert compatible(Figure(412e6, "", "exact"), Figure(410e6, "", "approx"))
    assert not compatible(Figure(14, "", "exact"), Figure(11, "", "exact"))
    assert not compatible(Figure(3200, "", "exact"), Figure(8000, "", "exact"))


@pytest.mark.parametrize(
    "text,minutes,meridiem,approx",
    [
        ("the gate opened at 2.45 p.m. on Saturday", [885], True, False),
        ("kick-off at 3pm, abandoned at 15:34", [900, 934], True, False),
        ("the order came at 2.51, the log shows", [171], False, False),
        ("about 7 a.m.", [420], True, True),
        ("a truce took effect at noon", [720], True, False),
        ("shares fell 2.5 million, or 4.20 per cent, at the close", [], True, False),
    ],
)
def test_clock_times_read_as_minutes_after_midnight(text, minutes, meridiem, approx):
    found = clock_times(text)
    assert [t.minute for t in found] == minutes
    assert all(t.meridiem == meridiem and t.approx == approx for t in found[:1])


def test_a_bare_clock_time_is_compared_the_nearer_way_round():
    assert clock_gap(171, 891, meridiem=False) == 0  # 'at 2.51' and '2.51 p.m.'
    assert clock_gap(171, 891) == 720


@pytest.mark.parametrize("text, shares", [
    ("Fewer than one in ten of the buses delivered have been affected.", [(10.0, "at_most")]),
    ("Nineteen of the 64 buses delivered so far were withdrawn.", [(29.7, "exact")]),
    ("Three out of four patients were sent home.", [(66.7, "range")]),  # 3/4.5 to 3/3.5: a rounded ratio
    ("Three people were killed in 10 days of fighting.", []),  # a count and a span of time, no share
    ("Ten of the buses were withdrawn.", []),  # no whole given
])
def test_shares_read_as_percentages(text, shares):
    assert [(s.percent, s.qualifier) for s in find_shares(text)] == shares
