"""Promises found in a saved note, offered one by one: track (date editable) or dismiss."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from custjournal.domain.enums import Direction
from custjournal.domain.errors import ValidationError
from custjournal.gui.context import AppContext
from custjournal.gui.dialogs.fields import WhenEdit, muted
from custjournal.gui.worker import COMMITMENTS, Change
from custjournal.services.promises.suggestions import (
    Suggestion,
    accept_suggestion,
    dismiss_suggestion,
    suggest_commitments,
)


def who_text(s: Suggestion) -> str:
    """Who owes it, in words: the direction is the point, the name says whom to chase."""
    if s.direction == Direction.MINE:
        return "Mine — you promised"
    return f"Theirs — {s.who} promised"


def explain(s: Suggestion) -> str:
    """The note's own words, with the promise verb and the date words in bold (rich text)."""
    text, marks = s.matched, []
    for part in (s.trigger, s.due_text):
        at = text.find(part) if part else -1
        if at >= 0 and all(at >= end or at + len(part) <= start for start, end in marks):
            marks.append((at, at + len(part)))
    out, pos = [], 0
    for start, end in sorted(marks):
        out += [html.escape(text[pos:start]), f"<b>{html.escape(text[start:end])}</b>"]
        pos = end
    out.append(html.escape(text[pos:]))
    return "From your note: “" + "".join(out) + "”"


