"""Short phrases for reasons: times in the user's zone (and the customer's), spans, days."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from custjournal.domain.errors import ValidationError
from custjournal.domain.times import format_dual, humanize_delta, strftime
from custjournal.domain.times import zone as _zone


# Times written into reasons and facts repeat (meetings start on the hour): each is written
# once per zone and clock. Pure functions of their arguments, so caching changes nothing else.
@lru_cache(maxsize=512)
def zone(name: str) -> ZoneInfo:
    # Held here so the zone stays in ZoneInfo's own cache: hundreds of reasons in a dozen zones
    # would otherwise read the zone files again and again.
    return _zone(name)


@lru_cache(maxsize=8192)
def when(
    moment: datetime, *, user_tz: str, other_tz: str | None = None, now: datetime | None = None
) -> str:
    """ "Tue 24 Nov 09:00" in the user's zone, plus the other zone's clock when it differs
    (and the year, when it is not now's)."""
    zone(user_tz)
    if other_tz:
        try:
            zone(other_tz)
        except ValidationError:
            other_tz = None  # a stored zone the system does not know: show the user's time only
    return format_dual(moment, user_tz=user_tz, other_tz=other_tz, now=now)


@lru_cache(maxsize=8192)
def span(delta: timedelta) -> str:
    """ "45 min", "20 h", "3 days", "5 weeks", "7 months" — rounded the way people speak."""
    days = abs(delta.total_seconds()) / 86400
    if days < 14:
        return humanize_delta(delta)
    if days < 61:
        return f"{round(days / 7)} weeks"
    return f"{round(days / 30.44)} months"


@lru_cache(maxsize=8192)
def day_phrase(moment: datetime, *, now: datetime, user_tz: str) -> str:
    """ "today", "yesterday", "on Monday", "tomorrow", "on 12 Nov" as the user's calendar has it."""
    tz = zone(user_tz)
    day = moment.astimezone(tz).date()
    today = now.astimezone(tz).date()
    offset = (day - today).days
    if offset == 0:
        return "today"
    if offset == -1:
        return "yesterday"
    if offset == 1:
        return "tomorrow"
    if -7 < offset < 7:
        return f"on {moment.astimezone(tz):%A}"
    if day.year == today.year:
        return f"on {moment.astimezone(tz):%d %b}"
    return f"on {moment.astimezone(tz):%d %b %Y}"


@lru_cache(maxsize=8192)
def iso(moment: datetime | None, user_tz: str) -> str:
    """A precise time for the facts list, in the user's zone."""
    if moment is None:
        return "—"
    return strftime(moment.astimezone(zone(user_tz)), "%Y-%m-%d %H:%M %Z")


@lru_cache(maxsize=8192)
def clock(moment: datetime, user_tz: str) -> str:
    """ "14:30" in the user's zone."""
    return strftime(moment.astimezone(zone(user_tz)), "%H:%M")
