"""Finding and normalizing English time expressions to TIMEX3 values (pure text, no spaCy).

A small grammar of regular-expression rules, each with a resolver that turns what it matched
into a TIMEX3 ``(type, value)`` against a reference date (the article's publication date) and
the tense of the clause the expression sits in. :func:`scan` finds every rule match in a text
and keeps the longest non-overlapping ones; :func:`normalize` reads one whole expression;
:func:`calendar_range` gives the first and last calendar day a DATE value covers.

Why our own grammar and not ``dateparser``: dateparser turns a string into one ``datetime`` plus a
coarse period (day/week/month/year). TIMEX3 needs more than that: ISO weeks, quarters, halves,
seasons, parts of day, decades, durations (``P2W``), sets (``P1W``, ``XXXX-WXX-2``) and the
``PRESENT_REF``/``PAST_REF``/``FUTURE_REF`` tokens; it needs to know whether a year was written
or has to be inferred (dateparser silently fills missing parts from its base date); and TimeML's
relative conventions ("last Wednesday" = the one before the reference day, weekdays resolved by
tense) differ from dateparser's. Locating expressions in running text also needs a grammar
(``dateparser.search`` over-matches and is slow), and once the grammar has matched month, day
and year, turning them into a value is a dictionary look-up. So the arithmetic uses only the
standard library (``datetime``, ``calendar``), and no extra dependency is needed.

Conventions (checked against TempEval-3 TimeBank/AQUAINT):

- Bare weekdays: in a future-tense clause the first such day on or after the reference date,
  otherwise the last one on or before it (AP style names the day of publication by weekday).
  "last <weekday>" is the last one strictly before the reference day; "next <weekday>" the
  first strictly after it; "this <weekday>" the one in the reference day's ISO week.
- Month names and month-day dates without a year: in a future-tense clause the next such date
  (on or after the reference), in a past-tense clause the last one unless it is at most two
  months ahead (tense is often that of a reporting verb), otherwise the nearest (the next
  when under six months ahead, else the last).
- "last/this/next week|month|year|quarter" and "N units ago/earlier" resolve at the unit's
  granularity (ISO week ``2024-W10``, ``2024-03``, ``2024``, ``2024-Q1``); "the past year",
  "the next three years" are DURATIONs (``P1Y``, ``P3Y``).
- Seasons: ``SP`` Mar–May, ``SU`` Jun–Aug, ``FA`` Sep–Nov, ``WI`` Dec–Feb, the winter of year Y
  being the one that starts in December of Y.
- Without a reference date, relative expressions get underspecified values: "Tuesday" →
  ``XXXX-WXX-2``, "last week" → ``XXXX-WXX``, "March" → ``XXXX-03``, "yesterday" →
  ``XXXX-XX-XX``; their calendar range is unknown (``None``).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

try:  # the standard library's regex parser: see first_characters
    from re import _constants as op, _parser
except ImportError:  # pragma: no cover
    op = _parser = None

PAST, FUTURE = "past", "future"

MONTHS = {
    "january": 1, "jan.": 1, "february": 2, "feb.": 2, "march": 3, "mar.": 3, "april": 4,
    "apr.": 4, "may": 5, "june": 6, "jun.": 6, "july": 7, "jul.": 7, "august": 8, "aug.": 8,
    "september": 9, "sept.": 9, "sep.": 9, "october": 10, "oct.": 10, "november": 11,
    "nov.": 11, "december": 12, "dec.": 12,
}
WEEKDAYS = {"monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5,
            "saturday": 6, "sunday": 7}
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI",
                "overnight": "NI"}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3,
            "4th": 4}
SMALL_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "couple": 2, "a couple of": 2, "a couple": 2,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
        "eighty": 80, "ninety": 90}
VAGUE_NUMBERS = ("a few", "few", "several", "some", "many")
# unit word -> TIMEX3 designator (durations; "last/this/next" and "ago" resolve at that unit)
UNITS = {
    "second": "TS", "minute": "TM", "hour": "TH", "day": "D", "week": "W", "weekend": "WE",
    "month": "M", "quarter": "Q", "year": "Y", "decade": "DE", "century": "CE",
}

# ---------------------------------------------------------------------------------------------
# regular-expression building blocks (all matched case-insensitively)


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_S = r"[ \t]*\n?[ \t]*(?<=\s)"  # one stretch of spaces, at most one line break
_MONTH = rf"(?:{_alternation(MONTHS)})(?!\w)"
_WEEKDAY = rf"(?:{_alternation(WEEKDAYS)})"
_SEASON = rf"(?:{_alternation(SEASONS)})"
_PART = r"(?:morning|afternoon|evening|night)"
_DAYNUM = r"(?:[12]?\d|3[01])(?:st|nd|rd|th)?"
_ONES = "one|two|three|four|five|six|seven|eight|nine"
_TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_NUMWORD = (rf"(?:(?:{_alternation(TENS)})(?:[- ](?:{_ONES}))?"
            rf"|{_alternation(k for k in SMALL_NUMBERS if k not in ('a', 'an'))})")
_YEAR = (rf"(?:1[5-9]\d\d|20\d\d|(?:nineteen|twenty)[ -](?:(?:{_alternation(TENS)})(?:[- ](?:{_ONES}))?|{_TEENS})"
         rf"|two[ -]thousand(?:[ -](?:and[ -])?(?:{_TEENS}|{_ONES}))?)")
_NUMBER = rf"(?:\d{{1,3}}(?:,\d{{3}})*(?:\.\d+)?|{_NUMWORD}|a couple of|an?|{_alternation(VAGUE_NUMBERS)})"
_UNIT = r"(?:second|minute|hour|day|week|month|quarter|year|decade|centur(?:y|ie))s?"
_UNIT_SINGULAR = r"(?:second|minute|hour|day|week|month|quarter|year|decade|century)"
_CLOCK = (r"(?:(?:[01]?\d|2[0-3])(?::[0-5]\d)?[ \t]*(?:a\.m\.|p\.m\.|am\b|pm\b)"
          r"(?:[ \t]+(?:[ECMP][SD]T|GMT|UTC)\b)?|(?:[01]?\d|2[0-3]):[0-5]\d(?![\d:])|noon|midnight)")

_TEEN_VALUES = {w: 10 + i for i, w in enumerate(_TEENS.split("|"))}

# ---------------------------------------------------------------------------------------------
# values and arithmetic


@dataclass(frozen=True, slots=True)
class Timex:
    """A normalized time expression: TIMEX3 type and value."""

    type: str
    value: str


@dataclass(frozen=True, slots=True)
class Found:
    """A time expression found in a text: its character offsets and normalization."""

    start: int
    end: int
    timex: Timex
    weak: bool  # only trusted where the named-entity tagger also saw a date or time


def number_value(text: str) -> int | None:
    """The integer a number phrase names ("two", "twenty four", "12", "a"), None if vague."""
    text = text.lower().strip()
    if text in VAGUE_NUMBERS:
        return None
    if re.fullmatch(r"\d+(?:,\d{3})*", text):
        return int(text.replace(",", ""))
    if re.fullmatch(r"\d+\.\d+", text):
        return None
    if text in SMALL_NUMBERS:
        return SMALL_NUMBERS[text]
    if text in _TEEN_VALUES:
        return _TEEN_VALUES[text]
    parts = re.split(r"[- ]", text)
    if parts[0] in TENS:
        rest = SMALL_NUMBERS.get(parts[1], 0) if len(parts) > 1 else 0
        return TENS[parts[0]] + rest
    return None


def year_value(text: str) -> int:
    """The year a year expression names: "1996", "nineteen ninety-six", "two thousand"."""
    words = re.split(r"[ -]+", text.lower().strip())
    if words[0].isdigit():
        return int(words[0])
    if words[:2] == ["two", "thousand"]:
        rest = [w for w in words[2:] if w != "and"]
        return 2000 + (number_value(rest[0]) if rest else 0)
    return 100 * number_value(words[0]) + (number_value(" ".join(words[1:])) or 0)


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def season_of(day: date) -> tuple[int, str]:
    """(year, code) of the season holding ``day``; December opens the winter of its year."""
    if day.month in (1, 2):
        return day.year - 1, "WI"
    code = next(c for c, m in sorted(SEASON_START.items(), key=lambda cm: -cm[1])
                if day.month >= m)
    return day.year, code


def _season_index(year: int, code: str) -> int:
    return year * 4 + ("SP", "SU", "FA", "WI").index(code)


def _season_from_index(index: int) -> tuple[int, str]:
    return index // 4, ("SP", "SU", "FA", "WI")[index % 4]


def _day(day: date) -> str:
    return day.isoformat()


def _month(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def calendar_range(value: str) -> tuple[str | None, str | None]:
    """First and last calendar day (YYYY-MM-DD) a TIMEX3 date value covers; Nones if unknown."""
    base = value.split("T", 1)[0]
    try:
        if m := re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", base):
            day = date(int(m[1]), int(m[2]), int(m[3]))
            return _day(day), _day(day)
        if m := re.fullmatch(r"(\d{4})-(\d\d)", base):
            year, month = int(m[1]), int(m[2])
            return _day(date(year, month, 1)), _day(date(year, month,
                                                          calendar.monthrange(year, month)[1]))
        if m := re.fullmatch(r"(\d{4})-W(\d\d)(-WE)?", base):
            monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            first = monday + timedelta(days=5) if m[3] else monday
            return _day(first), _day(monday + timedelta(days=6))
        if m := re.fullmatch(r"(\d{4})-Q([1-4])", base):
            year, q = int(m[1]), int(m[2])
            return calendar_range(_month(year, 3 * q - 2))[0], calendar_range(_month(year, 3 * q))[1]
        if m := re.fullmatch(r"(\d{4})-H([12])", base):
            year, h = int(m[1]), int(m[2])
            return calendar_range(_month(year, 6 * h - 5))[0], calendar_range(_month(year, 6 * h))[1]
        if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", base):
            year, first_month = int(m[1]), SEASON_START[m[2]]
            end_year, end_month = add_months(year, first_month, 2)
            return (calendar_range(_month(year, first_month))[0],
                    calendar_range(_month(end_year, end_month))[1])
        if re.fullmatch(r"\d{4}", base):
            return f"{base}-01-01", f"{base}-12-31"
        if re.fullmatch(r"\d{3}", base):
            return f"{base}0-01-01", f"{base}9-12-31"
        if re.fullmatch(r"\d{2}", base):
            return f"{base}00-01-01", f"{base}99-12-31"
    except ValueError:
        return None, None
    return None, None


# ---------------------------------------------------------------------------------------------
# resolution against the reference date


@dataclass(frozen=True, slots=True)
class Context:
    """What relative expressions resolve against: reference date and the clause's tense."""

    ref: date | None
    tense: str | None = None


