"""Customer workspace: profile, contacts, etiquette, timeline, commitments both ways, projects."""

from __future__ import annotations

from dataclasses import replace
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

from custjournal.gui import fmt, theme
from custjournal.gui.browser import SafeBrowser
from custjournal.gui.models.tables import (
    CommitmentTableModel,
    ContactTableModel,
    NoticeTableModel,
    ProjectTableModel,
)
from custjournal.gui.views.base import View, heading
from custjournal.gui.views.workspace_data import (
    COMMITMENT_PAGE,
    PAGE,
    TimelinePage,
    Workspace,
    cached_risks,
    customer_risks,
    load_workspace,
    timeline_page,
)
from custjournal.gui.views.workspace_html import profile_html
from custjournal.gui.views.workspace_timeline import TimelinePane
from custjournal.gui.widgets import configure_table
from custjournal.gui.worker import (
    COMMITMENTS,
    CUSTOMERS,
    ELSEWHERE,
    ETIQUETTE,
    INTERACTIONS,
    PROJECTS,
    RISKS,
    SETTINGS,
    Change,
)
from custjournal.services.commitment_reads import (
    count_customer_commitments,
    customer_commitments,
)
from custjournal.services.views import InteractionView

__all__ = [
    "COMMITMENT_PAGE",
    "PAGE",
    "TimelinePage",
    "Workspace",
    "WorkspaceView",
    "load_workspace",
    "timeline_page",
]

