"""`custjournal promises`: list a note's suggestions, accept or dismiss them, scan a text."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from custjournal.cli import main
from custjournal.store import Journal
from tests.promise_finder.conftest import Saved

NOW = "2026-11-18T13:00:00Z"


@pytest.fixture
def db(journal: Journal, saved: Saved, db_url: str) -> str:
    journal.close()  # the command opens the file itself
    return db_url


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_suggest_accept_dismiss(capsys: pytest.CaptureFixture[str], db: str, saved: Saved) -> None:
    note = str(saved.interaction_id)
    code, out, _ = _run(capsys, "promises", "suggest", note, "--db", db, "--now", NOW)
    assert code == 0
    assert "mine   me: the workshop agenda for Maria" in out
    # Shown in my zone (Lisbon) and the customer's (Helsinki).
    assert "Fri 20 Nov 15:00 your time — 17:00 in Helsinki (by Friday)" in out
    assert 'from "Promised Maria the workshop agenda by Friday"' in out
    assert "theirs Jussi: send the test data" in out and "no date in the note" in out

    code, out, _ = _run(capsys, "promises", "suggest", note, "--db", db, "--now", NOW, "--json")
    offered = json.loads(out)
    agenda, venue = offered[0]["key"], offered[1]["key"]

    code, out, _ = _run(capsys, "promises", "accept", note, agenda[:6], "--db", db, "--now", NOW)
    assert code == 0 and "Tracking mine promise #" in out and "Fri 20 Nov 15:00" in out

    code, out, _ = _run(capsys, "promises", "dismiss", note, venue, "--db", db, "--now", NOW)
    assert code == 0 and "not offered again" in out

    code, out, _ = _run(capsys, "promises", "suggest", note, "--db", db, "--now", NOW, "--json")
    assert [s["title"] for s in json.loads(out)] == ["send the test data"]


def test_accepting_without_a_date_needs_one(
    capsys: pytest.CaptureFixture[str], db: str, saved: Saved
) -> None:
    note = str(saved.interaction_id)
    code, out, _ = _run(capsys, "promises", "suggest", note, "--db", db, "--now", NOW, "--json")
    data_key = json.loads(out)[2]["key"]
    code, _, err = _run(capsys, "promises", "accept", note, data_key, "--db", db, "--now", NOW)
    assert code == 2 and "--due" in err and len(err.strip().splitlines()) == 1
    code, out, _ = _run(
        capsys, "promises", "accept", note, data_key, "--due", "mon 12:00", "--db", db,
        "--now", NOW, "--json",
    )  # fmt: skip
    assert code == 0
    tracked = json.loads(out)
    # "mon 12:00" is read in the customer's zone, the zone the promise is kept in.
    assert tracked["direction"] == "theirs"
    assert datetime.fromisoformat(tracked["due_at"]) == datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def test_an_unknown_key_is_a_one_line_error(
    capsys: pytest.CaptureFixture[str], db: str, saved: Saved
) -> None:
    code, _, err = _run(
        capsys, "promises", "dismiss", str(saved.interaction_id), "zzzz", "--db", db, "--now", NOW
    )
    assert code == 2 and "matches no open suggestion" in err


def test_find_scans_a_text_without_saving(capsys: pytest.CaptureFixture[str], db: str) -> None:
    code, out, _ = _run(
        capsys, "promises", "find", "Told Anna I'd send the revised quote by Thursday.",
        "--timezone", "Europe/Helsinki", "--now", NOW, "--db", db, "--json",
    )  # fmt: skip
    assert code == 0
    (found,) = json.loads(out)
    assert (found["direction"], found["title"]) == ("mine", "send the revised quote")
    assert found["due"].startswith("2026-11-19 17:00:00+02:00")


def test_an_accepted_promise_is_owned_by_this_computers_person_if_it_is_ours(
    capsys: pytest.CaptureFixture[str], db: str, saved: Saved
) -> None:
    """On a team journal the consultant who accepts a promise of ours owns it; the
    customer's promise has no owner on our side."""
    assert _run(capsys, "config", "set", "local.owner", "Anna")[0] == 0
    note = str(saved.interaction_id)
    code, out, _ = _run(capsys, "promises", "suggest", note, "--db", db, "--now", NOW, "--json")
    offered = json.loads(out)
    owners = {}
    for suggestion in (offered[0], offered[2]):  # mine (the agenda), theirs (the test data)
        code, out, _ = _run(
            capsys, "promises", "accept", note, suggestion["key"], "--due", "fri 12:00",
            "--db", db, "--now", NOW, "--json",
        )  # fmt: skip
        assert code == 0
        tracked = json.loads(out)
        owners[tracked["direction"]] = tracked["owner"]
    assert owners == {"mine": "Anna", "theirs": ""}
