"""File ▸ Import contacts (CSV): mapping, live preview, import; CSV and vCard exports."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from custjournal.gui.dialogs.csv_import import NOT_IMPORTED, CsvImportDialog
from custjournal.services.commitments import add_promise
from custjournal.services.customers import add_contact, create_customer, find_customer
from tests.gui.conftest import idle

CSV = (
    "Full name;Email;Company\r\n"
    "Anna Virtanen;anna@aurora.example;Aurora Hotels\r\n"
    "Bruno Costa;bruno@sol.example;Sol Nascente Energia\r\n"
    "Carla Díaz;carla@freelance.example;\r\n"
)


@pytest.fixture
def quiet_boxes(monkeypatch) -> list[str]:
    """Message boxes that would block a test record their text instead."""
    shown: list[str] = []
    for name in ("information", "warning", "critical"):
        monkeypatch.setattr(
            QMessageBox, name, staticmethod(lambda _p, _t, text, *a, **k: shown.append(text))
        )
    return shown


def open_dialog(qtbot, window, path) -> CsvImportDialog:
    window.long_ops.import_contacts_csv(path)
    qtbot.waitUntil(
        lambda: (
            isinstance(window.long_ops.last_dialog, CsvImportDialog)
            and window.long_ops.last_dialog.isVisible()
        )
    )
    dialog = window.long_ops.last_dialog
    idle(qtbot, window)  # the customer list and the first preview
    return dialog


def column(dialog: CsvImportDialog, number: int) -> list[str]:
    model = dialog.model
    return [model.index(row, number).data() for row in range(model.rowCount())]


def choose(qtbot, window, combo, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, text
    combo.setCurrentIndex(index)
    idle(qtbot, window)


def test_csv_import_maps_previews_and_imports_under_the_right_customers(
    qtbot, window, journal, now, tmp_path, quiet_boxes
):
    aurora = create_customer(journal, name="Aurora Hotels", now=now)
    add_contact(journal, customer_id=aurora.id, name="Anna Virtanen")
    path = tmp_path / "outlook.csv"
    path.write_bytes(CSV.encode("utf-8"))
    dialog = open_dialog(qtbot, window, path)

    # The mapping is guessed from the header names.
    assert dialog.combos["name"].currentData() == "Full name"
    assert dialog.combos["email"].currentData() == "Email"
    assert dialog.combos["customer"].currentData() == "Company"
    assert dialog.combos["phone"].currentText() == NOT_IMPORTED

    # The preview shows what each row becomes: Anna gains an e-mail, Bruno brings a new
    # customer, Carla has no company and no fallback customer yet.
    assert column(dialog, 2) == ["Anna Virtanen", "Bruno Costa", "Carla Díaz"]
    assert column(dialog, 1) == ["updated", "created", "skipped"]
    remarks = column(dialog, 7)
    assert remarks[1] == "new customer" and "no organisation" in remarks[2]
    assert "1 to create, 1 to update" in dialog.summary.text()
    assert dialog.import_button.isEnabled()

    # Changing a combo changes the preview: without the e-mail column Anna is already known.
    choose(qtbot, window, dialog.combos["email"], NOT_IMPORTED)
    assert column(dialog, 1)[0] == "unchanged"
    choose(qtbot, window, dialog.combos["email"], "Email")
    assert column(dialog, 1)[0] == "updated"

    # No name column: the problem is said beside the mapping and nothing can be imported.
    choose(qtbot, window, dialog.combos["name"], NOT_IMPORTED)
    assert dialog.mapping_error.isVisible() and "name" in dialog.mapping_error.text()
    assert dialog.model.rowCount() == 0 and not dialog.import_button.isEnabled()
    choose(qtbot, window, dialog.combos["name"], "Full name")
    assert not dialog.mapping_error.isVisible()

    # Rows without a company go to the customer the user picks.
    choose(qtbot, window, dialog.fallback, "Aurora Hotels")
    assert column(dialog, 1) == ["updated", "created", "created"]
    assert column(dialog, 3)[2] == "Aurora Hotels"

    results: list[int] = []
    dialog.finished.connect(results.append)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(quiet_boxes), timeout=10_000)
    assert quiet_boxes[0].startswith("2 contacts created, 1 updated")
    assert results == [CsvImportDialog.DialogCode.Accepted]  # closed once imported
    aurora_now = find_customer(journal, "Aurora Hotels")
    assert sorted((c.name, c.email) for c in aurora_now.contacts) == [
        ("Anna Virtanen", "anna@aurora.example"),
        ("Carla Díaz", "carla@freelance.example"),
    ]
    sol = find_customer(journal, "Sol Nascente Energia")
    assert [c.name for c in sol.contacts] == ["Bruno Costa"]


def test_a_broken_csv_gets_a_message_with_the_line_not_a_dialog(
    qtbot, window, tmp_path, quiet_boxes
):
    path = tmp_path / "broken.csv"
    path.write_text("Name,Email\nAnna,anna@example.com\nBruno,b@example.com,extra,cells\n")
    window.long_ops.import_contacts_csv(path)
    qtbot.waitUntil(lambda: bool(quiet_boxes), timeout=10_000)
    assert "broken.csv line 3" in quiet_boxes[0] and "Traceback" not in quiet_boxes[0]
    assert window.long_ops.last_dialog is None


def test_commitments_csv_export_neutralises_formulas(
    qtbot, window, journal, now, tmp_path, quiet_boxes
):
    customer = create_customer(journal, name="Grupo Alameda", now=now)
    add_promise(
        journal,
        customer_id=customer.id,
        title='=HYPERLINK("http://evil.example","Click")',
        due_at=now + timedelta(days=3),
        now=now,
    )
    target = tmp_path / "commitments.csv"
    task = window.long_ops.export_commitments_csv(target)
    qtbot.waitUntil(lambda: bool(quiet_boxes), timeout=10_000)
    assert task is not None and task.error is None
    assert quiet_boxes[0] == f"Exported 1 commitments to {target}."
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert rows[0]["customer"] == "Grupo Alameda"
    assert rows[0]["title"] == '\'=HYPERLINK("http://evil.example","Click")'


def test_contacts_export_as_vcards(qtbot, window, journal, now, tmp_path, quiet_boxes):
    customer = create_customer(journal, name="Aurora Hotels", now=now)
    add_contact(journal, customer_id=customer.id, name="Anna Virtanen", email="anna@aurora.example")
    target = tmp_path / "contacts.vcf"
    window.long_ops.export_vcards(target)
    qtbot.waitUntil(lambda: bool(quiet_boxes), timeout=10_000)
    data = target.read_bytes()
    assert b"FN:Anna Virtanen\r\n" in data and b"ORG:Aurora Hotels\r\n" in data
    assert b"\r\r\n" not in data


def test_the_file_menu_offers_the_spreadsheet_and_address_book_entries(window):
    [file_menu] = [a.menu() for a in window.menuBar().actions() if a.text() == "&File"]
    texts = [a.text() for a in file_menu.actions()]
    for entry in ("Import contacts (CSV)…", "Export contacts (vCard)…", "Export notes as CSV…",
                  "Export commitments as CSV…"):  # fmt: skip
        assert entry in texts
