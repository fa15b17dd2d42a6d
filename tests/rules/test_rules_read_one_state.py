"""The rules read one state of the journal: the window evaluates them on one thread while it
saves on another (and colleagues save to a team journal), so a commit can fall between two
of the dozen statements of a pass."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from custjournal.services import risk_snapshot
from custjournal.services.customers import create_customer
from custjournal.services.journal import log_interaction
from custjournal.services.risk_refresh import evaluate_journal
from custjournal.services.trash import delete_customer

NOW = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)


def test_a_customer_deleted_during_a_pass_is_not_read_half_there(journal, monkeypatch) -> None:
    zeta = create_customer(
        journal, name="Zeta GmbH", now=NOW - timedelta(days=400), stage="active",
        cadence_days=14,
    )  # fmt: skip
    log_interaction(
        journal, customer_id=zeta.id, now=NOW - timedelta(days=2), kind="call",
        channel="phone", body="Agreed the rollout dates", occurred_at=NOW - timedelta(days=2),
    )  # fmt: skip
    before = [(r.key, r.reason) for r in evaluate_journal(journal, now=NOW).risks]
    real, deleted = risk_snapshot._rows, []

    def rows(session: Any, record: type, query: Any, params: Any) -> Any:
        found = real(session, record, query, params)
        if record.__name__ == "CustomerRecord" and not deleted:
            # Saved from elsewhere after the customers were read, before their notes.
            deleted.append(delete_customer(journal, customer_id=zeta.id, now=NOW))
        return found

    monkeypatch.setattr(risk_snapshot, "_rows", rows)
    during = [(r.key, r.reason) for r in evaluate_journal(journal, now=NOW).risks]
    assert deleted
    # As the journal was when the pass began: Zeta with last week's call, not Zeta
    # "never contacted" (true of no state the journal was ever in).
    assert during == before
    assert not any("never" in reason for _key, reason in during)
    monkeypatch.setattr(risk_snapshot, "_rows", real)
    assert evaluate_journal(journal, now=NOW).risks == ()
