"""Form building blocks: a dialog that shows ValidationError beside the field, and date entry."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from custjournal.domain.errors import ConflictError, NotFoundError, ValidationError
from custjournal.domain.times import parse_when, zone
from custjournal.gui import fmt
from custjournal.gui.context import AppContext
from custjournal.gui.worker import Change


def muted(text: str, role: str = "muted") -> QLabel:
    label = QLabel(text)
    label.setProperty("role", role)
    label.setWordWrap(True)
    return label


def enum_combo(enum: Iterable[Any], *, optional: bool = False, current: Any = None) -> QComboBox:
    """A combo of enum values; data is the member (or None for "not set")."""
    combo = QComboBox()
    if optional:
        combo.addItem("—", None)
    for member in enum:
        combo.addItem(fmt.label(member), member)
    if current is not None:
        found = combo.findData(current)
        if found >= 0:
            combo.setCurrentIndex(found)
    return combo


class WhenEdit(QWidget):
    """Natural date entry ("tomorrow 9am", "fri 17:00") with the parsed time shown live."""

    parsed = Signal(object)  # datetime or None

    def __init__(
        self,
        ctx: AppContext,
        *,
        field: str = "when",
        other_tz: str | None = None,
        text: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.field = field
        self.other_tz = other_tz
        self.edit = QLineEdit(text)
        self.edit.setPlaceholderText("e.g. tomorrow 9am, fri 17:00, 2026-12-03 14:30")
        self.preview = muted("", "parsed")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.preview)
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(self._update)
        self._update()

    def set_value(self, value: datetime) -> None:
        """Show an existing time as editable text in the user's zone."""
        self.edit.setText(value.astimezone(zone(self.ctx.user_tz)).strftime("%Y-%m-%d %H:%M"))

    def set_other_tz(self, other_tz: str | None) -> None:
        self.other_tz = other_tz
        self._update()

    def value(self) -> datetime:
        """The parsed time, or ValidationError naming this field."""
        if self.edit.text().strip().lower() == "now":
            return self.ctx.now()
        return parse_when(
            self.edit.text(), now=self.ctx.now(), tz=zone(self.ctx.user_tz), field=self.field
        )

    def _update(self) -> None:
        if not self.edit.text().strip():
            self.preview.setText("")
            self.parsed.emit(None)
            return
        try:
            value = self.value()
        except ValidationError as exc:
            self.preview.setText(f"✗ {exc.problem}")
            self.parsed.emit(None)
            return
        self.preview.setText("→ " + fmt.when(value, self.ctx.user_tz, self.other_tz))
        self.parsed.emit(value)


class FormDialog(QDialog):
    """A dialog that saves through the worker and shows a ValidationError beside its field."""

    saved = Signal(object)

    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.setModal(True)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self._errors: dict[str, QLabel] = {}
        self._widgets: dict[str, QWidget] = {}
        self.general_error = muted("", "error")
        self.general_error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    @property
    def save_button(self) -> Any:
        return self.buttons.button(QDialogButtonBox.StandardButton.Save)

    def add_field(
        self, name: str, label: str, widget: QWidget, *, aliases: Iterable[str] = ()
    ) -> Any:
        """A labelled field with room for its error message right under it."""
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        error = muted("", "error")
        error.hide()
        error.setObjectName(f"error_{name}")
        column.addWidget(error)
        self.form.addRow(label, box)
        for key in (name, *aliases):
            self._errors[key] = error
            self._widgets[key] = widget
        widget.setObjectName(name)
        return widget

    def error_text(self, name: str) -> str:
        label = self._errors.get(name)
        return label.text() if label is not None and not label.isHidden() else ""

    def clear_errors(self) -> None:
        for label in {*self._errors.values(), self.general_error}:
            label.setText("")
            label.hide()

    def show_error(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, ValidationError) and exc.field in self._errors:
            label = self._errors[exc.field]
            label.setText(exc.problem)
            label.show()
            self._widgets[exc.field].setFocus(Qt.FocusReason.OtherFocusReason)
            return
        if isinstance(exc, ConflictError):
            # The service's message says what changed, that nothing was saved, and what to do.
            said = str(exc)
            text = f"{said[:1].upper()}{said[1:]}."
        elif isinstance(exc, ValidationError | NotFoundError):
            text = str(exc)
        else:
            text = f"Not saved: {exc}"
        self.general_error.setText(text)
        self.general_error.show()

    # Subclasses return the service call to run and what it changes.
    def build(self) -> tuple[Callable[[], Any], Change]:
        raise NotImplementedError

    def save(self) -> None:
        self.clear_errors()
        try:
            call, change = self.build()
        except ValidationError as exc:  # e.g. a date that does not parse
            self.show_error(exc)
            return
        self.save_button.setEnabled(False)
        self.ctx.write(call, changes=change, on_success=self._saved, on_failure=self.show_error)

    def _saved(self, result: Any) -> None:
        self.saved.emit(result)
        self.accept()


def text_edit(text: str = "", *, placeholder: str = "", height: int = 90) -> QPlainTextEdit:
    edit = QPlainTextEdit(text)
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)  # Tab moves on, so the form stays keyboard-friendly
    edit.setMinimumHeight(height)
    return edit


def line(text: str = "", *, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit(text)
    edit.setPlaceholderText(placeholder)
    return edit


def project_combo(projects: Iterable[Any], current: int | None = None) -> QComboBox:
    """The customer's live projects to link a record to (or none)."""
    combo = QComboBox()
    combo.addItem("— none —", None)
    for project in projects:
        if project.status.value not in ("closed", "cancelled") or project.id == current:
            combo.addItem(project.name, project.id)
    if current is not None:
        combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo
