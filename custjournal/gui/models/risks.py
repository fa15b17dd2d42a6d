"""Risks grouped by severity: a two-level item model (severity group, then the risks)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QFont

from custjournal.gui import theme
from custjournal.gui.models.base import (
    DECORATION_ROLE,
    DISPLAY_ROLE,
    FONT_ROLE,
    FOREGROUND_ROLE,
    ROW_ROLE,
    TOOLTIP_ROLE,
)
from custjournal.gui.models.grouped import GROUP, GroupedModel, Index

_GROUP = GROUP


class RiskTreeModel(GroupedModel):
    """Top level: Critical / Warning / Info (with counts); children: one risk each."""

    REASON, CUSTOMER, RULE, ACTION = range(4)
    HEADERS = ("Risk", "Customer", "Rule", "Suggested action")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._groups: list[tuple[str, list[Any]]] = []
        self._totals: dict[str, int] = {}

    def set_risks(self, risks: Sequence[Any], totals: dict[str, int] | None = None) -> None:
        """`totals`: how many of each severity exist when only the first are shown."""
        self.beginResetModel()
        self._totals = dict(totals or {})
        by_severity: dict[str, list[Any]] = {key: [] for key in theme.SEVERITY_ORDER}
        for risk in risks:
            by_severity[theme.severity_key(risk.severity)].append(risk)
        self._groups = [(key, items) for key, items in by_severity.items() if items]
        self.endResetModel()

    def risks(self) -> list[Any]:
        return [risk for _, items in self._groups for risk in items]

    def risk_index(self, key: str, column: int = 0) -> QModelIndex:
        for g, (_, items) in enumerate(self._groups):
            for r, risk in enumerate(items):
                if risk.key == key:
                    return self.index(r, column, self.index(g, 0))
        return QModelIndex()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == _GROUP and parent.column() == 0:
            return len(self._groups[parent.row()][1])
        return 0

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == _GROUP:
            key, items = self._groups[index.row()]
            if index.column() != 0:
                return None
            if role == DISPLAY_ROLE:
                total = self._totals.get(key, len(items))
                shown = f"{len(items)} of {total:,}" if total > len(items) else f"{len(items)}"
                return f"{theme.severity_label(key)} ({shown})"
            if role == DECORATION_ROLE:
                return theme.severity_icon(key)
            if role == FOREGROUND_ROLE:
                return QBrush(theme.severity_color(key))
            if role == FONT_ROLE:
                font = QFont()
                font.setBold(True)
                return font
            return None
        risk = self._groups[index.internalId() - 1][1][index.row()]
        column = index.column()
        if role == ROW_ROLE:
            return risk
        if role == DISPLAY_ROLE:
            return (risk.reason, risk.customer_name or "—", risk.rule_id, risk.action)[column]
        if role == DECORATION_ROLE and column == self.REASON:
            return theme.severity_icon(risk.severity)
        if role == FOREGROUND_ROLE and column == self.REASON:
            return QBrush(theme.severity_color(risk.severity))
        if role == TOOLTIP_ROLE:
            lines = [f"{theme.severity_label(risk.severity)}: {risk.reason}"]
            lines += [f"• {label}: {value}" for label, value in fact_pairs(risk)]
            return "\n".join(lines)
        return None


def fact_pairs(risk: Any) -> list[tuple[str, str]]:
    """The facts a rule used, as (label, value) pairs whatever shape they came in."""
    facts = getattr(risk, "facts", None) or ()
    if isinstance(facts, dict):
        return [(str(k), str(v)) for k, v in facts.items()]
    return [(str(pair[0]), str(pair[1])) for pair in facts]
