"""Date words in note sentences ("by Thursday", "end of month", "in two weeks") and when they fall.

Pure: the note's own time (`written_at`) and the customer's zone are passed in. The rules a
person can rely on (also in docs of the labelled set):
- a promise due on a day is due at 17:00 local time (morning 09:00, noon 12:00, afternoon
  15:00, evening/tonight 19:00, an explicit time wins);
- a weekday is its next occurrence after the note's day (the same weekday means a week later);
  "next Friday" is the Friday of next calendar week;
- "next week" is due on Friday of next week; "early next week" Tuesday, "mid next week"
  Wednesday; "this week"/"end of the week"/EOW this Friday;
- "end of month"/EOM is the month's last day; "next month" is due at the end of next month;
- "by the 20th" is the next 20th still ahead; "before X" is due the day before X;
- "in/within N days/weeks/months" counts from the note's day; "in 48 hours" from its minute;
- a date without a year that is already past means next year; dates in the past
  ("yesterday", "last Friday") and after/since/from dates are never a due.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from custjournal.services.promises import day_words as w


@dataclass(frozen=True, slots=True)
class DateMention:
    """One date expression in a sentence and the due it gives (None when it is no due)."""

    start: int
    end: int
    text: str
    prep: str
    due: datetime | None

    @property
    def deadline(self) -> bool:
        return self.prep in w.DEADLINE_PREPS


def _rx(body: str, *, clock: bool = True) -> re.Pattern[str]:
    # The preposition before a date ("by", "before") is read backwards once a date is found:
    # an optional group in front would be tried at every position of every sentence.
    return re.compile(rf"\b(?P<body>{body})" + (w.TIME if clock else "") + r"(?!\w)", re.IGNORECASE)


_PREP_BEFORE = re.compile(w.PREP.removesuffix("?") + "$", re.IGNORECASE)


# Longer, more specific expressions first: an overlap keeps the longest, then the earliest.
_KINDS: tuple[tuple[re.Pattern[str], w.Resolver], ...] = (
    (
        _rx(
            r"yesterday|last\s+(?:week|month|year|" + w.WD + r")|(?:the\s+)?previous\s+"
            r"(?:week|month|" + w.WD + r")|earlier\s+(?:this\s+week|today)|" + w.WD + r"'s"
            r"|" + w.WD + r"\s+last\s+week|the\s+other\s+day",
            clock=False,
        ),
        w.past,
    ),
    (_rx(r"(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})"), w.iso),
    (
        _rx(
            r"(?:" + w.WD + r",?\s+)?(?:the\s+)?(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?\s+"
            r"(?P<mon>" + w.MONTHS + r")(?:,?\s+(?P<y>\d{4}))?"
        ),
        w.dm,
    ),
    (
        _rx(
            r"(?:" + w.WD + r",?\s+)?(?P<mon>" + w.MONTHS + r")\s+(?:the\s+)?(?P<d>\d{1,2})"
            r"(?:st|nd|rd|th)?(?![\d:])(?:,?\s+(?P<y>\d{4}))?"
        ),
        w.dm,
    ),
    (_rx(r"(?:" + w.WD + r",?\s+)?the\s+(?P<d>\d{1,2})(?:st|nd|rd|th)"), w.wd_nth),
    (
        _rx(
            r"(?:(?P<mod>early|beginning\s+of|start\s+of|mid|middle\s+of|end\s+of|the\s+end\s+of"
            r"|late|later)[\s-]+)?next\s+week(?:\s+(?:on\s+)?(?P<wd>" + w.WD + r"))?"
            r"|(?P<after>the\s+week\s+after\s+next)",
        ),
        w.next_week,
    ),
    (
        _rx(
            r"(?:the\s+)?(?:end|close)\s+of\s+(?:the\s+|this\s+)?(?:working\s+|work\s+)?week"
            r"|eow|this\s+week|later\s+this\s+week|(?<=by\s)the\s+weekend"
        ),
        w.this_week,
    ),
    (
        _rx(
            r"(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?month|eom|month[\s-]end|(?:the\s+)?end\s+of"
            r"\s+next\s+month|next\s+month|(?:the\s+)?end\s+of\s+(?P<mon>" + w.MONTHS + r")"
            r"|(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?year|year[\s-]end|eoy"
            r"|(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?quarter|(?:(?:the\s+)?end\s+of\s+)?"
            r"q(?P<q>[1-4])"
        ),
        w.month,
    ),
    (
        _rx(
            r"(?:in|within)\s+(?:the\s+next\s+)?(?P<n>" + w.NUMBER + r")\s+(?P<unit>(?:business"
            r"\s+|working\s+)?days?|hours?|weeks?|fortnights?|months?)(?:'s\s+time|\s+time)?",
            clock=False,
        ),
        w.span,
    ),
    (
        _rx(
            r"(?P<n>" + w.NUMBER + r")\s+(?P<unit>days?|weeks?)\s+later|(?:the\s+)?(?P<u2>day|"
            r"week)\s+after(?!\s+(?:next|tomorrow))",
            clock=False,
        ),
        w.later,
    ),
    (
        _rx(
            r"day\s+after\s+tomorrow|tomorrow|tmrw|tmr|tomorow|2moro|today|tonight|later\s+today"
            r"|eod|cob|eob|close\s+of\s+business|end\s+of\s+(?:the\s+)?(?:business\s+)?day"
            r"|this\s+(?:morning|afternoon|evening)"
        ),
        w.relday,
    ),
    (
        _rx(
            r"(?:(?P<q>this|next|coming|the\s+coming|every)\s+)?(?P<wd>" + w.WD + r")(?!')"
            r"(?:\s+(?P<nw>next\s+week|this\s+week|week\s+after\s+next))?"
        ),
        w.weekday,
    ),
    (
        _rx(
            r"(?:in\s+)?(?P<mon>january|february|march|april|may|june|july|august|september"
            r"|october|november|december)(?!\s+\d)",
            clock=False,
        ),
        w.month,
    ),
    (
        re.compile(
            r"\b(?P<prep>by|before|at)\s+(?P<body>)(?P<t1>\d{1,2}(?::\d{2})?\s*(?:am|pm)\b"
            r"|\d{1,2}:\d{2}\b|noon\b|midday\b)(?P<t2>)?(?P<part>)?",
            re.IGNORECASE,
        ),
        w.clock,
    ),
)


def _clock_time(m: re.Match[str]) -> time | None:
    if w.g(m, "part"):
        return w.PARTS[w.g(m, "part").lower()]
    text = (w.g(m, "t1") or w.g(m, "t2") or "").lower().replace(" ", "")
    if not text:
        return None
    if text in w.PARTS:
        return w.PARTS[text]
    found = re.fullmatch(r"(\d{1,2})(?::(\d{2}))?(am|pm)?", text)
    if not found:
        return None
    hour, minute = int(found[1]), int(found[2] or 0)
    if found[3]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if found[3] == "pm" else 0)
    elif w.g(m, "t2") and 1 <= hour <= 7:
        hour += 12  # "at 3" in a working note means the afternoon
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def local_time(day: date, at: time, tz: ZoneInfo) -> datetime:
    """`day at` in `tz`; a wall time skipped by a DST change moves on by the gap."""
    naive = datetime.combine(day, at)
    aware = naive.replace(tzinfo=tz)
    back = aware.astimezone(UTC).astimezone(tz)
    if back.replace(tzinfo=None) != naive:
        return (naive + timedelta(hours=1)).replace(tzinfo=tz).astimezone(UTC).astimezone(tz)
    return aware


# "Before Friday" is due Thursday; "before the end of the month" is still the month's last day.
_POINT_DAYS = frozenset({w.iso, w.dm, w.wd_nth, w.relday, w.weekday})


# Words one of which must occur for each kind above to be worth running (a kind's regex costs
# far more than these substring checks); "0" stands for "any digit".
_GATES: tuple[tuple[str, ...], ...] = (
    ("yesterday", "last", "previous", "earlier", "'s", "other day"),
    ("0",),
    ("0",),
    ("0",),
    ("0",),
    ("next week", "week after next"),
    ("week", "eow", "weekend"),
    ("month", "eom", "year", "eoy", "quarter", "q1", "q2", "q3", "q4", "end of"),
    ("in ", "within"),
    ("later", "after"),
    ("tomorrow", "tmrw", "tmr", "tomorow", "2moro", "today", "tonight", "eod", "cob", "eob",
     "close of business", "end of", "this morning", "this afternoon", "this evening"),
    ("mon", "tue", "wed", "thu", "fri", "saturday", "sunday"),
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
    ("0", "noon", "midday"),
)  # fmt: skip
assert len(_GATES) == len(_KINDS)


def _worth_trying(text: str) -> list[tuple[re.Pattern[str], w.Resolver]]:
    lowered = " ".join(text.lower().split())
    if any(ch.isdigit() for ch in lowered):
        lowered += " 0"
    return [
        kind for kind, gate in zip(_KINDS, _GATES, strict=True) if any(g in lowered for g in gate)
    ]


def find_dates(text: str, *, written_at: datetime, tz: ZoneInfo) -> list[DateMention]:
    """Every date expression in `text`, left to right, each with the due it gives."""
    found: list[tuple[int, int, re.Match[str], w.Resolver, str]] = []
    for pattern, resolver in _worth_trying(text):
        for m in pattern.finditer(text):
            if m.end() > m.start() and m["body"] is not None:
                start, prep = m.start(), w.g(m, "prep")
                if not prep and (before := _PREP_BEFORE.search(text, max(0, start - 24), start)):
                    start, prep = before.start(), before["prep"]
                found.append((start, m.end(), m, resolver, " ".join(prep.lower().split())))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    chosen: list[tuple[int, int, re.Match[str], w.Resolver, str]] = []
    for item in found:
        if not chosen or item[0] >= chosen[-1][1]:
            chosen.append(item)
            continue
        # A longer expression starting inside the previous one wins ("on Friday the 27th").
        longer = item[1] - item[0] > chosen[-1][1] - chosen[-1][0]
        if longer and not (len(chosen) > 1 and item[0] < chosen[-2][1]):
            chosen[-1] = item
    local_now = written_at.astimezone(tz)
    mentions: list[DateMention] = []
    previous: datetime | None = None
    for start, end, m, resolver, prep in chosen:
        ctx = w.Ctx(today=local_now.date(), written_at=written_at, tz=tz, previous=previous)
        due = _due(m, resolver, ctx, prep)
        if due is not None and (prep in w.NOT_DUE_PREPS or due.date() < ctx.today):
            due = None
        if due is not None:
            previous = due
        mentions.append(DateMention(start, end, text[start:end], prep, due))
    return mentions


def _due(m: re.Match[str], resolver: w.Resolver, ctx: w.Ctx, prep: str) -> datetime | None:
    resolved = resolver(m, ctx)
    if resolved is None:
        return None
    if isinstance(resolved, datetime):
        return resolved.astimezone(ctx.tz)
    day, at = resolved
    explicit = _clock_time(m)
    if prep in w.BEFORE_PREPS and explicit is None and at is None and resolver in _POINT_DAYS:
        day -= timedelta(days=1)
    at = explicit or at or w.DUE_TIME
    due = local_time(day, at, ctx.tz)
    if resolver is w.clock and due <= ctx.written_at:
        due = local_time(day + timedelta(days=1), at, ctx.tz)
    return due
