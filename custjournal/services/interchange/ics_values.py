"""Reading one VEVENT/VTODO's values with icalendar, every bad one named by its line."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

try:
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON
except ImportError:  # older icalendar releases: Windows names then resolve via VTIMEZONE only
    WINDOWS_TO_OLSON = {}

from custjournal.domain import ValidationError
from custjournal.domain.times import zone
from custjournal.services.interchange.common import snippet
from custjournal.services.interchange.contentlines import Component, unescape


def value_of(prop: Any) -> Any:
    """The value of a date/time/duration property, or None when icalendar could not read it."""
    try:
        return prop.dt
    except Exception:  # BrokenCalendarProperty, AttributeError, ...: the caller names the line
        return None


def values_of(prop: Any) -> list[Any]:
    try:
        return list(prop.dts)
    except Exception:
        return []


def date_problem(text: str) -> str:
    m = re.match(r"\s*(\d+)(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2}))?", text)
    if m and len(m.group(1)) > 4:
        return f"{snippet(text)}: years after 9999 are not supported"
    if m and len(m.group(1)) == 4:
        try:
            date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if m.group(4) and (int(m.group(4)) > 23 or int(m.group(5)) > 59):
                return f"{snippet(text)} is not a time of day"
        except ValueError as exc:
            return f"{snippet(text)} is not a real date ({exc})"
    return f"{snippet(text)} is not a date or date-time (YYYYMMDD or YYYYMMDDTHHMMSS)"


class Reader:
    """Reads one VEVENT/VTODO, turning every bad value into an error naming its line."""

    def __init__(self, ical: Any, mine: Component, source: str, default_zone: str | None):
        self.ical = ical
        self.mine = mine
        self.source = source
        self.default_zone = default_zone
        self.warnings: list[str] = []
        self.broken = {name for name, _ in getattr(ical, "errors", []) if name}

    def where(self, name: str | None = None) -> str:
        line = self.mine.line_of(name) if name else self.mine.line
        return f"{self.source} line {line}"

    def has(self, name: str) -> bool:
        return self.mine.first(name) is not None

    def text(self, name: str) -> str:
        """A text property as written (unescaped); read from the scanner, not icalendar."""
        line = self.mine.first(name)
        return unescape(line.value).strip() if line else ""

    def when(self, name: str) -> tuple[datetime, str | None, bool, bool] | None:
        """(value, IANA zone or None, floating, all day) of a date property, if present."""
        if name not in self.ical:
            return None
        prop = self.ical.get(name)
        if isinstance(prop, list):
            raise ValidationError(self.where(name), f"{name} appears more than once")
        value = None if name in self.broken else value_of(prop)
        raw = self.mine.first(name)
        if name in self.broken or not isinstance(value, date):
            problem = date_problem(raw.value if raw else "")
            raise ValidationError(self.where(name), f"{name} {problem}")
        if not isinstance(value, datetime):
            return datetime.combine(value, datetime.min.time()), None, True, True
        if value.tzinfo is None:
            tzid = raw.param("TZID") if raw else ""
            if tzid:
                self.warnings.append(
                    f"{self.where(name)}: time zone {tzid!r} is unknown and not defined in "
                    "the file; read as your own zone"
                )
            return value, None, True, False
        key = getattr(value.tzinfo, "key", None)
        if key and key != "UTC":
            return value, key, False, False
        if value.utcoffset() == timedelta(0) and (key == "UTC" or not raw or not raw.param("TZID")):
            return value.astimezone(UTC), self.default_zone, False, False
        tzid = raw.param("TZID") if raw else ""
        iana = iana_zone(tzid)
        if iana:
            # The file's own VTIMEZONE for a Windows name: keep the wall clock in the real zone.
            return value.replace(tzinfo=zone(iana), fold=0), iana, False, False
        self.warnings.append(
            f"{self.where(name)}: time zone {tzid!r} is not a known IANA or Windows zone; "
            "the time is kept exact and shown in your own zone"
        )
        return value.astimezone(UTC), None, False, False

    def instants(self, name: str, zone_name: str | None) -> tuple[datetime, ...]:
        if name not in self.ical:
            return ()
        if name in self.broken:
            raw = self.mine.first(name)
            problem = date_problem(raw.value if raw else "")
            raise ValidationError(self.where(name), f"{name} {problem}")
        props = self.ical.get(name)
        found: list[datetime] = []
        for prop in props if isinstance(props, list) else [props]:
            for item in values_of(prop):
                value = value_of(item)
                if value is None:
                    raise ValidationError(
                        self.where(name), f"{name} has a value that is not a date"
                    )
                if isinstance(value, tuple):  # RDATE periods: the start counts
                    value = value[0]
                if not isinstance(value, datetime):
                    value = datetime.combine(value, datetime.min.time())
                if value.tzinfo is None:
                    tz = zone(zone_name) if zone_name else None
                    value = value.replace(tzinfo=tz) if tz else value
                found.append(value)
        return tuple(found)

    def emails(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        everyone: list[str] = []
        accepted: list[str] = []
        for name in ("ORGANIZER", "ATTENDEE"):
            for line in self.mine.all(name):
                address = line.value.strip()
                if address.lower().startswith("mailto:"):
                    address = address[7:]
                address = (line.param("EMAIL") or address).strip().lower()
                if "@" not in address:
                    continue
                everyone.append(address)
                if line.param("PARTSTAT").upper() == "ACCEPTED":
                    accepted.append(address)
        return tuple(dict.fromkeys(everyone)), tuple(dict.fromkeys(accepted))


def iana_zone(tzid: str) -> str | None:
    """The IANA name behind a TZID: itself, a vendor-prefixed path, or a Windows zone name."""
    tzid = tzid.strip()
    if not tzid:
        return None
    candidates = [tzid, WINDOWS_TO_OLSON.get(tzid, "")]
    m = re.search(r"([A-Za-z_]+/[A-Za-z0-9_+-]+(?:/[A-Za-z0-9_+-]+)?)$", tzid)
    if m:
        candidates.append(m.group(1))
    return next((c for c in candidates if c and valid_zone(c)), None)


def valid_zone(name: str) -> str | None:
    try:
        zone(name)
    except ValidationError:
        return None
    return name