class SuggestionRow(QFrame):
    """One finding: who, what (editable), when (editable, both zones), why; Track or Dismiss."""

    def __init__(
        self, dialog: SuggestionsDialog, suggestion: Suggestion, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.dialog, self.suggestion, self.decision = dialog, suggestion, ""
        ctx, s = dialog.ctx, suggestion
        self.setProperty("role", "card")
        self.who = QLabel(who_text(s))
        self.who.setProperty("role", "subheading")
        self.title_edit = QLineEdit(s.title)
        self.title_edit.setObjectName("suggestion_title")
        self.due = WhenEdit(ctx, field="due_at", other_tz=s.timezone)
        self.due.edit.setObjectName("suggestion_due")
        if s.due is not None:
            self.due.set_value(s.due)
        else:
            self.due.edit.setPlaceholderText("The note gives no date — say when, e.g. fri 17:00")
        self._initial_due = self.due.edit.text()
        self.why = muted(explain(s))
        self.why.setTextFormat(Qt.TextFormat.RichText)
        self.error = muted("", "error")
        self.error.hide()
        self.status = muted("")
        self.status.hide()
        self.track = QPushButton("&Track")
        self.track.setObjectName("suggestion_track")
        self.track.setToolTip("Keep track of this promise: on Today, and in Risks if it slips")
        self.dismiss = QPushButton("Dismiss")
        self.dismiss.setObjectName("suggestion_dismiss")
        self.dismiss.setToolTip("Not a promise to track; it will not be offered again")
        for button in (self.track, self.dismiss):
            # Enter while editing one row must not track another row's promise.
            button.setAutoDefault(False)
        self.track.clicked.connect(self.accept_it)
        self.dismiss.clicked.connect(self.dismiss_it)

        fields = QFormLayout()
        fields.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        fields.addRow("What", self.title_edit)
        fields.addRow("Due", self.due)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addStretch()
        buttons.addWidget(self.dismiss)
        buttons.addWidget(self.track)
        column = QVBoxLayout(self)
        column.addWidget(self.who)
        column.addLayout(fields)
        if s.overdue:
            column.addWidget(muted("Already past due when the note was saved.", "error"))
        column.addWidget(self.why)
        column.addWidget(self.error)
        column.addLayout(buttons)

    def _due_at(self) -> datetime | None:
        """None keeps the finder's own due (exact); an edited or missing date is parsed."""
        text = self.due.edit.text().strip()
        if not text:
            raise ValidationError("due_at", "say when it is due, e.g. fri 17:00")
        if self.suggestion.due is not None and text == self._initial_due:
            return None
        return self.due.value()

    def _busy(self, busy: bool) -> None:
        for widget in (self.track, self.dismiss, self.title_edit, self.due.edit):
            widget.setEnabled(not busy)

    def accept_it(self) -> None:
        self.error.hide()
        try:
            due_at = self._due_at()
        except ValidationError as exc:
            self.show_error(exc)
            return
        s, ctx = self.suggestion, self.dialog.ctx
        title = self.title_edit.text().strip()
        journal, now = ctx.journal, ctx.now()
        self._busy(True)
        ctx.write(
            lambda: accept_suggestion(
                journal,
                interaction_id=s.interaction_id,
                key=s.key,
                now=now,
                title=title if title != s.title else None,
                due_at=due_at,
                owner=ctx.owner,
            ),
            changes=Change.of(COMMITMENTS, customer_id=s.customer_id),
            on_success=lambda _c: self._decided("tracked", "✓ Tracked — it is on your agenda"),
            on_failure=self.show_error,
            label="track a promise from a note",
        )

    def dismiss_it(self) -> None:
        self.error.hide()
        s, ctx = self.suggestion, self.dialog.ctx
        journal, now = ctx.journal, ctx.now()
        self._busy(True)
        # Nothing a view shows changes, so no "journal changed" announcement.
        ctx.worker.submit(
            lambda: dismiss_suggestion(
                journal, interaction_id=s.interaction_id, key=s.key, now=now
            ),
            on_success=lambda _r: self._decided("dismissed", "Dismissed — not offered again"),
            on_failure=self.show_error,
            label="dismiss a promise from a note",
        )

    def _decided(self, decision: str, text: str) -> None:
        self.decision = decision
        self.status.setText(text)
        self.status.show()
        self.track.hide()
        self.dismiss.hide()
        self.dialog.row_decided()

    def show_error(self, exc: BaseException) -> None:
        self._busy(False)
        problem = exc.problem if isinstance(exc, ValidationError) else str(exc)
        self.error.setText(f"Not tracked: {problem}")
        self.error.show()
        if isinstance(exc, ValidationError) and exc.field == "due_at":
            self.due.setFocus(Qt.FocusReason.OtherFocusReason)


class SuggestionsDialog(QDialog):
    """ "Promises found in this note": nothing is created until the user clicks Track."""

    def __init__(
        self, ctx: AppContext, suggestions: Sequence[Suggestion], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        name = suggestions[0].customer_name if suggestions else ""
        self.setWindowTitle(f"Promises found in this note — {name}")
        self.setModal(True)
        heading = QLabel("Promises found in this note")
        heading.setProperty("role", "heading")
        intro = muted(
            "Nothing is tracked until you say so. Track what you want on your agenda (fix the "
            "wording or the date first if needed); dismiss the rest and they will not be "
            "offered again."
        )
        body = QWidget()
        rows = QVBoxLayout(body)
        rows.setContentsMargins(0, 0, 0, 0)
        self.rows = [SuggestionRow(self, s) for s in suggestions]
        for row in self.rows:
            rows.addWidget(row)
        rows.addStretch()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        # Tall enough for a few rows without scrolling; more rows scroll.
        # (height at the dialog's width: wrapped explanations are taller when measured narrow).
        tall = body.layout().totalHeightForWidth(598) if body.hasHeightForWidth() else -1
        scroll.setMinimumHeight(min(tall if tall > 0 else body.sizeHint().height(), 400))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_button = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setText("Decide &later")
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(620)
        if self.rows:
            self.rows[0].track.setFocus()

    def row_decided(self) -> None:
        if all(row.decision for row in self.rows):
            self.close_button.setText("&Done")


def offer_promises(ctx: AppContext, note: Any, open_dialog: Callable[[QDialog], Any]) -> None:
    """After a note is saved: look for promises in it and, if any, offer them in the dialog."""
    journal, now, note_id = ctx.journal, ctx.now(), note.id

    def show(found: list[Suggestion]) -> None:
        if found:
            open_dialog(SuggestionsDialog(ctx, found))

    ctx.read(lambda: suggest_commitments(journal, interaction_id=note_id, now=now), show)
