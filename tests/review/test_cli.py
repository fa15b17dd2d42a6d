"""`custjournal review` as a user runs it: Markdown, HTML, PDF and JSON, and bad weeks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from custjournal.store import Journal
from tests.review.conftest import Week

ROOT = Path(__file__).resolve().parents[2]
NOW = "2026-11-23T08:00:00Z"


@pytest.fixture
def db(journal: Journal, week: Week, db_url: str) -> str:
    journal.close()  # the command opens the file itself
    return db_url


def run(*args: str, db: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "custjournal", "review", *args, "--db", db, "--now", NOW],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_markdown_html_pdf_and_json(db: str, week: Week, tmp_path: Path) -> None:
    md = run(db=db)
    assert md.returncode == 0, md.stderr
    assert md.stdout.startswith("# Week 2026-W48")
    assert "## My promises due" in md.stdout and "Send the <script>quote</script>" in md.stdout

    page = tmp_path / "review.html"
    html = run("--format", "html", "-o", str(page), db=db)
    assert html.returncode == 0, html.stderr
    assert "&lt;script&gt;quote" in page.read_text(encoding="utf-8")

    pdf = tmp_path / "review.pdf"
    made = run("--format", "pdf", "-o", str(pdf), db=db)
    assert made.returncode == 0, made.stderr
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 1000

    data = json.loads(run("--week", "2026-W47", "--json", db=db).stdout)
    assert data["week"] == "2026-W47"
    # Open promises only: the kept and broken ones of that week are in the next week's tally.
    assert [i["title"] for i in data["mine_due"]] == ["Invoice"]
    assert all("severity" in r for r in data["risks"])


def test_bad_input_is_one_line_naming_the_problem(db: str) -> None:
    bad = run("--week", "2026-W99", db=db)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "week" in bad.stderr
    no_file = run("--format", "pdf", db=db)
    assert no_file.returncode == 2 and "-o FILE" in no_file.stderr