def _weekday(ctx: Context, weekday: int, relation: str | None) -> str:
    if ctx.ref is None:
        return f"XXXX-WXX-{weekday}"
    today = ctx.ref.isoweekday()
    if relation == "last":
        back = (today - weekday) % 7 or 7
        return _day(ctx.ref - timedelta(days=back))
    if relation == "next":
        return _day(ctx.ref + timedelta(days=(weekday - today) % 7 or 7))
    if relation == "this":
        return _day(ctx.ref + timedelta(days=weekday - today))
    if ctx.tense == FUTURE:
        return _day(ctx.ref + timedelta(days=(weekday - today) % 7))
    return _day(ctx.ref - timedelta(days=(today - weekday) % 7))


def _year_for(ctx: Context, month: int, day: int | None, relation: str | None) -> int | None:
    """The year of a month (or month-day) written without one."""
    if ctx.ref is None:
        return None
    ref = ctx.ref
    later = (month, day or 0) > (ref.month, ref.day if day else 0)
    earlier = (month, day or 99) < (ref.month, ref.day if day else 99)
    forward = ref.year + (1 if earlier else 0)  # the next such month (day) from the reference
    backward = ref.year - (1 if later else 0)  # the last one
    if relation == "last":
        return ref.year if earlier else ref.year - 1
    if relation == "next":
        return ref.year if later else ref.year + 1
    if relation == "this":
        return ref.year
    months_ahead = (month - ref.month) % 12
    if ctx.tense == FUTURE:
        return forward
    if ctx.tense == PAST:  # a month or two ahead is still read forward: tense is often misread
        return forward if 0 < months_ahead <= 2 else backward
    return forward if 0 < months_ahead < 6 else backward


