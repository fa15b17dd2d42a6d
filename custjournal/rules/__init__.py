"""Pure risk rules over a read-only snapshot and an explicit `now` (no I/O, no Qt)."""

from __future__ import annotations

from typing import Any

from custjournal.rules.risk import Risk, Severity

__all__ = ["Risk", "Severity", "evaluate"]


def __getattr__(name: str) -> Any:
    # The engine (and every rule with it) loads when first evaluated: a Risk read back from
    # Today's kept file needs none of them.
    if name == "evaluate":
        from custjournal.rules.engine import evaluate

        return evaluate
    raise AttributeError(name)
