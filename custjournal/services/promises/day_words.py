"""How each kind of date expression falls, counted from the note's day (calendar arithmetic)."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

DUE_TIME = time(17, 0)
PARTS = {
    "morning": time(9, 0),
    "noon": time(12, 0),
    "midday": time(12, 0),
    "lunch": time(12, 0),
    "lunchtime": time(12, 0),
    "afternoon": time(15, 0),
    "evening": time(19, 0),
    "night": time(19, 0),
}
DEADLINE_PREPS = frozenset(
    {"by", "before", "until", "till", "til", "due", "no later than", "not later than",
     "ahead of", "prior to"}
)  # fmt: skip
BEFORE_PREPS = frozenset({"before", "ahead of", "prior to"})
NOT_DUE_PREPS = frozenset({"from", "after", "since", "starting"})

_WD_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WD = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|mon|tues|tue|wed|thurs|thur|thu|fri)\.?"
)
MONTHS = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
)
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "a couple of": 2, "couple of": 2, "a few": 3, "few": 3,
}  # fmt: skip
NUMBER = r"(?:\d{1,3}|a couple of|couple of|a few|few|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"  # noqa: E501

PREP = (
    r"(?:\b(?P<prep>no later than|not later than|at the latest by|ahead of|prior to|by|before"
    r"|until|till|til|on|for|at|due|from|after|since|starting)\s+)?"
)
TIME = (
    r"(?:,?\s+(?:at\s+)?(?P<t1>\d{1,2}(?::\d{2})?\s*(?:am|pm)\b|\d{1,2}:\d{2}\b|noon\b|midday\b)"
    r"|\s+at\s+(?P<t2>\d{1,2})\b(?![:.]\d|\s*(?:%|st\b|nd\b|rd\b|th\b|people|persons|euros?))"
    r"|\s+(?:in\s+the\s+)?(?P<part>morning|afternoon|evening|night|lunchtime|lunch)\b)?"
)


@dataclass(frozen=True, slots=True)
class Ctx:
    today: date
    written_at: datetime
    tz: ZoneInfo
    previous: datetime | None


# A resolver gives a local day (with an optional explicit time), an exact instant, or None.
_Resolved = tuple[date, time | None] | datetime | None
Resolver = Callable[[re.Match[str], Ctx], _Resolved]


def g(m: re.Match[str], name: str) -> str:
    """A group's text, or "" when the group is absent from this pattern or did not take part."""
    return m.groupdict().get(name) or ""


def _weekday_index(word: str) -> int:
    word = word.lower().rstrip(".")
    return next(i for i, name in enumerate(_WD_NAMES) if name.startswith(word[:3]))


def _month_index(word: str) -> int:
    word = word.lower().rstrip(".")[:3]
    return [calendar.month_abbr[i].lower() for i in range(1, 13)].index(word) + 1


def _next_weekday(today: date, wanted: int) -> date:
    ahead = (wanted - today.weekday()) % 7
    return today + timedelta(days=ahead or 7)


def _week_day(today: date, weeks_ahead: int, weekday: int) -> date:
    monday = today - timedelta(days=today.weekday())
    return monday + timedelta(weeks=weeks_ahead, days=weekday)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _day_month(day: int, month: int, year: int | None, today: date) -> date | None:
    try:
        found = date(year or today.year, month, day)
        if year is None and found < today:
            found = date(today.year + 1, month, day)
    except ValueError:
        return None
    return found


def _nth(day: int, today: date) -> date | None:
    if not 1 <= day <= 31:
        return None
    year, month = today.year, today.month
    if day < today.day:
        month += 1
    for _ in range(3):  # the next month that has a 31st
        if month > 12:
            year, month = year + 1, 1
        if day <= calendar.monthrange(year, month)[1]:
            return date(year, month, day)
        month += 1
    return None


def iso(m: re.Match[str], c: Ctx) -> _Resolved:
    try:
        return date(int(m["y"]), int(m["mo"]), int(m["d"])), None
    except ValueError:
        return None


def dm(m: re.Match[str], c: Ctx) -> _Resolved:
    found = _day_month(
        int(m["d"]), _month_index(g(m, "mon")), int(m["y"]) if m["y"] else None, c.today
    )
    return (found, None) if found else None


def wd_nth(m: re.Match[str], c: Ctx) -> _Resolved:
    found = _nth(int(m["d"]), c.today)
    return (found, None) if found else None