def _month_value(ctx: Context, month: int, relation: str | None = None) -> str:
    year = _year_for(ctx, month, None, relation)
    return f"XXXX-{month:02d}" if year is None else _month(year, month)


def _month_day_value(ctx: Context, month: int, day: int, year: int | None = None) -> str | None:
    year = year if year is not None else _year_for(ctx, month, day, None)
    if year is None:
        return f"XXXX-{month:02d}-{day:02d}"
    try:
        return _day(date(year, month, day))
    except ValueError:
        return None


def _shift(ctx: Context, unit: str, n: int) -> str | None:
    """The unit-granular value ``n`` units from the reference date (negative: before it)."""
    unspecified = {"D": "XXXX-XX-XX", "W": "XXXX-WXX", "WE": "XXXX-WXX-WE", "M": "XXXX-XX",
                   "Q": "XXXX-QX", "Y": "XXXX", "DE": "XXX", "CE": "XX"}
    if unit not in unspecified:
        return None
    if ctx.ref is None:
        return unspecified[unit]
    ref = ctx.ref
    if unit == "D":
        return _day(ref + timedelta(days=n))
    if unit == "W":
        return iso_week(ref + timedelta(weeks=n))
    if unit == "WE":
        saturday = ref + timedelta(days=6 - ref.isoweekday())
        if ctx.tense == PAST and n == 0 and saturday > ref:
            saturday -= timedelta(weeks=1)
        return iso_week(saturday + timedelta(weeks=n)) + "-WE"
    if unit == "M":
        return _month(*add_months(ref.year, ref.month, n))
    if unit == "Q":
        index = ref.year * 4 + quarter_of(ref) - 1 + n
        return f"{index // 4}-Q{index % 4 + 1}"
    if unit == "Y":
        return f"{ref.year + n:04d}"
    if unit == "DE":
        return f"{ref.year // 10 + n:03d}"
    return f"{ref.year // 100 + n:02d}"


def _unit_code(word: str) -> str:
    word = word.lower().rstrip("s")
    word = "century" if word.startswith("centur") else word
    return UNITS[word]


def _duration(n: int | None, unit: str) -> str:
    """TIMEX3 duration; decades and centuries in years, quarters as written (``P1Q``)."""
    amount = "X" if n is None else n
    if unit == "DE":
        return f"P{'X' if n is None else n * 10}Y"
    if unit == "CE":
        return f"P{'X' if n is None else n * 100}Y"
    if unit == "WE":
        return f"P{'X' if n is None else n * 2}D"
    if unit.startswith("T"):
        return f"PT{amount}{unit[1]}"
    return f"P{amount}{unit}"


def _season_value(ctx: Context, code: str, relation: str | None, year: int | None) -> str:
    if year is not None:
        return f"{year}-{code}"
    if ctx.ref is None:
        return f"XXXX-{code}"
    now = _season_index(*season_of(ctx.ref))
    this = _season_index(ctx.ref.year, code)
    if relation == "last" or (relation is None and ctx.tense == PAST):
        index = this if this < now else this - 4
    elif relation == "next" or (relation is None and ctx.tense == FUTURE):
        index = this if this > now else this + 4
    else:
        index = this
    return "{}-{}".format(*_season_from_index(index))


