"""A project's agreed terms and how they drifted, computed from its change history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from custjournal.domain import Project, ProjectChange
from custjournal.domain.enums import ProjectField, ProjectStatus


@dataclass(frozen=True, slots=True)
class TermChange:
    field: ProjectField
    changed_at: datetime
    old: str
    new: str
    reason: str


@dataclass(frozen=True, slots=True)
class ScopeItem:
    description: str
    added_at: datetime
    extra_price: Decimal | None
    customer_agreed: bool

    @property
    def priced(self) -> bool:
        # Priced means the customer agreed its price (zero included): an amount we merely
        # wrote down but never agreed is still how margins disappear.
        return self.customer_agreed


@dataclass(frozen=True, slots=True)
class ProjectTerms:
    project_id: int
    name: str
    status: ProjectStatus
    currency: str
    first_price: Decimal | None
    price: Decimal | None
    price_drift_pct: Decimal | None
    first_start: date | None
    start: date | None
    first_end: date | None
    end: date | None
    timeline_drift_days: int | None
    scope: str
    success_criteria: str
    handover_criteria: str
    agreed_at: datetime | None
    delivered_at: datetime | None
    changes: tuple[TermChange, ...]
    additions: tuple[ScopeItem, ...]
    price_changes: int
    timeline_changes: int

    @property
    def priced_additions(self) -> int:
        return sum(1 for a in self.additions if a.priced)

    @property
    def unpriced_additions(self) -> int:
        return sum(1 for a in self.additions if not a.priced)

    @property
    def agreed_extra_total(self) -> Decimal:
        return sum(
            (a.extra_price or Decimal("0") for a in self.additions if a.priced), Decimal("0.00")
        )

    @property
    def missing(self) -> tuple[str, ...]:
        """Which of the terms to agree up front are still empty."""
        gaps = []
        if self.price is None:
            gaps.append("price")
        if not self.scope.strip():
            gaps.append("scope")
        if not self.success_criteria.strip():
            gaps.append("success criteria")
        return tuple(gaps)


def format_money(amount: Decimal | None, currency: str) -> str:
    if amount is None:
        return "not agreed"
    return f"{amount:,.2f} {currency}"


def percent_change(first: Decimal | None, last: Decimal | None) -> Decimal | None:
    """(last - first) / first in percent, one decimal; None when there is no base."""
    if first is None or last is None or first == 0:
        return None
    return ((last - first) * 100 / first).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _first(changes: list[ProjectChange], field: ProjectField) -> ProjectChange | None:
    matching = [c for c in changes if c.field == field]
    return min(matching, key=lambda c: (c.changed_at, c.id)) if matching else None


def _describe(change: ProjectChange, currency: str) -> TermChange:
    if change.field == ProjectField.PRICE:
        old = format_money(change.old_amount, currency)
        new = format_money(change.new_amount, currency)
    else:
        old = change.old_date.isoformat() if change.old_date else "none"
        new = change.new_date.isoformat() if change.new_date else "none"
    return TermChange(change.field, change.changed_at, old, new, change.reason)


def project_terms(project: Project) -> ProjectTerms:
    """The terms as first agreed (the oldest value in the history) next to the current ones."""
    changes = sorted(project.changes, key=lambda c: (c.changed_at, c.id))
    first_price_change = _first(changes, ProjectField.PRICE)
    first_start_change = _first(changes, ProjectField.START)
    first_end_change = _first(changes, ProjectField.END)
    first_price = first_price_change.old_amount if first_price_change else project.price
    first_start = first_start_change.old_date if first_start_change else project.start_date
    first_end = first_end_change.old_date if first_end_change else project.end_date
    drift_days = (project.end_date - first_end).days if project.end_date and first_end else None
    return ProjectTerms(
        project_id=project.id,
        name=project.name,
        status=project.status,
        currency=project.currency,
        first_price=first_price,
        price=project.price,
        price_drift_pct=percent_change(first_price, project.price),
        first_start=first_start,
        start=project.start_date,
        first_end=first_end,
        end=project.end_date,
        timeline_drift_days=drift_days,
        scope=project.scope,
        success_criteria=project.success_criteria,
        handover_criteria=project.handover_criteria,
        agreed_at=project.agreed_at,
        delivered_at=project.delivered_at,
        changes=tuple(_describe(c, project.currency) for c in changes),
        additions=tuple(
            ScopeItem(a.description, a.added_at, a.extra_price, a.customer_agreed)
            for a in sorted(project.scope_additions, key=lambda a: (a.added_at, a.id))
        ),
        price_changes=sum(1 for c in changes if c.field == ProjectField.PRICE),
        timeline_changes=sum(1 for c in changes if c.field != ProjectField.PRICE),
    )
