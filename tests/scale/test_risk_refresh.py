"""After one customer's change, refreshing that customer gives exactly a full evaluation's risks.

Each step edits one customer through the services the window uses, refreshes the kept
evaluation for that customer alone, and compares with evaluating the whole journal afresh;
each step must change the risks, so that no comparison is vacuous.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from custjournal.domain.enums import CommitmentKind, CommitmentStatus
from custjournal.rules import Risk
from custjournal.services.commitment_entry import add_appointment
from custjournal.services.commitments import delete_commitment, list_commitments
from custjournal.services.customers import get_customer, update_customer
from custjournal.services.demo_large import Size, build_large_demo
from custjournal.services.due_changes import complete_commitment, reschedule_commitment
from custjournal.services.journal import log_interaction
from custjournal.services.risk_refresh import Evaluation, evaluate_journal, refresh_customer
from custjournal.store import Journal

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


@pytest.fixture
def generated(journal: Journal) -> Journal:
    """A year of generated history (on SQLite, and on PostgreSQL when the tests have one)."""
    build_large_demo(journal, now=NOW, size=Size(40, 2_000, 1_600, years=1))
    return journal


def shown(risks: tuple[Risk, ...] | list[Risk]) -> list[tuple[object, ...]]:
    return [(r.key, r.severity, r.customer_id, r.reason, r.action, r.also) for r in risks]


class Steps:
    """The kept evaluation, refreshed after each edit and held to a full one."""

    def __init__(self, journal: Journal) -> None:
        self.journal = journal
        self.kept: Evaluation = evaluate_journal(journal, now=NOW)

    def edited(self, customer_id: int) -> Evaluation:
        before = shown(self.kept.risks)
        self.kept = refresh_customer(self.journal, self.kept, customer_id=customer_id, now=NOW)
        full = evaluate_journal(self.journal, now=NOW)
        assert shown(self.kept.risks) == shown(full.risks)
        assert shown(full.risks) != before, "the edit should have changed the risks"
        return full


def a_clash_across_customers(evaluation: Evaluation) -> tuple[Risk, int]:
    """A double booking listed under one customer naming another customer's appointment."""
    for risk in evaluation.risks:
        if risk.rule_id == "double-booked" and risk.customer_id is not None:
            owner = evaluation.owners[risk.also[0]]
            if owner != risk.customer_id:
                return risk, owner
    raise AssertionError("the generated journal has no double booking across customers")


def test_refreshing_one_customer_gives_the_full_evaluation(generated: Journal) -> None:
    journal = generated
    steps = Steps(journal)
    assert len(steps.kept.risks) > 50

    # Their appointment, named by another customer's double booking, is deleted: that
    # customer's risk goes too (no fresh risk names a deleted appointment).
    clash, owner = a_clash_across_customers(steps.kept)
    delete_commitment(journal, commitment_id=clash.also[0])
    full = steps.edited(owner)
    assert clash.key not in {r.key for r in full.risks}

    # Renamed: another customer's double booking names them in its words.
    clash, owner = a_clash_across_customers(steps.kept)
    update_customer(journal, customer_id=owner, name="Renamed Holdings plc")
    steps.edited(owner)
    assert any("Renamed Holdings plc" in r.reason for r in steps.kept.risks)

    # Moved onto another customer's meeting: a new double booking, listed under either.
    mine = _open(journal, owner, CommitmentKind.APPOINTMENT)
    target = next(r for r in steps.kept.risks if r.rule_id == "double-booked" and r.at > NOW)
    reschedule_commitment(
        journal, commitment_id=mine[0].id, new_due_at=target.at, now=NOW, notice_channel="phone"
    )
    steps.edited(owner)

    # A whole day booked by one customer: the day over the limit is nobody's risk but counts
    # everybody's appointments.
    add_appointment(
        journal, customer_id=owner, title="Workshop marathon", now=NOW, channel="video",
        starts_at=target.at.replace(hour=6, minute=0), duration_minutes=11 * 60,
    )  # fmt: skip
    steps.edited(owner)

    # An overdue promise kept, and a call after a long silence.
    late = next(r for r in steps.kept.risks if r.rule_id == "overdue")
    assert late.customer_id is not None
    complete_commitment(journal, commitment_id=late.subject_id, now=NOW)
    steps.edited(late.customer_id)
    silent = next(r for r in steps.kept.risks if r.rule_id == "silent-customer")
    assert silent.customer_id is not None
    log_interaction(
        journal, customer_id=silent.customer_id, now=NOW, occurred_at=NOW - timedelta(hours=1),
        kind="call", title="Caught up",
    )  # fmt: skip
    steps.edited(silent.customer_id)
    assert get_customer(journal, owner).name == "Renamed Holdings plc"


def _open(journal: Journal, customer_id: int, kind: CommitmentKind) -> list:
    return [
        c
        for c in list_commitments(journal, customer_id=customer_id)
        if c.kind == kind and c.status == CommitmentStatus.OPEN and c.due_at > NOW and not c.rrule
    ]