def _clock(text: str) -> str | None:
    """``HH:MM`` (or ``HH``) of a clock time such as "10:35 a.m.", "5 p.m.", "noon"."""
    text = text.lower()
    if text.startswith("noon"):
        return "12:00"
    if text.startswith("midnight"):
        return "24:00"
    m = re.match(r"(\d{1,2})(?::(\d\d))?\s*(a\.?m\.?|p\.?m\.?)?", text)
    if not m:
        return None
    hour, minute = int(m[1]), m[2]
    if m[3] and m[3].startswith("p") and hour < 12:
        hour += 12
    if m[3] and m[3].startswith("a") and hour == 12:
        hour = 0
    return f"{hour:02d}:{minute}" if minute else f"{hour:02d}:00"


# ---------------------------------------------------------------------------------------------
# the grammar: (name, pattern, resolver, weak)

Resolver = Callable[[re.Match, Context], "Timex | None"]


def _date(value: str | None) -> Timex | None:
    return None if value is None else Timex("TIME" if "T" in value[4:] else "DATE", value)


def _relation(word: str | None) -> str | None:
    """last | next | this | None, from the modifier before a weekday, month or season."""
    if not word:
        return None
    word = " ".join(word.lower().split())
    if word in ("last", "past", "previous", "this past"):
        return "last"
    if word in ("next", "coming", "this coming"):
        return "next"
    return "this"


def _calendar_date(m, ctx):
    """A month name with a day, and a year when written ("March 3, 2024", "3 March")."""
    year = year_value(m["year"]) if m["year"] else None
    return _date(_month_day_value(ctx, MONTHS[m["month"].lower()], int(re.match(r"\d+", m["day"])[0]),
                                  year))


def _iso(m, ctx):
    try:
        return _date(_day(date(int(m["y"]), int(m["m"]), int(m["d"]))))
    except ValueError:
        return None


def _us_numeric(m, ctx):
    year = int(m["y"]) + (0 if len(m["y"]) == 4 else 1900 if int(m["y"]) >= 50 else 2000)
    try:
        return _date(_day(date(year, int(m["m"]), int(m["d"]))))
    except ValueError:
        return None


def _month_year(m, ctx):
    return _date(_month(year_value(m["year"]), MONTHS[m["month"].lower()]))


def _month_relative_year(m, ctx):
    month = MONTHS[m["month"].lower()]
    shift = {"last": -1, "this": 0, "next": 1}[m["rel"].lower()]
    return _date(f"XXXX-{month:02d}" if ctx.ref is None else _month(ctx.ref.year + shift, month))


def _month_alone(m, ctx):
    return _date(_month_value(ctx, MONTHS[m["month"].lower()], _relation(m["rel"])))


def _year(m, ctx):
    return _date(f"{year_value(m['year']):04d}")


def _decade(m, ctx):
    digits = m["decade"]
    if len(digits) == 2:  # '90s
        if ctx.ref is None:
            return None
        century = ctx.ref.year // 100 - (1 if int(digits) > ctx.ref.year % 100 else 0)
        return _date(f"{century:02d}{digits[0]}")
    return _date(digits[:3])


def _century(m, ctx):
    return _date(f"{int(m['n']) - 1:02d}")


def _weekday_expr(m, ctx):
    value = _weekday(ctx, WEEKDAYS[m["weekday"].lower()], _relation(m["rel"]))
    if m["part"]:
        value += "T" + PARTS_OF_DAY[m["part"].lower()]
    return _date(value)


_DEICTIC_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0, "this": 0,
                 "last": -1, "tomorrow's": 1}


def _deictic(m, ctx):
    offset = _DEICTIC_DAYS[m["word"].lower()]
    value = "XXXX-XX-XX" if ctx.ref is None else _day(ctx.ref + timedelta(days=offset))
    part = m["part"] if "part" in m.groupdict() else None
    if m["word"].lower() == "tonight":
        part = "night"
    if part:
        value += "T" + PARTS_OF_DAY[part.lower()]
    return _date(value)


def _relative_unit(m, ctx):
    """last/this/next + week|month|year|quarter|weekend|decade|century."""
    rel = _relation(m["rel"])
    unit = _unit_code(m["unit"])
    return _date(_shift(ctx, unit, {"last": -1, "this": 0, "next": 1}[rel]))


def _ago(m, ctx):
    n = number_value(m["n"])
    unit = _unit_code(m["unit"])
    if n is None:
        return Timex("DATE", "PAST_REF")
    if unit in ("TH", "TM", "TS"):
        return None
    if unit == "DE":
        unit, n = "Y", n * 10
    return _date(_shift(ctx, unit, -n))


def _span_of_units(m, ctx):
    """ "the past two months", "the next three years", "three years", "two-year": durations."""
    n = number_value(m["n"]) if m["n"] else 1
    return Timex("DURATION", _duration(n, _unit_code(m["unit"])))


