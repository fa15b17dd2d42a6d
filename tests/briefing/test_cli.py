"""The commands a user types: etiquette, brief and retro, run as real processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from custjournal.services.commitments import list_commitments
from custjournal.store import Journal
from tests.briefing.conftest import Ids
from tests.briefing.helpers import pdf_text

ROOT = Path(__file__).resolve().parents[2]
NOW = "2026-11-23T10:00:00Z"


def run(*args: str, db: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "custjournal", *args, "--db", db, "--now", NOW],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_etiquette_commands(db_url: str) -> None:
    first = run("etiquette", "install", db=db_url)
    assert first.returncode == 0, first.stderr
    assert "reminder(s) added, 0 already present" in first.stdout
    second = run("etiquette", "install", "--json", db=db_url)
    assert json.loads(second.stdout)["added"] == 0
    listed = run("etiquette", "list", "--culture", "jp", db=db_url)
    assert "-san" in listed.stdout and "sauna" not in listed.stdout
    added = run(
        "etiquette", "add", "--scope", "culture", "--culture", "PT", "--category", "meals",
        "--text", "Lunch is long; never rush it", "--json", db=db_url,
    )  # fmt: skip
    reminder = json.loads(added.stdout)
    assert reminder["culture"] == "PT"
    edited = run("etiquette", "edit", str(reminder["id"]), "--text", "Lunch from 13:00", db=db_url)
    assert edited.returncode == 0
    assert "Lunch from 13:00" in run("etiquette", "--culture", "PT", db=db_url).stdout
    bad = run("etiquette", "add", "--scope", "culture", "--culture", "Portugal",
              "--category", "meals", "--text", "x", db=db_url)  # fmt: skip
    assert bad.returncode == 2
    assert bad.stderr.count("\n") == 1 and "culture" in bad.stderr
    gone = run("etiquette", "delete", str(reminder["id"]), db=db_url)
    assert "Deleted reminder" in gone.stdout


def test_brief_markdown_html_and_pdf(filled_url: str, ids: Ids, tmp_path: Path) -> None:
    md = run("brief", "Nordic Mills", db=filled_url)
    assert md.returncode == 0, md.stderr
    assert "Wed 25 Nov 2026 07:00 your time — 09:00 in Helsinki" in md.stdout
    assert "**Root need:** Invoices out the same day the work is done" in md.stdout
    html_file = tmp_path / "brief.html"
    html = run("brief", str(ids.mills), "--appointment", str(ids.kickoff), "--format", "html",
               "-o", str(html_file), db=filled_url)  # fmt: skip
    assert html.returncode == 0, html.stderr
    page = html_file.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert('pwned')&lt;/script&gt;" in page and "<script" not in page
    pdf_file = tmp_path / "brief.pdf"
    pdf = run("brief", "Nordic Mills Oy", "--format", "pdf", "-o", str(pdf_file), db=filled_url)
    assert pdf.returncode == 0, pdf.stderr
    _, text = pdf_text(pdf_file)
    assert "Ms. Virtanen" in text and "+10.0 %" in text


def test_brief_refuses_bad_input_with_one_line(filled_url: str, ids: Ids) -> None:
    unknown = run("brief", "Nobody Ltd", db=filled_url)
    assert unknown.returncode == 2 and unknown.stderr.count("\n") == 1
    assert "Nobody Ltd" in unknown.stderr
    no_file = run("brief", "Nordic Mills Oy", "--format", "pdf", db=filled_url)
    assert no_file.returncode == 2 and "-o FILE" in no_file.stderr
    wrong = run("brief", "Harbour", "--appointment", str(ids.kickoff), db=filled_url)
    assert wrong.returncode == 2 and "appointment" in wrong.stderr


def test_retro_saves_answers_schedules_follow_ups_and_exports(
    filled_url: str, tmp_path: Path
) -> None:
    assert run("config", "set", "local.owner", "Ben", db=filled_url).returncode == 0
    done = run(
        "retro", "Warehouse audit", "--satisfaction", "4", "--work-again", "yes",
        "--went-well", "Board accepted the report", "--schedule-follow-ups", "--json",
        db=filled_url,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["figures"]["cadence_pct"] == 75
    assert data["terms"]["price_drift_pct"] == "10.0"
    assert data["answers"]["satisfaction"] == 4
    assert [f["kind"] for f in data["follow_ups"]] == ["celebration", "feedback", "check-in"]
    assert data["proposals"] == []
    agenda = run("agenda", "--days", "10", db=filled_url)
    assert "Celebration lunch with Harbour Logistics Ltd" in agenda.stdout
    journal = Journal.open(filled_url)
    try:  # scheduled by whoever is at this computer
        scheduled = [c.owner for c in list_commitments(journal) if c.follow_up is not None]
    finally:
        journal.close()
    assert scheduled and set(scheduled) == {"Ben"}
    pdf_file = tmp_path / "retro.pdf"
    pdf = run("retro", "Warehouse audit", "--format", "pdf", "-o", str(pdf_file), db=filled_url)
    assert pdf.returncode == 0, pdf.stderr
    _, text = pdf_text(pdf_file)
    assert "3 of 4 months (75 %)" in text and "Board accepted the report" in text
    bad = run("retro", "Warehouse audit", "--satisfaction", "9", db=filled_url)
    assert bad.returncode == 2 and "satisfaction" in bad.stderr
