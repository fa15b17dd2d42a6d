"""Properties of the whole engine over generated journals: total, repeatable, time-invariant."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from custjournal.domain.enums import (
    Channel,
    CommitmentKind,
    CommitmentStatus,
    Direction,
    FollowUpKind,
    InteractionKind,
    Mood,
    NoticeKind,
    ProjectStatus,
    Stage,
)
from custjournal.rules import evaluate
from custjournal.rules.catalogue import RULES_BY_ID
from custjournal.rules.snapshot import (
    CommitmentRecord,
    CustomerRecord,
    EtiquetteCounts,
    InteractionRecord,
    NoticeRecord,
    ProjectRecord,
    QuestionRecord,
    Snapshot,
)

from .build import NOW

CUSTOMERS = (1, 2, 3)
ZONES = ("Europe/Helsinki", "Europe/Lisbon", "Asia/Tokyo")
offsets = st.integers(min_value=-400 * 24 * 60, max_value=30 * 24 * 60).map(
    lambda m: NOW + timedelta(minutes=m)
)


def _records(draw: Any) -> dict[str, Any]:
    ids = iter(range(1, 10_000))
    customers = [
        CustomerRecord(id=c, name=f"Customer {c}", stage=draw(st.sampled_from(Stage)),
                       cadence_days=draw(st.none() | st.integers(1, 90)),
                       timezone=draw(st.sampled_from(ZONES)),
                       country="FI", created_at=NOW - timedelta(days=500))
        for c in CUSTOMERS
    ]  # fmt: skip
    interactions = [
        InteractionRecord(id=next(ids), customer_id=draw(st.sampled_from(CUSTOMERS)),
                          occurred_at=draw(offsets), kind=draw(st.sampled_from(InteractionKind)),
                          channel=draw(st.none() | st.sampled_from(Channel)),
                          mood=draw(st.sampled_from(Mood)),
                          project_id=draw(st.sampled_from([None, 1])))
        for _ in range(draw(st.integers(0, 8)))
    ]  # fmt: skip
    commitments = [
        CommitmentRecord(id=next(ids), customer_id=draw(st.sampled_from(CUSTOMERS)), title="x",
                         due_at=draw(offsets), kind=draw(st.sampled_from(CommitmentKind)),
                         direction=draw(st.sampled_from(Direction)),
                         status=draw(st.sampled_from(CommitmentStatus)),
                         duration_minutes=draw(st.none() | st.integers(1, 600)),
                         channel=draw(st.none() | st.sampled_from(Channel)),
                         location=draw(st.sampled_from(["", "Harbour", "Airport"])),
                         confirmed_at=draw(st.none() | offsets),
                         follow_up=draw(st.none() | st.sampled_from(FollowUpKind)),
                         interaction_id=draw(st.none() | st.integers(1, 8)))
        for _ in range(draw(st.integers(0, 8)))
    ]  # fmt: skip
    notices = [
        NoticeRecord(id=next(ids), customer_id=draw(st.sampled_from(CUSTOMERS)),
                     kind=draw(st.sampled_from(NoticeKind)), title="n", effective_at=draw(offsets),
                     sent_at=draw(offsets), channel=draw(st.sampled_from(Channel)),
                     acknowledged_at=draw(st.none() | offsets),
                     commitment_id=draw(st.none() | st.integers(1, 20)))
        for _ in range(draw(st.integers(0, 4)))
    ]  # fmt: skip
    projects = [
        ProjectRecord(id=1, customer_id=1, name="p", status=draw(st.sampled_from(ProjectStatus)),
                      agreed_at=draw(st.none() | offsets), delivered_at=draw(st.none() | offsets))
    ]  # fmt: skip
    questions = [
        QuestionRecord(id=next(ids), interaction_id=1, customer_id=draw(st.sampled_from(CUSTOMERS)),
                       asked_at=draw(offsets), topic=draw(st.sampled_from(["a", "b"])))
        for _ in range(draw(st.integers(0, 6)))
    ]  # fmt: skip
    return dict(customers=customers, interactions=interactions, commitments=commitments,
                notices=notices, projects=projects, questions=questions)  # fmt: skip


@st.composite
def snapshots(draw: Any) -> Snapshot:
    records = _records(draw)
    return Snapshot(**{k: tuple(v) for k, v in records.items()},
                    etiquette=EtiquetteCounts(global_count=draw(st.integers(0, 2))))  # fmt: skip


def shifted(snap: Snapshot, delta: timedelta) -> Snapshot:
    """The same journal, every time moved by `delta`."""
    from dataclasses import replace  # noqa: PLC0415

    def move(record: Any) -> Any:  # a record is a NamedTuple
        changes = {
            name: getattr(record, name) + delta
            for name in record._fields
            if name.endswith("_at") and getattr(record, name) is not None
        }
        return record._replace(**changes)

    return replace(snap, **{
        name: tuple(move(r) for r in getattr(snap, name))
        for name in ("customers", "interactions", "commitments", "notices", "projects", "questions")
    })  # fmt: skip


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(snapshots(), st.sampled_from(["UTC", "Europe/Helsinki", "America/New_York"]))
def test_any_journal_gives_sorted_unique_well_formed_risks(snap: Snapshot, user_tz: str) -> None:
    found = evaluate(snap, NOW, {"user.timezone": user_tz})
    assert found == evaluate(snap, NOW, {"user.timezone": user_tz})
    assert [r.sort_key() for r in found] == sorted(r.sort_key() for r in found)
    assert len({r.key for r in found}) == len(found)
    for risk in found:
        assert risk.key.startswith(f"{risk.rule_id}:")
        assert risk.severity == RULES_BY_ID[risk.rule_id].severity
        assert "\n" not in risk.reason and risk.reason and risk.action


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(snapshots(), st.integers(-30, 30))
def test_moving_the_whole_journal_in_time_moves_the_risks_with_it(
    snap: Snapshot, weeks: int
) -> None:
    # Rules judge durations, never the calendar date itself (whole weeks keep weekdays and,
    # seen in UTC, day boundaries).
    delta = timedelta(weeks=weeks)
    settings_ = {"user.timezone": "UTC"}
    before = evaluate(snap, NOW, settings_)
    after = evaluate(shifted(snap, delta), NOW + delta, settings_)

    def subjects(risks: list[Any]) -> list[tuple[str, str | None, int | None, Any]]:
        return [(r.rule_id, r.subject_type, r.subject_id, r.customer_id) for r in risks]

    assert subjects(after) == subjects(before)
