"""Services other engineers may still be landing, reached lazily so the window never breaks."""

from __future__ import annotations

import importlib
import importlib.util
from datetime import datetime
from types import ModuleType
from typing import Any

from custjournal.store import Journal


def optional(module: str) -> ModuleType | None:
    """The module if it exists in this build, else None (imported only when first needed)."""
    try:
        if importlib.util.find_spec(module) is None:
            return None
    except ModuleNotFoundError:
        return None
    return importlib.import_module(module)


def evaluate_risks(journal: Journal, *, now: datetime, customer_id: int | None = None) -> list[Any]:
    risks = optional("custjournal.services.risks")
    if risks is None:
        return []
    return list(risks.evaluate_risks(journal, now=now, customer_id=customer_id))


def snooze_risk(journal: Journal, *, key: str, until: datetime, now: datetime) -> Any:
    risks = optional("custjournal.services.risks")
    if risks is None:
        raise RuntimeError("risk snoozing is not available in this build")
    return risks.snooze_risk(journal, key=key, until=until, now=now)


def has(module: str) -> bool:
    """Whether the module exists, without importing it: menus ask at start-up, and importing
    every file format's library then cost half a second of a cold start."""
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False