SIZE_FROM_ROWS = 30
AHEAD_OF_RISKS = 3  # pages of notes read ahead before a customer's risks are evaluated
TIMELINE_KINDS = frozenset({INTERACTIONS, CUSTOMERS, SETTINGS})


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
        self._pending_anchor: int | None = None
        # Bumped by changes that can alter the notes shown; the minute's tick (which refreshes
        # risks and "their time now") must not throw away the pages the reader scrolled to.
        self._timeline_version = 0
        self._timeline_built = -1

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

        self.timeline_page = TimelinePane(self.ctx, self._internal_link)
        self.timeline = self.timeline_page.browser
        self.more_button = self.timeline_page.more_button
        self.commit_model = CommitmentTableModel(
            clock=self.ctx.now,
            user_tz=lambda: self.ctx.user_tz,
            me=lambda: self.ctx.owner,
            runner=self.ctx.read,
        )
        self.commitments = _table(self.commit_model, "ws_commitments", CommitmentTableModel.TITLE)
        # Size columns from the first rows, not from every loaded row (Qt's default is 1,000:
        # a third of a second of formatting on the GUI thread for a busy account).
        self.commitments.horizontalHeader().setResizeContentsPrecision(SIZE_FROM_ROWS)
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
        self.tabs.addTab(self.timeline_page, theme.icon("note"), "Timeline")
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
    def _on_changed(self, change: Change) -> None:
        # A colleague's save (on a team journal) is most often about another customer: the
        # timeline is rebuilt only if its first page reads differently (see _show), so that
        # the reader keeps their place while colleagues work.
        if change.touches(TIMELINE_KINDS) and ELSEWHERE not in change.kinds:
            self._timeline_version += 1
        super()._on_changed(change)

    def show_customer(self, customer_id: int, interaction_id: int | None = None) -> None:
        changed = customer_id != self.customer_id
        if changed or interaction_id is not None:
            self._timeline_version += 1
        self.customer_id = customer_id
        self._pending_anchor = interaction_id
        if interaction_id is not None:
            self.tabs.setCurrentWidget(self.timeline_page)
        if changed or interaction_id is not None:
            self.invalidate()

    def refresh(self) -> None:
        if self.customer_id is None:
            return
        customer_id, now, ctx, user_tz = (
            self.customer_id,
            self.ctx.now(),
            self.ctx,
            self.ctx.user_tz,
        )
        version = self._timeline_version
        self.ctx.read(
            lambda: load_workspace(
                ctx.journal,
                customer_id,
                now,
                lambda at, cid: cached_risks(ctx, at, cid),
                user_tz,
            ),
            lambda data: self._show(data, version),
            on_failure=self._gone,
        )

    def _gone(self, exc: BaseException) -> None:
        self.customer_id, self.data = None, None
        self.header.setText("No customer chosen")
        self.facts.setText(f"That customer is no longer in the journal ({exc}).")
        self.loaded()

    def _show(self, data: Workspace, timeline_version: int | None = None) -> None:
        if data.customer.id != self.customer_id:
            return  # the user moved on to another customer meanwhile
        keep_timeline = (
            timeline_version == self._timeline_built
            and self.data is not None
            and self.data.customer.id == data.customer.id
            and data.note_total == self.data.note_total
            and _versions(data.notes) == _versions(self.notes[: len(data.notes)])
        )
        self.data = data
        if keep_timeline:
            # Nothing the notes show changed: keep the pages loaded and where the reader is.
            self.data = replace(data, notes=list(self.notes))
        else:
            self._timeline_built = -1 if timeline_version is None else timeline_version
        c = data.customer
        now = self.ctx.now()
        self.header.setText(c.name)
        cadence = f"every {c.cadence_days} days" if c.cadence_days else "at the default cadence"
        self.facts.setText(
            f"{fmt.label(c.stage)} · {fmt.label(c.temperament)} · prefers "
            f"{fmt.label(c.preferred_channel).lower()} · contact {cadence} · "
            f"{c.timezone} — their time now: {fmt.local_time_now(c.timezone, now)}"
        )
        self._show_profile(data.risks)
        self.contacts_model.set_rows(c.contacts)
        self.contacts.resizeColumnsToContents()
        journal, customer_id = self.ctx.journal, c.id
        self.commit_model.set_query(
            lambda offset, limit: customer_commitments(
                journal, customer_id=customer_id, offset=offset, limit=limit
            ),
            lambda: count_customer_commitments(journal, customer_id=customer_id),
            first=(data.commitment_total, data.commitments),
        )
        self.project_model.set_rows(data.projects)
        self.notice_model.set_rows(sorted(data.notices, key=lambda n: n.effective_at, reverse=True))
        for column in (CommitmentTableModel.DUE, CommitmentTableModel.STATUS):
            self.commitments.resizeColumnToContents(column)
        if not keep_timeline:
            self.timeline_page.pending_anchor = self._pending_anchor
            self._pending_anchor = None
            self.timeline_page.reset(
                c.id, c.timezone, data.notes, data.note_total, data.timeline_html
            )
        if data.risks is None:
            # A few pages of notes first: the rules take seconds on a house account, and the
            # reader scrolling on meanwhile should find notes there, not wait for them.
            self.timeline_page.read_ahead(AHEAD_OF_RISKS)
            self._load_risks(c.id, now)
        self.loaded()

    def _show_profile(self, risks: list[Any] | None) -> None:
        assert self.data is not None
        self.profile.setHtml(profile_html(self.data.customer, risks or [], self.data.reminders))
        if risks is None:
            self.profile.append("<p><i>Checking risks…</i></p>")

    def _load_risks(self, customer_id: int, now: Any) -> None:
        """The rules for this customer alone, after the workspace is already on screen."""
        journal = self.ctx.journal

        def got(risks: list[Any]) -> None:
            if self.data is not None and self.data.customer.id == customer_id:
                self._show_profile(risks)

        self.ctx.read_rules(lambda: customer_risks(journal, now, customer_id), got)

    @property
    def notes(self) -> list[InteractionView]:
        """The notes shown in the timeline (its pages so far)."""
        return self.timeline_page.notes

    def _internal_link(self, action: str, argument: str) -> None:
        if action == "more":
            self.timeline_page.more()
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
        self.tabs.currentWidget().setFocus()  # the timeline page hands focus to its browser


def _versions(notes: list[InteractionView]) -> list[tuple[int, int]]:
    return [(note.id, note.version) for note in notes]
