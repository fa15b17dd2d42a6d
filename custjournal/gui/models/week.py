"""The week ahead as sections of rows (from services.review), and the tree model showing them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from custjournal.domain.enums import CommitmentStatus, Direction
from custjournal.domain.owners import colleague
from custjournal.domain.times import humanize_delta, to_zone
from custjournal.gui import fmt, theme
from custjournal.gui.models.base import (
    DECORATION_ROLE,
    DISPLAY_ROLE,
    FONT_ROLE,
    FOREGROUND_ROLE,
    ROW_ROLE,
    TOOLTIP_ROLE,
)
from custjournal.gui.models.grouped import GROUP, GroupedModel, Index
from custjournal.services.review import CallDue, ReviewItem, WeeklyReview

_SECTION = GROUP
_GOOD = {"light": "#2e7d32", "dark": "#81c784"}


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the week: what, whose, when, how it stands; opens `customer_id`."""

    what: str
    customer: str
    when: str
    status: str
    customer_id: int | None = None
    icon: str = ""
    tone: str = ""  # critical / warning / info / good, or "" for plain
    tooltip: str = ""
    subject: Any = None  # the ReviewItem, Risk or CallDue behind the row


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    title: str
    rows: tuple[Row, ...]
    empty: str
    icon: str = ""
    tone: str = ""
    counted: bool = True  # False where the title already says how many


def tone_color(tone: str) -> QColor | None:
    if tone == "good":
        return QColor(_GOOD["dark" if theme.is_dark() else "light"])
    if tone in theme.SEVERITY_LABEL:
        return theme.severity_color(tone)
    return None


def _whose(item: ReviewItem, me: str) -> str:
    """Mine, theirs, or on a team journal the colleague's (`me`: this computer's person)."""
    if item.direction is not Direction.MINE:
        return "Theirs"
    other = colleague(item.owner, me)
    return f"{other}'s" if other else "Mine"


def _item(
    item: ReviewItem,
    tz: str,
    status: str,
    tone: str = "",
    icon: str = "",
    now: datetime | None = None,
) -> Row:
    when = fmt.when(item.at, tz, item.timezone, now=now)  # a year ago says its year
    kind = icon or ("appointment" if item.kind.value == "appointment" else "promise")
    return Row(item.title, item.customer_name, when, status, item.customer_id, kind, tone,
               f"{item.customer_name}: {item.title}\n{when}", item)  # fmt: skip


def _due_status(item: ReviewItem, now: datetime, me: str = "") -> tuple[str, str]:
    """How a promise due this week stands: done, late, or how long is left; a colleague's
    says whose (`me`: this computer's person)."""
    status, tone = _standing(item, now)
    other = colleague(item.owner, me) if item.direction is Direction.MINE else ""
    return (f"{other}'s · {status}" if other else status), tone


def _standing(item: ReviewItem, now: datetime) -> tuple[str, str]:
    if item.status is CommitmentStatus.DONE:
        return "Done ✓", "good"
    if item.status is not CommitmentStatus.OPEN:
        return fmt.label(item.status), ""
    if item.at < now:
        return f"{humanize_delta(now - item.at)} late", "critical"
    return f"due {fmt.relative(item.at, now)}", ""


def _risk(risk: Any) -> Row:
    key = theme.severity_key(risk.severity)
    facts = "\n".join(f"• {k}: {v}" for k, v in (getattr(risk, "facts", None) or ()))
    tip = f"{theme.severity_label(key)}: {risk.reason}\n{facts}\nSuggested: {risk.action}"
    # The icon carries the severity; the suggested action reads in the plain colour.
    return Row(risk.reason, risk.customer_name or "—", "", risk.action, risk.customer_id, key,
               "", tip.replace("\n\n", "\n"), risk)  # fmt: skip


def _call(call: CallDue, tz: str) -> Row:
    if call.last_contact_at is None:
        what = f"Call — never contacted (every {call.cadence_days} days)"
        return Row(what, call.customer_name, "", "Never contacted", call.customer_id, "phone",
                   "warning", "", call)  # fmt: skip
    last = to_zone(call.last_contact_at, tz).strftime("%a %d %b")
    due = to_zone(call.due_at, tz).strftime("%a %d %b") if call.due_at else ""
    what = f"Call — last contact {last}, every {call.cadence_days} days"
    status = f"Overdue since {due}" if call.overdue else f"Due by {due}"
    return Row(what, call.customer_name, fmt.day(call.due_at, tz), status, call.customer_id,
               "phone", "warning" if call.overdue else "", "", call)  # fmt: skip


