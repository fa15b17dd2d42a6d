"""The catalogue and the engine: every rule registered once, switchable, sorted, repeatable."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

from custjournal.domain.enums import Direction
from custjournal.rules import Severity, evaluate
from custjournal.rules.catalogue import RULES, RULES_BY_ID
from custjournal.rules.snapshot import InteractionRecord

from .build import DAY, HOUR, NOW, appointment, promise, snapshot

DESIGN_RULES = {
    "overdue": "critical", "unconfirmed-soon": "warning", "moved-without-call": "warning",
    "change-unacknowledged": "critical", "silent-customer": "warning", "no-agreement": "warning",
    "moving-target": "warning", "unpriced-extra": "warning", "no-follow-up": "warning",
    "their-promise-slipping": "warning", "double-booked": "warning",
    "first-meeting-etiquette": "info", "gone-quiet": "info", "asked-again": "warning",
    "upset-no-follow-up": "warning", "quiet-project": "info",
}  # fmt: skip


def test_the_catalogue_holds_the_sixteen_rules_of_the_design() -> None:
    assert {rule.id: rule.severity.value for rule in RULES} == DESIGN_RULES
    assert len(RULES_BY_ID) == len(RULES) == 16
    for rule in RULES:
        assert rule.title and rule.explanation.endswith(".")
        for threshold in rule.thresholds:
            assert threshold.parse(threshold.default, "x") == threshold.default


def mixed() -> object:
    return snapshot(
        commitments=[
            promise(NOW - 2 * DAY, id=1, title="Quote"),
            promise(NOW - 5 * DAY, id=2, title="Old quote"),
            promise(NOW - 3 * DAY, id=3, direction=Direction.THEIRS, title="Test data"),
            appointment(NOW + HOUR, id=4, title="Call"),
        ],
        interactions=[InteractionRecord(id=1, customer_id=1, occurred_at=NOW - 2 * DAY)],
    )


def test_sorted_by_severity_then_time_and_repeatable() -> None:
    found = evaluate(mixed(), NOW, {})
    assert [(r.rule_id, r.subject_id) for r in found] == [
        ("overdue", 2), ("overdue", 1), ("their-promise-slipping", 3), ("unconfirmed-soon", 4),
    ]  # fmt: skip
    assert [r.severity for r in found] == sorted((r.severity for r in found), key=lambda s: s.rank)
    assert evaluate(mixed(), NOW, {}) == found


def test_any_rule_can_be_switched_off() -> None:
    found = evaluate(mixed(), NOW, {"rules.overdue.enabled": False})
    assert "overdue" not in {r.rule_id for r in found}
    found = evaluate(mixed(), NOW, {"rules.overdue.enabled": "off"})
    assert "overdue" not in {r.rule_id for r in found}


def test_a_broken_setting_falls_back_to_the_default() -> None:
    found = evaluate(
        mixed(), NOW, {"rules.unconfirmed-soon.hours": "lots", "user.timezone": "Mars/Base"}
    )
    assert "unconfirmed-soon" in {r.rule_id for r in found}


def test_severity_helpers() -> None:
    assert Severity.CRITICAL.at_least(Severity.WARNING)
    assert not Severity.INFO.at_least(Severity.WARNING)
    assert Severity.parse(" Warning ") is Severity.WARNING


def test_risk_to_dict_is_json() -> None:
    [risk, *_] = evaluate(mixed(), NOW, {})
    data = json.loads(json.dumps(risk.to_dict()))
    assert data["rule_id"] == "overdue" and data["severity"] == "critical"
    assert data["key"] == "overdue:commitment:2" and data["at"] == "2026-11-18T10:00:00+00:00"
    assert {"label": "promise", "value": "Old quote"} in data["facts"]


RULES_DIR = Path(__file__).resolve().parents[2] / "custjournal" / "rules"


def test_rules_are_pure_no_session_no_clock_no_qt() -> None:
    code = (
        "import sys\n"
        "sys.modules['PySide6'] = None\n"  # importing Qt now raises ImportError
        "import custjournal.rules, custjournal.rules.catalogue, custjournal.rules.engine\n"
        "assert not any(m.startswith('PySide6') and sys.modules[m] for m in sys.modules)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    for path in RULES_DIR.glob("*.py"):
        assert not _impurities(path), path.name


def _impurities(path: Path) -> list[str]:
    """Imports of sessions, Qt or the clock, calls of now()/today()/open() in one module."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = {alias.name for alias in node.names}
            if node.module.startswith(("sqlalchemy", "PySide6", "custjournal.store")):
                found.append(node.module)
            if node.module.startswith("custjournal.services") or "Session" in names:
                found.append(f"{node.module}: {names}")
        elif isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] in ("time", "PySide6")]
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr in ("now", "today", "utcnow"):
                found.append(f"call of .{func.attr}()")
            if isinstance(func, ast.Name) and func.id == "open":
                found.append("open()")
    return found


def test_an_unknown_stored_zone_does_not_break_the_list() -> None:
    from .build import customer  # noqa: PLC0415

    snap = snapshot(
        customers=[customer(timezone="Mars/Olympus_Mons")],
        commitments=[promise(NOW - DAY, id=1, timezone="Nowhere/Else")],
    )
    found = evaluate(snap, NOW, {"user.timezone": "Europe/Lisbon"})
    [risk] = [r for r in found if r.rule_id == "overdue"]
    assert "Sun 22 Nov 10:00:" in risk.reason
    assert {r.rule_id for r in found} == {"overdue", "silent-customer"}
