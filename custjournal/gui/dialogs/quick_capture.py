"""Quick capture (Ctrl+Shift+N anywhere): a note or a promise against a customer, fast."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QDialog, QWidget

from custjournal.domain.enums import Direction
from custjournal.domain.errors import ValidationError
from custjournal.gui.context import AppContext
from custjournal.gui.dialogs.fields import FormDialog, WhenEdit, line, text_edit
from custjournal.gui.dialogs.suggestions import offer_promises
from custjournal.gui.worker import COMMITMENTS, CUSTOMERS, INTERACTIONS, Change
from custjournal.services import commitments as commitment_service
from custjournal.services import journal as journal_service

KINDS = (
    ("Note", "note"),
    ("Promise I made", "mine"),
    ("Promise they made", "theirs"),
)


class QuickCaptureDialog(FormDialog):
    """Customer, what, and (for a promise) when; Enter saves."""

    def __init__(
        self,
        ctx: AppContext,
        customers: list[tuple[int, str]],
        *,
        customer_id: int | None = None,
        open_dialog: Callable[[QDialog], Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, "Quick capture", parent)
        # How the window opens its dialogs; the promises found in a note open the same way.
        self.open_dialog = open_dialog
        self._saved_kind = ""
        self.customer = QComboBox()
        self.customer.setEditable(True)
        self.customer.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for cid, name in customers:
            self.customer.addItem(name, cid)
        completer = self.customer.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        index = self.customer.findData(customer_id) if customer_id is not None else -1
        self.customer.setCurrentIndex(index)
        if index < 0:
            self.customer.setEditText("")
        self.add_field("customer", "&Customer", self.customer)
        self.kind = QComboBox()
        for text, key in KINDS:
            self.kind.addItem(text, key)
        self.add_field("kind", "&Kind", self.kind)
        self.what = self.add_field(
            "title", "&What", line(placeholder="Title of the note or promise")
        )
        self.body = self.add_field("body", "&Details", text_edit(height=70))
        self.due = self.add_field("due_at", "D&ue", WhenEdit(ctx, field="due_at"))
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()
        self.saved.connect(self._offer_promises)

    def _offer_promises(self, saved: Any) -> None:
        """A note saved here is read for promises exactly as the note editor's are."""
        if self._saved_kind != "note":
            return  # a promise typed here is already tracked; nothing to find in it
        offer_promises(self.ctx, saved, self.open_dialog or self._open_beside)

    def _open_beside(self, dialog: QDialog) -> None:
        # Without the window's opener: parented to what this dialog was parented to.
        dialog.setParent(self.parentWidget(), dialog.windowFlags())
        dialog.open()

    def _kind_changed(self) -> None:
        promise = self.kind.currentData() != "note"
        self.due.setEnabled(promise)
        self.due.edit.setPlaceholderText(
            "e.g. tomorrow 9am, fri 17:00" if promise else "(notes are logged now)"
        )

    def _customer_id(self) -> int:
        text = self.customer.currentText().strip()
        index = self.customer.findText(text, Qt.MatchFlag.MatchFixedString)
        if index < 0:
            raise ValidationError("customer", f"choose a customer from the list (not {text!r})")
        return int(self.customer.itemData(index))

    def build(self) -> tuple[Callable[[], Any], Change]:
        cid, journal, now = self._customer_id(), self.ctx.journal, self.ctx.now()
        title, body, kind = self.what.text(), self.body.toPlainText(), self.kind.currentData()
        self._saved_kind = kind
        if kind == "note":
            if not body.strip():
                # A one-line note is the note's text: promises are read from the text.
                title, body = "", title
            return (
                lambda: journal_service.log_interaction(
                    journal, customer_id=cid, now=now, title=title, body=body
                ),
                Change.of(INTERACTIONS, CUSTOMERS, customer_id=cid),
            )
        due, direction, owner = self.due.value(), Direction(kind), self.ctx.owner
        return (
            lambda: commitment_service.add_promise(
                journal,
                customer_id=cid,
                title=title,
                due_at=due,
                now=now,
                direction=direction,
                details=body,
                # The customer's promises are nobody's on our side.
                owner=owner if direction == Direction.MINE else "",
            ),
            Change.of(COMMITMENTS, customer_id=cid),
        )
