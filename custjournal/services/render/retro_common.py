"""The retrospective's figures as (label, value, how) rows, shared by Markdown and HTML."""

from __future__ import annotations

from custjournal.services.drift import format_money
from custjournal.services.render.common import signed
from custjournal.services.retrospective import PromiseTally, RetroReport


def _pct(value: int | None) -> str:
    return "n/a" if value is None else f"{value} %"


def promise_text(t: PromiseTally) -> str:
    if not t.made:
        return "none made"
    text = (
        f"{t.made} made, {t.kept} kept ({_pct(t.kept_pct)}), "
        f"{t.kept_on_time} on time ({_pct(t.on_time_pct)}), {t.broken} broken"
    )
    if t.late_open:
        text += f", {t.late_open} still open and late"
    if t.still_open:
        text += f", {t.still_open} still open"
    return text


def figure_rows(r: RetroReport) -> list[tuple[str, str, str]]:
    t = r.terms
    if t.price_changes:
        price = (
            f"{format_money(t.first_price, t.currency)} → {format_money(t.price, t.currency)} "
            f"({signed(t.price_drift_pct, ' %')}, {t.price_changes} change(s))"
        )
    else:
        price = f"{format_money(t.price, t.currency)} (no change, 0 %)"
    first_end = t.first_end.isoformat() if t.first_end else "none"
    end = t.end.isoformat() if t.end else "none"
    if t.timeline_changes:
        timeline = f"end {first_end} → {end} ({signed(t.timeline_drift_days, ' days')})"
    else:
        timeline = f"end {end} (no change, 0 days)"
    if r.delivered_vs_first_end_days is not None:
        timeline += (
            f"; delivered {signed(r.delivered_vs_first_end_days, ' days')} "
            "against the first agreed end"
        )
    scope = (
        f"{t.priced_additions} priced (+{format_money(t.agreed_extra_total, t.currency)}), "
        f"{t.unpriced_additions} unpriced"
    )
    months = ", ".join(f"{m.month}: {m.contacts}" for m in r.months)
    cadence = (
        f"{r.months_with_contact} of {len(r.months)} months ({_pct(r.cadence_pct)}) — {months}"
    )
    if not r.risks_available:
        risks = "risk rules not available"
    elif not r.risks:
        risks = f"none (checked {r.risk_checks} weeks)"
    else:
        by_rule = ", ".join(f"{x.rule_id} ×{x.count}" for x in r.risks)
        risks = f"{r.risk_total} ({by_rule}; checked {r.risk_checks} weeks)"
    return [
        ("My promises", promise_text(r.mine), "kept = done; on time = done by the due time"),
        ("Their promises", promise_text(r.theirs), "the customer's side, same rules"),
        ("Price drift", price, "current price against the first agreed price"),
        ("Timeline drift", timeline, "current end date against the first agreed end"),
        ("Scope additions", scope, "priced = the customer agreed its price"),
        ("Contact cadence kept", cadence, "months of the project with at least one contact"),
        ("Risks raised", risks, "rules evaluated weekly over the project; a lower bound"),
    ]


def answer_rows(r: RetroReport) -> list[tuple[str, str]]:
    a = r.answers
    return [
        ("What went well", a.went_well),
        ("What went wrong", a.went_wrong),
        ("What I own", a.i_own),
        ("Customer satisfaction", f"{a.satisfaction} / 5" if a.satisfaction else ""),
        ("Work together again", str(a.work_again or "")),
        ("Lessons", a.lessons),
    ]
