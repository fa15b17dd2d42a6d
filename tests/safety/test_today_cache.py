"""Today's last risks, kept beside the journal for a quick start: never stale, never leaked."""

from __future__ import annotations

import stat
from datetime import timedelta

from custjournal.services import commitments, customers, today_cache
from custjournal.services.risks import evaluate_risks
from custjournal.store import Journal
from custjournal.store.encrypt import encrypt_journal
from custjournal.store.files import today_cache_file
from custjournal.store.restore import restore_backup

DAY = timedelta(days=1)


def _late_promise(journal: Journal, now) -> None:
    acme = customers.create_customer(journal, name="Acme Oy", now=now - 40 * DAY)
    commitments.add_promise(
        journal, customer_id=acme.id, title="Send the quote", due_at=now - DAY, now=now - 3 * DAY
    )


def _keep(journal: Journal, now) -> today_cache.TodayRisks:
    today = today_cache.pressing(evaluate_risks(journal, now=now), now)
    today_cache.save(journal, today)
    return today


def test_what_today_showed_comes_back_while_nothing_changed(journal, now) -> None:
    _late_promise(journal, now)
    kept = _keep(journal, now)
    assert kept.critical >= 1 and any("Send the quote" in r.reason for r in kept.shown)
    found = today_cache.load(journal)
    assert found == kept
    # Only its owner can read it: it names customers and promises.
    mode = stat.S_IMODE(today_cache_file(journal.path).stat().st_mode)
    assert mode == 0o600


def test_any_change_makes_it_stale(journal, now) -> None:
    _late_promise(journal, now)
    _keep(journal, now)
    with journal.reading():
        pass  # reading moves nothing
    with journal.transaction():
        pass  # nor does a unit of work that wrote nothing
    assert today_cache.load(journal) is not None
    customers.create_customer(journal, name="Beta Ltd", now=now)
    assert today_cache.load(journal) is None


def test_a_change_by_another_process_makes_it_stale(journal, now, tmp_path) -> None:
    _late_promise(journal, now)
    _keep(journal, now)
    url = journal.url
    journal.close()
    other = Journal.open(url, backup=False)
    customers.create_customer(other, name="Beta Ltd", now=now)
    other.close()
    again = Journal.open(url, backup=False)
    assert today_cache.load(again) is None
    again.close()


def test_a_damaged_or_foreign_cache_is_ignored(journal, now) -> None:
    _late_promise(journal, now)
    _keep(journal, now)
    target = today_cache_file(journal.path)
    target.write_text("{not json")
    assert today_cache.load(journal) is None
    target.write_text('{"version": 99}')
    assert today_cache.load(journal) is None


def test_only_the_most_pressing_are_kept_and_counted_in_full(journal, now) -> None:
    acme = customers.create_customer(journal, name="Acme Oy", now=now - 40 * DAY)
    for n in range(7):
        commitments.add_promise(
            journal, customer_id=acme.id, title=f"Item {n}", due_at=now - (n + 1) * DAY,
            now=now - 30 * DAY,
        )  # fmt: skip
    found = evaluate_risks(journal, now=now)
    today = today_cache.pressing(found, now, limit=3)
    assert len(today.shown) == 3
    assert today.critical + today.warnings == sum(1 for r in found if r.severity != "info")
    # Worst and soonest first: the oldest overdue promise leads.
    assert "Item 6" in today.shown[0].reason


def test_encrypted_journals_are_never_cached(tmp_path, now) -> None:
    path = tmp_path / "secret.db"
    plain = Journal.open(f"sqlite:///{path}", backup=False)
    _late_promise(plain, now)
    plain.close()
    encrypt_journal(path, "correct horse battery", now=now)
    secret = Journal.open(f"sqlite:///{path}", backup=False, passphrase="correct horse battery")
    _keep(secret, now)
    assert not today_cache_file(path).exists()
    assert today_cache.load(secret) is None
    secret.close()


def test_a_restore_forgets_it(journal, now) -> None:
    _late_promise(journal, now)
    backup = journal.backup(now=now)
    _keep(journal, now)
    path = journal.path
    journal.close()
    restore_backup(path, backup.path, now=now + DAY)
    assert not today_cache_file(path).exists()
