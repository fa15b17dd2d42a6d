"""Time values: natural date entry, IANA zones, and showing a time in two zones.

Everything here is pure: the current time is always passed in as `now`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import cache, lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil import parser as dateparser

from custjournal.domain.errors import ValidationError

# The longest an appointment (or a change window) may last: two weeks.
MAX_DURATION_MINUTES = 14 * 24 * 60

# Years a journal keeps; outside them times overflow in some zones and files stop round-tripping.
MIN_YEAR, MAX_YEAR = 1900, 9000

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DEFAULT_TIME = time(9, 0)


def zone(name: str, field: str = "timezone") -> ZoneInfo:
    """The IANA zone called `name`, or a ValidationError naming the field."""
    try:
        if not name or name != name.strip() or ".." in name or name.startswith("/"):
            raise ZoneInfoNotFoundError(name)
        return _loaded(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValidationError(
            field, f"{name!r} is not a known time zone (use an IANA name like Europe/Helsinki)"
        ) from None


@cache
def _loaded(name: str) -> ZoneInfo:
    # ZoneInfo keeps only the last eight zones alive: a journal's customers live in dozens,
    # and each zone was read from its file again and again (Today's first paint read 73).
    # Only names that loaded are kept, at most the few hundred IANA has.
    return ZoneInfo(name)


def check_year(value: datetime, field: str) -> datetime:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValidationError(field, f"the year must be between {MIN_YEAR} and {MAX_YEAR}")
    return value


def localize(naive: datetime, tz: ZoneInfo, field: str = "when") -> datetime:
    """Attach `tz` to a wall-clock time; a time skipped by a DST change is refused."""
    check_year(naive, field)
    aware = naive.replace(tzinfo=tz, fold=0)
    back = aware.astimezone(UTC).astimezone(tz)
    if back.replace(tzinfo=None) != naive.replace(tzinfo=None):
        raise ValidationError(
            field,
            f"{naive:%Y-%m-%d %H:%M} does not exist in {tz.key} (the clocks change then)",
        )
    return aware


def require_aware(value: datetime, field: str) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValidationError(field, "a time needs a zone (e.g. +02:00 or Z)")
    return check_year(value, field)


def parse_iso(text: str, field: str, tz: ZoneInfo | None = None) -> datetime:
    """An ISO-8601 time; a time without offset is read in `tz` (or refused if none)."""
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValidationError(field, f"{text!r} is not an ISO-8601 date and time") from None
    if value.tzinfo is None:
        if tz is None:
            raise ValidationError(field, f"{text!r} has no zone (add +02:00 or Z)")
        value = localize(value, tz, field)
    return check_year(value, field)


_TIME = r"(?P<time>(?:noon|midnight|\d{1,2}(?::\d{2})?\s*(?:am|pm)?|\d{1,2}:\d{2}))"
_RELATIVE_DAY = re.compile(rf"^(?P<day>today|tomorrow|tonight|yesterday)(?:\s+(?:at\s+)?{_TIME})?$")
_WEEKDAY = re.compile(
    r"^(?:(?P<next>next|this)\s+)?(?P<wd>mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?"
    r"|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)"
    rf"\.?(?:\s+(?:at\s+)?{_TIME})?$"
)
_IN = re.compile(r"^in\s+(?P<n>\d{1,4})\s+(?P<unit>minute|hour|day|week)s?$")


def _parse_time(text: str | None, default: time, field: str) -> time:
    if not text:
        return default
    text = text.strip()
    if text == "noon":
        return time(12, 0)
    if text == "midnight":
        return time(0, 0)
    m = re.fullmatch(r"(\d{1,2})(?::(\d{2}))?\s*(am|pm)?", text)
    if not m:
        raise ValidationError(field, f"{text!r} is not a time of day")
    hour, minute, half = int(m.group(1)), int(m.group(2) or 0), m.group(3)
    if half:
        if not 1 <= hour <= 12:
            raise ValidationError(field, f"{text!r}: hours run 1-12 with am/pm")
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        raise ValidationError(field, f"{text!r} is not a time of day")
    return time(hour, minute)


def parse_when(
    text: str,
    *,
    now: datetime,
    tz: ZoneInfo,
    field: str = "when",
    default_time: time = DEFAULT_TIME,
    prefer_future: bool = False,
) -> datetime:
    """Read what a person types for a time: "tomorrow 9am", "fri 17:00", "2026-12-03 14:30".

    Relative words count from `now` as seen in `tz`; the result is aware, in `tz` unless the
    text carries its own offset. With `prefer_future` (a due date, a meeting), a day and month
    without a year that has already passed means next year's.
    """
    raw = " ".join(text.strip().lower().split())
    if not raw:
        raise ValidationError(field, "is empty; type a date like 'tomorrow 9am' or 2026-12-03")
    today = now.astimezone(tz).date()
    if m := _RELATIVE_DAY.match(raw):
        offset = {"today": 0, "tonight": 0, "tomorrow": 1, "yesterday": -1}[m["day"]]
        default = time(19, 0) if m["day"] == "tonight" else default_time
        at = _parse_time(m["time"], default, field)
        return localize(datetime.combine(today + timedelta(days=offset), at), tz, field)
    if m := _WEEKDAY.match(raw):
        wanted = WEEKDAYS.index(next(w for w in WEEKDAYS if w.startswith(m["wd"][:3])))
        at = _parse_time(m["time"], default_time, field)
        ahead = (wanted - today.weekday()) % 7
        candidate = localize(datetime.combine(today + timedelta(days=ahead), at), tz, field)
        if candidate <= now or m["next"] == "next" and ahead == 0:
            candidate = localize(datetime.combine(today + timedelta(days=ahead + 7), at), tz, field)
        return candidate
    if m := _IN.match(raw):
        amount = int(m["n"])
        delta = {
            "minute": timedelta(minutes=amount),
            "hour": timedelta(hours=amount),
            "day": timedelta(days=amount),
            "week": timedelta(weeks=amount),
        }[m["unit"]]
        if m["unit"] in ("minute", "hour"):
            return (now + delta).astimezone(tz)
        return localize(datetime.combine(today + delta, default_time), tz, field)
    if raw == "next week":
        monday = today + timedelta(days=7 - today.weekday())
        return localize(datetime.combine(monday, default_time), tz, field)
    value = _parse_absolute(
        text.strip(), today=today, tz=tz, field=field, default_time=default_time
    )
    if prefer_future and value < now - timedelta(days=1) and not re.search(r"\d{4}", text):
        value = _parse_absolute(
            f"{text.strip()} {today.year + 1}", today=today, tz=tz, field=field,
            default_time=default_time,
        )  # fmt: skip
    return value


_HALF_DAY = re.compile(r"\b(\d{1,2})(?::\d{2})?\s*(am|pm)\b", re.I)


def _parse_absolute(
    text: str, *, today: date, tz: ZoneInfo, field: str, default_time: time
) -> datetime:
    for match in _HALF_DAY.finditer(text):
        if not 1 <= int(match.group(1)) <= 12:
            raise ValidationError(field, f"{match.group(0)!r}: hours run 1-12 with am/pm")
    default = datetime.combine(today, default_time)
    try:
        value = dateparser.parse(text, default=default, dayfirst=False, fuzzy=False)
    except (dateparser.ParserError, ValueError, OverflowError) as exc:
        detail = str(exc).split(":")[0]
        if "out of range" in detail or "must be in" in detail:
            raise ValidationError(field, f"{text!r} is not a real date ({detail})") from None
        raise ValidationError(
            field, f"{text!r} is not a date I understand (try 'fri 17:00' or 2026-12-03 14:30)"
        ) from None
    if value.year != today.year and not re.search(r"\d{4}", text):
        # dateutil reads a stray two-digit number as a year ("99 dec" -> 1999): ask instead.
        raise ValidationError(field, f"{text!r}: write the year in full (e.g. 2027-01-15)")
    if value.tzinfo is not None:
        return check_year(value, field)
    return localize(value, tz, field)


def to_zone(value: datetime, tz: str | tzinfo) -> datetime:
    return value.astimezone(zone(tz) if isinstance(tz, str) else tz)


def city(tz_name: str) -> str:
    """A readable place for a zone: "Europe/Helsinki" -> "Helsinki"."""
    return tz_name.rsplit("/", 1)[-1].replace("_", " ")


_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# Each field as the expression that writes it from `t`, for the formats compiled below.
_FIELDS = {
    "a": "_DAYS[t.weekday()]",
    "d": "t.day:02d",
    "b": "_MONTHS[t.month - 1]",
    "m": "t.month:02d",
    "Y": "t.year:04d",
    "H": "t.hour:02d",
    "M": "t.minute:02d",
    "Z": "t.tzname() or ''",
}


def strftime(moment: datetime, fmt: str) -> str:
    """`moment.strftime(fmt)` in English whatever the process locale, for the fields custjournal
    writes (%a %d %b %m %Y %H %M %Z).

    The window's toolkit switches the C locale to the desktop's, so strftime wrote "Mo" in one
    process and "Mon" in another. Each format is compiled once; writing it costs half what
    strftime does (a busy week's page writes tens of thousands of times).
    """
    write = _compiled(fmt)
    if write is None:
        return moment.strftime(fmt)  # a field this does not know: the library's way
    return write(moment)


@lru_cache(maxsize=64)
def _compiled(fmt: str) -> Callable[[datetime], str] | None:
    """`fmt` as one f-string over `t` (as dataclasses writes __init__): its fields inline, its
    literal text passed in as names, so no character of it is ever read as code."""
    parts: list[str] = []
    literals: dict[str, str] = {}
    text, index = "", 0

    def flush() -> None:
        nonlocal text
        if text:
            name = f"_text{len(literals)}"
            literals[name] = text
            parts.append("{" + name + "}")
            text = ""

    while index < len(fmt):
        char = fmt[index]
        if char != "%":
            text += char
            index += 1
            continue
        code = fmt[index + 1 : index + 2]
        if code == "%":
            text += "%"
        elif code in _FIELDS:
            flush()
            parts.append("{" + _FIELDS[code] + "}")
        else:
            return None
        index += 2
    flush()
    scope: dict[str, object] = {"_DAYS": _DAYS, "_MONTHS": _MONTHS, **literals}
    return eval(f'lambda t: f"{"".join(parts)}"', scope)  # type: ignore[no-any-return]


def format_dual(
    value: datetime,
    *,
    user_tz: str,
    other_tz: str | None,
    fmt: str = "%a %d %b %H:%M",
    now: datetime | None = None,
) -> str:
    """ "Mon 07 Dec 10:00 your time — 11:00 in Helsinki" (one zone only when they agree).

    Given `now`, a time in another year than now's says its year ("Wed 30 Sep 2025 10:00"):
    without it, last September reads like this one.
    """
    mine = value.astimezone(zone(user_tz))
    if now is not None and fmt.endswith(" %H:%M") and mine.year != now.astimezone(mine.tzinfo).year:
        fmt = fmt[: -len(" %H:%M")] + " %Y %H:%M"
    text = strftime(mine, fmt)
    if not other_tz or other_tz == user_tz:
        return text
    theirs = value.astimezone(zone(other_tz))
    if theirs.utcoffset() == mine.utcoffset():
        return text
    their_fmt = "%H:%M" if theirs.date() == mine.date() else "%a %H:%M"
    return f"{text} your time — {strftime(theirs, their_fmt)} in {city(other_tz)}"


def humanize_delta(delta: timedelta) -> str:
    """A short span a person reads at a glance: "20 h", "3 days", "45 min"."""
    seconds = abs(delta.total_seconds())
    if seconds < 3600:
        return f"{max(1, round(seconds / 60))} min"
    if seconds < 48 * 3600:
        return f"{round(seconds / 3600)} h"
    days = round(seconds / 86400)
    return f"{days:,} days"
