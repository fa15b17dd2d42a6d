"""Settings: preferences kept in the journal (rule thresholds, cadence) and its location."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QWidget,
)

from custjournal.domain.errors import ValidationError
from custjournal.gui.context import AppContext
from custjournal.gui.dialogs.fields import FormDialog, muted
from custjournal.gui.worker import SETTINGS, Change
from custjournal.services import profile
from custjournal.services import settings as settings_service
from custjournal.store import Journal
from custjournal.store.engine import checked_url

# Modules that declare settings when imported; loaded here so their keys are listed.
PROVIDERS = (
    "custjournal.services.risks",
    "custjournal.services.backups",
    "custjournal.services.review",
)
GROUPS = (
    ("user.", "You"),
    ("local.", "This computer"),
    ("contact.", "Contact"),
    ("rules.", "Risk rules"),
    ("backup", "Backups"),
    ("review.", "Weekly review"),
)
JOURNAL_URL_KEY = "journal/url"
ZONE_KEY = "user.timezone"
LOCATION = "journal_url"


def load_settings(journal: Journal) -> tuple[dict[str, Any], dict[str, str]]:
    for module in PROVIDERS:
        importlib.import_module(module)  # each declares its settings when imported
    with journal.reading() as session:
        values = settings_service.all_settings(session)
        stored = settings_service.stored_keys(session)
    if ZONE_KEY not in stored:
        # Shown empty, so that this computer's zone stays in force (and on a team journal
        # each laptop keeps its own); the field's placeholder names it.
        values[ZONE_KEY] = ""
    helps = {key: d.help for key, d in settings_service.declared().items()}
    values |= profile.all_local()
    helps |= {key: d.help for key, d in profile.LOCAL.items()}
    return values, helps


def save_settings(journal: Journal, changed: dict[str, Any]) -> None:
    """All changes in one transaction: one bad value saves none of them. An emptied field
    goes back to its default; `local.*` ones are kept on this computer."""
    local = {key: value for key, value in changed.items() if profile.is_local(key)}
    for key, value in changed.items():  # every value refused before anything is saved
        if key in local:
            profile.LOCAL[key].parse(value)
        elif value != "":
            settings_service.parse_setting(key, value)
    # This computer's first: a folder that cannot be written leaves the journal's unsaved too.
    for key, value in local.items():
        profile.set_local(key, value)
    with journal.transaction() as session:
        for key, value in changed.items():
            if key in local:
                continue
            if value == "":
                settings_service.reset_setting(session, key)
            else:
                settings_service.set_setting(session, key, value)


class SettingsDialog(FormDialog):
    def __init__(
        self,
        ctx: AppContext,
        values: dict[str, Any],
        helps: dict[str, str],
        qsettings: QSettings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, "Settings", parent)
        self.values, self.qsettings = values, qsettings
        self.fields: dict[str, QWidget] = {}
        # The form scrolls: the rules bring dozens of settings.
        inner = QWidget()
        outer_form = self.form
        self.form = QFormLayout(inner)
        self.form.addRow(muted("A field left empty goes back to its default."))
        for prefix, title in GROUPS:
            keys = [k for k in values if k.startswith(prefix)]
            if not keys:
                continue
            self.form.addRow(muted(title, "subheading"))
            for key in keys:
                self._add(key, values[key], helps.get(key, ""))
        other = [k for k in values if not any(k.startswith(p) for p, _ in GROUPS)]
        for key in other:
            self._add(key, values[key], helps.get(key, ""))
        self.form.addRow(muted("Journal location", "subheading"))
        self.location = QLineEdit(str(qsettings.value(JOURNAL_URL_KEY, "") or ""))
        self.location.setPlaceholderText(f"now: {ctx.journal.url}")
        browse = QPushButton("Choose file…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.location, 1)
        row.addWidget(browse)
        holder = QWidget()
        holder.setLayout(row)
        self.add_field(LOCATION, "Open at start", holder)
        self.form.addRow(
            muted(
                "A file path or a database URL (e.g. postgresql+psycopg://host/db); "
                "used from the next start. Empty means the default."
            )
        )
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        outer_form.addRow(scroll)
        # Wide enough for the longest row (a rule's switch says its whole name): no sideways
        # scrolling, nor fields cut at the right edge.
        bar = scroll.verticalScrollBar().sizeHint().width()
        self.resize(max(640, inner.sizeHint().width() + bar + 40), 560)

    def _add(self, key: str, value: Any, help_text: str) -> None:
        label = key.split(".", 1)[1] if "." in key else key
        widget: QWidget = QCheckBox(help_text) if isinstance(value, bool) else QLineEdit(str(value))
        if isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        else:
            widget.setToolTip(help_text)
            if key == ZONE_KEY:
                zone = settings_service.system_timezone()
                widget.setPlaceholderText(f"this computer's zone ({zone}); empty keeps it")
            elif isinstance(value, str):
                widget.setPlaceholderText(help_text)
        self.fields[key] = self.add_field(key, label, widget)

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            "Journal file",
            "",
            "custjournal journal (*.db);;All files (*)",
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if path:
            self.location.setText(path)

    def changed(self) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for key, widget in self.fields.items():
            if isinstance(widget, QCheckBox):
                value: Any = widget.isChecked()
                if value != self.values[key]:
                    found[key] = value
            else:
                text = widget.text().strip()  # type: ignore[attr-defined]
                if text != str(self.values[key]):
                    found[key] = text
        return found

    def build(self) -> tuple[Callable[[], Any], Change]:
        location = self.location.text().strip()
        if location and "://" not in location:
            location = f"sqlite:///{location}"
        if location:
            try:
                checked_url(location)  # another database or driver: refused before the restart
            except ValidationError as exc:
                raise ValidationError(LOCATION, exc.problem) from None
            self.qsettings.setValue(JOURNAL_URL_KEY, location)
        else:
            self.qsettings.remove(JOURNAL_URL_KEY)
        changed, journal = self.changed(), self.ctx.journal
        return lambda: save_settings(journal, changed), Change.of(SETTINGS)
