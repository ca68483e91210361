"""Times stage: TIMEX3 normalization (our own sentences, published Friday 2024-03-15)."""

from __future__ import annotations

from datetime import date

import pytest

from newsgraph.timex import FUTURE, PAST, calendar_range, normalize, scan, year_value

FRIDAY = date(2024, 3, 15)


# --- the normalizer on its own ------------------------------------------------------------

@pytest.mark.parametrize("expression, tense, type_, value", [
    # explicit dates in the usual news formats
    ("March 3, 2024", None, "DATE", "2024-03-03"),
    ("3 March 2024", None, "DATE", "2024-03-03"),
    ("2024-03-03", None, "DATE", "2024-03-03"),
    ("Sept. 30, 2023", None, "DATE", "2023-09-30"),
    ("March 2024", None, "DATE", "2024-03"),
    ("2011", None, "DATE", "2011"),
    ("the 1990s", None, "DATE", "199"),
    ("nineteen ninety-six", None, "DATE", "1996"),
    # month names and month-days without a year: the nearest, bent by tense
    ("Sept. 30", None, "DATE", "2023-09-30"),
    ("April 2", None, "DATE", "2024-04-02"),
    ("May", FUTURE, "DATE", "2024-05"),
    ("February", FUTURE, "DATE", "2025-02"),
    ("November", PAST, "DATE", "2023-11"),
    ("March last year", None, "DATE", "2023-03"),
    ("last April", None, "DATE", "2023-04"),
    ("mid-November", PAST, "DATE", "2023-11"),
    # weekdays: past → on or before the reference day, future → on or after it
    ("Tuesday", PAST, "DATE", "2024-03-12"),
    ("Tuesday", FUTURE, "DATE", "2024-03-19"),
    ("Friday", PAST, "DATE", "2024-03-15"),
    ("last Wednesday", None, "DATE", "2024-03-13"),
    ("last Friday", None, "DATE", "2024-03-08"),
    ("next Monday", None, "DATE", "2024-03-18"),
    ("Tuesday morning", PAST, "TIME", "2024-03-12TMO"),
    ("5 p.m. Tuesday", PAST, "TIME", "2024-03-12T17:00"),
    # deictic days and the weeks, months, years around the reference date
    ("yesterday", None, "DATE", "2024-03-14"),
    ("today", None, "DATE", "2024-03-15"),
    ("tomorrow", None, "DATE", "2024-03-16"),
    ("last night", None, "TIME", "2024-03-14TNI"),
    ("last week", None, "DATE", "2024-W10"),
    ("this week", None, "DATE", "2024-W11"),
    ("next month", None, "DATE", "2024-04"),
    ("earlier this month", None, "DATE", "2024-03"),
    ("last year", None, "DATE", "2023"),
    ("two weeks ago", None, "DATE", "2024-W09"),
    ("three days ago", None, "DATE", "2024-03-12"),
    ("a year ago", None, "DATE", "2023"),
    ("the weekend", PAST, "DATE", "2024-W10-WE"),
    # quarters, halves, seasons
    ("the first quarter", None, "DATE", "2024-Q1"),
    ("third-quarter", PAST, "DATE", "2023-Q3"),
    ("the fourth quarter of 2022", None, "DATE", "2022-Q4"),
    ("the first half of 2021", None, "DATE", "2021-H1"),
    ("last summer", None, "DATE", "2023-SU"),
    ("next summer", None, "DATE", "2024-SU"),
    ("the winter of 1994", None, "DATE", "1994-WI"),
    # durations
    ("the past year", None, "DURATION", "P1Y"),
    ("three years", None, "DURATION", "P3Y"),
    ("two-week", None, "DURATION", "P2W"),
    ("the next two decades", None, "DURATION", "P20Y"),
    ("five hours", None, "DURATION", "PT5H"),
    ("the past few weeks", None, "DURATION", "PXW"),
    # vague references and sets
    ("now", None, "DATE", "PRESENT_REF"),
    ("currently", None, "DATE", "PRESENT_REF"),
    ("recently", None, "DATE", "PAST_REF"),
    ("the near future", None, "DATE", "FUTURE_REF"),
    ("every week", None, "SET", "P1W"),
    ("every other month", None, "SET", "P2M"),
    ("each Thursday", None, "SET", "XXXX-WXX-4"),
    ("daily", None, "SET", "P1D"),
])
def test_normalize(expression, tense, type_, value):
    timex = normalize(expression, FRIDAY, tense)
    assert (timex.type, timex.value) == (type_, value)


@pytest.mark.parametrize("expression, value", [
    ("Tuesday", "XXXX-WXX-2"),
    ("last week", "XXXX-WXX"),
    ("March", "XXXX-03"),
    ("yesterday", "XXXX-XX-XX"),
    ("the third quarter", "XXXX-Q3"),
    ("March 3, 2024", "2024-03-03"),  # explicit dates need no reference
])
def test_without_reference_date_relative_values_stay_underspecified(expression, value):
    assert normalize(expression, None).value == value


