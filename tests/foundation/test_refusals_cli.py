"""The command line refuses what would hurt the user's files or records, in one line."""

from __future__ import annotations

import sqlite3
import stat
from datetime import timedelta
from pathlib import Path

import pytest

from custjournal.cli import main
from custjournal.domain import ValidationError
from custjournal.services import commitments, customers
from custjournal.store import Journal

NOW = "2026-11-23T10:00:00Z"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main([*argv, "--now", NOW])
    return code, capsys.readouterr().err


# SQLite only: recognising another program's file is about files (a server URL names a
# database, which Journal.open checks by its revision instead).
def test_a_file_of_another_program_given_as_db_is_left_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text_file = tmp_path / "notes.txt"
    text_file.write_text("root:x:0:0\n")
    other = tmp_path / "places.sqlite"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE moz_places (id INTEGER)")
    for target in (text_file, other):
        before = target.read_bytes()
        code, err = _run(capsys, "agenda", "--db", f"sqlite:///{target}")
        assert code == 2
        assert err.count("\n") == 1 and "is not a custjournal journal" in err
        assert target.read_bytes() == before
        assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt", "places.sqlite"]


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["commit", "Lake", "x", "--due", "9999-12-31 23:59"], "--due: the year must be"),
        (["commit", "Lake", "x", "--due", "0001-01-01"], "--due: the year must be"),
        (["commit", "Lake", "x", "--due", "tomorrow", "--rrule", "FREQ=DAILY"], "--rrule:"),
        (["commit", "Lake", "x", "--due", "tomorrow", "--appointment", "--duration", "0",
          "--where", "Office"], "--duration: must be greater than zero"),
        (["config", "set", "contact.cadence_days", "99999999999"], "must be at most 3650"),
        (["export", "-o", "/nonexistent-folder/x.json"], "/nonexistent-folder"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_naming_the_option(
    argv: list[str], expected: str, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    journal = Journal.open(db_url)
    from datetime import UTC, datetime

    customers.create_customer(
        journal, name="Lakeside", now=datetime(2026, 11, 1, tzinfo=UTC), timezone="UTC"
    )
    journal.close()
    code, err = _run(capsys, *argv, "--db", db_url)
    assert code == 2
    assert err.count("\n") == 1 and expected in err


@pytest.mark.parametrize("url", ["bogus://x", "postgresql+psycopg://u:p@127.0.0.1:1/x"])
def test_an_unusable_database_url_is_one_line(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _run(capsys, "agenda", "--db", url)
    assert code in (1, 2)
    assert err.startswith("custjournal agenda: --db:") and err.count("\n") == 1


def test_a_kept_promise_cannot_be_cancelled(journal: Journal, now) -> None:  # type: ignore[no-untyped-def]
    customer = customers.create_customer(journal, name="Lakeside", now=now, timezone="UTC")
    promise = commitments.add_promise(
        journal, customer_id=customer.id, title="Send the quote", due_at=now + timedelta(days=1),
        now=now,
    )  # fmt: skip
    commitments.complete_commitment(journal, commitment_id=promise.id, now=now)
    with pytest.raises(ValidationError) as refused:
        commitments.cancel_commitment(journal, commitment_id=promise.id, now=now)
    assert refused.value.field == "status"
    assert commitments.get_commitment(journal, promise.id).status.value == "done"


def test_a_briefing_file_is_private_even_over_a_readable_one(
    tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    db = db_url
    assert main(["demo", "--db", db, "--now", NOW]) == 0
    out = tmp_path / "brief.html"
    out.write_text("old")
    out.chmod(0o644)
    assert main(["brief", "Lakeside", "--format", "html", "-o", str(out), "--db", db]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert "Lakeside Dental" in out.read_text()


def test_a_commitment_is_edited_but_its_time_only_moves_by_reschedule(
    journal: Journal, now
) -> None:  # type: ignore[no-untyped-def]
    customer = customers.create_customer(journal, name="Aurora", now=now, timezone="UTC")
    meeting = commitments.add_appointment(
        journal, customer_id=customer.id, title="Walkthrough", starts_at=now + timedelta(days=1),
        duration_minutes=30, now=now, location="Lobby",
    )  # fmt: skip
    edited = commitments.update_commitment(
        journal, commitment_id=meeting.id, expected_version=meeting.version,
        title="Kiosk walkthrough", location="Hotel Aurora, Helsinki", duration_minutes=45,
    )  # fmt: skip
    assert (edited.title, edited.location, edited.duration_minutes) == (
        "Kiosk walkthrough", "Hotel Aurora, Helsinki", 45,
    )  # fmt: skip
    assert edited.due_at == meeting.due_at
    with pytest.raises(ValidationError) as moved:
        commitments.update_commitment(journal, commitment_id=meeting.id, due_at=now)
    assert moved.value.field == "due_at"
    with pytest.raises(ValidationError) as placeless:
        commitments.update_commitment(journal, commitment_id=meeting.id, location="")
    assert placeless.value.field == "location"
    assert commitments.get_commitment(journal, meeting.id).location == "Hotel Aurora, Helsinki"