# A risk section shows the most pressing of its severity: a large journal has thousands,
# which the Risks view lists (and filters); laying out 7,000 rows here took seconds.
RISKS_SHOWN = 100


def shown_risks(review: WeeklyReview) -> dict[str, tuple[list[Any], list[Any]]]:
    """Severity -> (every risk of it, the ones the page shows), worst first as evaluated."""
    every: dict[str, list[Any]] = {key: [] for key in theme.SEVERITY_ORDER}
    for risk in review.risks:
        every[theme.severity_key(risk.severity)].append(risk)
    return {key: (risks, risks[:RISKS_SHOWN]) for key, risks in every.items()}


def week_sections(review: WeeklyReview, now: datetime, me: str = "") -> list[Section]:
    """The page, top to bottom: what slipped first, then the week, then last week's score
    (`me`: this computer's person; colleagues' promises are marked theirs)."""
    tz = review.timezone
    overdue = [
        _item(i, tz, f"{_whose(i, me)} · {humanize_delta(now - i.at)} late", "critical", now=now)
        for i in (*review.mine_overdue, *review.theirs_overdue)
    ]
    appointments = []
    for item in review.appointments:
        past = item.at < now
        status = fmt.relative(item.at, now) if not past else f"was {fmt.relative(item.at, now)}"
        appointments.append(_item(item, tz, status, "", "appointment"))
    mine = [_item(i, tz, *_due_status(i, now, me)) for i in review.mine_due]
    theirs = [_item(i, tz, *_due_status(i, now)) for i in review.theirs_due]
    found = [
        Section("slipped", "Slipped — overdue and still open", tuple(overdue),
                "Nothing has slipped: every open promise is still on time.",
                "critical" if overdue else "ok", "critical" if overdue else "good"),
        Section("appointments", "Appointments", tuple(appointments),
                "No appointments this week — time to call the customers below.", "appointment"),
        Section("mine", "My promises due", tuple(mine),
                "None of my promises fall due this week.", "promise"),
        Section("theirs", "Their promises due — offer help, don't wait", tuple(theirs),
                "No customer promises fall due this week.", "promise"),
    ]  # fmt: skip
    for key, (every, shown) in shown_risks(review).items():
        label = theme.severity_label(key).lower()
        title = f"Risks: {label}"
        if len(shown) < len(every):
            title += f" ({len(shown)} most pressing of {len(every):,}; all in Risks)"
        found.append(
            Section(f"risks_{key}", title, tuple(_risk(r) for r in shown),
                    f"No {label} risks right now.", key, key if shown else "",
                    counted=len(shown) == len(every))
        )  # fmt: skip
    follow_ups = [_item(i, tz, fmt.label(i.follow_up), "", "appointment")
                  for i in review.follow_ups_due]  # fmt: skip
    follow_ups += [_risk(r) for r in review.follow_ups_to_schedule]
    lw = review.last_week
    history = [_item(i, tz, "Broken", "critical") for i in lw.broken]
    history += [_item(i, tz, "Slipped — still open", "critical") for i in lw.still_open]
    history += [_item(i, tz, "Kept late", "warning") for i in lw.kept_late]
    history += [_item(i, tz, "Kept on time ✓", "good") for i in lw.kept_on_time]
    total = lw.kept + lw.not_kept
    found += [
        Section("calls", "Customers due a call", tuple(_call(c, tz) for c in review.calls_due),
                "Every active customer has been contacted within their cadence.", "phone"),
        Section("follow_ups", "Follow-ups due or to schedule", tuple(follow_ups),
                "No follow-ups due or to schedule.", "appointment"),
        Section("last_week", f"Last week: kept {lw.kept:,} of {fmt.count(total, 'promise')}",
                tuple(history), "No promises were due last week.", "done",
                "good" if total and not lw.not_kept else ("critical" if lw.not_kept else ""),
                counted=False),
    ]  # fmt: skip
    return found


