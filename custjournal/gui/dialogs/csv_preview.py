"""What a contact spreadsheet would become: each previewed row's outcome, and its table model."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QWidget

from custjournal.services.interchange.common import ImportReport
from custjournal.services.interchange.csv_io import CsvTable, preview_csv
from custjournal.store import Journal

PREVIEW_ROWS = 20


@dataclass(frozen=True, slots=True)
class PreviewRow:
    line: str
    becomes: str
    name: str
    customer: str
    role: str
    email: str
    phone: str
    remarks: str


@dataclass(frozen=True, slots=True)
class Preview:
    rows: tuple[PreviewRow, ...]
    report: ImportReport
    total: int


def _counts(report: ImportReport) -> tuple[int, int, int, int]:
    return report.created, report.updated, report.unchanged, len(report.skipped)


def build_preview(
    journal: Journal,
    table: CsvTable,
    mapping: dict[str, str],
    *,
    customer: str | None,
    create_customers: bool,
    now: datetime,
) -> Preview:
    """What importing would do overall and, for the first rows, to each row (worker thread).

    The service reports totals; a row's own outcome is the difference between the previews of
    the rows up to it and up to the one before, so duplicates inside the file count right.
    """
    options: dict[str, Any] = {"customer": customer, "create_customers": create_customers}
    whole = preview_csv(journal, table, mapping, now=now, sample_size=PREVIEW_ROWS, **options)
    report = whole.report
    skipped = {s.where: s.reason for s in report.skipped}
    new_customers = set(report.customers_created)
    rows, before = [], (0, 0, 0, 0)
    for number, sample in enumerate(whole.sample, start=1):
        part = preview_csv(
            journal, replace(table, rows=table.rows[:number]), mapping, now=now, sample_size=0,
            **options,
        )  # fmt: skip
        after = _counts(part.report)
        where = f"{table.source} line {sample['line']}"
        outcome = next(
            (
                word
                for word, a, b in zip(
                    ("created", "updated", "unchanged"), after, before, strict=False
                )
                if a > b
            ),
            "skipped",
        )
        target = sample["customer"] or (customer or "")
        own = f"{where}: "  # with the colon, so line 1 does not take line 10's warnings
        remarks = [w.removeprefix(own) for w in report.warnings if w.startswith(own)]
        if outcome == "skipped":
            remarks.insert(0, skipped.get(where, ""))
        elif target in new_customers:
            remarks.insert(0, "new customer")
        rows.append(
            PreviewRow(sample["line"], outcome, sample["name"], target, sample["role"],
                       sample["email"], sample["phone"], "; ".join(r for r in remarks if r))
        )  # fmt: skip
        before = after
    return Preview(tuple(rows), report, len(table.rows))


class CsvPreviewModel(QAbstractTableModel):
    """The first rows of the file as the journal would read them, and what each becomes."""

    HEADERS = ("Line", "Becomes", "Name", "Customer", "Role", "E-mail", "Phone", "Remarks")
    REMARKS = 7

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: tuple[PreviewRow, ...] = ()

    def set_rows(self, rows: tuple[PreviewRow, ...]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.line, row.becomes, row.name, row.customer, row.role, row.email,
                    row.phone, row.remarks)[index.column()]  # fmt: skip
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == self.REMARKS:
            return row.remarks or None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None
