"""Import contacts from a spreadsheet: map its columns, see what each row becomes, then import.

What each row becomes is worked out in csv_preview; this is the dialog around it.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from custjournal.domain import ValidationError
from custjournal.gui import fmt
from custjournal.gui.context import AppContext
from custjournal.gui.dialogs.csv_preview import CsvPreviewModel, Preview, build_preview
from custjournal.gui.dialogs.fields import muted
from custjournal.gui.transfer import LongOperations
from custjournal.gui.widgets import configure_table
from custjournal.gui.worker import EVERYTHING, Change, Task
from custjournal.services.interchange.common import ImportReport
from custjournal.services.interchange.csv_io import (
    FIELDS,
    CsvTable,
    apply_csv,
    check_mapping,
    suggest_mapping,
)

NOT_IMPORTED = "— not imported —"
NO_CUSTOMER = "— skip such rows —"
LABELS = {
    "customer": "Customer (company)",
    "name": "Full name",
    "first_name": "First name",
    "last_name": "Last name",
    "role": "Role",
    "form_of_address": "Form of address",
    "email": "E-mail",
    "phone": "Phone",
    "preferred_channel": "Preferred channel",
    "notes": "Notes",
}


class CsvImportDialog(QDialog):
    """One combo per contact field over the file's columns; the preview follows every change."""

    def __init__(
        self, ctx: AppContext, table: CsvTable, file_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx, self.table = ctx, table
        self.ops = LongOperations(ctx, self)
        self._generation = 0  # a slower, older preview must not overwrite a newer one
        self.preview: Preview | None = None
        self.setObjectName("csv_import_dialog")
        self.setWindowTitle(f"Import contacts from {file_name}")
        self.resize(920, 640)
        layout = QVBoxLayout(self)
        layout.addWidget(
            muted(
                f"{fmt.count(len(table.rows), 'row')} in {file_name}. Say which column holds "
                "what; a contact already under the same customer (same e-mail, or same name) is "
                "updated, never renamed, and an empty cell never blanks what the journal has."
            )
        )
        box = QGroupBox("Columns")
        grid = QGridLayout(box)
        suggested = suggest_mapping(table.headers)
        self.combos: dict[str, QComboBox] = {}
        half = (len(FIELDS) + 1) // 2
        for number, field_name in enumerate(FIELDS):
            combo = QComboBox()
            combo.setObjectName(f"map_{field_name}")
            combo.addItem(NOT_IMPORTED, None)
            for header in table.headers:
                combo.addItem(header, header)
            combo.setCurrentIndex(max(combo.findData(suggested.get(field_name)), 0))
            combo.currentIndexChanged.connect(self.refresh)
            label = QLabel(f"{LABELS.get(field_name, field_name)}:")
            label.setBuddy(combo)
            row, column = number % half, (number // half) * 2
            grid.addWidget(label, row, column)
            grid.addWidget(combo, row, column + 1)
            self.combos[field_name] = combo
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        layout.addWidget(box)
        self.mapping_error = muted("", "error")
        self.mapping_error.setObjectName("mapping_error")
        self.mapping_error.hide()
        layout.addWidget(self.mapping_error)
        form = QFormLayout()
        self.fallback = QComboBox()
        self.fallback.setObjectName("fallback_customer")
        self.fallback.addItem(NO_CUSTOMER, None)
        self.fallback.currentIndexChanged.connect(self.refresh)
        form.addRow("Customer for rows without a company:", self.fallback)
        self.create_customers = QCheckBox("Create customers the journal does not have yet")
        self.create_customers.setChecked(True)
        self.create_customers.toggled.connect(self.refresh)
        form.addRow("", self.create_customers)
        layout.addLayout(form)
        self.summary = QLabel("")
        self.summary.setObjectName("preview_summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.model = CsvPreviewModel(self)
        self.view = QTableView()
        self.view.setObjectName("csv_preview")
        self.view.setModel(self.model)
        configure_table(
            self.view,
            stretch=CsvPreviewModel.REMARKS,
            widths=dict(enumerate((44, 80, 140, 140, 90, 170, 100))),
        )
        layout.addWidget(self.view, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(
            "&Import", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setObjectName("import")
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self.start_import)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._load_customers()
        self.refresh()

    # -- reading -------------------------------------------------------------------------------
    def _load_customers(self) -> None:
        from custjournal.services.customers import list_customers

        journal, now = self.ctx.journal, self.ctx.now()
        self.ctx.read(
            lambda: [row.name for row in list_customers(journal, now=now)], self._got_customers
        )

    def _got_customers(self, names: list[str]) -> None:
        self.fallback.blockSignals(True)  # filling the list is not a choice to preview
        for name in names:
            self.fallback.addItem(name, name)
        self.fallback.blockSignals(False)

    def mapping(self) -> dict[str, str]:
        return {f: c.currentData() for f, c in self.combos.items() if c.currentData() is not None}

    def refresh(self) -> None:
        self._generation += 1
        generation = self._generation
        self.import_button.setEnabled(False)
        mapping = self.mapping()
        try:
            check_mapping(mapping, self.table.headers)
        except ValidationError as exc:
            self._show_error(exc.problem[:1].upper() + exc.problem[1:] + ".")
            return
        self.mapping_error.hide()
        self.summary.setText("Reading what the import would do…")
        journal, now, table = self.ctx.journal, self.ctx.now(), self.table
        customer, create = self.fallback.currentData(), self.create_customers.isChecked()

        def work() -> Preview:
            return build_preview(
                journal, table, mapping, customer=customer, create_customers=create, now=now
            )

        def shown(preview: Preview) -> None:
            if generation == self._generation:
                self._show_preview(preview)

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self._show_error(str(exc))

        self.ctx.read(work, shown, failed)

    def _show_error(self, text: str) -> None:
        self.preview = None
        self.mapping_error.setText(text)
        self.mapping_error.show()
        self.summary.setText("Nothing can be imported with this mapping.")
        self.model.set_rows(())

    def _show_preview(self, preview: Preview) -> None:
        self.preview = preview
        r = preview.report
        parts = [f"{r.created} to create", f"{r.updated} to update", f"{r.unchanged} unchanged",
                 f"{len(r.skipped)} skipped"]  # fmt: skip
        if r.customers_created:
            new = len(r.customers_created)
            parts.append(f"{new} new customer{'' if new == 1 else 's'}")
        shown = f"first {len(preview.rows)} of {preview.total} rows shown"
        text = f"All {preview.total} rows: {', '.join(parts)} ({shown})."
        if r.warnings:
            text += f" {fmt.count(len(r.warnings), 'warning')} (see Remarks)."
        self.summary.setText(text)
        self.model.set_rows(preview.rows)
        self.import_button.setEnabled(r.created + r.updated > 0)

    # -- importing ------------------------------------------------------------------------------
    def start_import(self) -> Task | None:
        mapping = self.mapping()
        if self.preview is None:
            return None
        journal, now, table = self.ctx.journal, self.ctx.now(), self.table
        customer, create = self.fallback.currentData(), self.create_customers.isChecked()

        def work(task: Task) -> ImportReport:
            return apply_csv(
                journal, table, mapping, customer=customer, create_customers=create, now=now,
                progress=lambda d, t: task.progress(d, t, "Importing contacts…"),
                cancelled=lambda: task.cancelled,
            )  # fmt: skip

        def done(r: ImportReport) -> str:
            self.accept()
            return (
                f"{fmt.count(r.created, 'contact')} created, {r.updated} updated, "
                f"{r.unchanged} unchanged, {fmt.count(len(r.customers_created), 'new customer')}, "
                f"{len(r.skipped)} skipped."
            )

        return self.ops.run("Import contacts", work, done=done, changes=Change(EVERYTHING))
