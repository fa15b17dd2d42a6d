"""Table models for customers, interactions, commitments, projects and search hits."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from custjournal.gui import fmt, theme
from custjournal.gui.models.base import Column, RowTableModel
from custjournal.services.commitment_views import CommitmentView
from custjournal.services.views import CustomerRow, InteractionView, ProjectView, SearchHit

Clock = Callable[[], datetime]
_NOTHING_BOOKED = float("inf")
RIGHT = Qt.AlignmentFlag.AlignRight


class CustomerTableModel(RowTableModel):
    """Customers with stage, last contact, next appointment and open risks."""

    NAME, STAGE, LAST_CONTACT, NEXT_APPOINTMENT, OPEN, RISKS = range(6)

    def __init__(self, *, clock: Clock, user_tz: Callable[[], str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._clock = clock
        self._user_tz = user_tz
        # customer id -> (count, worst severity); filled from the risk engine off-thread.
        self.risks: dict[int, tuple[int, str]] = {}

    def set_risks(self, risks: dict[int, tuple[int, str]]) -> None:
        self.risks = risks
        if self.rowCount():
            top = self.index(0, self.RISKS)
            self.dataChanged.emit(top, self.index(self.rowCount() - 1, self.RISKS))
            self.arrange()  # when sorted by open risks, their counts have just changed

    def _risk_text(self, row: CustomerRow) -> str:
        count, worst = self.risks.get(row.id, (0, ""))
        return f"{count} · {theme.severity_label(worst)}" if count else "none"

    def columns(self) -> Sequence[Column]:
        now = self._clock
        return (
            Column("Customer", lambda r: r.name),
            Column("Stage", lambda r: fmt.label(r.stage), sort=lambda r: r.stage.value),
            Column(
                "Last contact",
                lambda r: fmt.relative(r.last_contact_at, now()),
                sort=lambda r: r.last_contact_at,
                tooltip=lambda r: fmt.when(r.last_contact_at, self._user_tz(), r.timezone),
            ),
            Column(
                "Next appointment",
                lambda r: (
                    fmt.when(r.next_appointment_at, self._user_tz())
                    if r.next_appointment_at
                    else "—"
                ),
                # Nothing booked sorts as the farthest future: soonest first, then the rest.
                sort=lambda r: r.next_appointment_at or _NOTHING_BOOKED,
                tooltip=lambda r: fmt.when(r.next_appointment_at, self._user_tz(), r.timezone),
            ),
            Column(
                "Open promises",
                lambda r: f"{r.open_mine} mine · {r.open_theirs} theirs",
                sort=lambda r: r.open_mine + r.open_theirs,
            ),
            Column(
                "Open risks",
                self._risk_text,
                sort=lambda r: self.risks.get(r.id, (0, ""))[0],
                icon=lambda r: (
                    theme.severity_icon(self.risks[r.id][1]) if r.id in self.risks else None
                ),
                color=lambda r: (
                    theme.severity_color(self.risks[r.id][1]) if r.id in self.risks else None
                ),
            ),
        )


class ContactTableModel(RowTableModel):
    """A customer's people, with how to address them."""

    NAME, ROLE, ADDRESS, EMAIL, PHONE, CHANNEL = range(6)

    def columns(self) -> Sequence[Column]:
        return (
            Column("Name", lambda c: c.name),
            Column("Role", lambda c: c.role or "—"),
            Column("Address as", lambda c: c.form_of_address or "—"),
            Column("E-mail", lambda c: c.email or "—"),
            Column("Phone", lambda c: c.phone or "—"),
            Column("Prefers", lambda c: fmt.label(c.preferred_channel)),
        )


