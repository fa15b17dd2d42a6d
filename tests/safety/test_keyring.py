"""A passphrase kept in the system keyring only when asked, and used to open the journal."""

from __future__ import annotations

from datetime import UTC, datetime

import keyring
import pytest
from keyring.backend import KeyringBackend
from safety_helpers import fill, names

from custjournal.cli import main
from custjournal.store import Journal, keyring_store
from custjournal.store.cipher import PASSPHRASE_ENV, PassphraseRequired

pytest.importorskip("sqlcipher3")

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


class MemoryKeyring(KeyringBackend):
    """A keyring that lives in the test: no desktop service needed."""

    priority = 10  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.saved: dict[tuple[str, str], str] = {}

    def set_password(self, service: str, username: str, password: str) -> None:
        self.saved[(service, username)] = password

    def get_password(self, service: str, username: str) -> str | None:
        return self.saved.get((service, username))

    def delete_password(self, service: str, username: str) -> None:
        self.saved.pop((service, username), None)


@pytest.fixture
def memory_keyring():
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_remembered_only_when_asked_then_opens_without_asking(
    memory_keyring, db_url, db_path, monkeypatch
) -> None:
    journal = Journal.open(db_url)
    fill(journal, NOW)
    journal.close()
    monkeypatch.setenv(PASSPHRASE_ENV, "correct horse")
    assert main(["encrypt", "--db", db_url]) == 0
    assert memory_keyring.saved == {}  # not asked to remember: nothing kept
    monkeypatch.delenv(PASSPHRASE_ENV)
    with pytest.raises(PassphraseRequired):
        Journal.open(db_url)

    keyring_store.remember(db_path, "correct horse")
    journal = Journal.open(db_url)
    assert names(journal) == ["Acme Oy"]
    journal.close()

    monkeypatch.setenv(PASSPHRASE_ENV, "correct horse")
    assert main(["decrypt", "--db", db_url]) == 0
    assert memory_keyring.saved == {}  # decrypting forgets the passphrase


def test_without_a_keyring_remembering_says_so(db_path) -> None:
    previous = keyring.get_keyring()
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())
    try:
        assert not keyring_store.available()
        assert keyring_store.recall(db_path) is None
        with pytest.raises(keyring_store.KeyringUnavailable):
            keyring_store.remember(db_path, "x")
    finally:
        keyring.set_keyring(previous)