def _plural_units(m, ctx):
    return Timex("DURATION", _duration(None, _unit_code(m["unit"])))


def _quarter(m, ctx):
    q = ORDINALS[m["ord"].lower()]
    if m["year"] or m["year_before"]:
        return _date(f"{year_value(m['year'] or m['year_before'])}-Q{q}")
    if ctx.ref is None:
        return _date(f"XXXX-Q{q}")
    year = ctx.ref.year
    if ctx.tense == PAST and q > quarter_of(ctx.ref):
        year -= 1
    return _date(f"{year}-Q{q}")


def _half(m, ctx):
    h = {"first": 1, "second": 2, "last": 2}[m["ord"].lower()]
    if m["year"]:
        return _date(f"{year_value(m['year'])}-H{h}")
    return _date(f"XXXX-H{h}" if ctx.ref is None else f"{ctx.ref.year}-H{h}")


def _latest_quarter(m, ctx):
    """ "the latest quarter", "the quarter": the last one reported, before the current one."""
    return _date(_shift(ctx, "Q", 0 if ctx.tense == FUTURE else -1))


def _season(m, ctx):
    year = year_value(m["year"]) if m["year"] else None
    return _date(_season_value(ctx, SEASONS[m["season"].lower()], _relation(m["rel"]), year))


def _edge_of_unit(m, ctx):
    """ "earlier this month", "late next year": the unit's value (the mod is not kept)."""
    rel = _relation(m["rel"])
    return _date(_shift(ctx, _unit_code(m["unit"]), {"last": -1, "this": 0, "next": 1}[rel]))


def _clock_time(m, ctx):
    clock = _clock(m["clock"])
    if clock is None:
        return None
    day = None
    if m["weekday"]:
        day = _weekday(ctx, WEEKDAYS[m["weekday"].lower()], None)
    elif m["deictic"]:
        offset = _DEICTIC_DAYS[m["deictic"].lower()]
        day = None if ctx.ref is None else _day(ctx.ref + timedelta(days=offset))
    elif m["month"]:
        day = _month_day_value(ctx, MONTHS[m["month"].lower()], int(m["day"]))
    elif ctx.ref is not None:
        day = _day(ctx.ref)
    return Timex("TIME", f"{day or 'XXXX-XX-XX'}T{clock}")


def _part_of_day(m, ctx):
    value = "XXXX-XX-XX" if ctx.ref is None else _day(ctx.ref)
    return Timex("TIME", f"{value}T{PARTS_OF_DAY[m['part'].lower()]}")


def _ref(token: str) -> Resolver:
    return lambda m, ctx: Timex("DATE", token)


def _set_every(m, ctx):
    word = m["what"].lower()
    n = 2 if (m["n"] or "").lower() == "other" else number_value(m["n"]) if m["n"] else 1
    if word in WEEKDAYS:
        return Timex("SET", f"XXXX-WXX-{WEEKDAYS[word]}")
    if word in MONTHS:
        return Timex("SET", f"XXXX-{MONTHS[word]:02d}")
    if word in PARTS_OF_DAY:
        return Timex("SET", f"XXXX-XX-XXT{PARTS_OF_DAY[word]}")
    return Timex("SET", _duration(n, _unit_code(word)))


_FREQUENCY = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "hourly": "PT1H",
              "nightly": "XXXX-XX-XXTNI"}


def _frequency(m, ctx):
    return Timex("SET", _FREQUENCY[m["word"].lower()])


_REL = r"(?:this[ \t]+past|this[ \t]+coming|last|next|this|past|previous|coming)"