_NO_FLAGS = Qt.ItemFlag.NoItemFlags
_READ_ONLY = Qt.ItemFlag.ItemIsEnabled
_CHOOSABLE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class WeekTreeModel(GroupedModel):
    """Top level: the sections with counts; children: their rows, or one line saying none."""

    WHAT, CUSTOMER, WHEN, STATUS = range(4)
    HEADERS = ("What", "Customer", "When", "Status / next step")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._sections: list[Section] = []

    def set_sections(self, sections: Sequence[Section]) -> None:
        self.beginResetModel()
        self._sections = list(sections)
        self.endResetModel()

    def sections(self) -> list[Section]:
        return list(self._sections)

    def section(self, key: str) -> Section:
        return next(s for s in self._sections if s.key == key)

    def section_index(self, key: str) -> QModelIndex:
        for n, section in enumerate(self._sections):
            if section.key == key:
                return self.index(n, 0)
        return QModelIndex()

    def place_of(self, index: Index) -> tuple[str, str, str] | None:
        """Where a reader is: the section, and the line by its words (kept across reloads)."""
        if not index.isValid():
            return None
        top = index.parent() if index.parent().isValid() else index
        row = self.row_at(index)
        key = self._sections[top.row()].key
        return (key, row.what, row.customer) if row is not None else (key, "", "")

    def find_place(self, place: tuple[str, str, str] | None) -> QModelIndex:
        """The line at `place` after a reload, else its section (invalid if neither is left)."""
        if place is None:
            return QModelIndex()
        key, what, customer = place
        section = self.section_index(key)
        if section.isValid() and what:
            for n, row in enumerate(self._sections[section.row()].rows):
                if (row.what, row.customer) == (what, customer):
                    return self.index(n, 0, section)
        return section

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._sections)
        if parent.internalId() == _SECTION and parent.column() == 0:
            return max(1, len(self._sections[parent.row()].rows))  # none: one line saying so
        return 0

    def row_at(self, index: Index) -> Row | None:
        if not index.isValid() or index.internalId() == _SECTION:
            return None
        rows = self._sections[index.internalId() - 1].rows
        return rows[index.row()] if index.row() < len(rows) else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        # Asked for every row when a section opens (thousands on a large journal): no enum
        # arithmetic here, and no lookup of the row itself.
        if not index.isValid():
            return _NO_FLAGS
        section = index.internalId()
        if section != _SECTION and not self._sections[section - 1].rows:
            return _READ_ONLY  # the "nothing here" line is read, not chosen
        return _CHOOSABLE

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == _SECTION:
            return self._section_data(self._sections[index.row()], index.column(), role)
        row = self.row_at(index)
        if row is None:
            return self._empty_data(self._sections[index.internalId() - 1], index.column(), role)
        column = index.column()
        if role == ROW_ROLE:
            return row
        if role == DISPLAY_ROLE:
            return (row.what, row.customer, row.when, row.status)[column]
        if role == DECORATION_ROLE and column == self.WHAT and row.icon:
            return theme.icon(row.icon)
        if role == FOREGROUND_ROLE and column == self.STATUS and row.tone:
            color = tone_color(row.tone)
            return QBrush(color) if color is not None else None
        if role == TOOLTIP_ROLE:
            return row.tooltip or f"{row.what}\n{row.status}"
        return None

    def _section_data(self, section: Section, column: int, role: int) -> Any:
        if column != 0:
            return None
        if role == DISPLAY_ROLE:
            return f"{section.title} ({len(section.rows):,})" if section.counted else section.title
        if role == DECORATION_ROLE and section.icon:
            return theme.icon(section.icon)
        if role == FOREGROUND_ROLE and section.tone:
            color = tone_color(section.tone)
            return QBrush(color) if color is not None else None
        if role == FONT_ROLE:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _empty_data(self, section: Section, column: int, role: int) -> Any:
        if column != 0:
            return None
        if role == DISPLAY_ROLE:
            return section.empty
        if role == FONT_ROLE:
            font = QFont()
            font.setItalic(True)
            return font
        if role == FOREGROUND_ROLE:
            return QBrush(QColor("#7a7a7a"))
        return None
