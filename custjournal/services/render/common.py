"""Wording shared by the Markdown and HTML renderers, so the two always say the same."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from custjournal.domain.enums import EtiquetteScope
from custjournal.domain.times import format_dual
from custjournal.services.drift import ProjectTerms, format_money
from custjournal.services.etiquette import Reminder

# Worst first (the rules sort them); past this many the page only says how many more.
MAX_RISKS = 10

SCOPE_TITLES = {
    EtiquetteScope.GLOBAL: "Everywhere",
    EtiquetteScope.CULTURE: "Country",
    EtiquetteScope.CUSTOMER: "This customer",
}

SCOPE_RANK = {EtiquetteScope.GLOBAL: 0, EtiquetteScope.CULTURE: 1, EtiquetteScope.CUSTOMER: 2}


def label(value: object) -> str:
    """An enum or text shown to a person: "business-only" -> "Business-only"."""
    text = str(getattr(value, "value", value) or "")
    return text[:1].upper() + text[1:]


def stamp(value: datetime, tz: str) -> str:
    return format_dual(value, user_tz=tz, other_tz=None, fmt="%Y-%m-%d %H:%M")


def group_reminders(reminders: Iterable[Reminder]) -> list[tuple[str, list[Reminder]]]:
    """Most specific first: this customer, their country, then what applies everywhere."""
    groups: dict[str, list[Reminder]] = {}
    for r in sorted(reminders, key=lambda r: -SCOPE_RANK[r.scope]):
        title = SCOPE_TITLES[r.scope]
        if r.scope == EtiquetteScope.CULTURE:
            title = f"{title}: {r.culture}"
        groups.setdefault(title, []).append(r)
    return list(groups.items())


def signed(value: object, unit: str) -> str:
    if value is None:
        return "n/a"
    text = f"{value:+}" if not isinstance(value, str) else value
    return f"{text}{unit}"


def price_line(t: ProjectTerms) -> str:
    first = format_money(t.first_price, t.currency)
    now = format_money(t.price, t.currency)
    if t.price_changes == 0:
        return f"{now} (unchanged)"
    return f"{first} → {now} ({signed(t.price_drift_pct, ' %')}, {t.price_changes} change(s))"


def timeline_line(t: ProjectTerms) -> str:
    start = t.start.isoformat() if t.start else "no start"
    end = t.end.isoformat() if t.end else "no end"
    if t.timeline_changes == 0:
        return f"{start} – {end} (unchanged)"
    first_end = t.first_end.isoformat() if t.first_end else "none"
    return (
        f"{start} – {end}; end first agreed {first_end} "
        f"({signed(t.timeline_drift_days, ' days')}, {t.timeline_changes} change(s))"
    )


def scope_line(t: ProjectTerms) -> str:
    if not t.additions:
        return "no additions"
    return (
        f"{len(t.additions)} addition(s): {t.priced_additions} priced "
        f"(+{format_money(t.agreed_extra_total, t.currency)}), {t.unpriced_additions} unpriced"
    )