RULES: list[tuple[str, str, Resolver, bool]] = [
    # explicit calendar dates
    ("iso_date", r"(?P<y>\d{4})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?!\d)", _iso, False),
    ("us_numeric_date", r"(?P<m>1[0-2]|0?[1-9])/(?P<d>3[01]|[12]\d|0?[1-9])/(?P<y>\d{4}|\d\d)(?![\d/])",
     _us_numeric, False),
    ("month_day_year", rf"(?P<month>{_MONTH}){_S}(?P<day>{_DAYNUM})(?:,?{_S}(?P<year>{_YEAR}))?(?!\d)",
     _calendar_date, False),
    ("day_month_year", rf"(?P<day>{_DAYNUM}){_S}(?:of{_S})?(?P<month>{_MONTH})(?:,?{_S}(?P<year>{_YEAR}))?",
     _calendar_date, False),
    ("weekday_date", rf"{_WEEKDAY},?{_S}(?P<month>{_MONTH}){_S}(?P<day>{_DAYNUM})(?:,?{_S}(?P<year>{_YEAR}))?(?!\d)",
     _calendar_date, False),
    ("month_year", rf"(?P<month>{_MONTH}),?{_S}(?:of{_S})?(?P<year>{_YEAR})", _month_year, False),
    ("month_relative_year", rf"(?P<month>{_MONTH}){_S}(?P<rel>last|this|next){_S}year",
     _month_relative_year, False),
    ("month", rf"(?P<rel>)(?P<month>{_MONTH})", _month_alone, True),
    ("month_qualified", rf"(?P<rel>{_REL}){_S}(?P<month>{_MONTH})", _month_alone, False),
    ("edge_of_month", rf"(?:early|mid|late|the[ \t]+end[ \t]+of|the[ \t]+beginning[ \t]+of)[- \t]*"
                      rf"(?:(?P<rel>{_REL}){_S})?(?P<month>{_MONTH})", _month_alone, False),
    ("year", rf"(?:fiscal{_S}|the{_S}year{_S})?(?P<year>{_YEAR})(?![\d,.]\d|\s*%)", _year, True),
    ("prep_year", rf"(?:in|since|by|until|before|after|during|from|of|through){_S}(?P<x>(?P<year>{_YEAR}))"
                  rf"(?![\d,.]\d|-year|\s*%)", _year, False),
    ("edge_of_year", rf"(?:early|mid|late|the[ \t]+end[ \t]+of|the[ \t]+beginning[ \t]+of|the[ \t]+start[ \t]+of)"
                     rf"[- \t]*(?P<year>{_YEAR})", _year, False),
    ("decade", rf"(?:the{_S})?(?:(?:early|mid|late)[- \t]*)?(?P<decade>1[5-9]\d0|20\d0|'\d0)'?s", _decade, False),
    ("century", r"(?:the[ \t]+)?(?P<n>1\d|2[01])(?:st|nd|rd|th)[ \t]+century", _century, False),
    # weekdays, deictic days, parts of day, clock times
    ("weekday", rf"(?:(?P<rel>{_REL}){_S})?(?P<weekday>{_WEEKDAY})(?:{_S}(?P<part>{_PART}))?",
     _weekday_expr, False),
    ("deictic_day", r"(?P<word>today|yesterday|tomorrow|tonight)(?:[ \t]+(?P<part>morning|afternoon|evening|night))?",
     _deictic, False),
    ("this_part_of_day", r"(?P<word>this|last)[ \t]+(?P<part>morning|afternoon|evening|night)",
     _deictic, False),
    ("part_of_day_alone", r"(?P<part>overnight)", _part_of_day, True),
    ("clock_time", rf"(?P<clock>{_CLOCK})(?:,?{_S}(?:(?P<weekday>{_WEEKDAY})|(?P<deictic>today|yesterday|tomorrow)"
                   rf"|(?P<month>{_MONTH}){_S}(?P<day>\d{{1,2}})))?", _clock_time, False),
    # week / month / quarter / year relative to the reference date
    ("relative_unit", rf"(?P<rel>{_REL}){_S}(?P<unit>week|weekend|month|quarter|year|decade|century)(?![\w-])",
     _relative_unit, False),
    ("the_weekend", r"the[ \t]+(?P<unit>weekend)", lambda m, ctx: _date(_shift(ctx, "WE", 0)), False),
    ("edge_of_unit", rf"(?:earlier|later|early|late|mid)[- \t]*(?P<rel>this|next|last){_S}"
                     rf"(?P<unit>week|month|year|quarter)", _edge_of_unit, False),
    ("ago", rf"(?P<n>{_NUMBER}){_S}(?P<unit>{_UNIT}){_S}(?:ago|earlier)\b", _ago, False),
    ("plural_ago", rf"(?P<n>)(?P<unit>days|weeks|months|years){_S}ago", _ago, False),
    ("the_past_units", rf"(?:the{_S})?(?:past|last|next|coming|first|previous|following){_S}"
                       rf"(?P<n>{_NUMBER}){_S}(?P<unit>{_UNIT})", _span_of_units, False),
    ("the_past_unit", rf"the{_S}(?:past|last|next|coming|previous){_S}(?P<n>)(?P<unit>{_UNIT_SINGULAR})",
     _span_of_units, False),
    ("the_past_plural", rf"the{_S}(?:past|last|next|coming|previous|following){_S}(?:few{_S})?(?P<unit>days|weeks|months|years|decades)",
     _plural_units, False),
    ("units", rf"(?:the{_S})?(?P<n>{_NUMBER}){_S}(?P<unit>{_UNIT})(?![\w-])", _span_of_units, False),
    ("unit_adjective", rf"(?P<n>\d{{1,3}}|{_NUMWORD})[- ](?P<unit>{_UNIT_SINGULAR})(?!-old|[ \t]+old)(?![\w-])",
     _span_of_units, False),
    ("plural_units", r"(?P<unit>years|months|weeks|days|decades|hours)(?![\w-])", _plural_units, True),
    ("quarter", rf"(?:the{_S})?(?:(?P<year_before>{_YEAR}){_S})?(?:(?:fiscal|calendar){_S})?(?P<ord>first|second|third|fourth|[1-4](?:st|nd|rd|th))"
                rf"[- \t](?:fiscal[- \t])?quarter(?:{_S}of{_S}(?:(?P<year>{_YEAR})|the{_S}year))?",
     _quarter, False),
    ("half", rf"the{_S}(?P<ord>first|second|last){_S}half(?:{_S}of{_S}(?:(?P<year>{_YEAR})|the{_S}year))?",
     _half, False),
    ("latest_quarter", r"the[ \t]+(?:(?:latest|most[ \t]+recent)[ \t]+(?:quarter|period)|quarter(?![ \t]+of\b))",
     _latest_quarter, False),
    ("year_ago_quarter", r"(?:the[ \t]+)?(?:comparable[ \t]+|corresponding[ \t]+)?year-(?:ago|earlier)[ \t]+(?:quarter|period)",
     lambda m, ctx: _date(_shift(ctx, "Q", -5)), False),
    ("year_ago", r"year-(?:ago|earlier)", lambda m, ctx: _date(_shift(ctx, "Y", -1)), False),
    ("the_year", r"the[ \t]+(?:(?:current|full|fiscal|calendar)[ \t]+)?(?P<unit>year|week|month)"
                 r"(?![ \t]+(?:ended|ending|to|before|after|earlier|ago|of|in|that|when))",
     lambda m, ctx: _date(_shift(ctx, _unit_code(m["unit"]), 0)), False),
    ("the_year_ended", r"(?P<x>the[ \t]+(?:fiscal[ \t]+)?(?P<unit>year|quarter|month|week))(?=[ \t]+(?:ended|ending)\b)",
     lambda m, ctx: Timex("DURATION", _duration(1, _unit_code(m["unit"]))), False),
    ("season", rf"(?:(?P<rel>{_REL}){_S}|the{_S})?(?P<season>{_SEASON})(?:{_S}(?:of{_S})?(?P<year>{_YEAR}))?",
     _season, True),
    ("season_qualified", rf"(?:(?P<rel>{_REL}){_S})(?P<season>{_SEASON})(?:{_S}(?:of{_S})?(?P<year>{_YEAR}))?",
     _season, False),
    # deictic tokens and sets
    ("present_ref", r"(?:right[ \t]+)?now|currently|at[ \t]+present|presently|nowadays|these[ \t]+days",
     _ref("PRESENT_REF"), False),
    ("current", r"current", _ref("PRESENT_REF"), False),
    ("past_ref", r"recently|lately|recent|(?:in[ \t]+)?the[ \t]+past(?![ \t]+(?:\w+[ \t]+)?"
                 r"(?:days?|weeks?|months?|years?|decades?|quarters?|centur))", _ref("PAST_REF"), False),
    ("recent_units", r"recent[ \t]+(?P<unit>years|months|weeks|days|decades|quarters)", _plural_units, False),
    ("future_ref", r"the[ \t]+(?:near[ \t]+)?future", _ref("FUTURE_REF"), False),
    ("every", rf"(?:every|each|per){_S}(?:(?P<n>other|{_NUMBER}){_S})?(?P<what>{_UNIT}|{_WEEKDAY}|{_MONTH}|{_PART})",
     _set_every, False),
    ("frequency", r"(?P<word>daily|weekly|monthly|hourly|nightly)", _frequency, False),
]