def relday(m: re.Match[str], c: Ctx) -> _Resolved:
    word = " ".join(m["body"].lower().split())
    if word.startswith("day after"):
        return c.today + timedelta(days=2), None
    if word in ("tomorrow", "tmrw", "tmr", "tomorow", "2moro"):
        return c.today + timedelta(days=1), None
    if word == "tonight":
        return c.today, PARTS["evening"]
    for part in ("morning", "afternoon", "evening"):
        if word.endswith(part):
            return c.today, PARTS[part]
    return c.today, None


def weekday(m: re.Match[str], c: Ctx) -> _Resolved:
    wanted = _weekday_index(g(m, "wd"))
    qualifier = g(m, "q").lower()
    tail = g(m, "nw").lower()
    if qualifier == "next" or tail == "next week":
        return _week_day(c.today, 1, wanted), None
    if tail == "week after next":
        return _week_day(c.today, 2, wanted), None
    if qualifier == "this" or tail == "this week":
        found = _week_day(c.today, 0, wanted)
        return (found if found >= c.today else _next_weekday(c.today, wanted)), None
    return _next_weekday(c.today, wanted), None


def this_week(m: re.Match[str], c: Ctx) -> _Resolved:
    friday = _week_day(c.today, 0, 4)
    return (friday if friday >= c.today else friday + timedelta(weeks=1)), None


def next_week(m: re.Match[str], c: Ctx) -> _Resolved:
    if g(m, "after"):
        return _week_day(c.today, 2, 4), None
    if g(m, "wd"):
        return _week_day(c.today, 1, _weekday_index(g(m, "wd"))), None
    mod = " ".join(g(m, "mod").lower().split())
    weekday = {"early": 1, "beginning of": 1, "start of": 1, "mid": 2, "middle of": 2}.get(mod, 4)
    return _week_day(c.today, 1, weekday), None


def month(m: re.Match[str], c: Ctx) -> _Resolved:
    body = " ".join(m["body"].lower().split())
    year, month = c.today.year, c.today.month
    if "year" in body or body == "eoy":
        return date(year, 12, 31), None
    if g(m, "q") or "quarter" in body:
        quarter = int(g(m, "q")) if g(m, "q") else (month - 1) // 3 + 1
        last = _month_end(year, quarter * 3)
        return (last if last >= c.today else _month_end(year + 1, quarter * 3)), None
    if g(m, "mon"):
        if g(m, "mon") == "may" and "end" not in body:
            return None  # the modal verb, not the month
        wanted = _month_index(g(m, "mon"))
        return _month_end(year + (wanted < month), wanted), None
    if "next" in body:
        nxt = c.today + relativedelta(months=1)
        return _month_end(nxt.year, nxt.month), None
    return _month_end(year, month), None


_COUNTS_FROM_EVENT = re.compile(r"\s+(?:of|after|from)\s+(?!now\b|today\b)", re.IGNORECASE)


def span(m: re.Match[str], c: Ctx) -> _Resolved:
    if _COUNTS_FROM_EVENT.match(m.string, m.end()):
        return None  # "within a week of getting it": counts from an event, not a date
    number = " ".join(g(m, "n").lower().split())
    amount = _NUMBER_WORDS.get(number) or int(number)
    unit = g(m, "unit").lower()
    if unit.startswith("hour"):
        return c.written_at.astimezone(UTC) + timedelta(hours=amount)  # real hours, not wall
    if unit.startswith("fortnight"):
        return c.today + timedelta(weeks=2 * amount), None
    if unit.startswith("week"):
        return c.today + timedelta(weeks=amount), None
    if unit.startswith("month"):
        return c.today + relativedelta(months=amount), None
    if "business" in unit or "working" in unit:
        day, left = c.today, amount
        while left:
            day += timedelta(days=1)
            left -= day.weekday() < 5
        return day, None
    return c.today + timedelta(days=amount), None


def later(m: re.Match[str], c: Ctx) -> _Resolved:
    if c.previous is None:
        return None
    base = c.previous.astimezone(c.tz)
    number = " ".join((g(m, "n") or "one").lower().split())
    amount = _NUMBER_WORDS.get(number) or int(number)
    unit = (g(m, "unit") or g(m, "u2")).lower()
    delta = timedelta(weeks=amount) if unit.startswith("week") else timedelta(days=amount)
    return (base + delta).date(), base.timetz().replace(tzinfo=None)


def clock(m: re.Match[str], c: Ctx) -> _Resolved:
    return c.today, None  # the time itself is read from the time group


def past(m: re.Match[str], c: Ctx) -> _Resolved:
    return None
