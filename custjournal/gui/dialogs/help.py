"""Help (F1): what the window does and every keyboard shortcut."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

SHORTCUTS = (
    (
        "Ctrl+1 … Ctrl+8",
        "Today, Customers, Customer, Projects, Risks, Search, Briefing, Week ahead",
    ),
    ("Ctrl+K", "Go to any customer, project or action"),
    ("Ctrl+Shift+N", "Quick capture: a note or a promise, from anywhere"),
    ("Ctrl+N", "New customer"),
    ("Ctrl+L", "Log a note for the open customer"),
    ("Ctrl+F", "Search every note"),
    ("Ctrl+Z / Ctrl+Shift+Z", "Undo / redo a deletion"),
    ("Ctrl+,", "Settings"),
    ("F5", "Read everything again (on a team journal, colleagues' changes at once)"),
    ("Enter", "Open the highlighted row"),
    ("Alt+Left / Alt+Right / Alt+Home", "Week ahead: the week before / after / this week"),
    ("Alt+S", "Customers: sort by another column (the button beside it reverses)"),
    ("F1", "This help"),
)

INTRO = (
    "<p><b>custjournal</b> keeps your customer relationships in one place: notes of every "
    "meeting and call, promises both ways, appointments, projects with their agreed terms, "
    "and the risks that need you today.</p>"
    "<p>Start on <b>Today</b>: what is at risk is listed worst first, with the reason and a "
    "suggested action. Open the customer behind it (Enter), log the call that resolves it, "
    "and it goes away. Severity is always shown as a word and an icon, never colour alone.</p>"
    "<p>Dates accept natural input: <i>tomorrow 9am</i>, <i>fri 17:00</i>, "
    "<i>in 3 days</i>, <i>2026-12-03 14:30</i>. The parsed time is shown as you type, in your "
    "zone and the customer's.</p>"
)


class HelpDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("custjournal help")
        self.resize(560, 520)
        text = QTextBrowser()
        rows = "".join(f"<tr><td><b>{k}</b></td><td>{v}</td></tr>" for k, v in SHORTCUTS)
        text.setHtml(f"{INTRO}<h3>Keyboard</h3><table cellpadding='4'>{rows}</table>")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(buttons)
