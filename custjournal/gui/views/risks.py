"""Risks: grouped by severity, each with its reason, facts and one-click actions."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QPushButton, QTreeView

from custjournal.gui import theme
from custjournal.gui.browser import esc
from custjournal.gui.models.base import ROW_ROLE
from custjournal.gui.models.risks import RiskTreeModel, fact_pairs
from custjournal.gui.views.base import View, heading
from custjournal.gui.widgets import EmptyState
from custjournal.gui.worker import (
    COMMITMENTS,
    CUSTOMERS,
    INTERACTIONS,
    PROJECTS,
    RISKS,
    SETTINGS,
)

# Which one-click actions make sense for which subject of a risk.
ACTIONS = (
    ("done", "Mark &done", "done", {"commitment"}),
    ("reschedule", "&Reschedule…", "appointment", {"commitment"}),
    ("log_call", "&Log a call…", "phone", None),
    ("acknowledge", "Record ac&knowledgement", "ok", {"notice"}),
    ("snooze", "&Snooze…", "snooze", None),
    ("open", "&Open customer", "workspace", None),
)


class RisksView(View):
    name = "risks"
    title = "Risks"
    icon_name = "risks"
    kinds = frozenset({RISKS, COMMITMENTS, CUSTOMERS, INTERACTIONS, PROJECTS, SETTINGS, "clock"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.layout_.addWidget(heading("Risks"))
        self.summary = heading("", "muted")
        self.layout_.addWidget(self.summary)
        self.model = RiskTreeModel(self)
        self.tree = QTreeView()
        self.tree.setObjectName("risks_tree")
        self.tree.setModel(self.model)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.setColumnWidth(RiskTreeModel.CUSTOMER, 170)
        self.tree.setColumnWidth(RiskTreeModel.RULE, 150)
        self.tree.setColumnWidth(RiskTreeModel.ACTION, 300)
        self.tree.activated.connect(lambda _: self.act("open"))
        self.box = EmptyState(self.tree, "Nothing is at risk. Promises kept, customers heard.")
        self.layout_.addWidget(self.box, 1)

        self.detail = QLabel()
        self.detail.setObjectName("risk_detail")
        self.detail.setWordWrap(True)
        self.detail.setProperty("role", "card")
        self.layout_.addWidget(self.detail)
        bar = QHBoxLayout()
        self.buttons: dict[str, tuple[QPushButton, set[str] | None]] = {}
        for key, label, icon, subjects in ACTIONS:
            button = QPushButton(theme.icon(icon), label)
            button.setObjectName(f"risk_{key}")
            button.clicked.connect(lambda _=False, k=key: self.act(k))
            bar.addWidget(button)
            self.buttons[key] = (button, subjects)
        bar.addStretch(1)
        self.layout_.addLayout(bar)
        self.tree.selectionModel().currentChanged.connect(lambda *_: self._update_detail())
        self._update_detail()

    def refresh(self) -> None:
        now = self.ctx.now()
        # Each risk's words are written when its row is first painted (a screenful a few ms),
        # not all first: on a large journal that was 0.7 s for 10,000 risks, most never seen.
        self.ctx.read_rules(lambda: self.ctx.risks(now), self._show)

    def _show(self, risks: list[Any]) -> None:
        current = self.current()
        self.model.set_risks(risks)
        self.tree.expandAll()
        self.box.set_empty(not risks)
        counts = {key: 0 for key in theme.SEVERITY_ORDER}
        for risk in risks:
            counts[theme.severity_key(risk.severity)] += 1
        self.summary.setText(
            " · ".join(f"{n} {theme.severity_label(k).lower()}" for k, n in counts.items())
        )
        index = self.model.risk_index(current.key) if current is not None else QModelIndex()
        if not index.isValid() and risks:
            index = self.model.index(0, 0, self.model.index(0, 0))
        if index.isValid():
            self.tree.setCurrentIndex(index)
        self._update_detail()
        self.loaded()

    def current(self) -> Any:
        index = self.tree.currentIndex()
        return index.data(ROW_ROLE) if index.isValid() else None

    def select_key(self, key: str) -> bool:
        index = self.model.risk_index(key)
        if index.isValid():
            self.tree.setCurrentIndex(index)
        return index.isValid()

    def _update_detail(self) -> None:
        risk = self.current()
        for button, subjects in self.buttons.values():
            button.setEnabled(
                risk is not None and (subjects is None or risk.subject_type in subjects)
            )
        if risk is None:
            self.detail.setText("Choose a risk to see the facts behind it and what to do.")
            return
        color = theme.severity_color(risk.severity).name()
        facts = "".join(f"<br>• {esc(k)}: {esc(v)}" for k, v in fact_pairs(risk))
        self.detail.setText(
            f'<b style="color:{color}">{theme.severity_label(risk.severity)}</b> — '
            f"{esc(risk.reason)}{facts}<br><b>Suggested:</b> {esc(risk.action)}"
        )

    def act(self, key: str) -> None:
        risk = self.current()
        if risk is not None:
            self.nav.run_action(f"risk_{key}", risk=risk)

    def focus_primary(self) -> None:
        self.tree.setFocus()
