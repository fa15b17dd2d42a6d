"""What the user can do, in one place: open editors, act on risks, delete with undo."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPoint
from PySide6.QtGui import QCursor, QUndoStack
from PySide6.QtWidgets import QDialog, QMenu, QMessageBox, QWidget

from custjournal.domain.enums import InteractionKind
from custjournal.gui.context import AppContext
from custjournal.gui.worker import COMMITMENTS, Change

if TYPE_CHECKING:
    from custjournal.services.commitment_views import CommitmentView
    from custjournal.services.views import CustomerView

# Every editor is imported when it is first opened, inside the method that opens it: the
# dialogs (and the services only they use) are not needed to paint Today, and importing
# them all cost a tenth of a cold start. tests/gui/test_cold_start_imports.py keeps it so.


def _undo() -> Any:
    # Undoable deletions load with the first deletion, not with the window.
    from custjournal.gui import undo  # noqa: PLC0415

    return undo


def _commitments() -> Any:
    # The commitment services load when a promise is first acted on: a start from the last
    # start's agenda paints Today without them (the worker loads them for the fresh agenda).
    from custjournal.services import commitments  # noqa: PLC0415

    return commitments


class Actions:
    """The window's controller; views call `run(name, **kwargs)` through the Navigator."""

    def __init__(self, ctx: AppContext, parent: QWidget) -> None:
        self.ctx = ctx
        self.parent = parent
        self.undo_stack = QUndoStack(parent)
        self.last_dialog: QDialog | None = None
        self.last_menu: QMenu | None = None
        self.on_customer_created: Callable[[int], None] | None = None

    def run(self, name: str, **kwargs: Any) -> None:
        getattr(self, f"do_{name}")(**kwargs)

    def open_dialog(self, dialog: QDialog) -> QDialog:
        # open(), not exec(): the event loop keeps running, so the worker can deliver.
        dialog.setParent(self.parent, dialog.windowFlags())
        self.last_dialog = dialog
        dialog.open()
        return dialog

    def _with_projects(
        self, customer_id: int, then: Callable[[CustomerView, list[Any]], None]
    ) -> None:
        """The customer and their projects (for editors that can link to a project)."""
        from custjournal.services.customers import get_customer
        from custjournal.services.projects import list_projects

        journal = self.ctx.journal

        def load() -> tuple[CustomerView, list[Any]]:
            return get_customer(journal, customer_id), list_projects(
                journal, customer_id=customer_id
            )

        self.ctx.read(load, lambda found: then(*found))

    def _with_customer(self, customer_id: int, then: Callable[[CustomerView], None]) -> None:
        from custjournal.services.customers import get_customer

        journal = self.ctx.journal
        self.ctx.read(lambda: get_customer(journal, customer_id), then)

    # -- records -----------------------------------------------------------------------------
    def do_new_customer(self, **_: Any) -> None:
        from custjournal.gui.dialogs.records import CustomerDialog

        dialog = self.open_dialog(CustomerDialog(self.ctx))
        dialog.saved.connect(lambda c: self.on_customer_created and self.on_customer_created(c.id))

    def do_edit_customer(self, customer_id: int, **_: Any) -> None:
        from custjournal.gui.dialogs.records import CustomerDialog

        self._with_customer(customer_id, lambda c: self.open_dialog(CustomerDialog(self.ctx, c)))

    def do_new_contact(self, customer_id: int, **_: Any) -> None:
        from custjournal.gui.dialogs.records import ContactDialog

        self.open_dialog(ContactDialog(self.ctx, customer_id))

    def do_edit_contact(self, customer_id: int, contact: Any, **_: Any) -> None:
        from custjournal.gui.dialogs.records import ContactDialog

        dialog = self.open_dialog(ContactDialog(self.ctx, customer_id, contact))
        delete = dialog.buttons.addButton("Delete", dialog.buttons.ButtonRole.DestructiveRole)
        delete.clicked.connect(
            lambda: (dialog.reject(), self._push(_undo().delete_contact(self.ctx, contact)))
        )

    def do_new_note(
        self, customer_id: int, kind: InteractionKind = InteractionKind.NOTE, **_: Any
    ) -> None:
        from custjournal.gui.dialogs.records import NoteDialog

        def show(customer: CustomerView, projects: list[Any]) -> None:
            dialog = self.open_dialog(NoteDialog(self.ctx, customer, kind=kind, projects=projects))
            dialog.saved.connect(self._offer_promises)

        self._with_projects(customer_id, show)

    def do_edit_note(self, note: Any, **_: Any) -> None:
        from custjournal.gui.dialogs.records import NoteDialog

        def show(customer: CustomerView, projects: list[Any]) -> None:
            dialog = self.open_dialog(NoteDialog(self.ctx, customer, note, projects=projects))
            dialog.saved.connect(self._offer_promises)

        self._with_projects(note.customer_id, show)

    def do_delete_note(self, note: Any, **_: Any) -> None:
        self._push(_undo().delete_note(self.ctx, note))

    def do_new_etiquette(self, customer_id: int, **_: Any) -> None:
        from custjournal.gui.dialogs.etiquette import EtiquetteDialog

        self._with_customer(customer_id, lambda c: self.open_dialog(EtiquetteDialog(self.ctx, c)))

    def do_new_promise(self, customer_id: int, **_: Any) -> None:
        from custjournal.gui.dialogs.commitments import PromiseDialog

        self._with_projects(
            customer_id, lambda c, p: self.open_dialog(PromiseDialog(self.ctx, c, projects=p))
        )

    def do_new_appointment(self, customer_id: int, **_: Any) -> None:
        from custjournal.gui.dialogs.commitments import AppointmentDialog

        self._with_projects(
            customer_id, lambda c, p: self.open_dialog(AppointmentDialog(self.ctx, c, projects=p))
        )

    def do_new_notice(self, customer_id: int, **_: Any) -> None:
        from custjournal.gui.dialogs.commitments import NoticeDialog

        self._with_customer(customer_id, lambda c: self.open_dialog(NoticeDialog(self.ctx, c)))

    def _offer_promises(self, note: Any) -> None:
        # The promise finder loads with the first saved note, not with the window.
        from custjournal.gui.dialogs.suggestions import offer_promises  # noqa: PLC0415

        offer_promises(self.ctx, note, self.open_dialog)

    def _push(self, command: Any) -> None:
        self.undo_stack.push(command)  # runs redo(): the delete itself

    # -- commitments -------------------------------------------------------------------------
    def _commit_call(
        self, fn: Callable[..., Any], commitment_id: int, customer_id: int | None
    ) -> None:
        journal, now = self.ctx.journal, self.ctx.now()
        self.ctx.write(
            lambda: fn(journal, commitment_id=commitment_id, now=now),
            changes=Change.of(COMMITMENTS, customer_id=customer_id),
        )

    def do_complete(self, commitment: CommitmentView, **_: Any) -> None:
        self._commit_call(_commitments().complete_commitment, commitment.id, commitment.customer_id)

    def do_reschedule(self, commitment: CommitmentView, **_: Any) -> None:
        from custjournal.gui.dialogs.commitments import RescheduleDialog

        self.open_dialog(RescheduleDialog(self.ctx, commitment))

    def do_edit_commitment(self, commitment: CommitmentView, **_: Any) -> None:
        from custjournal.gui.dialogs.commitment_edit import CommitmentEditDialog

        def show(c: CustomerView, p: list[Any]) -> None:
            self.open_dialog(CommitmentEditDialog(self.ctx, commitment, c, projects=p))

        self._with_projects(commitment.customer_id, show)

    def do_commitment_menu(
        self, commitment: CommitmentView, at: QPoint | None = None, **_: Any
    ) -> None:
        menu = QMenu(self.parent)
        c = commitment
        if c.is_open:
            menu.addAction("Mark &done", lambda: self.do_complete(c))
            menu.addAction("&Reschedule…", lambda: self.do_reschedule(c))
            if c.kind.value == "appointment" and c.confirmed_at is None:
                menu.addAction(
                    "Customer &confirmed",
                    lambda: self._commit_call(
                        _commitments().confirm_appointment, c.id, c.customer_id
                    ),
                )
        else:
            menu.addAction(
                "Re&open",
                lambda: self._commit_call(_commitments().reopen_commitment, c.id, c.customer_id),
            )
        menu.addAction("&Edit…", lambda: self.do_edit_commitment(c))
        menu.addSeparator()
        menu.addAction(
            "De&lete (undo with Ctrl+Z)",
            lambda: self._push(_undo().delete_commitment(self.ctx, c)),
        )
        self.last_menu = menu
        menu.popup(at or QCursor.pos())

    def do_notice_menu(self, notice: Any, **_: Any) -> None:
        if notice.acknowledged_at is not None:
            return
        journal, now, nid = self.ctx.journal, self.ctx.now(), notice.id
        if self.confirm("Acknowledged?", f"Did they acknowledge “{notice.title}”?"):
            self.ctx.write(
                lambda: _commitments().acknowledge_notice(journal, notice_id=nid, now=now),
                changes=Change.of(COMMITMENTS, customer_id=notice.customer_id),
            )

    # -- risks -------------------------------------------------------------------------------
    def do_risk_done(self, risk: Any, **_: Any) -> None:
        if risk.subject_type == "commitment" and risk.subject_id is not None:
            self._commit_call(_commitments().complete_commitment, risk.subject_id, risk.customer_id)

    def do_risk_reschedule(self, risk: Any, **_: Any) -> None:
        if risk.subject_type == "commitment" and risk.subject_id is not None:
            journal, cid = self.ctx.journal, risk.subject_id
            self.ctx.read(
                lambda: _commitments().get_commitment(journal, cid),
                lambda c: self.do_reschedule(c),
            )

    def do_risk_log_call(self, risk: Any, **_: Any) -> None:
        if risk.customer_id is not None:
            self.do_new_note(risk.customer_id, kind=InteractionKind.CALL)

    def do_risk_acknowledge(self, risk: Any, **_: Any) -> None:
        if risk.subject_type != "notice" or risk.subject_id is None:
            return
        journal, now, nid = self.ctx.journal, self.ctx.now(), risk.subject_id
        self.ctx.write(
            lambda: _commitments().acknowledge_notice(journal, notice_id=nid, now=now),
            changes=Change.of(COMMITMENTS, customer_id=risk.customer_id),
        )

    def do_risk_snooze(self, risk: Any, **_: Any) -> None:
        from custjournal.gui.dialogs.commitments import SnoozeDialog

        self.open_dialog(SnoozeDialog(self.ctx, risk))

    # -- projects ----------------------------------------------------------------------------
    def do_new_project(self, customer_id: int, **_: Any) -> None:
        from custjournal.gui.dialogs.projects import ProjectDialog

        self.open_dialog(ProjectDialog(self.ctx, customer_id=customer_id))

    def do_edit_project(self, project: Any, **_: Any) -> None:
        from custjournal.gui.dialogs.projects import ProjectDialog

        self.open_dialog(ProjectDialog(self.ctx, customer_id=project.customer_id, project=project))

    def do_change_price(self, project: Any, **_: Any) -> None:
        from custjournal.gui.dialogs.projects import PriceChangeDialog

        self.open_dialog(PriceChangeDialog(self.ctx, project))

    def do_change_timeline(self, project: Any, **_: Any) -> None:
        from custjournal.gui.dialogs.projects import TimelineChangeDialog

        self.open_dialog(TimelineChangeDialog(self.ctx, project))

    def do_add_scope(self, project: Any, **_: Any) -> None:
        from custjournal.gui.dialogs.projects import ScopeDialog

        self.open_dialog(ScopeDialog(self.ctx, project))

    def do_project_status(self, project: Any, **_: Any) -> None:
        from custjournal.gui.dialogs.projects import StatusDialog

        self.open_dialog(StatusDialog(self.ctx, project))

    def do_retrospective(self, project: Any, **_: Any) -> None:
        from custjournal.gui.dialogs.retro import RetroDialog, load_retro

        journal, now = self.ctx.journal, self.ctx.now()
        self.ctx.read(
            lambda: load_retro(journal, project.id, now),
            lambda data: self.open_dialog(RetroDialog(self.ctx, project.id, data)),
            on_failure=lambda exc: QMessageBox.warning(self.parent, "Retrospective", str(exc)),
        )

    def confirm(self, title: str, text: str) -> bool:
        return QMessageBox.question(self.parent, title, text) == QMessageBox.StandardButton.Yes
