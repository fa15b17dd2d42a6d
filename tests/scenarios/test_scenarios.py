"""Situations a consultant recognises, as small JSON journals with the risks they must raise.

Each `*.json` file here holds a `journal` in the documented JSON format (docs/json-format.md)
and `checks`: moments (`now`) with the risks that must and must not be raised then. A risk is
named by its `key`, or by `rule` (and `customer`) when any risk of that rule counts.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from custjournal.domain.times import parse_iso
from custjournal.rules import Risk, evaluate
from custjournal.rules.catalogue import RULES
from custjournal.services.interchange.json_format import import_journal
from custjournal.services.risks import evaluate_risks, load_snapshot, rule_settings
from custjournal.store import Journal

HERE = Path(__file__).resolve().parent
FILES = sorted(HERE.glob("*.json"))


def load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def matches(risk: Risk, expected: dict[str, Any]) -> bool:
    if "key" in expected and risk.key != expected["key"]:
        return False
    if "rule" in expected and risk.rule_id != expected["rule"]:
        return False
    return "customer" not in expected or risk.customer_name == expected["customer"]


def describe(risks: list[Risk]) -> str:
    return "\n".join(f"  {r.key}: {r.reason}" for r in risks) or "  (none)"


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_scenario(path: Path, tmp_path: Path) -> None:
    scenario = load(path)
    first_now = parse_iso(scenario["checks"][0]["now"], "now")
    journal = Journal.open(f"sqlite:///{tmp_path / 'scenario.db'}")
    try:
        import_journal(journal, scenario["journal"], now=first_now)
        for check in scenario["checks"]:
            now = parse_iso(check["now"], "now")
            risks = evaluate_risks(journal, now=now)
            with journal.reading() as session:
                settings = rule_settings(session)
                complete = load_snapshot(session, now=now, settings=settings)
            # Reading only the facts the rules see must give exactly what reading all gives.
            assert evaluate(complete, now, settings) == risks
            where = f"{path.name} at {check['now']}; raised:\n{describe(risks)}"
            for expected in check.get("must_raise", []):
                found = [r for r in risks if matches(r, expected)]
                assert found, f"expected {expected} in {where}"
                risk = found[0]
                if "severity" in expected:
                    assert risk.severity == expected["severity"], where
                for part in expected.get("reason_contains", []):
                    assert part in risk.reason, f"{part!r} not in {risk.reason!r}"
                for part in expected.get("action_contains", []):
                    assert part in risk.action, f"{part!r} not in {risk.action!r}"
            for unexpected in check.get("must_not_raise", []):
                wrong = [r for r in risks if matches(r, unexpected)]
                assert not wrong, f"did not expect {unexpected} in {where}"
    finally:
        journal.close()


def test_every_rule_has_a_scenario_that_raises_it() -> None:
    raised: set[str] = set()
    for path in FILES:
        scenario = load(path)
        assert scenario.get("title") and scenario.get("story"), path.name
        for check in scenario["checks"]:
            for expected in check.get("must_raise", []):
                raised.add(expected.get("rule") or expected["key"].split(":", 1)[0])
    assert raised == {rule.id for rule in RULES}