_BEFORE = r"(?<![\w'$#-])"  # what may not stand right before a match of any rule
_COMPILED = [(name, re.compile(rf"{_BEFORE}(?:{pattern})(?!\w)", re.IGNORECASE), resolve, weak)
             for name, pattern, resolve, weak in RULES]


DIGIT = "\\d"
"""In :func:`first_characters`: any Unicode digit (the class ``\\d``)."""


def _rule_starts() -> re.Pattern[str]:
    """Where some rule matches: one zero-width pattern looking ahead for every rule at once
    (named groups dropped, as names repeat across rules). :func:`scan` tries each rule only
    there, instead of running 47 patterns over the whole text.

    It reads lower-cased text (:func:`_lower`), its own letters lower-cased too (escapes
    such as ``\\d`` kept): case-insensitive matching of so long a pattern costs twice as much.
    The rules are grouped by the character a match can start with (:func:`first_characters`),
    each group behind that character: the regex engine passes over an alternative that
    starts with another character at the cost of one comparison, so at a word only the
    rules that can start there are tried (rules whose first character is not known, at
    every word).
    """
    groups: dict[str | None, list[str]] = {}
    for pattern, firsts in zip(_LOWERED, _FIRSTS):
        for first in firsts or (None,):
            groups.setdefault(first, []).append(pattern)

    def looking_ahead(patterns: list[str]) -> str:
        return "(?=(?:" + "|".join(f"(?:{p})" for p in patterns) + r")(?!\w))"

    # "c(?<=(?=R)(?s:.))": match c, step back over it and look ahead for the rules R there
    alternatives = [(r"\d" if first == DIGIT else re.escape(first)) + f"(?<={looking_ahead(patterns)}(?s:.))"
                    for first, patterns in sorted(groups.items(), key=lambda g: g[0] or "")
                    if first is not None]
    if None in groups:
        alternatives.append(looking_ahead(groups[None]))
    return re.compile(_BEFORE + "(?=" + "|".join(alternatives) + ")")