@pytest.mark.parametrize("value, first, last", [
    ("2024-03-04", "2024-03-04", "2024-03-04"),
    ("2024-02", "2024-02-01", "2024-02-29"),
    ("2024-W10", "2024-03-04", "2024-03-10"),
    ("2024-W10-WE", "2024-03-09", "2024-03-10"),
    ("2024-Q1", "2024-01-01", "2024-03-31"),
    ("2023-H2", "2023-07-01", "2023-12-31"),
    ("2023-WI", "2023-12-01", "2024-02-29"),
    ("2024", "2024-01-01", "2024-12-31"),
    ("199", "1990-01-01", "1999-12-31"),
    ("2024-03-12TMO", "2024-03-12", "2024-03-12"),
    ("XXXX-WXX-2", None, None),
    ("PRESENT_REF", None, None),
])
def test_calendar_range(value, first, last):
    assert calendar_range(value) == (first, last)


def test_scan_finds_extents_in_running_text():
    text = "Talks began in 2011 and resumed two weeks ago, after the summit of March 3, 2024."
    found = [(text[f.start:f.end], f.timex.value) for f in scan(text, FRIDAY)]
    assert found == [("2011", "2011"), ("two weeks ago", "2024-W09"),
                     ("March 3, 2024", "2024-03-03")]


def test_scan_is_case_blind_and_keeps_offsets_after_wide_lower_case():
    # "İ" lower-cases to two characters: the offsets after it must not shift
    text = "İSTANBUL - TALKS ENDED LAST WEDNESDAY at 5 PM EST, and resume on March 3, 2024."
    found = [(text[f.start:f.end], f.timex.value) for f in scan(text, FRIDAY)]
    assert found == [("LAST WEDNESDAY", "2024-03-13"), ("5 PM EST", "2024-03-15T17:00"),
                     ("March 3, 2024", "2024-03-03")]


@pytest.mark.parametrize("text", [
    "The two plans ran concurrently.", "An omnipresently quoted minister.", "They got nowhere.",
    "The recentralized budget.", "He knowingly lied.",
])
def test_a_word_holding_a_time_word_is_no_time_expression(text):
    # every alternative of a rule ("now|currently|...") is a whole word, not the tail or head of one
    assert scan(text, date(2024, 3, 15)) == []


def test_weak_matches_need_confirmation():
    text = "They may agree."
    assert scan(text, FRIDAY, confirmed=lambda start, end: False) == []


def test_ages_are_not_durations():
    assert scan("the 6-year-old boy", FRIDAY) == []


def test_year_value_reads_spelled_out_years():
    assert [year_value(t) for t in ("1996", "nineteen ninety-six", "two thousand and one")] \
        == [1996, 1996, 2001]


# --- the stage ------------------------------------------------------------------------------

def times_of(analysis):
    return [(t.span.text, t.type, t.value, t.start, t.end) for t in analysis.times]


def test_stage_resolves_weekday_by_tense(run):
    past = run("The two ministers met on Tuesday.")
    future = run("The two ministers will meet on Tuesday.")
    assert times_of(past) == [("Tuesday", "DATE", "2024-03-12", "2024-03-12", "2024-03-12")]
    assert times_of(future) == [("Tuesday", "DATE", "2024-03-19", "2024-03-19", "2024-03-19")]


def test_stage_spans_and_calendar_ranges(run):
    analysis = run("The army withdrew last week, and the talks resumed in March last year.")
    assert times_of(analysis) == [
        ("last week", "DATE", "2024-W10", "2024-03-04", "2024-03-10"),
        ("March last year", "DATE", "2023-03", "2023-03-01", "2023-03-31"),
    ]


def test_stage_durations_have_no_calendar_range(run):
    analysis = run("The siege has lasted for the past year.")
    assert times_of(analysis) == [("the past year", "DURATION", "P1Y", None, None)]


def test_stage_without_publication_date(run):
    analysis = run("Rebels shelled the port on Tuesday and on March 3, 2024.", published=None)
    assert times_of(analysis) == [
        ("Tuesday", "DATE", "XXXX-WXX-2", None, None),
        ("March 3, 2024", "DATE", "2024-03-03", "2024-03-03", "2024-03-03"),
    ]


def test_stage_skips_boilerplate(run):
    analysis = run("Troops entered the town on Monday.\n\nPrint Friendly, PDF & Email\n\n"
                   "Copyright 2024, updated daily")
    assert times_of(analysis) == [("Monday", "DATE", "2024-03-11", "2024-03-11", "2024-03-11")]


# --- event dates ----------------------------------------------------------------------------

def events_with_dates(analysis):
    return [(e.trigger.text, e.date and e.date.value, e.date and e.date.basis,
             e.date and e.date.span and e.date.span.text) for e in analysis.events]


def test_event_date_from_its_clause(run):
    analysis = run("Russian troops shelled the city last Wednesday.")
    assert events_with_dates(analysis) == [("shelled", "2024-03-13", "text", "last Wednesday")]


