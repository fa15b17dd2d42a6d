"""Projects: the terms agreed up front, every later price/timeline change, scope additions."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QTableView,
)

from custjournal.gui import fmt, theme
from custjournal.gui.browser import SafeBrowser, esc, note_html
from custjournal.gui.models.base import ROW_ROLE
from custjournal.gui.models.tables import ProjectTableModel
from custjournal.gui.views.base import View, heading
from custjournal.gui.widgets import EmptyState, configure_table
from custjournal.gui.worker import CUSTOMERS, PROJECTS
from custjournal.services.projects import list_projects
from custjournal.services.views import ProjectView

PROJECT_ACTIONS = (
    ("change_price", "Change &price…"),
    ("change_timeline", "Change &timeline…"),
    ("add_scope", "Add &scope…"),
    ("project_status", "Set st&atus…"),
    ("edit_project", "&Edit terms…"),
    ("retrospective", "&Retrospective…"),
)


def project_html(p: ProjectView, user_tz: str) -> str:
    """The agreed terms, then the history of every change to them."""
    rows = [
        ("Customer", esc(p.customer_name)),
        ("Status", fmt.label(p.status)),
        ("Price", esc(fmt.money(p.price, p.currency))),
        ("Timeline", f"{fmt.date_text(p.start_date)} → {fmt.date_text(p.end_date)}"),
        ("Agreed", fmt.day(p.agreed_at, user_tz) if p.agreed_at else "not yet"),
    ]
    html = [f"<h2>{esc(p.name)}</h2><table cellpadding='3'>"]
    html += [f"<tr><td><b>{k}</b></td><td>{v}</td></tr>" for k, v in rows]
    html.append("</table>")
    for title, text in (
        ("Scope", p.scope),
        ("Success criteria", p.success_criteria),
        ("Handover criteria", p.handover_criteria),
    ):
        body = note_html(text) if text.strip() else "<p><i>Not agreed — write it down.</i></p>"
        html.append(f"<h3>{title}</h3>{body}")
    html.append("<h3>Changes to price and timeline</h3>")
    if p.changes:
        html.append("<ul>")
        for c in p.changes:
            if c.field.value == "price":
                old, new = fmt.money(c.old_amount, p.currency), fmt.money(c.new_amount, p.currency)
                what = f"price {old} → {new}"
            else:
                old, new = fmt.date_text(c.old_date), fmt.date_text(c.new_date)
                what = f"{c.field.value} date {old} → {new}"
            why = f" — {esc(c.reason)}" if c.reason else ""
            html.append(f"<li>{fmt.day(c.changed_at, user_tz)}: {esc(what)}{why}</li>")
        html.append("</ul>")
    else:
        html.append("<p><i>None since the agreement.</i></p>")
    html.append("<h3>Scope additions</h3>")
    if p.scope_additions:
        html.append("<ul>")
        for s in p.scope_additions:
            if s.extra_price is None:
                color = theme.severity_color("warning").name()
                price = f'<b style="color:{color}">⚠ no extra price agreed</b>'
            else:
                price = esc(fmt.money(s.extra_price, p.currency))
                price += "" if s.customer_agreed else " (not yet agreed by the customer)"
            html.append(f"<li>{fmt.day(s.added_at, user_tz)}: {esc(s.description)} — {price}</li>")
        html.append("</ul>")
    else:
        html.append("<p><i>None.</i></p>")
    return "".join(html)


class ProjectsView(View):
    name = "projects"
    title = "Projects"
    icon_name = "projects"
    kinds = frozenset({PROJECTS, CUSTOMERS})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.layout_.addWidget(heading("Projects"))
        self.model = ProjectTableModel()
        self.table = QTableView()
        self.table.setObjectName("projects_table")
        self.table.setModel(self.model)
        configure_table(self.table, stretch=0, widths={1: 170, 2: 90, 3: 120, 4: 190, 5: 190})
        self.table.activated.connect(self._open_customer)
        self.detail = SafeBrowser()
        self.detail.setObjectName("project_detail")
        split = QSplitter(Qt.Orientation.Vertical)
        split.setObjectName("projects_split")
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        self.box = EmptyState(
            split, "No projects yet. Open a customer and choose New project to agree terms."
        )
        self.layout_.addWidget(self.box, 1)
        bar = QHBoxLayout()
        self.buttons: list[QPushButton] = []
        for key, label in PROJECT_ACTIONS:
            button = QPushButton(label)
            button.setObjectName(f"project_{key}")
            button.clicked.connect(lambda _=False, k=key: self._act(k))
            bar.addWidget(button)
            self.buttons.append(button)
        bar.addStretch(1)
        self.layout_.addLayout(bar)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())
        self._wanted: int | None = None

    def refresh(self) -> None:
        journal = self.ctx.journal
        self.ctx.read(lambda: list_projects(journal), self._show)

    def select_project(self, project_id: int) -> None:
        self._wanted = project_id
        self._select()

    def _select(self) -> None:
        for row, project in enumerate(self.model.rows()):
            if project.id == self._wanted:
                self.table.selectRow(row)
                self._wanted = None
                return

    def _show(self, projects: list[ProjectView]) -> None:
        current = self.current()
        self.model.set_rows(projects)
        self.box.set_empty(not projects)
        if self._wanted is None and current is not None:
            self._wanted = current.id
        if self._wanted is None and projects:
            self._wanted = projects[0].id
        self._select()
        self._show_detail()
        self.loaded()

    def current(self) -> ProjectView | None:
        index = self.table.currentIndex()
        return index.data(ROW_ROLE) if index.isValid() else None

    def _show_detail(self) -> None:
        project = self.current()
        for button in self.buttons:
            button.setEnabled(project is not None)
        self.detail.setHtml(project_html(project, self.ctx.user_tz) if project else "")

    def _open_customer(self, index: QModelIndex) -> None:
        project = index.data(ROW_ROLE)
        if project is not None:
            self.nav.show_customer(project.customer_id)

    def _act(self, key: str) -> None:
        project = self.current()
        if project is not None:
            self.nav.run_action(key, project=project)

    def focus_primary(self) -> None:
        self.table.setFocus()