def first_characters(pattern: str) -> frozenset[str] | None:
    """The characters a match of ``pattern`` (no flags) can start with, :data:`DIGIT` standing
    for ``\\d``; None where that is not known: a match may be empty, or start with a
    negated class, any character or another category. A superset is always safe: the set
    only decides which rules :func:`rule_starts` tries where.

    Reads the regex's syntax tree from ``re._parser``, the standard library's own parser
    (not a public module: where it is missing, every rule counts as unknown).
    """
    if _parser is None:  # pragma: no cover - a Python without the module
        return None

    def first(items) -> tuple[set[str] | None, bool]:
        """(first characters, whether the sequence can match the empty string)."""
        found: set[str] = set()
        for code, value in items:
            chars, empty = first_of(code, value)
            if chars is None:
                return None, False
            found |= chars
            if not empty:
                return found, False
        return found, True

    def first_of(code, value) -> tuple[set[str] | None, bool]:
        if code is op.LITERAL:
            return {chr(value)}, False
        if code is op.IN:
            chars = set()
            for member, argument in value:
                if member is op.LITERAL:
                    chars.add(chr(argument))
                elif member is op.RANGE:
                    chars |= {chr(c) for c in range(argument[0], argument[1] + 1)}
                elif member is op.CATEGORY and argument is op.CATEGORY_DIGIT:
                    chars.add(DIGIT)
                else:
                    return None, False
            return chars, False
        if code is op.BRANCH:
            chars, empty = set(), False
            for alternative in value[1]:
                found, may_be_empty = first(alternative)
                if found is None:
                    return None, False
                chars, empty = chars | found, empty or may_be_empty
            return chars, empty
        if code is op.SUBPATTERN:
            _, add_flags, del_flags, items = value
            return first(items) if not (add_flags or del_flags) else (None, False)
        if code in (op.MAX_REPEAT, op.MIN_REPEAT, op.POSSESSIVE_REPEAT):
            low, _, items = value
            chars, empty = first(items)
            return chars, chars is not None and (empty or low == 0)
        if code in (op.AT, op.ASSERT, op.ASSERT_NOT):  # zero-width: the next item starts it
            return set(), True
        return None, False

    chars, empty = first(_parser.parse(pattern))
    return None if chars is None or empty else frozenset(chars)


def _lower(text: str) -> str:
    """``text.lower()`` with the same offsets: the few characters whose lower case is longer
    ("İ") are left as they are."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


_LOWERED = [re.sub(r"(?<!\\)[A-Z]", lambda m: m.group().lower(), re.sub(r"\(\?P<\w+>", "(?:", pattern))
            for _, pattern, _, _ in RULES]
"""Each rule's pattern without group names, its letters lower-cased (see :func:`_rule_starts`)."""
_FIRSTS = [first_characters(pattern) for pattern in _LOWERED]
_RULE_STARTS = _rule_starts()


@lru_cache(maxsize=None)
def _rules_starting_with(char: str) -> tuple[int, ...]:
    """The rules (by order) whose match can start with ``char`` (lower-cased), or whose first
    characters are not known."""
    return tuple(order for order, firsts in enumerate(_FIRSTS)
                 if firsts is None or char in firsts or DIGIT in firsts and char.isdecimal())


def rule_starts(text: str) -> list[int]:
    """The offsets in ``text`` where some rule may match."""
    return [m.start() for m in _RULE_STARTS.finditer(_lower(text))]


def _rule_matches(text: str, starts: list[int]) -> Iterator[tuple[int, re.Match[str]]]:
    """(rule order, match): for each rule what its ``finditer`` over ``text`` gives, trying it
    only at the offsets ``starts`` where some rule matches and its match can start."""
    ends = [0] * len(_COMPILED)  # each rule's matches do not overlap, as in finditer
    for start in starts:
        for order in _rules_starting_with(_lower(text[start])):
            if start >= ends[order] and (m := _COMPILED[order][1].match(text, start)) is not None:
                ends[order] = max(m.end(), start + 1)
                yield order, m


def scan(text: str, ref: date | None, tense_at: Callable[[int, int], str | None] | None = None,
         confirmed: Callable[[int, int], bool] | None = None) -> list[Found]:
    """Every time expression in ``text``: the longest non-overlapping rule matches, in order.

    ``tense_at(start, end)`` gives the tense (``"past"``, ``"future"`` or None) of the clause
    around a match; relative weekdays, months and seasons depend on it. Matches of weak rules
    (a bare "May", "1990", "years") are kept only where ``confirmed(start, end)`` holds, when
    given. A rule whose pattern has a group ``x`` marks with it the expression's extent
    ("in 2011" → "2011").
    """
    candidates = []
    for order, m in _rule_matches(text, rule_starts(text)):
        _, regex, resolve, weak = _COMPILED[order]
        start, end = m.span("x") if "x" in regex.groupindex else m.span()
        if end > start:
            candidates.append((start, end, order, m, resolve, weak))
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0], c[2]))
    taken: list[tuple[int, int]] = []
    found = []
    for start, end, _, m, resolve, weak in candidates:
        if any(start < e and s < end for s, e in taken):
            continue
        if weak and confirmed is not None and not confirmed(start, end):
            continue
        tense = tense_at(start, end) if tense_at else None
        timex = resolve(m, Context(ref, tense))
        if timex is None:
            continue
        taken.append((start, end))
        found.append(Found(start, end, timex, weak))
    return sorted(found, key=lambda f: f.start)


def normalize(expression: str, ref: date | None, tense: str | None = None) -> Timex | None:
    """The TIMEX3 of one whole time expression, or None when the grammar does not read it all."""
    found = scan(expression, ref, lambda s, e: tense)
    if len(found) == 1 and (found[0].start, found[0].end) == (0, len(expression)):
        return found[0].timex
    return None
