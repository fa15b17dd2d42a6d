"""Icons, severity colours and the stylesheet from resources/, following the system palette."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import QApplication

from custjournal.paths import RESOURCES

ICONS = RESOURCES / "icons"

# Severity is always shown as colour + icon + word, never colour alone.
SEVERITY_ORDER = ("critical", "warning", "info")
SEVERITY_LABEL = {"critical": "Critical", "warning": "Warning", "info": "Info"}
_LIGHT = {"critical": "#b71c1c", "warning": "#8a5a00", "info": "#1f4fa8"}
_DARK = {"critical": "#ff8a80", "warning": "#ffd166", "info": "#8ab4f8"}


@cache
def icon(name: str) -> QIcon:
    """An icon from resources/icons by name (empty icon when missing, never an error)."""
    path = ICONS / f"{name}.svg"
    return QIcon(str(path)) if path.exists() else QIcon()


def severity_key(severity: object) -> str:
    """'critical' / 'warning' / 'info' from an enum member or a string."""
    value = getattr(severity, "value", severity)
    text = str(value).lower()
    return text if text in SEVERITY_LABEL else "info"


def is_dark() -> bool:
    palette = QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def severity_color(severity: object) -> QColor:
    table = _DARK if is_dark() else _LIGHT
    return QColor(table[severity_key(severity)])


def severity_icon(severity: object) -> QIcon:
    return icon(severity_key(severity))


def severity_label(severity: object) -> str:
    return SEVERITY_LABEL[severity_key(severity)]


def apply_style(app: QApplication) -> None:
    """Add the small stylesheet; colours in it come from palette(), so dark mode just works."""
    path = RESOURCES / "style.qss"
    if path.exists():
        app.setStyleSheet(path.read_text(encoding="utf-8"))
    app.setWindowIcon(icon("app"))
