"""How times, spans, money and enum values read in the window."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from custjournal.domain.errors import ValidationError
from custjournal.domain.times import format_dual, humanize_delta, zone

if TYPE_CHECKING:
    from custjournal.services.commitment_views import CommitmentView


def when(
    value: datetime | None,
    user_tz: str,
    other_tz: str | None = None,
    *,
    now: datetime | None = None,
) -> str:
    """A time in the user's zone and, where it differs, the customer's; given `now`, with its
    year when that is not now's."""
    if value is None:
        return "—"
    try:
        return format_dual(value, user_tz=user_tz, other_tz=other_tz or None, now=now)
    except ValidationError:
        return format_dual(value, user_tz=user_tz, other_tz=None, now=now)


def day(value: datetime | None, user_tz: str) -> str:
    if value is None:
        return "—"
    return value.astimezone(zone(user_tz)).strftime("%a %d %b %Y")


def relative(value: datetime | None, now: datetime) -> str:
    """ "in 3 h", "2 days ago", "now"."""
    if value is None:
        return "never"
    delta = value - now
    if abs(delta.total_seconds()) < 60:
        return "now"
    span = humanize_delta(delta)
    return f"in {span}" if delta.total_seconds() > 0 else f"{span} ago"


def local_time_now(tz_name: str, now: datetime) -> str:
    """What the clock on the customer's wall says now."""
    try:
        local = now.astimezone(zone(tz_name))
    except ValidationError:
        return "—"
    return local.strftime("%H:%M %a") + f" ({local.strftime('%Z')})"


def money(amount: Decimal | None, currency: str = "") -> str:
    if amount is None:
        return "not agreed"
    return f"{amount:,.2f} {currency}".strip()


def date_text(value: date | None) -> str:
    return value.isoformat() if value else "—"


def label(value: object) -> str:
    """An enum value as a person reads it: 'business-only' -> 'Business-only'."""
    if value is None or value == "":
        return "—"
    text = str(getattr(value, "value", value))
    return text[:1].upper() + text[1:]


def who(commitment: CommitmentView, me: str) -> str:
    """Who owes a commitment: Me, Them, or the colleague who owns it (`me`: this computer's
    person, services.profile.owner)."""
    if commitment.direction.value != "mine":
        return "Them"
    return commitment.colleague(me) or "Me"


def count(n: int, word: str, plural: str | None = None) -> str:
    """'1 item', '3 items', '0 items' ('1 entry', '2 entries' with `plural` given)."""
    return f"{n:,} {word if n == 1 else (plural or word + 's')}"
