"""Pure risk rules over a read-only snapshot and an explicit `now` (no I/O, no Qt)."""

from custjournal.rules.engine import evaluate
from custjournal.rules.risk import Risk, Severity

__all__ = ["Risk", "Severity", "evaluate"]
