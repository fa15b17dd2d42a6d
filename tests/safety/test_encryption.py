"""Encryption at rest: unreadable without the passphrase, a wrong one refused, both ways."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from safety_helpers import fill, fingerprint, names

from custjournal.cli import main
from custjournal.store import Journal
from custjournal.store.backup import list_backups
from custjournal.store.check import check_journal
from custjournal.store.cipher import PASSPHRASE_ENV, PassphraseRequired, WrongPassphrase
from custjournal.store.search import search_ids

pytest.importorskip("sqlcipher3")

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
SECRET = "it's Anna's \"key\"; DROP TABLE customers; --"


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """One encrypted journal folder, made once (key derivation is slow by design)."""
    folder = tmp_path_factory.mktemp("encrypted")
    url = f"sqlite:///{folder / 'journal.db'}"
    journal = Journal.open(url)
    fill(journal, NOW)
    journal.close()
    Journal.open(url).close()  # an opening backup, in plain text, before encrypting
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(PASSPHRASE_ENV, SECRET)
        assert main(["encrypt", "--db", url]) == 0
    (folder / "journal.db.lock").unlink()
    return folder


@pytest.fixture
def encrypted(template, tmp_path, db_url) -> str:
    shutil.copytree(template, tmp_path, dirs_exist_ok=True)
    return db_url


def _readable(path) -> bool:
    data = path.read_bytes()
    return b"SQLite format 3" in data[:16] or b"Acme Oy" in data or b"migration plan" in data


def test_encrypted_journal_and_its_backups_are_unreadable_without_the_passphrase(
    encrypted, db_path
):
    assert not _readable(db_path)
    backups = list_backups(db_path)
    assert len(backups) >= 2  # the one from before, and the one taken just before encrypting
    assert not any(_readable(b.path) for b in backups)


def test_the_passphrase_opens_it_and_everything_works(encrypted, db_path, now):
    journal = Journal.open(encrypted, passphrase=SECRET)
    try:
        assert journal.encrypted
        assert names(journal) == ["Acme Oy"]
        with journal.reading() as session:
            assert len(search_ids(session, "migration")) == 3
        fill(journal, now, "Beta Oy", notes=1)
        info = journal.backup(now=now)
        assert not _readable(info.path)
        assert check_journal(journal, now=now).findings == ()
    finally:
        journal.close()


def test_no_passphrase_or_a_wrong_one_is_refused_and_nothing_changes(encrypted, db_path, capsys):
    before = fingerprint(db_path.parent)
    with pytest.raises(PassphraseRequired):
        Journal.open(encrypted)
    with pytest.raises(WrongPassphrase, match="does not open"):
        Journal.open(encrypted, passphrase=SECRET[:-1])
    assert main(["customers", "list", "--db", encrypted]) == 1
    assert "is encrypted" in capsys.readouterr().err
    after = fingerprint(db_path.parent)
    after.pop("journal.db.lock", None)
    before.pop("journal.db.lock", None)
    assert after == before  # not set aside as damaged, not an empty journal in its place


def test_cli_commands_open_it_with_the_passphrase(encrypted, monkeypatch, capsys):
    monkeypatch.setenv(PASSPHRASE_ENV, SECRET)
    assert main(["customers", "list", "--db", encrypted]) == 0
    assert "Acme Oy" in capsys.readouterr().out
    assert main(["check", "--db", encrypted]) == 0
    assert capsys.readouterr().out.strip() == "ok"
    assert main(["backups", "--verify", "--db", encrypted]) == 0
    assert "FAILED" not in capsys.readouterr().out


def test_restore_of_an_encrypted_backup(encrypted, db_path, now, monkeypatch, capsys):
    journal = Journal.open(encrypted, passphrase=SECRET)
    good = journal.backup(now=now)
    fill(journal, now, "Mistake", notes=0)
    journal.close()
    monkeypatch.setenv(PASSPHRASE_ENV, SECRET)
    assert main(["restore", str(good.path), "--db", encrypted]) == 0
    journal = Journal.open(encrypted, passphrase=SECRET)
    assert names(journal) == ["Acme Oy"]
    journal.close()
    monkeypatch.setenv(PASSPHRASE_ENV, "wrong")
    assert main(["restore", str(good.path), "--db", encrypted]) == 1
    assert "does not open" in capsys.readouterr().err


def test_decrypt_brings_back_a_plain_journal(encrypted, db_path, monkeypatch, capsys):
    monkeypatch.setenv(PASSPHRASE_ENV, "not it")
    assert main(["decrypt", "--db", encrypted]) == 1
    assert "does not open" in capsys.readouterr().err
    monkeypatch.setenv(PASSPHRASE_ENV, SECRET)
    assert main(["decrypt", "--db", encrypted]) == 0
    monkeypatch.delenv(PASSPHRASE_ENV)
    assert db_path.read_bytes()[:16] == b"SQLite format 3\x00"
    journal = Journal.open(encrypted)
    assert not journal.encrypted and names(journal) == ["Acme Oy"]
    journal.close()
    assert all(b.path.read_bytes()[:16] == b"SQLite format 3\x00" for b in list_backups(db_path))


@pytest.mark.parametrize(
    ("start", "encrypted"),
    [
        (b"Qx7\x01Lk#pz9W\x02mA4e", True),  # a salt with 14 printable bytes: 1 in 300 are
        (bytes(range(200, 216)), True),
        (b"Dear Anna, here ", False),  # a text file
        (bytes(16), False),  # a half-written file's zeros
    ],
)
def test_a_random_salt_is_known_for_one_whatever_its_bytes(tmp_path, start, encrypted) -> None:
    from custjournal.store.cipher import looks_encrypted

    path = tmp_path / "journal.db"
    path.write_bytes(start + bytes(range(256)) * 16 + bytes(4096 - 16))
    assert looks_encrypted(path) is encrypted