def test_event_date_falls_back_to_publication_date(run):
    analysis = run("Rebels attacked a police station in the north.")
    [event] = analysis.events
    assert event.date.value == "2024-03-15" and event.date.basis == "published"
    assert event.date.span is None and (event.date.start, event.date.end) == ("2024-03-15",) * 2


def test_event_without_any_date(run):
    analysis = run("Rebels attacked a police station in the north.", published=None)
    assert [e.date for e in analysis.events] == [None]


def test_reporting_clause_time_does_not_leak_into_embedded_event(run):
    analysis = run("On Monday, officials said troops attacked the town on Saturday.")
    attack = [e for e in analysis.events if e.trigger.text == "attacked"]
    assert [(e.date.value, e.date.span.text, e.date.basis) for e in attack] == [
        ("2024-03-09", "Saturday", "text")]


def test_embedded_event_without_its_own_time_takes_publication_date(run):
    analysis = run("On Monday, officials said troops attacked the town.")
    attack = [e for e in analysis.events if e.trigger.text == "attacked"]
    assert [(e.date.value, e.date.basis) for e in attack] == [("2024-03-15", "published")]


def test_time_in_reported_content_hung_on_the_reporting_verb_dates_the_content(run):
    # the parser attaches "last Wednesday" to "said"; it is inside what the ministry says
    analysis = run("The envoy held meetings in Moscow last Wednesday, the foreign ministry said.")
    assert events_with_dates(analysis) == [("held meetings", "2024-03-13", "text", "last Wednesday")]
    analysis = run("Venezuela's deputy foreign minister, Ramón Ortega, held meetings in Moscow, Beijing and "
                   "Havana last Wednesday, the foreign ministry in Caracas said.")
    assert events_with_dates(analysis) == [("held meetings", "2024-03-13", "text", "last Wednesday")]


def test_time_of_the_reporting_clause_stays_there(run):
    analysis = run("Troops attacked the town, the ministry said last Wednesday.")
    assert [(e.date.value, e.date.basis) for e in analysis.events] == [("2024-03-15", "published")]


@pytest.mark.parametrize("text", [
    "Talks resumed last Wednesday, two days ago, and will go on until March 3, 2025 at 9:30 a.m.",
    "Presently the minister, omnipresently quoted, said that recently the past year was hard.",
    "In the third quarter of 2023, every other week, the 1990s and the 21st century.",
])
def test_scan_tries_each_rule_where_it_would_match(text):
    # scan runs each rule only at the offsets the combined look-ahead finds: the same matches
    # as the rule's own finditer, rules with alternatives ("now|currently|presently|...") included
    from newsgraph.timex import _COMPILED, _rule_matches, rule_starts

    matches = list(_rule_matches(text, rule_starts(text)))
    for order, (_, regex, _, _) in enumerate(_COMPILED):
        assert [m.span() for rule, m in matches if rule == order] == [m.span() for m in regex.finditer(text)]


@pytest.mark.parametrize("pattern, first", [
    (r"(?:the[ \t]+)?(?P<n>1\d|2[01])(?:st|nd)", {"t", "1", "2"}),
    (r"\d{4}-[01]\d", {r"\d"}),
    (r"(?<![\w-])(?:early|mid)[- ]?(?=\d)\d+", {"e", "m"}),
    (r"[a-c]x|y", {"a", "b", "c", "y"}),
    (r"(?:last)?", None),        # may match nothing: may start anywhere
    (r"[^a]b", None),            # a negated class
    (r"\w+day", None),           # a category other than digits
    (r"(?i:may)", None),         # an inline flag
])
def test_first_characters(pattern, first):
    from newsgraph.timex import first_characters

    assert first_characters(pattern) == (None if first is None else frozenset(first))


@pytest.mark.parametrize("text", [
    "Talks resumed last Wednesday, two days ago, and will go on until March 3, 2025 at 9:30 a.m.",
    "The '90s, mid-2019, the 1990s, ١٩٩٠ and FY2020; Early May — late-2021 (Q3) and 2nd quarter.",
    "NOW, Currently:\nTomorrow\tnight. the\npast year; every other week, 3 p.m. daily.",
])
def test_rule_starts_grouped_by_first_character_finds_what_one_alternation_finds(text):
    # the grouped look-ahead of rule_starts must give the offsets of the plain alternation
    # of every rule, digits of other scripts included
    import re

    from newsgraph.timex import _BEFORE, RULES, _lower, rule_starts

    lowered = [re.sub(r"(?<!\\)[A-Z]", lambda m: m.group().lower(), re.sub(r"\(\?P<\w+>", "(?:", p))
               for _, p, _, _ in RULES]
    plain = re.compile(_BEFORE + "(?=(?:" + "|".join(f"(?:{p})" for p in lowered) + r")(?!\w))")
    assert rule_starts(text) == [m.start() for m in plain.finditer(_lower(text))]
    assert rule_starts(text)