class InteractionTableModel(RowTableModel):
    """The journal's notes, newest first, a page at a time."""

    WHEN, CUSTOMER, KIND, TITLE, MOOD = range(5)

    def __init__(self, *, user_tz: Callable[[], str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._user_tz = user_tz

    def columns(self) -> Sequence[Column]:
        return (
            Column(
                "When",
                lambda r: fmt.when(r.occurred_at, self._user_tz()),
                sort=lambda r: r.occurred_at,
            ),
            Column("Customer", lambda r: r.customer_name),
            Column("Kind", lambda r: fmt.label(r.kind)),
            Column("Title", lambda r: r.title or _first_line(r.body)),
            Column("Mood", lambda r: fmt.label(r.mood)),
        )


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0][:80] if text.strip() else ""


class CommitmentTableModel(RowTableModel):
    """Promises and appointments, both ways, with how due they are."""

    DUE, CUSTOMER, WHO, KIND, TITLE, STATUS = range(6)

    def __init__(
        self,
        *,
        clock: Clock,
        user_tz: Callable[[], str],
        me: Callable[[], str] = str,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self._clock = clock
        self._user_tz = user_tz
        self._me = me  # who is at this computer (AppContext.owner)

    def _overdue(self, r: CommitmentView) -> bool:
        return r.is_open and r.due_at < self._clock()

    def columns(self) -> Sequence[Column]:
        return (
            Column(
                "Due / starts",
                lambda r: fmt.when(r.due_at, self._user_tz(), r.timezone),
                sort=lambda r: r.due_at,
                tooltip=lambda r: fmt.relative(r.due_at, self._clock()),
            ),
            Column("Customer", lambda r: r.customer_name),
            Column("Who", lambda r: fmt.who(r, self._me())),
            Column(
                "Kind",
                lambda r: fmt.label(r.kind),
                icon=lambda r: theme.icon(r.kind.value),
            ),
            Column("What", lambda r: r.title),
            Column(
                "Status",
                lambda r: "Overdue" if self._overdue(r) else fmt.label(r.status),
                icon=lambda r: theme.severity_icon("critical") if self._overdue(r) else None,
                color=lambda r: theme.severity_color("critical") if self._overdue(r) else None,
            ),
        )


class NoticeTableModel(RowTableModel):
    """Notices of changes: what changes, when, how the customer was told, acknowledged or not."""

    EFFECTIVE, TITLE, KIND, TOLD, ACKNOWLEDGED = range(5)

    def __init__(self, *, user_tz: Callable[[], str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._user_tz = user_tz

    def columns(self) -> Sequence[Column]:
        return (
            Column(
                "Happens",
                lambda n: fmt.when(n.effective_at, self._user_tz(), n.timezone),
                sort=lambda n: n.effective_at,
            ),
            Column("What", lambda n: n.title, tooltip=lambda n: n.what_changes or n.title),
            Column("Kind", lambda n: fmt.label(n.kind)),
            Column(
                "Told by",
                lambda n: f"{fmt.label(n.channel)}, {fmt.day(n.sent_at, self._user_tz())}",
            ),
            Column(
                "Acknowledged",
                lambda n: "Yes" if n.acknowledged_at else "No — call them",
                icon=lambda n: theme.icon("ok") if n.acknowledged_at else theme.icon("warning"),
            ),
        )


class ProjectTableModel(RowTableModel):
    """Projects with their agreed terms and how often they moved."""

    NAME, CUSTOMER, STATUS, PRICE, TIMELINE, CHANGES = range(6)

    def columns(self) -> Sequence[Column]:
        return (
            Column("Project", lambda r: r.name),
            Column("Customer", lambda r: r.customer_name),
            Column("Status", lambda r: fmt.label(r.status)),
            Column(
                "Price",
                lambda r: fmt.money(r.price, r.currency),
                sort=lambda r: float(r.price) if r.price is not None else -1.0,
                align=RIGHT,
            ),
            Column(
                "Timeline",
                lambda r: f"{fmt.date_text(r.start_date)} → {fmt.date_text(r.end_date)}",
                sort=lambda r: r.start_date.isoformat() if r.start_date else "",
            ),
            Column(
                "Changes",
                _changes_text,
                sort=lambda r: len(r.changes) + len(r.scope_additions),
                color=lambda r: theme.severity_color("warning") if _drifting(r) else None,
                icon=lambda r: theme.severity_icon("warning") if _drifting(r) else None,
            ),
        )


def _unpriced(r: ProjectView) -> int:
    return sum(1 for s in r.scope_additions if s.extra_price is None)


def _drifting(r: ProjectView) -> bool:
    """A moving target or an unpriced extra: worth a warning mark in the list."""
    return len(r.changes) >= 2 or _unpriced(r) > 0


def _changes_text(r: ProjectView) -> str:
    parts = []
    if r.changes:
        parts.append(f"{len(r.changes)} term change{'s' * (len(r.changes) != 1)}")
    if r.scope_additions:
        n = len(r.scope_additions)
        parts.append(f"{n} scope addition{'s' * (n != 1)}")
        if _unpriced(r):
            parts.append(f"{_unpriced(r)} unpriced")
    return ", ".join(parts) or "none"


class SearchHitModel(RowTableModel):
    """Search results: the note and a snippet with the matched words marked «like this»."""

    WHEN, CUSTOMER, TITLE, SNIPPET = range(4)

    def __init__(self, *, user_tz: Callable[[], str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._user_tz = user_tz

    def columns(self) -> Sequence[Column]:
        return (
            Column(
                "When",
                lambda h: fmt.day(h.interaction.occurred_at, self._user_tz()),
                sort=lambda h: h.interaction.occurred_at,
            ),
            Column("Customer", lambda h: h.interaction.customer_name),
            Column("Title", lambda h: h.interaction.title or fmt.label(h.interaction.kind)),
            Column("Match", lambda h: h.snippet.replace("\n", " ")),
        )


def hit_html(hit: SearchHit, highlight: QColor) -> str:
    """The snippet as rich text with «matches» highlighted (user text escaped first)."""
    from html import escape

    text = escape(hit.snippet.replace("\n", " ").replace("**", ""))
    style = f"background-color:{highlight.name()};font-weight:600"
    return text.replace("«", f'<span style="{style}">').replace("»", "</span>")


__all__ = [
    "CommitmentTableModel",
    "ContactTableModel",
    "NoticeTableModel",
    "CustomerTableModel",
    "InteractionTableModel",
    "InteractionView",
    "ProjectTableModel",
    "SearchHitModel",
    "hit_html",
]
