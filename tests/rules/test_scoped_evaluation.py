"""One customer's risks, read from that customer's records only, are the ones the whole
journal gives for them (briefings and the workspace rely on it being cheap and the same)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from custjournal.services.customers import list_customers
from custjournal.services.demo import build_demo
from custjournal.services.risks import evaluate_risks
from custjournal.store import Journal

BUILT = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Journal:
    path = tmp_path_factory.mktemp("scoped") / "journal.db"
    journal = Journal.open(f"sqlite:///{path}", backup=False)
    build_demo(journal, now=BUILT)
    return journal


@pytest.mark.parametrize("hours", [0, 21, 69, 24 * 25])
def test_each_customers_risks_match_the_whole_journal(demo: Journal, hours: int) -> None:
    now = BUILT + timedelta(hours=hours)
    everything = evaluate_risks(demo, now=now)
    assert everything  # the sample always has something at risk
    for row in list_customers(demo, now=now):
        scoped = evaluate_risks(demo, now=now, customer_id=row.id)
        expected = [r for r in everything if r.customer_id == row.id]
        assert [(r.key, r.reason) for r in scoped] == [(r.key, r.reason) for r in expected]
