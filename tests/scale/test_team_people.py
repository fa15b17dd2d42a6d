"""What stays per person on a team journal: who owns a promise, and the zone times are in."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from custjournal import paths
from custjournal.cli import main
from custjournal.domain import ValidationError
from custjournal.services import commitments, customers, profile
from custjournal.services.settings import all_settings, system_timezone
from custjournal.store import Journal

NOW = "2026-11-23T10:00:00Z"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main([*argv, "--now", NOW])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def team(db_url: str) -> str:
    journal = Journal.open(db_url)
    customers.create_customer(
        journal, name="Nordic Timber", now=datetime(2026, 11, 1, tzinfo=UTC), timezone="UTC"
    )
    journal.close()
    return db_url


def test_each_computer_records_its_promises_under_its_own_person(
    team: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    def at(person: str) -> None:  # a laptop: its own settings folder
        monkeypatch.setattr(paths, "config_dir", lambda: tmp_path / person)

    at("ben")
    assert _run(capsys, "config", "set", "local.owner", "Ben")[:2] == (0, "Ben\n")
    code, out, _ = _run(capsys, "commit", "Nordic", "Share the analysis", "--due", "tomorrow 9:00",
                        "--db", team)  # fmt: skip
    assert code == 0 and "(owner: Ben)" in out
    _run(capsys, "commit", "Nordic", "Test data", "--due", "tomorrow 10:00", "--theirs",
         "--db", team)  # fmt: skip
    at("anna")
    _run(capsys, "config", "set", "local.owner", "Anna")
    _run(capsys, "commit", "Nordic", "Send the quote", "--due", "tomorrow 11:00", "--db", team)
    # A promise made for a colleague who is away names them.
    _run(capsys, "commit", "Nordic", "Site visit", "--due", "tomorrow 14:00", "--appointment",
         "--where", "Mill", "--owner", "Ben", "--db", team)  # fmt: skip
    code, out, _ = _run(capsys, "agenda", "--db", team)
    assert code == 0
    assert "Ben promised: Share the analysis — Nordic Timber" in out
    assert "I promised: Send the quote — Nordic Timber" in out
    assert "Nordic Timber promised: Test data" in out
    assert "Site visit — Nordic Timber (60 min, Mill, Ben goes)" in out
    at("ben")  # the same journal from Ben's laptop: his are his
    code, out, _ = _run(capsys, "agenda", "--db", team)
    assert "I promised: Share the analysis" in out and "Anna promised: Send the quote" in out
    journal = Journal.open(team)
    try:
        owners = {c.title: c.owner for c in commitments.list_commitments(journal)}
    finally:
        journal.close()
    assert owners == {"Share the analysis": "Ben", "Test data": "", "Send the quote": "Anna",
                      "Site visit": "Ben"}  # fmt: skip


def test_the_customers_promises_have_no_owner(
    team: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(capsys, "commit", "Nordic", "Test data", "--due", "tomorrow",
                        "--theirs", "--owner", "Ben", "--db", team)  # fmt: skip
    assert (code, err.count("\n")) == (2, 1) and "--owner:" in err
    journal = Journal.open(team)
    try:
        customer = customers.find_customer(journal, "Nordic")
        now = datetime(2026, 11, 23, 10, tzinfo=UTC)
        with pytest.raises(ValidationError) as caught:
            commitments.add_promise(journal, customer_id=customer.id, title="x", due_at=now,
                                    now=now, direction="theirs", owner="Ben")  # fmt: skip
        assert caught.value.field == "owner"
        mine = commitments.add_promise(
            journal, customer_id=customer.id, title="y", due_at=now, now=now, owner="Ben"
        )
        # Turned into the customer's promise, it is nobody's on our side any more.
        theirs = commitments.update_commitment(journal, commitment_id=mine.id, direction="theirs")
        assert theirs.owner == ""
        assert commitments.list_commitments(journal) == [theirs]
    finally:
        journal.close()


def test_a_zone_set_for_everybody_can_be_unset(
    team: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """On a team journal user.timezone is everybody's: unset, each laptop's own zone is
    back (the tests run in UTC)."""
    assert _run(capsys, "config", "set", "user.timezone", "Europe/Lisbon", "--db", team)[0] == 0
    here = system_timezone()
    assert here != "Europe/Lisbon"
    code, out, _ = _run(capsys, "config", "unset", "user.timezone", "--db", team)
    assert (code, out) == (0, f"{here}\n")
    code, out, _ = _run(capsys, "config", "get", "user.timezone", "--db", team, "--json")
    assert json.loads(out) == {"key": "user.timezone", "value": here}
    code, _, err = _run(capsys, "config", "unset", "user.colour", "--db", team)
    assert code == 2 and "user.colour" in err


def test_this_computers_settings_are_not_in_the_journal(
    team: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert profile.owner() == ""
    _run(capsys, "config", "set", "local.owner", "  Anna   Virtanen ")
    assert profile.owner() == "Anna Virtanen"
    code, out, _ = _run(capsys, "config", "list", "--db", team)
    assert code == 0 and "local.owner" in out and "Anna Virtanen" in out
    journal = Journal.open(team)
    try:
        with journal.reading() as session:
            assert "local.owner" not in all_settings(session)
    finally:
        journal.close()
    assert _run(capsys, "config", "unset", "local.owner")[:2] == (0, "\n")
    assert profile.owner() == ""
    code, _, err = _run(capsys, "config", "set", "local.colour", "red")
    assert code == 2 and err.count("\n") == 1 and "local.colour" in err


def test_a_colleagues_late_promise_is_worded_as_theirs(
    team: str, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from custjournal.services.risks import evaluate_risks

    journal = Journal.open(team)
    try:
        customer = customers.find_customer(journal, "Nordic")
        now = datetime(2026, 11, 23, 10, tzinfo=UTC)
        for title, owner in (("Share the analysis", "Ben"), ("Send the quote", "anna"),
                             ("Book the room", "")):  # fmt: skip
            commitments.add_promise(
                journal, customer_id=customer.id, title=title, owner=owner,
                due_at=now - timedelta(days=2), now=now - timedelta(days=3),
            )  # fmt: skip

        def late() -> dict[str, Any]:
            return {r.facts[0][1]: r for r in evaluate_risks(journal, now=now)
                    if r.rule_id == "overdue"}  # fmt: skip

        monkeypatch.setattr(paths, "config_dir", lambda: tmp_path / "anna")
        profile.set_local("local.owner", "Anna")
        seen = late()
        ben = seen["Share the analysis"]
        assert ben.reason.startswith("Ben promised Nordic Timber “Share the analysis”")
        assert ben.action.startswith("Check with Ben: deliver it today, or call Nordic Timber")
        assert ("owner", "Ben") in ben.facts
        # Hers (the case of a name aside) and nobody's read as hers.
        assert seen["Send the quote"].reason.startswith("You promised Nordic Timber")
        assert seen["Book the room"].reason.startswith("You promised Nordic Timber")
        monkeypatch.setattr(paths, "config_dir", lambda: tmp_path / "ben")
        profile.set_local("local.owner", "Ben")
        seen = late()
        assert seen["Share the analysis"].reason.startswith("You promised")
        assert seen["Send the quote"].reason.startswith("anna promised")
    finally:
        journal.close()


def test_a_settled_promise_is_reopened_or_broken_from_the_command_line(
    team: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, "commit", "Nordic", "Quote", "--due", "tomorrow", "--db", team)
    number = out.split("#", 1)[1].split()[0]
    assert _run(capsys, "done", number, "--db", team)[0] == 0
    code, _, err = _run(capsys, "broken", number, "--db", team)
    assert (code, err.count("\n")) == (2, 1) and "status: is done; reopen it first" in err
    code, out, _ = _run(capsys, "reopen", number, "--db", team)
    assert code == 0 and out.startswith(f"Open again: #{number}")
    code, out, _ = _run(capsys, "broken", number, "--db", team)
    assert code == 0 and out.startswith(f"Broken: #{number}")


def test_this_computers_settings_file_keeps_what_it_does_not_know_and_is_not_overwritten_damaged(
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = paths.config_dir()
    folder.mkdir(parents=True)
    settings = folder / "profile.json"
    settings.write_text('{"local.signature": "AV"}')  # a later version's
    assert _run(capsys, "config", "set", "local.owner", "Anna")[0] == 0
    assert json.loads(settings.read_text()) == {"local.owner": "Anna", "local.signature": "AV"}
    assert settings.stat().st_mode & 0o777 == 0o600
    settings.write_text('{"local.owner": "Anna"')  # cut short
    assert _run(capsys, "config", "get", "local.owner")[:2] == (0, "\n")  # the default
    code, _, err = _run(capsys, "config", "set", "local.owner", "Ben")
    assert (code, err.count("\n")) == (2, 1) and "profile.json is damaged" in err
    assert settings.read_text() == '{"local.owner": "Anna"'


def test_a_promise_recorded_on_a_team_journal_without_an_owner_says_so(
    team: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(capsys, "commit", "Nordic", "Quote", "--due", "tomorrow", "--db", team)
    assert code == 0
    on_a_server = not team.startswith("sqlite")
    # A file is one consultant's: "I promised" is right there, and nothing is said.
    assert ("config set local.owner NAME" in err) is on_a_server
    paths.config_dir().mkdir(parents=True)
    (paths.config_dir() / "profile.json").write_text("{")
    code, _, err = _run(capsys, "commit", "Nordic", "Call", "--due", "tomorrow", "--db", team)
    assert code == 0 and ("profile.json is damaged" in err) is on_a_server
