"""Customer workspace: profile, contacts, etiquette, timeline, commitments both ways, projects."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from custjournal.gui import bridge, fmt, theme
from custjournal.gui.browser import SafeBrowser
from custjournal.gui.models.tables import (
    CommitmentTableModel,
    ContactTableModel,
    NoticeTableModel,
    ProjectTableModel,
)
from custjournal.gui.views.base import View, heading
from custjournal.gui.views.workspace_html import note_block, profile_html
from custjournal.gui.widgets import configure_table
from custjournal.gui.worker import (
    COMMITMENTS,
    CUSTOMERS,
    ETIQUETTE,
    INTERACTIONS,
    PROJECTS,
    RISKS,
    SETTINGS,
)
from custjournal.services.commitments import list_commitments, list_notices
from custjournal.services.customers import get_customer
from custjournal.services.journal import count_interactions, timeline
from custjournal.services.projects import list_projects
from custjournal.services.views import CustomerView, InteractionView
from custjournal.store import Journal

PAGE = 30


@dataclass(frozen=True)
class Workspace:
    customer: CustomerView
    notes: list[InteractionView]
    note_total: int
    commitments: list[Any]
    projects: list[Any]
    reminders: list[Any]
    risks: list[Any]
    notices: list[Any]


def load_workspace(
    journal: Journal, customer_id: int, now: Any, risks: Callable[..., list[Any]]
) -> Workspace:
    """Everything the workspace shows, read on the worker thread."""
    customer = get_customer(journal, customer_id)
    etiquette = bridge.optional("custjournal.services.etiquette")
    reminders = etiquette.reminders_for_customer(journal, customer_id) if etiquette else []
    return Workspace(
        customer,
        timeline(journal, customer_id=customer_id, limit=PAGE),
        count_interactions(journal, customer_id=customer_id),
        list_commitments(journal, customer_id=customer_id),
        list_projects(journal, customer_id=customer_id),
        reminders,
        risks(now, customer_id),
        list_notices(journal, customer_id=customer_id),
    )


def _table(model: Any, name: str, stretch: int) -> QTableView:
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    configure_table(table, stretch=stretch)
    return table


class WorkspaceView(View):
    name = "workspace"
    title = "Customer"
    icon_name = "workspace"
    kinds = frozenset(
        {CUSTOMERS, INTERACTIONS, COMMITMENTS, PROJECTS, RISKS, ETIQUETTE, SETTINGS, "clock"}
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.customer_id: int | None = None
        self.data: Workspace | None = None
        self.notes: list[InteractionView] = []
        self._pending_anchor: int | None = None

        self.header = heading("No customer chosen")
        self.facts = QLabel("Open a customer from the Customers list or with Ctrl+K.")
        self.facts.setProperty("role", "muted")
        self.facts.setWordWrap(True)
        self.layout_.addWidget(self.header)
        self.layout_.addWidget(self.facts)

        buttons = QHBoxLayout()
        for label, action, icon in (
            ("&Log note…", "new_note", "note"),
            ("Add &promise…", "new_promise", "promise"),
            ("Add &appointment…", "new_appointment", "appointment"),
            ("Add c&ontact…", "new_contact", "customers"),
            ("New pro&ject…", "new_project", "projects"),
            ("Record n&otice…", "new_notice", "phone"),
            ("Eti&quette…", "new_etiquette", "info"),
            ("&Edit customer…", "edit_customer", "workspace"),
        ):
            button = QPushButton(theme.icon(icon), label)
            button.setObjectName(f"ws_{action}")
            button.clicked.connect(lambda _=False, a=action: self._act(a))
            buttons.addWidget(button)
        if bridge.has("custjournal.services.briefing"):
            button = QPushButton(theme.icon("briefing"), "&Briefing")
            button.clicked.connect(lambda: self._act("show_briefing"))
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.layout_.addLayout(buttons)

        # Left: who they are. Right: what happened and what is owed.
        self.profile = SafeBrowser()
        self.profile.setObjectName("ws_profile")
        self.contacts_model = ContactTableModel()
        self.contacts = _table(self.contacts_model, "ws_contacts", ContactTableModel.NAME)
        self.contacts.activated.connect(
            lambda i: self._act("edit_contact", contact=self.contacts_model.row_at(i.row()))
        )
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.profile, 3)
        left_layout.addWidget(heading("Contacts", "subheading"))
        left_layout.addWidget(self.contacts, 1)

        self.timeline = SafeBrowser()
        self.timeline.setObjectName("ws_timeline")
        self.timeline.internal.connect(self._internal_link)
        self.commit_model = CommitmentTableModel(
            clock=self.ctx.now, user_tz=lambda: self.ctx.user_tz
        )
        self.commitments = _table(self.commit_model, "ws_commitments", CommitmentTableModel.TITLE)
        self.commitments.hideColumn(CommitmentTableModel.CUSTOMER)
        self.commitments.activated.connect(self._commitment_menu)
        self.project_model = ProjectTableModel()
        self.projects = _table(self.project_model, "ws_projects", ProjectTableModel.NAME)
        self.projects.hideColumn(ProjectTableModel.CUSTOMER)
        self.projects.activated.connect(
            lambda i: self.nav.run_action(
                "show_project", project_id=self.project_model.row_at(i.row()).id
            )
        )
        self.tabs = QTabWidget()
        self.tabs.setObjectName("ws_tabs")
        self.tabs.addTab(self.timeline, theme.icon("note"), "Timeline")
        self.tabs.addTab(self.commitments, theme.icon("promise"), "Commitments")
        self.tabs.addTab(self.projects, theme.icon("projects"), "Projects")
        self.notice_model = NoticeTableModel(user_tz=lambda: self.ctx.user_tz)
        self.notices = _table(self.notice_model, "ws_notices", NoticeTableModel.TITLE)
        self.notices.activated.connect(
            lambda i: self.nav.run_action("notice_menu", notice=self.notice_model.row_at(i.row()))
        )
        self.tabs.addTab(self.notices, theme.icon("phone"), "Notices")

        split = QSplitter(Qt.Orientation.Horizontal)
        split.setObjectName("workspace_split")
        split.addWidget(left)
        split.addWidget(self.tabs)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        self.layout_.addWidget(split, 1)

    # -- loading -----------------------------------------------------------------------------
    def show_customer(self, customer_id: int, interaction_id: int | None = None) -> None:
        changed = customer_id != self.customer_id
        self.customer_id = customer_id
        self._pending_anchor = interaction_id
        if interaction_id is not None:
            self.tabs.setCurrentWidget(self.timeline)
        if changed or interaction_id is not None:
            self.invalidate()

    def refresh(self) -> None:
        if self.customer_id is None:
            return
        customer_id, now = self.customer_id, self.ctx.now()
        self.ctx.read(
            lambda: load_workspace(self.ctx.journal, customer_id, now, self.ctx.risks),
            self._show,
            on_failure=self._gone,
        )

    def _gone(self, exc: BaseException) -> None:
        self.customer_id, self.data = None, None
        self.header.setText("No customer chosen")
        self.facts.setText(f"That customer is no longer in the journal ({exc}).")
        self.loaded()

    def _show(self, data: Workspace) -> None:
        if data.customer.id != self.customer_id:
            return  # the user moved on to another customer meanwhile
        self.data = data
        self.notes = list(data.notes)
        c = data.customer
        now = self.ctx.now()
        self.header.setText(c.name)
        cadence = f"every {c.cadence_days} days" if c.cadence_days else "at the default cadence"
        self.facts.setText(
            f"{fmt.label(c.stage)} · {fmt.label(c.temperament)} · prefers "
            f"{fmt.label(c.preferred_channel).lower()} · contact {cadence} · "
            f"{c.timezone} — their time now: {fmt.local_time_now(c.timezone, now)}"
        )
        self.profile.setHtml(profile_html(data.customer, data.risks, data.reminders))
        self.contacts_model.set_rows(c.contacts)
        self.contacts.resizeColumnsToContents()
        self.commit_model.set_rows(
            sorted(data.commitments, key=lambda x: (not x.is_open, x.due_at))
        )
        self.project_model.set_rows(data.projects)
        self.notice_model.set_rows(sorted(data.notices, key=lambda n: n.effective_at, reverse=True))
        for column in (CommitmentTableModel.DUE, CommitmentTableModel.STATUS):
            self.commitments.resizeColumnToContents(column)
        self._render_timeline()
        self.loaded()

    def _render_timeline(self) -> None:
        assert self.data is not None
        if not self.notes:
            self.timeline.setHtml("<p><i>No notes yet. Log one with Ctrl+L.</i></p>")
            return
        tz, their = self.ctx.user_tz, self.data.customer.timezone
        parts = [note_block(note, tz, their) for note in self.notes]
        if len(self.notes) < self.data.note_total:
            left = self.data.note_total - len(self.notes)
            parts.append(f'<p><a href="cj://more/">Show older notes ({left} more)</a></p>')
        self.timeline.setHtml("".join(parts))
        if self._pending_anchor is not None:
            if any(n.id == self._pending_anchor for n in self.notes):
                self.timeline.scrollToAnchor(f"i{self._pending_anchor}")
                self._pending_anchor = None
            elif len(self.notes) < self.data.note_total:
                self._more()  # the note is older than the first page: page on to it

    def _more(self) -> None:
        if self.data is None or self.customer_id is None:
            return
        customer_id, offset = self.customer_id, len(self.notes)

        def got(page: list[InteractionView]) -> None:
            if page and customer_id == self.customer_id:
                self.notes.extend(page)
                self._render_timeline()

        self.ctx.read(
            lambda: timeline(self.ctx.journal, customer_id=customer_id, offset=offset, limit=PAGE),
            got,
        )

    def _internal_link(self, action: str, argument: str) -> None:
        if action == "more":
            self._more()
            return
        note = next((n for n in self.notes if str(n.id) == argument), None)
        if note is None:
            return
        if action == "edit-note":
            self.nav.run_action("edit_note", note=note)
        elif action == "delete-note":
            self.nav.run_action("delete_note", note=note)

    def _commitment_menu(self, index: Any) -> None:
        # Opened from the keyboard too, so place it at the row rather than the mouse.
        rect = self.commitments.visualRect(index)
        at = self.commitments.viewport().mapToGlobal(rect.bottomLeft())
        commitment = self.commit_model.row_at(index.row())
        self.nav.run_action("commitment_menu", commitment=commitment, at=at)

    def _act(self, action: str, **kwargs: Any) -> None:
        if self.customer_id is not None:
            self.nav.run_action(action, customer_id=self.customer_id, **kwargs)

    def selected(self) -> Any:
        return self.data.customer if self.data else None

    def focus_primary(self) -> None:
        self.tabs.currentWidget().setFocus()
