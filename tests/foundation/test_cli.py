"""The `custjournal` command through real subprocesses, as a user or a script runs it.

Each run starts a Python process (~1-2 s of imports), so the commands are launched in a few
parallel rounds by one module fixture, each on its own copy of the journal (a journal file
is locked by the process that opens it); the tests then check what each run printed. The
journals are files, and with a test server also PostgreSQL databases (`--db postgresql+…`).
"""

from __future__ import annotations

import json
import re
import stat
import subprocess
import sys
from datetime import date, datetime
from typing import Any

import pytest

from custjournal.store import Journal

from .conftest import NOW_ISO, REPO, Journals, cli_env, snapshot

DAY_HEADER = re.compile(
    r"^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d\d \w+ \d{4}$"
)
Run = subprocess.CompletedProcess


def run_all(commands: dict[str, list[str]]) -> dict[str, Run[str]]:
    """Start every `python -m custjournal ARGS` at once; wait for all; results by name."""
    started = {
        name: subprocess.Popen(
            [sys.executable, "-m", "custjournal", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=cli_env(),
            cwd=REPO,
        )
        for name, args in commands.items()
    }
    results = {}
    for name, process in started.items():
        out, err = process.communicate(timeout=180)
        results[name] = Run(process.args, process.returncode, out, err)
    return results


def ok(result: Run[str]) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


def refused(result: Run[str]) -> str:
    """Exit 2 with exactly one line on stderr (no traceback); returns that line."""
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


def content(url: str) -> str:
    journal = Journal.open(url, backup=False)
    try:
        return snapshot(journal)
    finally:
        journal.close()


@pytest.fixture(scope="module")
def runs(journals: Journals, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("cli")
    demo_db, fresh_db = journals.empty("demo"), journals.empty("fresh")
    at = ["--now", NOW_ISO]
    r = run_all(
        {
            "demo": ["demo", "--db", demo_db, "--json", *at],
            "help": ["--help"],
            "add": [
                "customers", "add", "Zoë & Søn", "--timezone", "Europe/Copenhagen",
                "--country", "dk", "--stage", "active", "--root-need", "Never miss a delivery",
                "--db", fresh_db, *at,
            ],
        }
    )  # fmt: skip
    ok(r["demo"])
    ok(r["add"])
    demo_before = content(demo_db)
    copies = {n: journals.copy(demo_db, n) for n in ("agenda", "note", "due")}
    first = folder / "first.json"
    r |= run_all(
        {
            "agenda": ["agenda", "--db", copies["agenda"], *at, "--days", "14"],
            "export": ["export", "--format", "json", "-o", str(first), "--db", demo_db, *at],
            "note": ["note", "No Such Customer", "hi", "--db", copies["note"], *at],
            "due": ["commit", "Lakeside Dental", "Send the report", "--due", "31 feb",
                    "--db", copies["due"], *at],
            "show": ["customers", "show", "zoë", "--db", fresh_db],
            "list_json": ["customers", "list", "--json", *at, "--db",
                          journals.copy(fresh_db, "list")],
        }
    )  # fmt: skip
    copy_url = journals.empty("copy")
    r |= run_all({"import": ["import", str(first), "--db", copy_url, *at]})
    r |= run_all({"export_copy": ["export", "--db", copy_url]})
    return {
        "r": r,
        "demo_before": demo_before,
        "demo_copies": copies,
        "first": first,
        "copy_url": copy_url,
    }


def test_help_works_and_lists_the_commands(runs: dict[str, Any]) -> None:
    out = ok(runs["r"]["help"])
    for command in ("demo", "customers", "note", "commit", "agenda", "search", "export", "import"):
        assert re.search(rf"^\s+{command}\b", out, flags=re.M), command


def test_demo_then_agenda_prints_a_sensible_fortnight(runs: dict[str, Any]) -> None:
    counts = json.loads(ok(runs["r"]["demo"]))
    assert counts["customers"] == 30 and counts["interactions"] > 300
    result = runs["r"]["agenda"]
    lines = ok(result).splitlines()
    assert result.stderr == ""
    # Overdue promises first, both ways.
    assert lines[0] == "Overdue"
    overdue = lines[1 : lines.index("")]
    assert any("[mine] Send the revised website quote — Atelier Moreau" in x for x in overdue)
    assert any("[theirs] Send anonymised sample" in x for x in overdue)
    # Then day by day, in order, within the fortnight (seen from Lisbon, where now is 10:00).
    headers = [x for x in lines if DAY_HEADER.match(x)]
    days = [datetime.strptime(h, "%A %d %B %Y").date() for h in headers]
    assert days == sorted(set(days))
    assert date(2026, 11, 23) <= days[0] and days[-1] <= date(2026, 12, 7)
    assert len(headers) >= 4
    assert headers[0] == "Tuesday 24 November 2026"
    text = "\n".join(lines)
    tuesday = text.split("Tuesday 24 November 2026\n", 1)[1].split("\n\n", 1)[0]
    assert (
        "  13:00 your time — 14:00 in Berlin  Cloud migration workshop — Nordlicht Logistik "
        "(120 min, video)  [not confirmed]"
    ) in tuesday.splitlines()
    wednesday = text.split("Wednesday 25 November 2026\n", 1)[1].split("\n\n", 1)[0]
    assert "  01:00 your time — 10:00 in Tokyo  First meeting: ERP integration — " in wednesday
    thursday = text.split("Thursday 26 November 2026\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert thursday[0].startswith("  06:00 your time — 08:00 in Helsinki  Check-in kiosk")
    assert thursday[1].startswith("  07:00 your time — 09:00 in Helsinki  Onboard Wi-Fi")
    # London keeps Lisbon's clock: one time only.
    assert "  10:00  CRM requirements review — Thames Bridge Consulting" in text
    # Every entry under a day is a time and a title; nothing done or cancelled shows.
    entries = [x for x in lines[lines.index(headers[0]) :] if x and not DAY_HEADER.match(x)]
    assert entries and all(re.match(r"^  \d\d:\d\d", x) for x in entries)
    assert not any("Send the meeting summary" in x for x in entries)


def test_a_note_for_an_unknown_customer_exits_2_and_changes_nothing(runs: dict[str, Any]) -> None:
    line = refused(runs["r"]["note"])
    assert "No Such Customer" in line and "not found" in line
    assert runs["r"]["note"].stdout == ""
    assert content(runs["demo_copies"]["note"]) == runs["demo_before"]


def test_a_commitment_due_31_february_names_due_and_changes_nothing(runs: dict[str, Any]) -> None:
    line = refused(runs["r"]["due"])
    assert "--due" in line and "31 feb" in line
    assert content(runs["demo_copies"]["due"]) == runs["demo_before"]


def test_export_is_private_and_round_trips_through_the_cli(runs: dict[str, Any]) -> None:
    r, first = runs["r"], runs["first"]
    ok(r["export"])
    assert stat.S_IMODE(first.stat().st_mode) == 0o600
    assert first.read_text(encoding="utf-8") == runs["demo_before"]
    assert ok(r["import"]).startswith("Imported 30 customers")
    assert ok(r["export_copy"]).encode() == first.read_bytes()
    assert content(runs["copy_url"]) == runs["demo_before"]


def test_customers_add_show_and_list_as_json(runs: dict[str, Any]) -> None:
    r = runs["r"]
    assert ok(r["add"]).strip() == "Added customer #1 Zoë & Søn (Europe/Copenhagen)"
    shown = ok(r["show"]).splitlines()
    assert shown[0] == "Zoë & Søn  (#1, active, cooperative)"
    assert "  Country: DK" in shown
    assert "  Time zone: Europe/Copenhagen" in shown
    assert "  Root need: Never miss a delivery" in shown
    rows = json.loads(ok(r["list_json"]))
    assert [(x["name"], x["stage"], x["open_mine"]) for x in rows] == [("Zoë & Søn", "active", 0)]
