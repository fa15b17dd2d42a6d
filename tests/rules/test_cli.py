"""The risks, rules, config and snooze commands, as a user types them."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from custjournal.cli import main
from custjournal.services import commitments, customers

NOW = "2026-11-23T10:00:00Z"


@pytest.fixture
def filled(journal, db_url, now) -> str:
    acme = customers.create_customer(journal, name="Acme Oy", now=now, stage="active")
    beta = customers.create_customer(journal, name="Beta Ltd", now=now, stage="active")
    commitments.add_promise(journal, customer_id=acme.id, title="Send the quote",
                            due_at=now.replace(day=20), now=now)  # fmt: skip
    commitments.add_appointment(journal, customer_id=beta.id, title="Workshop",
                                starts_at=now.replace(day=24), duration_minutes=60, now=now,
                                channel="video")  # fmt: skip
    return db_url


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_risks_lists_reason_action_and_key(capsys, filled) -> None:
    code, out, _ = run(capsys, "risks", "--db", filled, "--now", NOW)
    assert code == 0
    assert "CRITICAL overdue — Acme Oy" in out and "key: overdue:commitment:1" in out
    assert "→ Deliver it today" in out and "Beta Ltd" in out


def test_risks_filters_and_json(capsys, filled) -> None:
    code, out, _ = run(
        capsys, "risks", "--db", filled, "--now", NOW, "--json", "--severity", "critical"
    )
    rows = json.loads(out)
    assert code == 0 and {r["severity"] for r in rows} == {"critical"}
    code, out, _ = run(
        capsys, "risks", "--db", filled, "--now", NOW, "--json", "--customer", "beta"
    )
    assert {r["customer_name"] for r in json.loads(out)} == {"Beta Ltd"}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["risks", "--severity", "urgent"], "--severity: 'urgent' is not one of critical"),
        (["risks", "--customer", "Nobody"], "customer 'Nobody' not found"),
        (["snooze", "overdue:commitment:1", "--until", "31 feb"], "--until:"),
        (["snooze", "overdue:commitment:1", "--until", "yesterday"], "until: is not in the future"),
        (["snooze", "overdue:commitment:1"], "--until DATE is required"),
        (["snooze", "bogus", "--until", "tomorrow"], "key: 'bogus' is not a risk key"),
        (["config", "set", "rules.silent-customer.days", "soon"], "is not a whole number"),
        (["config", "get", "no.such.key"], "no.such.key: is not a setting"),
        (["config", "set", "rules.overdue.enabled", "maybe"], "is not on/off"),
    ],
)
def test_bad_input_is_one_line_exit_2(capsys, filled, argv, message) -> None:
    code, out, err = run(capsys, *argv, "--db", filled, "--now", NOW)
    assert code == 2 and message in err and err.count("\n") == 1


def test_snooze_then_the_risk_is_gone_until_the_date(capsys, filled) -> None:
    argv = ["snooze", "overdue:commitment:1", "--until", "fri 9am", "--db", filled, "--now", NOW]
    code, out, _ = run(capsys, *argv)
    assert code == 0 and "snoozed until Fri 27 Nov 09:00" in out
    _, out, _ = run(capsys, "risks", "--db", filled, "--now", NOW)
    assert "overdue:commitment:1" not in out
    _, out, _ = run(capsys, "risks", "--db", filled, "--now", "2026-11-27T09:00:00Z")
    assert "overdue:commitment:1" in out
    _, out, _ = run(capsys, "risks", "--db", filled, "--now", NOW, "--all")
    assert "(snoozed until 2026-11-27T09:00:00+00:00)" in out
    _, out, _ = run(capsys, "snooze", "--db", filled, "--now", NOW)
    assert out.startswith("overdue:commitment:1  until Fri 27 Nov 09:00")
    code, out, _ = run(capsys, "snooze", "overdue:commitment:1", "--remove", "--db", filled)
    _, out, _ = run(capsys, "risks", "--db", filled, "--now", NOW)
    assert code == 0 and "overdue:commitment:1" in out


def test_config_set_get_list_and_rules(capsys, filled) -> None:
    assert (
        run(capsys, "config", "set", "rules.silent-customer.days", "21", "--db", filled)[1]
        == "21\n"
    )
    assert run(capsys, "config", "get", "contact.cadence_days", "--db", filled)[1] == "21\n"
    _, out, _ = run(capsys, "config", "list", "--db", filled, "--json")
    data = json.loads(out)
    assert data["contact.cadence_days"] == 21 and data["rules.overdue.enabled"] is True
    run(capsys, "config", "set", "rules.quiet-project.enabled", "false", "--db", filled)
    _, out, _ = run(capsys, "rules", "--db", filled)
    assert "contact.cadence_days = 21 days (default 30)" in out
    assert "Running project, no update  [off]" in out
    _, out, _ = run(capsys, "rules", "--db", filled, "--json")
    assert len(json.loads(out)) == 16


def test_risks_through_the_real_command(journal, filled) -> None:
    journal.close()  # another process may open the journal only once this one let go
    done = subprocess.run(
        [sys.executable, "-m", "custjournal", "risks", "--db", filled, "--now", NOW, "--json"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "overdue" in {r["rule_id"] for r in json.loads(done.stdout)}
